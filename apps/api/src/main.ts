import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { loadEnv } from '#platform';

const env = loadEnv();
const processes = env.API_WORKERS || availableParallelism();

if (processes > 1 && cluster.isPrimary) {
  // Several API processes on one port (node:cluster hands connections out round-robin). The primary only forks and
  // restarts: every worker gets the same JWT secret (an unset one is random per loadEnv, which would make a token
  // signed by one process invalid on the next).
  // The connection budget is the API's, not each process's (PostgreSQL's max_connections is shared).
  const childEnv = { JWT_SECRET: env.JWT_SECRET, API_WORKERS: '1', DATABASE_POOL_MAX: String(Math.max(4, Math.ceil(env.DATABASE_POOL_MAX / processes))) };
  let stopping = false;
  const fork = () => cluster.fork(childEnv);
  let restarts = 0;
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    restarts++;
    const delay = Math.min(30_000, 500 * 2 ** Math.min(restarts, 6));
    console.error(`[api] process ${w.process.pid} exited (${signal ?? code}); starting another in ${delay} ms`);
    setTimeout(() => { if (!stopping) fork(); }, delay).unref();
  });
  cluster.on('listening', () => { restarts = 0; });
  for (let i = 0; i < processes; i++) fork();
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 10_000).unref();
    cluster.on('exit', () => { if (!Object.values(cluster.workers ?? {}).some((w) => w && !w.isDead())) process.exit(0); });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`[api] ${processes} processes on http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}  (API_WORKERS=${env.API_WORKERS || '0 → one per CPU'})`);
} else {
  const { createApi } = await import('./app.js');
  const { pino } = await import('pino');
  // Asynchronous stdout: the lines written while a write is under way leave together in the next one (one write per
  // burst, not per request line; nothing waits when it is quiet); flushed synchronously at exit.
  const app = await createApi(env, undefined, { logDestination: pino.destination({ dest: 1, sync: false }) });
  await app.listen({ port: env.PORT, host: env.HOST });
  if (cluster.isPrimary)
    console.log(`[api] listening on http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}  (OpenAPI: /docs)`);
}
