import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { apiProcesses, loadEnv, serveClusterScrapes } from '#platform';

const env = loadEnv();
const processes = apiProcesses(env.API_WORKERS, availableParallelism());

if (processes > 1 && cluster.isPrimary) {
  // Several API processes on one port (node:cluster hands connections out round-robin). The primary only forks and
  // restarts: every worker gets the same JWT secret (an unset one is random per loadEnv, which would make a token
  // signed by one process invalid on the next).
  // The connection budget is the API's, not each process's (PostgreSQL's max_connections is shared).
  // glibc malloc (read at a process's start, so set for the forks even when the primary was started without it): two
  // arenas, blocks ≥ 64 KB mmap-ed and returned when freed — ~30 MB less RSS per process under load (docs/benchmarks.md,
  // "Memory"). A value set by the operator wins.
  const malloc = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '131072' };
  const childEnv = {
    ...malloc, ...Object.fromEntries(Object.keys(malloc).flatMap((k) => (process.env[k] ? [[k, process.env[k]]] : []))),
    JWT_SECRET: env.JWT_SECRET, API_WORKERS: '1', DATABASE_POOL_MAX: String(Math.max(4, Math.ceil(env.DATABASE_POOL_MAX / processes))),
  };
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
  // A scrape of /metrics reaching any process answers for all of them (counters summed, not one process's share).
  serveClusterScrapes();
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
  console.log(`[api] ${processes} processes on http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${env.PORT}  (API_WORKERS=${env.API_WORKERS || `0 → one per CPU but one, of ${availableParallelism()}`})`);
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
