// Reporting cadence and the report-due timer of a work-plan task. Plain TypeScript: time comes in as `now`,
// the working-day calendar as a WorkingCalendar (the database calendar, HOL), never from the host.
import type { FieldIssue } from '#kernel';
import { TASK_CADENCE_LABELS, fieldLabel } from '#contracts';
import {
  type LadderRung, type LocalDate, type TimeLimitPolicy, type WorkingCalendar, chinaDate, clockDue, computeDue, endOfChinaDay, endOfChinaDayIso, inForce,
  decideClockRung, isLocalDate, rungTime,
} from '#deadlines';

/**
 * A reporting period, named by its last China calendar month 'YYYY-MM': a month for monthly reporting, the
 * quarter's last month (03, 06, 09, 12) for quarterly reporting. A period's report is due `amount` working days
 * after its last day, whatever the cadence — so the quarterly report for Q1 and the monthly report for March are
 * the same due (same key, same instant).
 */
export type Period = string;

/** How often a task's units report progress: 按月 (default), 按季, or not periodically (only at completion). */
import { CADENCES, type Cadence } from './vocabulary.js';
export { CADENCES, type Cadence } from './vocabulary.js';
export const DEFAULT_CADENCE: Cadence = 'monthly';
/** 按月 / 按季 / 不定期 by cadence: the one label map of libs/contracts. */
export const CADENCE_NAMES: Readonly<Record<Cadence, string>> = TASK_CADENCE_LABELS;

export function isCadence(s: unknown): s is Cadence {
  return typeof s === 'string' && (CADENCES as readonly string[]).includes(s);
}

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

const monthsOf = (c: Exclude<Cadence, 'none'>) => (c === 'quarterly' ? 3 : 1);
function addMonths(p: Period, n: number): Period {
  const [y, m] = p.split('-').map(Number) as [number, number];
  const k = y * 12 + (m - 1) + n;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
}

/** The key (last month) of the reporting period that contains `month`. */
export function cadencePeriodOf(cadence: Exclude<Cadence, 'none'>, month: Period): Period {
  if (cadence === 'monthly') return month;
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${y}-${String(Math.ceil(m / 3) * 3).padStart(2, '0')}`;
}

/** The first month of the period named `key`. */
export function periodStartMonth(cadence: Cadence, key: Period): Period {
  return cadence === 'quarterly' ? addMonths(key, -2) : key;
}

/** The period keys of a cadence covering the months `from` through `to` (inclusive). */
export function cadencePeriods(cadence: Cadence, from: Period, to: Period): Period[] {
  if (cadence === 'none') return [];
  const out: Period[] = [];
  for (let p = cadencePeriodOf(cadence, from), last = cadencePeriodOf(cadence, to); p <= last; p = addMonths(p, monthsOf(cadence))) out.push(p);
  return out;
}

/** '2026-03' as people read it: 2026年3月, or 2026年第1季度 for a quarterly task. */
export function periodLabel(cadence: Cadence, key: Period): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  return cadence === 'quarterly' && m % 3 === 0 ? `${y}年第${m / 3}季度` : `${y}年${m}月`;
}

/** The rule of a cadence, in Chinese (journaled on the task). */
export function reportRule(cadence: Cadence, amount = REPORT_DUE_WORKING_DAYS): string {
  if (cadence === 'none') return '不要求定期报送进展，办结时汇总完成情况';
  return cadence === 'quarterly'
    ? `按季调度：当季工作进展于下一季度首月第${amount}个工作日24时前报送（工作日按国务院放假安排）`
    : `按月调度：当月工作进展于次月第${amount}个工作日24时前报送（工作日按国务院放假安排）`;
}

export interface ReportDueTimes {
  period: Period;
  /** The clock's start: the period's last day (the period rule does not count it). */
  startDate: LocalDate;
  dueDate: LocalDate;
  dueAt: Date;
  /** Years touched with no loaded holiday notice: the dates are provisional (statutory days only) and must be warned. */
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

/**
 * The reports a task owes under its cadence: one per period, from the period containing month `first` through
 * the period containing the month of its due date (none for cadence `none`).
 */
export function reportSchedule(
  cal: WorkingCalendar, first: Period | null, taskDueDate: LocalDate, amount = REPORT_DUE_WORKING_DAYS, cadence: Cadence = DEFAULT_CADENCE,
): ReportDueTimes[] {
  if (first === null) return [];
  const last = periodOf(taskDueDate);
  return first > last ? [] : cadencePeriods(cadence, first, last).map((p) => reportDueTimes(cal, p, amount));
}

// ---------------------------------------------------------------- setting a task's due date and cadence

export interface TaskScheduleInput { dueDate?: string; cadence?: string }

/**
 * Checks a requested due date / cadence for a task of plan year `year` (field issues, with stable codes):
 * a due date is a real YYYY-MM-DD not before the plan year's 1 January, not after the next year's 31 December
 * and — when `today` is given (a change after import) — not before today; a cadence is one of CADENCES.
 */
export function checkTaskSchedule(input: TaskScheduleInput, year: number, today: LocalDate | null, prefix = ''): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const f = (name: string) => `${prefix}${name}`;
  if (input.dueDate !== undefined) {
    const d = input.dueDate;
    if (typeof d !== 'string' || !isLocalDate(d)) issues.push({ field: f('dueDate'), code: 'DUE_DATE_FORMAT', message: `${fieldLabel(f('dueDate'))}：日期应为 YYYY-MM-DD` });
    else if (d < `${year}-01-01`) issues.push({ field: f('dueDate'), code: 'DUE_DATE_BEFORE_PLAN', message: `${fieldLabel(f('dueDate'))}：完成期限不能早于计划年度开始（${year}-01-01）` });
    else if (d > `${year + 1}-12-31`) issues.push({ field: f('dueDate'), code: 'DUE_DATE_TOO_LATE', message: `${fieldLabel(f('dueDate'))}：完成期限最迟为次年年底（${year + 1}-12-31）` });
    else if (today !== null && d < today) issues.push({ field: f('dueDate'), code: 'DUE_DATE_PASSED', message: `${fieldLabel(f('dueDate'))}：完成期限不能早于今天（${today}）` });
  }
  if (input.cadence !== undefined && !isCadence(input.cadence))
    issues.push({ field: f('cadence'), code: 'UNKNOWN_CADENCE', message: `${fieldLabel(f('cadence'))}：报送周期应为按月、按季或不定期报送` });
  return issues;
}

/** A report due of a task as the re-planning rule sees it (one row of work_report_dues with its clock's instant). */
export interface ScheduledDue {
  id: string;
  unitId: string;
  period: Period;
  state: ReportDueState;
  /** The clock's due instant (null only for a legacy due without a clock). */
  dueAt: Date | null;
}

export interface ReportReplan {
  /** Periods the new schedule asks for whose due instant is still ahead (what `create`/`revive` were drawn from). */
  schedule: ReportDueTimes[];
  /** Running dues not yet due that the new schedule no longer asks for: cancelled (their clocks too). */
  cancel: ScheduledDue[];
  /** Cancelled dues of a period the schedule asks for again: running again, their clock restarted at a new version. */
  revive: { due: ScheduledDue; times: ReportDueTimes }[];
  /** New dues (unit × period) with their clock times. */
  create: { unitId: string; times: ReportDueTimes }[];
}

/**
 * Re-plans a task's report dues after its due date or cadence changed, as of `now`:
 * - the schedule is what a task confirmed with the new due date and cadence would owe, from its first reporting
 *   month, keeping only periods whose due instant is still ahead (a period already past due is history: it is
 *   never added, and its due — met, overdue or about to be marked — is never touched);
 * - a running due not yet due that the schedule no longer has is cancelled; met and overdue dues are kept;
 * - a period the schedule has and a unit owes no live due for is created, or revived if it was cancelled before;
 * - a due the schedule still has keeps its clock unchanged (same instant, version and armed rungs).
 * `units`: the task's responsible units (lead and co). `amount`: the report policy's working days.
 */
export function replanReportDues(
  p: { cadence: Cadence; dueDate: LocalDate; firstMonth: Period | null; units: readonly string[]; existing: readonly ScheduledDue[]; amount: number },
  cal: WorkingCalendar, now: Date,
): ReportReplan {
  const schedule = reportSchedule(cal, p.firstMonth, p.dueDate, p.amount, p.cadence).filter((s) => s.dueAt.getTime() > now.getTime());
  const wanted = new Set(schedule.map((s) => s.period));
  const key = (unitId: string, period: Period) => `${unitId}|${period}`;
  const byKey = new Map(p.existing.map((d) => [key(d.unitId, d.period), d]));
  const cancel = p.existing.filter((d) => d.state === 'running' && d.dueAt !== null && d.dueAt.getTime() > now.getTime() && !wanted.has(d.period));
  const revive: ReportReplan['revive'] = [];
  const create: ReportReplan['create'] = [];
  for (const unitId of p.units)
    for (const times of schedule) {
      const d = byKey.get(key(unitId, times.period));
      if (!d) create.push({ unitId, times });
      else if (d.state === 'cancelled') revive.push({ due: d, times });
    }
  return { schedule, cancel, revive, create };
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
 * The engine's one rule (`decideClockRung`, libs/deadlines) on a working-day clock, with the audience of a work-plan task.
 */
export function decideReportRung(d: ReportClockView, rung: ReportRung, ladder: readonly LadderRung[], cal: WorkingCalendar, now: Date): ReportRungDecision {
  const r = decideClockRung({ ...d, unit: 'workingDays' }, rung, ladder, cal, now);
  return r.kind === 'fire' ? { kind: 'fire', fireAt: r.fireAt, effect: reportRungEffect(rung) } : r;
}

/** What a fired rung does to a report due (the report-due subject's side of the engine): event, audience, mark. */
export function reportRungEffect(rung: ReportRung): ReportRungEffect {
  return { rung, ...EFFECTS[rung] };
}

/** Every rung's wake-up instant, for arming (the deadline engine's jobs: `deadline-<id>-v<version>-<rung>`). */
export function reportRungTimes(d: Pick<ReportClockView, 'dueAt' | 'dueDate'>, ladder: readonly LadderRung[], cal: WorkingCalendar): { rung: ReportRung; fireAt: Date }[] {
  return ladder.map((r) => ({ rung: r.rung, fireAt: rungTime({ ...d, unit: 'workingDays' }, r.rung, ladder, cal)! }));
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
  return r ? new Date(rungTime({ ...d, unit: 'workingDays' }, r.rung, ladder, cal)!.getTime() - 1) : null;
}
