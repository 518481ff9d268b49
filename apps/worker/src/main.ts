import { loadEnv } from '#platform';
import { startWorker } from './worker.js';

const env = loadEnv();
const w = await startWorker(env);
console.log('[worker] relaying outbox and processing deadline timers');
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => void w.stop().then(() => process.exit(0)));
}
