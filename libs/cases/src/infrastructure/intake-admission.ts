import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { ADMISSION_DEFAULTS, AdaptiveAdmission, AppEnv, createRedis, type RedisClient } from '#platform';
import { REPORT_EVERY_MS, readFiringLateness } from '#deadlines-nest';

/**
 * Deadline-first intake (docs/deadlines.md, "Deadlines first"): the pace at which this API process writes
 * registrations, steered by how late the worker fires rungs (AdaptiveAdmission). Statutory time limits are the
 * bureau's obligations; a registration held back waits a fraction of a second longer and is still answered with its
 * own case number after its commit. The report is read at most once per period and only while registrations arrive
 * (nothing is polled when idle); if Redis is unreachable there is no report, and nothing is held back.
 * Elapsed time here is the process's monotonic clock, not the app's Clock: pacing is about real seconds passing,
 * and a test's fixed Clock must not stall registrations.
 */
@Injectable()
export class IntakeAdmission implements OnModuleDestroy {
  private readonly ctl: AdaptiveAdmission | null;
  private redis: RedisClient | undefined;
  private readAt = -Infinity;
  private reading = false;
  private readonly log = new Logger('intake');

  constructor(private readonly env: AppEnv) {
    const high = env.DEADLINE_FIRST_LATENESS_MS;
    this.ctl = high > 0
      ? new AdaptiveAdmission({ ...ADMISSION_DEFAULTS, highMs: high, lowMs: Math.floor(high / 2), minPerSec: env.DEADLINE_FIRST_MIN_RATE, intervalMs: REPORT_EVERY_MS })
      : null;
  }

  /** The current limit (registrations per second; Infinity: none) and its cuts and lifts so far. */
  get state(): { perSec: number; cuts: number; lifts: number } {
    return { perSec: this.ctl?.perSec ?? Infinity, cuts: this.ctl?.stats.cuts ?? 0, lifts: this.ctl?.stats.lifts ?? 0 };
  }

  /** GroupCommitOptions.pace: ms a group of n registrations waits before it may be written (0: now). */
  delay(n: number): number {
    if (!this.ctl) return 0;
    const now = performance.now();
    this.refresh(now);
    return this.ctl.delay(n, now);
  }

  private refresh(now: number): void {
    if (this.reading || now - this.readAt < REPORT_EVERY_MS) return;
    this.reading = true;
    this.readAt = now;
    if (!this.redis) {
      // Lazy: the worker loads this module too and never registers.
      this.redis = createRedis(this.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 500 });
      this.redis.on('error', () => {}); // no report meanwhile; health reports Redis
      void this.redis.connect().catch(() => {});
    }
    readFiringLateness(this.redis, this.env.QUEUE_PREFIX)
      .catch(() => null)
      .then((late) => {
        const was = this.ctl!.perSec;
        this.ctl!.observe(late, performance.now());
        // Transitions only (a line per cut would flood the log under load).
        if (was === Infinity && this.ctl!.perSec !== Infinity) this.log.warn(`registrations paced at ${Math.round(this.ctl!.perSec)}/s: deadline rungs fire ${late} ms late`);
        if (was !== Infinity && this.ctl!.perSec === Infinity) this.log.log('registrations no longer paced: deadline rungs fire on time');
      })
      .finally(() => (this.reading = false));
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }
}
