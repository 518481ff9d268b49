import { Queue, type JobType } from 'bullmq';
import { createRedis, queuePrefix, type RedisClient } from '../redis/redis.js';
import type { Clock } from '../kernel/clock.js';
import type { PrismaService } from '../prisma/prisma.service.js';
import { OpsProbe } from './metrics.js';

const STATES = ['waiting', 'delayed', 'active', 'failed', 'completed', 'prioritized', 'waiting-children'] as const satisfies readonly JobType[];

/**
 * OpsProbe over PostgreSQL (counts and ages, each an index range or a small table) and BullMQ (getJobCounts).
 * Counts only: no case data reaches a metric.
 */
export class PrismaBullOpsProbe extends OpsProbe {
  readonly queues: Queue[];
  private readonly redis: RedisClient;

  constructor(private readonly prisma: PrismaService, private readonly clock: Clock, redisUrl: string, prefix: string, queueNames: readonly string[]) {
    super();
    // Fails fast when Redis is down (a scrape must not hang); reconnects on its own.
    this.redis = createRedis(redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: true, retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.redis.on('error', () => {});
    this.queues = queueNames.map((name) => new Queue(name, { connection: this.redis, prefix: queuePrefix(prefix) }));
    for (const q of this.queues) q.on('error', () => {});
  }

  queueCounts = async () => {
    const out: { queue: string; state: string; count: number }[] = [];
    for (const q of this.queues) {
      const counts = await q.getJobCounts(...STATES);
      for (const s of STATES) out.push({ queue: q.name, state: s, count: counts[s] ?? 0 });
    }
    return out;
  };

  liveClocks = async () => {
    const rows = await this.prisma.$queryRaw<{ kind: string; state: string; n: bigint }[]>`
      SELECT step AS kind, state, count(*) AS n FROM deadlines WHERE state IN ('running', 'paused', 'overdue') GROUP BY step, state`;
    return rows.map((r) => ({ kind: r.kind, state: r.state, count: Number(r.n) }));
  };

  // Ages against the database's clock: created_at is set by PostgreSQL's now().
  outbox = async () => {
    const [r] = await this.prisma.$queryRaw<{ n: bigint; lag: number | null }[]>`
      SELECT count(*) AS n, EXTRACT(EPOCH FROM now() - min(created_at))::float8 AS lag FROM outbox WHERE dispatched_at IS NULL`;
    return { pending: Number(r?.n ?? 0), lagSeconds: Math.max(0, r?.lag ?? 0) };
  };

  // A case event's `at` is the application's clock: its age is measured against the same clock.
  rollup = async () => {
    const [r] = await this.prisma.$queryRaw<{ n: bigint; oldest: Date | null }[]>`
      SELECT count(*) AS n, min(e.at) AS oldest FROM analytics_inbox i JOIN case_events e ON e.id = i.event_id`;
    const lag = r?.oldest ? (this.clock.now().getTime() - r.oldest.getTime()) / 1000 : 0;
    return { pending: Number(r?.n ?? 0), lagSeconds: Math.max(0, lag) };
  };

  async close(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close().catch(() => undefined)));
    this.redis.disconnect();
  }
}
