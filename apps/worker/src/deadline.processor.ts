import { Injectable, Logger, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DelayedError, type Job, Worker } from 'bullmq';
import DataLoader from 'dataloader';
import pLimit from 'p-limit';
import { AppEnv, Clock, QUEUES, queuePrefix, withRequestId, type JobMap, type JobMeta } from '#platform';
import { ClockArming, FireDeadlineRungs, FiringLatenessReporter, RecomputeDeadlines, type RungOutcome, type RungRef, type RungResult } from '#deadlines-nest';
import { nextArmWindow } from '#deadlines';
import { DeadlineTimers, redisConnection } from './deadline-timers.js';
import { WorkerMetrics } from './worker-metrics.js';

const SWEEP_PARALLEL = 4;
/**
 * How long a wake-up waits for others to share its batch: well under the 1 s lateness budget. Per-batch costs (the
 * read, the transaction, the case locks) dominate small batches: at 10 ms a steady 170 rungs/s fired ~2 rungs a batch.
 */
const BATCH_LINGER_MS = 100;
/**
 * Batches fired at once. Each holds one pooled connection (of 20) at a time; more in flight would only contend for
 * the same case locks and starve the relay, the rollup and the sweeper of connections (seen at 1M deadlines: the
 * rollup never got one). Wake-ups arriving meanwhile gather into the next batches.
 */
const BATCHES_IN_FLIGHT = 4;
const LATENESS_KEPT = 10_000;
const SWEEP_PAGE = 500;
/** How often the sentinel key is checked between connection events (one EXISTS: a FLUSHALL leaves no event). */
const SENTINEL_CHECK_MS = 1000;
/** Rungs are left to their own jobs for this long after their instant before the sweeper fires them. */
const SWEEP_GRACE_MS = 2000;
/**
 * Each horizon window starts this long before the last one ended (nextArmWindow): covers clock skew between workers
 * and ladders/calendars cached (5 s) by a sweep that ran just before an edit. The sweep runs every quarter horizon.
 */
export const HORIZON_OVERLAP_MS = 60_000;

export interface TimerStats {
  fired: number; stale: number; early: number; missing: number; duplicate: number; swept: number; rearmed: number;
  /** Rungs armed by horizon sweeps (as they came within DEADLINE_HORIZON_MS). */
  horizonArmed: number;
  /** Lateness of the last fired rungs in ms (job delivery after the rung's instant), for metrics. */
  lateness: number[];
}

/**
 * Receives deadline wake-ups and hands them to the clock engine (libs/deadlines, issue 12), and keeps them from being
 * lost: at start and whenever Redis lost its keys the engine re-arms every live clock (`ClockArming.rearmAll`), and a
 * sweep fires what the engine finds due but unclaimed (`ClockArming.pastUnclaimed`). Effects are claimed per
 * (deadline, version, rung) by the engine, so none of this can double them. No ladder or rung logic lives here.
 */
@Injectable()
export class DeadlineProcessor {
  private readonly log = new Logger('deadlines');
  private workers: Worker[] = [];
  private connections: ReturnType<typeof redisConnection>[] = [];
  private sweepTimer: NodeJS.Timeout | null = null;
  private sentinelTimer: NodeJS.Timeout | null = null;
  private horizonTimer: NodeJS.Timeout | null = null;
  private sweeping = false;
  /** Where the last re-arm or horizon window of this process ended: the next window starts just before it. */
  private armedTo: Date | null = null;
  private horizoning: Promise<number> | null = null;
  /** Tells the API processes how late rungs fire (deadline-first intake); set up in start(). */
  private latenessReport: FiringLatenessReporter | null = null;
  private reconciling: Promise<number> | null = null;
  private readonly onReady = () => void this.checkSentinel('reconnected').catch((e) => this.log.warn(`sentinel: ${(e as Error).message}`));
  /**
   * Wake-ups delivered together are fired together: each job asks for its rung, the loader collects what arrives
   * within BATCH_LINGER_MS (up to DEADLINE_BATCH) into one FireDeadlineRungs — one read and one transaction for
   * the lot instead of per rung. No cache: a rung asked twice is fired (or found claimed) twice.
   */
  private readonly loader: DataLoader<RungRef, RungResult>;
  readonly stats: TimerStats = { fired: 0, stale: 0, early: 0, missing: 0, duplicate: 0, swept: 0, rearmed: 0, horizonArmed: 0, lateness: [] };

  constructor(
    private readonly commands: CommandBus,
    private readonly arming: ClockArming,
    private readonly timers: DeadlineTimers,
    private readonly clock: Clock,
    private readonly env: AppEnv,
    @Optional() private readonly metrics?: WorkerMetrics,
  ) {
    const limit = pLimit(BATCHES_IN_FLIGHT);
    // A batch serves many jobs (many requests): it runs outside any one job's request id.
    this.loader = new DataLoader((refs) => limit(() => withRequestId(undefined, () => this.commands.execute(new FireDeadlineRungs(refs)))), {
      cache: false, maxBatchSize: env.DEADLINE_BATCH, batchScheduleFn: (run) => setTimeout(run, BATCH_LINGER_MS),
    });
  }

  async start(): Promise<void> {
    this.latenessReport = new FiringLatenessReporter(this.timers.connection, this.env.QUEUE_PREFIX, (e) => this.log.warn(`lateness report: ${e.message}`));
    for (const d of await this.timers.dropRetiredQueues()) this.log.log(`retired queue ${d.queue}: ${d.jobs} job(s) removed`);
    // Fire while arming: after a restart with many live clocks, the earliest rungs (armed first) must not wait for
    // the last page. Job ids make arming a job that is already running or done harmless.
    this.workers.push(this.worker<JobMap['deadline.rung']>(QUEUES.deadlines, (job, token) => this.handle(job, token), this.env.DEADLINE_CONCURRENCY));
    await this.reconcile();
    this.workers.push(this.worker<JobMap['calendar.recompute'] | JobMap['policy.rearm']>(QUEUES.calendar, async (job) => {
      // A ladder edit (admin): arm/re-time/cancel the rungs of that policy's live clocks.
      if (job.name === 'policy.rearm') {
        const p = job.data as JobMap['policy.rearm'];
        const out = await this.arming.rearmPolicy(p, this.until());
        this.log.log(`policy ${p.policyId} v${p.version}: ${out.deadlines} live deadline(s), ${out.armed} rung(s) armed, ${out.retimed} re-timed, ${out.cancelled} cancelled, ${out.deferred} beyond the horizon`);
        return out;
      }
      if (!('changeId' in job.data)) throw new Error(`unknown job ${job.name}`);
      const r = await this.commands.execute(new RecomputeDeadlines(job.data.changeId));
      const by = Object.entries(r.bySubject).map(([k, v]) => `${k}: ${v.moved} moved in ${v.subjects}`).join(', ');
      this.log.log(`calendar change ${job.data.changeId}: ${r.moved} deadline(s) moved (${by})`);
      return r;
    }, 1));
    this.sweepTimer = setInterval(() => void this.tick().catch((e) => this.log.warn(`sweep: ${(e as Error).message}`)), this.env.SWEEP_INTERVAL_MS);
    this.horizonTimer = setInterval(() => void this.armHorizon().catch((e) => this.log.warn(`horizon: ${(e as Error).message}`)),
      Math.min(this.env.SWEEP_INTERVAL_MS, this.env.DEADLINE_HORIZON_MS / 4, 2 ** 31 - 1)); // setInterval's limit
    // A Redis that comes back after a restart is empty (it keeps nothing on disk): check on the reconnection itself,
    // and every second for a FLUSHALL, which drops keys without dropping the connection.
    this.timers.connection.on('ready', this.onReady);
    this.sentinelTimer = setInterval(() => this.onReady(), SENTINEL_CHECK_MS);
    // A first sweep that hits a lost connection must not stop the worker from starting: the next tick retries.
    await this.sweep().catch((e) => this.log.warn(`first sweep: ${(e as Error).message}`));
  }

  /**
   * A Redis that lost our keys while we run (FLUSHALL, a restart, failover to an empty replica) takes every armed
   * rung with it. A sentinel key written by each reconcile detects the loss for one EXISTS — on every reconnection
   * and every SENTINEL_CHECK_MS — and triggers a re-arm (earliest first) and a sweep of what came due meanwhile.
   */
  private get sentinel(): string {
    // Under the queues' hash tag: on a Redis Cluster it sits on the master that holds the timers it vouches for.
    return `${queuePrefix(this.env.QUEUE_PREFIX)}:deadlines:reconciled`;
  }

  private async checkSentinel(why: string): Promise<void> {
    if (this.reconciling || this.timers.connection.status !== 'ready') return;
    if (await this.timers.connection.exists(this.sentinel)) return;
    this.log.warn(`timer keys lost from Redis (${why}): re-arming every live deadline from PostgreSQL`);
    await this.reconcile();
    await this.sweep();
  }

  private async tick(): Promise<void> {
    await this.checkSentinel('sweep');
    await this.sweep();
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    if (this.sentinelTimer) clearInterval(this.sentinelTimer);
    if (this.horizonTimer) clearInterval(this.horizonTimer);
    this.latenessReport?.stop();
    this.timers.connection.off('ready', this.onReady);
    await this.reconciling?.catch(() => 0);
    await this.horizoning?.catch(() => 0);
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
    for (const c of this.connections) c.disconnect();
    this.connections = [];
  }

  private worker<T>(queue: string, fn: (job: Job<T>, token?: string) => Promise<unknown>, concurrency: number): Worker<T> {
    const connection = redisConnection(this.env.REDIS_URL);
    connection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    this.connections.push(connection);
    // Each job runs under the request id its data carries (meta.correlationId): its log lines name it.
    const run = (job: Job<T>, token?: string) => withRequestId((job.data as { meta?: JobMeta } | undefined)?.meta?.correlationId, () => fn(job, token));
    const w = new Worker<T>(queue, run, { connection, prefix: queuePrefix(this.env.QUEUE_PREFIX), concurrency });
    w.on('completed', () => this.metrics?.jobs.inc({ queue, result: 'completed' }));
    w.on('failed', (job, err) => {
      this.metrics?.jobs.inc({ queue, result: 'failed' });
      const requestId = (job?.data as { meta?: JobMeta } | undefined)?.meta?.correlationId;
      this.log.warn({ msg: `job ${job?.id} failed (attempt ${job?.attemptsMade}): ${err.message}`, ...(requestId ? { requestId } : {}) });
    });
    w.on('error', (err) => this.log.warn(`worker: ${err.message}`));
    return w;
  }

  async handle(job: Job<JobMap['deadline.rung']>, token?: string): Promise<RungOutcome> {
    const { deadlineId, version, rung } = job.data;
    const r = await this.loader.load({ deadlineId, version, rung });
    // The engine's own delay for the pacing report: a rung armed after its instant had passed (a case registered with
    // a past receipt time) is late by its facts, not by the engine — count from when its job was added.
    this.count(r.outcome, r.lateMs, r.lateMs === undefined ? undefined : Math.min(r.lateMs, Date.now() - job.timestamp));
    // JSON line with the job's request id (mixin): what a request caused can be followed into the worker.
    if (r.outcome === 'fired') this.log.log({ msg: 'deadline rung fired', jobId: job.id, deadlineId, version, rung, lateMs: r.lateMs });
    else this.log.debug({ msg: `deadline rung ${r.outcome}`, jobId: job.id, deadlineId, version, rung });
    if (r.outcome === 'early' && r.fireAt && token) {
      // Clock skew or a moved instant: sleep again until the rung's time.
      await job.moveToDelayed(r.fireAt.getTime(), token);
      throw new DelayedError();
    }
    return r.outcome;
  }

  private count(outcome: RungOutcome, lateMs?: number, delayMs = lateMs) {
    this.stats[outcome]++;
    this.metrics?.rungs.inc({ outcome });
    if (outcome !== 'fired' || lateMs === undefined) return;
    this.metrics?.lateness.observe(Math.max(0, lateMs) / 1000);
    if (delayMs !== undefined) this.latenessReport?.note(delayMs);
    // The most recent lateness figures only: a long-running worker must not grow with every rung it fires.
    if (this.stats.lateness.length >= LATENESS_KEPT) this.stats.lateness.splice(0, LATENESS_KEPT / 2);
    this.stats.lateness.push(lateMs);
  }

  /** Re-arms every live deadline's rungs from the database; job ids make this a no-op for jobs still in Redis. */
  async reconcile(): Promise<number> {
    // One at a time: the sentinel check, the start and a policy edit may all ask at once.
    if (this.reconciling) return this.reconciling;
    this.reconciling = this.rearmAll()
      // Not finished (PostgreSQL unreachable, say): drop the sentinel again so that the next check retries.
      .catch(async (e: unknown) => { await this.timers.connection.del(this.sentinel).catch(() => 0); throw e; })
      .finally(() => (this.reconciling = null));
    return this.reconciling;
  }

  private until(): Date {
    return new Date(this.clock.now().getTime() + this.env.DEADLINE_HORIZON_MS);
  }

  private async rearmAll(): Promise<number> {
    // Before reading: keys lost while this runs remove the sentinel again, and the next check re-arms.
    await this.timers.connection.set(this.sentinel, new Date().toISOString());
    const until = this.until();
    const n = await this.arming.rearmAll(until);
    this.armedTo = until;
    this.stats.rearmed += n;
    if (n) this.log.log(`re-armed ${n} timer rung(s)`);
    return n;
  }

  /**
   * The horizon sweep (docs/deadlines.md, "Arming near rungs"): arms the rungs whose instants came within
   * DEADLINE_HORIZON_MS since the last window (`nextArmWindow`: windows chain with an overlap, so none is skipped
   * however late a sweep runs). One at a time; none while a re-arm runs (that sets the chain's end itself).
   */
  armHorizon(): Promise<number> {
    if (this.horizoning) return this.horizoning;
    if (this.reconciling) return Promise.resolve(0);
    const w = nextArmWindow(this.armedTo, this.clock.now(), this.env.DEADLINE_HORIZON_MS, HORIZON_OVERLAP_MS);
    this.horizoning = this.arming.armWindow(w)
      .then((n) => {
        // A re-arm that started meanwhile (Redis lost its keys) re-armed up to its own end: keep the later one.
        if (!this.armedTo || this.armedTo < w.to) this.armedTo = w.to;
        this.stats.horizonArmed += n;
        if (n) this.log.debug(`horizon: armed ${n} rung(s) due by ${w.to.toISOString()}`);
        return n;
      })
      .finally(() => (this.horizoning = null));
    return this.horizoning;
  }

  /**
   * Fires every rung whose time has come but whose job did not (lost with Redis, failed after a stall, a crashed
   * worker): for each rung of each ladder, the clocks past that rung's instant (rungHorizon) in the state in which
   * the rung fires, with no claim in deadline_firings — earliest due first, in bounded pages and batches (an
   * escalation on a clock still running past due fires `due` first). A rung its rule skips (a warning after due)
   * is outside the query, so it never holds up the ones behind it.
   */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      let fired = 0;
      for (;;) {
        const now = new Date(this.clock.now().getTime() - SWEEP_GRACE_MS);
        const rows = await this.arming.pastUnclaimed(now, SWEEP_PAGE);
        let progressed = 0;
        // In batches, a few at a time: catching up after an outage should not take one round trip per clock.
        const batches: RungRef[][] = [];
        for (let i = 0; i < rows.length; i += this.env.DEADLINE_BATCH) {
          batches.push(rows.slice(i, i + this.env.DEADLINE_BATCH));
        }
        let next = 0;
        await Promise.all(Array.from({ length: Math.min(SWEEP_PARALLEL, batches.length) }, async () => {
          while (next < batches.length) {
            for (const r of await this.commands.execute(new FireDeadlineRungs(batches[next++]!))) {
              if (r.outcome === 'fired') { fired++; progressed++; this.count('fired', r.lateMs); }
            }
          }
        }));
        this.stats.swept += progressed;
        if (rows.length < SWEEP_PAGE || progressed === 0) return fired;
      }
    } finally {
      this.sweeping = false;
    }
  }
}
