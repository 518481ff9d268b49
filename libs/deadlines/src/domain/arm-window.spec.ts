import { WorkingCalendar } from './calendar.js';
import { addDays, startOfChinaDay } from './china-time.js';
import { type ArmWindow, type LadderRung, nextArmWindow, rungFireAt, rungWindow, withinHorizon } from './clock.js';

// Arming only near rungs (issue 15 §1): a rung is armed by the relay when its clock is created (if near), else by the
// first horizon sweep whose window holds it. The sweeps' clock is injected (instants below), never the wall clock.
const MIN = 60_000;
const H = 20 * MIN;
const OVERLAP = MIN;
const S = H / 4;
const T0 = startOfChinaDay('2027-02-04').getTime() - 3 * 3600_000; // the windows cross China midnights and a holiday

const cal = new WorkingCalendar(
  ['2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((date) => ({ date, kind: 'holiday' as const, name: '春节' })),
  [2027],
  'test',
);

/** Sweep instants: every S, each late by a pseudo-random part of S (a busy event loop), from T0 for `hours`. */
function sweepTimes(hours: number, lateBy = S / 2): number[] {
  const out: number[] = [];
  let seed = 7;
  for (let t = T0; t < T0 + hours * 3600_000; t += S) {
    seed = (seed * 48271) % 2147483647;
    out.push(t + (seed % Math.max(1, lateBy)));
  }
  return out;
}

/** The chained windows of those sweeps, after a start-up re-arm at T0 that armed everything up to T0 + H. */
function windows(times: number[]): (ArmWindow & { at: number })[] {
  let prev: Date | null = new Date(T0 + H);
  return times.map((at) => {
    const w = nextArmWindow(prev, new Date(at), H, OVERLAP);
    prev = w.to;
    return { ...w, at };
  });
}

/**
 * When a rung at `x` of a clock committed at `c` is armed: by the relay (reading the outbox `relayDelay` after the
 * commit, its clock `skew` behind) if near then, else by the first sweep that reads after the commit (a sweep is
 * taken to see only rows committed before its own instant) and whose window holds it (`holds`). Infinity: never.
 */
function armedAt(c: number, x: number, ws: (ArmWindow & { at: number })[], holds: (w: ArmWindow) => boolean, relayDelay = 1000, skew = 30_000): number {
  const r = c + relayDelay;
  if (withinHorizon(new Date(x), new Date(r - skew), H)) return r;
  return ws.find((w) => w.at > c && holds(w))?.at ?? Infinity;
}

describe('horizon windows: every rung is armed before its instant, once near', () => {
  const ws = windows(sweepTimes(30));

  it('windows chain: each starts before the last one ended, and reaches the horizon', () => {
    for (let i = 1; i < ws.length; i++) {
      expect(ws[i]!.from.getTime()).toBeLessThan(ws[i - 1]!.to.getTime());
      expect(ws[i]!.to.getTime()).toBe(ws[i]!.at + H);
    }
  });

  it('an hour-clock rung created at any instant relative to the sweeps is armed before its instant, never far ahead', () => {
    const offsets = [2_000, 30_000, MIN, 5 * MIN, H - 1, H, H + 1, H + 30_000, H + OVERLAP + 1, 2 * H, 3 * 3600_000, 20 * 3600_000];
    let checked = 0;
    for (let c = T0; c < T0 + 6 * 3600_000; c += 37_000) {
      for (const off of offsets) {
        const x = c + off;
        const a = armedAt(c, x, ws, (w) => x > w.from.getTime() && x <= w.to.getTime());
        expect([c, off, a < x]).toEqual([c, off, true]);
        // armed at most a horizon (plus the relay's skew) ahead: far rungs do not sit in Redis
        expect(x - a).toBeLessThanOrEqual(H + 30_000 + 1000);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });

  it('a day-clock rung, found by its due date (rungWindow, as the sweep query reads it), is armed before its instant', () => {
    const rungs: LadderRung[] = [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }, { rung: 'supervise', offset: 2 }, { rung: 'notice', offset: 5 }];
    const wsLong = windows(sweepTimes(24 * 20));
    let armedBySweep = 0;
    for (const r of rungs) {
      // each window's due-date range for this rung, computed once
      const bounds = new Map<ArmWindow, ReturnType<typeof rungWindow>>();
      const holds = (dueDate: string) => (w: ArmWindow) => {
        const b = bounds.get(w) ?? bounds.set(w, rungWindow(cal, r, w)).get(w)!;
        return dueDate > b.after.dueDate && dueDate <= b.upTo.dueDate;
      };
      for (let i = 0; i < 8; i++) {
        const dueDate = addDays('2027-02-03', i);
        const x = rungFireAt(cal, 'workingDays', new Date(startOfChinaDay(addDays(dueDate, 1)).getTime() - 1), dueDate, r).getTime();
        // created a day, an hour and a minute before, and just after the sweep before the instant
        const near = wsLong.filter((w) => w.at > x - 2 * 86_400_000 && w.at <= x);
        const justAfter = (near.at(-1)?.at ?? T0) + 1;
        for (const c of [x - 86_400_000, x - 3600_000, x - MIN, justAfter].filter((t) => t >= T0 && t < x - 2000)) {
          const a = armedAt(c, x, near, holds(dueDate));
          if (a !== c + 1000) armedBySweep++;
          expect([r.rung, dueDate, c, a < x]).toEqual([r.rung, dueDate, c, true]);
        }
      }
    }
    expect(armedBySweep).toBeGreaterThan(20);
  });

  it('sweeps late by more than the horizon still leave no gap: the rung is armed (the catch-up sweep fires it if past)', () => {
    const late = windows([T0 + MIN, T0 + 3 * H, T0 + 3 * H + 10_000, T0 + 9 * H]);
    for (let x = T0 + H + 1; x < T0 + 9 * H; x += 7_000) { // up to T0 + H: the start-up re-arm
      expect(late.some((w) => x > w.from.getTime() && x <= w.to.getTime())).toBe(true);
    }
  });
});
