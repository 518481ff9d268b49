import { createHash, timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics (prom-client). One registry per app instance (an API and a worker booted in one test process
 * keep theirs apart); every series carries `app="api"|"worker"`. Names are listed in docs/metrics.md.
 */
export function createRegistry(app: 'api' | 'worker'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ app });
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** HTTP latency by route template (`/api/v1/cases/:id`, never the raw URL: no ids or query strings in labels). */
export function httpMetrics(registry: Registry) {
  return new Histogram({
    name: 'fangxin_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
}

/** The worker's own: firing lateness, rung outcomes, job results per queue, outbox rows relayed. */
export function workerMetrics(registry: Registry) {
  return {
    lateness: new Histogram({
      name: 'fangxin_deadline_firing_lateness_seconds',
      help: 'Fire time minus due time of each deadline rung fired (by its job or the sweeper)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
      registers: [registry],
    }),
    rungs: new Counter({ name: 'fangxin_deadline_rungs_total', help: 'Deadline wake-ups handled, by outcome', labelNames: ['outcome'] as const, registers: [registry] }),
    jobs: new Counter({ name: 'fangxin_queue_jobs_processed_total', help: 'Jobs this worker finished, by queue and result (rate() gives job rates)', labelNames: ['queue', 'result'] as const, registers: [registry] }),
    relayed: new Counter({ name: 'fangxin_outbox_relayed_total', help: 'Outbox rows this worker moved to the queues', registers: [registry] }),
  };
}

/** What the scrape-time gauges read (an adapter over PostgreSQL and BullMQ: infrastructure/ops-probe.ts). */
export abstract class OpsProbe {
  abstract queueCounts(): Promise<{ queue: string; state: string; count: number }[]>;
  abstract liveClocks(): Promise<{ kind: string; state: string; count: number }[]>;
  abstract outbox(): Promise<{ pending: number; lagSeconds: number }>;
  abstract rollup(): Promise<{ pending: number; lagSeconds: number }>;
}

/**
 * Gauges computed when scraped: queue depths, live clocks, outbox and rollup lag. prom-client collects all metrics
 * of a scrape at once: they share one snapshot (each probe asked once). A probe that fails (Redis or PostgreSQL
 * down, or over its time budget) leaves its gauges out of that scrape and sets fangxin_probe_up{probe} to 0.
 */
export function opsGauges(registry: Registry, probe: OpsProbe, timeoutMs = 3000): void {
  const within = <T>(p: Promise<T>) =>
    Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error('timeout')), timeoutMs).unref())]);
  const take = async () => {
    const [queues, clocks, outbox, rollup] = await Promise.allSettled([
      within(probe.queueCounts()), within(probe.liveClocks()), within(probe.outbox()), within(probe.rollup()),
    ]);
    const ok = <T>(r: PromiseSettledResult<T>) => (r.status === 'fulfilled' ? r.value : undefined);
    return { queues: ok(queues), clocks: ok(clocks), outbox: ok(outbox), rollup: ok(rollup) };
  };
  let inFlight: ReturnType<typeof take> | null = null;
  const snapshot = () => (inFlight ??= take().finally(() => setImmediate(() => (inFlight = null))));
  type Snap = Awaited<ReturnType<typeof take>>;
  const gauge = <L extends string>(name: string, help: string, labelNames: L[], fill: (g: Gauge<L>, s: Snap) => void) =>
    new Gauge<L>({
      // The same in every API process (a snapshot of PostgreSQL and Redis): a cluster's scrape takes the largest, not
      // the sum (the largest: a process whose probe failed this time has no value).
      name, help, labelNames, registers: [registry], aggregator: 'max',
      async collect() {
        const s = await snapshot();
        this.reset();
        fill(this, s);
      },
    });
  gauge('fangxin_probe_up', 'Whether each scrape-time probe answered (1) or failed (0)', ['probe'], (g, s) => {
    for (const k of ['queues', 'clocks', 'outbox', 'rollup'] as const) g.set({ probe: k }, s[k] ? 1 : 0);
  });
  gauge('fangxin_queue_jobs', 'Jobs in each BullMQ queue by state (waiting, delayed, active, failed, …)', ['queue', 'state'], (g, s) => {
    for (const r of s.queues ?? []) g.set({ queue: r.queue, state: r.state }, r.count);
  });
  gauge('fangxin_live_clocks', 'Live deadline clocks (running, paused, overdue) by kind', ['kind', 'state'], (g, s) => {
    for (const r of s.clocks ?? []) g.set({ kind: r.kind, state: r.state }, r.count);
  });
  gauge('fangxin_outbox_pending', 'Outbox rows committed but not yet relayed to the queues', [], (g, s) => {
    if (s.outbox) g.set(s.outbox.pending);
  });
  gauge('fangxin_outbox_lag_seconds', 'Age of the oldest outbox row not yet relayed (0 when none)', [], (g, s) => {
    if (s.outbox) g.set(s.outbox.lagSeconds);
  });
  gauge('fangxin_rollup_pending_events', 'Case events that count something not yet folded into the analytics rollup', [], (g, s) => {
    if (s.rollup) g.set(s.rollup.pending);
  });
  gauge('fangxin_rollup_lag_seconds', 'Age of the oldest case event not yet folded into the rollup (0 when none)', [], (g, s) => {
    if (s.rollup) g.set(s.rollup.lagSeconds);
  });
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Who may read /metrics: with METRICS_TOKEN set, exactly `Authorization: Bearer <token>` (compared in constant
 * time); without it, peers on loopback only (the socket's address, not a forwarded one). 401 / 403 otherwise.
 */
export function metricsAccess(token: string, authorization: string | undefined, peer: string | undefined): 200 | 401 | 403 {
  if (token) {
    const m = /^Bearer (.+)$/i.exec(authorization ?? '');
    return m && timingSafeEqual(digest(m[1]!), digest(token)) ? 200 : 401;
  }
  return peer && LOOPBACK.test(peer) ? 200 : 403;
}
