import { currentRequestId, type DeadlineArmPayload, type OutboxEntry } from '#platform';
import type { ReportRung } from '../domain/reporting.js';

export type { TaskEventInput } from './ports.js';

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
