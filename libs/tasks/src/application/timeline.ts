import { randomUUID } from 'node:crypto';
import { currentRequestId, type DeadlineArmPayload, type OutboxEntry, type Tx } from '#platform';
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

/**
 * Outbox entries arming report-due clocks on the case deadline engine: topic `deadline.arm`, the same relay,
 * DeadlineTimers and BullMQ `deadlines` queue (`deadline-<id>-v<version>-<rung>`), one row per 1,000 timers.
 */
export function reportTimerEntries(timers: { deadlineId: string; version: number; rung: ReportRung; fireAt: Date }[], correlationId?: string): OutboxEntry[] {
  const out: OutboxEntry[] = [];
  for (let i = 0; i < timers.length; i += 1000)
    out.push({
      topic: 'deadline.arm',
      payload: {
        timers: timers.slice(i, i + 1000).map((t) => ({ deadlineId: t.deadlineId, version: t.version, rung: t.rung, fireAt: t.fireAt.toISOString() }) satisfies DeadlineArmPayload),
        correlationId: correlationId ?? currentRequestId(),
      },
    });
  return out;
}
