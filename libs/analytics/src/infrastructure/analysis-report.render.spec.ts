// The printed 12315 analysis report (PDF and print view) as a bureau reads it: the period's last day, not an
// exclusive end; money and counts with thousands separators; dates in words; no developer's file path; the trend
// chart's legend under its title, not across it.
import type { AnalysisReportContent } from '../domain/index.js';
import { analysisReportTables } from '../domain/index.js';
import { analysisReportHtml } from './analysis-report.render.js';

const content: AnalysisReportContent = {
  unit: { id: 'u', code: 'cd', name: '常德市市场监督管理局' }, period: 'quarter', periodLabel: '2026年第3季度',
  from: '2026-07-01', to: '2026-10-01', generatedAt: '2026-12-08T03:31:00.000+08:00',
  totals: { total: 12519, complaints: 9327, reports: 2084, inquiries: 1108, previousTotal: 11465, recoveredYuan: 703625.81 },
  trend: [{ month: '2026-09', total: 12519, complaints: 9327, reports: 2084, inquiries: 1108 }],
  byKind: [], byChannel: [], byClass: [], byProblemType: [],
  hotspots: { from: '2026-07-01', to: '2026-10-01', total: 0, categories: [], problemTypes: [], risers: { categories: [], problemTypes: [] }, respondents: [], patterns: { sharedPhones: [], sharedAddresses: [], repeatComplainants: [] } },
  performance: [],
  warnings: [{ id: 'w', title: '关于预付式消费的消费警示', createdAt: '2026-09-18T10:05:00.000+08:00', status: 'published' }],
};

describe('the printed analysis report', () => {
  const html = analysisReportHtml(content);
  const text = html.replace(/<script>[\s\S]*?<\/script>/g, '');

  it('gives the period by its first and last day (2026-10-01 read as part of Q3)', () => {
    expect(text).toContain('统计期间：2026-07-01 至 2026-09-30');
    expect(text).not.toContain('（不含）');
    expect(analysisReportTables(content)[0]!.rows).toContainEqual(['统计期间', '2026-07-01 至 2026-09-30']);
  });

  it('prints numbers with thousands separators and dates in words; the workbook keeps numbers', () => {
    expect(text).toContain('<td>703,625.81</td>');
    expect(text).toContain('<td>12,519</td>');
    expect(text).toContain('<td>2026年9月18日 10:05</td>');
    expect(analysisReportTables(content)[0]!.rows).toContainEqual(['挽回经济损失（元）', 703625.81]);
  });

  it('cites no file of the code base, and keeps the trend legend off its title', () => {
    expect(text).not.toMatch(/docs\/|\.md\b/);
    const opts = JSON.parse(/const opts = (\[.*\]);/.exec(html)![1]!) as { title: { left?: string }; legend?: { top: number }; grid: { top: number } }[];
    expect(opts[0]).toMatchObject({ title: { left: 'center' }, legend: { top: 34 }, grid: { top: 72 } });
  });
});
