/**
 * The additive building blocks of every indicator: one row of these per (unit, China day). Sums over days and
 * over units are again counters, so any period and any subtree is a plain sum (docs/indicators.md).
 */
export const COUNTERS = [
  'signDue', 'signOnTime',
  'acceptDue', 'acceptOnTime',
  'closeDue', 'closeOnTime',
  'verifyDue', 'verifyOnTime',
  'extended',
  'mediationClosed', 'mediationSuccess',
  'dispatched', 'returned',
  'callbacks', 'satisfied',
  'finished', 'handlingDays',
  'recoveredCents',
  'respondDue', 'respondOnTime',
] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counters = Record<CounterName, number>;

/** Column names in analytics_unit_days, in COUNTERS order. */
export const COUNTER_COLUMNS: Record<CounterName, string> = {
  signDue: 'sign_due', signOnTime: 'sign_on_time',
  acceptDue: 'accept_due', acceptOnTime: 'accept_on_time',
  closeDue: 'close_due', closeOnTime: 'close_on_time',
  verifyDue: 'verify_due', verifyOnTime: 'verify_on_time',
  extended: 'extended',
  mediationClosed: 'mediation_closed', mediationSuccess: 'mediation_success',
  dispatched: 'dispatched', returned: 'returned',
  callbacks: 'callbacks', satisfied: 'satisfied',
  finished: 'finished', handlingDays: 'handling_days',
  recoveredCents: 'recovered_cents',
  respondDue: 'respond_due', respondOnTime: 'respond_on_time',
};

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counters;
}

/** a += b, returns a. */
export function addCounters(a: Counters, b: Partial<Counters>): Counters {
  for (const c of COUNTERS) a[c] += b[c] ?? 0;
  return a;
}

export function isZero(c: Counters): boolean {
  return COUNTERS.every((k) => c[k] === 0);
}
