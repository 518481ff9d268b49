// The deadline engine's `supervise` rung opens a supervision item (督办, auto) as well as its inbox item and timeline
// event (issue 4, docs/routing.md "Supervision"). Pure: the case subject adds the guarded insert
// (`autoSupervisionInsert`, written by PrismaCaseRepository's file, the one writer of supervisions) to its firing's
// transaction, which inserts only if the firing's claim row exists.
import { randomUUID } from 'node:crypto';
import { clockDue, type WorkingCalendar } from '#deadlines';
import type { UnitNode } from '#org';
import { DEFAULT_RESPONSE_DAYS } from '../domain/cohandling.js';
import type { RungEffect } from '../domain/rung.js';

export interface AutoSupervision {
  id: string; caseId: string; openedByUnitId: string; targetUnitId: string; openedAt: Date; dueAt: Date; deadlineId: string; deadlineVersion: number;
}

/**
 * The unit above the case that a `supervise` rung tells and that opens the 督办: the assigned unit's parent, else the
 * city bureau — and for an unresolved 管辖争议 the disputing units' common superior, which designates (O121 Art. 33).
 */
export function supervisingUnit(
  units: readonly UnitNode[], c: { assignedUnitId: string | null; disputeSuperiorId?: string | null }, step: string,
): UnitNode | undefined {
  const superior = step === 'jurisdictionDispute' && c.disputeSuperiorId ? units.find((u) => u.id === c.disputeSuperiorId) : undefined;
  const assigned = units.find((u) => u.id === c.assignedUnitId);
  return superior ?? units.find((u) => u.id === assigned?.parentId) ?? units.find((u) => u.level === 'city');
}

/**
 * The item a fired rung opens (pure): only `supervise`, on an assigned case; opened in the name of the unit the rung
 * tells (the assigned unit's parent, else the city bureau), answered by the assigned unit within the default
 * response time. null = nothing to open.
 */
export function autoSupervision(
  e: Pick<RungEffect, 'rung' | 'audience' | 'deadlineId' | 'step'>, c: { id: string; assignedUnitId: string | null; disputeSuperiorId?: string | null }, version: number,
  units: readonly UnitNode[], calendar: WorkingCalendar, now: Date, id: string = randomUUID(),
): AutoSupervision | null {
  if (e.rung !== 'supervise' || !c.assignedUnitId) return null;
  const opener = supervisingUnit(units, c, e.step);
  if (!opener || opener.id === c.assignedUnitId) return null;
  const due = clockDue(calendar, { startAt: now, amount: DEFAULT_RESPONSE_DAYS, unit: 'workingDays', pauses: [], extended: 0 });
  return { id, caseId: c.id, openedByUnitId: opener.id, targetUnitId: c.assignedUnitId, openedAt: now, dueAt: due.dueAt, deadlineId: e.deadlineId, deadlineVersion: version };
}
