import { readFileSync } from 'node:fs';
import { DomainError, FixedClock } from '#kernel';
import {
  type ChineseDaysJson, type TimeLimitPolicy, type CaseType, WorkingCalendar, calendarEntriesFromChineseDays, chinaDate, policiesFor, yearsIn,
} from '#deadlines';
import { type Actor, Case, type ClockContext, type RegisterInput, type RouteDecision } from './case.js';
import { InvalidTransition } from './case.errors.js';
import { hopOps } from './handoffs.js';

const entries = calendarEntriesFromChineseDays(
  JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson,
);
const calendar = new WorkingCalendar(entries, yearsIn(entries), 'cal-v1');

const O121 = { regime: 'O121', effectiveFrom: '2026-04-15', effectiveTo: null, enabled: true, version: 1 } as const;
const LOCAL = { regime: 'LOCAL', effectiveFrom: '2020-01-01', effectiveTo: null, enabled: true, version: 1 } as const;
const POLICIES: TimeLimitPolicy[] = [
  { ...O121, caseType: 'complaint', id: 'c-accept', step: 'acceptance', amount: 7, unit: 'workingDays', startsAt: 'receipt', legalBasis: 'O121 第十五条' },
  { ...O121, caseType: 'report', id: 'r-verify', step: 'verification', amount: 15, unit: 'workingDays', startsAt: 'receipt', legalBasis: 'RCF 第十八条' },
  { ...LOCAL, caseType: 'inquiry', id: 'i-answer', step: 'answer', amount: 3, unit: 'workingDays', startsAt: 'receipt', legalBasis: '咨询3个工作日' },
  ...(['complaint', 'report', 'inquiry'] as const).flatMap((t): TimeLimitPolicy[] => [
    { ...LOCAL, caseType: t, id: `${t}-sign`, step: 'sign', amount: 1, unit: 'workingDays', startsAt: 'dispatch', legalBasis: '1个工作日内签收' },
    { ...LOCAL, caseType: t, id: `${t}-return`, step: 'returnWindow', amount: 2, unit: 'workingDays', startsAt: 'dispatch', legalBasis: '2个工作日内退回' },
  ]),
  { ...LOCAL, caseType: 'report', id: 'r-notice', step: 'reporterNotice', amount: 5, unit: 'workingDays', startsAt: 'decision', legalBasis: 'O20 第三十一条（地方保留步骤）' },
];

const china = (s: string) => new Date(`${s}+08:00`);
const operator: Actor = { userId: 'u-op', unitId: 'intake', role: 'operator' };
const handlerA: Actor = { userId: 'u-a', unitId: 'county-a', role: 'handler' };
const handlerB: Actor = { userId: 'u-b', unitId: 'county-b', role: 'handler' };
const cityLeader: Actor = { userId: 'u-city', unitId: 'city', role: 'leader' };
const toA: RouteDecision = { unitId: 'county-a', ruleId: 'rule-a', explanation: '派往A区局' };
const pool: RouteDecision = { unitId: null, ruleId: null, explanation: '无匹配规则' };

function world(type: CaseType, received: string, route: RouteDecision = toA, over: Partial<RegisterInput> = {}) {
  const clock = new FixedClock(china(received));
  let n = 0;
  const policies = policiesFor(POLICIES, type, chinaDate(china(received)));
  const ctx = (): ClockContext => ({ now: clock.now(), calendar, policies, newId: () => `id-${++n}` });
  const at = (s: string) => {
    clock.set(china(s));
    return ctx();
  };
  const input: RegisterInput = {
    id: 'case-1', caseNo: '202600000001', type, channel: 'hotline', receivedAt: china(received),
    complainant: { name: '张三', phone: '13800138000', address: '常德市武陵区' },
    respondent: { name: '某某商行', creditCode: null, regionCode: '430702', address: '常德市武陵区某路1号', platform: false },
    categoryCode: 'G01', problemType: null, description: '事实', request: null, amount: null, registeredBy: operator.userId, ...over,
  };
  const c = Case.register(input, route, operator, ctx());
  return { clock, ctx, at, c };
}
const kinds = (c: Case) => c.pullEvents().map((e) => (e.type.startsWith('Deadline') ? `${e.type}:${String(e.data['kind'])}` : e.type));
const deadline = (c: Case, kind: string) => c.deadlines.find((d) => d.step === kind)!;

function expectError(fn: () => unknown, type: abstract new (...a: never[]) => DomainError, code: string): void {
  let thrown: unknown;
  try { fn(); } catch (e) { thrown = e; }
  expect(thrown).toBeInstanceOf(type);
  expect((thrown as DomainError).code).toBe(code);
}


describe('withdrawal (撤回) by the complainant', () => {
  it('ends a complaint before the decision: status withdrawn, clocks cancelled, the unit lets it go', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    c.pullEvents();
    c.withdraw('已与商家和解', null, at('2026-05-07T10:00:00'));
    expect(c.status).toBe('withdrawn');
    expect(c.snapshot().closedAt).toEqual(china('2026-05-07T10:00:00'));
    expect(c.deadlines.every((d) => d.state === 'cancelled')).toBe(true);
    const events = c.pullEvents();
    expect(events[0]).toMatchObject({ type: 'CaseWithdrawn', note: '已与商家和解', data: { fromUnitId: 'county-a' } });
    expect(events.filter((e) => e.type === 'DeadlineCancelled').length).toBe(c.deadlines.length);
    // the hop of the unit that held it is closed like any end
    expect(hopOps(events)).toContainEqual(expect.objectContaining({ op: 'close', reason: 'withdrawn' }));
  });

  it('is allowed from the pool and after sign-for, refused after acceptance or for a report', () => {
    const pooled = world('complaint', '2026-05-06T09:00:00', pool);
    pooled.c.withdraw(null, null, pooled.at('2026-05-06T10:00:00'));
    expect(pooled.c.status).toBe('withdrawn');

    const signed = world('complaint', '2026-05-06T09:00:00');
    signed.c.sign(handlerA, signed.at('2026-05-06T10:00:00'));
    signed.c.withdraw(null, null, signed.at('2026-05-06T11:00:00'));
    expect(signed.c.status).toBe('withdrawn');

    const accepted = world('complaint', '2026-05-06T09:00:00');
    accepted.c.sign(handlerA, accepted.at('2026-05-06T10:00:00'));
    accepted.c.accept(handlerA, accepted.at('2026-05-06T11:00:00'), null);
    expectError(() => accepted.c.withdraw(null, null, accepted.at('2026-05-06T12:00:00')), InvalidTransition, 'INVALID_TRANSITION');
    expect(accepted.c.status).toBe('accepted');

    const report = world('report', '2026-05-06T09:00:00');
    expectError(() => report.c.withdraw(null, null, report.at('2026-05-06T10:00:00')), InvalidTransition, 'INVALID_TRANSITION');

    const twice = world('complaint', '2026-05-06T09:00:00');
    twice.c.withdraw(null, null, twice.at('2026-05-06T10:00:00'));
    expectError(() => twice.c.withdraw(null, null, twice.at('2026-05-06T11:00:00')), InvalidTransition, 'INVALID_TRANSITION');
  });
});
