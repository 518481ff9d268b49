import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import { type CaseType, type LadderRung, type TimeLimitPolicy, chinaDate, policiesFor } from '#deadlines';
import { CalendarStore, ClockSubject, type CommitResult, RungClaim, type RungFiring, type Reprojection, type RungRef, type SubjectClock, claimInput, loadSubjectClocks, subjectClockQuery } from '#deadlines-nest';
import { Prisma } from '#prisma-client';
import { OrgDirectory } from '#org-nest';
import { caseRungEffect, ladderFor } from '../domain/rung.js';
import { Notifier } from '../application/notifier.js';
import { autoSupervision } from '../application/auto-supervision.js';
import { autoSupervisionInsert } from './prisma-case.repository.js';
import { CaseReprojection } from '../application/case-reprojection.js';

/** What a case clock's rung needs of its case: the policy set (type, receipt) and the inbox text (number, unit). */
export interface CaseClockFacts { caseId: string; caseNo: string; assignedUnitId: string | null; caseType: string; receivedAt: Date; disputeSuperiorId: string | null }

/** Which clocks are this subject's, and the facts its rungs need. */
const CASE_CLOCKS = subjectClockQuery({
  columns: Prisma.sql`d.case_id, c.case_no, c.assigned_unit_id, c.type AS case_type, c.received_at, c.jurisdiction_dispute->>'superiorUnitId' AS dispute_superior_id`,
  join: Prisma.sql`JOIN cases c ON c.id = d.case_id`,
  facts: (r: { case_id: string; case_no: string; assigned_unit_id: string | null; case_type: string; received_at: Date; dispute_superior_id: string | null }) =>
    ({ caseId: r.case_id, caseNo: r.case_no, assignedUnitId: r.assigned_unit_id, caseType: r.case_type, receivedAt: r.received_at, disputeSuperiorId: r.dispute_superior_id }),
});

/**
 * The case subject of the clock engine (issue 12): the clocks of a case's steps (签收, 受理决定, 调解, 核查, …). Its
 * firing is the lean batched path (docs/deadlines.md, "Exactly once"): one read of the batch's deadline rows joined
 * with the few case columns the ladder and the inbox text need, and one transaction — lock the cases' rows (one
 * order: batches never deadlock; serializes with aggregate commands, so the event `seq` is safe), then one statement
 * of sibling CTEs: the engine's claim (`RungClaim.ctes`), the case flag + version bump, the timeline event and the
 * inbox item; a `supervise` rung adds its guarded supervision insert.
 */
@Injectable()
export class CaseClockSubject extends ClockSubject<CaseClockFacts> {
  readonly name = 'case';
  // First: most clocks are cases', and each later subject reads only what this one did not take.
  override readonly order = 0;

  constructor(
    private readonly prisma: PrismaService,
    private readonly calendars: CalendarStore,
    private readonly org: OrgDirectory,
    private readonly notifier: Notifier,
    private readonly claim: RungClaim,
    private readonly reprojection: CaseReprojection,
  ) {
    super();
  }

  load(refs: ReadonlyMap<number, RungRef>): Promise<Map<number, SubjectClock<CaseClockFacts>>> {
    return loadSubjectClocks(this.prisma, refs, CASE_CLOCKS);
  }

  override ladder(c: SubjectClock<CaseClockFacts>, policies: readonly TimeLimitPolicy[]): readonly LadderRung[] {
    return ladderFor(policiesFor(policies, c.facts.caseType as CaseType, chinaDate(c.facts.receivedAt)), c.policyId, c.step);
  }

  override reproject(changeId: string): Promise<Reprojection> {
    return this.reprojection.run(changeId);
  }

  async commit(firings: readonly RungFiring<CaseClockFacts>[], now: Date): Promise<CommitResult> {
    const [calendar, units] = await Promise.all([this.calendars.calendar(), this.org.units()]);
    const effects = firings.map((f) => caseRungEffect(f.clock, f.ref.rung));
    const input = firings.map((f, k) => {
      const { event, effect } = effects[k]!;
      const c = f.clock.facts;
      const note = this.notifier.row(effect, { id: c.caseId, caseNo: c.caseNo, assignedUnitId: c.assignedUnitId, dueDate: f.clock.dueDate, disputeSuperiorId: c.disputeSuperiorId }, units, calendar, now);
      return {
        ...claimInput(f), case_id: c.caseId, event_id: randomUUID(), event_type: event.type, rule: event.rule, data: event.data,
        n_id: note?.id ?? null, n_unit_id: note?.unitId ?? null, n_role: note?.role ?? null, n_title: note?.title ?? null, n_body: note?.body ?? null,
        n_urgent: note?.urgent ?? null, n_deliver_at: note?.deliverAt.toISOString() ?? null,
      };
    });
    // issue 4: the `supervise` rung also opens a supervision item (督办, auto) — one guarded INSERT after the claim.
    const supervisions = autoSupervisionInsert(this.prisma, firings.map((f, k) =>
      autoSupervision(effects[k]!.effect, { id: f.clock.facts.caseId, assignedUnitId: f.clock.facts.assignedUnitId, disputeSuperiorId: f.clock.facts.disputeSuperiorId }, f.clock.version, units, calendar, now)));
    const caseIds = [...new Set(firings.map((f) => f.clock.facts.caseId))];
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
             ${this.claim.ctes(now)},
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
    return new Map(claimedRows.map((r) => [r.ord, r.claimed]));
  }
}
