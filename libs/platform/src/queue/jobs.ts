// One typed registry of queues, job names, payloads and deterministic job ids.
// Job ids must not contain ':' (BullMQ); payloads carry ids only.

export interface JobMeta {
  correlationId: string;
  causationId?: string;
}

export const QUEUES = { deadlines: 'deadlines' } as const;

export type JobMap = {
  'task-report.due': { dueId: string; version: number; rung: 'due' | 'escalate'; meta?: JobMeta };
  'deadline.due': { deadlineId: string; version: number; meta?: JobMeta };
};

export const jobId = {
  'task-report.due': (d: JobMap['task-report.due']) => `report-due-${d.dueId}-v${d.version}-${d.rung}`,
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

/** Work-plan report-due timers (issue 7): own queue, outbox topic 'task-report.arm' with this payload. */
export const TASK_REPORT_QUEUE = 'task-reports';
export interface ReportDueArmPayload { dueId: string; version: number; rung: 'due' | 'escalate'; fireAt: string; correlationId?: string }
