import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppEnv, Clock, PrismaService, createRedis, type RedisClient } from '#platform';
import { chinaDate } from '#deadlines';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`timeout after ${ms} ms`)), ms).unref())]);

/** PostgreSQL and Redis reachability, plus calendar warnings a bureau must act on. */
@Injectable()
export class HealthService implements OnModuleDestroy {
  private readonly redis: RedisClient;
  constructor(private readonly prisma: PrismaService, env: AppEnv, private readonly clock: Clock) {
    this.redis = createRedis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.redis.on('error', () => {});
  }

  async onModuleDestroy() {
    this.redis.disconnect();
  }

  async check() {
    const [postgres, redis] = await Promise.all([
      withTimeout(this.prisma.$queryRaw`SELECT 1`, 2000).then(() => ({ status: 'up' }), (e: Error) => ({ status: 'down', error: e.message })),
      withTimeout((this.redis.status === 'wait' ? this.redis.connect() : Promise.resolve()).then(() => this.redis.ping()), 2000).then(
        () => ({ status: 'up' }),
        (e: Error) => ({ status: 'down', error: e.message }),
      ),
    ]);
    const warnings = postgres.status === 'up' ? await this.calendarWarnings().catch(() => []) : [];
    return { status: postgres.status === 'up' && redis.status === 'up' ? 'ok' : 'error', postgres, redis, warnings };
  }

  private async calendarWarnings() {
    const out: { code: string; message: string; years?: number[]; liveDeadlines?: number }[] = [];
    const years = new Set((await this.prisma.calendarYear.findMany({ select: { year: true } })).map((y) => y.year));
    const today = chinaDate(this.clock.now());
    const thisYear = Number(today.slice(0, 4));
    // The State Council notice for next year usually comes Oct–Nov: from 1 November, warn while it is missing.
    if (today.slice(5) >= '11-01' && !years.has(thisYear + 1))
      out.push({ code: 'NEXT_YEAR_CALENDAR_MISSING', years: [thisYear + 1], message: `${thisYear + 1}年放假安排尚未载入，请管理员导入国务院办公厅通知` });
    const gaps = await this.prisma.deadline.count({ where: { state: 'running', calendarGap: true } });
    if (gaps) out.push({ code: 'LIVE_DEADLINES_IN_UNLOADED_YEAR', liveDeadlines: gaps, message: `${gaps}个在办期限跨入尚未载入放假安排的年份，暂按法定节假日推算（「暂定」），请导入放假通知` });
    return out;
  }
}
