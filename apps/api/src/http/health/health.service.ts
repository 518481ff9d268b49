import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppEnv, Clock, PrismaService, ReadinessProbe, type Readiness } from '#platform';
import { chinaDate } from '#deadlines';

/**
 * Readiness (PostgreSQL, Redis, migrations applied: ReadinessProbe, shared with the worker) plus the calendar
 * warnings a bureau must act on. Liveness needs none of this (HealthController.live).
 */
@Injectable()
export class HealthService implements OnModuleDestroy {
  private readonly readiness: ReadinessProbe;
  constructor(private readonly prisma: PrismaService, env: AppEnv, private readonly clock: Clock) {
    this.readiness = new ReadinessProbe(prisma, env.REDIS_URL);
  }

  onModuleDestroy() {
    this.readiness.close();
  }

  /** Readiness alone (GET /health/ready): no calendar queries. */
  ready(): Promise<Readiness> {
    return this.readiness.check();
  }

  async check(): Promise<Readiness & { warnings: Awaited<ReturnType<HealthService['calendarWarnings']>> }> {
    const r = await this.readiness.check();
    const warnings = r.postgres.status === 'up' ? await this.calendarWarnings().catch(() => []) : [];
    return { ...r, warnings };
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
