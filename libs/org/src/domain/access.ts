import { type UnitNode, subtreeIds } from './unit-tree.js';

export type Role = 'operator' | 'handler' | 'leader' | 'manager' | 'admin';

export interface Viewer {
  userId: string;
  unitId: string;
  role: Role;
}

/**
 * Which assigned units' cases a user may see. null = every case (operators take calls about any case;
 * admins and the city's managers oversee all). Handlers see their own unit; leaders and managers their subtree.
 */
export function visibleUnitIds(v: Viewer, units: readonly UnitNode[]): Set<string> | null {
  if (v.role === 'operator' || v.role === 'admin') return null;
  if (v.role === 'handler') return new Set([v.unitId]);
  const own = units.find((u) => u.id === v.unitId);
  if (v.role === 'manager' && own?.level === 'city') return null;
  return subtreeIds(units, v.unitId);
}

/** An unassigned case sits in the intake unit's dispatch pool: whoever may dispatch it may see it. */
export function canSee(v: Viewer, units: readonly UnitNode[], assignedUnitId: string | null): boolean {
  const ids = visibleUnitIds(v, units);
  if (ids === null) return true;
  if (assignedUnitId === null) return canDispatch(v, units);
  return ids.has(assignedUnitId);
}

/** Who may dispatch from the pool: the intake unit's people (operators work there) and admins. */
export function canDispatch(v: Viewer, units: readonly UnitNode[]): boolean {
  if (v.role === 'admin' || v.role === 'operator') return true;
  const own = units.find((u) => u.id === v.unitId);
  return !!own?.isIntake && (v.role === 'leader' || v.role === 'handler');
}
