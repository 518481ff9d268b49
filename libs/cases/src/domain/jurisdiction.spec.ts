// 管辖争议 (O121 Art. 33): raised by the holder, 7 working days to agree, else the common superior designates.
import {
  CITY_LEADER, HANDLER_A, HANDLER_B, HANDOFF_STEPS, domainCase, eventKinds, expectDomainError, officialCalendar,
} from '../../../testing/src/domain-case.js';
import type { TimeLimitPolicy } from '#deadlines';
import { DomainError } from '#kernel';
import { HandoffRefused, JurisdictionDisputeRefused, NotAssignee } from './case.errors.js';
import { hopOps } from './handoffs.js';

const calendar = officialCalendar();
const LADDER = [{ rung: 'warn' as const, offset: -2 }, { rung: 'due' as const, offset: 0 }, { rung: 'supervise' as const, offset: 0 }];
const POLICIES: TimeLimitPolicy[] = [
  ...HANDOFF_STEPS,
  ...(['complaint', 'report'] as const).map((caseType): TimeLimitPolicy => ({
    regime: 'O121', effectiveFrom: '2026-04-15', effectiveTo: null, enabled: true, version: 1, caseType, id: `${caseType}-dispute`,
    step: 'jurisdictionDispute', amount: 7, unit: 'workingDays', startsAt: 'dispute', legalBasis: 'O121 第三十三条', ladder: LADDER,
  })),
];
const world = (type: 'complaint' | 'report' = 'complaint') => domainCase(POLICIES, calendar, type, '2026-09-21T09:00:00');
const dispute = (c: ReturnType<typeof world>['c']) => c.deadlines.find((d) => d.step === 'jurisdictionDispute');
const RAISE = { otherUnitId: 'county-b', superiorUnitId: 'city', reason: '被投诉人实际经营地在鼎城区' };

describe('管辖争议', () => {
  it('raising keeps the case with the holder and arms 7 working days (国庆 not counted); a second one is refused', () => {
    const { c, at } = world();
    c.sign(HANDLER_A, at('2026-09-22T10:00:00'));
    c.pullEvents();
    // Tue 09-22 not counted: 09-23, 09-24 (Fri 09-25 – Sun 09-27 中秋), 09-28, 09-29, 09-30, (10-01 – 10-07 国庆), 10-08, 10-09.
    c.raiseJurisdictionDispute(RAISE, HANDLER_A, at('2026-09-22T11:00:00'));
    expect(c.assignedUnitId).toBe('county-a');
    expect(c.status).toBe('signed');
    expect(c.jurisdictionDispute).toMatchObject({ otherUnitId: 'county-b', superiorUnitId: 'city', raisedByUnitId: 'county-a' });
    expect(dispute(c)).toMatchObject({ dueDate: '2026-10-09', state: 'running', amount: 7 });
    expect(eventKinds(c)).toEqual(['JurisdictionDisputed', 'DeadlineArmed:jurisdictionDispute']);
    expectDomainError(() => c.raiseJurisdictionDispute(RAISE, HANDLER_A, at('2026-09-22T12:00:00')), JurisdictionDisputeRefused, 'JURISDICTION_DISPUTE');
  });

  it('only the holder raises it, with a reason, about another unit, before it decides', () => {
    const { c, ctx, at } = world();
    expectDomainError(() => c.raiseJurisdictionDispute(RAISE, HANDLER_B, ctx()), NotAssignee, 'NOT_ASSIGNEE');
    expectDomainError(() => c.raiseJurisdictionDispute({ ...RAISE, otherUnitId: 'county-a' }, HANDLER_A, ctx()), HandoffRefused, 'HANDOFF_REFUSED');
    expectDomainError(() => c.raiseJurisdictionDispute({ ...RAISE, reason: ' ' }, HANDLER_A, ctx()), DomainError, 'VALIDATION_FAILED');
    c.sign(HANDLER_A, ctx());
    c.accept(HANDLER_A, at('2026-09-22T10:00:00'), null);
    expectDomainError(() => c.raiseJurisdictionDispute(RAISE, HANDLER_A, ctx()), DomainError, 'INVALID_TRANSITION');
  });

  it('while disputed the holder cannot accept, decline or decide a report; the acceptance clock runs on', () => {
    const { c, ctx } = world();
    c.sign(HANDLER_A, ctx());
    c.raiseJurisdictionDispute(RAISE, HANDLER_A, ctx());
    expectDomainError(() => c.accept(HANDLER_A, ctx(), null), JurisdictionDisputeRefused, 'JURISDICTION_DISPUTE');
    expectDomainError(() => c.decline('noAuthority', null, HANDLER_A, ctx()), JurisdictionDisputeRefused, 'JURISDICTION_DISPUTE');
    expect(c.deadlines.find((d) => d.step === 'acceptance')!.state).toBe('running');
    const r = world('report');
    r.c.sign(HANDLER_A, r.ctx());
    r.c.raiseJurisdictionDispute(RAISE, HANDLER_A, r.ctx());
    expectDomainError(() => r.c.decideReport('fileCase', '立案', HANDLER_A, r.ctx()), JurisdictionDisputeRefused, 'JURISDICTION_DISPUTE');
  });

  it('agreed to keep it: the clock is met, nothing moves, and the holder may accept', () => {
    const { c, at } = world();
    c.sign(HANDLER_A, at('2026-09-22T10:00:00'));
    c.raiseJurisdictionDispute(RAISE, HANDLER_A, at('2026-09-22T11:00:00'));
    c.pullEvents();
    expectDomainError(() => c.settleJurisdictionDispute('city', '协商', HANDLER_A, at('2026-09-24T10:00:00')), HandoffRefused, 'HANDOFF_REFUSED');
    c.settleJurisdictionDispute('county-a', '经电话协商，由本局办理', HANDLER_A, at('2026-09-24T10:00:00'));
    expect(c.jurisdictionDispute).toBeNull();
    expect(dispute(c)).toMatchObject({ state: 'met' });
    expect(eventKinds(c)).toEqual(['JurisdictionAgreed', 'DeadlineMet:jurisdictionDispute']);
    expect(c.assignedUnitId).toBe('county-a');
    c.accept(HANDLER_A, at('2026-09-24T11:00:00'), null);
    expect(c.status).toBe('accepted');
    expectDomainError(() => c.settleJurisdictionDispute('county-a', '再次', HANDLER_A, at('2026-09-24T12:00:00')), JurisdictionDisputeRefused, 'JURISDICTION_DISPUTE');
  });

  it('agreed that the other unit handles it: a transfer there, which must sign; a hop charged to it', () => {
    const { c, at } = world();
    c.sign(HANDLER_A, at('2026-09-22T10:00:00'));
    c.raiseJurisdictionDispute(RAISE, HANDLER_A, at('2026-09-22T11:00:00'));
    c.pullEvents();
    c.settleJurisdictionDispute('county-b', '鼎城区局同意管辖', HANDLER_A, at('2026-09-23T10:00:00'));
    expect(c.assignedUnitId).toBe('county-b');
    expect(c.status).toBe('dispatched');
    const ev = c.pullEvents();
    expect(ev.map((e) => e.type)).toEqual(expect.arrayContaining(['JurisdictionAgreed', 'CaseTransferred']));
    expect(ev.find((e) => e.type === 'CaseTransferred')!.rule).toContain('第三十三条');
    expect(hopOps(ev).find((o) => o.op === 'open')).toMatchObject({ unitId: 'county-b', how: 'transfer' });
    expect(c.deadlines.find((d) => d.step === 'sign')).toMatchObject({ state: 'running' });
  });

  it('designated by the superior after the 7 working days: the overdue clock is closed late, the case moves', () => {
    const { c, at } = world();
    c.sign(HANDLER_A, at('2026-09-22T10:00:00'));
    c.raiseJurisdictionDispute(RAISE, HANDLER_A, at('2026-09-22T11:00:00'));
    c.pullEvents();
    c.designateJurisdiction('county-b', '指定鼎城区局管辖', CITY_LEADER, at('2026-10-12T10:00:00'));
    expect(dispute(c)).toMatchObject({ state: 'overdue' });
    expect(dispute(c)!.metAt).not.toBeNull();
    expect(c.assignedUnitId).toBe('county-b');
    expect(eventKinds(c)).toEqual(expect.arrayContaining(['JurisdictionDesignated', 'DeadlineMet:jurisdictionDispute', 'CaseTransferred']));
  });

  it('a case that leaves the holder another way ends the dispute: its clock is cancelled', () => {
    const { c, at } = world();
    c.raiseJurisdictionDispute(RAISE, HANDLER_A, at('2026-09-21T10:00:00'));
    c.pullEvents();
    c.returnToIntake({ reason: 'notOurDuty', note: null, suggestedUnitId: 'county-b' }, HANDLER_A, at('2026-09-21T11:00:00'));
    expect(c.jurisdictionDispute).toBeNull();
    expect(dispute(c)).toMatchObject({ state: 'cancelled' });
    expect(eventKinds(c)).toContain('DeadlineCancelled:jurisdictionDispute');
    expectDomainError(() => c.designateJurisdiction('county-b', '指定', CITY_LEADER, at('2026-09-21T12:00:00')), JurisdictionDisputeRefused, 'JURISDICTION_DISPUTE');
  });
});
