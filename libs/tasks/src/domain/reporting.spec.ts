import { FixedClock } from '#kernel';
import { WorkingCalendar, type CalendarDayEntry } from '#deadlines';
import {
  REPORT_LADDER, decideReportRung, defaultTaskDue, firstReportingPeriod, lastDayOfPeriod, meetDue, periodsBetween, reportDueTimes, reportEscalateAt,
  reportPolicy, reportRungTimes, reportSchedule, rescheduleReportDue, type ReportClock, type ReportClockView,
  cadencePeriodOf, cadencePeriods, checkTaskSchedule, periodLabel, periodStartMonth, replanReportDues, type ScheduledDue,
} from './reporting.js';
import type { TimeLimitPolicy } from '#deadlines';

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
    expect(t.startDate).toBe(lastDayOfPeriod(period));
    // 24:00 China time of the last day, whatever the server's zone.
    expect(t.dueAt.toISOString()).toBe(new Date(`${due}T23:59:59.999+08:00`).toISOString());
    expect(reportEscalateAt(t, REPORT_LADDER, cal)!.toISOString()).toBe(new Date(`${escalate}T23:59:59.999+08:00`).toISOString());
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

describe('report-due rungs on the deadline engine (policy ladder: warn −2 wd, due, supervise +2 wd)', () => {
  const t = reportDueTimes(cal, '2026-01'); // due 02-06 (Fri) 24:00
  const view = (over: Partial<ReportClockView> = {}): ReportClockView => ({ state: 'running', dueAt: t.dueAt, dueDate: t.dueDate, metAt: null, ...over });
  const at = (iso: string) => new Date(iso);
  const decide = (v: ReportClockView, rung: Parameters<typeof decideReportRung>[1], now: Date) => decideReportRung(v, rung, REPORT_LADDER, cal, now);

  it('arms one wake-up per ladder rung: warn at 00:00 of the working day before the due day, due just after 24:00, supervise after +2 wd', () => {
    expect(reportRungTimes(t, REPORT_LADDER, cal).map((r) => [r.rung, r.fireAt.toISOString()])).toEqual([
      ['warn', at('2026-02-05T00:00:00+08:00').toISOString()],
      ['due', at('2026-02-07T00:00:00+08:00').toISOString()],
      ['supervise', at('2026-02-11T00:00:00+08:00').toISOString()],
    ]);
  });

  it('warns the owing unit and the lead while the report can still be on time', () => {
    expect(decide(view(), 'warn', at('2026-02-04T23:00:00+08:00'))).toEqual({ kind: 'early', fireAt: at('2026-02-05T00:00:00+08:00') });
    expect(decide(view(), 'warn', at('2026-02-05T09:00:00+08:00'))).toMatchObject({ kind: 'fire', effect: { rung: 'warn', eventType: 'ReportDueWarned', audience: 'owingAndLead', mark: null } });
    // A warning delivered after the due instant is dropped (the due rung speaks), as for case clocks.
    expect(decide(view(), 'warn', at('2026-02-07T09:00:00+08:00'))).toMatchObject({ kind: 'skip' });
    expect(decide(view({ state: 'met', metAt: at('2026-02-03T09:00:00+08:00') }), 'warn', at('2026-02-05T09:00:00+08:00'))).toMatchObject({ kind: 'skip' });
  });

  it('marks a missing report overdue after 24:00 of the due day and tells the owing unit and the lead (催报)', () => {
    expect(decide(view(), 'due', t.dueAt)).toMatchObject({ kind: 'early' });
    expect(decide(view(), 'due', at('2026-02-07T00:00:00+08:00'))).toMatchObject({
      kind: 'fire', effect: { rung: 'due', eventType: 'ReportOverdue', audience: 'owingAndLead', notificationKind: 'taskReportOverdue', mark: 'overdue' },
    });
    expect(decide(view({ state: 'overdue' }), 'due', at('2026-02-07T09:00:00+08:00'))).toMatchObject({ kind: 'skip' }); // never twice
  });

  it('escalates to the bureau office only while the report is overdue and missing, after +2 working days', () => {
    expect(decide(view({ state: 'overdue' }), 'supervise', at('2026-02-10T18:00:00+08:00'))).toEqual({ kind: 'early', fireAt: at('2026-02-11T00:00:00+08:00') });
    expect(decide(view({ state: 'overdue' }), 'supervise', at('2026-02-11T09:00:00+08:00'))).toMatchObject({
      kind: 'fire', effect: { rung: 'supervise', eventType: 'ReportEscalated', audience: 'office', notificationKind: 'taskReportEscalated', mark: 'escalated' },
    });
    expect(decide(view(), 'supervise', at('2026-02-11T09:00:00+08:00'))).toMatchObject({ kind: 'skip' }); // due rung not fired yet
    expect(decide(view({ state: 'overdue', metAt: at('2026-02-09T09:00:00+08:00') }), 'supervise', at('2026-02-11T09:00:00+08:00'))).toMatchObject({ kind: 'skip' });
    expect(decide(view({ state: 'cancelled' }), 'supervise', at('2026-02-11T09:00:00+08:00'))).toMatchObject({ kind: 'skip' });
  });

  it('follows the ladder as data: a rung the policy lacks never fires; an edited offset moves the rung', () => {
    const ladder = [{ rung: 'due' as const, offset: 0 }, { rung: 'notice' as const, offset: 5 }];
    expect(decideReportRung(view({ state: 'overdue' }), 'supervise', ladder, cal, at('2026-03-01T00:00:00+08:00'))).toEqual({ kind: 'skip' });
    expect(decideReportRung(view({ state: 'overdue' }), 'notice', ladder, cal, at('2026-02-13T09:00:00+08:00'))).toMatchObject({ kind: 'early' });
    expect(reportEscalateAt(t, ladder, cal)!.toISOString()).toBe(at('2026-02-13T23:59:59.999+08:00').toISOString());
    expect(reportEscalateAt(t, [{ rung: 'due', offset: 0 }], cal)).toBeNull();
  });

  it('meets a due on time up to 24:00 of the due day, late after', () => {
    expect(meetDue({ state: 'running', dueAt: t.dueAt }, t.dueAt)).toEqual({ state: 'met', onTime: true });
    expect(meetDue({ state: 'overdue', dueAt: t.dueAt }, at('2026-02-09T10:00:00+08:00'))).toEqual({ state: 'met', onTime: false });
    expect(meetDue({ state: 'met', dueAt: t.dueAt }, t.dueAt)).toBeNull();
    expect(meetDue({ state: 'cancelled', dueAt: t.dueAt }, t.dueAt)).toBeNull();
  });

  it('picks the enabled LOCAL work_task/progressReport policy in force', () => {
    const p = (over: Partial<TimeLimitPolicy>): TimeLimitPolicy => ({
      id: 'p', regime: 'LOCAL', caseType: 'work_task', step: 'progressReport', amount: 5, unit: 'workingDays', startsAt: 'periodEnd', legalBasis: '',
      effectiveFrom: '2020-01-01', effectiveTo: null, enabled: true, version: 1, ...over,
    });
    expect(reportPolicy([p({ id: 'a' }), p({ id: 'b', effectiveFrom: '2026-03-01' })], '2026-02-01')?.id).toBe('a');
    expect(reportPolicy([p({ id: 'a' }), p({ id: 'b', effectiveFrom: '2026-03-01' })], '2026-03-01')?.id).toBe('b');
    expect(reportPolicy([p({ enabled: false }), p({ id: 'c', caseType: 'complaint' })], '2026-02-01')).toBeNull();
  });
});

describe('a calendar change re-computes a live report due', () => {
  const t = reportDueTimes(cal, '2026-02'); // due 03-06
  const clock = (over: Partial<ReportClock> = {}): ReportClock => ({
    state: 'running', dueAt: t.dueAt, dueDate: t.dueDate, metAt: null, startAt: new Date('2026-02-28T00:00:00+08:00'), amount: 5, extended: 0,
    version: 1, calendarGap: false, ...over,
  });
  const withHoliday = new WorkingCalendar([...holidays, ...makeUp, { date: '2026-03-05', kind: 'holiday' }], [2025, 2026], 'v2');
  const now = new Date('2026-03-01T10:00:00+08:00');

  it('moves the due (from scratch on the new calendar) and bumps the version', () => {
    expect(rescheduleReportDue(clock(), withHoliday, now)).toMatchObject({ moved: true, dueDate: '2026-03-09', version: 2, state: 'running', reopened: false });
    expect(rescheduleReportDue(clock(), cal, now)).toBeNull(); // nothing changed
  });

  it('leaves finished clocks alone and re-opens an overdue one whose due moved past now', () => {
    expect(rescheduleReportDue(clock({ state: 'met', metAt: now }), withHoliday, now)).toBeNull();
    expect(rescheduleReportDue(clock({ state: 'cancelled' }), withHoliday, now)).toBeNull();
    const r = rescheduleReportDue(clock({ state: 'overdue' }), withHoliday, new Date('2026-03-07T10:00:00+08:00'));
    expect(r).toMatchObject({ moved: true, state: 'running', reopened: true });
  });

  it('updates only the gap flag when a loaded year confirms the date', () => {
    expect(rescheduleReportDue(clock({ calendarGap: true }), cal, now)).toMatchObject({ moved: false, version: 1, calendarGap: false });
  });
});

describe('cadences: monthly, quarterly, none', () => {
  it('names a period by its last month; a quarter by 03/06/09/12', () => {
    expect(cadencePeriodOf('monthly', '2026-02')).toBe('2026-02');
    expect(['2026-01', '2026-02', '2026-03', '2026-04', '2026-12'].map((m) => cadencePeriodOf('quarterly', m))).toEqual(['2026-03', '2026-03', '2026-03', '2026-06', '2026-12']);
    expect(periodStartMonth('quarterly', '2026-03')).toBe('2026-01');
    expect(periodStartMonth('monthly', '2026-03')).toBe('2026-03');
    expect(cadencePeriods('quarterly', '2026-02', '2027-01')).toEqual(['2026-03', '2026-06', '2026-09', '2026-12', '2027-03']);
    expect(cadencePeriods('none', '2026-01', '2026-12')).toEqual([]);
    expect(periodLabel('quarterly', '2026-09')).toBe('2026年第3季度');
    expect(periodLabel('quarterly', '2026-02')).toBe('2026年2月'); // a month left from before a cadence change
    expect(periodLabel('monthly', '2026-09')).toBe('2026年9月');
  });

  it('a quarter is due by the 5th working day after it ends: the same due as its last month', () => {
    const q = reportSchedule(cal, '2026-02', '2026-12-31', 5, 'quarterly');
    expect(q.map((s) => s.period)).toEqual(['2026-03', '2026-06', '2026-09', '2026-12']);
    expect(q[0]).toEqual(reportDueTimes(cal, '2026-03'));
    expect(q[0]!.dueDate).toBe('2026-04-08'); // Qingming 04-04..06 skipped
    expect(reportSchedule(cal, '2026-02', '2026-12-31', 5, 'none')).toEqual([]);
    // The last period is the one holding the task's due date.
    expect(reportSchedule(cal, '2026-01', '2026-08-15', 5, 'quarterly').map((s) => s.period)).toEqual(['2026-03', '2026-06', '2026-09']);
  });
});

describe('setting a task due date and cadence: checks', () => {
  it.each([
    [{ dueDate: '2026-02-30' }, 'dueDate', 'DUE_DATE_FORMAT'],
    [{ dueDate: '30/06/2026' }, 'dueDate', 'DUE_DATE_FORMAT'],
    [{ dueDate: '2025-12-31' }, 'dueDate', 'DUE_DATE_BEFORE_PLAN'],
    [{ dueDate: '2028-01-01' }, 'dueDate', 'DUE_DATE_TOO_LATE'],
    [{ dueDate: '2026-03-09' }, 'dueDate', 'DUE_DATE_PASSED'],
    [{ cadence: 'weekly' }, 'cadence', 'UNKNOWN_CADENCE'],
  ])('%j → %s %s', (input, field, code) => {
    const issues = checkTaskSchedule(input, 2026, '2026-03-10');
    expect(issues).toEqual([expect.objectContaining({ field, code })]);
    expect(issues[0]!.message).toMatch(/^(完成期限|报送周期)：/);
  });

  it('accepts today, the next year end and every cadence; at confirm a past date is allowed and fields are prefixed', () => {
    expect(checkTaskSchedule({ dueDate: '2026-03-10', cadence: 'quarterly' }, 2026, '2026-03-10')).toEqual([]);
    expect(checkTaskSchedule({ dueDate: '2027-12-31', cadence: 'none' }, 2026, '2026-03-10')).toEqual([]);
    expect(checkTaskSchedule({ dueDate: '2026-01-31' }, 2026, null)).toEqual([]);
    expect(checkTaskSchedule({ dueDate: '2025-01-01', cadence: 'x' }, 2026, null, 'items[3].').map((i) => `${i.field}:${i.code}`))
      .toEqual(['items[3].dueDate:DUE_DATE_BEFORE_PLAN', 'items[3].cadence:UNKNOWN_CADENCE']);
  });
});

describe('re-planning report dues when the due date or cadence changes', () => {
  const units = ['lead', 'co'];
  /** The dues a task confirmed in January 2026 (monthly, due 12-31) holds: January met by the lead, missing for the co-unit. */
  function monthlyDues(): ScheduledDue[] {
    return units.flatMap((unitId) => reportSchedule(cal, '2026-01', '2026-12-31', 5, 'monthly').map((s): ScheduledDue => ({
      id: `${unitId}-${s.period}`, unitId, period: s.period, dueAt: s.dueAt,
      state: s.period === '2026-01' ? (unitId === 'lead' ? 'met' : 'overdue') : 'running',
    })));
  }
  const ids = (ds: { id: string }[]) => ds.map((d) => d.id).sort();

  it('monthly → quarterly: months other than quarter ends not yet due are cancelled, quarter ends kept, nothing created', () => {
    const clock = new FixedClock(new Date('2026-02-10T10:00:00+08:00'));
    const r = replanReportDues({ cadence: 'quarterly', dueDate: '2026-12-31', firstMonth: '2026-01', units, existing: monthlyDues(), amount: 5 }, cal, clock.now());
    expect(r.schedule.map((s) => s.period)).toEqual(['2026-03', '2026-06', '2026-09', '2026-12']);
    const gone = ['02', '04', '05', '07', '08', '10', '11'];
    expect(ids(r.cancel)).toEqual(units.flatMap((u) => gone.map((m) => `${u}-2026-${m}`)).sort());
    expect(r.create).toEqual([]);
    expect(r.revive).toEqual([]);
  });

  it('an earlier due date cancels the periods after it; a later one creates new periods (calendar gaps flagged)', () => {
    const now = new Date('2026-02-10T10:00:00+08:00');
    const earlier = replanReportDues({ cadence: 'monthly', dueDate: '2026-08-15', firstMonth: '2026-01', units, existing: monthlyDues(), amount: 5 }, cal, now);
    expect(ids(earlier.cancel)).toEqual(units.flatMap((u) => ['09', '10', '11', '12'].map((m) => `${u}-2026-${m}`)).sort());
    expect(earlier.create).toEqual([]);
    const later = replanReportDues({ cadence: 'monthly', dueDate: '2027-02-28', firstMonth: '2026-01', units, existing: monthlyDues(), amount: 5 }, cal, now);
    expect(later.cancel).toEqual([]);
    expect(later.create.map((c) => `${c.unitId}-${c.times.period}`).sort()).toEqual(['co-2027-01', 'co-2027-02', 'lead-2027-01', 'lead-2027-02']);
    expect(later.create.every((c) => c.times.calendarGaps.includes(2027))).toBe(true);
  });

  it('keeps met, overdue and past-due dues; never adds a period already past due', () => {
    // 02-07: January (due 02-06) is past due; the co-unit's is overdue, the lead's met. February still running (due 03-06).
    const now = new Date('2026-02-07T10:00:00+08:00');
    const existing = monthlyDues().map((d) => (d.period === '2026-01' ? { ...d, state: 'running' as const } : d));
    existing[0] = { ...existing[0]!, state: 'met' };
    const r = replanReportDues({ cadence: 'none', dueDate: '2026-12-31', firstMonth: '2026-01', units, existing, amount: 5 }, cal, now);
    expect(r.schedule).toEqual([]);
    expect(r.cancel.some((d) => d.period === '2026-01')).toBe(false); // running but past due: the due rung will mark it
    expect(r.cancel).toHaveLength(2 * 11);
    // A met due not yet due is kept too (a report already submitted).
    const early = monthlyDues().map((d) => (d.id === 'lead-2026-05' ? { ...d, state: 'met' as const } : d));
    expect(ids(replanReportDues({ cadence: 'quarterly', dueDate: '2026-12-31', firstMonth: '2026-01', units, existing: early, amount: 5 }, cal, now).cancel))
      .not.toContain('lead-2026-05');
  });

  it('quarterly → monthly revives cancelled months not yet due and creates missing ones; a new responsible unit gets its dues', () => {
    const now = new Date('2026-03-01T10:00:00+08:00');
    const afterQuarterly = monthlyDues().map((d) => (['02', '04', '05'].includes(d.period.slice(5)) ? { ...d, state: 'cancelled' as const } : d))
      .filter((d) => d.period <= '2026-06');
    const r = replanReportDues({ cadence: 'monthly', dueDate: '2026-06-30', firstMonth: '2026-01', units: [...units, 'new'], existing: afterQuarterly, amount: 5 }, cal, now);
    expect(r.revive.map((x) => x.due.id).sort()).toEqual(['co-2026-02', 'co-2026-04', 'co-2026-05', 'lead-2026-02', 'lead-2026-04', 'lead-2026-05']);
    expect(r.revive.find((x) => x.due.id === 'lead-2026-02')!.times).toEqual(reportDueTimes(cal, '2026-02'));
    expect(r.create.map((c) => `${c.unitId}-${c.times.period}`)).toEqual(['new-2026-02', 'new-2026-03', 'new-2026-04', 'new-2026-05', 'new-2026-06']);
    expect(r.cancel).toEqual([]);
  });
});
