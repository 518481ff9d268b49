// Ports of libs/tasks. The Prisma adapter (../infrastructure/prisma-task.repository.ts) is the one writer of
// work_plans, work_tasks, work_task_units, work_task_targets, work_progress_reports and work_task_events. The
// report-due clocks (work_report_dues and their deadlines rows) are the clock engine's subject: every command reaches
// them through ReportDueClocks, whose adapter sits beside the subject (../infrastructure/report-due-clock.subject.ts,
// the one writer of work_report_dues).
import type { Tx } from '#platform';
import type { Cadence, ReportClockView, ReportDueState, ReportDueTimes } from '../domain/reporting.js';

export interface TaskEventInput {
  taskId: string;
  type: string;
  actorId: string | null;
  unitId: string | null;
  at: Date;
  rule?: string | null;
  note?: string | null;
  data?: Record<string, unknown>;
}

export interface NewPlan { id: string; title: string; year: number; sourceText: string; createdBy: string; createdAt: Date }
export interface NewTask {
  id: string; planId: string; seq: number; section: string | null; sectionTitle: string | null; number: string; text: string; leadUnitId: string;
  cadence: Cadence; dueDate: string; dueAt: Date; clauses: unknown; createdAt: Date;
}
export interface NewTaskUnit { taskId: string; unitId: string; role: 'lead' | 'co'; position: number; writtenAs: string }
export interface NewTaskTarget { id: string; taskId: string; position: number; text: string; comparator: string; value: number; unit: string }
export interface NewProgressReport {
  id: string; taskId: string; unitId: string; role: string; period: string; percent: number; narrative: string; values: unknown; attachments: string[];
  cites: string[]; onTime: boolean; submittedBy: string; submittedAt: Date;
}

export abstract class TaskRepository {
  /** A confirmed plan: its tasks, their units (lead first) and targets, in the caller's transaction. */
  abstract insertPlan(tx: Tx, plan: NewPlan, tasks: NewTask[], units: NewTaskUnit[], targets: NewTaskTarget[]): Promise<void>;
  /** Optimistic: false when the task's version moved. */
  abstract complete(tx: Tx, taskId: string, version: number, c: { at: Date; by: string; summary: string; evidence: string[] }): Promise<boolean>;
  /** Optimistic: false when the task's version moved. */
  abstract reschedule(tx: Tx, taskId: string, version: number, s: { dueDate: string; dueAt: Date; cadence: Cadence }): Promise<boolean>;
  abstract addProgressReport(tx: Tx, r: NewProgressReport): Promise<void>;
  /** Appends to the task timeline (append-only, enforced by a trigger). */
  abstract appendEvents(tx: Tx, events: TaskEventInput[]): Promise<void>;
  /** Locks the task row (FOR UPDATE) and reads it with its units and targets; null when there is no such task. */
  abstract lock(tx: Tx, taskId: string): Promise<LockedTask | null>;
  /** The progress reports of these ids (their task and role), in the caller's transaction. */
  abstract reportsByIds(tx: Tx, ids: string[]): Promise<{ id: string; taskId: string; role: string }[]>;
}

/** A task locked for a command: what a progress report or completion checks. */
export interface LockedTask {
  id: string; status: string; cadence: string; version: number; dueDate: Date; dueAt: Date; createdAt: Date; plan: { year: number };
  /** By position: the lead first. */
  units: { unitId: string; role: string }[];
  targets: { id: string }[];
}

export interface TaskRecord {
  id: string; planId: string; seq: number; section: string | null; sectionTitle: string | null; number: string; text: string; leadUnitId: string;
  cadence: string; status: string; dueDate: Date; dueAt: Date; clauses: unknown; completedAt: Date | null; summary: string | null; evidence: string[];
  /** by position: the lead first */
  units: { unitId: string; role: string }[];
  targets: { id: string; text: string; comparator: string; value: number; unit: string }[];
}
export interface ReportRecord {
  id: string; taskId: string; unitId: string; role: string; period: string; percent: number; submittedAt: Date; onTime: boolean; values: unknown;
  narrative: string; attachments: string[]; cites: string[];
}
/** A report due with the clock columns its view reads from the due's deadline row. */
export interface DueRecord {
  id: string; taskId: string; unitId: string; period: string; state: string; reportId: string | null; metAt: Date | null; overdueAt: Date | null; escalatedAt: Date | null;
  deadline: { dueAt: Date; dueDate: Date; calendarGap: boolean; policyId: string } | null;
}
export interface PlanRecord { id: string; title: string; year: number; createdAt: Date }
export interface TaskEventRecord { seq: number; type: string; at: Date; actorId: string | null; unitId: string | null; rule: string | null; note: string | null; data: unknown }
export interface WorkNoticeRecord { type: 'ReportOverdue' | 'ReportEscalated'; at: Date; taskId: string; number: string; unitId: string | null; rule: string | null; period: string }

/** The read model of the work-plan views. */
export abstract class TaskViews {
  abstract plans(): Promise<PlanRecord[]>;
  abstract plan(id: string): Promise<PlanRecord | null>;
  abstract taskCounts(): Promise<{ planId: string; status: string; n: number }[]>;
  /** A plan's tasks, or these tasks, by plan and seq. */
  abstract tasks(where: { planId: string } | { ids: string[] }): Promise<TaskRecord[]>;
  /** Every report on these tasks. */
  abstract reportsOf(taskIds: string[]): Promise<ReportRecord[]>;
  /** One task's reports, the newest first. */
  abstract reports(taskId: string): Promise<ReportRecord[]>;
  abstract overdueDueCounts(taskIds: string[]): Promise<Map<string, number>>;
  /** A task's dues by period and unit. */
  abstract dues(taskId: string): Promise<DueRecord[]>;
  /** A unit's running or overdue dues on these tasks, by period. */
  abstract openDuesOfUnit(unitId: string, taskIds: string[]): Promise<DueRecord[]>;
  /** A plan's overdue dues (of one unit), the earliest due first, with their task. */
  abstract overdueDues(planId: string, unitId?: string): Promise<(DueRecord & { task: { id: string; number: string; text: string; leadUnitId: string; cadence: string } })[]>;
  abstract taskExists(id: string): Promise<boolean>;
  abstract events(taskId: string): Promise<TaskEventRecord[]>;
  abstract userNames(ids: string[]): Promise<Map<string, string>>;
  abstract unitLinks(unitId: string, role?: 'lead' | 'co'): Promise<{ taskId: string; role: string }[]>;
  /** Reminders and escalations addressed to a unit, the newest 500. */
  abstract workNotices(unitId: string): Promise<WorkNoticeRecord[]>;
  abstract indicatorInputs(planId: string): Promise<{
    dues: { unitId: string; state: string; metAt: Date | null; dueAt: Date | null }[];
    tasks: { leadUnitId: string; status: string; dueAt: Date; completedAt: Date | null; units: { unitId: string; role: string }[] }[];
  }>;
}

/** A live report-due clock, locked for re-projection, with the due it belongs to. */
export interface ReportDueClockRecord {
  id: string; reportDueId: string; taskId: string; period: string; state: ReportClockView['state']; version: number; startAt: Date; amount: number;
  extended: number; dueAt: Date; dueDate: string; metAt: Date | null; calendarGap: boolean; policyId: string;
}
/** A report-due clock rescheduled by a calendar change (`rescheduleReportDue`). */
export interface RescheduledReportClock { dueDate: string; dueAt: Date; calendarGap: boolean; version: number; state: ReportClockView['state']; reopened: boolean }

/** A new report due of a task's unit for one period, with the id of its clock. */
export interface NewReportDue { id: string; deadlineId: string; taskId: string; unitId: string; times: ReportDueTimes }
/** The policy a report-due clock runs under (the active `report` policy). */
export interface ReportDuePolicy { id: string; step: string; legalBasis: string; amount: number }

/** Port: the report-due clocks — opened by a plan's import, read and moved by the report-due subject's re-projection. */
export abstract class ReportDueClocks {
  /** New dues (running) and, when a policy is active, each due's clock (version 1), in the caller's transaction. */
  abstract open(tx: Tx, dues: NewReportDue[], policy: ReportDuePolicy | null, now: Date): Promise<void>;
  /** Live report-due clocks (not met; running or overdue) started by `to` that end on or after `from` or lack a calendar year. */
  abstract liveIn(from: Date, to: Date): Promise<string[]>;
  /** Locks one clock row in the caller's transaction and reads it with its due; null when it is gone. */
  abstract lock(tx: Tx, deadlineId: string): Promise<ReportDueClockRecord | null>;
  /** Writes the new schedule; a reopened clock's due runs again (its overdue and escalation cleared). */
  abstract reschedule(tx: Tx, c: ReportDueClockRecord, r: RescheduledReportClock): Promise<void>;
  /** Whether the unit still owes (running or overdue) a due of exactly this period on the task. */
  abstract owesPeriod(tx: Tx, taskId: string, unitId: string, period: string): Promise<boolean>;
  /** The earliest period up to `upTo` the unit still owes on the task; null when none. */
  abstract earliestOwed(tx: Tx, taskId: string, unitId: string, upTo: string): Promise<string | null>;
  /**
   * Locks the clock of the unit's due for the period (the firing path locks the clock first too, then the due row: a
   * report and a rung serialize) and reads it with its due; null when there is none.
   */
  abstract lockDue(tx: Tx, taskId: string, unitId: string, period: string): Promise<LockedReportDue | null>;
  /** A report meets the due: its clock stops (`met`, or stays `overdue` when late; optimistic on its version — false when it moved), the due records the report. */
  abstract meet(tx: Tx, due: LockedReportDue, met: { state: 'met'; onTime: boolean }, reportId: string, at: Date): Promise<boolean>;
  /** Cancels the task's running dues whose due instant is after `now`, and their clocks (version bumped); returns how many. */
  abstract cancelAhead(tx: Tx, taskId: string, now: Date): Promise<number>;
  /**
   * Locks every clock of the task's dues (in one order: task → clock, as a progress report; the firing path takes
   * clock → due) and reads the dues with their clocks, by period and unit.
   */
  abstract lockAll(tx: Tx, taskId: string): Promise<TaskReportDue[]>;
  /** Cancels these running dues and stops their running clocks at a new version (armed rungs go stale). */
  abstract cancel(tx: Tx, dueIds: string[]): Promise<void>;
  /**
   * A cancelled due owed again: it runs again and its clock restarts under the policy — at the next version, or as a
   * new clock (version 1) when it had none. Returns the clock and its version.
   */
  abstract revive(tx: Tx, due: TaskReportDue, times: ReportDueTimes, policy: ReportDuePolicy, now: Date): Promise<{ deadlineId: string; version: number }>;
}

/** A task's report due with its clock (none when the due was opened without a policy). */
export interface TaskReportDue {
  id: string; taskId: string; unitId: string; period: string; state: ReportDueState; deadlineId: string | null; version: number | null; dueAt: Date | null;
}

/** A report due locked by a progress report, with its clock. */
export interface LockedReportDue { id: string; state: ReportDueState; deadlineId: string; version: number; dueAt: Date }
