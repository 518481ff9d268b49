import { Injectable } from '@nestjs/common';
import { createRegistry, workerMetrics } from '#platform';

/** The worker's Prometheus registry, served on its health port at GET /metrics (health-server.ts). */
@Injectable()
export class WorkerMetrics {
  readonly registry = createRegistry('worker');
  private readonly m = workerMetrics(this.registry);
  readonly lateness = this.m.lateness;
  readonly rungs = this.m.rungs;
  readonly jobs = this.m.jobs;
  readonly relayed = this.m.relayed;
}
