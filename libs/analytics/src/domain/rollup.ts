import { type UnitNode, type Viewer, subtreeIds, visibleUnitIds } from '#org';
import { type Counters, addCounters, zeroCounters } from './counters.js';

/**
 * A unit's counters are the sum over its whole subtree: the union of the items charged to it and to every
 * unit below it (each item is charged to exactly one unit per event, so the union is a plain sum).
 */
export function rollUp(units: readonly UnitNode[], own: ReadonlyMap<string, Counters>, unitId: string): Counters {
  const total = zeroCounters();
  for (const id of subtreeIds(units, unitId)) {
    const c = own.get(id);
    if (c) addCounters(total, c);
  }
  return total;
}

/** Which units' indicators a viewer may read: what visibleUnitIds allows, plus their own unit's subtree. null = all. */
export function indicatorScope(v: Viewer, units: readonly UnitNode[]): Set<string> | null {
  const vis = visibleUnitIds(v, units);
  if (vis === null) return null;
  return new Set([...vis, ...subtreeIds(units, v.unitId)]);
}
