import { ADMISSION_DEFAULTS, AdaptiveAdmission, type AdmissionSettings } from './admission.js';

const S: AdmissionSettings = { ...ADMISSION_DEFAULTS, highMs: 500, lowMs: 250, minPerSec: 20, maxPerSec: 400, stepPerSec: 10, decrease: 0.5, intervalMs: 250 };

/** Lets groups of `size` through as fast as the controller allows from `from` to `to` (ms); returns how many went. */
function drive(a: AdaptiveAdmission, from: number, to: number, size = 1): number {
  let t = from;
  let n = 0;
  while (t < to) {
    const w = a.delay(size, t);
    if (w === 0) n += size;
    t += Math.max(w, 1);
  }
  return n;
}

describe('AdaptiveAdmission (deadline-first intake)', () => {
  it('does not limit while no report says the engine is late', () => {
    const a = new AdaptiveAdmission(S);
    a.observe(null, 0);
    a.observe(100, 300);
    expect(a.perSec).toBe(Infinity);
    expect(drive(a, 1000, 1100, 50)).toBeGreaterThan(1000); // no pacing at all
  });

  it('cuts from the rate actually flowing when firing is late, then halves per interval down to the floor', () => {
    const a = new AdaptiveAdmission(S);
    // 200 writes/s flowing for a second.
    for (let t = 0; t < 1000; t += 5) expect(a.delay(1, t)).toBe(0);
    a.observe(900, 1000);
    expect(a.perSec).toBeCloseTo(100, 0); // half of ~200/s
    a.observe(900, 1100); // within the interval: one cut per interval only
    expect(a.perSec).toBeCloseTo(100, 0);
    a.observe(900, 1250);
    expect(a.perSec).toBeCloseTo(50, 0);
    for (let t = 1500; t < 3000; t += 250) a.observe(5000, t);
    expect(a.perSec).toBe(S.minPerSec); // never stops intake
    expect(a.stats.cuts).toBeGreaterThanOrEqual(4);
  });

  it('paces groups at the limit: the mean rate over seconds is the limit, groups stay whole (debt is waited out)', () => {
    const a = new AdaptiveAdmission(S);
    a.observe(900, 0); // nothing flowed yet: the floor
    expect(a.perSec).toBe(20);
    expect(drive(a, 0, 10_000, 1)).toBeGreaterThanOrEqual(199);
    expect(drive(a, 10_000, 20_000, 1)).toBeLessThanOrEqual(202);
    // Groups of 8: a group leaves whole and the next waits for the debt.
    const b = new AdaptiveAdmission(S);
    b.observe(900, 0);
    const went = drive(b, 0, 10_000, 8);
    expect(went % 8).toBe(0);
    expect(went).toBeGreaterThanOrEqual(200);
    expect(went).toBeLessThanOrEqual(216);
  });

  it('holds between the thresholds, grows back by a step per quiet interval (lulls count), and lifts the limit past the maximum', () => {
    const a = new AdaptiveAdmission(S);
    a.observe(900, 0);
    expect(a.perSec).toBe(20);
    a.observe(400, 250); // between lowMs and highMs: hold
    expect(a.perSec).toBe(20);
    a.observe(100, 500);
    expect(a.perSec).toBe(30);
    a.observe(null, 750); // no fresh report: grow too
    expect(a.perSec).toBe(40);
    a.observe(100, 750 + 10 * 250); // ten intervals without a registration asking (nothing read), then on time
    expect(a.perSec).toBe(140);
    for (let t = 750 + 11 * 250; t <= 750 + 40 * 250; t += 250) a.observe(100, t);
    expect(a.perSec).toBe(Infinity); // past maxPerSec (400)
    expect(a.stats.lifts).toBe(1);
    expect(a.delay(1000, 20_000)).toBe(0);
  });

  it('lifts the limit at once when no report has come for quietLiftMs (nothing fires, so nothing is late)', () => {
    const a = new AdaptiveAdmission(S);
    a.observe(5000, 0);
    expect(a.perSec).toBe(20);
    a.observe(null, 250); // the report expired: grow, not lift yet
    expect(a.perSec).toBe(30);
    a.observe(null, 4750);
    expect(a.perSec).toBeLessThan(Infinity);
    a.observe(null, 5000);
    expect(a.perSec).toBe(Infinity);
    expect(a.stats.lifts).toBe(1);
  });

  it('refuses settings that cannot work', () => {
    expect(() => new AdaptiveAdmission({ ...S, decrease: 1 })).toThrow();
    expect(() => new AdaptiveAdmission({ ...S, minPerSec: 0 })).toThrow();
    expect(() => new AdaptiveAdmission({ ...S, lowMs: 600 })).toThrow();
  });
});
