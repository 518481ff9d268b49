import { type UnitNode, stationsOf, subtreeIds } from './unit-tree.js';

import type { Role } from './vocabulary.js';
export type { Role } from './vocabulary.js';

export interface Viewer {
  userId: string;
  unitId: string;
  role: Role;
  /** Client address of the request, for the identity-read audit (null outside HTTP). */
  ip?: string | null;
}

/**
 * Which assigned units' cases a user may see. null = every case (operators take calls about any case;
 * admins and the city's managers oversee all). Handlers see their own unit; leaders and managers their subtree.
 * Auditors see no case: they read the audit trail only.
 */
export function visibleUnitIds(v: Viewer, units: readonly UnitNode[]): Set<string> | null {
  if (v.role === 'operator' || v.role === 'admin') return null;
  if (v.role === 'auditor') return new Set();
  // A county's handlers follow the cases it handed to its stations (市场监管所 act in its name).
  if (v.role === 'handler') return new Set([v.unitId, ...stationsOf(units, v.unitId).map((u) => u.id)]);
  const own = units.find((u) => u.id === v.unitId);
  if (v.role === 'manager' && own?.level === 'city') return null;
  return subtreeIds(units, v.unitId);
}

/**
 * An unassigned case sits in the intake unit's dispatch pool: whoever may dispatch it may see it. Co-units (协办)
 * see the case as its assigned unit's does — the reporter stays masked for them (`canSeeReporter` looks at the
 * assigned unit only).
 */
export function canSee(v: Viewer, units: readonly UnitNode[], assignedUnitId: string | null, coUnitIds: readonly string[] = []): boolean {
  const ids = visibleUnitIds(v, units);
  if (ids === null) return true;
  if (coUnitIds.some((u) => ids.has(u))) return true;
  if (assignedUnitId === null) return canDispatch(v, units);
  return ids.has(assignedUnitId);
}

/** Who may dispatch from the pool: the intake unit's people (operators work there). Not admins (see duties.ts). */
export function canDispatch(v: Viewer, units: readonly UnitNode[]): boolean {
  if (v.role === 'operator') return true;
  const own = units.find((u) => u.id === v.unitId);
  return !!own?.isIntake && (v.role === 'leader' || v.role === 'handler');
}

/**
 * The unit on whose behalf `v` may move a case held by `holderId` down to, or between, its own stations (分派到所,
 * 收回): the holder itself, or the holder's parent when the holder is a station under it. Its handlers and leaders
 * act for it; an admin never does (administration is not handling, duties.ts). null = not theirs to move.
 */
export function stationDispatcherFor(v: Viewer, units: readonly UnitNode[], holderId: string): string | null {
  const holder = units.find((u) => u.id === holderId);
  if (!holder) return null;
  const parent = holder.level === 'station' ? holder.parentId : null;
  if (v.role !== 'handler' && v.role !== 'leader') return null;
  if (v.unitId === holder.id) return parent === null ? holder.id : null; // a station has no stations to move it to
  return parent !== null && v.unitId === parent ? parent : null;
}
