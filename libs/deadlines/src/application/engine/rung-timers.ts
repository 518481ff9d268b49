import type { RungName } from '../../domain/rung.js';

/** One wake-up to arm: rung `rung` of clock version `version`, at `fireAt` (ISO). */
export interface RungTimer { deadlineId: string; version: number; rung: RungName; fireAt: string; correlationId?: string }

/**
 * The port to the timer queue (BullMQ in apps/worker: `DeadlineTimers`). Jobs are wake-ups only — the clock rows
 * are the truth — with deterministic ids `deadline-<id>-v<version>-<rung>`, so arming twice is a no-op.
 */
export abstract class RungTimers {
  /** Arms these wake-ups; with `replaceFailed`, a failed job of the same id is removed first. */
  abstract arm(items: readonly RungTimer[], opts?: { replaceFailed?: boolean }): Promise<void>;
  /** Moves armed wake-ups to a new instant (arms the missing ones); returns how many moved or were armed. */
  abstract retime(items: readonly RungTimer[]): Promise<number>;
  /** Cancels delayed wake-ups; returns how many were removed. */
  abstract cancel(items: readonly Omit<RungTimer, 'fireAt'>[]): Promise<number>;
}
