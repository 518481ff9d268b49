import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import { AppEnv, Clock, QUEUES, createRedis, isRedisCluster, jobId, queuePrefix, type DeadlineArmPayload, type JobMap, type PolicyChangedPayload, type RedisClient } from '#platform';
import { RungTimers } from '#deadlines-nest';
import { withinHorizon } from '#deadlines';

export function redisConnection(url: string): RedisClient {
  // BullMQ workers need maxRetriesPerRequest: null; reconnect forever with a capped backoff. A cluster URL gives a Cluster.
  return createRedis(url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(200 * n, 5000) });
}

/**
 * Queues of earlier versions that nothing consumes any more: `task-reports` held the work-plan report-due wake-ups
 * until those clocks moved onto the deadline engine (migration 20261124000000, which re-arms them as `deadlines`).
 */
export const RETIRED_QUEUES = ['task-reports'] as const;

/**
 * Queues that lived under the bare QUEUE_PREFIX (`fangxin:deadlines:…`) before the prefix took a hash tag
 * (`{fangxin}:…`, for Redis Cluster). After the upgrade the worker re-arms every live rung under the new prefix from
 * PostgreSQL (its reconcile sentinel is new too), so the old keys are only litter: dropped at start, on a single
 * Redis only (a cluster never held them — BullMQ cannot run on one without the tag).
 */
export const LEGACY_PREFIX_QUEUES = [...RETIRED_QUEUES, QUEUES.deadlines, QUEUES.calendar, 'analytics-reports'] as const;

const ARM_CHUNK = 500;
const EVENTS_KEPT = 500;
const ARM_PARALLEL = 4;
const RETRY: JobsOptions = { attempts: 20, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 10_000 };

/** Arms BullMQ delayed jobs: wake-ups only — the deadline rows in PostgreSQL are the truth (the engine's `RungTimers` port). */
@Injectable()
export class DeadlineTimers extends RungTimers implements OnModuleDestroy {
  readonly connection: RedisClient;
  readonly queue: Queue<JobMap['deadline.rung']>;
  /** Re-computations and re-arms after a data change (calendar, policy ladder), one at a time. */
  readonly calendarQueue: Queue<JobMap['calendar.recompute'] | JobMap['policy.rearm']>;
  private readonly log = new Logger('timers');
  private readonly prefix: string;
  private readonly legacyPrefix: string | null;
  /** DEADLINE_HORIZON_MS: how near a rung's instant must be for it to be armed. */
  readonly horizonMs: number;

  constructor(env: AppEnv, private readonly clock: Clock) {
    super();
    this.horizonMs = env.DEADLINE_HORIZON_MS;
    this.legacyPrefix = queuePrefix(env.QUEUE_PREFIX) !== env.QUEUE_PREFIX && !isRedisCluster(env.REDIS_URL) ? env.QUEUE_PREFIX : null;
    this.prefix = queuePrefix(env.QUEUE_PREFIX);
    this.connection = redisConnection(env.REDIS_URL);
    this.connection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    // Nothing reads the queue's events stream (no QueueEvents): keep it short (BullMQ's default is 10,000 entries,
    // trimmed approximately), less for Redis to hold and trim per job.
    this.queue = new Queue(QUEUES.deadlines, { connection: this.connection, prefix: this.prefix, streams: { events: { maxLen: EVENTS_KEPT } } });
    this.calendarQueue = new Queue(QUEUES.calendar, { connection: this.connection, prefix: this.prefix });
  }

  /**
   * Removes the jobs and keys of RETIRED_QUEUES, and of the queues under the bare legacy prefix, after an upgrade
   * (else they would sit in Redis for ever).
   */
  async dropRetiredQueues(): Promise<{ queue: string; jobs: number }[]> {
    const dropped: { queue: string; jobs: number }[] = [];
    const old = [
      ...RETIRED_QUEUES.map((name) => ({ name, prefix: this.prefix })),
      ...(this.legacyPrefix ? LEGACY_PREFIX_QUEUES.map((name) => ({ name, prefix: this.legacyPrefix! })) : []),
    ];
    for (const { name, prefix } of old) {
      const q = new Queue(name, { connection: this.connection, prefix });
      try {
        const jobs = Object.values(await q.getJobCounts()).reduce((a, b) => a + b, 0);
        if (jobs > 0) {
          await q.obliterate({ force: true });
          dropped.push({ queue: name, jobs });
        }
      } finally {
        await q.close();
      }
    }
    return dropped;
  }

  /**
   * One delayed job per (deadline, version, rung); re-adding an id still in Redis is a no-op. With `replaceFailed`
   * (the reconciler) a job of the same id kept in the failed set — e.g. "job stalled more than allowable limit"
   * after workers were killed while it ran — is removed first: a failed job must not block its own re-arm.
   */
  override async arm(items: readonly Pick<DeadlineArmPayload, 'deadlineId' | 'version' | 'rung' | 'fireAt' | 'correlationId'>[], opts: { replaceFailed?: boolean } = {}): Promise<void> {
    if (!items.length) return;
    if (opts.replaceFailed) await this.removeFailed(items);
    const now = this.clock.now().getTime();
    const chunks: (typeof items)[number][][] = [];
    for (let i = 0; i < items.length; i += ARM_CHUNK) chunks.push(items.slice(i, i + ARM_CHUNK));
    // A few chunks in flight: Redis pipelines them, and Node builds the next while Redis runs the last.
    let next = 0;
    await Promise.all(Array.from({ length: Math.min(ARM_PARALLEL, chunks.length) }, async () => {
      while (next < chunks.length) {
        const chunk = chunks[next++]!;
        await this.queue.addBulk(chunk.map((t) => {
          const data: JobMap['deadline.rung'] = { deadlineId: t.deadlineId, version: t.version, rung: t.rung, meta: t.correlationId ? { correlationId: t.correlationId } : undefined };
          return { name: 'deadline.rung', data, opts: { ...RETRY, jobId: jobId['deadline.rung'](data), delay: Math.max(0, new Date(t.fireAt).getTime() - now) } };
        }));
      }
    }));
  }

  /**
   * The relay's rule (new and re-projected clocks): a rung is armed only if its instant is within the horizon of now;
   * the horizon sweep (`ClockArming.armWindow`) arms the others when they come near.
   */
  isNear(fireAt: string): boolean {
    return withinHorizon(fireAt, this.clock.now(), this.horizonMs);
  }

  /** Removes the failed jobs among these rungs' ids (ZSCORE on the failed set, pipelined), so `arm` can re-add them. */
  private async removeFailed(items: readonly Pick<DeadlineArmPayload, 'deadlineId' | 'version' | 'rung'>[]): Promise<number> {
    const failedKey = this.queue.keys.failed!;
    const ids = items.map((t) => jobId['deadline.rung']({ deadlineId: t.deadlineId, version: t.version, rung: t.rung }));
    const pipe = this.connection.pipeline();
    for (const id of ids) pipe.zscore(failedKey, id);
    const scores = (await pipe.exec()) ?? [];
    let n = 0;
    for (let i = 0; i < ids.length; i++) {
      if (scores[i]?.[1] == null) continue;
      n += await this.queue.remove(ids[i]!).catch(() => 0);
    }
    if (n) this.log.warn(`replaced ${n} failed timer job(s)`);
    return n;
  }

  async recomputeAfter(changeId: string, correlationId?: string): Promise<void> {
    const data: JobMap['calendar.recompute'] = { changeId, ...(correlationId ? { meta: { correlationId } } : {}) };
    await this.calendarQueue.add('calendar.recompute', data, { ...RETRY, jobId: jobId['calendar.recompute'](data) });
  }

  /** After a ladder edit: the worker re-arms the policy's live clocks (one job per policy version). */
  async rearmPolicyAfter(p: PolicyChangedPayload, correlationId?: string): Promise<void> {
    const data: JobMap['policy.rearm'] = { policyId: p.policyId, version: p.version, added: p.added, removed: p.removed, moved: p.moved, ...(correlationId ? { meta: { correlationId } } : {}) };
    await this.calendarQueue.add('policy.rearm', data, { ...RETRY, jobId: jobId['policy.rearm'](data) });
  }

  /**
   * Moves already-armed wake-ups to a new instant (a rung's offset changed): `arm` alone would be a no-op while the
   * old job waits. A delayed job gets the new delay; a missing one is armed; one waiting or running is left alone
   * (its firing re-reads the ladder: too early re-delays itself). Returns how many were moved or armed.
   */
  override async retime(items: readonly Pick<DeadlineArmPayload, 'deadlineId' | 'version' | 'rung' | 'fireAt'>[]): Promise<number> {
    const now = this.clock.now().getTime();
    const missing: (typeof items)[number][] = [];
    let n = 0;
    for (const t of items) {
      const job = await this.queue.getJob(jobId['deadline.rung']({ deadlineId: t.deadlineId, version: t.version, rung: t.rung }));
      if (!job) { missing.push(t); continue; }
      if (await job.isDelayed()) {
        const delay = new Date(t.fireAt).getTime() - now;
        if (delay > 0) await job.changeDelay(delay);
        else await job.promote();
        n++;
      }
    }
    await this.arm(missing);
    return n + missing.length;
  }

  /** Cancels delayed wake-ups of rungs a ladder no longer has (tidiness: their firing would be skipped anyway). */
  override async cancel(items: readonly Pick<DeadlineArmPayload, 'deadlineId' | 'version' | 'rung'>[]): Promise<number> {
    let n = 0;
    for (const t of items) {
      const job = await this.queue.getJob(jobId['deadline.rung']({ deadlineId: t.deadlineId, version: t.version, rung: t.rung }));
      if (job && (await job.isDelayed())) n += await this.queue.remove(job.id!).catch(() => 0);
    }
    return n;
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
    await this.calendarQueue.close();
    this.connection.disconnect();
  }
}
