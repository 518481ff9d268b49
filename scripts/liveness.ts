// Docker healthcheck for the API and the worker: `node dist/scripts/liveness.js <health-url>`.
// 200 → healthy. Any other answer → unhealthy (a dependency is down; a restart would not cure it). No answer
// LIVENESS_FAILURES (3) checks in a row → the app process is killed, so that the container exits and its restart
// policy starts it again (compose alone never restarts a container for being unhealthy). Needs `init: true`, so
// that the app is not PID 1 (the kernel does not deliver SIGKILL to a namespace's PID 1 from inside it).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const url = process.argv[2] ?? 'http://127.0.0.1:3000/health';
const counter = `/tmp/liveness-${new URL(url).port || '80'}`;
const limit = Number(process.env.LIVENESS_FAILURES ?? 3);
const misses = () => { try { return Number(readFileSync(counter, 'utf8')) || 0; } catch { return 0; } };

try {
  const r = await fetch(url, { signal: AbortSignal.timeout(Number(process.env.LIVENESS_TIMEOUT_MS ?? 4000)) });
  writeFileSync(counter, '0');
  process.exit(r.ok ? 0 : 1);
} catch {
  const n = misses() + 1;
  writeFileSync(counter, String(n));
  // Only inside a container started with `init: true` (PID 1 is docker's init), and only the init's own child.
  const inContainer = /docker-init|tini/.test(readFileSync('/proc/1/cmdline', 'utf8'));
  if (n >= limit && inContainer) {
    writeFileSync(counter, '0');
    // The app: a node process running dist/apps/<api|worker>/src/main.js (not this script).
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)) {
      try {
        const ppid = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1];
        if (ppid === '1' && /dist\/apps\/\w+\/src\/main\.js/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) {
          console.error(`liveness: no answer from ${url} ${n} times; killing ${pid}`);
          process.kill(Number(pid), 'SIGKILL');
        }
      } catch {
        // gone meanwhile, or not ours
      }
    }
  }
  process.exit(1);
}
