import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DelayedError, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { AppEnv, Clock, NotifiedLoop, OUTBOX_CHANNEL, PrismaService, TASK_REPORT_QUEUE, jobId, type JobMap, type ReportDueArmPayload } from '#platform';
import { FireReportDue, type ReportFiringOutcome } from '#tasks-nest';

const TOPIC = 'task-report.arm';
const BATCH = 1000;
const JOB = 'task-report.due';

function redis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (n) => Math.min(200 * n, 5000) });
}

/** Arms BullMQ delayed jobs for report-due rungs: wake-ups only, the work_report_dues row is the truth. */
@Injectable()
export class TaskReportTimers implements OnModuleDestroy {
  readonly connection: Redis;
  readonly queue: Queue<JobMap[typeof JOB]>;
  private readonly log = new Logger('task-timers');

  constructor(env: AppEnv, private readonly clock: Clock) {
    this.connection = redis(env.REDIS_URL);
    this.connection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    this.queue = new Queue(TASK_REPORT_QUEUE, { connection: this.connection, prefix: env.QUEUE_PREFIX });
  }

  /** One job per (due, version, rung); re-adding an id still in Redis is a no-op. */
  async arm(items: ReportDueArmPayload[]): Promise<void> {
    const now = this.clock.now().getTime();
    for (let i = 0; i < items.length; i += BATCH) {
      await this.queue.addBulk(
        items.slice(i, i + BATCH).map((t) => {
          const data: JobMap[typeof JOB] = { dueId: t.dueId, version: t.version, rung: t.rung, meta: t.correlationId ? { correlationId: t.correlationId } : undefined };
          return {
            name: JOB,
            data,
            opts: {
              jobId: jobId[JOB](data),
              // +1 ms: a due instant is the last millisecond of its day; it has passed only after it.
              delay: Math.max(0, new Date(t.fireAt).getTime() + 1 - now),
              attempts: 20, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 10_000,
            },
          };
        }),
      );
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}

export interface ReportTimerStats { fired: number; stale: number; early: number; missing: number; duplicate: number; swept: number; rearmed: number; relayed: number }

/**
 * The work-plan report-due timers in the worker: relays 'task-report.arm' outbox rows to BullMQ (rows of other
 * topics are left to their own relay), processes the wake-ups, re-arms every live rung from PostgreSQL at start
 * and fires anything due but missed on every sweep. Starts with the application context, stops with it.
 */
@Injectable()
export class TaskReportProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('task-reports');
  private worker: Worker<JobMap[typeof JOB]> | null = null;
  private workerConnection: Redis | null = null;
  private readonly relay: NotifiedLoop;
  private timers: NodeJS.Timeout[] = [];
  readonly stats: ReportTimerStats = { fired: 0, stale: 0, early: 0, missing: 0, duplicate: 0, swept: 0, rearmed: 0, relayed: 0 };

  constructor(
    private readonly commands: CommandBus,
    private readonly prisma: PrismaService,
    private readonly timersQueue: TaskReportTimers,
    private readonly clock: Clock,
    private readonly env: AppEnv,
  ) {
    this.relay = new NotifiedLoop({
      databaseUrl: env.DATABASE_URL, channel: OUTBOX_CHANNEL, pollMs: env.OUTBOX_POLL_MS,
      run: () => this.drain(), warn: (m) => this.log.warn(m),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcile();
    this.workerConnection = redis(this.env.REDIS_URL);
    this.workerConnection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    this.worker = new Worker<JobMap[typeof JOB]>(TASK_REPORT_QUEUE, (job, token) => this.handle(job, token), {
      connection: this.workerConnection, prefix: this.env.QUEUE_PREFIX, concurrency: this.env.DEADLINE_CONCURRENCY,
    });
    this.worker.on('failed', (job, err) => this.log.warn(`job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
    this.worker.on('error', (err) => this.log.warn(`worker: ${err.message}`));
    await this.relay.start();
    this.timers.push(setInterval(() => void this.sweep().catch((e) => this.log.warn(`sweep: ${(e as Error).message}`)), this.env.SWEEP_INTERVAL_MS));
  }

  async onModuleDestroy(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.relay.stop();
    await this.worker?.close();
    this.worker = null;
    this.workerConnection?.disconnect();
    this.workerConnection = null;
  }

  async handle(job: Job<JobMap[typeof JOB]>, token?: string): Promise<ReportFiringOutcome> {
    const { dueId, version, rung, meta } = job.data;
    const r = await this.commands.execute(new FireReportDue(dueId, version, rung, meta?.correlationId));
    this.stats[r.outcome]++;
    if (r.outcome === 'early' && r.at && token) {
      // BullMQ keeps real time; the business clock may differ (skew, a what-if clock): sleep for the clock's remainder.
      const remaining = r.at.getTime() + 1 - this.clock.now().getTime();
      await job.moveToDelayed(Date.now() + Math.max(remaining, 1000), token);
      throw new DelayedError();
    }
    return r.outcome;
  }

  /** Re-arms every live rung from the database; deterministic job ids make this a no-op for jobs still in Redis. */
  async reconcile(): Promise<number> {
    let n = 0;
    for (const [state, rung] of [['running', 'due'], ['overdue', 'escalate']] as const) {
      let after = '00000000-0000-0000-0000-000000000000';
      for (;;) {
        const rows = await this.prisma.workReportDue.findMany({
          where: { state, id: { gt: after }, ...(rung === 'escalate' ? { escalatedAt: null } : {}) },
          select: { id: true, version: true, dueAt: true, escalateAt: true },
          orderBy: { id: 'asc' },
          take: 5000,
        });
        if (!rows.length) break;
        await this.timersQueue.arm(rows.map((r) => ({ dueId: r.id, version: r.version, rung, fireAt: (rung === 'due' ? r.dueAt : r.escalateAt).toISOString() })));
        n += rows.length;
        after = rows[rows.length - 1]!.id;
      }
    }
    this.stats.rearmed += n;
    return n;
  }

  /** Fires what is due but was missed (lost job, long outage, a clock moved by a test). Idempotent like the job. */
  async sweep(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - 2000);
    const [due, escalate] = await Promise.all([
      this.prisma.workReportDue.findMany({ where: { state: 'running', dueAt: { lt: cutoff } }, select: { id: true, version: true }, orderBy: { dueAt: 'asc' }, take: 2000 }),
      this.prisma.workReportDue.findMany({ where: { state: 'overdue', escalatedAt: null, escalateAt: { lt: cutoff } }, select: { id: true, version: true }, orderBy: { escalateAt: 'asc' }, take: 2000 }),
    ]);
    let fired = 0;
    for (const [rows, rung] of [[due, 'due'], [escalate, 'escalate']] as const) {
      for (const d of rows) {
        const r = await this.commands.execute(new FireReportDue(d.id, d.version, rung));
        if (r.outcome === 'fired') fired++;
      }
    }
    this.stats.swept += fired;
    return fired;
  }

  /** Moves every pending 'task-report.arm' outbox row to BullMQ now; returns how many. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  private relayBatch(): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: bigint; payload: ReportDueArmPayload }[]>`
        SELECT id, payload FROM outbox WHERE dispatched_at IS NULL AND topic = ${TOPIC} ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      if (!rows.length) return 0;
      await this.timersQueue.arm(rows.map((r) => r.payload));
      await tx.$executeRaw`UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`;
      this.stats.relayed += rows.length;
      return rows.length;
    }, { timeout: 60_000 });
  }


}
