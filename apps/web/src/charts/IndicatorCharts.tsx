// The dashboard's charts (ECharts through charts/EChart): one indicator per unit (bar, click to drill down), the
// monthly trend (line) and the overdue cases per unit (bar). Lazy-loaded with the dashboard.
import { useMemo } from 'react';
import type { IndicatorDef, IndicatorsResponse, OverdueResponse } from '#contracts';
import EChart from './EChart';
import type { ChartOption } from './EChart';

export function scaled(def: IndicatorDef | undefined, v: number | null): number | null {
  if (v === null) return null;
  return def?.kind === 'rate' ? Math.round(v * 1000) / 10 : Math.round(v * 100) / 100;
}
const suffix = (def: IndicatorDef | undefined) => (def?.kind === 'rate' ? '%' : def?.unit ?? '');
/** Every value null (no denominator anywhere): said, not drawn as bare axes. */
const noneIn = (def: IndicatorDef | undefined, rows: readonly { values: IndicatorsResponse['rows'][number]['values'] }[]) =>
  rows.length > 0 && rows.every((r) => (r.values[def?.code ?? '']?.value ?? null) === null);

export function UnitBarChart({ rows, def, onPick }: { rows: IndicatorsResponse['rows']; def: IndicatorDef | undefined; onPick: (unitId: string) => void }) {
  const option = useMemo<ChartOption>(() => ({
    animation: false,
    grid: { left: 48, right: 16, top: 24, bottom: 64 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: rows.map((r) => r.unit.name.replace('市场监督管理局', '局').replace('市场监管所', '所')), axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', name: suffix(def), max: def?.kind === 'rate' ? 100 : undefined },
    series: [{ type: 'bar', name: def?.name ?? '', barMaxWidth: 36, data: rows.map((r) => scaled(def, r.values[def?.code ?? '']?.value ?? null)), itemStyle: { color: '#8c0a1f' } }],
  }), [rows, def]);
  return <EChart option={option} height={280} testId="indicator-bar" onClick={(p) => rows[p.dataIndex] && onPick(rows[p.dataIndex]!.unit.id)}
    empty={noneIn(def, rows) ? `所选期间没有可计算${def?.name ?? '指标'}的案件` : undefined} />;
}

export function TrendChart({ data, def }: { data: IndicatorsResponse | null; def: IndicatorDef | undefined }) {
  const option = useMemo<ChartOption>(() => ({
    animation: false,
    grid: { left: 48, right: 16, top: 24, bottom: 32 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: (data?.rows ?? []).map((r) => r.month ?? '') },
    yAxis: { type: 'value', name: suffix(def) },
    series: [{ type: 'line', name: def?.name ?? '', connectNulls: false, data: (data?.rows ?? []).map((r) => scaled(def, r.values[def?.code ?? '']?.value ?? null)), itemStyle: { color: '#d4380d' } }],
  }), [data, def]);
  return <EChart option={option} height={240} testId="indicator-trend"
    empty={noneIn(def, data?.rows ?? []) ? `近12个月没有可计算${def?.name ?? '指标'}的案件` : undefined} />;
}

export function OverdueChart({ data }: { data: OverdueResponse | null }) {
  const units = (data?.units ?? []).filter((u) => u.unit.parentId === data?.unit.id || u.unit.id === data?.unit.id);
  const option = useMemo<ChartOption>(() => ({
    animation: false,
    grid: { left: 40, right: 16, top: 16, bottom: 56 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: units.map((u) => u.unit.name.replace('市场监督管理局', '局')), axisLabel: { interval: 0, rotate: units.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: '超期件数', barMaxWidth: 32, data: units.map((u) => (u.unit.id === data?.unit.id ? u.own : u.total)), itemStyle: { color: '#cf1322' } }],
  }), [units, data]);
  return <EChart option={option} height={220} testId="overdue-chart"
    empty={data && units.every((u) => (u.unit.id === data.unit.id ? u.own : u.total) === 0) ? '当前没有超期案件' : undefined} />;
}

export default { UnitBarChart, TrendChart, OverdueChart };
