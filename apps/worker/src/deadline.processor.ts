import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DelayedError, type Job, Worker } from 'bullmq';
import { AppEnv, Clock, PrismaService, QUEUES, type JobMap } from '#platform';
import { MarkDeadlineOverdue } from '#cases-nest';
import { DeadlineTimers, redisConnection } from './deadline-timers.js';

export interface TimerStats { fired: number; stale: number; early: number; missing: number; swept: number; rearmed: number }

/**
 * Handles deadline wake-ups, and keeps them from being lost: a reconciler re-arms every running deadline
 * from PostgreSQL at start (Redis may have been flushed), and a sweeper fires anything due but missed.
 */
@Injectable()
export class DeadlineProcessor {
  private readonly log = new Logger('deadlines');
  private worker: Worker<JobMap['deadline.due']> | null = null;
  private workerConnection: ReturnType<typeof redisConnection> | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  readonly stats: TimerStats = { fired: 0, stale: 0, early: 0, missing: 0, swept: 0, rearmed: 0 };

  constructor(
    private readonly commands: CommandBus,
    private readonly prisma: PrismaService,
    private readonly timers: DeadlineTimers,
    private readonly clock: Clock,
    private readonly env: AppEnv,
  ) {}

  async start(): Promise<void> {
    await this.reconcile();
    this.workerConnection = redisConnection(this.env.REDIS_URL);
    this.workerConnection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    this.worker = new Worker<JobMap['deadline.due']>(QUEUES.deadlines, (job, token) => this.handle(job, token), {
      connection: this.workerConnection,
      prefix: this.env.QUEUE_PREFIX,
      concurrency: this.env.DEADLINE_CONCURRENCY,
    });
    this.worker.on('failed', (job, err) => this.log.warn(`job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
    this.worker.on('error', (err) => this.log.warn(`worker: ${err.message}`));
    this.sweepTimer = setInterval(() => void this.sweep().catch((e) => this.log.warn(`sweep: ${(e as Error).message}`)), this.env.SWEEP_INTERVAL_MS);
    await this.sweep();
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.worker?.close();
    this.worker = null;
    this.workerConnection?.disconnect();
    this.workerConnection = null;
  }

  async handle(job: Job<JobMap['deadline.due']>, token?: string): Promise<string> {
    const { deadlineId, version } = job.data;
    const r = await this.commands.execute(new MarkDeadlineOverdue(deadlineId, version));
    this.stats[r.outcome]++;
    if (r.outcome === 'early' && r.dueAt && token) {
      // Clock skew or a moved deadline: sleep again until just after the due instant.
      await job.moveToDelayed(r.dueAt.getTime() + 1, token);
      throw new DelayedError();
    }
    if (r.outcome === 'fired') this.log.log(`deadline ${deadlineId} v${version} overdue (late ${r.lateMs} ms)`);
    return r.outcome;
  }

  /** Re-arms every running deadline from the database; job ids make this a no-op for jobs still in Redis. */
  async reconcile(): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let n = 0;
    for (;;) {
      const rows = await this.prisma.deadline.findMany({
        where: { state: 'running', id: { gt: after } },
        select: { id: true, version: true, dueAt: true },
        orderBy: { id: 'asc' },
        take: 2000,
      });
      if (!rows.length) break;
      await this.timers.arm(rows.map((r) => ({ deadlineId: r.id, version: r.version, dueAt: r.dueAt.toISOString() })));
      n += rows.length;
      after = rows[rows.length - 1]!.id;
    }
    this.stats.rearmed += n;
    if (n) this.log.log(`re-armed ${n} running deadline(s)`);
    return n;
  }

  /** Fires what is due but was missed (lost job, long outage). Idempotent like the job itself. */
  async sweep(): Promise<number> {
    const due = await this.prisma.deadline.findMany({
      where: { state: 'running', dueAt: { lt: new Date(this.clock.now().getTime() - 2000) } },
      select: { id: true, version: true },
      orderBy: { dueAt: 'asc' },
      take: 1000,
    });
    let fired = 0;
    for (const d of due) {
      const r = await this.commands.execute(new MarkDeadlineOverdue(d.id, d.version));
      if (r.outcome === 'fired') fired++;
    }
    this.stats.swept += fired;
    return fired;
  }
}
