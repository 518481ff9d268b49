// A chart loaded on demand (ECharts is split from the main bundle): the slot keeps its height while the chart loads,
// so the page does not jump. If its code cannot be loaded (a build replaced since the page opened, the network), the
// slot says so in its place: without a boundary React unmounted the whole console, a blank page.
import { Component, Suspense, type ReactNode } from 'react';
import { Alert, Button } from 'antd';

class ChartBoundary extends Component<{ height: number; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div style={{ minHeight: this.props.height }} data-testid="chart-failed">
        <Alert type="warning" showIcon title="图表未能加载" description="系统可能已更新，请刷新页面。"
          action={<Button size="small" onClick={() => window.location.reload()}>刷新页面</Button>} />
      </div>
    );
  }
}

export function ChartSlot({ height, children }: { height: number; children: ReactNode }) {
  return <ChartBoundary height={height}><Suspense fallback={<div style={{ height }} />}>{children}</Suspense></ChartBoundary>;
}
