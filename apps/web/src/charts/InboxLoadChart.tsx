// The unit's open cases by state, with how many are overdue: totals from GET /cases (pageSize=1), never estimated.
import { useEffect, useMemo, useState } from 'react';
import type { CaseListItem, CaseStatus, Page } from '#contracts';
import { STATUS_LABELS } from '#contracts';
import { get } from '../api';
import EChart, { type ChartOption } from './EChart';

const OPEN: CaseStatus[] = ['dispatched', 'signed', 'accepted'];

export default function InboxLoadChart({ unit, refreshKey }: { unit?: string; refreshKey: number }) {
  const [data, setData] = useState<{ status: CaseStatus; total: number; overdue: number }[] | null>(null);
  useEffect(() => {
    let alive = true;
    const count = (q: Record<string, string | boolean>) => get<Page<CaseListItem>>('/cases', { ...q, ...(unit ? { unit } : {}), pageSize: 1 }).then((r) => r.total);
    Promise.all(OPEN.map(async (status) => ({ status, total: await count({ status }), overdue: await count({ status, overdue: true }) })))
      .then((d) => alive && setData(d), () => undefined);
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
