// Ports of libs/tasks. The Prisma adapter (../infrastructure/prisma-task.repository.ts) is the one writer of
// work_plans, work_tasks, work_task_units, work_task_targets, work_progress_reports and work_task_events. The
// report-due clocks (work_report_dues, deadlines) belong to the clock engine and are not behind these ports.
import type { Tx } from '#platform';
import type { Cadence } from '../domain/reporting.js';

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
}
