import { dayRange, monthsOf, periodLabel, previousPeriod, analysisReportRange } from './periods.js';
import { draftWarning, rank, risers } from './hotspots.js';

describe('periods', () => {
  it('turns inclusive user ranges into half-open day ranges and lists their months', () => {
    expect(dayRange('2026-01-01', '2026-12-31')).toEqual({ from: '2026-01-01', to: '2027-01-01' });
    expect(monthsOf({ from: '2026-01-15', to: '2026-03-02' })).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(() => dayRange('2026-02-01', '2026-01-01')).toThrow('截止日期不能早于起始日期');
    expect(() => dayRange('2026-13-01', '2026-12-01')).toThrow();
  });
  it('report periods start on their first day; the scheduled job reports the period just ended', () => {
    expect(analysisReportRange('quarter', '2026-04-01')).toEqual({ from: '2026-04-01', to: '2026-07-01' });
    expect(() => analysisReportRange('quarter', '2026-05-01')).toThrow();
    expect(previousPeriod('month', '2026-01-01')).toEqual({ from: '2025-12-01', to: '2026-01-01' });
    expect(previousPeriod('quarter', '2026-07-01')).toEqual({ from: '2026-04-01', to: '2026-07-01' });
    expect(previousPeriod('year', '2027-01-01')).toEqual({ from: '2026-01-01', to: '2027-01-01' });
    expect(periodLabel('quarter', '2026-04-01')).toBe('2026年第2季度');
  });
});

describe('hotspot arithmetic', () => {
  const cur = [{ key: 'G01', name: '家电', count: 10 }, { key: 'S05', name: '教育', count: 6 }, { key: 'G02', name: '服装', count: 1 }];
  const prev = [{ key: 'G01', name: '家电', count: 12 }, { key: 'S05', name: '教育', count: 2 }];
  it('ranks with share and trend, and finds month-over-month risers', () => {
    expect(rank(cur, prev, 20)[0]).toMatchObject({ key: 'G01', share: 0.5, previous: 12, change: -2, trend: 'down' });
    expect(risers(cur, prev, 20).map((r) => [r.key, r.change, r.trend])).toEqual([['S05', 4, 'up']]);
  });
  it('drafts a consumer warning from a hotspot', () => {
    const w = draftWarning('category', rank(cur, prev, 20)[1]!, '常德市市场监督管理局', '2026年10月');
    expect(w.title).toBe('关于教育消费的消费警示');
    expect(w.body).toContain('“教育”类投诉6件，占同期总量的30.0%，较上期增加4件');
  });
});
