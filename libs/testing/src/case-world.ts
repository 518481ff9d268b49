// A CaseWorkflow on in-memory adapters for handler specs (no PostgreSQL, no Nest module): real domain, real
// calendar data, the units of a small tree, a FixedClock.
import { readFileSync } from 'node:fs';
import { FixedClock } from '#kernel';
import type { Outbox, OutboxEntry, Tx, UnitOfWork } from '#platform';
import { type ChineseDaysJson, type TimeLimitPolicy, WorkingCalendar, calendarEntriesFromChineseDays, chinaDate, policiesFor, yearsIn } from '#deadlines';
import type { CalendarStore } from '#deadlines-nest';
import type { UnitNode } from '#org';
import { InMemoryOrg } from '#org-nest';
import { type Actor, Case, type RegisterInput } from '#cases';
import type { DecisionNotifier } from '#cases-nest';
import {
  CaseWorkflow, InMemoryAttachmentRepository, InMemoryCaseAccess, InMemoryCaseReads, InMemoryCaseRepository, InMemoryDocumentRepository, InMemoryIdentityAudit, InMemoryInbox,
} from '#cases-nest';

const entries = calendarEntriesFromChineseDays(JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson);
export const calendar = new WorkingCalendar(entries, yearsIn(entries), 'cal-v1');
const O121 = { regime: 'O121', effectiveFrom: '2026-04-15', effectiveTo: null, enabled: true, version: 1 } as const;
export const POLICIES: TimeLimitPolicy[] = [
  { ...O121, caseType: 'complaint', id: 'c-accept', step: 'acceptance', amount: 7, unit: 'workingDays', startsAt: 'receipt', legalBasis: 'O121 第十五条' },
];
const U = (id: string, level: UnitNode['level'], parentId: string | null, isIntake = false): UnitNode => ({ id, code: id, name: `单位${id}`, level, parentId, regionCode: null, isIntake });
export const UNITS = [U('city', 'city', null), U('intake', 'department', 'city', true), U('county-a', 'county', 'city'), U('county-b', 'county', 'city')];
export const operator: Actor = { userId: 'u-op', unitId: 'intake', role: 'operator' };
export const handlerA: Actor = { userId: 'u-a', unitId: 'county-a', role: 'handler' };
export const handlerB: Actor = { userId: 'u-b', unitId: 'county-b', role: 'handler' };
export const cityLeader: Actor = { userId: 'u-city', unitId: 'city', role: 'leader' };
export const china = (s: string) => new Date(`${s}+08:00`);

export function caseWorld(received = '2026-11-23T09:00:00') {
  const clock = new FixedClock(china(received));
  const org = new InMemoryOrg({ units: UNITS });
  const cases = new InMemoryCaseRepository();
  const inbox = new InMemoryInbox();
  const access = new InMemoryCaseAccess(cases);
  const audit = new InMemoryIdentityAudit();
  const attachments = new InMemoryAttachmentRepository();
  const docs = new InMemoryDocumentRepository(cases);
  const reads = new InMemoryCaseReads(cases);
  const outbox: OutboxEntry[] = [];
  const uow = { run: <T>(fn: (tx: Tx) => Promise<T>) => fn({} as Tx) } as unknown as UnitOfWork;
  const out = { append: async (_tx: Tx, e: OutboxEntry[]) => { outbox.push(...e); } } as unknown as Outbox;
  const calendars = { calendar: async () => calendar, policies: async () => POLICIES } as unknown as CalendarStore;
  // online filers' SMS notices are their own specs' (libs/cases decision notices); none here
  const notices = { queue: async () => 0 } as unknown as DecisionNotifier;
  const wf = new CaseWorkflow(uow, cases, out, clock, calendars, org.directory, notices);
  let n = 0;
  /** A complaint dispatched to county-a and signed for, stored. */
  const aCase = (id = 'case-1'): Case => {
    const ctx = { now: clock.now(), calendar, policies: policiesFor(POLICIES, 'complaint', chinaDate(clock.now())), newId: () => `${id}-id-${++n}` };
    const input: RegisterInput = {
      id, caseNo: `2026${String(++n).padStart(8, '0')}`, type: 'complaint', channel: 'hotline', receivedAt: clock.now(),
      complainant: { name: '张三', phone: '13800138000', address: '镇江市丹徒区' },
      respondent: { name: '某某商行', creditCode: null, regionCode: '321112', address: '镇江市丹徒区某路1号', platform: false },
      categoryCode: 'G01', problemType: null, description: '事实', request: null, amount: null, registeredBy: operator.userId,
    };
    const c = Case.register(input, { unitId: 'county-a', ruleId: null, explanation: '派往A区局' }, operator, ctx);
    c.sign(handlerA, ctx);
    cases.seed(c);
    return c;
  };
  return { clock, org, cases, inbox, access, audit, attachments, docs, reads, outbox, wf, aCase };
}
