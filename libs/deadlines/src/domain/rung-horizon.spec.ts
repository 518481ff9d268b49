import { WorkingCalendar } from './calendar.js';
import { addDays, endOfChinaDay, startOfChinaDay } from './china-time.js';
import { type LadderRung, rungFireAt, rungHorizon } from './clock.js';

// A Spring Festival week off and a make-up Saturday, so working days and calendar days differ.
const cal = new WorkingCalendar(
  [
    ...['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((date) => ({ date, kind: 'holiday' as const, name: '春节' })),
    { date: '2027-02-13', kind: 'workday' as const, name: '春节调休' },
  ],
  [2027],
  'test',
);

const rungs: LadderRung[] = [
  { rung: 'warn', offset: -2 }, { rung: 'warn', offset: -30 }, { rung: 'due', offset: 0 },
  { rung: 'remind', offset: 1 }, { rung: 'supervise', offset: 2 }, { rung: 'notice', offset: 30 },
];

describe('rungHorizon: the latest due whose rung has come', () => {
  // Instants around the holiday, at midnight and mid-day: every day clock due on or before the horizon has its
  // rung at or before now, every one after it not — the sweeper's query relies on exactly that.
  const nows = ['2027-01-20', '2027-02-05', '2027-02-09', '2027-02-14', '2027-03-01'].flatMap((d) => [
    startOfChinaDay(d), new Date(startOfChinaDay(d).getTime() + 13 * 3600_000), endOfChinaDay(d),
  ]);
  it.each(rungs.map((r) => [`${r.rung} ${r.offset}`, r] as const))('day clocks: %s', (_, r) => {
    for (const now of nows) {
      const h = rungHorizon(cal, r, now);
      for (let i = -80; i <= 80; i++) {
        const d = addDays(h.dueDate, i);
        const come = rungFireAt(cal, 'workingDays', endOfChinaDay(d), d, r).getTime() <= now.getTime();
        expect([d, come]).toEqual([d, i <= 0]);
      }
    }
  });

  it.each(rungs.map((r) => [`${r.rung} ${r.offset}`, r] as const))('hour clocks: %s', (_, r) => {
    const now = new Date('2027-02-09T05:00:00Z');
    const h = rungHorizon(cal, r, now);
    for (const ms of [-3600_000, -1, 0, 1, 3600_000]) {
      const dueAt = new Date(h.dueAt.getTime() + ms);
      const come = rungFireAt(cal, 'hours', dueAt, '2027-02-09', r).getTime() <= now.getTime();
      expect([ms, come]).toEqual([ms, ms <= 0]);
    }
  });
});
