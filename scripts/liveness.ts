// Docker healthcheck for the API and the worker (docker/compose.yml):
//   node dist/scripts/liveness.js <liveness-url> [<readiness-url>]
// The liveness URL (/health/live) decides whether the process is alive: no answer LIVENESS_FAILURES (3) times in a
// row → the app is killed so that the container's restart policy starts it again (compose never restarts an unhealthy
// container). The readiness URL (/health/ready) decides healthy (200) or unhealthy (503: PostgreSQL, Redis or a
// migration missing — left running, a restart would not cure it); `depends_on: service_healthy` waits for it.
// Needs `init: true`: the kernel does not deliver SIGKILL to a namespace's PID 1 from inside it.
import { livenessCheck } from './liveness-check.js';

const url = process.argv[2] ?? 'http://127.0.0.1:3000/health/live';
const ready = process.argv[3];
const live = await livenessCheck(url, {
  counterFile: `/tmp/liveness-${new URL(url).port || '80'}`,
  limit: Number(process.env.LIVENESS_FAILURES ?? 3),
  timeoutMs: Number(process.env.LIVENESS_TIMEOUT_MS ?? 4000),
  log: (l) => console.error(l),
});
if (live !== 0 || !ready) process.exit(live);
const r = await fetch(ready, { signal: AbortSignal.timeout(Number(process.env.LIVENESS_TIMEOUT_MS ?? 4000)) }).catch(() => null);
process.exit(r?.ok ? 0 : 1);
