import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { metricsAccess, ReadinessProbe, type AppEnv, type PrismaService } from '#platform';

/**
 * The worker's ops port (HOST:WORKER_HEALTH_PORT, not published by docker/compose.yml):
 * - GET /health/live: 200 while the event loop turns; no dependency is asked (a supervisor restarts on no answer);
 * - GET /health/ready (and /health, as before): 200 when PostgreSQL and Redis answer and every migration is applied,
 *   503 naming what is not;
 * - GET /metrics: Prometheus text (firing lateness, rung outcomes, job results, relayed rows; docs/metrics.md), for
 *   loopback peers or a METRICS_TOKEN bearer.
 */
export async function startHealthServer(env: AppEnv, prisma: PrismaService, registry?: Registry): Promise<Server | undefined> {
  if (!env.WORKER_HEALTH_PORT) return undefined;
  const readiness = new ReadinessProbe(prisma, env.REDIS_URL);
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) =>
    void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET') return void res.writeHead(404).end();
    if (path === '/health/live') return json(res, 200, { status: 'ok' });
    if (path === '/health' || path === '/health/ready') {
      return void readiness.check().then((r) => json(res, r.status === 'ok' ? 200 : 503, r));
    }
    if (path === '/metrics' && registry) {
      const access = metricsAccess(env.METRICS_TOKEN, req.headers.authorization, req.socket.remoteAddress);
      if (access !== 200) return json(res, access, { code: access === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', message: '无权读取监控指标' });
      return void registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    }
    res.writeHead(404).end();
  });
  server.on('close', () => readiness.close());
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(env.WORKER_HEALTH_PORT, env.HOST, resolve));
  return server;
}
