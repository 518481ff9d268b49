import { loadEnv, PrismaService } from '#platform';
import { startHealthServer } from './health-server.js';
import { startWorker } from './worker.js';

const env = loadEnv();
const w = await startWorker(env);
const health = await startHealthServer(env, w.app.get(PrismaService));
console.log(`[worker] relaying outbox and processing deadline timers${health ? `; health on ${env.HOST}:${env.WORKER_HEALTH_PORT}/health` : ''}`);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => void w.stop().then(() => { health?.close(); process.exit(0); }));
}
