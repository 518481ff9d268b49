import { O121_FIRST_STEPS, OPERATOR, domainCase, china, expectDomainError, officialCalendar } from '../../../testing/src/domain-case.js';
import { InvalidInput, NotFound } from '#kernel';
import { type CaseType } from '#deadlines';
import { type Actor, Case, type ClockContext } from './case.js';
import { HandoffRefused, InvalidTransition, NotAssignee } from './case.errors.js';
import { CoHandlingPending, supervisionState } from './cohandling.js';

const calendar = officialCalendar();

const POLICIES = O121_FIRST_STEPS;

const operator = OPERATOR;
const handlerA: Actor = { userId: 'u-a', unitId: 'county-a', role: 'handler' };
const leaderA: Actor = { userId: 'u-la', unitId: 'county-a', role: 'leader' };
const handlerB: Actor = { userId: 'u-b', unitId: 'county-b', role: 'handler' };
const handlerC: Actor = { userId: 'u-c', unitId: 'county-c', role: 'handler' };
const cityLeader: Actor = { userId: 'u-city', unitId: 'city', role: 'leader' };

function world(type: CaseType = 'complaint', received = '2026-05-06T09:00:00') {
  const w = domainCase(POLICIES, calendar, type, received);
  w.c.pullEvents();
  return w;
}

const expectError = expectDomainError;
const accepted = () => {
  const w = world();
  w.c.sign(handlerA, w.at('2026-05-06T10:00:00'));
  w.c.accept(handlerA, w.at('2026-05-06T11:00:00'), null);
  w.c.pullEvents();
  return w;
};
const close = (c: Case, ctx: ClockContext) => c.close({ outcome: 'agreement', ground: null, note: null, recoveredAmount: null }, handlerA, ctx);

describe('co-handling (协办)', () => {
  it('the intake adds co-units; each submits its part once; the lead closes when none is pending', () => {
    const { c, at } = accepted();
    c.addCoUnits(['county-b', 'county-c', 'county-b'], '涉及两地经营场所', true, operator, at('2026-05-07T09:00:00'));
    expect(c.coUnits.map((u) => [u.unitId, u.state])).toEqual([['county-b', 'pending'], ['county-c', 'pending']]);
    expect(c.coUnitIds).toEqual(['county-b', 'county-c']);
    const [added] = c.pullEvents();
    expect(added).toMatchObject({ type: 'CoUnitsAdded', note: '涉及两地经营场所', data: { leadUnitId: 'county-a', unitIds: ['county-b', 'county-c'] } });

    expectError(() => close(c, at('2026-05-08T09:00:00')), CoHandlingPending, 'COHANDLING_PENDING');
    c.submitCoReport('已约谈B区门店', handlerB, at('2026-05-08T10:00:00'));
    expect(c.coUnits[0]).toMatchObject({ state: 'submitted', text: '已约谈B区门店', submittedAt: china('2026-05-08T10:00:00') });
    // One open part per co-unit: a second submission is refused.
    expectError(() => c.submitCoReport('再次反馈', handlerB, at('2026-05-08T10:30:00')), InvalidTransition, 'INVALID_TRANSITION');
    // Only a co-unit may submit; the lead unit is not one.
    expectError(() => c.submitCoReport('x', handlerA, at('2026-05-08T10:30:00')), InvalidTransition, 'INVALID_TRANSITION');
    let refused: unknown;
    try { close(c, at('2026-05-08T11:00:00')); } catch (e) { refused = e; }
    expect(refused).toBeInstanceOf(CoHandlingPending);
    expect((refused as CoHandlingPending).unitIds).toEqual(['county-c']);
    expect(c.status).toBe('accepted');

    c.submitCoReport('C区无相关门店', handlerC, at('2026-05-08T14:00:00'));
    close(c, at('2026-05-08T15:00:00'));
    expect(c.status).toBe('closed');
    expect(c.pullEvents().map((e) => e.type)).toEqual(['CoReportSubmitted', 'CoReportSubmitted', 'CaseClosed']);
  });

  it('the lead releases a pending part explicitly, then may close; only the lead may release', () => {
    const { c, at } = accepted();
    c.addCoUnits(['county-b'], null, false, leaderA, at('2026-05-07T09:00:00'));
    expectError(() => c.releaseCoUnit('county-b', '无需等待', handlerB, at('2026-05-07T10:00:00')), NotAssignee, 'NOT_ASSIGNEE');
    expectError(() => c.releaseCoUnit('county-c', '无此协办', handlerA, at('2026-05-07T10:00:00')), InvalidTransition, 'INVALID_TRANSITION');
    c.releaseCoUnit('county-b', '已掌握情况，无需等待', handlerA, at('2026-05-07T10:00:00'));
    expect(c.coUnits[0]!.state).toBe('released');
    expectError(() => c.submitCoReport('迟到的反馈', handlerB, at('2026-05-07T11:00:00')), InvalidTransition, 'INVALID_TRANSITION');
    close(c, at('2026-05-07T12:00:00'));
    expect(c.pullEvents().map((e) => e.type).slice(0, 2)).toEqual(['CoUnitsAdded', 'CoUnitReleased']);
  });

  it('who may add co-units, and which units', () => {
    const { c, at } = accepted();
    // A handler of the lead unit is not its leader; another unit is neither.
    expectError(() => c.addCoUnits(['county-b'], null, false, handlerA, at('2026-05-07T09:00:00')), NotAssignee, 'NOT_ASSIGNEE');
    expectError(() => c.addCoUnits(['county-b'], null, false, handlerB, at('2026-05-07T09:00:00')), NotAssignee, 'NOT_ASSIGNEE');
    expectError(() => c.addCoUnits(['county-a'], null, true, operator, at('2026-05-07T09:00:00')), HandoffRefused, 'HANDOFF_REFUSED');
    expectError(() => c.addCoUnits([], null, true, operator, at('2026-05-07T09:00:00')), InvalidInput, 'VALIDATION_FAILED');
    c.addCoUnits(['county-b'], null, true, operator, at('2026-05-07T09:00:00'));
    expectError(() => c.addCoUnits(['county-b'], null, true, operator, at('2026-05-07T09:30:00')), HandoffRefused, 'HANDOFF_REFUSED');
    // After submitting, the unit may be asked again: a new pending part.
    c.submitCoReport('第一次反馈', handlerB, at('2026-05-07T10:00:00'));
    c.addCoUnits(['county-b'], '请补充', true, operator, at('2026-05-07T11:00:00'));
    expect(c.coUnits).toEqual([expect.objectContaining({ unitId: 'county-b', state: 'pending', text: null, submittedAt: null })]);
  });

  it('a report cannot be decided while a co-unit part is pending; a pool case takes no co-units', () => {
    const w = world('report');
    w.c.sign(handlerA, w.at('2026-05-06T10:00:00'));
    w.c.addCoUnits(['county-b'], null, true, operator, w.at('2026-05-06T11:00:00'));
    expectError(() => w.c.decideReport('fileCase', '证据充分', handlerA, w.at('2026-05-07T09:00:00')), CoHandlingPending, 'COHANDLING_PENDING');
    w.c.submitCoReport('协查完毕', handlerB, w.at('2026-05-07T10:00:00'));
    w.c.decideReport('fileCase', '证据充分', handlerA, w.at('2026-05-07T11:00:00'));
    expect(w.c.status).toBe('closed');
    expectError(() => w.c.addCoUnits(['county-c'], null, true, operator, w.at('2026-05-07T12:00:00')), InvalidTransition, 'INVALID_TRANSITION');
  });
});

describe('supervision (督办/催办)', () => {
  it('opens with a working-day response deadline on the calendar; the target answers once', () => {
    const { c, at } = accepted();
    // Thu 2026-04-30 before the May Day holiday (05-01..05-05 off; Sat 05-09 a make-up working day):
    // 3 working days → 05-06, 05-07, 05-08, due 24:00 China time of Fri 05-08.
    const s = c.openSupervision({ kind: 'supervise', note: '请加快办理', responseDays: 3, openedByUnitId: 'city' }, cityLeader, at('2026-04-30T10:00:00'));
    expect(s).toMatchObject({ kind: 'supervise', targetUnitId: 'county-a', openedByUnitId: 'city', auto: false, answeredAt: null });
    expect(s.dueAt.toISOString()).toBe(china('2026-05-08T23:59:59.999').toISOString());
    expect(supervisionState(s)).toBe('open');
    const [ev] = c.pullEvents();
    expect(ev).toMatchObject({ type: 'SupervisionOpened', note: '请加快办理', data: { supervisionId: s.id, kind: 'supervise', targetUnitId: 'county-a', dueDate: '2026-05-08', auto: false } });

    expectError(() => c.answerSupervision(s.id, '已处理', handlerB, at('2026-05-06T09:00:00')), NotAssignee, 'NOT_ASSIGNEE');
    expectError(() => c.answerSupervision('nope', '已处理', handlerA, at('2026-05-06T09:00:00')), NotFound, 'NOT_FOUND');
    c.answerSupervision(s.id, '已约谈经营者，调解中', handlerA, at('2026-05-06T09:00:00'));
    expect(supervisionState(c.supervisions[0]!)).toBe('answered');
    expect(c.pullEvents()[0]).toMatchObject({ type: 'SupervisionAnswered', data: { supervisionId: s.id, onTime: true } });
    expectError(() => c.answerSupervision(s.id, '再答', handlerA, at('2026-05-06T10:00:00')), InvalidTransition, 'INVALID_TRANSITION');
    // Past its due time an answered item is never marked overdue.
    expect(c.markSupervisionOverdue(s.id, at('2026-05-20T10:00:00'))).toBe(false);
  });

  it('an unanswered item past due is marked overdue once, and may still be answered (late)', () => {
    const { c, at } = accepted();
    const s = c.openSupervision({ kind: 'remind', note: '请尽快反馈', responseDays: 1, openedByUnitId: 'intake' }, operator, at('2026-05-06T12:00:00'));
    c.pullEvents();
    expect(c.markSupervisionOverdue(s.id, at('2026-05-07T23:00:00'))).toBe(false); // not yet due
    expect(c.markSupervisionOverdue(s.id, at('2026-05-08T00:00:01'))).toBe(true);
    expect(c.markSupervisionOverdue(s.id, at('2026-05-08T00:00:02'))).toBe(false);
    expect(supervisionState(c.supervisions[0]!)).toBe('overdue');
    const [ev] = c.pullEvents();
    expect(ev).toMatchObject({ type: 'SupervisionOverdue', actorId: null, data: { supervisionId: s.id, kind: 'remind', targetUnitId: 'county-a' } });
    c.answerSupervision(s.id, '已办理', leaderA, at('2026-05-08T09:00:00'));
    expect(c.pullEvents()[0]!.data).toMatchObject({ onTime: false });
  });

  it('refuses bad input, a self-supervision, and cases not in a unit’s hands', () => {
    const { c, at } = accepted();
    expectError(() => c.openSupervision({ kind: 'x' as never, note: 'n', responseDays: 3, openedByUnitId: 'city' }, cityLeader, at('2026-05-06T12:00:00')), InvalidInput, 'VALIDATION_FAILED');
    expectError(() => c.openSupervision({ kind: 'remind', note: 'n', responseDays: 0, openedByUnitId: 'city' }, cityLeader, at('2026-05-06T12:00:00')), InvalidInput, 'VALIDATION_FAILED');
    expectError(() => c.openSupervision({ kind: 'remind', note: 'n', responseDays: 3, openedByUnitId: 'county-a' }, leaderA, at('2026-05-06T12:00:00')), HandoffRefused, 'HANDOFF_REFUSED');
    close(c, at('2026-05-06T13:00:00'));
    expectError(() => c.openSupervision({ kind: 'remind', note: 'n', responseDays: 3, openedByUnitId: 'city' }, cityLeader, at('2026-05-06T14:00:00')), InvalidTransition, 'INVALID_TRANSITION');
  });
});
