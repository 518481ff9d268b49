// One typed registry of queues, job names, payloads and deterministic job ids.
// Job ids must not contain ':' (BullMQ); payloads carry ids only.

export interface JobMeta {
  correlationId: string;
  causationId?: string;
}

export const QUEUES = { deadlines: 'deadlines', calendar: 'calendar', sms: 'sms' } as const;

export type Rung = 'warn' | 'due' | 'remind' | 'supervise' | 'notice';

export type JobMap = {
  'deadline.rung': { deadlineId: string; version: number; rung: Rung; meta?: JobMeta };
  'calendar.recompute': { changeId: string; meta?: JobMeta };
  /** A policy's ladder changed: re-arm its live clocks (runs on the calendar queue, one at a time). */
  'policy.rearm': PolicyChangedPayload & { meta?: JobMeta };
  /** Deliver one stored SMS (sms_messages row); retried with backoff, the row says whether it is still due. */
  'sms.send': { messageId: string; meta?: JobMeta };
};

export const jobId = {
  'deadline.rung': (d: JobMap['deadline.rung']) => `deadline-${d.deadlineId}-v${d.version}-${d.rung}`,
  'calendar.recompute': (d: JobMap['calendar.recompute']) => `calendar-${d.changeId}`,
  'policy.rearm': (d: JobMap['policy.rearm']) => `policy-${d.policyId}-v${d.version}`,
  'sms.send': (d: JobMap['sms.send']) => `sms-${d.messageId}`,
} satisfies { [K in keyof JobMap]: (d: JobMap[K]) => string };

/** Outbox topics and the job each becomes. */
export type OutboxTopic = 'deadline.arm' | 'calendar.changed' | 'policy.changed' | 'sms.send';
export interface SmsSendPayload {
  messageId: string;
}
export interface DeadlineArmPayload {
  deadlineId: string;
  version: number;
  rung: Rung;
  fireAt: string;
  correlationId?: string;
}
export interface CalendarChangedPayload {
  changeId: string;
  year: number;
}

/** An admin changed a time-limit policy's ladder (version = the policy's new version); rungs by what changed. */
export interface PolicyChangedPayload {
  policyId: string;
  version: number;
  added: Rung[];
  removed: Rung[];
  moved: Rung[];
}
