import { createServer, type Server } from 'node:http';
import { createRedis, type AppEnv, type PrismaService } from '#platform';

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<T>((_, rej) => setTimeout(() => rej(new Error(`timeout after ${ms} ms`)), ms).unref())]);

/**
 * The worker's liveness: GET /health answers while the event loop turns (200, or 503 naming a dependency that is
 * down). docker/compose.yml and the demo's supervisor restart a worker that stops answering.
 */
export async function startHealthServer(env: AppEnv, prisma: PrismaService): Promise<Server | undefined> {
  if (!env.WORKER_HEALTH_PORT) return undefined;
  const redis = createRedis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 200, 2000) });
  redis.on('error', () => {});
  const probe = (p: Promise<unknown>) => within(p, 2000).then(() => ({ status: 'up' }), (e: Error) => ({ status: 'down', error: e.message }));
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/health') return void res.writeHead(404).end();
    void Promise.all([
      probe(prisma.$queryRaw`SELECT 1`),
      probe((redis.status === 'wait' ? redis.connect() : Promise.resolve()).then(() => redis.ping())),
    ]).then(([postgres, redis]) => {
      const ok = postgres.status === 'up' && redis.status === 'up';
      res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: ok ? 'ok' : 'error', postgres, redis }));
    });
  });
  server.on('close', () => redis.disconnect());
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(env.WORKER_HEALTH_PORT, env.HOST, resolve));
  return server;
}
