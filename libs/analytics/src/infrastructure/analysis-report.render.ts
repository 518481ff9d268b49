import { readFileSync } from 'node:fs';
import { printPdf } from '#platform';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { INDICATORS, type AnalysisReportContent, analysisReportTables } from '../domain/index.js';
import { chinaDateTimeText } from '#contracts';
import { addDays } from '#deadlines';

/** .xlsx with one sheet per report table (names from domain/report.ts), header row bold, widths set. */
export async function renderXlsx(c: AnalysisReportContent): Promise<Buffer> {
  // Loaded on the first export, not at start (~8 MB of heap in every process).
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Fangxin 放心 12315';
  wb.created = new Date(c.generatedAt);
  for (const t of analysisReportTables(c)) {
    const ws = wb.addWorksheet(t.sheet);
    ws.addRow(t.header).font = { bold: true };
    for (const r of t.rows) ws.addRow(r);
    ws.columns.forEach((col, i) => { col.width = i === 0 ? 28 : t.sheet === '热点' && i === 1 ? 40 : 16; });
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const esc = (s: unknown) => String(s ?? '—').replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
/** A table cell as printed: numbers with thousands separators (703,625.81), as the console shows them. */
const cell = (x: unknown) => esc(typeof x === 'number' ? x.toLocaleString('zh-CN', { maximumFractionDigits: 2 }) : x);

function echartsSource(): string {
  // Resolved from the project root: works both compiled (ESM) and under jest (CommonJS).
  const require = createRequire(join(process.cwd(), 'package.json'));
  return readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf8');
}

/** The printable report: tables plus two ECharts charts (trend, classes), Noto CJK fonts. */
export function analysisReportHtml(c: AnalysisReportContent): string {
  const tables = analysisReportTables(c).map((t) => `
    <section><h2>${esc(t.title)}</h2>
    <table><thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>
    <tbody>${t.rows.length ? t.rows.map((r) => `<tr>${r.map((x) => `<td>${cell(x)}</td>`).join('')}</tr>`).join('') : `<tr><td colspan="${t.header.length}">本期无数据</td></tr>`}</tbody></table></section>`).join('');
  const trend = { x: c.trend.map((t) => t.month), s: [['投诉', 'complaints'], ['举报', 'reports'], ['咨询', 'inquiries']] as const };
  const options = [
    // The legend under the title, not across it (at 18 px the CJK title reached the legend's line at top 24).
    { title: { text: '近12个月登记量', left: 'center' }, animation: false, legend: { top: 34 }, grid: { top: 72 }, xAxis: { type: 'category', data: trend.x }, yAxis: { type: 'value' },
      series: trend.s.map(([name, k]) => ({ name, type: 'line', data: c.trend.map((t) => t[k]) })) },
    { title: { text: '商品/服务大类', left: 'center' }, animation: false, grid: { left: 140, top: 40 }, xAxis: { type: 'value' },
      yAxis: { type: 'category', data: c.byClass.slice(0, 10).map((x) => x.name).reverse() },
      series: [{ type: 'bar', data: c.byClass.slice(0, 10).map((x) => x.count).reverse(), label: { show: true, position: 'right' } }] },
  ];
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(c.unit.name)}${esc(c.periodLabel)}12315分析报告</title>
<style>
  body { font-family: 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif; font-size: 11px; color: #222; margin: 0; }
  h1 { font-size: 20px; text-align: center; margin: 8px 0 4px; } .sub { text-align: center; color: #666; margin-bottom: 12px; }
  h2 { font-size: 14px; border-left: 4px solid #1677ff; padding-left: 6px; margin: 14px 0 6px; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #ccc; padding: 3px 5px; text-align: left; }
  th { background: #f0f5ff; } td:first-child { min-width: 9em; } section { page-break-inside: auto; } .chart { width: 720px; height: 300px; margin: 8px auto; }
  .note { color: #666; font-size: 10px; margin-top: 10px; }
</style><script>${echartsSource()}</script></head><body>
<h1>${esc(c.unit.name)}${esc(c.periodLabel)}12315投诉举报咨询分析报告</h1>
<div class="sub">统计期间：${esc(c.from)} 至 ${esc(addDays(c.to, -1))} · 生成时间：${esc(chinaDateTimeText(c.generatedAt))} · 依据《市场监督管理投诉举报处理办法》第三十八条</div>
<div id="c0" class="chart"></div><div id="c1" class="chart"></div>
${tables}
<p class="note">指标口径：${INDICATORS.map((i) => `${esc(i.name)}=${esc(i.definition)}`).join('；')}。</p>
${c.odr ? `<p class="note">在线消费纠纷解决企业口径：${c.odr.rules.map(esc).join('；')}。</p>` : ''}
<script>
  const opts = ${JSON.stringify(options)};
  opts.forEach((o, i) => echarts.init(document.getElementById('c' + i), null, { renderer: 'svg' }).setOption(o));
  window.__ready = true;
</script></body></html>`;
}

/** Prints the HTML report to A4 PDF with Chromium (env CHROMIUM_PATH), once its charts have drawn. */
export function renderPdf(c: AnalysisReportContent, executablePath: string): Promise<Buffer> {
  return printPdf(analysisReportHtml(c), executablePath, {
    readyWhen: 'window.__ready === true', margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
    displayHeaderFooter: true, headerTemplate: '<span></span>',
    footerTemplate: '<div style="font-size:8px;width:100%;text-align:center;color:#888"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
  });
}
