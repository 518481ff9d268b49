import { randomUUID } from 'node:crypto';
import type { OutboxEntry, ReportDueArmPayload, Tx } from '#platform';
import type { ReportRung } from '../domain/reporting.js';

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

/** Appends to the task timeline (append-only, enforced by a trigger), in the caller's transaction. */
export async function appendTaskEvents(tx: Tx, events: TaskEventInput[]): Promise<void> {
  if (!events.length) return;
  await tx.workTaskEvent.createMany({
    data: events.map((e) => ({
      id: randomUUID(), taskId: e.taskId, type: e.type, actorId: e.actorId, unitId: e.unitId, at: e.at,
      rule: e.rule ?? null, note: e.note ?? null, data: (e.data ?? {}) as object,
    })),
  });
}

/** An outbox entry asking the worker to arm one rung of a report-due timer. */
export function reportTimerEntry(dueId: string, version: number, rung: ReportRung, fireAt: Date, correlationId?: string): OutboxEntry {
  const payload: ReportDueArmPayload = { dueId, version, rung, fireAt: fireAt.toISOString(), correlationId };
  return { topic: 'task-report.arm', payload: payload as unknown as Record<string, unknown> };
}
