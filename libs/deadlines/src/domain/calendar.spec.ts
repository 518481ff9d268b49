import { readFileSync } from 'node:fs';
import { WorkingCalendar } from './calendar.js';
import { parseNotice } from './calendar-import.js';
import { type ChineseDaysJson, calendarEntriesFromChineseDays, yearsIn } from './chinese-days-import.js';
import {
  addDays,
  chinaDate,
  chinaMinuteOfDay,
  daysBetween,
  endOfChinaDay,
  endOfChinaDayIso,
  isLocalDate,
  startOfChinaDay,
  weekday,
} from './china-time.js';

const packageJson = (): ChineseDaysJson =>
  JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson;

function officialCalendar(): WorkingCalendar {
  const entries = calendarEntriesFromChineseDays(packageJson());
  return new WorkingCalendar(entries, yearsIn(entries), 'chinese-days');
}

/** Every date from a to b inclusive, written out without the code under test. */
function span(year: number, from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(year, Number(from.slice(0, 2)) - 1, Number(from.slice(3))); ; t += 86_400_000) {
    const d = new Date(t).toISOString().slice(0, 10);
    out.push(d);
    if (d === `${year}-${to}`) return out;
  }
}

// HOL: 国务院办公厅关于2025年/2026年部分节假日安排的通知 (domain.md §5).
const HOLIDAYS_2026 = [
  ...span(2026, '01-01', '01-03'),
  ...span(2026, '02-15', '02-23'),
  ...span(2026, '04-04', '04-06'),
  ...span(2026, '05-01', '05-05'),
  ...span(2026, '06-19', '06-21'),
  ...span(2026, '09-25', '09-27'),
  ...span(2026, '10-01', '10-07'),
];
const MAKEUP_2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];
const HOLIDAYS_2025 = [
  '2025-01-01',
  ...span(2025, '01-28', '02-04'),
  ...span(2025, '04-04', '04-06'),
  ...span(2025, '05-01', '05-05'),
  ...span(2025, '05-31', '06-02'),
  ...span(2025, '10-01', '10-08'),
];
const MAKEUP_2025 = ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'];

describe('calendarEntriesFromChineseDays / yearsIn', () => {
  it('converts holidays and make-up days with their Chinese names, one entry per date, sorted', () => {
    const entries = calendarEntriesFromChineseDays({
      holidays: { '2026-02-16': 'Spring Festival,春节,4', '2026-01-01': "New Year's Day,元旦,1" },
      workdays: { '2026-02-14': 'Spring Festival,春节,4' },
      inLieuDays: { '2026-02-16': 'Spring Festival,春节,4' },
    });
    expect(entries).toEqual([
      { date: '2026-01-01', kind: 'holiday', name: '元旦' },
      { date: '2026-02-14', kind: 'workday', name: '春节' },
      { date: '2026-02-16', kind: 'holiday', name: '春节' },
    ]);
    expect(yearsIn(entries)).toEqual([2026]);
  });

  it('keeps a single-field name and drops an empty one', () => {
    expect(calendarEntriesFromChineseDays({ holidays: { '2026-01-01': 'NewYear' }, workdays: { '2026-01-04': '' } })).toEqual([
      { date: '2026-01-01', kind: 'holiday', name: 'NewYear' },
      { date: '2026-01-04', kind: 'workday' },
    ]);
  });

  it('rejects malformed dates and a date that is both a holiday and a working day', () => {
    expect(() => calendarEntriesFromChineseDays({ holidays: { '2026-02-30': 'x' }, workdays: {} })).toThrow(RangeError);
    expect(() => calendarEntriesFromChineseDays({ holidays: { '2026/01/01': 'x' }, workdays: {} })).toThrow(RangeError);
    expect(() =>
      calendarEntriesFromChineseDays({ holidays: { '2026-01-04': 'x' }, workdays: { '2026-01-04': 'y' } }),
    ).toThrow(/both/);
  });

  it('yearsIn lists distinct years ascending; none for no entries', () => {
    expect(yearsIn([])).toEqual([]);
    expect(
      yearsIn([
        { date: '2026-01-01', kind: 'holiday' },
        { date: '2004-01-01', kind: 'holiday' },
        { date: '2026-02-14', kind: 'workday' },
      ]),
    ).toEqual([2004, 2026]);
  });

  it('reads the package data: 2004–2026 loaded, 2027 not', () => {
    const entries = calendarEntriesFromChineseDays(packageJson());
    const years = yearsIn(entries);
    expect(years[0]).toBe(2004);
    expect(years).toContain(2025);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027); // update this (and the gap tests) once the 2027 notice ships
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i)); // no hole
  });
});

describe('WorkingCalendar built from chinese-days, against the official 2025 and 2026 notices', () => {
  const cal = officialCalendar();
  const entries = calendarEntriesFromChineseDays(packageJson());

  it.each(HOLIDAYS_2026)('2026 holiday %s is a rest day', (d) => expect(cal.isWorkingDay(d)).toBe(false));
  it.each(MAKEUP_2026)('2026 make-up day %s is a working day', (d) => expect(cal.isWorkingDay(d)).toBe(true));
  it.each(HOLIDAYS_2025)('2025 holiday %s is a rest day', (d) => expect(cal.isWorkingDay(d)).toBe(false));
  it.each(MAKEUP_2025)('2025 make-up day %s is a working day', (d) => expect(cal.isWorkingDay(d)).toBe(true));

  it('holds exactly the notices’ exceptions for 2025 and 2026, nothing more', () => {
    for (const [year, hol, mk] of [
      ['2025', HOLIDAYS_2025, MAKEUP_2025],
      ['2026', HOLIDAYS_2026, MAKEUP_2026],
    ] as const) {
      const ofYear = entries.filter((e) => e.date.startsWith(year));
      expect(ofYear.filter((e) => e.kind === 'holiday').map((e) => e.date)).toEqual([...hol].sort());
      expect(ofYear.filter((e) => e.kind === 'workday').map((e) => e.date)).toEqual([...mk].sort());
    }
    expect(HOLIDAYS_2026).toHaveLength(33); // 3 + 9 + 3 + 5 + 3 + 3 + 7
    expect(HOLIDAYS_2025).toHaveLength(28); // 1 + 8 + 3 + 5 + 3 + 8
  });

  it('counts 248 working days in each of 2025 and 2026', () => {
    // 2026: Jan 1 is a Thursday → 261 weekdays; 19 holidays fall on weekdays (01-01,02; 02-16..20,23; 04-06;
    // 05-01,04,05; 06-19; 09-25; 10-01,02,05,06,07); + 6 make-up days = 248.
    // 2025: Jan 1 is a Wednesday → 261 weekdays; 18 weekday holidays; + 5 make-up days = 248.
    expect(cal.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(248);
    expect(cal.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(248);
  });

  it('ordinary days follow Mon–Fri', () => {
    expect(cal.isWorkingDay('2026-03-02')).toBe(true); // Monday
    expect(cal.isWorkingDay('2026-03-06')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(cal.isWorkingDay('2026-03-08')).toBe(false); // Sunday
  });

  it('knows its loaded years and reports gaps for the others', () => {
    expect(cal.isKnownYear(2026)).toBe(true);
    expect(cal.isKnownYear(2027)).toBe(false);
    expect(cal.isKnownYear(2003)).toBe(false);
    expect(cal.loadedYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(cal.gapsBetween('2026-01-01', '2026-12-31')).toEqual([]);
    expect(cal.gapsBetween('2026-12-28', '2028-01-05')).toEqual([2027, 2028]);
    expect(cal.gapsBetween('2003-12-30', '2004-01-05')).toEqual([2003]);
  });

  it('counts a year without a notice on the provisional calendar, not Mon–Fri (2027-01-01 is a Friday and 元旦)', () => {
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.isWorkingDay('2027-01-02')).toBe(false);
    expect(cal.isWorkingDay('2027-01-04')).toBe(true);
  });

  it('nextWorkingDay skips the Spring Festival and lands on make-up Saturdays', () => {
    expect(cal.nextWorkingDay('2026-02-13')).toBe('2026-02-14'); // Sat make-up
    expect(cal.nextWorkingDay('2026-02-14')).toBe('2026-02-24'); // 02-15..23 off
    expect(cal.nextWorkingDay('2026-02-27')).toBe('2026-02-28'); // Sat make-up
    expect(cal.nextWorkingDay('2026-02-28')).toBe('2026-03-02'); // Sun 03-01 off
    expect(cal.nextWorkingDay('2026-09-30')).toBe('2026-10-08');
  });

  it('addWorkingDays counts from the day after and lists the counted days', () => {
    expect(cal.addWorkingDays('2026-04-30', 4)).toEqual({
      date: '2026-05-09',
      counted: ['2026-05-06', '2026-05-07', '2026-05-08', '2026-05-09'],
    });
    expect(cal.addWorkingDays('2026-04-30', 0)).toEqual({ date: '2026-04-30', counted: [] });
  });

  it('workingDaysBetween counts (a, b]', () => {
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-13')).toBe(0);
    expect(cal.workingDaysBetween('2026-02-13', '2026-03-02')).toBe(7); // 02-14, 24, 25, 26, 27, 28, 03-02
    expect(cal.workingDaysBetween('2026-03-02', '2026-02-13')).toBe(0);
  });

  it('a later entry for the same date wins (admin edit over the imported notice)', () => {
    const edited = new WorkingCalendar(
      [...entries, { date: '2026-03-02', kind: 'holiday', name: '地方假日' }],
      yearsIn(entries),
    );
    expect(edited.isWorkingDay('2026-03-02')).toBe(false);
    expect(edited.version).toBe('v0');
  });
});

describe('china-time helpers (independent of the process time zone)', () => {
  it('validates local dates', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-2-1')).toBe(false);
    expect(isLocalDate('2026-13-01')).toBe(false);
  });

  it('takes the China date of an instant', () => {
    expect(chinaDate(new Date('2026-03-02T15:30:00Z'))).toBe('2026-03-02'); // 23:30 China
    expect(chinaDate(new Date('2026-03-02T15:59:59.999Z'))).toBe('2026-03-02');
    expect(chinaDate(new Date('2026-03-02T16:00:00Z'))).toBe('2026-03-03'); // 00:00 China
    expect(chinaDate(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
  });

  it('gives the first and last instants of a China day', () => {
    expect(startOfChinaDay('2026-03-02').toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(endOfChinaDay('2026-03-02').toISOString()).toBe('2026-03-02T15:59:59.999Z');
    expect(endOfChinaDayIso('2026-03-02')).toBe('2026-03-02T23:59:59.999+08:00');
    expect(new Date(endOfChinaDayIso('2026-03-02')).getTime()).toBe(endOfChinaDay('2026-03-02').getTime());
  });

  it('does day arithmetic across months, years and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2026-03-02', '2026-03-01')).toBe(-1);
    expect(weekday('2026-01-01')).toBe(4); // Thursday
    expect(weekday('2026-02-14')).toBe(6); // Saturday
    expect(weekday('2026-03-01')).toBe(0); // Sunday
  });

  it('gives China wall-clock minutes of an instant', () => {
    expect(chinaMinuteOfDay(new Date('2026-03-02T15:30:00Z'))).toBe(23 * 60 + 30);
    expect(chinaMinuteOfDay(new Date('2026-03-02T16:00:00Z'))).toBe(0);
    expect(chinaMinuteOfDay(new Date('2026-03-02T00:30:00Z'))).toBe(8 * 60 + 30);
    expect(chinaMinuteOfDay(new Date('1969-12-31T23:00:00Z'))).toBe(7 * 60); // before the epoch
  });
});

describe('days a notice names outside its own year', () => {
  it('2005-12-31 (Saturday) is a working day by the 2006 notice; 2011-12-31 and 2007-12-29 too', () => {
    const cal = officialCalendar();
    expect(weekday('2005-12-31')).toBe(6);
    expect(cal.isWorkingDay('2005-12-31')).toBe(true);
    expect(cal.isWorkingDay('2011-12-31')).toBe(true);
    expect(cal.isWorkingDay('2007-12-29')).toBe(true);
    expect(cal.nextWorkingDay('2005-12-30')).toBe('2005-12-31');
  });
});

describe('parseNotice (JSON, ICS) keeps the days a notice names in December of the year before', () => {
  it('JSON: accepts 2011-12-31 for the 2012 notice, refuses November of the year before', () => {
    const ok = parseNotice(2012, 'json', JSON.stringify({ holidays: [{ date: '2012-01-01', name: '元旦' }], workdays: [{ date: '2011-12-31', name: '元旦' }] }));
    expect(ok).toEqual({ ok: true, entries: [{ date: '2011-12-31', kind: 'workday', name: '元旦' }, { date: '2012-01-01', kind: 'holiday', name: '元旦' }] });
    const bad = parseNotice(2012, 'json', JSON.stringify({ holidays: ['2011-11-30'], workdays: [] }));
    expect(bad).toMatchObject({ ok: false, issues: [{ field: 'content.holidays[0]' }] });
  });

  it('ICS: keeps 2007-12-29 for the 2008 notice instead of dropping it, and refuses an endless event', () => {
    const ev = (from: string, to: string, s: string) => ['BEGIN:VEVENT', `DTSTART;VALUE=DATE:${from}`, `DTEND;VALUE=DATE:${to}`, `SUMMARY:${s}`, 'END:VEVENT'];
    const ics = ['BEGIN:VCALENDAR', ...ev('20071229', '20071230', '元旦(班)'), ...ev('20071230', '20080102', '元旦(休)'), 'END:VCALENDAR'].join('\r\n');
    const r = parseNotice(2008, 'ics', ics);
    expect(r.ok && r.entries.map((e) => `${e.date} ${e.kind}`)).toEqual(['2007-12-29 workday', '2007-12-30 holiday', '2007-12-31 holiday', '2008-01-01 holiday']);
    const endless = ['BEGIN:VCALENDAR', ...ev('20080101', '99991231', '元旦(休)'), 'END:VCALENDAR'].join('\r\n');
    expect(parseNotice(2008, 'ics', endless)).toMatchObject({ ok: false });
  });
});
