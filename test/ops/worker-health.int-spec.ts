// The worker's liveness endpoint (apps/worker/src/health-server.ts): what docker/compose.yml and the demo's
// supervisor poll. Loopback only; PostgreSQL's admin database stands in for the app's (it runs SELECT 1).
import { createServer, type Server } from 'node:net';
import { loadEnv, PrismaService } from '#platform';
import { PG_ADMIN_URL, REDIS_URL } from '#testing';
import { startHealthServer } from '../../apps/worker/src/health-server.js';

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});
const servers: { close(): unknown }[] = [];
afterAll(async () => { for (const s of servers) await s.close(); });

async function start(over: Record<string, unknown>) {
  const env = loadEnv({}, { DATABASE_URL: PG_ADMIN_URL, REDIS_URL, NODE_ENV: 'test', WORKER_HEALTH_PORT: await freePort(), ...over });
  const prisma = new PrismaService(env);
  servers.push({ close: () => prisma.$disconnect() });
  const server = await startHealthServer(env, prisma);
  if (server) servers.push({ close: () => new Promise((r) => (server as Server).close(r)) });
  return { env, server };
}

describe('worker health', () => {
  it('is live on loopback, and not ready on a database whose migrations were not applied (the admin database)', async () => {
    const { env } = await start({});
    const live = await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });
    // the first probe also opens the connections: on a loaded machine it may pass its 2 s budget
    let r = await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health/ready`);
    for (let i = 0; i < 5 && ((await r.clone().json()) as { redis: { status: string } }).redis.status !== 'up'; i++) r = await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health/ready`);
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ status: 'error', postgres: { status: 'up' }, redis: { status: 'up' }, migrations: { status: 'down' } });
    expect((await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/other`)).status).toBe(404);
    // no registry given: no /metrics
    expect((await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/metrics`)).status).toBe(404);
  });

  it('answers 503 naming Redis when it is unreachable (alive, so a supervisor leaves it running)', async () => {
    const { env } = await start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect((await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health/live`)).status).toBe(200);
    const r = await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health`);
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ status: 'error', postgres: { status: 'up' }, redis: { status: 'down' } });
  });

  it('is off with WORKER_HEALTH_PORT=0', async () => {
    expect((await start({ WORKER_HEALTH_PORT: 0 })).server).toBeUndefined();
  });
});
