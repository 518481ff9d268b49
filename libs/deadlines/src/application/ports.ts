// Ports of the calendar administration (libs/deadlines). The Prisma adapters
// (../infrastructure/prisma-calendar.repository.ts) are the one writer of calendar_days, calendar_years and
// calendar_changes (the commands journal a change; the engine's re-projection records how many clocks it moved).
import type { Tx } from '#platform';
import type { ClockSpec, LadderRung } from '../domain/clock.js';

export interface CalendarDayEntry { date: string; kind: 'holiday' | 'workday'; name: string }
export interface CalendarYearRecord { year: number; version: number; source: string | null; loadedAt: Date }
export interface CalendarChangeRecord { at: Date; action: string; version: number; detail: unknown; recomputed: number }

export abstract class CalendarRepository {
  /** Replaces days: the whole of `wipeYear` (if given) and every date named, then inserts `days`. */
  abstract replaceDays(tx: Tx, wipeYear: number | null, days: CalendarDayEntry[]): Promise<void>;
  /** One day set to holiday / make-up workday, or back to the Mon–Fri rule ('normal'); returns its kind before. */
  abstract setDay(tx: Tx, date: string, kind: 'holiday' | 'workday' | 'normal', name: string): Promise<string>;
  /** Records that a year's notice is loaded: creates the year (version 0) or, when `overwrite`, updates its source. */
  abstract markYearLoaded(tx: Tx, year: number, source: string, at: Date, overwrite: boolean): Promise<void>;
  /** Bumps the year's version and journals the change; returns the change id and the new version. */
  abstract journal(tx: Tx, year: number, action: string, detail: object, actorId: string, at: Date): Promise<{ changeId: string; version: number }>;
  abstract years(): Promise<CalendarYearRecord[]>;
  /** Days by (year, kind) of the national calendar. */
  abstract dayCounts(): Promise<{ year: number; kind: string; n: number }[]>;
  abstract year(year: number): Promise<CalendarYearRecord | null>;
  abstract days(year: number): Promise<CalendarDayEntry[]>;
  /** The newest 50 first. */
  abstract changes(year: number): Promise<CalendarChangeRecord[]>;
}

/** One journalled calendar change, as a re-projection reads it (its basis text: `calendarChangeBasis`). */
export interface CalendarChangeEntry { id: string; year: number; version: number; action: string; detail: unknown }

/** The `calendar_changes` journal as the engine's re-projection reads and completes it. */
export abstract class CalendarChanges {
  abstract find(id: string): Promise<CalendarChangeEntry | null>;
  /** How many live clocks the change moved (all subjects). */
  abstract recorded(id: string, moved: number): Promise<void>;
}

/** A live clock as a calendar notice's preview counts it. */
export interface NoticeClock extends ClockSpec { id: string; caseId: string | null; step: string }

/** Read of the clocks a calendar notice can move (for its preview): the clock engine's tables, read only. */
export abstract class CalendarImpact {
  /** Live clocks (not met; running, paused, overdue) started by `lastDay` that end on or after `firstDay` or lack a calendar year. */
  abstract liveClocks(firstDay: string, lastDay: string): Promise<NoticeClock[]>;
  abstract caseNumbers(ids: string[]): Promise<Map<string, string>>;
}

/** A time-limit policy as an admin edit checks it (locked). */
export interface PolicyForEdit {
  regime: string; unit: string; amount: number; ladder: LadderRung[] | null; maxExtensions: number; maxExtensionUnits: number;
}
/** The columns an admin edit may set (besides the ladder). */
export interface PolicyColumns {
  amount?: number; enabled?: boolean; legalBasis?: string; maxExtensions?: number; maxExtensionUnits?: number; pauseReasons?: string[];
}
/** One recorded version of a policy: the trigger's snapshot of the row (snake_case columns). */
export interface PolicyVersionRecord { version: number; changedAt: Date; changedBy: string | null; snapshot: unknown }

/** Port: the time-limit policies and their versions. Its adapter is the one writer of time_limit_policies. */
export abstract class PolicyRepository {
  /**
   * Locks the policy row (two admins editing one ladder must not both diff against the same old ladder) and reads it;
   * records `actorId` for the trigger that writes the new version. null when there is no such policy.
   */
  abstract lockForEdit(tx: Tx, id: string, actorId: string | null): Promise<PolicyForEdit | null>;
  /** Writes the edit and bumps the version; `ladder` given = set it (null = back to the default ladder). Returns the new version. */
  abstract update(tx: Tx, id: string, columns: PolicyColumns, ladder: { value: LadderRung[] | null } | null): Promise<number>;
  abstract exists(id: string): Promise<boolean>;
  /** Oldest first. */
  abstract versions(policyId: string): Promise<PolicyVersionRecord[]>;
  abstract userNames(ids: string[]): Promise<Map<string, string>>;
  /** Live clocks (running, paused or overdue, not met) under the policy. */
  abstract liveDeadlines(policyId: string): Promise<number>;
}
