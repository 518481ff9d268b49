import { readFileSync } from 'node:fs';
import { FixedClock } from '#kernel';
import { type ChineseDaysJson, type TimeLimitPolicy, WorkingCalendar, calendarEntriesFromChineseDays, chinaDate, policiesFor, yearsIn } from '#deadlines';
import { type Actor, Case, type ClockContext, type RegisterInput } from './case.js';
import { InvalidTransition, NotAssignee } from './case.errors.js';

// Issue 16 §3: an online filing (channel web) gets a first human response within 24 clock hours — clock kind
// `webResponse`, started by `webReceipt`, met by the handling unit's first contact (or a mediation note).
const entries = calendarEntriesFromChineseDays(JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson);
const calendar = new WorkingCalendar(entries, yearsIn(entries), 'cal-v1');
const base = { caseType: 'complaint', enabled: true, version: 1, effectiveTo: null, effectiveFrom: '2020-01-01' } as const;
const POLICIES: TimeLimitPolicy[] = [
  { ...base, regime: 'O121', effectiveFrom: '2026-04-15', id: 'accept', step: 'acceptance', amount: 7, unit: 'workingDays', startsAt: 'receipt', legalBasis: '第十五条' },
  { ...base, regime: 'O121', effectiveFrom: '2026-04-15', id: 'mediation', step: 'mediation', amount: 60, unit: 'calendarDays', startsAt: 'acceptance', legalBasis: '第二十三条' },
  { ...base, regime: 'LOCAL', id: 'web', step: 'webResponse', amount: 24, unit: 'hours', startsAt: 'webReceipt', legalBasis: '网上投诉举报24小时内回应',
    ladder: [{ rung: 'warn', offset: -4 }, { rung: 'due', offset: 0 }, { rung: 'remind', offset: 2 }, { rung: 'supervise', offset: 8 }] },
];
const china = (s: string) => new Date(`${s}+08:00`);
const operator: Actor = { userId: 'u-op', unitId: 'intake', role: 'operator' };
const handler: Actor = { userId: 'u-h', unitId: 'county-a', role: 'handler' };
const other: Actor = { userId: 'u-x', unitId: 'county-b', role: 'handler' };

function register(channel: 'web' | 'hotline', received = china('2026-11-27T16:00:00')) { // a Friday afternoon
  const clock = new FixedClock(received);
  let n = 0;
  const ctx = (): ClockContext => ({ now: clock.now(), calendar, policies: policiesFor(POLICIES, 'complaint', chinaDate(received)), newId: () => `id-${++n}` });
  const input: RegisterInput = {
    id: 'c1', caseNo: '202611270001', type: 'complaint', channel, receivedAt: received,
    complainant: { name: '张三', phone: '13800138000', address: '常德市' },
    respondent: { name: '某商行', creditCode: null, regionCode: '430702', address: '常德市武陵区', platform: false },
    categoryCode: 'G01', problemType: null, description: '漏电', request: '退货', amount: 99, registeredBy: operator.userId,
  };
  const c = Case.register(input, { unitId: 'county-a', ruleId: 'r', explanation: '派往A' }, operator, ctx());
  return { c, clock, ctx };
}
const web = (c: Case) => c.deadlines.find((d) => d.step === 'webResponse');

describe('the 24-hour response of an online filing', () => {
  it('runs 24 clock hours from receipt, weekends included, with its ladder in hours, for channel web only', () => {
    const { c } = register('web');
    expect(web(c)).toMatchObject({ unit: 'hours', amount: 24, state: 'running', dueAt: china('2026-11-28T16:00:00') });
    const timers = c.pullTimers().filter((t) => t.deadlineId === web(c)!.id);
    expect(timers.map((t) => [t.rung, t.fireAt.toISOString()])).toEqual([
      ['warn', china('2026-11-28T12:00:00').toISOString()],
      ['due', new Date(china('2026-11-28T16:00:00').getTime() + 1).toISOString()],
      ['remind', new Date(china('2026-11-28T18:00:00').getTime() + 1).toISOString()],
      ['supervise', new Date(china('2026-11-29T00:00:00').getTime() + 1).toISOString()],
    ]);
    expect(web(register('hotline').c)).toBeUndefined();
  });

  it('is met by the handling unit\'s first contact, on time or late', () => {
    const { c, clock, ctx } = register('web');
    c.pullEvents();
    clock.set(china('2026-11-28T09:30:00'));
    expect(() => c.recordContact('电话联系', other, ctx())).toThrow(NotAssignee);
    expect(() => c.recordContact('电话联系', operator, ctx())).toThrow(NotAssignee);
    c.recordContact('已电话联系投诉人，约定周一上门核实', handler, ctx());
    expect(web(c)).toMatchObject({ state: 'met', metAt: china('2026-11-28T09:30:00') });
    expect(c.pullEvents().map((e) => [e.type, e.data['kind'] ?? e.note, e.data['onTime']])).toEqual([
      ['ComplainantContacted', '已电话联系投诉人，约定周一上门核实', undefined], ['DeadlineMet', 'webResponse', true],
    ]);
    // a second contact is recorded; the clock stays met once
    c.recordContact('再次联系', handler, ctx());
    expect(c.pullEvents().map((e) => e.type)).toEqual(['ComplainantContacted']);

    const late = register('web');
    late.clock.set(china('2026-11-30T09:00:00'));
    late.c.recordContact('周一联系', handler, late.ctx());
    expect(web(late.c)).toMatchObject({ state: 'overdue', metAt: china('2026-11-30T09:00:00') });
  });

  it('a mediation note also means contact; nothing is recorded on a closed case', () => {
    const { c, clock, ctx } = register('web');
    c.sign(handler, ctx());
    c.accept(handler, ctx(), null);
    expect(web(c)!.state).toBe('running'); // signing or accepting is not contact with the complainant
    clock.set(china('2026-11-28T10:00:00'));
    c.addMediationNote('已联系双方', handler, ctx());
    expect(web(c)!.state).toBe('met');
    c.close({ outcome: 'agreement', ground: null, note: null, recoveredAmount: null }, handler, ctx());
    expect(() => c.recordContact('x', handler, ctx())).toThrow(InvalidTransition);
  });
});
