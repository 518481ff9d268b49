import { FixedClock } from '#kernel';
import { WorkingCalendar, type CalendarDayEntry } from '#deadlines';
import {
  decideFiring, defaultTaskDue, firstReportingPeriod, lastDayOfPeriod, meetDue, periodsBetween, reportDueTimes, reportSchedule,
  type ReportDueSnapshot,
} from './reporting.js';

// HOL 2025 and 2026 as listed in shared/domain.md §5, written out by hand (independent of chinese-days).
function days(from: string, to: string, kind: CalendarDayEntry['kind']): CalendarDayEntry[] {
  const out: CalendarDayEntry[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000)
    out.push({ date: new Date(t).toISOString().slice(0, 10), kind });
  return out;
}
const holidays = [
  ['2025-01-01', '2025-01-01'], ['2025-01-28', '2025-02-04'], ['2025-04-04', '2025-04-06'], ['2025-05-01', '2025-05-05'],
  ['2025-05-31', '2025-06-02'], ['2025-10-01', '2025-10-08'],
  ['2026-01-01', '2026-01-03'], ['2026-02-15', '2026-02-23'], ['2026-04-04', '2026-04-06'], ['2026-05-01', '2026-05-05'],
  ['2026-06-19', '2026-06-21'], ['2026-09-25', '2026-09-27'], ['2026-10-01', '2026-10-07'],
].flatMap(([a, b]) => days(a!, b!, 'holiday'));
const makeUp = ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11', '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']
  .map((date) => ({ date, kind: 'workday' as const }));
const cal = new WorkingCalendar([...holidays, ...makeUp], [2025, 2026], 'test');

describe('monthly reporting cadence', () => {
  it.each([
    // month, due (5th working day of M+1), escalation (+2 working days), why
    ['2026-01', '2026-02-06', '2026-02-10', 'plain weeks; the weekend is skipped before escalating'],
    ['2026-04', '2026-05-11', '2026-05-13', 'May Day 05-01..05 skipped, make-up Saturday 05-09 counted'],
    ['2026-09', '2026-10-13', '2026-10-15', 'National Day 10-01..07 skipped, make-up Saturday 10-10 counted'],
    ['2025-12', '2026-01-08', '2026-01-12', 'New Year 01-01..03 skipped, make-up Sunday 01-04 counted'],
  ])('report for %s is due %s and escalates after %s (%s)', (period, due, escalate) => {
    const t = reportDueTimes(cal, period);
    expect(t.dueDate).toBe(due);
    expect(t.escalateDate).toBe(escalate);
    // 24:00 China time of the last day, whatever the server's zone.
    expect(t.dueAt.toISOString()).toBe(new Date(`${due}T23:59:59.999+08:00`).toISOString());
    expect(t.escalateAt.toISOString()).toBe(new Date(`${escalate}T23:59:59.999+08:00`).toISOString());
    expect(t.calendarGaps).toEqual([]);
  });

  it('flags a due date computed in a year with no loaded holiday notice', () => {
    expect(reportDueTimes(cal, '2026-12').calendarGaps).toEqual([2027]);
  });

  it('knows month lengths and walks periods across a year end', () => {
    expect(lastDayOfPeriod('2026-02')).toBe('2026-02-28');
    expect(lastDayOfPeriod('2028-02')).toBe('2028-02-29');
    expect(periodsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('defaults a task to the end of its plan year, 24:00 China time', () => {
    expect(defaultTaskDue(2026).dueAt.toISOString()).toBe('2026-12-31T15:59:59.999Z');
    expect(defaultTaskDue(2026).dueAtIso).toBe('2026-12-31T23:59:59.999+08:00');
  });

  it('starts reporting in the month the plan is confirmed, by the China date', () => {
    const clock = new FixedClock(new Date('2026-01-20T02:00:00Z'));
    expect(firstReportingPeriod(2026, clock.now())).toBe('2026-01');
    clock.set(new Date('2026-03-31T16:30:00Z')); // 00:30 on 04-01 in China
    expect(firstReportingPeriod(2026, clock.now())).toBe('2026-04');
    expect(firstReportingPeriod(2027, clock.now())).toBe('2027-01');
    expect(firstReportingPeriod(2025, clock.now())).toBeNull();
  });

  it('owes one report per month through the month of the task due date', () => {
    const all = reportSchedule(cal, '2026-01', '2026-12-31');
    expect(all.map((r) => r.period)).toEqual(periodsBetween('2026-01', '2026-12'));
    expect(reportSchedule(cal, '2026-04', '2026-06-30').map((r) => r.period)).toEqual(['2026-04', '2026-05', '2026-06']);
    expect(reportSchedule(cal, null, '2026-12-31')).toEqual([]);
    expect(reportSchedule(cal, '2026-08', '2026-06-30')).toEqual([]);
  });
});

describe('report-due timer rungs', () => {
  const t = reportDueTimes(cal, '2026-01');
  const due = (over: Partial<ReportDueSnapshot> = {}): ReportDueSnapshot => ({
    state: 'running', version: 1, dueAt: t.dueAt, escalateAt: t.escalateAt, escalatedAt: null, ...over,
  });
  const at = (iso: string) => new Date(iso);

  it('does nothing before 24:00 of the due day, then fires the due rung and schedules escalation', () => {
    expect(decideFiring(due(), 1, 'due', t.dueAt)).toEqual({ kind: 'early', at: t.dueAt });
    expect(decideFiring(due(), 1, 'due', at('2026-02-07T00:00:00+08:00'))).toEqual({
      kind: 'fire', rung: 'due', lateMs: 1, next: { rung: 'escalate', at: t.escalateAt },
    });
  });

  it('escalates only an overdue report, only after the escalation instant, and only once', () => {
    const late = at('2026-02-11T09:00:00+08:00');
    expect(decideFiring(due(), 1, 'escalate', late)).toEqual({ kind: 'stale' }); // due rung not fired yet
    expect(decideFiring(due({ state: 'overdue' }), 1, 'escalate', at('2026-02-10T18:00:00+08:00'))).toEqual({ kind: 'early', at: t.escalateAt });
    expect(decideFiring(due({ state: 'overdue' }), 1, 'escalate', late)).toMatchObject({ kind: 'fire', rung: 'escalate', next: null });
    expect(decideFiring(due({ state: 'overdue', escalatedAt: late }), 1, 'escalate', late)).toEqual({ kind: 'stale' });
  });

  it('never fires a stale version, a met report or a cancelled due, and never re-fires the due rung', () => {
    const late = at('2026-03-01T00:00:00+08:00');
    expect(decideFiring(due({ version: 2 }), 1, 'due', late)).toEqual({ kind: 'stale' });
    expect(decideFiring(due({ state: 'met', version: 2 }), 2, 'due', late)).toEqual({ kind: 'stale' });
    expect(decideFiring(due({ state: 'cancelled' }), 1, 'escalate', late)).toEqual({ kind: 'stale' });
    expect(decideFiring(due({ state: 'overdue' }), 1, 'due', late)).toEqual({ kind: 'stale' });
  });

  it('meets a due on time up to 24:00 of the due day, late after, and bumps its version so timers go stale', () => {
    expect(meetDue(due(), t.dueAt)).toEqual({ state: 'met', version: 2, onTime: true });
    expect(meetDue(due({ state: 'overdue' }), at('2026-02-09T10:00:00+08:00'))).toEqual({ state: 'met', version: 2, onTime: false });
    expect(meetDue(due({ state: 'met' }), t.dueAt)).toBeNull();
    expect(meetDue(due({ state: 'cancelled' }), t.dueAt)).toBeNull();
  });
});
