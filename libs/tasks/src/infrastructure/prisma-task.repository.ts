// Prisma adapter of TaskRepository: the only code that writes work_plans, work_tasks, work_task_units,
// work_task_targets, work_progress_reports and work_task_events.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Tx } from '#platform';
import {
  type LockedTask, TaskRepository, type NewPlan, type NewProgressReport, type NewTask, type NewTaskTarget, type NewTaskUnit, type TaskEventInput,
} from '../application/ports.js';
import type { Cadence } from '../domain/reporting.js';

const day = (d: string) => new Date(`${d}T00:00:00Z`);

/** The timeline write, also used inside the report-due subject's fire transaction (report-due-clock.subject.ts). */
export async function appendTaskEvents(tx: Tx, events: TaskEventInput[]): Promise<void> {
  if (!events.length) return;
  await tx.workTaskEvent.createMany({
    data: events.map((e) => ({
      id: randomUUID(), taskId: e.taskId, type: e.type, actorId: e.actorId, unitId: e.unitId, at: e.at,
      rule: e.rule ?? null, note: e.note ?? null, data: (e.data ?? {}) as object,
    })),
  });
}

@Injectable()
export class PrismaTaskRepository extends TaskRepository {
  async insertPlan(tx: Tx, plan: NewPlan, tasks: NewTask[], units: NewTaskUnit[], targets: NewTaskTarget[]): Promise<void> {
    await tx.workPlan.create({ data: plan });
    await tx.workTask.createMany({ data: tasks.map((t) => ({ ...t, status: 'open', dueDate: day(t.dueDate), clauses: t.clauses as object })) });
    await tx.workTaskUnit.createMany({ data: units });
    await tx.workTaskTarget.createMany({ data: targets });
  }
  async complete(tx: Tx, taskId: string, version: number, c: { at: Date; by: string; summary: string; evidence: string[] }): Promise<boolean> {
    const n = await tx.workTask.updateMany({
      where: { id: taskId, version },
      data: { status: 'completed', completedAt: c.at, completedBy: c.by, summary: c.summary, evidence: c.evidence, version: version + 1 },
    });
    return n.count === 1;
  }
  async reschedule(tx: Tx, taskId: string, version: number, s: { dueDate: string; dueAt: Date; cadence: Cadence }): Promise<boolean> {
    const n = await tx.workTask.updateMany({ where: { id: taskId, version }, data: { dueDate: day(s.dueDate), dueAt: s.dueAt, cadence: s.cadence, version: version + 1 } });
    return n.count === 1;
  }
  async addProgressReport(tx: Tx, r: NewProgressReport): Promise<void> {
    await tx.workProgressReport.create({ data: { ...r, values: r.values as object } });
  }
  appendEvents(tx: Tx, events: TaskEventInput[]): Promise<void> {
    return appendTaskEvents(tx, events);
  }
  async lock(tx: Tx, taskId: string): Promise<LockedTask | null> {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM work_tasks WHERE id = ${taskId}::uuid FOR UPDATE`;
    if (!locked.length) return null;
    return tx.workTask.findUniqueOrThrow({
      where: { id: taskId },
      select: {
        id: true, status: true, cadence: true, version: true, dueDate: true, dueAt: true, createdAt: true, plan: { select: { year: true } },
        units: { select: { unitId: true, role: true }, orderBy: { position: 'asc' } }, targets: { select: { id: true } },
      },
    });
  }
  reportsByIds(tx: Tx, ids: string[]): Promise<{ id: string; taskId: string; role: string }[]> {
    return tx.workProgressReport.findMany({ where: { id: { in: ids } }, select: { id: true, taskId: true, role: true } });
  }
}
