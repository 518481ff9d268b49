import type { LocalDate } from './china-time.js';
import type { PeriodUnit } from './period.js';
import type { LadderRung } from './clock.js';

/**
 * What a clock runs for (a policy's subject): a case type, `work_task` (work-plan progress reports, issue 7) or
 * `supervision` (a supervision item's reply, issue 12).
 */
export type CaseType = 'complaint' | 'report' | 'inquiry' | 'work_task' | 'supervision';
import type { Regime } from './vocabulary.js';
export { REGIMES, type Regime } from './vocabulary.js';

/** What starts a clock; each step's start and its stopping events are vocabulary, amounts are data. */
/**
 * `webReceipt`: the receipt of an online filing (channel `web`; issue 16 §3's 24-hour response); `webDecision`: a decision
 * an online filer is told by SMS (the notice obligation).
 */
/** `odrHandover`: the ODR window (issue 17), kept by the ODR stage from the hand-over to the enterprise. */
export type ClockStart = 'odrHandover' | 'receipt' | 'webReceipt' | 'webDecision' | 'dispatch' | 'dispute' | 'acceptance' | 'termination' | 'close' | 'decision' | 'periodEnd' | 'opened';

/** A time limit as versioned data (time_limit_policies). LOCAL rows are local pledges, switchable per bureau. */
export interface TimeLimitPolicy {
  id: string;
  regime: Regime | 'LOCAL';
  caseType: CaseType;
  step: string;
  amount: number;
  unit: PeriodUnit;
  startsAt: ClockStart;
  legalBasis: string;
  effectiveFrom: LocalDate;
  effectiveTo: LocalDate | null;
  enabled: boolean;
  version: number;
  /** Warning/escalation ladder (defaults to DEFAULT_LADDER for legal steps). */
  ladder?: LadderRung[];
  /** Pause reasons the regime allows for this step (domain.md §4); none = the clock cannot pause. */
  pauseReasons?: string[];
  /** Extension cap: how many approved extensions, and how many units in total. */
  maxExtensions?: number;
  maxExtensionUnits?: number;
  extensionBasis?: string;
}

export function inForce(p: TimeLimitPolicy, day: LocalDate): boolean {
  return p.effectiveFrom <= day && (p.effectiveTo === null || day <= p.effectiveTo);
}

/**
 * The legal regime for an item received on `day`: O121 has no transition clause, so we key on receipt.
 * A kind with no statutory step of its own (inquiries: O121 Art. 44) still falls under the law in force that
 * day, so it takes the regime of any legal policy in force then.
 */
export function regimeOn(policies: readonly TimeLimitPolicy[], caseType: CaseType, day: LocalDate): Regime | null {
  const latest = (ps: readonly TimeLimitPolicy[]): Regime | null =>
    (ps
      .filter((p) => p.regime !== 'LOCAL' && inForce(p, day))
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0]?.regime as Regime | undefined) ?? null;
  return latest(policies.filter((p) => p.caseType === caseType)) ?? latest(policies);
}

export interface PolicySet {
  regime: Regime | null;
  steps: TimeLimitPolicy[];
}

/** The policies that govern an item of this type received on `day`: its regime's steps plus enabled local pledges. */
export function policiesFor(policies: readonly TimeLimitPolicy[], caseType: CaseType, day: LocalDate): PolicySet {
  const regime = regimeOn(policies, caseType, day);
  const steps = policies.filter(
    (p) =>
      p.caseType === caseType &&
      p.enabled &&
      inForce(p, day) &&
      (p.regime === 'LOCAL' || p.regime === regime),
  );
  // A regime step overrides a local pledge of the same name.
  const byStep = new Map<string, TimeLimitPolicy>();
  for (const p of steps) {
    const cur = byStep.get(p.step);
    if (!cur || (cur.regime === 'LOCAL' && p.regime !== 'LOCAL')) byStep.set(p.step, p);
  }
  return { regime, steps: [...byStep.values()].sort((a, b) => a.step.localeCompare(b.step)) };
}

/** A policy's state at one version, as its history shows it (every field but id and version). */
export type PolicyState = Omit<TimeLimitPolicy, 'id' | 'version'>;

export interface PolicyFieldChange {
  field: keyof PolicyState;
  from: unknown;
  to: unknown;
}

const POLICY_FIELDS: readonly (keyof PolicyState)[] = [
  'amount', 'unit', 'startsAt', 'legalBasis', 'enabled', 'ladder', 'pauseReasons', 'maxExtensions', 'maxExtensionUnits',
  'extensionBasis', 'effectiveFrom', 'effectiveTo', 'regime', 'caseType', 'step',
];

// Field values are JSON data (numbers, strings, arrays of rungs); object keys compared in any order.
const canonical = (v: unknown): string =>
  JSON.stringify(v === undefined ? null : v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x);

/** What one version changed against the one before it (an absent field counts as null: "no ladder" = default). */
export function policyChanges(prev: PolicyState, next: PolicyState): PolicyFieldChange[] {
  return POLICY_FIELDS.filter((f) => canonical(prev[f]) !== canonical(next[f])).map((f) => ({ field: f, from: prev[f] ?? null, to: next[f] ?? null }));
}
