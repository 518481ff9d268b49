import { queuePrefix, type RedisClient } from '#platform';

/**
 * How late the worker fires rungs, told to the API processes through Redis (deadline-first intake: docs/deadlines.md,
 * "Deadlines first"). The worker keeps the largest lateness of each REPORT_EVERY_MS and writes it under the queues'
 * hash tag with a short life: a report older than REPORT_TTL_MS is no report (a worker that fires nothing, or is
 * gone, holds nothing back). One SET per period while rungs fire; nothing while none do.
 */
export const REPORT_EVERY_MS = 250;
export const REPORT_TTL_MS = 2000;

export function firingLatenessKey(prefix: string): string {
  return `${queuePrefix(prefix)}:deadlines:lateness`;
}

/** The worker's side: `note` each fired rung's lateness; the period's largest is written when the period ends. */
export class FiringLatenessReporter {
  private worst = -1;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly redis: RedisClient, private readonly prefix: string, private readonly onError: (e: Error) => void = () => {}) {}

  note(lateMs: number): void {
    if (lateMs > this.worst) this.worst = lateMs;
    this.timer ??= setTimeout(() => this.flush(), REPORT_EVERY_MS);
  }

  private flush(): void {
    this.timer = null;
    const worst = Math.round(Math.max(0, this.worst));
    this.worst = -1;
    this.redis.set(firingLatenessKey(this.prefix), String(worst), 'PX', REPORT_TTL_MS).catch(this.onError);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The API's side: the latest report in ms, or null when there is none (expired, never written, Redis away). */
export async function readFiringLateness(redis: RedisClient, prefix: string): Promise<number | null> {
  const v = await redis.get(firingLatenessKey(prefix));
  const n = v === null ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
}
