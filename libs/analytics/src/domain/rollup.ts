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

export interface OwnSums {
  unitId: string;
  /** 'YYYY-MM' when grouped by month */
  month: string | null;
  counters: Counters;
}

export interface IndicatorRow {
  unitId: string;
  month: string | null;
  counters: Counters;
}

/**
 * Rolls own (per unit[, month]) sums up the tree for each target unit (and each month when given).
 * Months without data still appear (all-zero counters), so a 12-month chart has 12 points.
 */
export function rollUpRows(units: readonly UnitNode[], own: readonly OwnSums[], targets: readonly string[], months: readonly string[] | null): IndicatorRow[] {
  const keys = months ?? [null];
  const byMonth = new Map<string | null, Map<string, Counters>>();
  for (const r of own) {
    const m = byMonth.get(r.month) ?? new Map<string, Counters>();
    m.set(r.unitId, r.counters);
    byMonth.set(r.month, m);
  }
  const out: IndicatorRow[] = [];
  for (const t of targets) {
    const ids = subtreeIds(units, t);
    for (const month of keys) {
      const m = byMonth.get(month);
      const total = zeroCounters();
      if (m) for (const id of ids) { const c = m.get(id); if (c) addCounters(total, c); }
      out.push({ unitId: t, month, counters: total });
    }
  }
  return out;
}
