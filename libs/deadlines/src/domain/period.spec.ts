import { readFileSync } from 'node:fs';
import { WorkingCalendar } from './calendar.js';
import { type ChineseDaysJson, calendarEntriesFromChineseDays, yearsIn } from './chinese-days-import.js';
import { computeDue } from './period.js';
import { DEFAULT_LADDER, liveRungs, rungFireAt } from './clock.js';

// Expected dates below are worked out by hand from the HOL notices (domain.md §5) and the period rule
// (domain.md §4): the starting day is not counted; working-day periods count working days from the next
// one; calendar-day periods count calendar days and, if the last day is not a working day, end on the next
// working day; a period ends at 24:00 China time (= 15:59:59.999Z of the due day).

const entries = calendarEntriesFromChineseDays(
  JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson,
);
const cal = new WorkingCalendar(entries, yearsIn(entries), 'chinese-days');

/** The instant of a China wall-clock time. */
const china = (s: string) => new Date(`${s}+08:00`);

describe('computeDue — working days', () => {
  it.each([
    // Fri 02-13 before the Spring Festival: 02-14 Sat make-up (1); 02-15..23 off; 02-24 Tue (2), 25 (3), 26 (4),
    // 27 Fri (5), 02-28 Sat make-up (6); 03-01 Sun off; 03-02 Mon (7).
    ['2026-02-13', 7, '2026-03-02'],
    // Received on the make-up Saturday 02-14 (not counted): 02-24 (1) … 02-28 (5), 03-02 (6), 03-03 (7).
    ['2026-02-14', 7, '2026-03-03'],
    // Received on a holiday 02-16: counting starts at the next working day, 02-24 (1) … 02-28 (5), 03-02 (6), 03-03 (7).
    ['2026-02-16', 7, '2026-03-03'],
    // Wed 09-30: 10-01..07 off; 10-08 Thu (1), 09 Fri (2), 10-10 Sat make-up (3); 10-11 Sun off; 12 (4), 13 (5),
    // 14 (6), 15 (7).
    ['2026-09-30', 7, '2026-10-15'],
    // Thu 09-24: 09-25..27 Mid-autumn off; 28 (1), 29 (2), 30 (3); 10-01..07 off; 10-08 (4), 09 (5), 10 Sat (6), 12 (7).
    ['2026-09-24', 7, '2026-10-12'],
    // Fri 09-18: 19 Sat off; 09-20 Sun make-up (1); 21 (2), 22 (3), 23 (4), 24 (5); 25..27 off; 28 (6), 29 (7).
    ['2026-09-18', 7, '2026-09-29'],
    // Thu 04-30: 05-01..05 off; 05-06 Wed (1), 07 (2), 08 (3), 05-09 Sat make-up (4); 10 Sun off; 11 (5), 12 (6), 13 (7).
    ['2026-04-30', 7, '2026-05-13'],
    // 2025 Spring Festival: Fri 01-24; 01-25 Sat off; 01-26 Sun make-up (1); 27 Mon (2); 01-28..02-04 off;
    // 02-05 Wed (3), 06 (4), 07 (5), 02-08 Sat make-up (6); 09 Sun off; 02-10 Mon (7).
    ['2025-01-24', 7, '2025-02-10'],
    // 2025 National Day: Fri 09-26; 27 Sat off; 09-28 Sun make-up (1); 29 (2), 30 (3); 10-01..08 off; 10-09 Thu (4),
    // 10 Fri (5), 10-11 Sat make-up (6); 12 Sun off; 10-13 Mon (7).
    ['2025-09-26', 7, '2025-10-13'],
    // Starting day not counted: 1 working day from Mon 03-02 is Tue 03-03; from Sun 03-01 it is Mon 03-02.
    ['2026-03-02', 1, '2026-03-03'],
    ['2026-03-01', 1, '2026-03-02'],
    // O20 mediation, 45 working days from Wed 04-01: 04-02..03 (2); 04-04..06 off; 04-07..10 (6); 13..17 (11);
    // 20..24 (16); 27..30 (20); 05-01..05 off; 05-06..09 incl. Sat make-up (24); 11..15 (29); 18..22 (34);
    // 25..29 (39); 06-01..05 (44); 06-08 Mon (45).
    ['2026-04-01', 45, '2026-06-08'],
    // RCF 15 working days from Tue 09-22: 23, 24 (2); 25..27 off; 28, 29, 30 (5); 10-01..07 off; 08, 09, 10 Sat (8);
    // 12..16 (13); 19 (14), 20 (15).
    ['2026-09-22', 15, '2026-10-20'],
  ])('from %s, %i working days → %s', (from, n, due) => {
    const d = computeDue(cal, from, n, 'workingDays');
    expect(d.dueDate).toBe(due);
    expect(d.counted).toHaveLength(n);
    expect(d.counted[n - 1]).toBe(due);
    expect(d.rolledFrom).toBeNull();
    expect(d.calendarGaps).toEqual([]);
    expect(d.dueAt.toISOString()).toBe(`${due}T15:59:59.999Z`);
  });

  it('lists exactly the working days counted over the Spring Festival', () => {
    expect(computeDue(cal, '2026-02-13', 7, 'workingDays').counted).toEqual([
      '2026-02-14', '2026-02-24', '2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-02',
    ]);
  });

  it('counts from the China date of the receipt instant, whatever the server zone', () => {
    // 23:30 China time on Mon 2026-03-02 (= 15:30Z, already 03-03 in UTC+14): counts from 03-02 →
    // 03 (1), 04 (2), 05 (3), 06 (4); 07–08 weekend; 09 (5), 10 (6), 11 (7).
    const late = computeDue(cal, new Date('2026-03-02T15:30:00Z'), 7, 'workingDays');
    expect(late.dueDate).toBe('2026-03-11');
    expect(late.dueAt.toISOString()).toBe('2026-03-11T15:59:59.999Z');
    expect(late.dueAt.getTime()).toBe(new Date('2026-03-11T23:59:59.999+08:00').getTime());
    // 00:30 China time on Tue 03-03 (= 16:30Z on 03-02, still 03-02 in UTC and New York): counts from 03-03 → 03-12.
    expect(computeDue(cal, new Date('2026-03-02T16:30:00Z'), 7, 'workingDays').dueDate).toBe('2026-03-12');
    // The same instant given as a China date agrees.
    expect(computeDue(cal, '2026-03-02', 7, 'workingDays').dueDate).toBe('2026-03-11');
  });

  it('amount 0 is due at the end of the starting day', () => {
    const d = computeDue(cal, '2026-03-02', 0, 'workingDays');
    expect(d).toEqual({
      dueDate: '2026-03-02',
      dueAt: new Date('2026-03-02T23:59:59.999+08:00'),
      counted: [],
      rolledFrom: null,
      calendarGaps: [],
      provisional: false,
    });
  });

  it('reaching into 2027 (no notice yet) counts on the provisional calendar and reports the gap', () => {
    // Mon 2026-12-28: 29 (1), 30 (2), 31 (3); 2027-01-01 Fri is 元旦 by law, off even without the notice;
    // 02–03 weekend; 04 (4), 05 (5), 06 (6), 07 (7).
    const d = computeDue(cal, '2026-12-28', 7, 'workingDays');
    expect(d.dueDate).toBe('2027-01-07');
    expect(d.calendarGaps).toEqual([2027]);
    expect(d.provisional).toBe(true);
    expect(computeDue(cal, '2026-12-21', 7, 'workingDays').calendarGaps).toEqual([]); // due 12-30
  });
});

describe('computeDue — calendar days', () => {
  it.each([
    // 60 days from Thu 04-16: 14 to 04-30, 31 in May, 15 in June → Mon 06-15, a working day.
    ['2026-04-16', 60, '2026-06-15', null],
    // From Wed 04-15: day 60 is Sun 06-14 → rolls to Mon 06-15.
    ['2026-04-15', 60, '2026-06-15', '2026-06-14'],
    // From Tue 04-07: 23 + 31 + 6 → Sat 06-06 → Mon 06-08.
    ['2026-04-07', 60, '2026-06-08', '2026-06-06'],
    // From Sun 08-02: 29 + 30 + 1 → 10-01 National Day → 10-02..07 off too → Thu 10-08.
    ['2026-08-02', 60, '2026-10-08', '2026-10-01'],
    // From 2025-12-17: 14 + 31 + 15 → 2026-02-15 (Spring Festival) → 02-16..23 off → Tue 02-24.
    ['2025-12-17', 60, '2026-02-24', '2026-02-15'],
    // From 08-11: 20 + 30 + 10 → Sat 10-10, a make-up working day: no roll.
    ['2026-08-11', 60, '2026-10-10', null],
    // From Thu 03-05, 60 days: 26 + 30 + 4 → Mon 05-04 (Labour Day) → 05-05 off → Wed 05-06.
    ['2026-03-05', 60, '2026-05-06', '2026-05-04'],
    // 1 day from Fri 03-06 → Sat 03-07 → Mon 03-09.
    ['2026-03-06', 1, '2026-03-09', '2026-03-07'],
  ])('from %s, %i calendar days → %s (rolled from %s)', (from, n, due, rolled) => {
    const d = computeDue(cal, from, n, 'calendarDays');
    expect(d.dueDate).toBe(due);
    expect(d.rolledFrom).toBe(rolled);
    expect(d.counted).toHaveLength(n);
    expect(d.counted[n - 1]).toBe(rolled ?? due);
    expect(d.dueAt.toISOString()).toBe(`${due}T15:59:59.999Z`);
    expect(d.calendarGaps).toEqual([]);
  });

  it('does not count the starting day', () => {
    expect(computeDue(cal, '2026-03-02', 3, 'calendarDays').counted).toEqual(['2026-03-03', '2026-03-04', '2026-03-05']);
  });

  it('amount 0 ends on the starting day without rolling', () => {
    expect(computeDue(cal, '2026-03-07', 0, 'calendarDays')).toMatchObject({ dueDate: '2026-03-07', rolledFrom: null, counted: [] });
  });

  it('reports 2027 as a gap and rolls on the provisional calendar', () => {
    // From Tue 2026-12-01: 30 + 30 → Sat 2027-01-30 → Mon 2027-02-01 (no 2027 notice: its 春节 02-05..10 is further on).
    const d = computeDue(cal, '2026-12-01', 60, 'calendarDays');
    expect(d).toMatchObject({ dueDate: '2027-02-01', rolledFrom: '2027-01-30', calendarGaps: [2027] });
  });

  it('counts from the China date of an instant', () => {
    // 2026-04-15 23:30 China (15:30Z) → from 04-15 → 06-14 Sun → 06-15.
    expect(computeDue(cal, new Date('2026-04-15T15:30:00Z'), 60, 'calendarDays').dueDate).toBe('2026-06-15');
    // 2026-04-16 00:30 China (04-15 16:30Z) → from 04-16 → 06-15.
    expect(computeDue(cal, new Date('2026-04-15T16:30:00Z'), 60, 'calendarDays').rolledFrom).toBeNull();
  });
});

describe('computeDue — hours and bad input', () => {
  it('runs hour periods in clock hours from the start instant, holidays included', () => {
    const d = computeDue(cal, china('2026-02-14T10:00:00'), 24, 'hours');
    expect(d.dueAt.toISOString()).toBe('2026-02-15T02:00:00.000Z');
    expect(d).toMatchObject({ dueDate: '2026-02-15', counted: [], rolledFrom: null, calendarGaps: [] });
    // 20:00 China + 24 h → 20:00 China next day (12:00Z), China date 03-03.
    const e = computeDue(cal, china('2026-03-02T20:00:00'), 24, 'hours');
    expect(e.dueAt.toISOString()).toBe('2026-03-03T12:00:00.000Z');
    expect(e.dueDate).toBe('2026-03-03');
    // 23:30 China + 1 h crosses midnight: China date 03-03 though UTC is still 03-02.
    expect(computeDue(cal, china('2026-03-02T23:30:00'), 1, 'hours').dueDate).toBe('2026-03-03');
    expect(computeDue(cal, china('2026-03-02T23:30:00'), 0, 'hours').dueAt).toEqual(china('2026-03-02T23:30:00'));
  });

  it('needs an instant for an hour period', () => {
    expect(() => computeDue(cal, '2026-03-02', 24, 'hours')).toThrow(TypeError);
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects amount %p', (n) => {
    expect(() => computeDue(cal, '2026-03-02', n, 'workingDays')).toThrow(RangeError);
  });
});

describe('liveRungs (what a live clock still arms)', () => {
  const ladder = DEFAULT_LADDER;
  const clock = { unit: 'workingDays' as const, dueAt: new Date('2026-10-09T15:59:59.999Z'), dueDate: '2026-10-09' };

  it('a running clock arms every rung, each at rungFireAt', () => {
    const r = liveRungs(cal, { ...clock, state: 'running' }, ladder);
    expect(r.map((x) => x.rung)).toEqual(ladder.map((x) => x.rung));
    for (const [i, x] of r.entries()) expect(x.fireAt).toEqual(rungFireAt(cal, clock.unit, clock.dueAt, clock.dueDate, ladder[i]!));
  });

  it('an overdue clock arms only what comes after its due instant', () => {
    const r = liveRungs(cal, { ...clock, state: 'overdue' }, ladder);
    expect(r.map((x) => x.rung)).toEqual(ladder.filter((x) => x.offset > 0).map((x) => x.rung));
    expect(r.every((x) => x.fireAt.getTime() > clock.dueAt.getTime())).toBe(true);
  });
});
