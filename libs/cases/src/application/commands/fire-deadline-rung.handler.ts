import { randomUUID } from 'node:crypto';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, PrismaService, type Rung } from '#platform';
import { type CaseType, type PeriodUnit, chinaDate, policiesFor } from '#deadlines';
import { CalendarStore } from '#deadlines-nest';
import { FireReportDeadlineRung } from '#tasks-nest';
import { OrgStore } from '#org-nest';
import { type RungView, decideRung, ladderFor } from '../../domain/rung.js';
import { CaseWorkflow } from '../case-workflow.js';
import { Notifier } from '../notifier.js';
import { autoSupervision, autoSupervisionStatements } from '../auto-supervision.js';

export type RungOutcome = 'fired' | 'stale' | 'early' | 'missing' | 'duplicate';

/**
 * A timer rung woke up. The row is the truth: stale versions and finished clocks are skipped, an early
 * wake-up is reported back (with when to wake) so the job re-schedules itself, and the firing claims a unique
 * (deadline, version, rung) row in the same statement as its effects, so a redelivered or concurrent job can
 * never act twice.
 */
export class FireDeadlineRung extends Command<{ outcome: RungOutcome; fireAt?: Date; lateMs?: number }> {
  constructor(readonly deadlineId: string, readonly version: number, readonly rung: Rung) {
    super();
  }
}

interface Row {
  id: string; case_id: string; kind: string; state: RungView['state']; version: number; due_at: Date; due_date: string; unit: string;
  met_at: Date | null; legal_basis: string; policy_id: string; case_no: string; assigned_unit_id: string | null; case_type: string;
  received_at: Date; claimed: boolean;
}

/**
 * The lean path (docs/deadlines.md, "Exactly once"): one read of the deadline row (joined with the few case
 * columns the rule and the inbox text need), the rule in the domain (`decideRung`, the same one `Case.fireRung`
 * applies), and one transaction of two statements — lock the case row (serializes with aggregate commands and
 * other firings of the case, so the event `seq` is safe), then one statement of sibling CTEs: claim, guarded
 * state change, case flag + version bump, timeline event, inbox item. No aggregate load, no save.
 */
@CommandHandler(FireDeadlineRung)
export class FireDeadlineRungHandler implements ICommandHandler<FireDeadlineRung> {
  constructor(
    private readonly prisma: PrismaService,
    // Kept for the constructor's callers (tests wire the handler by hand); the lean path does not load the aggregate.
    _wf: CaseWorkflow,
    private readonly clock: Clock,
    private readonly calendars: CalendarStore,
    private readonly org: OrgStore,
    private readonly notifier: Notifier,
    // Optional for the callers that wire the handler by hand: without it, a report due's clock reads as missing.
    private readonly commands?: CommandBus,
  ) {}

  private async read(deadlineId: string, version: number, rung: Rung): Promise<Row | undefined> {
    const rows = await this.prisma.$queryRaw<Row[]>`
      SELECT d.id, d.case_id, d.kind, d.state, d.version, d.due_at, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.unit, d.met_at,
             d.legal_basis, d.policy_id, c.case_no, c.assigned_unit_id, c.type AS case_type, c.received_at,
             EXISTS (SELECT 1 FROM deadline_firings f WHERE f.deadline_id = d.id AND f.version = ${version}::int AND f.rung = ${rung}::text) AS claimed
      FROM deadlines d JOIN cases c ON c.id = d.case_id
      WHERE d.id = ${deadlineId}::uuid`;
    return rows[0];
  }

  async execute({ deadlineId, version, rung }: FireDeadlineRung): Promise<{ outcome: RungOutcome; fireAt?: Date; lateMs?: number }> {
    let d = await this.read(deadlineId, version, rung);
    // Not a case's clock (the read joins cases): a work-plan report due's clock is fired on the task side (issue 7),
    // same claim table and rules. Only rows the case read misses pay for the check.
    if (!d && this.commands && (await this.prisma.deadline.count({ where: { id: deadlineId, reportDueId: { not: null } } })))
      return this.commands.execute(new FireReportDeadlineRung(deadlineId, version, rung));
    if (d && rung !== 'due' && rung !== 'warn' && d.state === 'running' && d.version === version && d.due_at.getTime() < this.clock.now().getTime()) {
      // Rungs are independent jobs: an escalation may be delivered before the `due` rung. Fire `due` first
      // (it claims its own row), so escalation never depends on delivery order.
      await this.execute(new FireDeadlineRung(deadlineId, version, 'due'));
      d = await this.read(deadlineId, version, rung);
    }
    if (!d) return { outcome: 'missing' };
    if (d.version !== version || (d.state !== 'running' && d.state !== 'overdue')) return { outcome: 'stale' };
    if (d.claimed) return { outcome: 'duplicate' };

    const [calendar, all, units] = await Promise.all([this.calendars.calendar(), this.calendars.policies(), this.org.units()]);
    const now = this.clock.now();
    const view: RungView = {
      id: d.id, caseId: d.case_id, kind: d.kind, state: d.state, version: d.version, dueAt: d.due_at, dueDate: d.due_date,
      unit: d.unit as PeriodUnit, metAt: d.met_at, legalBasis: d.legal_basis, policyId: d.policy_id,
    };
    const policies = policiesFor(all, d.case_type as CaseType, chinaDate(d.received_at));
    const r = decideRung(view, rung, ladderFor(policies, d.policy_id, d.kind), calendar, now);
    if (r.kind === 'early') return { outcome: 'early', fireAt: r.fireAt };
    if (r.kind !== 'fire') return { outcome: 'stale' };

    const lateMs = Math.max(0, now.getTime() - r.fireAt.getTime());
    const note = this.notifier.row(r.effect, { id: d.case_id, caseNo: d.case_no, assignedUnitId: d.assigned_unit_id, dueDate: d.due_date }, units, calendar, now);
    const notes = note ? [{
      id: note.id, unit_id: note.unitId, role: note.role, case_id: note.caseId, deadline_id: note.deadlineId, kind: note.kind, title: note.title,
      body: note.body, urgent: note.urgent, created_at: note.createdAt.toISOString(), deliver_at: note.deliverAt.toISOString(),
    }] : [];
    const caseId = d.case_id;
    const [, res] = await this.prisma.$transaction([
      // Lock first, in its own statement: the CTE's snapshot is then taken after any concurrent writer of the
      // case committed, so max(seq) below is current (one statement alone cannot both wait and see).
      this.prisma.$queryRaw`SELECT 1 FROM cases WHERE id = ${caseId}::uuid FOR UPDATE`,
      this.prisma.$queryRaw<{ guarded: number; claimed: number }[]>`
        WITH g AS (
               SELECT id FROM deadlines
               WHERE id = ${deadlineId}::uuid AND version = ${version}::int AND state = ${d.state}::text AND met_at IS NULL),
             f AS (
               INSERT INTO deadline_firings (deadline_id, version, rung, fired_at, late_ms)
               SELECT id, ${version}::int, ${rung}::text, ${now}::timestamptz, ${Math.min(lateMs, 2 ** 31 - 1)}::int FROM g
               ON CONFLICT DO NOTHING RETURNING deadline_id),
             du AS (
               UPDATE deadlines SET state = ${r.newState ?? null}::text, overdue_at = ${now}::timestamptz
               WHERE ${r.newState ?? null}::text IS NOT NULL AND id IN (SELECT deadline_id FROM f)
                 AND version = ${version}::int AND state = ${d.state}::text
               RETURNING case_id),
             cu AS (
               -- The version bump makes an aggregate loaded before this firing fail its optimistic save and retry.
               UPDATE cases SET overdue = true, version = version + 1 WHERE id IN (SELECT case_id FROM du) RETURNING 1),
             e AS (
               INSERT INTO case_events (id, case_id, seq, type, actor_id, unit_id, at, rule, note, data)
               SELECT ${randomUUID()}::uuid, ${caseId}::uuid,
                      (SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = ${caseId}::uuid),
                      ${r.event.type}::text, NULL, NULL, ${now}::timestamptz, ${r.event.rule}::text, NULL, ${JSON.stringify(r.event.data)}::jsonb
               FROM f RETURNING 1),
             n AS (
               INSERT INTO notifications (id, unit_id, role, case_id, deadline_id, kind, title, body, urgent, created_at, deliver_at)
               SELECT x.id, x.unit_id, x.role, x.case_id, x.deadline_id, x.kind, x.title, x.body, x.urgent, x.created_at, x.deliver_at
               FROM f, jsonb_populate_recordset(null::notifications, ${JSON.stringify(notes)}::jsonb) x RETURNING 1)
        SELECT (SELECT count(*) FROM g)::int AS guarded, (SELECT count(*) FROM f)::int AS claimed,
               (SELECT count(*) FROM du)::int + (SELECT count(*) FROM cu)::int + (SELECT count(*) FROM e)::int + (SELECT count(*) FROM n)::int AS wrote`,
      // issue 4: the `supervise` rung also opens a supervision item (督办, auto) — one guarded INSERT after the claim.
      ...autoSupervisionStatements(this.prisma, autoSupervision(r.effect, { id: caseId, assignedUnitId: d.assigned_unit_id }, version, units, calendar, now)),
    ]);
    const { guarded, claimed } = res[0]!;
    if (!guarded) return { outcome: 'stale' };
    if (!claimed) return { outcome: 'duplicate' };
    return { outcome: 'fired', lateMs };
  }
}
