import chineseDays from 'chinese-days';
import { DomainError } from '#kernel';
import type { CalendarDayEntry } from './calendar.js';
import { type LocalDate, addDays, weekday } from './china-time.js';

// The package is CommonJS (UMD): its default export carries every function in Node ESM and under Jest alike.
const { getLunarDate, getSolarTermDate } = chineseDays as unknown as {
  getLunarDate(d: string): { lunarMon: number; lunarDay: number; isLeap: boolean };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
};

/** The lunar tables of the library cover these years; outside them no provisional calendar can be built. */
export const PROVISIONAL_FIRST_YEAR = 1901;
export const PROVISIONAL_LAST_YEAR = 2099;

export class CalendarYearOutOfRange extends DomainError {
  readonly code = 'CALENDAR_YEAR_OUT_OF_RANGE';
  constructor(readonly year: number) {
    super(`${year}年超出可推算的日历范围（${PROVISIONAL_FIRST_YEAR}—${PROVISIONAL_LAST_YEAR}年）`, { year });
  }
}

export interface StatutoryDay {
  date: LocalDate;
  name: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number): LocalDate => `${y}-${pad(m)}-${pad(d)}`;

/**
 * 清明 is the day of the solar term. The library formats a UTC-midnight Date with local getters, which names the
 * day before west of UTC; the day number it computed is the UTC one, so shift back when the local offset is behind.
 */
function qingming(year: number): LocalDate {
  const raw = getSolarTermDate(year, 4, 'pure_brightness');
  return new Date(Date.UTC(year, 3, 5)).getTimezoneOffset() > 0 ? addDays(raw, 1) : raw;
}

/** Gregorian dates of the non-leap lunar days wanted in one Gregorian year (lunar fields are zone-proof). */
function lunarDays(year: number): { newYear: LocalDate; duanwu: LocalDate; midAutumn: LocalDate } {
  const found: Record<string, LocalDate> = {};
  for (let d = ymd(year, 1, 1), i = 0; i < 366 && d.startsWith(String(year)); d = addDays(d, 1), i++) {
    const l = getLunarDate(d);
    if (l.isLeap) continue;
    const key = `${l.lunarMon}-${l.lunarDay}`;
    if ((key === '1-1' || key === '5-5' || key === '8-15') && !found[key]) found[key] = d;
  }
  if (!found['1-1'] || !found['5-5'] || !found['8-15']) throw new CalendarYearOutOfRange(year);
  return { newYear: found['1-1'], duanwu: found['5-5'], midAutumn: found['8-15'] };
}

/**
 * The statutory days off of 《全国年节及纪念日放假办法》 for one year, the regime in force that year:
 * from 2025 (2024 revision) 13 days — 元旦 1, 春节 4 (除夕、初一至初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3;
 * 2008–2024 11 days (春节 初一至初三, 劳动节 5月1日); 2000–2007 10 days (元旦 1, 春节 3, 劳动节 3, 国庆 3).
 */
export function statutoryDays(year: number): StatutoryDay[] {
  if (!Number.isInteger(year) || year < PROVISIONAL_FIRST_YEAR || year > PROVISIONAL_LAST_YEAR) throw new CalendarYearOutOfRange(year);
  const out: StatutoryDay[] = [{ date: ymd(year, 1, 1), name: '元旦' }];
  const lunar = lunarDays(year);
  const spring = [0, 1, 2].map((i) => addDays(lunar.newYear, i));
  if (year >= 2025) out.push({ date: addDays(lunar.newYear, -1), name: '春节' });
  out.push(...spring.map((date) => ({ date, name: '春节' })));
  if (year >= 2008) {
    out.push({ date: qingming(year), name: '清明节' });
    out.push({ date: ymd(year, 5, 1), name: '劳动节' });
    if (year >= 2025) out.push({ date: ymd(year, 5, 2), name: '劳动节' });
    out.push({ date: lunar.duanwu, name: '端午节' }, { date: lunar.midAutumn, name: '中秋节' });
  } else {
    out.push(...[1, 2, 3].map((d) => ({ date: ymd(year, 5, d), name: '劳动节' })));
  }
  out.push(...[1, 2, 3].map((d) => ({ date: ymd(year, 10, d), name: '国庆节' })));
  // 除夕 of a year whose 春节 falls in late January can sit on the 31 December before: keep only this year's days.
  const seen = new Set<LocalDate>();
  return out
    .filter((d) => d.date.startsWith(String(year)) && !seen.has(d.date) && seen.add(d.date))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The provisional calendar of a year without a loaded notice: the statutory days, and for each one that falls on a
 * Saturday or Sunday a day in lieu (补假, 办法 Art. 6) — OUR rule, as the law names no day: the next Monday–Friday
 * after it that is not already a statutory day or a day in lieu. Make-up working days (调休上班) cannot be known
 * before the notice, so there are none. Every entry is a holiday.
 */
export function provisionalYear(year: number): CalendarDayEntry[] {
  const days = statutoryDays(year);
  const taken = new Set(days.map((d) => d.date));
  const out: CalendarDayEntry[] = days.map((d) => ({ date: d.date, kind: 'holiday', name: d.name }));
  for (const d of days) {
    const wd = weekday(d.date);
    if (wd !== 0 && wd !== 6) continue;
    let x = d.date;
    // At most a fortnight: the longest statutory run is 4 days, each taking one weekday.
    for (let i = 0; i < 14; i++) {
      x = addDays(x, 1);
      const w = weekday(x);
      if (w !== 0 && w !== 6 && !taken.has(x)) break;
    }
    taken.add(x);
    out.push({ date: x, kind: 'holiday', name: `${d.name}补假` });
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

const cache = new Map<number, ReadonlyMap<LocalDate, CalendarDayEntry>>();

/** provisionalYear as a date-keyed map, computed once per year per process. */
export function provisionalDays(year: number): ReadonlyMap<LocalDate, CalendarDayEntry> {
  let m = cache.get(year);
  if (!m) {
    m = new Map(provisionalYear(year).map((e) => [e.date, e]));
    cache.set(year, m);
  }
  return m;
}
