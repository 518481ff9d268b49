import { readFileSync } from 'node:fs';
import { CalendarExhausted, WorkingCalendar } from './calendar.js';
import { type ChineseDaysJson, calendarEntriesFromChineseDays, yearsIn } from './chinese-days-import.js';
import { computeDue } from './period.js';
import { CalendarYearOutOfRange, provisionalYear, statutoryDays } from './statutory.js';

const json = JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson;
const isWeekday = (d: string) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
const inYear = (o: Record<string, string> | undefined, y: number) => Object.keys(o ?? {}).filter((d) => d.startsWith(`${y}-`)).sort();

describe('statutory days of 《全国年节及纪念日放假办法》, computed by the rules alone', () => {
  // The days each notice names as the statutory days (「X月X日放假」 of each festival), written out by hand.
  const STATED: Record<number, string[]> = {
    2024: ['01-01', '02-10', '02-11', '02-12', '04-04', '05-01', '06-10', '09-17', '10-01', '10-02', '10-03'],
    2025: ['01-01', '01-28', '01-29', '01-30', '01-31', '04-04', '05-01', '05-02', '05-31', '10-01', '10-02', '10-03', '10-06'],
    2026: ['01-01', '02-16', '02-17', '02-18', '02-19', '04-05', '05-01', '05-02', '06-19', '09-25', '10-01', '10-02', '10-03'],
  };

  it.each([2024, 2025, 2026])('%i: exactly the statutory days, each inside the notice’s holiday ranges', (year) => {
    const days = statutoryDays(year).map((d) => d.date);
    expect(days).toEqual(STATED[year]!.map((md) => `${year}-${md}`));
    expect(days.length).toBe(year >= 2025 ? 13 : 11);
    const holidays = new Set(inYear(json.holidays, year));
    expect(days.filter((d) => !holidays.has(d))).toEqual([]);
  });

  it.each([2024, 2025, 2026])('%i: the provisional weekday rest days are exactly the notice’s weekday holidays that are not swapped (调休)', (year) => {
    // A notice's holidays on Mon–Fri are the statutory days, the days in lieu (补假) and the swapped days (inLieuDays,
    // paid back by make-up Saturdays). Without the swaps, the law alone must give the same weekdays.
    const swapped = new Set(inYear(json.inLieuDays, year));
    const notice = inYear(json.holidays, year).filter((d) => isWeekday(d) && !swapped.has(d));
    const provisional = provisionalYear(year).map((e) => e.date).filter(isWeekday);
    expect(provisional).toEqual(notice);
  });

  it('gives a weekend statutory day the next weekday that is not already off (2027 春节: 初一 Sat, 初二 Sun)', () => {
    const y = provisionalYear(2027);
    expect(y.filter((e) => e.name?.startsWith('春节')).map((e) => `${e.date} ${e.name}`)).toEqual([
      '2027-02-05 春节', '2027-02-06 春节', '2027-02-07 春节', '2027-02-08 春节', '2027-02-09 春节补假', '2027-02-10 春节补假',
    ]);
    expect(y.every((e) => e.kind === 'holiday')).toBe(true);
  });

  it('uses the older regimes for earlier years (2007: 劳动节 three days, no 清明)', () => {
    const d = statutoryDays(2007).map((x) => x.name);
    expect(d.filter((n) => n === '劳动节')).toHaveLength(3);
    expect(d).not.toContain('清明节');
    expect(d).toHaveLength(10);
  });

  it('refuses years outside the lunar tables', () => {
    expect(() => statutoryDays(2100)).toThrow(CalendarYearOutOfRange);
    expect(() => statutoryDays(9999)).toThrow(CalendarYearOutOfRange);
  });
});

describe('a year without a notice counts on the provisional calendar', () => {
  const entries = calendarEntriesFromChineseDays(json).filter((e) => e.date < '2027-01-01');
  const cal = new WorkingCalendar(entries, yearsIn(entries).filter((y) => y <= 2026), 'test');

  it('2026-12-31 + 7 working days is 2027-01-12 (元旦 is off), marked provisional', () => {
    const d = computeDue(cal, '2026-12-31', 7, 'workingDays');
    expect(d).toMatchObject({ dueDate: '2027-01-12', provisional: true, calendarGaps: [2027] });
    expect(d.counted).not.toContain('2027-01-01');
  });

  it('a period inside a loaded year is not provisional', () => {
    expect(computeDue(cal, '2026-12-01', 5, 'workingDays')).toMatchObject({ dueDate: '2026-12-08', provisional: false });
  });

  it('a loaded year ignores the provisional calendar (2026-04-06 is off by the notice, 2026-05-09 a make-up day)', () => {
    expect(cal.isWorkingDay('2026-05-09')).toBe(true);
    expect(cal.isProvisional('2026-05-09')).toBe(false);
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.isProvisional('2027-01-01')).toBe(true);
  });
});

describe('calendar arithmetic is bounded by construction', () => {
  const cal = new WorkingCalendar([], [], 'empty');

  it('9999-12-31 + 7 working days ends in a domain error, not a loop', () => {
    expect(() => computeDue(cal, '9999-12-31', 7, 'workingDays')).toThrow(CalendarExhausted);
    // No notice for 9999: its provisional calendar is out of the lunar tables' range.
    expect(() => computeDue(cal, '9999-12-01', 7, 'workingDays')).toThrow(CalendarYearOutOfRange);
    // Even with 9999 "loaded" (plain weekdays), the day after 9999-12-31 is refused rather than never advancing.
    const loaded = new WorkingCalendar([], [9999], 'y9999');
    expect(() => computeDue(loaded, '9999-12-31', 7, 'workingDays')).toThrow(CalendarExhausted);
    expect(() => loaded.nextWorkingDay('9999-12-31')).toThrow(CalendarExhausted);
  });

  it('a calendar with no working day in reach gives up after a bounded number of days', () => {
    const allOff = Array.from({ length: 120 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10));
    const blocked = new WorkingCalendar(allOff.map((date) => ({ date, kind: 'holiday' as const })), [2026], 'blocked');
    expect(() => blocked.nextWorkingDay('2025-12-31')).toThrow(CalendarExhausted);
    expect(() => blocked.addWorkingDays('2025-12-31', 3)).toThrow(CalendarExhausted);
    expect(() => blocked.subtractWorkingDays('2026-04-30', 1)).toThrow(CalendarExhausted);
  });

  it('refuses periods longer than a century instead of counting them', () => {
    const c = new WorkingCalendar([], [2026], 'x');
    expect(() => computeDue(c, '2026-01-01', 1_000_000_000, 'workingDays')).toThrow(CalendarExhausted);
    expect(() => computeDue(c, '2026-01-01', 1_000_000_000, 'calendarDays')).toThrow(CalendarExhausted);
  });
});
