// One typed registry of queues, job names, payloads and deterministic job ids.
// Job ids must not contain ':' (BullMQ); payloads carry ids only.

export interface JobMeta {
  correlationId: string;
  causationId?: string;
}

export const QUEUES = { deadlines: 'deadlines' } as const;

export type JobMap = {
  'deadline.due': { deadlineId: string; version: number; meta?: JobMeta };
};

export const jobId = {
  'deadline.due': (d: JobMap['deadline.due']) => `deadline-${d.deadlineId}-v${d.version}-due`,
} satisfies { [K in keyof JobMap]: (d: JobMap[K]) => string };

/** Outbox topics and the job each becomes. */
export type OutboxTopic = 'deadline.arm';
export interface DeadlineArmPayload {
  deadlineId: string;
  version: number;
  dueAt: string;
  correlationId?: string;
}
