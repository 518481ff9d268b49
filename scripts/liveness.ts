// Docker healthcheck for the API and the worker: `node dist/scripts/liveness.js <health-url>` (docker/compose.yml).
// 200 → healthy; another answer → unhealthy, left running; no answer LIVENESS_FAILURES (3) times in a row → the app
// is killed so that the container's restart policy starts it again (compose never restarts an unhealthy container).
// Needs `init: true`: the kernel does not deliver SIGKILL to a namespace's PID 1 from inside it.
import { livenessCheck } from './liveness-check.js';

const url = process.argv[2] ?? 'http://127.0.0.1:3000/health';
process.exit(await livenessCheck(url, {
  counterFile: `/tmp/liveness-${new URL(url).port || '80'}`,
  limit: Number(process.env.LIVENESS_FAILURES ?? 3),
  timeoutMs: Number(process.env.LIVENESS_TIMEOUT_MS ?? 4000),
  log: (l) => console.error(l),
}));
