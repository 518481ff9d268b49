// The unit's open cases by state, with how many are overdue: GET /cases/load, one request counting the cases the
// list shows (it was six list requests, one count each).
import { useMemo } from 'react';
import { Button, Typography } from 'antd';
import type { CaseLoadResponse, CaseStatus } from '#contracts';
import { STATUS_LABELS } from '#contracts';
import { get } from '../api';
import { useLoad } from '../useLoad';
import EChart, { type ChartOption } from './EChart';

const OPEN: CaseStatus[] = ['dispatched', 'signed', 'accepted'];

export default function InboxLoadChart({ unit, refreshKey }: { unit?: string; refreshKey: number }) {
  const { data: load, error, loading, reload } = useLoad(() => get<CaseLoadResponse>('/cases/load', unit ? { unit } : {}), [unit, refreshKey]);
  const data = useMemo(() => load && OPEN.map((s) => load.items.find((i) => i.status === s) ?? { status: s, total: 0, overdue: 0 }), [load]);
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
  // A failed count is said in place (bars of 0 would read as an empty inbox).
  if (error) return (
    <div data-testid="inbox-load-failed" style={{ height: 96, display: 'flex', flexDirection: 'column', justifyContent: 'center', gap: 4 }}>
      <Typography.Text type="danger">在办案件量未能加载</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: error }}>{error}</Typography.Text>
      <div><Button size="small" onClick={() => void reload()} loading={loading}>重试</Button></div>
    </div>
  );
  return <EChart option={option} height={96} testId="inbox-load-chart" />;
}
