// ECharts through echarts/core with only the parts registered here (keeps the bundle small). Screens that chart
// (the inbox's load today; the indicators dashboard when its backend lands) register what they use and render <EChart>.
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

export interface ChartClick { name: string; dataIndex: number; seriesName?: string }

function hidden<A extends object>(axis: A | A[] | undefined): A | A[] | undefined {
  return axis === undefined ? undefined : Array.isArray(axis) ? axis.map((a) => ({ ...a, show: false })) : { ...axis, show: false };
}

/** `empty`: said over the chart when it has nothing to draw (bare axes read as a failure, or as zero). */
export default function EChart({ option, height = 200, testId, onClick, empty }: { option: ChartOption; height?: number; testId?: string; onClick?: (p: ChartClick) => void; empty?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p as unknown as ChartClick));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    // Nothing to draw: the text alone, not over axes whose ticks (0, 1) and names read as figures.
    chart.current?.setOption(empty ? { ...option, xAxis: hidden(option.xAxis), yAxis: hidden(option.yAxis), series: [] } : option, true);
  }, [option, empty]);
  return (
    <div style={{ position: 'relative' }}>
      <div ref={el} style={{ width: '100%', height }} data-testid={testId} />
      {empty && (
        <div data-testid={testId && `${testId}-empty`} style={{ position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#999', fontSize: 13, pointerEvents: 'none' }}>
          {empty}
        </div>
      )}
    </div>
  );
}
