// A chart loaded on demand (ECharts is split from the main bundle): the slot keeps its height while the chart loads,
// so the page does not jump.
import { Suspense, type ReactNode } from 'react';

export function ChartSlot({ height, children }: { height: number; children: ReactNode }) {
  return <Suspense fallback={<div style={{ height }} />}>{children}</Suspense>;
}
