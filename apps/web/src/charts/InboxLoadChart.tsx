// The unit's open cases by state, with how many are overdue: GET /cases/load, one request counting the cases the
// list shows (it was six list requests, one count each).
import { useEffect, useMemo, useState } from 'react';
import type { CaseLoadResponse, CaseStatus } from '#contracts';
import { STATUS_LABELS } from '#contracts';
import { get } from '../api';
import EChart, { type ChartOption } from './EChart';

const OPEN: CaseStatus[] = ['dispatched', 'signed', 'accepted'];

export default function InboxLoadChart({ unit, refreshKey }: { unit?: string; refreshKey: number }) {
  const [data, setData] = useState<CaseLoadResponse['items'] | null>(null);
  useEffect(() => {
    let alive = true;
    get<CaseLoadResponse>('/cases/load', unit ? { unit } : {})
      .then((r) => alive && setData(OPEN.map((s) => r.items.find((i) => i.status === s) ?? { status: s, total: 0, overdue: 0 })), () => undefined);
    return () => {
      alive = false;
    };
  }, [unit, refreshKey]);
  const option = useMemo<ChartOption>(() => ({
    animation: false,
    grid: { left: 88, right: 24, top: 8, bottom: 8 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { show: false },
    xAxis: { type: 'value', minInterval: 1, show: false },
    yAxis: { type: 'category', inverse: true, data: OPEN.map((s) => STATUS_LABELS[s]), axisTick: { show: false } },
    series: [
      { name: '未超期', type: 'bar', stack: 'n', data: (data ?? []).map((d) => d.total - d.overdue), itemStyle: { color: '#1677ff' }, barWidth: 14 },
      { name: '超期', type: 'bar', stack: 'n', data: (data ?? []).map((d) => d.overdue), itemStyle: { color: '#f5222d' }, label: { show: true, position: 'right', formatter: (p) => `${(data ?? [])[p.dataIndex]?.total ?? ''}` } },
    ],
  }), [data]);
  return <EChart option={option} height={96} testId="inbox-load-chart" />;
}
