import { Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { AppEnv, Clock, clusterScrape, createRegistry, httpMetrics, opsGauges, PrismaBullOpsProbe, PrismaService, QUEUES } from '#platform';
import { REPORT_QUEUE } from '#analytics-nest';
import { IntakeAdmission } from '#cases-nest';

/** Every BullMQ queue Fangxin runs: their depths are metrics and their jobs are on the dashboard (/admin/queues). */
export const QUEUE_NAMES = [QUEUES.deadlines, QUEUES.calendar, REPORT_QUEUE] as const;

/**
 * The API's Prometheus registry: HTTP latency by route (observed in app.ts's onResponse hook) and the scrape-time
 * gauges (queue depths, live clocks, outbox and rollup lag). The probe's queues also feed the queue dashboard. On
 * several processes a scrape answers for all of them (cluster-metrics.ts).
 */
@Injectable()
export class ApiMetrics implements OnModuleDestroy {
  readonly registry = createRegistry('api');
  readonly http = httpMetrics(this.registry);
  readonly probe: PrismaBullOpsProbe;

  constructor(prisma: PrismaService, clock: Clock, env: AppEnv, @Optional() admission?: IntakeAdmission) {
    this.probe = new PrismaBullOpsProbe(prisma, clock, env.REDIS_URL, env.QUEUE_PREFIX, QUEUE_NAMES);
    opsGauges(this.registry, this.probe);
    if (admission) {
      new Gauge({
        name: 'fangxin_intake_paced_per_second', help: 'Registrations per second this API process writes while deadline rungs fire late (+Inf: not paced)',
        registers: [this.registry], collect() { this.set(admission.state.perSec); },
      });
      new Gauge({
        name: 'fangxin_intake_pacing_cuts', help: 'Times this API process cut its registration rate because deadline rungs fired late',
        registers: [this.registry], collect() { this.set(admission.state.cuts); },
      });
    }
    clusterScrape.register(this.registry);
  }

  /** The scrape: of the whole API when it runs on several processes (node:cluster), summed by the primary. */
  scrape(): Promise<string> {
    return clusterScrape.metrics(this.registry);
  }

  async onModuleDestroy(): Promise<void> {
    await this.probe.close();
  }
}
