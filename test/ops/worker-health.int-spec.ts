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
  it('answers 200 on loopback while PostgreSQL and Redis answer', async () => {
    const { env } = await start({});
    // the first probe also opens the connections: on a loaded machine it may pass its 2 s budget
    let r = await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health`);
    for (let i = 0; i < 5 && r.status !== 200; i++) r = await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok', postgres: { status: 'up' }, redis: { status: 'up' } });
    expect((await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/other`)).status).toBe(404);
  });

  it('answers 503 naming Redis when it is unreachable (alive, so a supervisor leaves it running)', async () => {
    const { env } = await start({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    const r = await fetch(`http://127.0.0.1:${env.WORKER_HEALTH_PORT}/health`);
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({ status: 'error', postgres: { status: 'up' }, redis: { status: 'down' } });
  });

  it('is off with WORKER_HEALTH_PORT=0', async () => {
    expect((await start({ WORKER_HEALTH_PORT: 0 })).server).toBeUndefined();
  });
});
