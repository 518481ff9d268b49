// The port through which a kind of clock plugs into the engine (issue 12; how-to: docs/deadlines.md "Adding a kind of
// clock"). The engine owns the clock rows (`deadlines`), the ladder, the one rung rule (`decideClockRung`), the
// exactly-once claim (`deadline_firings`), arming and the sweep; a subject adapter says what a clock belongs to, who
// is told, and what happens to the subject when a rung fires.
import { type LadderRung, DEFAULT_LADDER } from '../../domain/clock.js';
import type { TimeLimitPolicy } from '../../domain/policy.js';
import { type ClockRow, type RungName, policyLadder } from '../../domain/rung.js';

/** One wake-up: rung `rung` of version `version` of the clock `deadlineId` (the job id `deadline-<id>-v<version>-<rung>`). */
export interface RungRef { deadlineId: string; version: number; rung: RungName }

export type RungOutcome = 'fired' | 'stale' | 'early' | 'missing' | 'duplicate';
export interface RungResult { outcome: RungOutcome; fireAt?: Date; lateMs?: number }

/** A clock row as the engine reads it, with what its subject adapter added (`facts`: ids, names, units to tell). */
export interface SubjectClock<F = unknown> extends ClockRow {
  /** A claim row for the rung asked about exists already (a duplicate delivery). */
  claimed: boolean;
  facts: F;
}

/** A rung the rule decided to fire, handed to its subject's adapter to commit. */
export interface RungFiring<F = unknown> {
  /** Index in the batch (stable key for the result). */
  ord: number;
  ref: RungRef;
  clock: SubjectClock<F>;
  fireAt: Date;
  /** `due` turns a running clock overdue; the engine's claim writes it. */
  newState: 'overdue' | null;
  lateMs: number;
}

/**
 * What the adapter reports per firing: `true` claimed and applied; `false` the claim existed (duplicate);
 * `undefined` the guard missed (the clock moved on meanwhile: stale).
 */
export type CommitResult = Map<number, boolean>;

/**
 * A kind of clock: a provider of its lib's module (`ClockSubjects` finds every one). The engine asks the subjects by
 * `order` which of a batch's clocks are theirs (`load`): a subject reads only the rungs no earlier subject took, so the
 * hot subject (cases, order 0) comes first and pays for the one read.
 */
export abstract class ClockSubject<F = unknown> {
  /** Stable name, for logs and docs: `case`, `reportDue`, … */
  abstract readonly name: string;
  /** Lowest first when a batch's clocks are offered to the subjects. */
  readonly order: number = 100;

  /**
   * The clocks among `refs` (index → ref) that belong to this subject, read with the facts the adapter needs to
   * apply a rung and to pick its ladder. One read for the batch. Index → clock; absent = not this subject's.
   */
  abstract load(refs: ReadonlyMap<number, RungRef>): Promise<Map<number, SubjectClock<F>>>;

  /** The ladder of a clock whose policy has none: this kind's seeded ladder. */
  protected readonly defaultLadder: readonly LadderRung[] = DEFAULT_LADDER;

  /** The ladder that governs this clock now (ladders apply to live clocks): its policy's, else `defaultLadder`. */
  ladder(clock: SubjectClock<F>, policies: readonly TimeLimitPolicy[]): readonly LadderRung[] {
    return policyLadder(policies, clock.policyId, this.defaultLadder);
  }

  /**
   * Commits the firings in one transaction: the engine's claim (`RungClaim` from `#deadlines-nest`, injected into the
   * adapter: the claim row in `deadline_firings` + the guarded state change of the clock — the only writer of both)
   * and the subject's effects (its own state, timeline, inbox items), which must happen only for the firings the
   * claim took. Keyed by `RungFiring.ord`.
   */
  abstract commit(firings: readonly RungFiring<F>[], now: Date): Promise<CommitResult>;

  /**
   * Re-projection after a calendar change (`calendar_changes` row `changeId`): re-compute this subject's live clocks
   * the change can affect from scratch (start + amount + extensions + pauses on the current calendar), journal each
   * move on the subject ("why this date"), bump the version and re-arm through the outbox. Idempotent. Optional: a
   * subject without it keeps its due dates.
   */
  reproject?(changeId: string): Promise<Reprojection>;
}

/** What one subject's re-projection did: how many subjects (cases, tasks) it looked at, how many clocks moved. */
export interface Reprojection { subjects: number; moved: number }
