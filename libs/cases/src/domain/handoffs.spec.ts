import {
  CITY_LEADER, HANDLER_A, HANDLER_B, HANDOFF_STEPS, OPERATOR, TO_COUNTY_A, TO_POOL, domainCase, china, eventKinds, expectDomainError, officialCalendar,
} from '../../../testing/src/domain-case.js';
import { DomainError } from '#kernel';
import { type CaseType } from '#deadlines';
import { type Actor, Case, type RegisterInput, type RouteDecision } from './case.js';
import { HandoffRefused, InvalidTransition, NotAssignee, ReturnWindowClosed } from './case.errors.js';
import { hopOps, linkOps, maskName, maskPhone } from './handoffs.js';

const calendar = officialCalendar();

const POLICIES = HANDOFF_STEPS;

const operator = OPERATOR;
const handlerA = HANDLER_A;
const handlerB = HANDLER_B;
const cityLeader = CITY_LEADER;
const toA = TO_COUNTY_A;
const pool = TO_POOL;

const world = (type: CaseType, received: string, route: RouteDecision = toA, over: Partial<RegisterInput> = {}) =>
  domainCase(POLICIES, calendar, type, received, route, over);
const kinds = eventKinds;
const deadline = (c: Case, kind: string) => c.deadlines.find((d) => d.step === kind)!;

const expectError = expectDomainError;

describe('return (退回) to the intake unit', () => {
  it('sends the case back to the pool with a reason, stops the unit’s sign clock, and the intake re-dispatches', () => {
    // Dispatched Wed 2026-05-06: the return window (2 working days) ends Thu 05-07… 05-06 not counted → 05-07, 05-08.
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    expect(deadline(c, 'returnWindow')).toMatchObject({ dueDate: '2026-05-08', state: 'running' });
    c.pullEvents();
    c.returnToIntake({ reason: 'notOurDuty', note: '被投诉人实际经营地在鼎城区', suggestedUnitId: 'county-b' }, handlerA, at('2026-05-07T10:00:00'));
    expect(c.status).toBe('pendingDispatch');
    expect(c.assignedUnitId).toBeNull();
    expect(c.snapshot()).toMatchObject({ returnCount: 1, returnedFromUnitId: 'county-a', unitTrail: ['county-a'] });
    expect(c.snapshot().pingPong).toBeFalsy();
    const ev = c.pullEvents();
    expect(ev.map((e) => (e.type.startsWith('Deadline') ? `${e.type}:${String(e.data['kind'])}` : e.type))).toEqual([
      'CaseReturned', 'DeadlineMet:returnWindow', 'DeadlineMet:sign',
    ]);
    expect(ev[0]).toMatchObject({ unitId: 'county-a', note: '被投诉人实际经营地在鼎城区', data: { reason: 'notOurDuty', reasonText: '非本单位职责', suggestedUnitId: 'county-b' } });
    expect(ev[0]!.rule).toContain('第四十一条');
    expect(ev[0]!.data).not.toHaveProperty('toUnitId'); // back to the intake: never sideways
    // The acceptance clock runs on regardless of hand-offs.
    expect(deadline(c, 'acceptance').state).toBe('running');

    c.dispatch('county-b', operator, at('2026-05-07T11:00:00'), '按退回建议分派');
    expect(c.status).toBe('dispatched');
    // A fresh window for the new unit: from Thu 05-07 → Fri 05-08, Sat 05-09 (make-up working day).
    expect(deadline(c, 'returnWindow')).toMatchObject({ dueDate: '2026-05-09', state: 'running', version: 2 });
  });

  it('refuses a return after the window, from another unit, without a text for “other”, or once accepted', () => {
    const { c, at, ctx } = world('complaint', '2026-05-06T09:00:00');
    expectError(() => c.returnToIntake({ reason: 'notOurDuty', note: null, suggestedUnitId: null }, handlerB, ctx()), NotAssignee, 'NOT_ASSIGNEE');
    expectError(() => c.returnToIntake({ reason: 'other', note: ' ', suggestedUnitId: null }, handlerA, ctx()), DomainError, 'VALIDATION_FAILED');
    expectError(() => c.returnToIntake({ reason: 'notOurDuty', note: null, suggestedUnitId: null }, handlerA, at('2026-05-09T00:00:01')), ReturnWindowClosed, 'RETURN_WINDOW_CLOSED');
    // Signing does not shorten the window, it only answers the dispatch.
    const w = world('complaint', '2026-05-06T09:00:00');
    w.c.sign(handlerA, w.at('2026-05-06T10:00:00'));
    w.c.returnToIntake({ reason: 'incomplete', note: null, suggestedUnitId: null }, handlerA, w.at('2026-05-08T16:00:00'));
    expect(w.c.status).toBe('pendingDispatch');
    const x = world('complaint', '2026-05-06T09:00:00');
    x.c.sign(handlerA, x.ctx());
    x.c.accept(handlerA, x.ctx(), null);
    expectError(() => x.c.returnToIntake({ reason: 'duplicate', note: null, suggestedUnitId: null }, handlerA, x.ctx()), InvalidTransition, 'INVALID_TRANSITION');
  });

  it('lets the intake rule a return unfounded and send it back; a second return flags ping-pong once', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    c.returnToIntake({ reason: 'notOurDuty', note: null, suggestedUnitId: null }, handlerA, at('2026-05-06T15:00:00'));
    c.pullEvents();
    c.rejectReturn('经核，被投诉人住所地在武陵区，退回理由不成立', operator, at('2026-05-07T09:00:00'));
    expect(c.status).toBe('dispatched');
    expect(c.assignedUnitId).toBe('county-a');
    expect(kinds(c)).toEqual(['ReturnRejected', 'CaseDispatched', 'DeadlineArmed:returnWindow', 'DeadlineArmed:sign']);
    c.returnToIntake({ reason: 'notOurDuty', note: '仍认为不属本局', suggestedUnitId: null }, handlerA, at('2026-05-07T10:00:00'));
    const ev = kinds(c);
    expect(ev).toContain('PingPongFlagged');
    expect(c.snapshot()).toMatchObject({ pingPong: true, returnCount: 2 });
    c.dispatch('county-b', operator, at('2026-05-07T11:00:00'), null);
    c.returnToIntake({ reason: 'notOurDuty', note: null, suggestedUnitId: null }, handlerB, at('2026-05-07T12:00:00'));
    expect(kinds(c)).not.toContain('PingPongFlagged');
  });

  it('cannot rule a return unfounded when nothing was returned', () => {
    const { c, ctx } = world('complaint', '2026-05-06T09:00:00', pool);
    expectError(() => c.rejectReturn('x', operator, ctx()), InvalidTransition, 'INVALID_TRANSITION');
  });
});

describe('transfer (转办/移送), take-over and referral', () => {
  it('transfers via the intake to another unit, re-arming the sign clock, and flags A→B→A', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    c.sign(handlerA, at('2026-05-06T10:00:00'));
    c.pullEvents();
    c.transfer('county-b', '属鼎城区管辖', operator, at('2026-05-06T11:00:00'));
    expect(c.snapshot()).toMatchObject({ status: 'dispatched', assignedUnitId: 'county-b', signedAt: null, unitTrail: ['county-a'] });
    expect(kinds(c)).toEqual(['CaseTransferred', 'DeadlineArmed:returnWindow', 'DeadlineArmed:sign']);
    expectError(() => c.transfer('county-b', 'x', operator, at('2026-05-06T11:05:00')), HandoffRefused, 'HANDOFF_REFUSED');
    c.transfer('county-a', '又转回', operator, at('2026-05-06T12:00:00'));
    expect(kinds(c)).toContain('PingPongFlagged');
  });

  it('moves a case out of the system with the notice text; every live clock is cancelled', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    c.pullEvents();
    c.transferOut({ agency: '常德市公安局武陵分局', notice: '您反映的问题属公安机关职责，请向其反映。', note: null }, true, operator, at('2026-05-06T10:00:00'));
    expect(c.status).toBe('transferredOut');
    expect(c.snapshot().transferredOutTo).toBe('常德市公安局武陵分局');
    expect(c.deadlines.every((d) => d.state === 'cancelled')).toBe(true);
    const ev = c.pullEvents();
    expect(ev[0]).toMatchObject({ type: 'CaseTransferredOut', data: { agency: '常德市公安局武陵分局', notice: expect.stringContaining('公安机关') } });
    // A unit that does not hold the case may not do it on its own.
    const w = world('complaint', '2026-05-06T09:00:00');
    expectError(() => w.c.transferOut({ agency: 'x', notice: 'y', note: null }, false, handlerB, w.ctx()), NotAssignee, 'NOT_ASSIGNEE');
  });

  it('lets a higher unit take a case over (in hand at once) and a unit refer one up (to be signed for)', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    c.pullEvents();
    c.takeOver('案情重大，提级办理', cityLeader, at('2026-05-06T10:00:00'));
    expect(c.snapshot()).toMatchObject({ assignedUnitId: 'city', status: 'signed' });
    expect(kinds(c)).toEqual(['CaseTakenOver', 'DeadlineMet:returnWindow', 'DeadlineMet:sign']);
    const w = world('complaint', '2026-05-06T09:00:00');
    w.c.pullEvents();
    w.c.referUp('city', '涉及跨区县', handlerA, w.at('2026-05-06T10:00:00'));
    expect(w.c.snapshot()).toMatchObject({ assignedUnitId: 'city', status: 'dispatched' });
    expect(kinds(w.c)[0]).toBe('CaseReferredUp');
  });
});

describe('reports (举报)', () => {
  it('verifies, decides 立案 within the verification deadline, then arms and meets the reporter notice', () => {
    const { c, at } = world('report', '2026-05-06T09:00:00');
    // 15 working days from Wed 05-06 (Sat 05-09 is a make-up working day) → Tue 05-26.
    expect(deadline(c, 'verification').dueDate).toBe('2026-05-26');
    c.sign(handlerA, at('2026-05-06T10:00:00'));
    c.addVerificationNote('现场核查，发现无证经营', handlerA, at('2026-05-08T10:00:00'));
    c.pullEvents();
    expectError(() => c.decideReport('fileCase', 'x', handlerB, at('2026-05-08T11:00:00')), NotAssignee, 'NOT_ASSIGNEE');
    c.decideReport('fileCase', '符合立案条件', handlerA, at('2026-05-08T11:00:00'));
    expect(c.snapshot()).toMatchObject({ status: 'closed', reportDecision: 'fileCase' });
    expect(kinds(c)).toEqual(['ReportDecided', 'CaseClosed', 'DeadlineMet:verification', 'DeadlineArmed:reporterNotice']);
    // 5 working days from Fri 05-08: 09 (make-up), 11, 12, 13, 14.
    expect(deadline(c, 'reporterNotice')).toMatchObject({ dueDate: '2026-05-14', state: 'running' });
    c.notifyReporter('电话告知', handlerA, at('2026-05-11T09:00:00'));
    expect(deadline(c, 'reporterNotice').state).toBe('met');
  });

  it('does not arm the notice for an anonymous reporter, and decisions are for reports only', () => {
    const { c, ctx } = world('report', '2026-05-06T09:00:00', toA, { realName: false, complainant: { name: '匿名', phone: '', address: '' } });
    c.sign(handlerA, ctx());
    c.decideReport('noCase', '证据不足', handlerA, ctx());
    expect(c.deadlines.some((d) => d.step === 'reporterNotice')).toBe(false);
    expectError(() => c.notifyReporter(null, handlerA, ctx()), InvalidTransition, 'INVALID_TRANSITION');
    const w = world('complaint', '2026-05-06T09:00:00');
    w.c.sign(handlerA, w.ctx());
    expectError(() => w.c.decideReport('fileCase', 'x', handlerA, w.ctx()), InvalidTransition, 'INVALID_TRANSITION');
  });

  it('is verified and decided, never accepted, declined, mediated, closed or called back as a complaint; an inquiry neither', () => {
    for (const type of ['report', 'inquiry'] as const) {
      const { c, ctx } = world(type, '2026-05-06T09:00:00');
      c.sign(handlerA, ctx());
      c.pullEvents();
      const refused = (fn: () => unknown, action: string) => {
        let e: unknown;
        try { fn(); } catch (x) { e = x; }
        expect(e).toBeInstanceOf(InvalidTransition);
        expect((e as InvalidTransition).message).toBe(`${type === 'report' ? '举报' : '咨询'}案件不能${action}`);
        expect((e as InvalidTransition).details).toMatchObject({ caseType: type });
      };
      refused(() => c.accept(handlerA, ctx(), null), '受理');
      refused(() => c.decline('noAuthority', null, handlerA, ctx()), '不予受理');
      refused(() => c.addMediationNote('组织调解', handlerA, ctx()), '调解记录');
      refused(() => c.close({ outcome: 'noAgreement', ground: null, note: null, recoveredAmount: null }, handlerA, ctx()), '办结');
      refused(() => c.withdraw(null, null, ctx()), '撤回');
      // Nothing changed: still signed, no event recorded.
      expect(c.status).toBe('signed');
      expect(c.pullEvents()).toEqual([]);
      if (type === 'report') c.decideReport('noCase', '证据不足', handlerA, ctx());
      else c.answerInquiry('已答复', false, handlerA, ctx());
      expect(c.status).toBe('closed');
      refused(() => c.recordCallback('satisfied', null, operator, ctx()), '回访');
      refused(() => c.recordPublicCallback('satisfied', null, ctx()), '回访');
      expect(c.status).toBe('closed');
    }
    // A complaint is not verified or answered.
    const w = world('complaint', '2026-05-06T09:00:00');
    w.c.sign(handlerA, w.ctx());
    expect(() => w.c.addVerificationNote('x', handlerA, w.ctx())).toThrow('投诉案件不能核查记录');
    expect(() => w.c.answerInquiry('x', false, handlerA, w.ctx())).toThrow('投诉案件不能答复');
  });

  it('verifies and decides a report accepted as a complaint before that was refused (no dead end for old data)', () => {
    const { c, ctx } = world('report', '2026-05-06T09:00:00');
    c.sign(handlerA, ctx());
    const old = Case.restore({ ...c.snapshot(), status: 'accepted' });
    old.addVerificationNote('补查', handlerA, ctx());
    old.decideReport('fileCase', '予以立案', handlerA, ctx());
    expect(old.snapshot()).toMatchObject({ status: 'closed', reportDecision: 'fileCase' });
    expect(old.deadlines.find((d) => d.step === 'verification')!.state).toBe('met');
  });

  it('links a repeat report of the same facts; merges new facts and restarts verification from the new report (O121 Art. 35)', () => {
    const first = world('report', '2026-05-06T09:00:00');
    const repeat = world('report', '2026-05-12T09:00:00', toA, { id: 'case-2', caseNo: '202600000002', description: '新证据：发票' });
    first.c.pullEvents();
    repeat.c.mergeInto({ id: 'case-1', caseNo: '202600000001' }, false, operator, repeat.at('2026-05-12T09:05:00'));
    expect(repeat.c.status).toBe('merged');
    expect(repeat.c.deadlines.every((d) => d.state === 'cancelled')).toBe(true);
    const src = repeat.c.snapshot();
    first.c.absorb({ id: src.id, caseNo: src.caseNo, type: 'report', description: src.description, receivedAt: src.receivedAt }, false, operator, first.at('2026-05-12T09:05:00'));
    expect(kinds(first.c)).toEqual(['CaseLinked']);
    expect(deadline(first.c, 'verification').dueDate).toBe('2026-05-26');

    first.c.absorb({ id: src.id, caseNo: src.caseNo, type: 'report', description: src.description, receivedAt: src.receivedAt }, true, operator, first.at('2026-05-12T09:06:00'));
    expect(kinds(first.c)).toEqual(['CaseLinked', 'VerificationRestarted', 'DeadlineArmed:verification']);
    // 15 working days from Tue 05-12 → 06-02.
    expect(deadline(first.c, 'verification')).toMatchObject({ startDate: '2026-05-12', dueDate: '2026-06-02', version: 2 });
    expect(first.c.snapshot().description).toContain('新证据：发票');
    expectError(() => repeat.c.mergeInto({ id: 'case-1', caseNo: 'x' }, false, operator, repeat.ctx()), InvalidTransition, 'INVALID_TRANSITION');
  });
});

describe('inquiries (咨询)', () => {
  it('is answered on the call by the intake and closed, meeting the answer clock', () => {
    const { c, at } = world('inquiry', '2026-05-06T09:00:00', pool);
    c.pullEvents();
    expectError(() => c.answerInquiry('x', false, handlerA, at('2026-05-06T09:03:00')), NotAssignee, 'NOT_ASSIGNEE');
    c.answerInquiry('七日无理由退货适用于网购商品', true, operator, at('2026-05-06T09:05:00'));
    expect(c.snapshot()).toMatchObject({ status: 'closed', answer: '七日无理由退货适用于网购商品' });
    expect(kinds(c)).toEqual(['InquiryAnswered', 'CaseClosed', 'DeadlineMet:answer']);
  });

  it('routed to a unit, is answered there after sign-for; or converted into a complaint keeping the link', () => {
    const { c, at } = world('inquiry', '2026-05-06T09:00:00');
    c.sign(handlerA, at('2026-05-06T10:00:00'));
    c.answerInquiry('已答复', false, handlerA, at('2026-05-07T10:00:00'));
    expect(c.status).toBe('closed');
    const w = world('inquiry', '2026-05-06T09:00:00', pool);
    w.c.pullEvents();
    w.c.convertInquiry({ id: 'case-9', caseNo: '202600000009', type: 'complaint' }, true, operator, w.at('2026-05-06T09:10:00'));
    const ev = w.c.pullEvents();
    expect(ev.map((e) => e.type)).toEqual(['InquiryConverted', 'CaseLinked', 'CaseClosed', 'DeadlineMet']);
    expect(linkOps(ev)).toEqual([{ otherCaseId: 'case-9', kind: 'convertedTo', at: china('2026-05-06T09:10:00'), by: 'u-op' }]);
  });
});

describe('per-hop attribution from events', () => {
  it('opens and closes hops on dispatch, sign, return, re-dispatch, transfer and close', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00', pool);
    const all = [...c.pullEvents()];
    c.dispatch('county-a', operator, at('2026-05-06T10:00:00'), null);
    c.sign(handlerA, at('2026-05-06T11:00:00'));
    c.returnToIntake({ reason: 'notOurDuty', note: null, suggestedUnitId: null }, handlerA, at('2026-05-06T12:00:00'));
    c.dispatch('county-b', operator, at('2026-05-06T13:00:00'), null);
    c.transfer('county-a', '转办', operator, at('2026-05-06T14:00:00'));
    c.takeOver('提级', cityLeader, at('2026-05-06T15:00:00'));
    c.accept(cityLeader, at('2026-05-06T16:00:00'), null);
    c.close({ outcome: 'agreement', ground: null, note: null, recoveredAmount: null }, cityLeader, at('2026-05-07T10:00:00'));
    all.push(...c.pullEvents());
    const ops = hopOps(all).map((o) => (o.op === 'open' ? `open:${o.unitId ?? 'pool'}:${o.how}${o.signed ? ':signed' : ''}` : o.op === 'close' ? `close:${o.reason}` : 'sign'));
    expect(ops).toEqual([
      'open:pool:intake:signed',
      'close:dispatched', 'open:county-a:dispatch',
      'sign',
      'close:returned', 'open:pool:return:signed',
      'close:dispatched', 'open:county-b:dispatch',
      'close:transferred', 'open:county-a:transfer',
      'close:takenOver', 'open:city:takeover:signed',
      'close:closed',
    ]);
  });
});

describe('masking', () => {
  it('keeps a hint of the name and the phone’s ends only', () => {
    expect(maskName('张三丰')).toBe('张**');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('')).toBe('');
  });
});

describe('down to the station (县局 → 市场监管所, issue 13)', () => {
  const countyA: Actor = handlerA;
  const stationA1: Actor = { userId: 'u-a1', unitId: 'station-a1', role: 'handler' };

  it('dispatching to a station signs for the county first, re-arms sign and return window for the station, keeps the acceptance clock', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    const acceptance = { ...deadline(c, 'acceptance') };
    c.pullEvents();
    c.dispatchToStation('station-a1', 'county-a', countyA, at('2026-05-06T15:00:00'), '请丹阳所办理');
    expect(c.status).toBe('dispatched');
    expect(c.assignedUnitId).toBe('station-a1');
    expect(c.snapshot()).toMatchObject({ signedAt: null, unitTrail: ['county-a'] });
    const ev = c.pullEvents();
    expect(ev.map((e) => (e.type.startsWith('Deadline') ? `${e.type}:${String(e.data['kind'])}` : e.type))).toEqual([
      'CaseSigned', 'DeadlineMet:returnWindow', 'DeadlineMet:sign', 'CaseDispatched', 'DeadlineArmed:returnWindow', 'DeadlineArmed:sign',
    ]);
    expect(ev[0]).toMatchObject({ unitId: 'county-a' });
    expect(ev[3]).toMatchObject({ note: '请丹阳所办理', data: { toUnitId: 'station-a1', fromUnitId: 'county-a', auto: false } });
    expect(ev[3]!.rule).toContain('第三十条');
    // The acceptance clock runs from receipt, untouched by the hop.
    expect(deadline(c, 'acceptance')).toMatchObject({ dueAt: acceptance.dueAt, version: acceptance.version, state: 'running' });
    expect(deadline(c, 'sign')).toMatchObject({ state: 'running', startDate: '2026-05-06' });
    // The station signs and accepts under the same acceptance clock.
    c.sign(stationA1, at('2026-05-07T09:00:00'));
    c.accept(stationA1, at('2026-05-07T10:00:00'), null);
    expect(deadline(c, 'acceptance')).toMatchObject({ state: 'met' });
    // hops: county closed as dispatched, station opened unsigned then signed
    expect(hopOps(ev).filter((o) => o.op !== 'sign')).toMatchObject([
      { op: 'close', reason: 'dispatched' }, { op: 'open', unitId: 'station-a1', how: 'dispatch', signed: false },
    ]);
  });

  it('refuses a dispatch to the unit already holding it; an accepted case goes down in hand, its mediation clock untouched', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    c.dispatchToStation('station-a1', 'county-a', countyA, at('2026-05-06T10:00:00'), null);
    expectError(() => c.dispatchToStation('station-a1', 'county-a', countyA, at('2026-05-06T11:00:00'), null), HandoffRefused, 'HANDOFF_REFUSED');
    c.recall('county-a', '本局受理', countyA, at('2026-05-06T11:30:00'));
    c.accept(countyA, at('2026-05-06T12:00:00'), null);
    c.pullEvents();
    const before = c.deadlines.map((d) => ({ ...d }));
    c.dispatchToStation('station-a2', 'county-a', countyA, at('2026-05-06T14:00:00'), '请所调解');
    expect(c.status).toBe('accepted');
    expect(c.assignedUnitId).toBe('station-a2');
    const ev = c.pullEvents();
    expect(ev.map((e) => e.type)).toEqual(['CaseDispatched']);
    expect(hopOps(ev)).toMatchObject([{ op: 'close', reason: 'dispatched' }, { op: 'open', unitId: 'station-a2', how: 'dispatch', signed: true }]);
    expect(c.deadlines.map((d) => ({ ...d }))).toEqual(before);
    expectError(() => c.returnToIntake({ reason: 'notOurDuty', note: null, suggestedUnitId: null }, { ...stationA1, unitId: 'station-a2' }, at('2026-05-06T15:00:00'), 'county-a'), InvalidTransition, 'INVALID_TRANSITION');
    c.close({ outcome: 'agreement', ground: null, note: null, recoveredAmount: null }, { ...stationA1, unitId: 'station-a2' }, at('2026-05-07T10:00:00'));
    expect(c.status).toBe('closed');
  });

  it('a station’s return goes to its county (not the pool): the county must sign again, its window re-arms; twice is ping-pong', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    c.dispatchToStation('station-a1', 'county-a', countyA, at('2026-05-06T10:00:00'), null);
    c.pullEvents();
    c.returnToIntake({ reason: 'notOurDuty', note: '不在本所辖区', suggestedUnitId: 'station-a2' }, stationA1, at('2026-05-07T09:00:00'), 'county-a');
    expect(c.status).toBe('dispatched');
    expect(c.assignedUnitId).toBe('county-a');
    const ev = c.pullEvents();
    expect(ev[0]).toMatchObject({ type: 'CaseReturned', data: { fromUnitId: 'station-a1', toUnitId: 'county-a', reason: 'notOurDuty' } });
    expect(ev[0]!.rule).toContain('第三十条');
    expect(ev.map((e) => (e.type.startsWith('Deadline') ? `${e.type}:${String(e.data['kind'])}` : e.type))).toEqual([
      'CaseReturned', 'DeadlineMet:returnWindow', 'DeadlineMet:sign', 'DeadlineArmed:returnWindow', 'DeadlineArmed:sign',
    ]);
    expect(hopOps(ev)).toMatchObject([{ op: 'close', reason: 'returned' }, { op: 'open', unitId: 'county-a', how: 'return', signed: false }]);
    // Re-dispatched to the same station, which returns it again: flagged once.
    c.dispatchToStation('station-a1', 'county-a', countyA, at('2026-05-07T10:00:00'), null);
    expect(c.snapshot().pingPong).toBe(true);
    expect(c.pullEvents().find((e) => e.type === 'PingPongFlagged')!.data).toMatchObject({ audience: 'countyLeader', countyId: 'county-a' });
  });

  it('a return after the station’s window closed is refused', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    c.dispatchToStation('station-a1', 'county-a', countyA, at('2026-05-06T10:00:00'), null);
    expectError(
      () => c.returnToIntake({ reason: 'incomplete', note: null, suggestedUnitId: null }, stationA1, at('2026-05-12T09:00:00'), 'county-a'),
      ReturnWindowClosed, 'RETURN_WINDOW_CLOSED',
    );
  });

  it('recall (收回) brings it back to the county in hand; an unsigned case counts as signed by the county', () => {
    const { c, at } = world('complaint', '2026-05-06T09:00:00');
    c.dispatchToStation('station-a1', 'county-a', countyA, at('2026-05-06T10:00:00'), null);
    c.pullEvents();
    c.recall('county-a', '本局直接办理', countyA, at('2026-05-06T11:00:00'));
    expect(c.status).toBe('signed');
    expect(c.assignedUnitId).toBe('county-a');
    const ev = c.pullEvents();
    expect(ev[0]).toMatchObject({ type: 'CaseRecalled', note: '本局直接办理', data: { fromUnitId: 'station-a1', toUnitId: 'county-a', signed: true } });
    expect(hopOps(ev)).toMatchObject([{ op: 'close', reason: 'recalled' }, { op: 'open', unitId: 'county-a', how: 'recall', signed: true }]);
    expectError(() => c.recall('county-a', '再收回', countyA, at('2026-05-06T12:00:00')), HandoffRefused, 'HANDOFF_REFUSED');
    // and may dispatch it again, and on from one station to another: the county does not sign for a station
    c.dispatchToStation('station-a2', 'county-a', countyA, at('2026-05-06T13:00:00'), null);
    c.pullEvents();
    c.dispatchToStation('station-a1', 'county-a', countyA, at('2026-05-06T14:00:00'), null);
    expect(c.assignedUnitId).toBe('station-a1');
    expect(c.pullEvents().map((e) => e.type)).not.toContain('CaseSigned');
  });
});
