import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DelayedError, type Job, Worker } from 'bullmq';
import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import { AppEnv, Clock, PrismaService, QUEUES, type JobMap } from '#platform';
import { DEFAULT_LADDER, liveRungs, type PeriodUnit } from '#deadlines';
import { CalendarStore } from '#deadlines-nest';
import { FireDeadlineRungs, RecomputeDeadlines, type RungOutcome, type RungRef, type RungResult } from '#cases-nest';
import { DeadlineTimers, redisConnection } from './deadline-timers.js';
import { PolicyRearm } from './policy-rearm.js';

const SWEEP_PARALLEL = 4;
/** How long a wake-up waits for others to share its batch: well under the 1 s lateness budget. */
const BATCH_LINGER_MS = 10;
/**
 * Batches fired at once. Each holds one pooled connection (of 20) at a time; more in flight would only contend for
 * the same case locks and starve the relay, the rollup and the sweeper of connections (seen at 1M deadlines: the
 * rollup never got one). Wake-ups arriving meanwhile gather into the next batches.
 */
const BATCHES_IN_FLIGHT = 4;
const LATENESS_KEPT = 10_000;
const RECONCILE_PAGE = 2000;

export interface TimerStats {
  fired: number; stale: number; early: number; missing: number; duplicate: number; swept: number; rearmed: number;
  /** Lateness of the last fired rungs in ms (job delivery after the rung's instant), for metrics. */
  lateness: number[];
}

/**
 * Handles deadline wake-ups, and keeps them from being lost: a reconciler re-arms every live deadline's rungs
 * from PostgreSQL at start (Redis may have been flushed) and periodically, and a sweeper fires anything due but
 * missed. Effects are claimed per (deadline, version, rung) in the database, so none of this can double them.
 */
@Injectable()
export class DeadlineProcessor {
  private readonly log = new Logger('deadlines');
  private workers: Worker[] = [];
  private connections: ReturnType<typeof redisConnection>[] = [];
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;
  /**
   * Wake-ups delivered together are fired together: each job asks for its rung, the loader collects what arrives
   * within BATCH_LINGER_MS (up to DEADLINE_BATCH) into one FireDeadlineRungs — one read and one transaction for
   * the lot instead of per rung. No cache: a rung asked twice is fired (or found claimed) twice.
   */
  private readonly loader: DataLoader<RungRef, RungResult>;
  readonly stats: TimerStats = { fired: 0, stale: 0, early: 0, missing: 0, duplicate: 0, swept: 0, rearmed: 0, lateness: [] };

  constructor(
    private readonly commands: CommandBus,
    private readonly prisma: PrismaService,
    private readonly timers: DeadlineTimers,
    private readonly clock: Clock,
    private readonly env: AppEnv,
    private readonly calendars: CalendarStore,
    // Optional for processors wired by hand (tests): they then cannot take a `policy.rearm` job.
    private readonly policyRearm?: PolicyRearm,
  ) {
    const limit = pLimit(BATCHES_IN_FLIGHT);
    this.loader = new DataLoader((refs) => limit(() => this.commands.execute(new FireDeadlineRungs(refs))), {
      cache: false, maxBatchSize: env.DEADLINE_BATCH, batchScheduleFn: (run) => setTimeout(run, BATCH_LINGER_MS),
    });
  }

  async start(): Promise<void> {
    for (const d of await this.timers.dropRetiredQueues()) this.log.log(`retired queue ${d.queue}: ${d.jobs} job(s) removed`);
    // Fire while arming: after a restart with many live clocks, the earliest rungs (armed first) must not wait for
    // the last page. Job ids make arming a job that is already running or done harmless.
    this.workers.push(this.worker<JobMap['deadline.rung']>(QUEUES.deadlines, (job, token) => this.handle(job, token), this.env.DEADLINE_CONCURRENCY));
    await this.reconcile();
    this.workers.push(this.worker<JobMap['calendar.recompute'] | JobMap['policy.rearm']>(QUEUES.calendar, async (job) => {
      // A ladder edit (admin): arm/re-time/cancel the rungs of that policy's live clocks.
      if (job.name === 'policy.rearm') {
        if (!this.policyRearm) throw new Error('policy.rearm: no PolicyRearm wired');
        return this.policyRearm.run(job.data as JobMap['policy.rearm']);
      }
      if (!('changeId' in job.data)) throw new Error(`unknown job ${job.name}`);
      const r = await this.commands.execute(new RecomputeDeadlines(job.data.changeId));
      this.log.log(`calendar change ${job.data.changeId}: ${r.moved} deadline(s) moved in ${r.cases} case(s), ${r.reportDues} work-plan report due(s)`);
      return r;
    }, 1));
    this.sweepTimer = setInterval(() => void this.tick().catch((e) => this.log.warn(`sweep: ${(e as Error).message}`)), this.env.SWEEP_INTERVAL_MS);
    // A first sweep that hits a lost connection must not stop the worker from starting: the next tick retries.
    await this.sweep().catch((e) => this.log.warn(`first sweep: ${(e as Error).message}`));
  }

  /**
   * A Redis that lost our keys while we run (FLUSHALL, failover to an empty replica) takes every armed rung with
   * it; the sweeper only re-fires `due` rungs, so warnings and escalations would wait for the next restart. A
   * sentinel key written by each reconcile detects the loss for one EXISTS per tick, and triggers a re-arm.
   */
  private get sentinel(): string {
    return `${this.env.QUEUE_PREFIX}:deadlines:reconciled`;
  }

  private async tick(): Promise<void> {
    if (!(await this.timers.connection.exists(this.sentinel))) {
      this.log.warn('timer keys lost from Redis: re-arming every live deadline from PostgreSQL');
      await this.reconcile();
    }
    await this.sweep();
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
    for (const c of this.connections) c.disconnect();
    this.connections = [];
  }

  private worker<T>(queue: string, fn: (job: Job<T>, token?: string) => Promise<unknown>, concurrency: number): Worker<T> {
    const connection = redisConnection(this.env.REDIS_URL);
    connection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    this.connections.push(connection);
    const w = new Worker<T>(queue, fn, { connection, prefix: this.env.QUEUE_PREFIX, concurrency });
    w.on('failed', (job, err) => this.log.warn(`job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`));
    w.on('error', (err) => this.log.warn(`worker: ${err.message}`));
    return w;
  }

  async handle(job: Job<JobMap['deadline.rung']>, token?: string): Promise<RungOutcome> {
    const { deadlineId, version, rung } = job.data;
    const r = await this.loader.load({ deadlineId, version, rung });
    this.count(r.outcome, r.lateMs);
    if (r.outcome === 'early' && r.fireAt && token) {
      // Clock skew or a moved instant: sleep again until the rung's time.
      await job.moveToDelayed(r.fireAt.getTime(), token);
      throw new DelayedError();
    }
    return r.outcome;
  }

  private count(outcome: RungOutcome, lateMs?: number) {
    this.stats[outcome]++;
    if (outcome !== 'fired' || lateMs === undefined) return;
    // The most recent lateness figures only: a long-running worker must not grow with every rung it fires.
    if (this.stats.lateness.length >= LATENESS_KEPT) this.stats.lateness.splice(0, LATENESS_KEPT / 2);
    this.stats.lateness.push(lateMs);
  }

  /** Re-arms every live deadline's rungs from the database; job ids make this a no-op for jobs still in Redis. */
  async reconcile(): Promise<number> {
    // Before reading: keys lost while this runs remove the sentinel again, and the next tick re-arms.
    await this.timers.connection.set(this.sentinel, new Date().toISOString());
    const [cal, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const ladders = new Map(policies.map((p) => [p.id, p.ladder ?? DEFAULT_LADDER]));
    let n = 0;
    // Running clocks first, earliest due first (the (state, due_at) index), then overdue ones (escalations only).
    for (const state of ['running', 'overdue'] as const) {
      let after: { dueAt: Date; id: string } | null = null;
      for (;;) {
        const rows: { id: string; version: number; dueAt: Date; dueDate: Date; unit: string; policyId: string }[] = await this.prisma.deadline.findMany({
          where: {
            state, metAt: null,
            ...(after ? { OR: [{ dueAt: { gt: after.dueAt } }, { dueAt: after.dueAt, id: { gt: after.id } }] } : {}),
          },
          select: { id: true, version: true, dueAt: true, dueDate: true, unit: true, policyId: true },
          orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
          take: RECONCILE_PAGE,
        });
        if (!rows.length) break;
        const items = rows.flatMap((d) =>
          liveRungs(cal, { state, unit: d.unit as PeriodUnit, dueAt: d.dueAt, dueDate: d.dueDate.toISOString().slice(0, 10) }, ladders.get(d.policyId) ?? DEFAULT_LADDER)
            .map((r) => ({ deadlineId: d.id, version: d.version, rung: r.rung, fireAt: r.fireAt.toISOString() })),
        );
        await this.timers.arm(items);
        n += items.length;
        const last = rows[rows.length - 1]!;
        after = { dueAt: last.dueAt, id: last.id };
      }
    }
    this.stats.rearmed += n;
    if (n) this.log.log(`re-armed ${n} timer rung(s)`);
    return n;
  }

  /** Fires what is due but was missed (lost job, long outage): the due rung of every running clock past due. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      let fired = 0;
      // Windows (a ladder without `due`, e.g. the return window) never go overdue.
      const windows = (await this.calendars.policies()).filter((p) => p.ladder && !p.ladder.some((r) => r.rung === 'due')).map((p) => p.id);
      for (;;) {
        const due = await this.prisma.deadline.findMany({
          where: { state: 'running', dueAt: { lt: new Date(this.clock.now().getTime() - 2000) }, policyId: { notIn: windows } },
          select: { id: true, version: true },
          orderBy: { dueAt: 'asc' },
          take: 500,
        });
        let progressed = 0;
        // In batches, a few at a time: catching up after an outage should not take one round trip per clock.
        const batches: RungRef[][] = [];
        for (let i = 0; i < due.length; i += this.env.DEADLINE_BATCH) {
          batches.push(due.slice(i, i + this.env.DEADLINE_BATCH).map((d) => ({ deadlineId: d.id, version: d.version, rung: 'due' as const })));
        }
        let next = 0;
        await Promise.all(Array.from({ length: Math.min(SWEEP_PARALLEL, batches.length) }, async () => {
          while (next < batches.length) {
            for (const r of await this.commands.execute(new FireDeadlineRungs(batches[next++]!))) {
              if (r.outcome === 'fired') { fired++; progressed++; this.count('fired', r.lateMs); }
            }
          }
        }));
        if (due.length < 500 || progressed === 0) break;
      }
      this.stats.swept += fired;
      return fired;
    } finally {
      this.sweeping = false;
    }
  }
}
