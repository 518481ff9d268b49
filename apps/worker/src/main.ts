import { loadEnv, PrismaService } from '#platform';
import { startHealthServer } from './health-server.js';
import { startWorker } from './worker.js';
import { WorkerMetrics } from './worker-metrics.js';

const env = loadEnv();
const w = await startWorker(env);
const health = await startHealthServer(env, w.app.get(PrismaService), w.app.get(WorkerMetrics).registry);
console.log(`[worker] relaying outbox and processing deadline timers${health ? `; health (/health/live, /health/ready) and /metrics on ${env.HOST}:${env.WORKER_HEALTH_PORT}` : ''}`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => void w.stop().then(() => { health?.close(); process.exit(0); }));
}
