import type { PrismaService } from '#platform';
import { Prisma } from '#prisma-client';
import type { RungRef, SubjectClock } from '../application/engine/clock-subject.js';

/** What a subject adds to the engine's read of its clocks: columns, joins from `deadlines d`, and its facts. */
export interface SubjectClockQuery<R, F> {
  /** Extra select list (aliases the row type `R` names), e.g. `o.case_id, o.enterprise_id`. */
  columns: Prisma.Sql;
  /** Joins from `deadlines d` to the subject's rows; an inner join is what makes a clock this subject's. */
  join: Prisma.Sql;
  facts: (row: R) => F;
}

/** Declares a subject's query (a module constant), its row type taken from the facts mapper. */
export const subjectClockQuery = <R, F>(q: SubjectClockQuery<R, F>): SubjectClockQuery<R, F> => q;

interface ClockColumns {
  ord: number; id: string; step: string; state: SubjectClock['state']; version: number; due_at: Date; due_date: string; unit: string;
  met_at: Date | null; legal_basis: string; policy_id: string; claimed: boolean;
}

/**
 * `ClockSubject.load` for a subject whose clocks are found by a join: one read for the batch — the refs unnested in
 * order, their clock rows, whether the asked rung is claimed already, and the subject's columns.
 */
export async function loadSubjectClocks<R, F>(
  db: PrismaService, refs: ReadonlyMap<number, RungRef>, q: SubjectClockQuery<R, F>,
): Promise<Map<number, SubjectClock<F>>> {
  const list = [...refs];
  const rows = await db.$queryRaw<(ClockColumns & R)[]>`
    SELECT j.ord::int AS ord, d.id, d.step, d.state, d.version, d.due_at, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.unit, d.met_at,
           d.legal_basis, d.policy_id,
           EXISTS (SELECT 1 FROM deadline_firings f WHERE f.deadline_id = d.id AND f.version = j.version AND f.rung = j.rung) AS claimed,
           ${q.columns}
    FROM unnest(${list.map(([, r]) => r.deadlineId)}::uuid[], ${list.map(([, r]) => r.version)}::int[], ${list.map(([, r]) => r.rung)}::text[])
           WITH ORDINALITY AS j(id, version, rung, ord)
    JOIN deadlines d ON d.id = j.id ${q.join}`;
  return new Map(rows.map((d) => [list[d.ord - 1]![0], {
    id: d.id, step: d.step, state: d.state, version: d.version, dueAt: d.due_at, dueDate: d.due_date, unit: d.unit as SubjectClock['unit'],
    metAt: d.met_at, legalBasis: d.legal_basis, policyId: d.policy_id, claimed: d.claimed, facts: q.facts(d),
  }]));
}
