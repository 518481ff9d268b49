import { readFileSync } from 'node:fs';
import { DomainError, FixedClock } from '#kernel';
import {
  type ChineseDaysJson,
  type TimeLimitPolicy,
  WorkingCalendar,
  calendarEntriesFromChineseDays,
  chinaDate,
  policiesFor,
  yearsIn,
} from '#deadlines';
import { type Actor, Case, type ClockContext, type RegisterInput, type RouteDecision } from './case.js';
import { InvalidTransition, NotAssignee, UnknownGround } from './case.errors.js';

// ---- fixtures: the official calendar, the two regimes as data, a fixed clock

const entries = calendarEntriesFromChineseDays(
  JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson,
);
const calendar = new WorkingCalendar(entries, yearsIn(entries), 'cal-v1');

const base = { caseType: 'complaint', enabled: true, version: 1, effectiveTo: null } as const;
const O20 = { regime: 'O20', effectiveFrom: '2019-07-01', effectiveTo: '2026-04-14' } as const;
const O121 = { regime: 'O121', effectiveFrom: '2026-04-15' } as const;
const POLICIES: TimeLimitPolicy[] = [
  { ...base, ...O20, id: 'o20-accept', step: 'acceptance', amount: 7, unit: 'workingDays', startsAt: 'receipt', legalBasis: 'O20 第十四条' },
  { ...base, ...O20, id: 'o20-mediation', step: 'mediation', amount: 45, unit: 'workingDays', startsAt: 'acceptance', legalBasis: 'O20 第二十一条' },
  { ...base, ...O121, id: 'o121-accept', step: 'acceptance', amount: 7, unit: 'workingDays', startsAt: 'receipt', legalBasis: 'O121 第十五条' },
  { ...base, ...O121, id: 'o121-mediation', step: 'mediation', amount: 60, unit: 'calendarDays', startsAt: 'acceptance', legalBasis: 'O121 第二十三条第（五）项' },
  { ...base, ...O121, id: 'o121-termination', step: 'terminationNotice', amount: 7, unit: 'workingDays', startsAt: 'termination', legalBasis: 'O121 第二十三条' },
  { ...base, id: 'local-first', regime: 'LOCAL', step: 'firstResponse', amount: 24, unit: 'hours', startsAt: 'receipt', legalBasis: '24小时回应', effectiveFrom: '2020-01-01' },
  { ...base, id: 'local-sign', regime: 'LOCAL', step: 'sign', amount: 1, unit: 'workingDays', startsAt: 'dispatch', legalBasis: '1个工作日内签收', effectiveFrom: '2020-01-01' },
  { ...base, id: 'local-callback', regime: 'LOCAL', step: 'callback', amount: 1, unit: 'workingDays', startsAt: 'close', legalBasis: '次日回访', effectiveFrom: '2020-01-01' },
];

/** A China wall-clock time as an instant. */
const china = (s: string) => new Date(`${s}+08:00`);

const operator: Actor = { userId: 'u-op', unitId: 'intake', role: 'operator' };
const handler: Actor = { userId: 'u-h1', unitId: 'county-a', role: 'handler' };
const leader: Actor = { userId: 'u-l1', unitId: 'county-a', role: 'leader' };
const otherHandler: Actor = { userId: 'u-h2', unitId: 'county-b', role: 'handler' };
const admin: Actor = { userId: 'u-admin', unitId: 'city', role: 'admin' };
const routedToA: RouteDecision = { unitId: 'county-a', ruleId: 'rule-1', explanation: '派往A区局：派单规则（区划以 350102 开头）' };
const noRoute: RouteDecision = { unitId: null, ruleId: null, explanation: '无匹配的派单规则' };

/** A world for one case: the clock, and the context the application layer would build from it. */
function world(receivedAt: Date) {
  const clock = new FixedClock(receivedAt);
  let n = 0;
  const policies = policiesFor(POLICIES, 'complaint', chinaDate(receivedAt));
  const ctx = (): ClockContext => ({ now: clock.now(), calendar, policies, newId: () => `id-${++n}` });
  const at = (s: string) => {
    clock.set(china(s));
    return ctx();
  };
  return { clock, ctx, at };
}

function input(receivedAt: Date): RegisterInput {
  return {
    id: 'case-1',
    caseNo: '2026-000001',
    type: 'complaint',
    channel: 'hotline',
    receivedAt,
    complainant: { name: '张三', phone: '13800138000', address: '福州市鼓楼区' },
    respondent: { name: '某某商行', creditCode: null, regionCode: '350102', address: '福州市鼓楼区某路1号', platform: false },
    categoryCode: 'G01',
    problemType: '质量',
    description: '买到的电饭煲漏电',
    request: '退货退款',
    amount: 299,
    registeredBy: operator.userId,
  };
}

const deadline = (c: Case, kind: string) => {
  const d = c.deadlines.find((x) => x.step === kind);
  if (!d) throw new Error(`no ${kind} deadline`);
  return d;
};
const types = (c: Case) => c.pullEvents().map((e) => (e.type.startsWith('Deadline') ? `${e.type}:${String(e.data['kind'])}` : e.type));

function expectDomainError(fn: () => unknown, type: new (...a: never[]) => DomainError, code: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(type);
  expect(thrown).toBeInstanceOf(DomainError);
  expect((thrown as DomainError).code).toBe(code);
}

/** An O121 complaint registered on Wed 2026-05-06 09:00 China time and routed to county-a. */
function o121Case() {
  const w = world(china('2026-05-06T09:00:00'));
  const c = Case.register(input(china('2026-05-06T09:00:00')), routedToA, operator, w.at('2026-05-06T09:05:00'));
  c.pullEvents();
  c.pullTimers();
  return { ...w, c };
}

// ---- the lifecycle

const after = (d: Date) => new Date(d.getTime() + 1);

describe('Case — the complaint lifecycle under O121', () => {
  it('registers, routes, signs, accepts, mediates, closes and archives, recording every step', () => {
    const received = china('2026-05-06T09:00:00'); // Wednesday, O121 in force
    const w = world(received);
    const c = Case.register(input(received), routedToA, operator, w.at('2026-05-06T09:05:00'));

    expect(c.status).toBe('dispatched');
    expect(c.regime).toBe('O121');
    expect(c.assignedUnitId).toBe('county-a');
    expect(c.snapshot().routingRuleId).toBe('rule-1');
    // Acceptance: 7 working days from Wed 05-06: 07 (1), 08 (2), 09 Sat make-up (3), 11 (4), 12 (5), 13 (6), 14 (7).
    expect(deadline(c, 'acceptance')).toMatchObject({
      dueDate: '2026-05-14', dueAt: china('2026-05-14T23:59:59.999'), state: 'running', version: 1,
      startDate: '2026-05-06', policyId: 'o121-accept', calendarGap: false, metAt: null,
    });
    // First response: 24 clock hours from the receipt instant.
    expect(deadline(c, 'firstResponse').dueAt).toEqual(china('2026-05-07T09:00:00'));
    // Sign: 1 working day from dispatch (at registration, Wed 05-06) → Thu 05-07.
    expect(deadline(c, 'sign').dueDate).toBe('2026-05-07');
    const registered = c.pullEvents();
    expect(registered.map((e) => (e.type === 'DeadlineArmed' ? `${e.type}:${String(e.data['kind'])}` : e.type))).toEqual([
      'CaseRegistered', 'DeadlineArmed:acceptance', 'DeadlineArmed:firstResponse', 'CaseDispatched', 'DeadlineArmed:sign',
    ]);
    expect(registered[0]).toMatchObject({ actorId: 'u-op', unitId: 'intake', at: china('2026-05-06T09:05:00') });
    expect(registered[0]!.rule).toContain('《市场监督管理投诉举报处理办法》');
    expect(registered[1]).toMatchObject({ rule: 'O121 第十五条', data: { calendarVersion: 'cal-v1', calendarGaps: [] } });
    expect(registered[3]).toMatchObject({ rule: routedToA.explanation, data: { toUnitId: 'county-a', auto: true, routingRuleId: 'rule-1' } });
    expect(new Set(registered.map((e) => e.id)).size).toBe(registered.length);
    // Each clock arms one timer per ladder rung; the `due` rung wakes just after the due instant.
    const armed = c.pullTimers();
    expect(armed.filter((t) => t.rung === 'due')).toEqual([
      { deadlineId: deadline(c, 'acceptance').id, version: 1, rung: 'due', fireAt: after(china('2026-05-14T23:59:59.999')) },
      { deadlineId: deadline(c, 'firstResponse').id, version: 1, rung: 'due', fireAt: after(china('2026-05-07T09:00:00')) },
      { deadlineId: deadline(c, 'sign').id, version: 1, rung: 'due', fireAt: after(china('2026-05-07T23:59:59.999')) },
    ]);
    // Default ladder: warn from Wed 05-13 (two working days left: 13th and 14th), supervise after 2 more working days, notice after 5.
    expect(armed.filter((t) => t.deadlineId === deadline(c, 'acceptance').id).map((t) => [t.rung, t.fireAt])).toEqual([
      ['warn', china('2026-05-13T00:00:00')],
      ['due', after(china('2026-05-14T23:59:59.999'))],
      ['supervise', china('2026-05-19T00:00:00')],
      ['notice', china('2026-05-22T00:00:00')],
    ]);
    expect(c.pullTimers()).toEqual([]);

    c.sign(handler, w.at('2026-05-06T10:00:00'));
    expect(c.status).toBe('signed');
    expect(types(c)).toEqual(['CaseSigned', 'DeadlineMet:firstResponse', 'DeadlineMet:sign']);
    expect(deadline(c, 'sign')).toMatchObject({ state: 'met', metAt: china('2026-05-06T10:00:00') });

    c.accept(handler, w.at('2026-05-08T10:00:00'), '符合受理条件');
    expect(c.status).toBe('accepted');
    expect(deadline(c, 'acceptance')).toMatchObject({ state: 'met', metAt: china('2026-05-08T10:00:00'), overdueAt: null });
    // Mediation: 60 calendar days from Fri 05-08: 23 (to 05-31) + 30 (June) + 7 → Tue 07-07, a working day.
    expect(deadline(c, 'mediation')).toMatchObject({ unit: 'calendarDays', amount: 60, startDate: '2026-05-08', dueDate: '2026-07-07', state: 'running' });
    const accepted = c.pullEvents();
    expect(accepted.map((e) => e.type)).toEqual(['CaseAccepted', 'DeadlineMet', 'DeadlineArmed']);
    expect(accepted[0]).toMatchObject({ rule: '《市场监督管理投诉举报处理办法》第十五条', note: '符合受理条件', actorId: 'u-h1', unitId: 'county-a' });
    expect(accepted[1]!.data).toMatchObject({ kind: 'acceptance', onTime: true });
    expect(c.pullTimers().filter((t) => t.rung === 'due')).toEqual([
      { deadlineId: deadline(c, 'mediation').id, version: 1, rung: 'due', fireAt: after(china('2026-07-07T23:59:59.999')) },
    ]);

    c.addMediationNote('电话联系双方', handler, w.at('2026-05-20T15:00:00'));
    expect(types(c)).toEqual(['MediationNoted']);

    c.close({ outcome: 'agreement', ground: 'ignored', note: '退款299元', recoveredAmount: 299 }, handler, w.at('2026-06-01T10:00:00'));
    expect(c.status).toBe('closed');
    expect(c.snapshot()).toMatchObject({ outcome: 'agreement', closeGround: null, recoveredAmount: 299, closedAt: china('2026-06-01T10:00:00') });
    expect(deadline(c, 'mediation').state).toBe('met');
    // Callback pledge: 1 working day from Mon 06-01 → Tue 06-02.
    expect(deadline(c, 'callback').dueDate).toBe('2026-06-02');
    expect(c.deadlines.some((d) => d.step === 'terminationNotice')).toBe(false);
    expect(types(c)).toEqual(['CaseClosed', 'DeadlineMet:mediation', 'DeadlineArmed:callback']);

    c.recordCallback('satisfied', '满意', operator, w.at('2026-06-02T09:30:00'));
    expect(c.status).toBe('archived');
    expect(c.snapshot()).toMatchObject({ satisfaction: 'satisfied', archivedAt: china('2026-06-02T09:30:00') });
    expect(types(c)).toEqual(['CallbackRecorded', 'CaseArchived', 'DeadlineMet:callback']);
    expect(c.overdue).toBe(false);
    expect(c.deadlines.every((d) => d.state === 'met')).toBe(true);
  });

  it('leaves an unrouted case in the pool; the clock from receipt runs; a dispatcher sends it on', () => {
    const w = world(china('2026-05-06T09:00:00'));
    const c = Case.register(input(china('2026-05-06T09:00:00')), noRoute, operator, w.at('2026-05-06T09:05:00'));
    expect(c.status).toBe('pendingDispatch');
    expect(c.assignedUnitId).toBeNull();
    expect(types(c)).toEqual(['CaseRegistered', 'DeadlineArmed:acceptance', 'DeadlineArmed:firstResponse', 'CaseLeftInPool']);
    expect(c.deadlines.map((d) => d.step)).toEqual(['acceptance', 'firstResponse']);

    expectDomainError(() => c.sign(handler, w.ctx()), NotAssignee, 'NOT_ASSIGNEE'); // not assigned to anyone yet

    // Dispatched on Fri 05-08 at 17:00: the sign pledge counts 1 working day from 05-08 → Sat 05-09 make-up day.
    c.dispatch('county-a', operator, w.at('2026-05-08T17:00:00'), '人工分派');
    expect(c.status).toBe('dispatched');
    expect(c.snapshot()).toMatchObject({ assignedUnitId: 'county-a', routingRuleId: null, dispatchedAt: china('2026-05-08T17:00:00') });
    expect(deadline(c, 'sign').dueDate).toBe('2026-05-09');
    const ev = c.pullEvents();
    expect(ev.map((e) => e.type)).toEqual(['CaseDispatched', 'DeadlineArmed']);
    expect(ev[0]).toMatchObject({ note: '人工分派', data: { auto: false, toUnitId: 'county-a' } });
    expect(ev[0]!.rule).toContain('第四十一条');
  });

  it('lets a leader of the assigned unit act; another unit’s handler, an operator, a manager or an admin cannot', () => {
    const { c, ctx } = o121Case();
    for (const a of [otherHandler, operator, { ...leader, unitId: 'county-b' }, { userId: 'm', unitId: 'city', role: 'manager' } as Actor]) {
      expectDomainError(() => c.sign(a, ctx()), NotAssignee, 'NOT_ASSIGNEE');
    }
    expect(c.status).toBe('dispatched');
    expect(c.pullEvents()).toEqual([]);
    c.sign(leader, ctx());
    expectDomainError(() => c.accept(otherHandler, ctx(), null), NotAssignee, 'NOT_ASSIGNEE');
    // Administration is not handling (issue 11 §5): no admin bypass in the aggregate either.
    expectDomainError(() => c.accept(admin, ctx(), null), NotAssignee, 'NOT_ASSIGNEE');
    c.accept(leader, ctx(), null);
    expect(c.status).toBe('accepted');
    expectDomainError(() => c.addMediationNote('x', otherHandler, ctx()), NotAssignee, 'NOT_ASSIGNEE');
    expectDomainError(
      () => c.close({ outcome: 'agreement', ground: null, note: null, recoveredAmount: null }, otherHandler, ctx()),
      NotAssignee,
      'NOT_ASSIGNEE',
    );
    c.close({ outcome: 'agreement', ground: null, note: null, recoveredAmount: null }, handler, ctx());
    // The callback is the operators' job, not the unit's (nor an admin's).
    expectDomainError(() => c.recordCallback('satisfied', null, handler, ctx()), NotAssignee, 'NOT_ASSIGNEE');
    expectDomainError(() => c.recordCallback('satisfied', null, admin, ctx()), NotAssignee, 'NOT_ASSIGNEE');
    c.recordCallback('neutral', null, operator, ctx());
    expect(c.status).toBe('archived');
  });

  it('回访未果: the operator could not reach the complainant — archived without a satisfaction, the callback clock stopped', () => {
    const w = world(china('2026-05-06T09:00:00'));
    const c = Case.register(input(china('2026-05-06T09:00:00')), routedToA, operator, w.at('2026-05-06T09:05:00'));
    c.sign(handler, w.ctx());
    c.accept(handler, w.ctx(), null);
    c.close({ outcome: 'agreement', ground: null, note: null, recoveredAmount: null }, handler, w.at('2026-05-20T10:00:00'));
    c.pullEvents();
    expectDomainError(() => c.recordCallbackUnreachable('三次电话未接通', handler, w.ctx()), NotAssignee, 'NOT_ASSIGNEE');
    c.recordCallbackUnreachable('5月21日、22日两次电话未接通，短信未回复', operator, w.at('2026-05-22T16:00:00'));
    expect(c.status).toBe('archived');
    expect(c.snapshot()).toMatchObject({ satisfaction: null, archivedAt: china('2026-05-22T16:00:00') });
    expect(types(c)).toEqual(['CallbackUnreachable', 'CaseArchived', 'DeadlineMet:callback']);
    expect(c.deadlines.find((d) => d.step === 'callback')?.metAt).toEqual(china('2026-05-22T16:00:00')); // met late (due 05-21)
    // once archived, neither a callback nor another attempt
    expectDomainError(() => c.recordCallbackUnreachable('再次未接通', operator, w.ctx()), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.recordCallback('satisfied', null, operator, w.ctx()), InvalidTransition, 'INVALID_TRANSITION');
  });
});

describe('Case — illegal transitions', () => {
  it('refuses steps out of order with INVALID_TRANSITION and changes nothing', () => {
    const { c, ctx } = o121Case();
    const closeInput = { outcome: 'agreement' as const, ground: null, note: null, recoveredAmount: null };
    expectDomainError(() => c.accept(handler, ctx(), null), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.decline('noAuthority', null, handler, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.close(closeInput, handler, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.addMediationNote('x', handler, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.recordCallback('satisfied', null, operator, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.dispatch('county-b', operator, ctx(), null), InvalidTransition, 'INVALID_TRANSITION');
    expect(c.status).toBe('dispatched');
    expect(c.pullEvents()).toEqual([]);

    c.sign(handler, ctx());
    expectDomainError(() => c.sign(handler, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.close(closeInput, handler, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    c.accept(handler, ctx(), null);
    expectDomainError(() => c.accept(handler, ctx(), null), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.decline('noAuthority', null, handler, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.recordCallback('satisfied', null, operator, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.notifyTermination(null, handler, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    c.close(closeInput, handler, ctx());
    expectDomainError(() => c.close(closeInput, handler, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    expectDomainError(() => c.addMediationNote('x', handler, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    // Not terminated: nothing to notify.
    expectDomainError(() => c.notifyTermination(null, handler, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    c.recordCallback('satisfied', null, operator, ctx());
    expectDomainError(() => c.recordCallback('satisfied', null, operator, ctx()), InvalidTransition, 'INVALID_TRANSITION');
  });

  it('carries the state and action in the error', () => {
    const { c, ctx } = o121Case();
    try {
      c.accept(handler, ctx(), null);
      throw new Error('should have thrown');
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidTransition);
      expect((e as InvalidTransition).details).toEqual({ caseId: 'case-1', from: 'dispatched', action: 'accept' });
    }
  });
});

describe('Case — refusals are worded for people (no internal code)', () => {
  const CODE = /[A-Za-z]/;
  it('a pause reason the policy does not allow names the regulation and the step in Chinese', () => {
    const w = world(china('2026-05-06T09:00:00'));
    const c = Case.register(input(china('2026-05-06T09:00:00')), routedToA, operator, w.at('2026-05-06T09:05:00'));
    c.sign(handler, w.at('2026-05-06T10:00:00'));
    c.accept(handler, w.at('2026-05-06T11:00:00'), null);
    let thrown: unknown;
    try {
      c.pauseClock('mediation', { reason: 'awaitingMaterials', evidence: null, note: null }, handler, w.at('2026-05-07T09:00:00'));
    } catch (e) {
      thrown = e;
    }
    expect((thrown as DomainError).code).toBe('PAUSE_NOT_ALLOWED');
    expect((thrown as DomainError).message).toBe('《市场监督管理投诉举报处理办法》对“调解”期限不允许以“补正材料”为由暂停计时');
  });
  it('an illegal step says the state and the action in Chinese; an unknown ground names the regulation', () => {
    const { c, ctx } = o121Case();
    for (const act of [() => c.accept(handler, ctx(), null), () => c.resumeClock('mediation', null, handler, ctx()), () => c.decline('nope', null, handler, ctx())]) {
      try {
        act();
        throw new Error('should have thrown');
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).message).not.toMatch(CODE);
      }
    }
    expect(new InvalidTransition('x', 'dispatched', 'accept').message).toBe('当前状态（待签收）不允许受理');
    expect(new UnknownGround('ground', 'nope', 'O20').message).toBe('所选理由不是《市场监督管理投诉举报处理暂行办法》规定的法定理由');
  });
});

describe('Case — decline', () => {
  it('declines with a ground of the regime, stops the acceptance clock and can be called back', () => {
    const { c, at } = o121Case();
    c.sign(handler, at('2026-05-06T10:00:00'));
    c.pullEvents();
    c.decline('identity', '拒绝身份核验', handler, at('2026-05-07T10:00:00'));
    expect(c.status).toBe('declined');
    expect(c.snapshot()).toMatchObject({ declineGround: 'identity', decidedAt: china('2026-05-07T10:00:00') });
    expect(deadline(c, 'acceptance').state).toBe('met');
    expect(c.deadlines.some((d) => d.step === 'mediation')).toBe(false);
    const ev = c.pullEvents();
    expect(ev.map((e) => e.type)).toEqual(['CaseDeclined', 'DeadlineMet']);
    expect(ev[0]).toMatchObject({ rule: '《市场监督管理投诉举报处理办法》第十六条第（六）项', note: '拒绝身份核验', data: { ground: 'identity' } });
    c.recordCallback('dissatisfied', null, operator, at('2026-05-08T10:00:00'));
    expect(c.status).toBe('archived');
  });

  it('refuses a ground the regime does not have (identity is O121 only) with UNKNOWN_GROUND', () => {
    const w = world(china('2026-04-14T16:00:00')); // the last O20 day
    const c = Case.register(input(china('2026-04-14T16:00:00')), routedToA, operator, w.at('2026-04-14T16:10:00'));
    expect(c.regime).toBe('O20');
    c.sign(handler, w.ctx());
    expectDomainError(() => c.decline('identity', null, handler, w.ctx()), UnknownGround, 'UNKNOWN_GROUND');
    expectDomainError(() => c.decline('nonsense', null, handler, w.ctx()), UnknownGround, 'UNKNOWN_GROUND');
    expect(c.status).toBe('signed');
    c.decline('materials', null, handler, w.ctx());
    expect(c.status).toBe('declined');
  });
});

describe('Case — acceptance deadline on time, late, and the overdue timer', () => {
  // O20 complaint received Fri 2026-02-13 10:00: 7 working days → Mon 03-02 (02-14 Sat make-up, 02-15..23 off,
  // 24–28 incl. Sat make-up, 03-02), due 2026-03-02 23:59:59.999 China time.
  const received = china('2026-02-13T10:00:00');
  function o20Case() {
    const w = world(received);
    const c = Case.register(input(received), routedToA, operator, w.at('2026-02-13T10:05:00'));
    c.sign(handler, w.at('2026-02-13T11:00:00'));
    c.pullEvents();
    c.pullTimers();
    return { ...w, c };
  }

  it('uses O20 for an item received before 2026-04-15', () => {
    const { c } = o20Case();
    expect(c.regime).toBe('O20');
    expect(deadline(c, 'acceptance')).toMatchObject({ dueDate: '2026-03-02', policyId: 'o20-accept' });
  });

  it('met at the last millisecond is on time', () => {
    const { c, ctx, clock } = o20Case();
    clock.set(new Date('2026-03-02T15:59:59.999Z'));
    c.accept(handler, ctx(), null);
    expect(deadline(c, 'acceptance')).toMatchObject({ state: 'met', overdueAt: null });
  });

  it('met late: state overdue with metAt, not open-overdue any more', () => {
    const { c, at } = o20Case();
    c.accept(handler, at('2026-03-03T09:00:00'), null);
    expect(deadline(c, 'acceptance')).toMatchObject({
      state: 'overdue', metAt: china('2026-03-03T09:00:00'), overdueAt: china('2026-03-03T09:00:00'),
    });
    expect(c.pullEvents().find((e) => e.type === 'DeadlineMet')!.data).toMatchObject({ kind: 'acceptance', onTime: false });
    expect(c.overdue).toBe(false);
  });

  it('markOverdue skips an unknown id, a stale version and an early or exactly-on-time wake-up; fires once', () => {
    const { c, clock, ctx } = o20Case();
    const d = deadline(c, 'acceptance');
    clock.set(new Date('2026-03-02T15:59:59.999Z')); // the due instant itself is still in time
    expect(c.markOverdue(d.id, 1, ctx())).toBe(false);
    clock.set(china('2026-03-03T00:00:00'));
    expect(c.markOverdue('nope', 1, ctx())).toBe(false);
    expect(c.markOverdue(d.id, 2, ctx())).toBe(false); // stale (or future) version
    expect(c.pullEvents()).toEqual([]);
    expect(c.overdue).toBe(false);

    expect(c.markOverdue(d.id, 1, ctx())).toBe(true);
    expect(deadline(c, 'acceptance')).toMatchObject({ state: 'overdue', overdueAt: china('2026-03-03T00:00:00'), metAt: null });
    expect(c.overdue).toBe(true);
    const ev = c.pullEvents();
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({
      type: 'DeadlineOverdue', actorId: null, unitId: null, rule: 'O20 第十四条',
      data: { deadlineId: d.id, kind: 'acceptance', dueAt: '2026-03-02T15:59:59.999Z', version: 1, rung: 'due' },
    });

    clock.advance(3_600_000); // redelivery
    expect(c.markOverdue(d.id, 1, ctx())).toBe(false);
    expect(c.pullEvents()).toEqual([]);

    // Done late after the timer fired: the step is met, the overdue mark (and its time) stays.
    clock.set(china('2026-03-04T10:00:00'));
    c.accept(handler, ctx(), null);
    expect(deadline(c, 'acceptance')).toMatchObject({ state: 'overdue', overdueAt: china('2026-03-03T00:00:00'), metAt: china('2026-03-04T10:00:00') });
    expect(c.overdue).toBe(false);
  });

  it('markOverdue does nothing to a deadline already met', () => {
    const { c, at } = o20Case();
    c.accept(handler, at('2026-02-24T09:00:00'), null);
    c.pullEvents();
    expect(c.markOverdue(deadline(c, 'acceptance').id, 1, at('2026-03-05T00:00:00'))).toBe(false);
    expect(deadline(c, 'acceptance').state).toBe('met');
    expect(c.pullEvents()).toEqual([]);
  });
});

describe('Case — mediation and termination clocks', () => {
  it('arms 45 working days under O20 at acceptance', () => {
    // Received and accepted Wed 2026-04-01 (O20): 45 working days → Mon 06-08 (04-04..06 and 05-01..05 off,
    // 05-09 Sat make-up counted; see period.spec).
    const w = world(china('2026-04-01T09:00:00'));
    const c = Case.register(input(china('2026-04-01T09:00:00')), routedToA, operator, w.at('2026-04-01T09:00:00'));
    c.sign(handler, w.at('2026-04-01T10:00:00'));
    c.accept(handler, w.at('2026-04-01T15:00:00'), null);
    expect(deadline(c, 'mediation')).toMatchObject({
      unit: 'workingDays', amount: 45, startDate: '2026-04-01', dueDate: '2026-06-08', policyId: 'o20-mediation', legalBasis: 'O20 第二十一条',
    });
  });

  it('arms 60 calendar days under O121 at acceptance, rolling off a weekend', () => {
    // Accepted Wed 2026-04-15 16:00: 15 (to 04-30) + 31 (May) + 14 → Sun 06-14 → Mon 06-15.
    const w = world(china('2026-04-15T09:00:00'));
    const c = Case.register(input(china('2026-04-15T09:00:00')), routedToA, operator, w.at('2026-04-15T09:00:00'));
    c.sign(handler, w.at('2026-04-15T10:00:00'));
    c.pullEvents();
    c.accept(handler, w.at('2026-04-15T16:00:00'), null);
    expect(deadline(c, 'mediation')).toMatchObject({ unit: 'calendarDays', amount: 60, dueDate: '2026-06-15', policyId: 'o121-mediation' });
    expect(c.pullEvents().find((e) => e.type === 'DeadlineArmed')!.data).toMatchObject({ rolledFrom: '2026-06-14', dueDate: '2026-06-15' });
  });

  it('arms the termination notice on a terminated close and meets it on notifyTermination', () => {
    const { c, at } = o121Case();
    c.sign(handler, at('2026-05-06T10:00:00'));
    c.accept(handler, at('2026-05-07T10:00:00'), null);
    c.pullEvents();
    c.pullTimers();
    const closeCtx = at('2026-06-01T10:00:00');
    expectDomainError(
      () => c.close({ outcome: 'terminated', ground: null, note: null, recoveredAmount: null }, handler, closeCtx),
      UnknownGround,
      'UNKNOWN_GROUND',
    );
    expect(c.status).toBe('accepted');
    c.close({ outcome: 'terminated', ground: 'partyAbsent', note: '被投诉人拒绝调解', recoveredAmount: null }, handler, closeCtx);
    expect(c.snapshot()).toMatchObject({ status: 'closed', outcome: 'terminated', closeGround: 'partyAbsent' });
    // 7 working days from Mon 06-01: 02, 03, 04, 05, 08, 09, 10.
    expect(deadline(c, 'terminationNotice')).toMatchObject({ dueDate: '2026-06-10', state: 'running', startDate: '2026-06-01' });
    const ev = c.pullEvents();
    expect(ev.map((e) => (e.type.startsWith('Deadline') ? `${e.type}:${String(e.data['kind'])}` : e.type))).toEqual([
      'CaseClosed', 'DeadlineMet:mediation', 'DeadlineArmed:terminationNotice', 'DeadlineArmed:callback',
    ]);
    expect(ev[0]).toMatchObject({ rule: '《市场监督管理投诉举报处理办法》第二十三条第（二）项', data: { outcome: 'terminated', ground: 'partyAbsent' } });
    expect([...new Set(c.pullTimers().map((t) => t.deadlineId))]).toEqual([deadline(c, 'terminationNotice').id, deadline(c, 'callback').id]);

    expectDomainError(() => c.notifyTermination(null, otherHandler, at('2026-06-03T10:00:00')), NotAssignee, 'NOT_ASSIGNEE');
    c.notifyTermination('已书面告知双方', handler, at('2026-06-03T10:00:00'));
    expect(deadline(c, 'terminationNotice')).toMatchObject({ state: 'met', metAt: china('2026-06-03T10:00:00') });
    const notified = c.pullEvents();
    expect(notified.map((e) => e.type)).toEqual(['TerminationNotified', 'DeadlineMet']);
    expect(notified[0]).toMatchObject({ rule: 'O121 第二十三条', note: '已书面告知双方', actorId: 'u-h1' });
    expect(notified[1]!.data).toMatchObject({ kind: 'terminationNotice', onTime: true });
    expectDomainError(() => c.notifyTermination(null, handler, at('2026-06-04T10:00:00')), InvalidTransition, 'INVALID_TRANSITION');
  });

  it('refuses a terminate ground of the other regime (partyCeased is O121 only)', () => {
    const w = world(china('2026-04-01T09:00:00'));
    const c = Case.register(input(china('2026-04-01T09:00:00')), routedToA, operator, w.ctx());
    c.sign(handler, w.ctx());
    c.accept(handler, w.ctx(), null);
    expectDomainError(
      () => c.close({ outcome: 'terminated', ground: 'partyCeased', note: null, recoveredAmount: null }, handler, w.ctx()),
      UnknownGround,
      'UNKNOWN_GROUND',
    );
    c.close({ outcome: 'terminated', ground: 'periodExpired', note: null, recoveredAmount: null }, handler, w.ctx());
    expect(c.pullEvents().find((e) => e.type === 'CaseClosed')!.rule).toBe('《市场监督管理投诉举报处理暂行办法》第二十二条第（五）项');
  });
});

describe('Case — restore and registration guard', () => {
  it('restores from props without sharing deadline objects', () => {
    const { c, at } = o121Case();
    const props = c.snapshot();
    const copy = Case.restore({ ...props, deadlines: [...props.deadlines] });
    copy.sign(handler, at('2026-05-06T10:00:00'));
    expect(copy.status).toBe('signed');
    expect(deadline(copy, 'sign').state).toBe('met');
    expect(deadline(c, 'sign').state).toBe('running');
  });

  it('refuses to register an item when no legal regime is in force', () => {
    const received = china('2019-01-01T09:00:00');
    const ctx: ClockContext = { now: received, calendar, policies: policiesFor(POLICIES, 'complaint', '2019-01-01'), newId: () => 'x' };
    expect(() => Case.register(input(received), routedToA, operator, ctx)).toThrow(/no legal regime/);
  });

  it('registers an inquiry (no statutory limit) under the regime in force, with only the local pledges', () => {
    const received = china('2026-05-06T09:00:00');
    const policies = policiesFor(
      POLICIES.map((p) => (p.regime === 'LOCAL' && p.step === 'firstResponse' ? { ...p, caseType: 'inquiry' as const } : p)),
      'inquiry',
      '2026-05-06',
    );
    const c = Case.register({ ...input(received), type: 'inquiry' }, noRoute, operator, { now: received, calendar, policies, newId: () => 'x' });
    expect(c.regime).toBe('O121');
    expect(c.deadlines.map((d) => d.step)).toEqual(['firstResponse']);
  });
});
