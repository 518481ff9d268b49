import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '#platform';
import { type UnitNode, type Viewer, subtreeIds } from '#org';
import { OrgDirectory } from '#org-nest';
import { addDays, chinaDate, toChinaIso } from '#deadlines';
import { CalendarStore } from '#deadlines-nest';
import {
  type DayRange, type Hotspots, type IndicatorCode, type IndicatorDef, type IndicatorValue, INDICATORS, UnitOutOfScope, UnknownIndicator,
  computeAll, coversSubtree, dayRange, indicatorDef, indicatorScope, monthsOf, rollUpRows, statisticsCover,
} from '../domain/index.js';
import { HotspotStore } from '../infrastructure/hotspot.store.js';
import { IndicatorStore } from '../infrastructure/indicator.store.js';
import { WarningRepository } from './ports.js';

export interface UnitRef { id: string; code: string; name: string; level: string; parentId: string | null }
const ref = (u: UnitNode): UnitRef => ({ id: u.id, code: u.code, name: u.name, level: u.level, parentId: u.parentId });

/**
 * The unit a viewer asked for (default: their own), checked against what they may see; the scope; and the units
 * whose cases its statistics cover for this viewer (cover: null = all cases). `wholeSubtree`: the answer covers the
 * unit's whole subtree (analysis reports), so all of it must be in scope.
 */
export async function resolveUnit(
  org: OrgDirectory, viewer: Viewer, unitId: string | undefined, wholeSubtree = false,
): Promise<{ units: UnitNode[]; unit: UnitNode; scope: Set<string> | null; cover: string[] | null }> {
  const units = await org.units();
  const id = unitId ?? viewer.unitId;
  const unit = units.find((u) => u.id === id);
  const scope = indicatorScope(viewer, units);
  if (!unit || (scope && !scope.has(id)) || (wholeSubtree && !coversSubtree(units, unit, scope))) throw new UnitOutOfScope(id);
  return { units, unit, scope, cover: statisticsCover(units, unit, scope) };
}

/** The cases a unit's statistics cover: its subtree; the tree's root covers every case (also unassigned). */
export function caseScope(units: readonly UnitNode[], unit: UnitNode): string[] | null {
  return unit.parentId === null ? null : [...subtreeIds(units, unit.id)];
}

export interface IndicatorsView {
  unit: UnitRef;
  from: string;
  /** inclusive, as asked */
  to: string;
  groupBy: string[];
  indicators: Pick<IndicatorDef, 'code' | 'name' | 'kind' | 'unit' | 'definition'>[];
  rows: { unit: UnitRef; month: string | null; values: Record<string, IndicatorValue> }[];
}

export class GetIndicators extends Query<IndicatorsView> {
  constructor(readonly viewer: Viewer, readonly q: { unit?: string; from: string; to: string; groupBy?: ('unit' | 'month')[]; indicator?: string }) { super(); }
}

@QueryHandler(GetIndicators)
export class GetIndicatorsHandler implements IQueryHandler<GetIndicators> {
  constructor(private readonly org: OrgDirectory, private readonly store: IndicatorStore) {}
  async execute({ viewer, q }: GetIndicators): Promise<IndicatorsView> {
    const codes = (q.indicator ? q.indicator.split(',') : INDICATORS.map((i) => i.code)).map((c) => {
      if (!indicatorDef(c)) throw new UnknownIndicator(c);
      return c as IndicatorCode;
    });
    const range = dayRange(q.from, q.to);
    const { units, unit, scope, cover } = await resolveUnit(this.org, viewer, q.unit);
    const groupBy = q.groupBy?.length ? q.groupBy : ['unit' as const];
    const byUnit = groupBy.includes('unit');
    const byMonth = groupBy.includes('month');
    const sub = subtreeIds(units, unit.id);
    // groupBy=unit: the unit and every unit below it that the viewer may see, each rolled up over its subtree.
    const targets = byUnit ? units.filter((u) => sub.has(u.id) && (!scope || scope.has(u.id))).map((u) => u.id) : [unit.id];
    // Only the units in scope are summed: a unit's roll-up never includes what the viewer may not see.
    const own = await this.store.sums(range, byMonth, cover);
    const rows = rollUpRows(units, own, targets, byMonth ? monthsOf(range) : null);
    const byId = new Map(units.map((u) => [u.id, u]));
    return {
      unit: ref(unit), from: range.from, to: q.to, groupBy,
      indicators: codes.map((c) => { const d = indicatorDef(c)!; return { code: d.code, name: d.name, kind: d.kind, unit: d.unit, definition: d.definition }; }),
      rows: rows.map((r) => ({ unit: ref(byId.get(r.unitId)!), month: r.month, values: computeAll(r.counters, codes) })),
    };
  }
}

export interface OverdueView {
  unit: UnitRef;
  total: number;
  units: { unit: UnitRef; own: number; total: number }[];
  cases: {
    id: string; caseNo: string; type: string; unit: UnitRef | null; kind: string; dueAt: string;
    /** Working days past the due day up to today (China time, on the loaded calendar); the due day itself is 0. */
    overdueWorkingDays: number;
    /** Who signed or accepted the case in its unit (null: not signed yet; for 回访, the intake unit's operators). */
    handler: string | null;
  }[];
}

export class GetOverdue extends Query<OverdueView> {
  constructor(readonly viewer: Viewer, readonly unitId?: string) { super(); }
}

/** 超期件数 now: open steps past due, per responsible unit (own and rolled up), and the cases themselves. */
@QueryHandler(GetOverdue)
export class GetOverdueHandler implements IQueryHandler<GetOverdue> {
  constructor(private readonly org: OrgDirectory, private readonly store: IndicatorStore, private readonly calendars: CalendarStore, private readonly clock: Clock) {}
  async execute({ viewer, unitId }: GetOverdue): Promise<OverdueView> {
    const { units, unit, scope } = await resolveUnit(this.org, viewer, unitId);
    const intake = units.find((u) => u.isIntake)?.id ?? null;
    const counts = await this.store.overdueCounts(intake);
    const sub = subtreeIds(units, unit.id);
    const visible = units.filter((u) => sub.has(u.id) && (!scope || scope.has(u.id)));
    const rolled = (id: string) => [...subtreeIds(units, id)].filter((x) => !scope || scope.has(x)).reduce((s, x) => s + (counts.get(x) ?? 0), 0);
    const cases = await this.store.overdueCases(visible.map((u) => u.id), intake);
    const byId = new Map(units.map((u) => [u.id, u]));
    const cal = await this.calendars.calendar();
    const today = chinaDate(this.clock.now());
    const late = (dueAt: Date) => {
      let n = 0;
      for (let d = addDays(chinaDate(dueAt), 1); d <= today && n < 3660; d = addDays(d, 1)) if (cal.isWorkingDay(d)) n++;
      return n;
    };
    return {
      unit: ref(unit),
      total: rolled(unit.id),
      units: visible.map((u) => ({ unit: ref(u), own: counts.get(u.id) ?? 0, total: rolled(u.id) })).filter((x) => x.total > 0 || x.unit.id === unit.id),
      cases: cases.map((c) => ({
        id: c.id, caseNo: c.caseNo, type: c.type, unit: c.unitId && byId.get(c.unitId) ? ref(byId.get(c.unitId)!) : null, kind: c.kind, dueAt: toChinaIso(c.dueAt),
        overdueWorkingDays: late(c.dueAt), handler: c.handler,
      })),
    };
  }
}

export class GetHotspots extends Query<Hotspots & { unit: UnitRef }> {
  constructor(readonly viewer: Viewer, readonly q: { unit?: string; from: string; to: string }) { super(); }
}

@QueryHandler(GetHotspots)
export class GetHotspotsHandler implements IQueryHandler<GetHotspots> {
  constructor(private readonly org: OrgDirectory, private readonly store: HotspotStore) {}
  async execute({ viewer, q }: GetHotspots): Promise<Hotspots & { unit: UnitRef }> {
    const range: DayRange = dayRange(q.from, q.to, 400);
    const { unit, cover } = await resolveUnit(this.org, viewer, q.unit);
    return { unit: ref(unit), ...(await this.store.hotspots(range, cover)) };
  }
}

export class ListWarnings extends Query<WarningView[]> {
  constructor(readonly viewer: Viewer, readonly unitId?: string) { super(); }
}
export interface WarningView { id: string; unit: UnitRef; title: string; body: string; status: string; source: unknown; createdAt: string }

@QueryHandler(ListWarnings)
export class ListWarningsHandler implements IQueryHandler<ListWarnings> {
  constructor(private readonly org: OrgDirectory, private readonly warnings: WarningRepository) {}
  async execute({ viewer, unitId }: ListWarnings): Promise<WarningView[]> {
    const { units, unit, scope } = await resolveUnit(this.org, viewer, unitId);
    const ids = [...subtreeIds(units, unit.id)].filter((id) => !scope || scope.has(id));
    const rows = await this.warnings.newest(ids, 200);
    const byId = new Map(units.map((u) => [u.id, u]));
    return rows.map((w) => ({ id: w.id, unit: ref(byId.get(w.unitId)!), title: w.title, body: w.body, status: w.status, source: w.source, createdAt: toChinaIso(w.createdAt) }));
  }
}
