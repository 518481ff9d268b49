// The one rung rule of the clock engine (issue 12): when a rung of a live clock fires, and whether it does. It knows
// nothing of the clock's subject (a case step, a work-plan report due, …): what a fired rung does to its subject and
// who is told is the subject's adapter's business (`ClockSubject`, libs/deadlines/src/application/engine).
import type { WorkingCalendar } from './calendar.js';
import { type LadderRung, DEFAULT_LADDER, rungFireAt } from './clock.js';
import type { LocalDate } from './china-time.js';
import type { PeriodUnit } from './period.js';
import type { TimeLimitPolicy } from './policy.js';

export type RungName = LadderRung['rung'];
export type ClockState = 'running' | 'paused' | 'met' | 'overdue' | 'cancelled';

/** The few fields of one clock (a `deadlines` row) that decide a rung. */
export interface RungClockView {
  state: ClockState;
  dueAt: Date;
  dueDate: LocalDate;
  unit: PeriodUnit;
  metAt: Date | null;
}

/** A clock row (`deadlines`) as the engine and the subjects' rung rules read it. */
export interface ClockRow extends RungClockView {
  id: string;
  /** The clock's own word (`deadlines.step` = `time_limit_policies.step`): acceptance, mediation, progressReport, … */
  step: string;
  version: number;
  legalBasis: string;
  policyId: string;
}

/**
 * What the rule says of one rung: fire it now (a `due` rung also turns the clock `overdue`), it is early (wake up
 * again at `fireAt`), or skip it (the clock is not in the state in which this rung fires, or the ladder lacks it).
 */
export type EngineRungDecision =
  | { kind: 'fire'; fireAt: Date; newState?: 'overdue' }
  | { kind: 'early'; fireAt: Date }
  | { kind: 'skip'; fireAt?: Date };

/** When `rung` of this clock fires, on `calendar`; null if the ladder has no such rung. */
export function rungTime(d: Pick<RungClockView, 'unit' | 'dueAt' | 'dueDate'>, rung: RungName, ladder: readonly LadderRung[], calendar: WorkingCalendar): Date | null {
  const r = ladder.find((x) => x.rung === rung);
  return r ? rungFireAt(calendar, d.unit, d.dueAt, d.dueDate, r) : null;
}

/**
 * The rule of a timer rung (the caller has checked the version): an early wake-up is reported with its instant;
 * `warn` fires only on a running clock before its due instant (after it, the due rung speaks); `due` marks a running
 * clock overdue once past its due instant; later rungs escalate only while the clock is overdue and unmet.
 */
export function decideClockRung(d: RungClockView, rung: RungName, ladder: readonly LadderRung[], calendar: WorkingCalendar, now: Date): EngineRungDecision {
  const at = rungTime(d, rung, ladder, calendar);
  if (!at) return { kind: 'skip' };
  if (at.getTime() > now.getTime()) return { kind: 'early', fireAt: at };
  const skip = { kind: 'skip', fireAt: at } as const;
  if (rung === 'warn') return d.state === 'running' && d.dueAt.getTime() >= now.getTime() ? { kind: 'fire', fireAt: at } : skip;
  if (rung === 'due') return d.state === 'running' && d.dueAt.getTime() < now.getTime() ? { kind: 'fire', fireAt: at, newState: 'overdue' } : skip;
  return d.state === 'overdue' && d.metAt === null ? { kind: 'fire', fireAt: at } : skip;
}

/**
 * An escalation delivered while its clock is still running past due: the `due` rung must fire first (it claims its
 * own row), so escalation never depends on the order in which independent jobs arrive.
 */
export function needsDueFirst(d: Pick<RungClockView, 'state' | 'dueAt'>, rung: RungName, now: Date): boolean {
  return rung !== 'due' && rung !== 'warn' && d.state === 'running' && d.dueAt.getTime() < now.getTime();
}

/** The ladder of a clock: its own policy's (by id), else `fallback` (a subject's seeded ladder), else the default. */
export function policyLadder(policies: readonly TimeLimitPolicy[], policyId: string, fallback: readonly LadderRung[] = DEFAULT_LADDER): readonly LadderRung[] {
  return policies.find((p) => p.id === policyId)?.ladder ?? fallback;
}
