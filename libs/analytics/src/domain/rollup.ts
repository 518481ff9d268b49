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

/**
 * Which units' statistics (indicators, hotspots, warnings, reports) a viewer may read: exactly the units whose
 * cases they may see (visibleUnitIds) — a handler its own unit, a leader its subtree, city-level managers (and
 * operators, admins) everything, auditors nothing. null = all.
 */
export function indicatorScope(v: Viewer, units: readonly UnitNode[]): Set<string> | null {
  return visibleUnitIds(v, units);
}

/**
 * The units whose cases a unit's statistics may cover for this viewer: the unit's subtree within the scope.
 * null = every case (the tree's root seen by someone who sees all, unassigned cases included).
 */
export function statisticsCover(units: readonly UnitNode[], unit: UnitNode, scope: Set<string> | null): string[] | null {
  if (scope === null) return unit.parentId === null ? null : [...subtreeIds(units, unit.id)];
  return [...subtreeIds(units, unit.id)].filter((id) => scope.has(id));
}

/** Whether the viewer may see everything a unit's statistics cover (reports are built over the whole subtree). */
export function coversSubtree(units: readonly UnitNode[], unit: UnitNode, scope: Set<string> | null): boolean {
  return scope === null || [...subtreeIds(units, unit.id)].every((id) => scope.has(id));
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
  // Children once, then a post-order pass: a unit's total = its own + its children's totals (the union of its
  // subtree, as each item is charged to one unit). O(units × months) instead of a subtree walk per target.
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) { const c = children.get(u.parentId); if (c) c.push(u.id); else children.set(u.parentId, [u.id]); }
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => { // iterative post-order
    const stack: [string, boolean][] = [[id, false]];
    while (stack.length) {
      const [x, done] = stack.pop()!;
      if (done) { order.push(x); continue; }
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push([x, true]);
      for (const c of children.get(x) ?? []) stack.push([c, false]);
    }
  };
  for (const t of targets) visit(t);
  const needed = seen; // the union of the targets' subtrees
  const byMonth = new Map<string | null, Map<string, Counters>>();
  for (const r of own) {
    if (!needed.has(r.unitId)) continue;
    const m = byMonth.get(r.month) ?? new Map<string, Counters>();
    m.set(r.unitId, r.counters);
    byMonth.set(r.month, m);
  }
  const totals = new Map<string | null, Map<string, Counters>>();
  for (const month of keys) {
    const m = byMonth.get(month);
    const tot = new Map<string, Counters>();
    for (const id of order) {
      const c = zeroCounters();
      const o = m?.get(id);
      if (o) addCounters(c, o);
      for (const ch of children.get(id) ?? []) { const t = tot.get(ch); if (t) addCounters(c, t); }
      tot.set(id, c);
    }
    totals.set(month, tot);
  }
  const out: IndicatorRow[] = [];
  for (const t of targets) for (const month of keys) out.push({ unitId: t, month, counters: totals.get(month)!.get(t)! });
  return out;
}
