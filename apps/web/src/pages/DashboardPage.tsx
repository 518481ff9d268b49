// Manager dashboard: every indicator per unit for a chosen period (table + bar chart, drill-down 市 → 区县 → 所),
// the monthly trend, the cases overdue now by unit, Excel export of the table (built in the browser with exceljs),
// hotspots with a consumer-warning draft, and the periodic analysis reports. All figures come from the API
// (GET /indicators, /indicators/overdue, /hotspots, /warnings, /reports); nothing is computed or faked here.
import { lazy, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { App, Breadcrumb, Button, Card, Col, Input, Modal, Row, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import {
  DEADLINE_KIND_LABELS, ANALYSIS_REPORT_PERIOD_LABELS, chinaDateTimeText, labelOf,
  type HotspotKind, type HotspotRow, type HotspotsResponse, type IndicatorDef, type IndicatorValue, type IndicatorsResponse,
  type OverdueResponse, type AnalysisReportPeriod, type AnalysisReportSummary, type UnitDto, type WarningView, WARNING_STATUS_LABELS,
} from '#contracts';
import { download, errorText, get, post, saveBlob } from '../api';
import { useLoad } from '../useLoad';
import { useUser } from '../auth';
import { addDays, chinaToday, fmtTime } from '../format';
import { useUnits } from '../reference';
import { PageTitle } from '../ConsoleLayout';
import { FormDialog } from '../components/FormDialog';
import { DateField } from '../components/DateField';
import { OverdueTable } from '../components/OverdueTable';
import { HeadingUnit, LoadFailed, Phrase } from '../components/bits';
import { Form } from 'antd';
import { OdrFiguresCard } from './odr/OdrEnterprisesPage';
import { ChartSlot } from '../components/ChartSlot';

const UnitBarChart = lazy(() => import('../charts/IndicatorCharts').then((m) => ({ default: m.UnitBarChart })));
const TrendChart = lazy(() => import('../charts/IndicatorCharts').then((m) => ({ default: m.TrendChart })));
const OverdueChart = lazy(() => import('../charts/IndicatorCharts').then((m) => ({ default: m.OverdueChart })));

type Preset = 'month' | 'quarter' | 'year' | 'custom';
function presetRange(p: Preset, today: string): { from: string; to: string } {
  const y = today.slice(0, 4);
  const m = Number(today.slice(5, 7));
  if (p === 'month') return { from: `${today.slice(0, 7)}-01`, to: today };
  if (p === 'quarter') return { from: `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, '0')}-01`, to: today };
  return { from: `${y}-01-01`, to: today };
}
/** The first day of the month 11 months before `to`'s month: a 12-month trend window. */
function trendFrom(to: string): string {
  let y = Number(to.slice(0, 4));
  let m = Number(to.slice(5, 7)) - 11;
  if (m <= 0) { m += 12; y -= 1; }
  return `${y}-${String(m).padStart(2, '0')}-01`;
}

/** The unit column: a bureau's full name (10 characters, 武陵区市场监督管理局) on one line. */
const UNIT_COL = 170;
const LEVEL_ORDER: Record<string, number> = { city: 0, county: 1, station: 2, department: 3 };
/** No case counted anywhere in the row (every numerator and denominator 0 or empty). */
const isEmptyRow = (r: IndicatorsResponse['rows'][number]) => Object.values(r.values).every((v) => !v.numerator && !v.denominator);

export function formatValue(def: IndicatorDef | undefined, v: IndicatorValue | undefined): string {
  if (!v || v.value === null) return '—';
  if (def?.kind === 'rate') return `${(v.value * 100).toFixed(1)}%`;
  // Yuan with their fen, always two places: a column of amounts lines up (25,469.5 stood under 11,108.63).
  if (def?.unit === '元') return v.value.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return v.value.toFixed(1);
}

export function DashboardPage() {
  const user = useUser();
  const units = useUnits();
  const { message } = App.useApp();
  const today = chinaToday();
  const [preset, setPreset] = useState<Preset>('month');
  const [range, setRange] = useState(() => presetRange('month', today));
  const [unitId, setUnitId] = useState(user.unit.id);
  const [indicator, setIndicator] = useState('closeOnTimeRate');
  // useLoad keeps no figures after a failed load: another unit's or period's must not stand under this one's heading.
  const { data: loaded, error, reload } = useLoad(() => Promise.all([
    get<IndicatorsResponse>('/indicators', { unit: unitId, from: range.from, to: range.to, groupBy: 'unit' }),
    get<IndicatorsResponse>('/indicators', { unit: unitId, from: trendFrom(range.to), to: range.to, groupBy: 'month' }),
    get<OverdueResponse>('/indicators/overdue', { unit: unitId }),
  ]), [unitId, range.from, range.to]);
  const [data, trend, overdue] = loaded ?? [null, null, null];

  // The drill level: the unit itself and its direct children (each rolled up over its own subtree).
  // Districts first, then stations, then departments — and a department with nothing to show is left out.
  const rows = useMemo(() => (data?.rows ?? [])
    .filter((r) => r.unit.id === unitId || (r.unit.parentId === unitId && !(r.unit.level === 'department' && isEmptyRow(r))))
    .sort((a, b) => (a.unit.id === unitId ? -1 : b.unit.id === unitId ? 1 : LEVEL_ORDER[a.unit.level] - LEVEL_ORDER[b.unit.level])), [data, unitId]);
  const children = rows.filter((r) => r.unit.id !== unitId);
  const defs = data?.indicators ?? [];
  const def = defs.find((d) => d.code === indicator);
  const path = useMemo(() => unitPath(units ?? [], unitId, user.unit.id), [units, unitId, user.unit.id]);
  const drill = (id: string) => {
    if (id !== unitId && (units ?? []).some((u) => u.parentId === id)) setUnitId(id);
  };

  const exportExcel = async () => {
    if (!data) return;
    try {
      const blob = await indicatorsWorkbook(data, rows);
      saveBlob(blob, `指标_${data.unit.name}_${range.from}_${range.to}.xlsx`);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <div data-testid="dashboard-page">
      <PageTitle title="统计分析" extra={
        <Space wrap>
          <Segmented<Preset> value={preset} onChange={(p) => { setPreset(p); if (p !== 'custom') setRange(presetRange(p, today)); }}
            options={[{ value: 'month', label: '本月' }, { value: 'quarter', label: '本季度' }, { value: 'year', label: '本年' }, { value: 'custom', label: '自定义' }]} />
          <DateField size="small" style={{ width: 140 }} value={range.from} max={range.to} data-testid="range-from"
            onChange={(v) => { setPreset('custom'); if (v) setRange({ ...range, from: v }); }} />
          <span>至</span>
          <DateField size="small" style={{ width: 140 }} value={range.to} min={range.from} data-testid="range-to"
            onChange={(v) => { setPreset('custom'); if (v) setRange({ ...range, to: v }); }} />
          <Button size="small" onClick={() => void reload()}>刷新</Button>
        </Space>
      } />
      {error && <LoadFailed what="统计数据" error={error} onRetry={() => void reload()} />}
      <Card size="small" style={{ marginBottom: 12 }}
        title={
          <Breadcrumb data-testid="drill-path" items={path.map((u) => ({ key: u.id, title: u.id === unitId ? u.name : <a href="#" onClick={(e) => { e.preventDefault(); setUnitId(u.id); }}>{u.name}</a> }))} />
        }
        extra={
          <Space>
            <Select size="small" style={{ width: 160 }} value={indicator} onChange={setIndicator} data-testid="indicator-select"
              options={defs.map((d) => ({ value: d.code, label: d.name }))} />
            <Button size="small" icon={<FileExcelOutlined />} onClick={() => void exportExcel()} disabled={!data} data-testid="export-excel">导出Excel</Button>
          </Space>
        }>
        <Row gutter={16}>
          <Col xs={24} xl={10}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{def?.name}（{range.from} 至 {range.to}），点击柱形下钻</Typography.Text>
            <ChartSlot height={280}>
              <UnitBarChart rows={children.length ? children : rows} def={def} onPick={drill} />
            </ChartSlot>
          </Col>
          <Col xs={24} xl={14}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>{def?.name}按月趋势（{trendFrom(range.to).slice(0, 7)} 至 {range.to.slice(0, 7)}）</Typography.Text>
            <ChartSlot height={240}>
              <TrendChart data={trend} def={def} />
            </ChartSlot>
          </Col>
        </Row>
        <Table
          size="small" rowKey={(r) => r.unit.id} loading={!data && !error} locale={error ? { emptyText: '未能加载，请重试' } : undefined} dataSource={rows} pagination={false} scroll={{ x: UNIT_COL + 88 * defs.length }} tableLayout="fixed"
          className="fx-wrap-head" data-testid="indicator-table"
          onRow={(r) => ({ onClick: () => drill(r.unit.id), style: { cursor: r.unit.id !== unitId ? 'pointer' : undefined, fontWeight: r.unit.id === unitId ? 600 : undefined } })}
          columns={[
            // Not cut: the own row's name and 合计 were hidden behind an ellipsis at 1440 px; a long name wraps.
            { key: 'unit', title: '单位', fixed: 'left', width: UNIT_COL, render: (_, r) => (
              <span data-testid={`unit-row-${r.unit.code}`}>{r.unit.name}{r.unit.id === unitId && <div style={{ fontSize: 12, fontWeight: 400, color: '#888' }}>合计</div>}</span>
            ) },
            ...defs.map((d) => ({
              // A figure that is no rate names its unit under the heading (平均办理时长 counts working days, not days); a
              // heading wraps between words only.
              key: d.code, width: 88, align: 'right' as const, title: (
                <span title={d.definition} className="fx-phrase"><Phrase text={d.name} />{d.kind !== 'rate' && d.unit && <HeadingUnit unit={d.unit} />}</span>
              ),
              render: (_: unknown, r: IndicatorsResponse['rows'][number]) => {
                const v = r.values[d.code];
                return (
                  <span data-testid={`cell-${r.unit.code}-${d.code}`} title={v ? `${v.numerator} / ${v.denominator ?? '—'}` : ''}>
                    {formatValue(d, v)}
                    {d.kind !== 'sum' && v && <div style={{ fontSize: 11, color: '#999' }}>{v.numerator}/{v.denominator ?? 0}</div>}
                  </span>
                );
              },
            })),
          ]}
        />
      </Card>
      <Card size="small" title={<Space>当前超期件数{overdue && <Tag color="red" data-testid="overdue-now">{overdue.total}</Tag>}</Space>} style={{ marginBottom: 12 }}>
        {/* the chart beside the list: the list keeps its full width (days overdue, who signed, 催办) */}
        <Row gutter={16}>
          <Col xs={24} xl={7}>
            <ChartSlot height={220}>
              <OverdueChart data={overdue} />
            </ChartSlot>
          </Col>
          <Col xs={24} xl={17}>
            {error ? <Typography.Text type="secondary">未能加载，请重试</Typography.Text>
              : <OverdueTable data={overdue} ownUnitId={user.unit.id} canRemind={user.role !== 'handler' && user.role !== 'operator'} pageSize={5} compact />}
          </Col>
        </Row>
      </Card>
      {(user.role === 'manager' || user.role === 'admin') && <OdrFiguresCard from={range.from} to={range.to} />}
      <Row gutter={12}>
        <Col xs={24}>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Tabs size="small" items={[
              { key: 'hot', label: '投诉热点与消费警示', children: <Hotspots unitId={unitId} range={range} canDraft={user.role !== 'handler'} canPublish={user.role === 'manager'} /> },
              { key: 'reports', label: '分析报告', children: <Reports unitId={unitId} /> },
            ]} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function unitPath(units: UnitDto[], id: string, top: string): UnitDto[] {
  const out: UnitDto[] = [];
  let u = units.find((x) => x.id === id);
  while (u) {
    out.unshift(u);
    if (u.id === top) break;
    u = units.find((x) => x.id === u!.parentId);
  }
  return out;
}

/** The table as shown (the unit and its direct children), every indicator, as an .xlsx built in the browser. */
async function indicatorsWorkbook(data: IndicatorsResponse, rows: IndicatorsResponse['rows']): Promise<Blob> {
  const mod = (await import('exceljs/dist/exceljs.min.js')) as unknown as { default?: typeof import('exceljs') } & typeof import('exceljs');
  const ExcelJS = mod.default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = '放心 12315';
  const ws = wb.addWorksheet('指标');
  ws.addRow(['单位', ...data.indicators.map((d) => `${d.name}${d.kind === 'rate' ? '' : `（${d.unit}）`}`)]);
  for (const r of rows) {
    ws.addRow([r.unit.name, ...data.indicators.map((d) => r.values[d.code]?.value ?? '—')]);
  }
  data.indicators.forEach((d, i) => {
    const col = ws.getColumn(i + 2);
    col.width = 14;
    if (d.kind === 'rate') col.numFmt = '0.0%';
    else if (d.unit === '元') col.numFmt = '#,##0.00';
    else col.numFmt = '0.0';
  });
  ws.getColumn(1).width = 28;
  ws.getRow(1).font = { bold: true };
  const meta = wb.addWorksheet('说明');
  meta.addRow(['统计单位', data.unit.name]);
  meta.addRow(['统计期间', `${data.from} 至 ${data.to}`]);
  meta.addRow(['导出时间', chinaDateTimeText(new Date().toISOString())]); // Beijing time as written, not a UTC ISO string
  meta.addRow([]);
  meta.addRow(['指标', '口径']);
  for (const d of data.indicators) meta.addRow([d.name, d.definition]);
  const detail = wb.addWorksheet('分子分母');
  detail.addRow(['单位', ...data.indicators.flatMap((d) => [`${d.name}分子`, `${d.name}分母`])]);
  for (const r of rows) detail.addRow([r.unit.name, ...data.indicators.flatMap((d) => [r.values[d.code]?.numerator ?? 0, r.values[d.code]?.denominator ?? '—'])]);
  const buf = await wb.xlsx.writeBuffer();
  return new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

const HOT_KIND_LABELS: Record<HotspotKind, string> = { category: '商品服务大类', problemType: '问题类别', respondent: '被投诉经营者' };

function Hotspots({ unitId, range, canDraft, canPublish }: { unitId: string; range: { from: string; to: string }; canDraft: boolean; canPublish: boolean }) {
  const { message } = App.useApp();
  const [kind, setKind] = useState<HotspotKind>('category');
  const [drafted, setDrafted] = useState<WarningView | null>(null);
  // No rows after a failed load: a warning drafted from another period's hotspot would be wrong.
  const { data: loaded, error, loading, reload: load } = useLoad(() => Promise.all([
    get<HotspotsResponse>('/hotspots', { unit: unitId, from: range.from, to: range.to }),
    get<WarningView[]>('/warnings', { unit: unitId }),
  ]), [unitId, range.from, range.to]);
  const [data, warnings] = loaded ?? [null, []];
  const list: HotspotRow[] = !data ? [] : kind === 'category' ? data.categories : kind === 'problemType' ? data.problemTypes : data.respondents;
  const draft = async (r: HotspotRow) => {
    try {
      const w = await post<WarningView>('/warnings', { unitId, kind, key: r.key, from: range.from, to: range.to });
      setDrafted(w);
      await load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  // A manager publishes a draft to the public page (消费警示, issue 16 §5).
  const publish = async (w: WarningView) => {
    try {
      await post(`/warnings/${w.id}/publish`, {});
      message.success('消费警示已发布');
      setDrafted({ ...w, status: 'published' });
      await load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <div data-testid="hotspots">
      <Space style={{ marginBottom: 8 }}>
        <Segmented<HotspotKind> size="small" value={kind} onChange={setKind} options={(Object.keys(HOT_KIND_LABELS) as HotspotKind[]).map((k) => ({ value: k, label: HOT_KIND_LABELS[k] }))} />
        {data && <Typography.Text type="secondary" style={{ fontSize: 12 }}>期间登记 {data.total} 件</Typography.Text>}
      </Space>
      {error && <LoadFailed what="投诉热点与消费警示" error={error} onRetry={() => void load()} retrying={loading} />}
      <Table size="small" rowKey="key" dataSource={list.slice(0, 10)} pagination={false} loading={!data && !error} locale={error ? { emptyText: '未能加载，请重试' } : undefined}
        columns={[
          { key: 'name', title: HOT_KIND_LABELS[kind], render: (_, r) => r.name },
          { key: 'count', title: '件数', width: 70, align: 'right', dataIndex: 'count' },
          { key: 'share', title: '占比', width: 70, align: 'right', render: (_, r) => `${(r.share * 100).toFixed(1)}%` },
          { key: 'trend', title: '较上期', width: 80, render: (_, r) => (r.change === undefined ? '—' : r.change > 0 ? <Tag color="red">+{r.change}</Tag> : r.change < 0 ? <Tag color="green">{r.change}</Tag> : '持平') },
          ...(canDraft ? [{ key: 'act', title: '', width: 110, render: (_: unknown, r: HotspotRow) => <Button size="small" onClick={() => void draft(r)}>起草消费警示</Button> }] : []),
        ]} />
      {warnings.length > 0 && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text strong>消费警示（{warnings.length}）</Typography.Text>
          {warnings.slice(0, 5).map((w) => (
            <div key={w.id} style={{ fontSize: 13 }}><a onClick={() => setDrafted(w)}>{w.title}</a> <Tag color={w.status === 'published' ? 'green' : undefined}>{WARNING_STATUS_LABELS[w.status] ?? w.status}</Tag><Typography.Text type="secondary">{fmtTime(w.createdAt)} · {w.unit.name}</Typography.Text></div>
          ))}
        </div>
      )}
      <Modal open={!!drafted} title={drafted?.title} footer={<Space>
        {canPublish && drafted?.status === 'draft' && <Button type="primary" data-testid="publish-warning" onClick={() => void publish(drafted)}>发布到公示页</Button>}
        <Button onClick={() => setDrafted(null)}>关闭</Button>
      </Space>} onCancel={() => setDrafted(null)} width={640}>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="warning-body">{drafted?.body}</Typography.Paragraph>
      </Modal>
    </div>
  );
}

function Reports({ unitId }: { unitId: string }) {
  const { message } = App.useApp();
  const [gen, setGen] = useState(false);
  const { data: list, error, loading, reload: load } = useLoad(() => get<AnalysisReportSummary[]>('/reports', { unit: unitId }), [unitId]);
  /** A download in progress (the PDF is printed on the server and takes seconds): its button spins, a message says so. */
  const [downloading, setDownloading] = useState<string | null>(null);
  const dl = async (r: AnalysisReportSummary, f: 'xlsx' | 'pdf') => {
    const key = `${r.id}-${f}`;
    setDownloading(key);
    message.open({ key, type: 'loading', content: `正在生成${f === 'pdf' ? 'PDF' : 'Excel'}：${r.unit.name}${r.periodLabel}…`, duration: 0 });
    try {
      await download(`/reports/${r.id}/${f}`, `${r.unit.name}${r.periodLabel}12315分析报告.${f}`);
      message.open({ key, type: 'success', content: '已下载', duration: 2 });
    } catch (e) {
      message.open({ key, type: 'error', content: errorText(e), duration: 4 });
    } finally {
      setDownloading(null);
    }
  };
  const lastMonth = addDays(`${chinaToday().slice(0, 7)}-01`, -1).slice(0, 7) + '-01';
  return (
    <div data-testid="reports">
      <Space style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>每月、季、年初自动生成（《市场监督管理投诉举报处理办法》第三十八条）</Typography.Text>
        <Button size="small" onClick={() => setGen(true)}>生成报告</Button>
      </Space>
      {error && <LoadFailed what="分析报告" error={error} onRetry={() => void load()} retrying={loading} />}
      <Table size="small" rowKey="id" loading={!list && !error} dataSource={list ?? []} pagination={{ pageSize: 6, hideOnSinglePage: true, size: 'small' }} locale={{ emptyText: error ? '未能加载，请重试' : '暂无分析报告' }}
        columns={[
          { key: 'label', title: '报告', render: (_, r) => `${r.unit.name} ${r.periodLabel}` },
          { key: 'kind', title: '类型', width: 60, render: (_, r) => labelOf(ANALYSIS_REPORT_PERIOD_LABELS, r.period) },
          { key: 'at', title: '生成时间', width: 140, render: (_, r) => fmtTime(r.generatedAt) },
          {
            key: 'dl', title: '下载', width: 150, render: (_, r) => (
              <Space size={4}>
                <Button size="small" icon={<DownloadOutlined />} loading={downloading === `${r.id}-xlsx`} disabled={!!downloading && downloading !== `${r.id}-xlsx`} onClick={() => void dl(r, 'xlsx')}>Excel</Button>
                <Button size="small" icon={<DownloadOutlined />} loading={downloading === `${r.id}-pdf`} disabled={!!downloading && downloading !== `${r.id}-pdf`} onClick={() => void dl(r, 'pdf')} data-testid="report-pdf">PDF</Button>
              </Space>
            ),
          },
        ]} />
      {gen && (
        <FormDialog title="生成12315分析报告" okText="生成" initialValues={{ period: 'month', start: lastMonth }} onCancel={() => setGen(false)}
          onSubmit={async (v) => {
            await post('/reports', { unitId, period: v.period as AnalysisReportPeriod, start: v.start });
            message.success('报告已生成');
            setGen(false);
            await load();
          }}>
          <Form.Item name="period" label="报告期" rules={[{ required: true }]}>
            <Segmented options={[{ value: 'month', label: '月' }, { value: 'quarter', label: '季' }, { value: 'year', label: '年' }]} />
          </Form.Item>
          <Form.Item name="start" label="报告期第一天" rules={[{ required: true, message: '请填写日期' }]}><DateField style={{ width: 180 }} /></Form.Item>
        </FormDialog>
      )}
    </div>
  );
}
