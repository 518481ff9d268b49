import { randomUUID } from 'node:crypto';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, PrismaService, type Rung } from '#platform';
import { type CaseType, type PeriodUnit, chinaDate, policiesFor } from '#deadlines';
import { CalendarStore } from '#deadlines-nest';
import { FireReportDeadlineRung } from '#tasks-nest';
import { OrgStore } from '#org-nest';
import { type RungDecision, type RungView, decideRung, ladderFor } from '../../domain/rung.js';
import { Notifier } from '../notifier.js';
import { autoSupervision, autoSupervisionStatements } from '../auto-supervision.js';

export type RungOutcome = 'fired' | 'stale' | 'early' | 'missing' | 'duplicate';
export interface RungResult { outcome: RungOutcome; fireAt?: Date; lateMs?: number }
export interface RungRef { deadlineId: string; version: number; rung: Rung }

/**
 * A timer rung woke up. The row is the truth: stale versions and finished clocks are skipped, an early
 * wake-up is reported back (with when to wake) so the job re-schedules itself, and the firing claims a unique
 * (deadline, version, rung) row in the same statement as its effects, so a redelivered or concurrent job can
 * never act twice.
 */
export class FireDeadlineRung extends Command<RungResult> {
  constructor(readonly deadlineId: string, readonly version: number, readonly rung: Rung) {
    super();
  }
}

/** Many rungs at once (the worker batches wake-ups): one read, one transaction; a result per rung, in order. */
export class FireDeadlineRungs extends Command<RungResult[]> {
  constructor(readonly rungs: readonly RungRef[]) {
    super();
  }
}

interface Row {
  ord: number; id: string; case_id: string; kind: string; state: RungView['state']; version: number; due_at: Date; due_date: string; unit: string;
  met_at: Date | null; legal_basis: string; policy_id: string; case_no: string; assigned_unit_id: string | null; case_type: string;
  received_at: Date; claimed: boolean;
}

type Fire = Extract<RungDecision, { kind: 'fire' }>;
const refKey = (r: RungRef) => `${r.deadlineId}:${r.version}:${r.rung}`;

/**
 * The lean path (docs/deadlines.md, "Exactly once"): one read of the deadline rows (joined with the few case
 * columns the rule and the inbox text need), the rule in the domain (`decideRung`, the same one `Case.fireRung`
 * applies), and one transaction — lock the cases' rows (serializes with aggregate commands and other firings of
 * the same cases, so the event `seq` is safe), then one statement of sibling CTEs over every rung of the batch:
 * claim, guarded state change, case flag + version bump, timeline event, inbox item. No aggregate load, no save.
 * A batch of one is the single-rung command.
 */
@CommandHandler(FireDeadlineRungs)
export class FireDeadlineRungsHandler implements ICommandHandler<FireDeadlineRungs> {
  constructor(
    private readonly prisma: PrismaService,
    private readonly clock: Clock,
    private readonly calendars: CalendarStore,
    private readonly org: OrgStore,
    private readonly notifier: Notifier,
    // Optional for the callers that wire the handler by hand: without it, a report due's clock reads as missing.
    private readonly commands?: CommandBus,
  ) {}

  private async read(refs: readonly RungRef[]): Promise<Map<number, Row>> {
    const rows = await this.prisma.$queryRaw<Row[]>`
      SELECT j.ord::int AS ord, d.id, d.case_id, d.kind, d.state, d.version, d.due_at, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.unit,
             d.met_at, d.legal_basis, d.policy_id, c.case_no, c.assigned_unit_id, c.type AS case_type, c.received_at,
             EXISTS (SELECT 1 FROM deadline_firings f WHERE f.deadline_id = d.id AND f.version = j.version AND f.rung = j.rung) AS claimed
      FROM unnest(${refs.map((r) => r.deadlineId)}::uuid[], ${refs.map((r) => r.version)}::int[], ${refs.map((r) => r.rung)}::text[])
             WITH ORDINALITY AS j(id, version, rung, ord)
      JOIN deadlines d ON d.id = j.id JOIN cases c ON c.id = d.case_id`;
    return new Map(rows.map((r) => [r.ord - 1, r]));
  }

  async execute({ rungs }: FireDeadlineRungs): Promise<RungResult[]> {
    // A job delivered twice into one batch: only the first copy may try to claim (the statement joins claims back
    // to its input, so two copies of one rung would write its effects twice).
    const seen = new Map<string, number>();
    const refs: RungRef[] = [];
    const slot = rungs.map((r) => {
      const k = refKey(r);
      if (seen.has(k)) return -1;
      seen.set(k, refs.length);
      refs.push(r);
      return refs.length - 1;
    });
    if (!refs.length) return [];
    let rows = await this.read(refs);
    const elsewhere = await this.reportDueRungs(refs, rows);
    // Rungs are independent jobs: an escalation may be delivered before the `due` rung. Fire `due` first (it
    // claims its own row), so escalation never depends on delivery order.
    const now0 = this.clock.now().getTime();
    const dueFirst = new Map<string, RungRef>();
    refs.forEach((r, i) => {
      const d = rows.get(i);
      if (d && r.rung !== 'due' && r.rung !== 'warn' && d.state === 'running' && d.version === r.version && d.due_at.getTime() < now0) {
        const due = { ...r, rung: 'due' as const };
        dueFirst.set(refKey(due), due);
      }
    });
    if (dueFirst.size) {
      const dues = [...dueFirst.values()];
      await this.fire(dues, await this.read(dues));
      rows = await this.read(refs);
    }
    const results = await this.fire(refs, rows);
    for (const [i, r] of elsewhere) results[i] = r;
    return slot.map((s) => (s < 0 ? { outcome: 'duplicate' as const } : results[s]!));
  }

  /**
   * Clocks that are not a case's (the read joins cases): a work-plan report due's clock is fired on the task side
   * (issue 7), same claim table and rules. Only rungs the case read misses pay for the check.
   */
  private async reportDueRungs(refs: readonly RungRef[], rows: Map<number, Row>): Promise<Map<number, RungResult>> {
    const out = new Map<number, RungResult>();
    const unread = refs.map((r, i) => ({ r, i })).filter(({ i }) => !rows.has(i));
    if (!unread.length || !this.commands) return out;
    const reportDue = new Set((await this.prisma.deadline.findMany({
      where: { id: { in: unread.map(({ r }) => r.deadlineId) }, reportDueId: { not: null } }, select: { id: true },
    })).map((d) => d.id));
    for (const { r, i } of unread) {
      if (reportDue.has(r.deadlineId)) out.set(i, await this.commands.execute(new FireReportDeadlineRung(r.deadlineId, r.version, r.rung)));
    }
    return out;
  }

  private async fire(refs: readonly RungRef[], rows: Map<number, Row>): Promise<RungResult[]> {
    const results: RungResult[] = refs.map(() => ({ outcome: 'missing' }));
    const [calendar, all, units] = await Promise.all([this.calendars.calendar(), this.calendars.policies(), this.org.units()]);
    const now = this.clock.now();
    const fires: { i: number; d: Row; r: Fire; lateMs: number }[] = [];
    refs.forEach((ref, i) => {
      const d = rows.get(i);
      if (!d) return;
      if (d.version !== ref.version || (d.state !== 'running' && d.state !== 'overdue')) { results[i] = { outcome: 'stale' }; return; }
      if (d.claimed) { results[i] = { outcome: 'duplicate' }; return; }
      const view: RungView = {
        id: d.id, caseId: d.case_id, kind: d.kind, state: d.state, version: d.version, dueAt: d.due_at, dueDate: d.due_date,
        unit: d.unit as PeriodUnit, metAt: d.met_at, legalBasis: d.legal_basis, policyId: d.policy_id,
      };
      const policies = policiesFor(all, d.case_type as CaseType, chinaDate(d.received_at));
      const r = decideRung(view, ref.rung, ladderFor(policies, d.policy_id, d.kind), calendar, now);
      if (r.kind === 'early') { results[i] = { outcome: 'early', fireAt: r.fireAt }; return; }
      if (r.kind !== 'fire') { results[i] = { outcome: 'stale' }; return; }
      fires.push({ i, d, r, lateMs: Math.max(0, now.getTime() - r.fireAt.getTime()) });
    });
    if (!fires.length) return results;

    const input = fires.map(({ i, d, r, lateMs }) => {
      const note = this.notifier.row(r.effect, { id: d.case_id, caseNo: d.case_no, assignedUnitId: d.assigned_unit_id, dueDate: d.due_date }, units, calendar, now);
      return {
        ord: i, deadline_id: d.id, version: d.version, rung: refs[i]!.rung, state: d.state, new_state: r.newState ?? null,
        late_ms: Math.min(lateMs, 2 ** 31 - 1), case_id: d.case_id, event_id: randomUUID(), event_type: r.event.type, rule: r.event.rule,
        data: r.event.data,
        n_id: note?.id ?? null, n_unit_id: note?.unitId ?? null, n_role: note?.role ?? null, n_title: note?.title ?? null, n_body: note?.body ?? null,
        n_urgent: note?.urgent ?? null, n_deliver_at: note?.deliverAt.toISOString() ?? null,
      };
    });
    // issue 4: the `supervise` rung also opens a supervision item (督办, auto) — one guarded INSERT after the claim.
    const supervisions = fires.flatMap(({ d, r }) =>
      autoSupervisionStatements(this.prisma, autoSupervision(r.effect, { id: d.case_id, assignedUnitId: d.assigned_unit_id }, d.version, units, calendar, now)));
    const caseIds = [...new Set(fires.map((f) => f.d.case_id))];
    const [, claimedRows] = await this.prisma.$transaction([
      // Lock first, in its own statement and in one order (no deadlock between batches): the CTE's snapshot is then
      // taken after any concurrent writer of these cases committed, so max(seq) below is current.
      this.prisma.$queryRaw`SELECT 1 FROM cases WHERE id = ANY(${caseIds}::uuid[]) ORDER BY id FOR UPDATE`,
      this.prisma.$queryRaw<{ ord: number; claimed: boolean }[]>`
        WITH x AS (
               SELECT * FROM jsonb_to_recordset(${JSON.stringify(input)}::jsonb) AS x(
                 ord int, deadline_id uuid, version int, rung text, state text, new_state text, late_ms int, case_id uuid, event_id uuid,
                 event_type text, rule text, data jsonb, n_id uuid, n_unit_id uuid, n_role text, n_title text, n_body text, n_urgent boolean,
                 n_deliver_at timestamptz)),
             g AS (
               SELECT x.* FROM x JOIN deadlines d
                 ON d.id = x.deadline_id AND d.version = x.version AND d.state = x.state AND d.met_at IS NULL),
             f AS (
               -- The claim. deadline_firings is partitioned by month of fired_at: its unique key holds per partition, so
               -- a claim of another month is found by NOT EXISTS — current, as the case lock above serializes claimers.
               INSERT INTO deadline_firings (deadline_id, version, rung, fired_at, late_ms)
               SELECT deadline_id, version, rung, ${now}::timestamptz, late_ms FROM g
               WHERE NOT EXISTS (SELECT 1 FROM deadline_firings c WHERE c.deadline_id = g.deadline_id AND c.version = g.version AND c.rung = g.rung)
               ON CONFLICT DO NOTHING RETURNING deadline_id, version, rung),
             fx AS (SELECT g.* FROM g JOIN f USING (deadline_id, version, rung)),
             du AS (
               UPDATE deadlines d SET state = fx.new_state, overdue_at = ${now}::timestamptz FROM fx
               WHERE fx.new_state IS NOT NULL AND d.id = fx.deadline_id AND d.version = fx.version AND d.state = fx.state
               RETURNING d.case_id),
             cu AS (
               -- The version bump makes an aggregate loaded before this firing fail its optimistic save and retry.
               UPDATE cases SET overdue = true, version = version + 1 WHERE id IN (SELECT case_id FROM du) RETURNING 1),
             e AS (
               INSERT INTO case_events (id, case_id, seq, type, actor_id, unit_id, at, rule, note, data)
               SELECT fx.event_id, fx.case_id, m.base + row_number() OVER (PARTITION BY fx.case_id ORDER BY fx.ord),
                      fx.event_type, NULL, NULL, ${now}::timestamptz, fx.rule, NULL, fx.data
               FROM fx CROSS JOIN LATERAL (SELECT coalesce(max(seq), 0) AS base FROM case_events ce WHERE ce.case_id = fx.case_id) m
               RETURNING 1),
             n AS (
               INSERT INTO notifications (id, unit_id, role, case_id, deadline_id, kind, title, body, urgent, created_at, deliver_at)
               SELECT n_id, n_unit_id, n_role, case_id, deadline_id, rung, n_title, n_body, n_urgent, ${now}::timestamptz, n_deliver_at
               FROM fx WHERE n_id IS NOT NULL RETURNING 1)
        -- Data-modifying CTEs run to completion whether or not this reads them.
        SELECT g.ord, (fx.ord IS NOT NULL) AS claimed FROM g LEFT JOIN fx USING (ord)`,
      ...supervisions,
    ]);
    const guarded = new Map(claimedRows.map((r) => [r.ord, r.claimed]));
    for (const { i, lateMs } of fires) {
      const claimed = guarded.get(i);
      results[i] = claimed === undefined ? { outcome: 'stale' } : claimed ? { outcome: 'fired', lateMs } : { outcome: 'duplicate' };
    }
    return results;
  }
}

/** One rung: a batch of one (direct callers and tests; the worker batches). */
@CommandHandler(FireDeadlineRung)
export class FireDeadlineRungHandler implements ICommandHandler<FireDeadlineRung> {
  constructor(private readonly batch: FireDeadlineRungsHandler) {}

  async execute({ deadlineId, version, rung }: FireDeadlineRung): Promise<RungResult> {
    const [r] = await this.batch.execute(new FireDeadlineRungs([{ deadlineId, version, rung }]));
    return r!;
  }
}
