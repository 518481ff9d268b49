import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AppEnv, Clock, QUEUES, jobId, type DeadlineArmPayload, type JobMap } from '#platform';

export function redisConnection(url: string): Redis {
  // BullMQ workers need maxRetriesPerRequest: null; reconnect forever with a capped backoff.
  return new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(200 * n, 5000) });
}

/** Arms BullMQ delayed jobs: wake-ups only — the deadline row in PostgreSQL is the truth. */
@Injectable()
export class DeadlineTimers implements OnModuleDestroy {
  readonly connection: Redis;
  readonly queue: Queue<JobMap['deadline.due']>;
  private readonly log = new Logger('timers');

  constructor(env: AppEnv, private readonly clock: Clock) {
    this.connection = redisConnection(env.REDIS_URL);
    this.connection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    this.queue = new Queue(QUEUES.deadlines, { connection: this.connection, prefix: env.QUEUE_PREFIX });
  }

  async arm(items: Pick<DeadlineArmPayload, 'deadlineId' | 'version' | 'dueAt' | 'correlationId'>[]): Promise<void> {
    if (!items.length) return;
    const now = this.clock.now().getTime();
    await this.queue.addBulk(
      items.map((t) => {
        const data: JobMap['deadline.due'] = { deadlineId: t.deadlineId, version: t.version, meta: t.correlationId ? { correlationId: t.correlationId } : undefined };
        return {
          name: 'deadline.due',
          data,
          opts: {
            jobId: jobId['deadline.due'](data),
            // +1 ms: the deadline is the last millisecond of its day; it has passed only after it.
            delay: Math.max(0, new Date(t.dueAt).getTime() + 1 - now),
            attempts: 20,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: true,
            removeOnFail: 10_000,
          },
        };
      }),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
