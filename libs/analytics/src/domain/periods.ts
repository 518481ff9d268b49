import { type LocalDate, addDays, isLocalDate } from '#deadlines';
import { InvalidPeriod } from './analytics.errors.js';

import type { AnalysisReportPeriod } from './vocabulary.js';
export { ANALYSIS_REPORT_PERIODS, type AnalysisReportPeriod } from './vocabulary.js';

/** A half-open range of China dates [from, to). */
export interface DayRange {
  from: LocalDate;
  to: LocalDate;
}

/** An inclusive user range (from..to, both China dates) as a half-open one; checks order and size. */
export function dayRange(from: string, toInclusive: string, maxDays = 366 * 6): DayRange {
  if (!isLocalDate(from)) throw new InvalidPeriod('from', '起始日期格式应为 YYYY-MM-DD');
  if (!isLocalDate(toInclusive)) throw new InvalidPeriod('to', '截止日期格式应为 YYYY-MM-DD');
  if (toInclusive < from) throw new InvalidPeriod('to', '截止日期不能早于起始日期');
  const to = addDays(toInclusive, 1);
  if ((Date.parse(to) - Date.parse(from)) / 86_400_000 > maxDays) throw new InvalidPeriod('to', '查询区间过长');
  return { from, to };
}

export function monthKey(d: LocalDate): string {
  return d.slice(0, 7);
}

export function addMonths(d: LocalDate, n: number): LocalDate {
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${String(mm + 1).padStart(2, '0')}-01`;
}

/** The months touched by a range, as 'YYYY-MM'. */
export function monthsOf(r: DayRange): string[] {
  const out: string[] = [];
  for (let m = `${monthKey(r.from)}-01`; m < r.to; m = addMonths(m, 1)) out.push(monthKey(m));
  return out;
}

/** The report period that starts on `start` (which must be its first day). */
export function analysisReportRange(period: AnalysisReportPeriod, start: string): DayRange {
  if (!isLocalDate(start) || start.slice(8) !== '01') throw new InvalidPeriod('start', '报告期起始日应为月初（YYYY-MM-01）');
  const month = Number(start.slice(5, 7));
  if (period === 'quarter' && (month - 1) % 3 !== 0) throw new InvalidPeriod('start', '季度报告应从1、4、7、10月1日开始');
  if (period === 'year' && month !== 1) throw new InvalidPeriod('start', '年度报告应从1月1日开始');
  return { from: start, to: addMonths(start, period === 'month' ? 1 : period === 'quarter' ? 3 : 12) };
}

/** The period of the same kind just before the one containing `today` (what the scheduled job reports on). */
export function previousPeriod(period: AnalysisReportPeriod, today: LocalDate): DayRange {
  const y = Number(today.slice(0, 4));
  const m = Number(today.slice(5, 7));
  const current = period === 'month' ? `${today.slice(0, 7)}-01`
    : period === 'quarter' ? `${y}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`
    : `${y}-01-01`;
  const start = addMonths(current, period === 'month' ? -1 : period === 'quarter' ? -3 : -12);
  return analysisReportRange(period, start);
}

export function periodLabel(period: AnalysisReportPeriod, start: LocalDate): string {
  const y = start.slice(0, 4);
  const m = Number(start.slice(5, 7));
  if (period === 'month') return `${y}年${m}月`;
  if (period === 'quarter') return `${y}年第${(m - 1) / 3 + 1}季度`;
  return `${y}年`;
}
