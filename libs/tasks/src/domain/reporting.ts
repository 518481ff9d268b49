// Reporting cadence and the report-due timer of a work-plan task. Plain TypeScript: time comes in as `now`,
// the working-day calendar as a WorkingCalendar (the database calendar, HOL), never from the host.
import { type LocalDate, type WorkingCalendar, chinaDate, computeDue, endOfChinaDay, endOfChinaDayIso } from '#deadlines';

/** A reporting period: a China calendar month, 'YYYY-MM'. */
export type Period = string;

export type Cadence = 'monthly';
export const DEFAULT_CADENCE: Cadence = 'monthly';

/** 按月调度: the progress report for month M is due by the 5th working day of month M+1. */
export const REPORT_DUE_WORKING_DAYS = 5;
/** Still missing this many working days after its due date: escalate to the bureau office (办公室). */
export const ESCALATE_AFTER_WORKING_DAYS = 2;

export const REPORT_DUE_RULE = `按月调度：当月工作进展于次月第${REPORT_DUE_WORKING_DAYS}个工作日24时前报送（工作日按国务院放假安排）`;
export const OVERDUE_RULE = '进展报告逾期未报：提醒牵头单位催报';
export const ESCALATE_RULE = `进展报告逾期${ESCALATE_AFTER_WORKING_DAYS}个工作日仍未报送：报局办公室督办`;

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(s: string): boolean {
  return PERIOD.test(s);
}

export function periodOf(d: LocalDate): Period {
  return d.slice(0, 7);
}

export function nextPeriod(p: Period): Period {
  const [y, m] = p.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** Last calendar day of the month. */
export function lastDayOfPeriod(p: Period): LocalDate {
  const [y, m] = p.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${p}-${String(days).padStart(2, '0')}`;
}

export function periodsBetween(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let p = from; p <= to; p = nextPeriod(p)) out.push(p);
  return out;
}

export interface ReportDueTimes {
  period: Period;
  dueDate: LocalDate;
  dueAt: Date;
  escalateDate: LocalDate;
  escalateAt: Date;
  /** Years touched with no loaded holiday notice: the dates are Mon–Fri guesses and must be warned. */
  calendarGaps: number[];
}

/**
 * When month M's report is due and when a missing one escalates. The period rule (O121 Art. 45) counts from
 * the day after M's last day, so `REPORT_DUE_WORKING_DAYS` working days later is the 5th working day of M+1.
 */
export function reportDueTimes(cal: WorkingCalendar, period: Period): ReportDueTimes {
  const due = computeDue(cal, lastDayOfPeriod(period), REPORT_DUE_WORKING_DAYS, 'workingDays');
  const esc = computeDue(cal, due.dueDate, ESCALATE_AFTER_WORKING_DAYS, 'workingDays');
  return {
    period,
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    escalateDate: esc.dueDate,
    escalateAt: esc.dueAt,
    calendarGaps: [...new Set([...due.calendarGaps, ...esc.calendarGaps])],
  };
}

/** A task's default due: the end of the plan year, 24:00 China time of 12-31. */
export function defaultTaskDue(year: number): { dueDate: LocalDate; dueAt: Date; dueAtIso: string } {
  const dueDate = `${year}-12-31`;
  return { dueDate, dueAt: endOfChinaDay(dueDate), dueAtIso: endOfChinaDayIso(dueDate) };
}

/**
 * The first month a new task reports on. Reporting starts with the month the plan is confirmed in (a report for
 * a month nobody was asked about is not "missing"), or January when the plan is confirmed before its year.
 * null when the plan year is already over (a historical import: nothing to report).
 */
export function firstReportingPeriod(year: number, now: Date): Period | null {
  const current = periodOf(chinaDate(now));
  const first = `${year}-01`;
  const p = current > first ? current : first;
  return p <= `${year}-12` ? p : null;
}

/** The monthly reports a task owes: from `first` through the month of its due date. */
export function reportSchedule(cal: WorkingCalendar, first: Period | null, taskDueDate: LocalDate): ReportDueTimes[] {
  if (first === null) return [];
  const last = periodOf(taskDueDate);
  return first > last ? [] : periodsBetween(first, last).map((p) => reportDueTimes(cal, p));
}

// ---------------------------------------------------------------- the report-due timer

export type ReportDueState = 'running' | 'met' | 'overdue' | 'cancelled';
/** due → notify the lead unit; escalate → the bureau office (办公室). */
export type ReportRung = 'due' | 'escalate';
export const REPORT_RUNGS: readonly ReportRung[] = ['due', 'escalate'];

export interface ReportDueSnapshot {
  state: ReportDueState;
  version: number;
  dueAt: Date;
  escalateAt: Date;
  escalatedAt: Date | null;
}

export type FiringDecision =
  | { kind: 'stale' }
  | { kind: 'early'; at: Date }
  | { kind: 'fire'; rung: ReportRung; lateMs: number; next: { rung: ReportRung; at: Date } | null };

/**
 * What a wake-up for (version, rung) should do, given the row as it is now. The job is only a reminder: a new
 * version, a report that arrived, a closed task or a rung already past all make it stale; a wake-up before
 * the instant is early. The exactly-once claim of (due, version, rung) is the caller's, in the same transaction.
 */
export function decideFiring(d: ReportDueSnapshot, version: number, rung: ReportRung, now: Date): FiringDecision {
  if (d.version !== version) return { kind: 'stale' };
  if (rung === 'due') {
    if (d.state !== 'running') return { kind: 'stale' };
    if (now.getTime() <= d.dueAt.getTime()) return { kind: 'early', at: d.dueAt };
    return { kind: 'fire', rung, lateMs: now.getTime() - d.dueAt.getTime(), next: { rung: 'escalate', at: d.escalateAt } };
  }
  if (d.state !== 'overdue' || d.escalatedAt) return { kind: 'stale' };
  if (now.getTime() <= d.escalateAt.getTime()) return { kind: 'early', at: d.escalateAt };
  return { kind: 'fire', rung, lateMs: now.getTime() - d.escalateAt.getTime(), next: null };
}

/** A report arrived for the period: the due is met (on time or late) and its timers become stale. */
export function meetDue(d: ReportDueSnapshot, at: Date): { state: 'met'; version: number; onTime: boolean } | null {
  if (d.state === 'met' || d.state === 'cancelled') return null;
  return { state: 'met', version: d.version + 1, onTime: at.getTime() <= d.dueAt.getTime() };
}

/** The instant a rung should wake up at (the +1 ms is the arming side's: due instants are a day's last ms). */
export function rungInstant(d: Pick<ReportDueSnapshot, 'dueAt' | 'escalateAt'>, rung: ReportRung): Date {
  return rung === 'due' ? d.dueAt : d.escalateAt;
}
