import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AppEnv, Clock, createRegistry, httpMetrics, opsGauges, PrismaBullOpsProbe, PrismaService, QUEUES } from '#platform';
import { REPORT_QUEUE } from '#analytics-nest';

/** Every BullMQ queue Fangxin runs: their depths are metrics and their jobs are on the dashboard (/admin/queues). */
export const QUEUE_NAMES = [QUEUES.deadlines, QUEUES.calendar, REPORT_QUEUE] as const;

/**
 * The API's Prometheus registry: HTTP latency by route (observed in app.ts's onResponse hook) and the scrape-time
 * gauges (queue depths, live clocks, outbox and rollup lag). The probe's queues also feed the queue dashboard.
 */
@Injectable()
export class ApiMetrics implements OnModuleDestroy {
  readonly registry = createRegistry('api');
  readonly http = httpMetrics(this.registry);
  readonly probe: PrismaBullOpsProbe;

  constructor(prisma: PrismaService, clock: Clock, env: AppEnv) {
    this.probe = new PrismaBullOpsProbe(prisma, clock, env.REDIS_URL, env.QUEUE_PREFIX, QUEUE_NAMES);
    opsGauges(this.registry, this.probe);
  }

  async onModuleDestroy(): Promise<void> {
    await this.probe.close();
  }
}
