import type { WorkingCalendar } from './calendar.js';
import type { RungName } from './vocabulary.js';
import { type LocalDate, addDays, chinaDate, chinaMinuteOfDay, daysBetween, endOfChinaDay, startOfChinaDay } from './china-time.js';
import { type Due, type PeriodUnit, computeDue } from './period.js';

/** Excluded time (检验检测鉴定, 中止, …): a typed pause of one clock. */
export interface Pause {
  reason: string;
  pausedAt: Date;
  resumedAt: Date | null;
}

/**
 * How many of the clock's own units a closed pause adds (domain.md §4): counted like a period —
 * the pause date excluded, the resume date counted. Hour clocks shift by the exact time paused.
 */
export function pausedUnits(cal: WorkingCalendar, unit: PeriodUnit, p: Pause): number {
  if (!p.resumedAt) return 0;
  if (unit === 'hours') return (p.resumedAt.getTime() - p.pausedAt.getTime()) / 3600_000;
  const a = chinaDate(p.pausedAt);
  const b = chinaDate(p.resumedAt);
  return unit === 'workingDays' ? cal.workingDaysBetween(a, b) : Math.max(0, daysBetween(a, b));
}

export interface ClockSpec {
  startAt: Date;
  amount: number;
  unit: PeriodUnit;
  pauses: readonly Pause[];
  /** Units added by approved extensions. */
  extended: number;
}

export interface ClockDue extends Due {
  pausedUnits: number;
  totalUnits: number;
}

/** The due date of a clock from its start, base amount, closed pauses and approved extensions. */
export function clockDue(cal: WorkingCalendar, c: ClockSpec): ClockDue {
  const paused = c.pauses.reduce((s, p) => s + pausedUnits(cal, c.unit, p), 0);
  if (c.unit === 'hours') {
    const base = computeDue(cal, c.startAt, c.amount + c.extended, 'hours');
    const dueAt = new Date(base.dueAt.getTime() + paused * 3600_000);
    return { ...base, dueAt, dueDate: chinaDate(dueAt), pausedUnits: paused, totalUnits: c.amount + c.extended + paused };
  }
  const total = c.amount + c.extended + paused;
  return { ...computeDue(cal, c.startAt, total, c.unit), pausedUnits: paused, totalUnits: total };
}

/** One rung of a warning/escalation ladder (data on the time-limit policy). */
export interface LadderRung {
  rung: RungName;
  /** Working days relative to the due date (negative: before), or hours for hour clocks. */
  offset: number;
}

export { DEFAULT_LADDER } from './vocabulary.js';

/** n working days before d (d itself not counted). */
export function subtractWorkingDays(cal: WorkingCalendar, d: LocalDate, n: number): LocalDate {
  return cal.subtractWorkingDays(d, n);
}

/**
 * When a rung fires. `due`: just after the due instant. A warning of −n: at the start of the working day from
 * which n working days remain (the due day included), i.e. −2 fires at 00:00 of the working day before the
 * due day. A post-due rung of +n: when n more working days have passed without the step done.
 */
export function rungFireAt(cal: WorkingCalendar, unit: PeriodUnit, dueAt: Date, dueDate: LocalDate, r: LadderRung): Date {
  if (r.rung === 'due' || r.offset === 0) return new Date(dueAt.getTime() + 1);
  if (unit === 'hours') return new Date(dueAt.getTime() + r.offset * 3600_000 + (r.offset > 0 ? 1 : 0));
  if (r.offset < 0) return startOfChinaDay(subtractWorkingDays(cal, dueDate, -r.offset - 1));
  return new Date(endOfChinaDay(cal.addWorkingDays(dueDate, r.offset).date).getTime() + 1);
}

/**
 * The latest due (an instant for hour clocks, a date for day clocks) whose rung `r` has come by `now`: a rung's
 * instant never decreases as the due moves later, so a clock is past its rung iff its due is at or before these.
 * The sweeper's catch-up query reads it (one bound per rung, not one calculation per clock).
 */
export function rungHorizon(cal: WorkingCalendar, r: LadderRung, now: Date): { dueAt: Date; dueDate: LocalDate } {
  const dueAt = r.rung === 'due' || r.offset === 0
    ? new Date(now.getTime() - 1)
    : new Date(now.getTime() - r.offset * 3600_000 - (r.offset > 0 ? 1 : 0));
  // Offsets are at most ±30 working days (validateLadder): the answer lies within ~90 calendar days of today. The
  // latest date in [today − 280, today + 120] whose rung has come (the earliest if none), by bisection: the rung's
  // instant grows with the due date. (The sweeps ask this for every rung twice a minute: ~9 probes, not ~120.)
  const top = addDays(chinaDate(now), 120);
  const come = (k: number) => {
    const d = addDays(top, -k);
    return rungFireAt(cal, 'workingDays', endOfChinaDay(d), d, r).getTime() <= now.getTime();
  };
  let lo = 0;
  let hi = 400; // come(hi) is taken as true: the bound the walk stopped at before
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (come(mid)) hi = mid;
    else lo = mid + 1;
  }
  return { dueAt, dueDate: addDays(top, -lo) };
}

/**
 * Arming only near rungs (issue 15 §1): a rung is put in the timer queue once its instant is within the horizon
 * (`HORIZON_MS`, a setting) of now. Clock creation and re-projection arm what is already near; a periodic horizon
 * sweep arms the rungs whose instants enter the horizon, window by window: the sweep at `now` arms the rungs whose
 * instant lies in (`from`, `to`]. Windows chain — each starts `overlap` before the previous one ended — so their union
 * has no gap whatever the time between sweeps, and a rung created after a sweep read the clocks is either near at its
 * creation (armed then) or beyond that sweep's `to` (in a later window). The overlap covers clock skew between
 * workers and cached ladders/calendars (up to their TTL).
 */
export interface ArmWindow { from: Date; to: Date }

/**
 * The window of the horizon sweep at `now`, after the window that ended at `prevTo` (null: none yet in this process,
 * start `overlap` before now). It reaches `horizonMs` ahead and never starts after `to`.
 */
export function nextArmWindow(prevTo: Date | null, now: Date, horizonMs: number, overlapMs: number): ArmWindow {
  const to = new Date(now.getTime() + horizonMs);
  const from = new Date(Math.min((prevTo?.getTime() ?? now.getTime()) - overlapMs, to.getTime()));
  return { from, to };
}

/** Is a rung at `fireAt` near enough (within the horizon of `now`) to be armed directly? */
export function withinHorizon(fireAt: Date | string, now: Date, horizonMs: number): boolean {
  return new Date(fireAt).getTime() <= now.getTime() + horizonMs;
}

/**
 * The dues whose rung `r` lies in the window: a clock's rung instant is in (`from`, `to`] iff its due is after
 * `rungHorizon(from)` and at or before `rungHorizon(to)` (a rung's instant never decreases as the due moves later).
 */
export function rungWindow(cal: WorkingCalendar, r: LadderRung, w: ArmWindow): { after: { dueAt: Date; dueDate: LocalDate }; upTo: { dueAt: Date; dueDate: LocalDate } } {
  return { after: rungHorizon(cal, r, w.from), upTo: rungHorizon(cal, r, w.to) };
}

/**
 * The wake-ups a live clock still needs, with their instants: a running clock every rung of its ladder, an overdue
 * one only the rungs after its due instant (nothing is left at or before it). Arming, re-arming and recomputing
 * all ask this one rule.
 */
export function liveRungs<R extends LadderRung>(
  cal: WorkingCalendar, c: { state: string; unit: PeriodUnit; dueAt: Date; dueDate: LocalDate }, ladder: readonly R[],
): { rung: R['rung']; fireAt: Date }[] {
  return ladder
    .filter((r) => c.state === 'running' || r.offset > 0)
    .map((r) => ({ rung: r.rung, fireAt: rungFireAt(cal, c.unit, c.dueAt, c.dueDate, r) }));
}

/** Office hours for non-urgent notifications, in China time: minutes since midnight. */
export interface WorkingHours {
  startMinute: number;
  endMinute: number;
}
export const DEFAULT_WORKING_HOURS: WorkingHours = { startMinute: 8 * 60 + 30, endMinute: 17 * 60 + 30 };

export function parseWorkingHours(s: string): WorkingHours {
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`working hours must look like 08:30-17:30: ${s}`);
  const w = { startMinute: Number(m[1]) * 60 + Number(m[2]), endMinute: Number(m[3]) * 60 + Number(m[4]) };
  if (w.startMinute >= w.endMinute || w.endMinute > 24 * 60) throw new RangeError(`bad working hours: ${s}`);
  return w;
}

/** The instant a non-urgent notification may be delivered: now if inside working hours, else the next opening. */
export function nextWorkingInstant(cal: WorkingCalendar, at: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS): Date {
  const today = chinaDate(at);
  const minute = chinaMinuteOfDay(at);
  if (cal.isWorkingDay(today) && minute >= hours.startMinute && minute < hours.endMinute) return at;
  const day = cal.isWorkingDay(today) && minute < hours.startMinute ? today : cal.nextWorkingDay(today);
  return new Date(startOfChinaDay(day).getTime() + hours.startMinute * 60_000);
}
