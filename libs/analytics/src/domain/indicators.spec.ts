import { WorkingCalendar } from '#deadlines';
import type { UnitNode } from '#org';
import { type Counters, addCounters, zeroCounters } from './counters.js';
import { type FoldEvent, foldCase } from './fold.js';
import { computeAll, computeIndicator, indicatorDef } from './indicators.js';
import { coversSubtree, indicatorScope, rollUp, statisticsCover } from './rollup.js';

// 2026 National Day: 10-01..07 holidays, 10-10 (Sat) a make-up working day.
const cal = new WorkingCalendar(
  [...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })), { date: '2026-10-10', kind: 'workday' as const }],
  [2026],
);
const INTAKE = 'intake';
const A = 'county-a';
const B = 'county-b';

/** A tiny event-stream builder: China wall-clock times, seq assigned in order. */
function stream(type: 'complaint' | 'report' | 'inquiry' = 'complaint') {
  const events: FoldEvent[] = [];
  const at = (s: string) => new Date(`${s}+08:00`);
  const b = {
    events,
    add(t: string, when: string, data: Record<string, unknown> = {}, unitId: string | null = null) {
      events.push({ id: `e${events.length + 1}`, seq: events.length + 1, type: t, at: at(when), unitId, data });
      return b;
    },
    registered(when: string) { return b.add('CaseRegistered', when, { type }, INTAKE); },
    dispatched(when: string, to: string) { return b.add('CaseDispatched', when, { toUnitId: to }, INTAKE); },
    armed(when: string, kind: string, due: string) { return b.add('DeadlineArmed', when, { kind, dueAt: at(due).toISOString() }); },
    met(when: string, kind: string, due: string) {
      return b.add('DeadlineMet', when, { kind, dueAt: at(due).toISOString(), onTime: at(when) <= at(due) });
    },
    overdue(when: string, kind: string, due: string) { return b.add('DeadlineOverdue', when, { kind, dueAt: at(due).toISOString() }); },
    closed(when: string, outcome: string, recoveredAmount: number | null = null) { return b.add('CaseClosed', when, { outcome, recoveredAmount }); },
    callback(when: string, satisfaction: string) { return b.add('CallbackRecorded', when, { satisfaction }, INTAKE); },
  };
  return b;
}

function counters(events: FoldEvent[]): Map<string, Counters> {
  const m = new Map<string, Counters>();
  for (const i of foldCase(events, cal)) {
    const c = m.get(i.unitId) ?? zeroCounters();
    c[i.counter] += i.delta;
    m.set(i.unitId, c);
  }
  return m;
}
function byDay(events: FoldEvent[]): Record<string, Partial<Counters>> {
  const out: Record<string, Partial<Counters>> = {};
  for (const i of foldCase(events, cal)) {
    const k = `${i.unitId}@${i.day}`;
    out[k] = { ...out[k], [i.counter]: (out[k]?.[i.counter] ?? 0) + i.delta };
  }
  return out;
}
const value = (code: string, c: Counters | undefined) => computeIndicator(indicatorDef(code)!, c ?? zeroCounters()).value;

describe('indicator formulas on hand-made cases', () => {
  it('a complaint worked on time: every on-time rate 100%, mediation success, satisfaction, handling days, recovered loss', () => {
    const s = stream()
      .registered('2026-09-07T09:00').armed('2026-09-07T09:00', 'acceptance', '2026-09-16T23:59:59.999')
      .dispatched('2026-09-07T09:05', A).armed('2026-09-07T09:05', 'sign', '2026-09-08T23:59:59.999')
      .met('2026-09-07T15:00', 'sign', '2026-09-08T23:59:59.999')
      .met('2026-09-09T10:00', 'acceptance', '2026-09-16T23:59:59.999').armed('2026-09-09T10:00', 'mediation', '2026-11-08T23:59:59.999')
      .met('2026-10-12T10:00', 'mediation', '2026-11-08T23:59:59.999').closed('2026-10-12T10:00', 'agreement', 199.9)
      .callback('2026-10-13T09:00', 'satisfied');
    const c = counters(s.events).get(A)!;
    expect(c).toMatchObject({ signDue: 1, signOnTime: 1, acceptDue: 1, acceptOnTime: 1, closeDue: 1, closeOnTime: 1, mediationClosed: 1, mediationSuccess: 1, dispatched: 1, callbacks: 1, satisfied: 1, finished: 1, recoveredCents: 19990 });
    // Working days in (09-07, 10-12]: 09-08..09-30 = 17, 10-01..07 holidays, 10-08, 09, 10 (make-up Sat), 12 = 4 → 21.
    expect(c.handlingDays).toBe(21);
    expect(value('closeOnTimeRate', c)).toBe(1);
    expect(value('avgHandlingDays', c)).toBe(21);
    expect(computeIndicator(indicatorDef('recoveredLoss')!, c).value).toBeCloseTo(199.9);
    // Nothing is charged to the intake unit: it never held the case when a step settled.
    expect(counters(s.events).get(INTAKE)).toBeUndefined();
  });

  it('a late step counts once, on its due day, even when it is met afterwards', () => {
    const s = stream()
      .registered('2026-09-01T09:00').armed('2026-09-01T09:00', 'acceptance', '2026-09-10T23:59:59.999')
      .dispatched('2026-09-01T09:05', A).armed('2026-09-01T09:05', 'sign', '2026-09-02T23:59:59.999')
      .overdue('2026-09-03T00:00:01', 'sign', '2026-09-02T23:59:59.999')
      .met('2026-09-04T10:00', 'sign', '2026-09-02T23:59:59.999')
      .met('2026-09-04T11:00', 'acceptance', '2026-09-10T23:59:59.999');
    const d = byDay(s.events);
    expect(d[`${A}@2026-09-02`]).toEqual({ signDue: 1 });
    expect(d[`${A}@2026-09-04`]).toEqual({ acceptDue: 1, acceptOnTime: 1 });
    expect(d[`${A}@2026-09-01`]).toEqual({ dispatched: 1 });
    expect(value('signOnTimeRate', counters(s.events).get(A))).toBe(0);
  });

  it('a step met late without a timer firing first (DeadlineMet onTime=false) is late on its due day', () => {
    const s = stream('report')
      .registered('2026-09-01T09:00').armed('2026-09-01T09:00', 'verification', '2026-09-22T23:59:59.999')
      .dispatched('2026-09-01T09:05', A)
      .met('2026-09-25T10:00', 'verification', '2026-09-22T23:59:59.999').closed('2026-09-25T10:00', 'decided');
    const d = byDay(s.events);
    expect(d[`${A}@2026-09-22`]).toEqual({ verifyDue: 1 });
    expect(d[`${A}@2026-09-25`]).toEqual({ finished: 1, handlingDays: 18 });
    // A report is not a mediation: no mediation counters.
    expect(counters(s.events).get(A)!.mediationClosed).toBe(0);
  });

  it('an approved extension: on time against the extended due date, and counted in the extension rate', () => {
    const s = stream('report')
      .registered('2026-09-01T09:00').armed('2026-09-01T09:00', 'verification', '2026-09-22T23:59:59.999')
      .dispatched('2026-09-01T09:05', A)
      .add('ExtensionApproved', '2026-09-20T10:00', { kind: 'verification', amount: 15 }, A)
      .add('DeadlineMoved', '2026-09-20T10:00', { kind: 'verification', dueAt: '2026-10-20T15:59:59.999Z' })
      .met('2026-10-15T10:00', 'verification', '2026-10-20T23:59:59.999');
    const c = counters(s.events).get(A)!;
    expect(c).toMatchObject({ verifyDue: 1, verifyOnTime: 1, extended: 1 });
    expect(value('extensionRate', c)).toBe(1);
    expect(value('verifyOnTimeRate', c)).toBe(1);
  });

  it('a pause moves the deadline (engine re-arms it); the same cycle settles once, on time', () => {
    const s = stream()
      .registered('2026-09-01T09:00').armed('2026-09-01T09:00', 'acceptance', '2026-09-10T23:59:59.999')
      .dispatched('2026-09-01T09:05', A)
      .add('ClockPaused', '2026-09-02T10:00', { kind: 'acceptance', reason: 'testing' }, A)
      .add('ClockResumed', '2026-09-09T10:00', { kind: 'acceptance' }, A)
      .armed('2026-09-09T10:00', 'acceptance', '2026-09-15T23:59:59.999')
      .met('2026-09-14T10:00', 'acceptance', '2026-09-15T23:59:59.999');
    const c = counters(s.events).get(A)!;
    expect(c).toMatchObject({ acceptDue: 1, acceptOnTime: 1, extended: 0 });
  });

  it('a return: the returning unit gets the return, the re-dispatched unit gets a fresh sign clock and the rest', () => {
    const s = stream()
      .registered('2026-09-01T09:00').armed('2026-09-01T09:00', 'acceptance', '2026-09-10T23:59:59.999')
      .dispatched('2026-09-01T09:05', A).armed('2026-09-01T09:05', 'sign', '2026-09-02T23:59:59.999')
      .met('2026-09-01T10:00', 'sign', '2026-09-02T23:59:59.999')
      .add('CaseReturned', '2026-09-02T10:00', { reason: 'notOurs' }, A)
      .dispatched('2026-09-02T11:00', B).armed('2026-09-02T11:00', 'sign', '2026-09-03T23:59:59.999')
      .met('2026-09-03T09:00', 'sign', '2026-09-03T23:59:59.999')
      .met('2026-09-04T09:00', 'acceptance', '2026-09-10T23:59:59.999')
      .armed('2026-09-04T09:00', 'mediation', '2026-11-03T23:59:59.999')
      .met('2026-09-08T09:00', 'mediation', '2026-11-03T23:59:59.999').closed('2026-09-08T09:00', 'noAgreement');
    const m = counters(s.events);
    expect(m.get(A)).toMatchObject({ dispatched: 1, returned: 1, signDue: 1, signOnTime: 1, acceptDue: 0, finished: 0 });
    expect(m.get(B)).toMatchObject({ dispatched: 1, returned: 0, signDue: 1, signOnTime: 1, acceptDue: 1, closeDue: 1, mediationClosed: 1, mediationSuccess: 0, finished: 1 });
    // B's handling time runs from its own receipt (09-02), not from the first dispatch.
    expect(m.get(B)!.handlingDays).toBe(4);
    expect(value('returnRate', m.get(A))).toBe(1);
    expect(value('returnRate', m.get(B))).toBe(0);
  });

  it('a transfer charges later delays to the receiving unit, not the one that handed it over', () => {
    const s = stream()
      .registered('2026-09-01T09:00').armed('2026-09-01T09:00', 'acceptance', '2026-09-10T23:59:59.999')
      .dispatched('2026-09-01T09:05', A)
      .add('CaseTransferred', '2026-09-03T09:00', { toUnitId: B }, INTAKE)
      .overdue('2026-09-11T00:00:01', 'acceptance', '2026-09-10T23:59:59.999');
    const m = counters(s.events);
    expect(m.get(A)).toMatchObject({ dispatched: 1, acceptDue: 0 });
    expect(m.get(B)).toMatchObject({ acceptDue: 1, acceptOnTime: 0 });
  });

  it('a case left in the pool is charged to the intake unit', () => {
    const s = stream()
      .registered('2026-09-01T09:00').armed('2026-09-01T09:00', 'acceptance', '2026-09-10T23:59:59.999')
      .overdue('2026-09-11T00:00:01', 'acceptance', '2026-09-10T23:59:59.999');
    expect(counters(s.events).get(INTAKE)).toMatchObject({ acceptDue: 1, acceptOnTime: 0 });
  });

  it('a reopened case (重办 after a dissatisfied callback) is a new closing cycle and a second finish', () => {
    const s = stream()
      .registered('2026-09-01T09:00').dispatched('2026-09-01T09:05', A)
      .armed('2026-09-02T09:00', 'mediation', '2026-11-01T23:59:59.999')
      .met('2026-09-05T09:00', 'mediation', '2026-11-01T23:59:59.999').closed('2026-09-05T09:00', 'noAgreement')
      .callback('2026-09-07T09:00', 'dissatisfied')
      .armed('2026-09-08T09:00', 'mediation', '2026-09-10T23:59:59.999')
      .overdue('2026-09-11T00:00:01', 'mediation', '2026-09-10T23:59:59.999')
      .met('2026-09-14T09:00', 'mediation', '2026-09-10T23:59:59.999').closed('2026-09-14T09:00', 'agreement', 50);
    const c = counters(s.events).get(A)!;
    expect(c).toMatchObject({ closeDue: 2, closeOnTime: 1, mediationClosed: 2, mediationSuccess: 1, finished: 2, callbacks: 1, satisfied: 0, recoveredCents: 5000 });
    expect(value('closeOnTimeRate', c)).toBe(0.5);
    expect(value('satisfactionRate', c)).toBe(0);
  });

  it('a callback that reached nobody (回访未果) is no callback: 满意率 counts the complainants reached', () => {
    const s = stream().registered('2026-09-01T09:00').dispatched('2026-09-01T09:05', A).closed('2026-09-03T09:00', 'agreement')
      .add('CallbackUnreachable', '2026-09-07T09:00', {}, INTAKE);
    const c = counters(s.events).get(INTAKE) ?? zeroCounters();
    expect(c).toMatchObject({ callbacks: 0, satisfied: 0 });
    expect(value('satisfactionRate', c)).toBeNull();
  });

  it('a declined complaint is finished (handling time) but not a mediation', () => {
    const s = stream().registered('2026-09-01T09:00').dispatched('2026-09-01T09:05', A).add('CaseDeclined', '2026-09-03T09:00', { ground: '3' }, A);
    expect(counters(s.events).get(A)).toMatchObject({ finished: 1, handlingDays: 2, mediationClosed: 0 });
  });

  it('an inquiry answer counts toward on-time closure; terminated mediation is not a success', () => {
    const q = stream('inquiry').registered('2026-09-01T09:00').dispatched('2026-09-01T09:05', A)
      .armed('2026-09-01T09:00', 'answer', '2026-09-04T23:59:59.999').met('2026-09-02T09:00', 'answer', '2026-09-04T23:59:59.999');
    expect(counters(q.events).get(A)).toMatchObject({ closeDue: 1, closeOnTime: 1 });
    const t = stream().registered('2026-09-01T09:00').dispatched('2026-09-01T09:05', A).closed('2026-09-03T09:00', 'terminated');
    expect(value('mediationSuccessRate', counters(t.events).get(A))).toBe(0);
  });

  it('emits only the selected events, and an event’s increments do not depend on later events', () => {
    const s = stream().registered('2026-09-01T09:00').dispatched('2026-09-01T09:05', A).callback('2026-09-02T09:00', 'verySatisfied');
    const all = foldCase(s.events, cal);
    const onlyLast = foldCase(s.events, cal, (e) => e.seq === 3);
    expect(onlyLast).toEqual(all.filter((i) => i.eventId === 'e3'));
    expect(foldCase(s.events.slice(0, 2), cal)).toEqual(all.filter((i) => i.eventId !== 'e3'));
  });

  it('a rate with no items is null (shown as —), not 0 or 100%', () => {
    expect(computeAll(zeroCounters()).signOnTimeRate).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(computeAll(zeroCounters()).recoveredLoss).toEqual({ value: 0, numerator: 0, denominator: null });
  });
});

describe('rollup up the unit tree', () => {
  const u = (id: string, parentId: string | null, level: UnitNode['level']): UnitNode => ({ id, code: id, name: id, level, parentId, regionCode: null, isIntake: false });
  const units = [u('city', null, 'city'), u('a', 'city', 'county'), u('a1', 'a', 'station'), u('b', 'city', 'county')];
  const own = new Map<string, Counters>([
    ['a', addCounters(zeroCounters(), { signDue: 1, signOnTime: 1 })],
    ['a1', addCounters(zeroCounters(), { signDue: 9, signOnTime: 0 })],
    ['b', addCounters(zeroCounters(), { signDue: 10, signOnTime: 10 })],
  ]);

  it('a parent’s rate is the formula over the union of its subtree’s items, not an average of rates', () => {
    expect(value('signOnTimeRate', rollUp(units, own, 'a'))).toBeCloseTo(0.1); // 1/10, not (100% + 0%)/2
    expect(value('signOnTimeRate', rollUp(units, own, 'city'))).toBeCloseTo(11 / 20);
    expect(value('signOnTimeRate', rollUp(units, own, 'a1'))).toBe(0);
  });

  it('indicator scope is the case scope: a handler its own unit (a county handler with its stations), a leader its subtree, a city manager everything', () => {
    expect([...indicatorScope({ userId: 'x', unitId: 'a', role: 'handler' }, units)!].sort()).toEqual(['a', 'a1']);
    expect([...indicatorScope({ userId: 'x', unitId: 'a1', role: 'handler' }, units)!]).toEqual(['a1']);
    expect([...indicatorScope({ userId: 'x', unitId: 'a', role: 'leader' }, units)!].sort()).toEqual(['a', 'a1']);
    expect(indicatorScope({ userId: 'x', unitId: 'city', role: 'manager' }, units)).toBeNull();
    expect([...indicatorScope({ userId: 'x', unitId: 'a', role: 'manager' }, units)!].sort()).toEqual(['a', 'a1']);
    // The city bureau's own handler sees the city bureau's cases, not every district's (issue 11 §4).
    expect([...indicatorScope({ userId: 'x', unitId: 'city', role: 'handler' }, units)!]).toEqual(['city']);
    expect([...indicatorScope({ userId: 'x', unitId: 'city', role: 'auditor' }, units)!]).toEqual([]);
  });

  it('a unit’s statistics cover only the part of its subtree in scope; reports need all of it', () => {
    const city = units[0]!;
    const a = units[1]!;
    expect(statisticsCover(units, city, null)).toBeNull();
    expect(statisticsCover(units, a, null)!.sort()).toEqual(['a', 'a1']);
    expect(statisticsCover(units, city, new Set(['city']))).toEqual(['city']);
    expect(statisticsCover(units, a, new Set(['a']))).toEqual(['a']);
    expect(coversSubtree(units, a, new Set(['a']))).toBe(false);
    expect(coversSubtree(units, a, new Set(['a', 'a1']))).toBe(true);
    expect(coversSubtree(units, city, null)).toBe(true);
  });
});
