import { type OdrFiguresRowDto, chinaDateTimeText } from '#contracts';
import { addDays } from '#deadlines';
import type { Hotspots } from './hotspots.js';
import type { IndicatorValue } from './indicators.js';
import { INDICATORS } from './indicators.js';
import type { AnalysisReportPeriod } from './periods.js';

/** The stored content of a 12315 analysis report (O121 Art. 38). Rendered to .xlsx and PDF from this alone. */
export interface AnalysisReportContent {
  unit: { id: string; code: string; name: string };
  period: AnalysisReportPeriod;
  periodLabel: string;
  from: string;
  /** exclusive */
  to: string;
  generatedAt: string;
  totals: { total: number; complaints: number; reports: number; inquiries: number; previousTotal: number; recoveredYuan: number };
  trend: { month: string; total: number; complaints: number; reports: number; inquiries: number }[];
  byKind: { key: string; name: string; count: number; share: number }[];
  byChannel: { key: string; name: string; count: number; share: number }[];
  byClass: { key: string; name: string; count: number; share: number }[];
  byProblemType: { key: string; name: string; count: number; share: number }[];
  hotspots: Hotspots;
  performance: { unit: { id: string; code: string; name: string }; values: Record<string, IndicatorValue> }[];
  warnings: { id: string; title: string; createdAt: string; status: string }[];
  /** The ODR enterprises' figures of the period (issue 17 §5; the same as GET /odr/figures); absent in older reports. */
  odr?: { rows: OdrFiguresRowDto[]; rules: readonly string[] };
}

export const KIND_NAMES: Record<string, string> = { complaint: '投诉', report: '举报', inquiry: '咨询' };
export const CHANNEL_NAMES: Record<string, string> = { hotline: '12315热线', web: '网络平台', letter: '信函', visit: '来访', hotline12345: '12345转办' };

export type Cell = string | number | null;
export interface AnalysisReportTable {
  sheet: string;
  title: string;
  header: string[];
  rows: Cell[][];
}

/** The ODR figures' columns (the dashboard card's, the public page's). */
export const ODR_HEADER = ['企业', '统一社会信用代码', '收到', '和解', '和解率（%）', '按时答复率（%）', '平均天数（自然日）'];

const pct = (v: number | null) => (v === null ? null : Math.round(v * 10000) / 100);
const fmt = (v: IndicatorValue, kind: string) =>
  v.value === null ? null : kind === 'rate' ? pct(v.value) : Math.round(v.value * 100) / 100;

/**
 * The report's tables, shared by the Excel workbook (one sheet each) and the PDF. Sheet names and the first
 * sheet's layout are stable (tests and users rely on them): 概况!A2 = '登记总量', B2 = the period's total.
 */
export function analysisReportTables(c: AnalysisReportContent): AnalysisReportTable[] {
  const share = (rows: { name: string; count: number; share: number }[]) => rows.map((r) => [r.name, r.count, pct(r.share)]);
  return [
    {
      sheet: '概况', title: `${c.unit.name}${c.periodLabel}12315投诉举报咨询分析`, header: ['项目', '数值'],
      rows: [
        ['登记总量', c.totals.total],
        ['投诉', c.totals.complaints],
        ['举报', c.totals.reports],
        ['咨询', c.totals.inquiries],
        ['上期登记总量', c.totals.previousTotal],
        ['环比增减（%）', c.totals.previousTotal ? pct((c.totals.total - c.totals.previousTotal) / c.totals.previousTotal) : null],
        ['挽回经济损失（元）', c.totals.recoveredYuan],
        ['统计期间', `${c.from} 至 ${addDays(c.to, -1)}`],
      ],
    },
    { sheet: '趋势', title: '近12个月登记量趋势', header: ['月份', '合计', '投诉', '举报', '咨询'], rows: c.trend.map((t) => [t.month, t.total, t.complaints, t.reports, t.inquiries]) },
    {
      sheet: '类别渠道', title: '按类型、渠道、商品服务大类、问题类别', header: ['分类', '名称', '件数', '占比（%）'],
      rows: [
        ...share(c.byKind).map((r) => ['类型', ...r]),
        ...share(c.byChannel).map((r) => ['渠道', ...r]),
        ...share(c.byClass).map((r) => ['商品/服务大类', ...r]),
        ...share(c.byProblemType).map((r) => ['问题类别', ...r]),
      ],
    },
    {
      sheet: '热点', title: '投诉热点与异常线索', header: ['类别', '名称', '件数', '占比（%）', '上期', '变化'],
      rows: [
        ...c.hotspots.categories.map((r) => ['热点类别', r.name, r.count, pct(r.share), r.previous, r.change]),
        ...c.hotspots.problemTypes.map((r) => ['热点问题', r.name, r.count, pct(r.share), r.previous, r.change]),
        ...c.hotspots.risers.categories.map((r) => ['环比上升类别', r.name, r.count, pct(r.share), r.previous, r.change]),
        ...c.hotspots.respondents.map((r) => ['被投诉较多经营者', r.name, r.count, pct(r.share), r.previous, r.change]),
        // Counts only: no phone, address or name in a report (O121 Art. 37).
        ...c.hotspots.patterns.sharedPhones.map((p) => ['同一电话多名投诉人', `${p.complainants}名投诉人共用一个电话`, p.cases, null, null, null]),
        ...c.hotspots.patterns.sharedAddresses.map((p) => ['同一地址多名投诉人', `${p.complainants}名投诉人共用一个地址`, p.cases, null, null, null]),
        ...c.hotspots.patterns.repeatComplainants.map((p) => ['短期内反复投诉同一经营者', `同一投诉人 → ${p.respondent}`, p.cases, null, null, null]),
      ],
    },
    {
      sheet: '单位绩效', title: '各单位指标', header: ['单位', ...INDICATORS.map((i) => `${i.name}（${i.unit}）`)],
      rows: c.performance.map((p) => [p.unit.name, ...INDICATORS.map((i) => fmt(p.values[i.code]!, i.kind))]),
    },
    { sheet: '消费警示', title: '本期消费警示', header: ['标题', '起草时间', '状态'], rows: c.warnings.map((w) => [w.title, chinaDateTimeText(w.createdAt), w.status === 'draft' ? '草稿' : '已发布']) },
    ...(c.odr ? [{
      sheet: '在线解纷企业', title: '在线消费纠纷解决企业', header: ODR_HEADER,
      rows: c.odr.rows.map((r): Cell[] => [r.name, r.creditCode, r.received, r.settled, pct(r.settlementRate), pct(r.onTimeReplyRate), r.averageDays]),
    }] : []),
  ];
}
