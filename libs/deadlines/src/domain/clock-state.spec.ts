import { WorkingCalendar } from './calendar.js';
import { startOfChinaDay } from './china-time.js';
import { clockDue } from './clock.js';
import {
  type ClockRecord, ClockRuleViolation, ClockStateRefused, decideExtension, isLive, pauseClock, reprojectClock, requestExtension, requireLive,
  resumeClock,
} from './clock-state.js';
import type { TimeLimitPolicy } from './policy.js';

// March 2027 with no holiday: Mon 1st … Fri 5th, Mon 8th … (weekends off).
const cal = new WorkingCalendar([], [2027], 'test');
const at = (day: string, hours = 10) => new Date(startOfChinaDay(day).getTime() + hours * 3600_000);

const policy: TimeLimitPolicy = {
  id: 'p1', regime: 'O121', caseType: 'complaint', step: 'mediation', amount: 5, unit: 'workingDays', startsAt: 'acceptance', legalBasis: '第十五条',
  effectiveFrom: '2026-04-15', effectiveTo: null, enabled: true, version: 1,
  pauseReasons: ['testing'], maxExtensions: 1, maxExtensionUnits: 3, extensionBasis: '第十五条第二款',
};

function clock(over: Partial<ClockRecord> = {}): ClockRecord & { step: string; legalBasis: string } {
  const startAt = at('2027-03-01');
  const due = clockDue(cal, { startAt, amount: 5, unit: 'workingDays', pauses: [], extended: 0 });
  return {
    step: 'mediation', legalBasis: '第十五条', startAt, amount: 5, unit: 'workingDays', extended: 0, pauses: [], extensions: [],
    dueDate: due.dueDate, dueAt: due.dueAt, state: 'running', version: 1, calendarGap: false, metAt: null, overdueAt: null, ...over,
  };
}
let n = 0;
const newId = () => `id-${++n}`;

function refusal(f: () => unknown): { code: string; field?: string; message: string; details: Record<string, unknown> } {
  try {
    f();
  } catch (e) {
    if (e instanceof ClockStateRefused || e instanceof ClockRuleViolation) return e as never;
    throw e;
  }
  throw new Error('not refused');
}

describe('live clocks', () => {
  it('a met or cancelled clock, or none, is refused by state', () => {
    expect(isLive(clock())).toBe(true);
    expect(refusal(() => requireLive(clock({ state: 'met' }), 'pause'))).toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'met', action: 'pause' } });
    expect(refusal(() => requireLive(clock({ state: 'overdue', metAt: at('2027-03-09') }), 'pause'))).toMatchObject({ details: { from: 'overdue' } });
    expect(refusal(() => requireLive(undefined, 'resume'))).toMatchObject({ details: { from: 'none', action: 'resume' } });
  });
});

describe('pauses', () => {
  it('pauses a running clock for an allowed reason, and the resumed days are added to its due', () => {
    const c = clock();
    expect(c.dueDate).toBe('2027-03-08');
    const p = pauseClock(c, policy, 'O121', { newId, reason: 'testing', evidence: null, note: null, by: 'u1', at: at('2027-03-02') });
    expect(c).toMatchObject({ state: 'paused', version: 2 });
    expect(c.pauses).toEqual([p]);
    expect(refusal(() => pauseClock(c, policy, 'O121', { newId, reason: 'testing', evidence: null, note: null, by: 'u1', at: at('2027-03-02') })))
      .toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'paused', action: 'pause' } });
    resumeClock(c, 'u2', at('2027-03-04'));
    expect(p).toMatchObject({ resumedAt: at('2027-03-04'), resumedBy: 'u2' });
    const m = reprojectClock(c, cal, at('2027-03-04'), true)!;
    // Paused on the 2nd, resumed on the 4th: two working days (3rd, 4th) do not count.
    expect(m).toMatchObject({ moved: true, from: { dueDate: '2027-03-08' }, due: { pausedUnits: 2 } });
    expect(c).toMatchObject({ state: 'running', version: 3, dueDate: '2027-03-10' });
  });

  it('refuses a reason the policy does not allow, naming the regime, and a resume of a running clock', () => {
    const c = clock();
    expect(refusal(() => pauseClock(c, policy, 'O20', { newId, reason: 'suspension', evidence: null, note: null, by: 'u1', at: at('2027-03-02') })))
      .toMatchObject({ code: 'PAUSE_NOT_ALLOWED', field: 'reason', message: '《市场监督管理投诉举报处理办法》对“调解”期限不允许以“中止”为由暂停计时' });
    expect(refusal(() => resumeClock(c, 'u1', at('2027-03-02')))).toMatchObject({ details: { from: 'running', action: 'resume' } });
    expect(c).toMatchObject({ state: 'running', version: 1, pauses: [] });
  });
});

describe('extensions', () => {
  const ask = (c: ClockRecord, amount: number, day: string, hours = 10) =>
    requestExtension(c, policy, cal, { newId, amount, reason: '案情复杂', by: 'u1', at: at(day, hours) });

  it('takes one request at a time before the due instant, flags the last day, within the cap', () => {
    const c = clock();
    const e = ask(c, 2, '2027-03-08');
    expect(e).toMatchObject({ status: 'pending', amount: 2, lastMinute: true });
    expect(refusal(() => ask(c, 1, '2027-03-02'))).toMatchObject({ code: 'EXTENSION_PENDING', field: 'kind' });
    expect(refusal(() => ask(clock(), 4, '2027-03-02'))).toMatchObject({ code: 'EXTENSION_CAP', field: 'amount', message: '延期累计不得超过3个工作日' });
    expect(refusal(() => ask(clock(), 1, '2027-03-09'))).toMatchObject({ code: 'EXTENSION_TOO_LATE', field: 'kind', message: '期限已届满，不能再申请延期' });
    expect(refusal(() => ask(clock({ state: 'paused' }), 1, '2027-03-02'))).toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'paused' } });
    expect(refusal(() => requestExtension(clock(), undefined, cal, { newId, amount: 1, reason: 'x', by: 'u1', at: at('2027-03-02') })))
      .toMatchObject({ code: 'EXTENSION_CAP', message: '该期限不允许延期' });
  });

  it('an approval adds the units and brings an overdue clock back to running; a second one is over the cap', () => {
    const c = clock();
    const e = ask(c, 2, '2027-03-05');
    c.state = 'overdue';
    c.overdueAt = at('2027-03-09');
    expect(decideExtension(c, e, policy, true, { by: 'lead', note: null, at: at('2027-03-09') })).toBe('approved');
    expect(c).toMatchObject({ extended: 2, state: 'running', overdueAt: null });
    expect(e).toMatchObject({ status: 'approved', decidedBy: 'lead' });
    expect(reprojectClock(c, cal, at('2027-03-09'), true)).toMatchObject({ moved: true, from: { dueDate: '2027-03-08' } });
    expect(c.dueDate).toBe('2027-03-10');
    expect(refusal(() => decideExtension(c, e, policy, false, { by: 'lead', note: null, at: at('2027-03-09') })))
      .toMatchObject({ code: 'INVALID_TRANSITION', details: { from: 'approved', action: 'rejectExtension' } });
    expect(refusal(() => ask(c, 1, '2027-03-09'))).toMatchObject({ code: 'EXTENSION_CAP', message: '该期限最多延期1次' });
  });

  it('a rejection, or any decision on a clock met meanwhile, rejects', () => {
    const c = clock();
    expect(decideExtension(c, ask(c, 1, '2027-03-02'), policy, false, { by: 'lead', note: '不同意', at: at('2027-03-03') })).toBe('rejected');
    const met = clock();
    const e = ask(met, 1, '2027-03-02');
    met.state = 'met';
    expect(decideExtension(met, e, policy, true, { by: 'lead', note: null, at: at('2027-03-03') })).toBe('rejected');
    expect(met.extended).toBe(0);
  });
});

describe('reprojectClock', () => {
  it('leaves an unmoved clock alone unless forced', () => {
    const c = clock();
    expect(reprojectClock(c, cal, at('2027-03-02'), false)).toBeNull();
    expect(c.version).toBe(1);
    expect(reprojectClock(c, cal, at('2027-03-02'), true)).toMatchObject({ moved: false });
    expect(c.version).toBe(2);
  });

  it('an overdue clock whose due moved past now runs again; one still past stays overdue', () => {
    const holiday = new WorkingCalendar([{ date: '2027-03-03', kind: 'holiday', name: '测试' }], [2027], 'test-2');
    const late = clock({ state: 'overdue', overdueAt: at('2027-03-09') });
    reprojectClock(late, holiday, at('2027-03-09', 1), false);
    expect(late).toMatchObject({ dueDate: '2027-03-09', state: 'running', overdueAt: null });
    const past = clock({ state: 'overdue', overdueAt: at('2027-03-09') });
    reprojectClock(past, holiday, at('2027-03-10'), false);
    expect(past).toMatchObject({ dueDate: '2027-03-09', state: 'overdue' });
  });
});
