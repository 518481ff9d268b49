import type { LocalDate } from '../../domain/china-time.js';
import type { PeriodUnit } from '../../domain/period.js';
import type { RungName } from '../../domain/rung.js';

/** A live clock as arming reads it; `correlationId`: the request id of the command that set its current version, if known (ClockRows). */
export interface LiveClock { id: string; version: number; state: 'running' | 'overdue'; dueAt: Date; dueDate: LocalDate; unit: PeriodUnit; policyId: string; correlationId?: string }

/** A sweep bound: clocks of `policyId` whose due (an instant for hour clocks, a date for day clocks) is at or before it have `rung` due. */
export interface RungBound { policyId: string; rung: RungName; dueAt: Date; dueDate: LocalDate }

/**
 * A horizon-sweep range for one rung of one policy: clocks whose due is after `after` and at or before `upTo` (an
 * instant for hour clocks, a date for day clocks; `unit` is the policy's) have that rung's instant in the window.
 * `overdueToo`: the rung also fires on an overdue clock (escalations; see `liveRungs`).
 */
export interface RungRange {
  policyId: string; rung: RungName; unit: PeriodUnit; overdueToo: boolean;
  after: { dueAt: Date; dueDate: LocalDate }; upTo: { dueAt: Date; dueDate: LocalDate };
}

/** A live clock with one of its rungs (a row of `LiveClocks.inWindow`), and the keyset cursor of those rows. */
export type ClockRung = LiveClock & { rung: RungName };

/** The reads of live clocks that arming and the sweep need (Prisma adapter: `PrismaLiveClocks`). */
export abstract class LiveClocks {
  /** Unmet clocks in `state`, by (due_at, id) after `after`, `take` at a time (keyset on the (state, due_at) index). */
  abstract page(state: 'running' | 'overdue', after: LiveClock | null, take: number): Promise<LiveClock[]>;
  /** Unmet running/overdue clocks of one policy, by id after `afterId`. */
  abstract ofPolicy(policyId: string, afterId: string, take: number): Promise<LiveClock[]>;
  /**
   * Live clocks with a rung in one of `ranges` and no claim for it, by (due_at, id, rung) after `after`, `take` at a
   * time (ranges on the (state, due_at) index): what a horizon sweep arms.
   */
  abstract inWindow(ranges: readonly RungRange[], after: ClockRung | null, take: number): Promise<ClockRung[]>;
  /**
   * Rungs whose instant has passed and which have no claim: for `warn` bounds running clocks before due, for `due`
   * running clocks past due, for escalations overdue clocks or running ones past due; earliest due first.
   */
  abstract unclaimedPast(now: Date, bounds: { warn: RungBound[]; due: RungBound[]; escalation: RungBound[] }, limit: number): Promise<{ id: string; version: number; rung: RungName }[]>;
}
