import { type CaseType } from '#deadlines';
import { Case, type RegisterInput, type RouteDecision } from './case.js';
import { InvalidTransition } from './case.errors.js';
import { hopOps } from './handoffs.js';
import {
  CITY_LEADER as cityLeader, HANDLER_A as handlerA, HANDLER_B as handlerB, HANDOFF_STEPS, TO_COUNTY_A as toA, TO_POOL as pool,
  china, domainCase, eventKinds as kinds, expectDomainError as expectError, officialCalendar,
} from '../../../testing/src/domain-case.js';

const calendar = officialCalendar();

const world = (type: CaseType, received: string, route: RouteDecision = toA, over: Partial<RegisterInput> = {}) =>
  domainCase(HANDOFF_STEPS, calendar, type, received, route, over);
const deadline = (c: Case, kind: string) => c.deadlines.find((d) => d.step === kind)!;

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
