// Reporting cadence and the report-due timer of a work-plan task. Plain TypeScript: time comes in as `now`,
// the working-day calendar as a WorkingCalendar (the database calendar, HOL), never from the host.
import {
  type LadderRung, type LocalDate, type TimeLimitPolicy, type WorkingCalendar, chinaDate, clockDue, computeDue, endOfChinaDay, endOfChinaDayIso, inForce,
  rungFireAt,
} from '#deadlines';

/** A reporting period: a China calendar month, 'YYYY-MM'. */
export type Period = string;

export type Cadence = 'monthly';
export const DEFAULT_CADENCE: Cadence = 'monthly';

/** 按月调度: the progress report for month M is due by the 5th working day of month M+1. */
export const REPORT_DUE_WORKING_DAYS = 5;
/** Still missing this many working days after its due date: escalate to the bureau office (办公室) — the seeded ladder. */
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
  /** The clock's start: the period's last day (the period rule does not count it). */
  startDate: LocalDate;
  dueDate: LocalDate;
  dueAt: Date;
  /** Years touched with no loaded holiday notice: the dates are Mon–Fri guesses and must be warned. */
  calendarGaps: number[];
}

/**
 * When month M's report is due. The period rule (O121 Art. 45) counts from the day after M's last day, so
 * `amount` working days later (the policy's, default 5) is the 5th working day of M+1.
 */
export function reportDueTimes(cal: WorkingCalendar, period: Period, amount = REPORT_DUE_WORKING_DAYS): ReportDueTimes {
  const startDate = lastDayOfPeriod(period);
  const due = computeDue(cal, startDate, amount, 'workingDays');
  return { period, startDate, dueDate: due.dueDate, dueAt: due.dueAt, calendarGaps: due.calendarGaps };
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
export function reportSchedule(cal: WorkingCalendar, first: Period | null, taskDueDate: LocalDate, amount = REPORT_DUE_WORKING_DAYS): ReportDueTimes[] {
  if (first === null) return [];
  const last = periodOf(taskDueDate);
  return first > last ? [] : periodsBetween(first, last).map((p) => reportDueTimes(cal, p, amount));
}

// ---------------------------------------------------------------- the report-due clock on the deadline engine

/** The time-limit policy (data, time_limit_policies) whose amount and ladder govern report dues. */
export const REPORT_POLICY = { regime: 'LOCAL', caseType: 'work_task', step: 'progressReport' } as const;
/** The ladder seeded for that policy: warn −2 wd and due → the owing unit and the lead; +2 wd → 办公室. */
export const REPORT_LADDER: readonly LadderRung[] = [
  { rung: 'warn', offset: -2 },
  { rung: 'due', offset: 0 },
  { rung: 'supervise', offset: ESCALATE_AFTER_WORKING_DAYS },
];

export type ReportDueState = 'running' | 'met' | 'overdue' | 'cancelled';
export type ReportRung = LadderRung['rung'];

/** The few fields of a report due's deadline row (and its business row) that decide a rung. */
export interface ReportClockView {
  state: 'running' | 'paused' | 'met' | 'overdue' | 'cancelled';
  dueAt: Date;
  dueDate: LocalDate;
  metAt: Date | null;
}

/** Who hears of a rung: the unit that owes the report and the task's lead unit, or the bureau office (办公室). */
export type ReportAudience = 'owingAndLead' | 'office';

export interface ReportRungEffect {
  rung: ReportRung;
  /** Task timeline event. */
  eventType: 'ReportDueWarned' | 'ReportOverdue' | 'ReportReminded' | 'ReportEscalated';
  rule: string;
  audience: ReportAudience;
  /** Inbox kind and title (the same unit inbox as case deadlines). */
  notificationKind: 'taskReportWarned' | 'taskReportOverdue' | 'taskReportEscalated';
  title: string;
  /** The due's business change: overdue at `due`, escalated at an escalation rung. */
  mark: 'overdue' | 'escalated' | null;
}

export type ReportRungDecision =
  | { kind: 'fire'; fireAt: Date; effect: ReportRungEffect }
  | { kind: 'early'; fireAt: Date }
  | { kind: 'skip'; fireAt?: Date };

export const WARN_RULE = '进展报告临近截止：提醒报送单位和牵头单位按时报送';

const EFFECTS: Record<ReportRung, Omit<ReportRungEffect, 'rung'>> = {
  warn: { eventType: 'ReportDueWarned', rule: WARN_RULE, audience: 'owingAndLead', notificationKind: 'taskReportWarned', title: '工作要点进展报告临期提醒', mark: null },
  due: { eventType: 'ReportOverdue', rule: OVERDUE_RULE, audience: 'owingAndLead', notificationKind: 'taskReportOverdue', title: '工作要点进展报告逾期', mark: 'overdue' },
  remind: { eventType: 'ReportReminded', rule: '进展报告逾期仍未报送：再次提醒牵头单位催报', audience: 'owingAndLead', notificationKind: 'taskReportOverdue', title: '工作要点进展报告催报', mark: null },
  supervise: { eventType: 'ReportEscalated', rule: ESCALATE_RULE, audience: 'office', notificationKind: 'taskReportEscalated', title: '工作要点进展报告逾期未报', mark: 'escalated' },
  notice: { eventType: 'ReportEscalated', rule: '进展报告长期逾期未报：报局办公室通报', audience: 'office', notificationKind: 'taskReportEscalated', title: '工作要点进展报告逾期通报', mark: 'escalated' },
};

/**
 * The rule of a report due's rung (the caller has checked the version and claims the firing): an early wake-up is
 * reported with its instant; `warn` fires only on a running clock before its due instant; `due` marks a running
 * clock overdue once past its due instant; later rungs escalate only while the report is overdue and missing.
 * The same timing as case rungs (`rungFireAt`), with the audience of a work-plan task.
 */
export function decideReportRung(d: ReportClockView, rung: ReportRung, ladder: readonly LadderRung[], cal: WorkingCalendar, now: Date): ReportRungDecision {
  const r = ladder.find((x) => x.rung === rung);
  if (!r) return { kind: 'skip' };
  const at = rungFireAt(cal, 'workingDays', d.dueAt, d.dueDate, r);
  if (at.getTime() > now.getTime()) return { kind: 'early', fireAt: at };
  const skip = { kind: 'skip', fireAt: at } as const;
  const fire = { kind: 'fire', fireAt: at, effect: { rung, ...EFFECTS[rung] } } as const;
  if (rung === 'warn') return d.state === 'running' && d.dueAt.getTime() >= now.getTime() ? fire : skip;
  if (rung === 'due') return d.state === 'running' && d.dueAt.getTime() < now.getTime() ? fire : skip;
  return d.state === 'overdue' && d.metAt === null ? fire : skip;
}

/** Every rung's wake-up instant, for arming (the deadline engine's jobs: `deadline-<id>-v<version>-<rung>`). */
export function reportRungTimes(d: Pick<ReportClockView, 'dueAt' | 'dueDate'>, ladder: readonly LadderRung[], cal: WorkingCalendar): { rung: ReportRung; fireAt: Date }[] {
  return ladder.map((r) => ({ rung: r.rung, fireAt: rungFireAt(cal, 'workingDays', d.dueAt, d.dueDate, r) }));
}

/** A report arrived for the period: the due is met (on time or late) and its clock stops. */
export function meetDue(d: { state: ReportDueState; dueAt: Date }, at: Date): { state: 'met'; onTime: boolean } | null {
  if (d.state === 'met' || d.state === 'cancelled') return null;
  return { state: 'met', onTime: at.getTime() <= d.dueAt.getTime() };
}

/** The report-due policy in force on `day` (enabled), or null: report dues then cannot be scheduled. */
export function reportPolicy(policies: readonly TimeLimitPolicy[], day: LocalDate): TimeLimitPolicy | null {
  return (
    policies
      .filter((p) => p.regime === REPORT_POLICY.regime && p.caseType === REPORT_POLICY.caseType && p.step === REPORT_POLICY.step && p.enabled && inForce(p, day))
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0] ?? null
  );
}

/** The ladder of a report due's clock: its policy's, else the seeded one. */
export function reportLadder(policies: readonly TimeLimitPolicy[], policyId: string): readonly LadderRung[] {
  return policies.find((p) => p.id === policyId)?.ladder ?? REPORT_LADDER;
}

/** The fields of a report due's clock that a calendar change can move. */
export interface ReportClock extends ReportClockView {
  startAt: Date;
  amount: number;
  extended: number;
  version: number;
  calendarGap: boolean;
}

export interface ReportReschedule {
  moved: boolean;
  dueDate: LocalDate;
  dueAt: Date;
  calendarGap: boolean;
  version: number;
  /** An overdue report whose due date moved past `now` is running again. */
  state: ReportClockView['state'];
  reopened: boolean;
}

/**
 * Re-computes a live report due's clock from scratch on the current calendar (start + amount + extensions, the
 * period rule), as case clocks are. null: nothing changed (finished clock, or same due and gap flag). A move bumps
 * the version (armed rungs go stale; the caller re-arms and journals the move).
 */
export function rescheduleReportDue(c: ReportClock, cal: WorkingCalendar, now: Date): ReportReschedule | null {
  if (c.metAt !== null || c.state === 'met' || c.state === 'cancelled') return null;
  const due = clockDue(cal, { startAt: c.startAt, amount: c.amount, unit: 'workingDays', pauses: [], extended: c.extended });
  const moved = due.dueAt.getTime() !== c.dueAt.getTime();
  const calendarGap = due.calendarGaps.length > 0;
  if (!moved && calendarGap === c.calendarGap) return null;
  const reopened = moved && c.state === 'overdue' && due.dueAt.getTime() >= now.getTime();
  return {
    moved, dueDate: due.dueDate, dueAt: due.dueAt, calendarGap, version: moved ? c.version + 1 : c.version,
    state: reopened ? 'running' : c.state, reopened,
  };
}

/** When a missing report reaches the bureau office (the ladder's first rung routed to 办公室), the last ms of that day; null if none. */
export function reportEscalateAt(d: Pick<ReportClockView, 'dueAt' | 'dueDate'>, ladder: readonly LadderRung[], cal: WorkingCalendar): Date | null {
  const r = ladder.filter((x) => x.offset > 0 && EFFECTS[x.rung].audience === 'office').sort((a, b) => a.offset - b.offset)[0];
  return r ? new Date(rungFireAt(cal, 'workingDays', d.dueAt, d.dueDate, r).getTime() - 1) : null;
}
