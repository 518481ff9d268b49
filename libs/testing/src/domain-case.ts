// Fixtures of the cases' domain specs (no database, no Nest): the official calendar, a case registered on a fixed
// clock, and the check that a refusal is the right domain error. Imported by relative path so domain specs stay light.
import { readFileSync } from 'node:fs';
import { FixedClock, type DomainError } from '#kernel';
import {
  type CaseType, type ChineseDaysJson, type TimeLimitPolicy, WorkingCalendar, calendarEntriesFromChineseDays, chinaDate, policiesFor, yearsIn,
} from '#deadlines';
import { type Actor, Case, type ClockContext, type RegisterInput, type RouteDecision } from '../../cases/src/domain/case.js';

/** The official calendar 2004–2026 as the `chinese-days` package ships it. */
export function officialCalendar(version = 'cal-v1'): WorkingCalendar {
  const entries = calendarEntriesFromChineseDays(
    JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson,
  );
  return new WorkingCalendar(entries, yearsIn(entries), version);
}

/** The instant of a China wall-clock time. */
export const china = (s: string): Date => new Date(`${s}+08:00`);

const O121 = { regime: 'O121', effectiveFrom: '2026-04-15', effectiveTo: null, enabled: true, version: 1 } as const;
/** The two statutory first steps under O121: a complaint's acceptance decision, a report's verification. */
export const O121_FIRST_STEPS: readonly TimeLimitPolicy[] = [
  { ...O121, caseType: 'complaint', id: 'c-accept', step: 'acceptance', amount: 7, unit: 'workingDays', startsAt: 'receipt', legalBasis: 'O121 第十五条' },
  { ...O121, caseType: 'report', id: 'r-verify', step: 'verification', amount: 15, unit: 'workingDays', startsAt: 'receipt', legalBasis: 'RCF 第十八条' },
];

export const OPERATOR: Actor = { userId: 'u-op', unitId: 'intake', role: 'operator' };
export const TO_COUNTY_A: RouteDecision = { unitId: 'county-a', ruleId: 'rule-a', explanation: '派往A区局' };

const LOCAL = { regime: 'LOCAL', effectiveFrom: '2020-01-01', effectiveTo: null, enabled: true, version: 1 } as const;
/** The first steps plus the local ones of a hand-off: an inquiry's answer, sign-for and the return window of every
 * case type, a report's reporter notice. */
export const HANDOFF_STEPS: readonly TimeLimitPolicy[] = [
  ...O121_FIRST_STEPS,
  { ...LOCAL, caseType: 'inquiry', id: 'i-answer', step: 'answer', amount: 3, unit: 'workingDays', startsAt: 'receipt', legalBasis: '咨询3个工作日' },
  ...(['complaint', 'report', 'inquiry'] as const).flatMap((t): TimeLimitPolicy[] => [
    { ...LOCAL, caseType: t, id: `${t}-sign`, step: 'sign', amount: 1, unit: 'workingDays', startsAt: 'dispatch', legalBasis: '1个工作日内签收' },
    { ...LOCAL, caseType: t, id: `${t}-return`, step: 'returnWindow', amount: 2, unit: 'workingDays', startsAt: 'dispatch', legalBasis: '2个工作日内退回' },
  ]),
  { ...LOCAL, caseType: 'report', id: 'r-notice', step: 'reporterNotice', amount: 5, unit: 'workingDays', startsAt: 'decision', legalBasis: 'O20 第三十一条（地方保留步骤）' },
];

/** The handlers of two county bureaus and the city's leader. */
export const HANDLER_A: Actor = { userId: 'u-a', unitId: 'county-a', role: 'handler' };
export const HANDLER_B: Actor = { userId: 'u-b', unitId: 'county-b', role: 'handler' };
export const CITY_LEADER: Actor = { userId: 'u-city', unitId: 'city', role: 'leader' };
/** No routing rule matched: the case waits in the dispatch pool. */
export const TO_POOL: RouteDecision = { unitId: null, ruleId: null, explanation: '无匹配规则' };

/** The events a case has raised since last asked, a deadline's as `type:step`. */
export const eventKinds = (c: Case): string[] =>
  c.pullEvents().map((e) => (e.type.startsWith('Deadline') ? `${e.type}:${String(e.data['kind'])}` : e.type));

/** One case registered at `received` (China time) under `policies`, with a clock the spec moves by `at`. */
export function domainCase(
  policies: readonly TimeLimitPolicy[], calendar: WorkingCalendar,
  type: CaseType, received: string, route: RouteDecision = TO_COUNTY_A, over: Partial<RegisterInput> = {},
) {
  const clock = new FixedClock(china(received));
  let n = 0;
  const set = policiesFor([...policies], type, chinaDate(china(received)));
  const ctx = (): ClockContext => ({ now: clock.now(), calendar, policies: set, newId: () => `id-${++n}` });
  const at = (s: string) => {
    clock.set(china(s));
    return ctx();
  };
  const input: RegisterInput = {
    id: 'case-1', caseNo: '202600000001', type: type as RegisterInput['type'], channel: 'hotline', receivedAt: china(received),
    complainant: { name: '张三', phone: '13800138000', address: '常德市武陵区' },
    respondent: { name: '某某商行', creditCode: null, regionCode: '430702', address: '常德市武陵区某路1号', platform: false },
    categoryCode: 'G01', problemType: null, description: '事实', request: null, amount: null, registeredBy: OPERATOR.userId, ...over,
  };
  const c = Case.register(input, route, OPERATOR, ctx());
  return { clock, ctx, at, c };
}

/** `fn` throws a domain error of this class and code. */
export function expectDomainError(fn: () => unknown, type: abstract new (...a: never[]) => DomainError, code: string): void {
  let thrown: unknown;
  try { fn(); } catch (e) { thrown = e; }
  expect(thrown).toBeInstanceOf(type);
  expect((thrown as DomainError).code).toBe(code);
}
