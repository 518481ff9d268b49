// The logic of scripts/liveness.ts (the docker healthcheck), apart so that a test can run it on a fake /proc.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LivenessOptions {
  counterFile: string;
  /** No answer this many checks in a row → kill the app. */
  limit?: number;
  timeoutMs?: number;
  proc?: string;
  kill?: (pid: number) => void;
  log?: (line: string) => void;
}

/**
 * One healthcheck: 0 when the URL answers 200; 1 otherwise. After `limit` checks in a row without any answer, and
 * only inside a container started with `init: true` (PID 1 is docker's init), SIGKILL the init's child that runs
 * dist/apps/<api|worker>/src/main.js, so the container exits and its restart policy starts it again.
 */
export async function livenessCheck(url: string, o: LivenessOptions): Promise<0 | 1> {
  const proc = o.proc ?? '/proc';
  const read = (f: string) => readFileSync(f, 'utf8');
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(o.timeoutMs ?? 4000) });
    writeFileSync(o.counterFile, '0');
    return r.ok ? 0 : 1; // an answer that is not 200: a dependency is down, which a restart does not cure
  } catch {
    let misses = 0;
    try { misses = Number(read(o.counterFile)) || 0; } catch { /* first miss */ }
    misses++;
    writeFileSync(o.counterFile, String(misses));
    const inContainer = (() => { try { return /docker-init|tini/.test(read(join(proc, '1', 'cmdline'))); } catch { return false; } })();
    if (misses >= (o.limit ?? 3) && inContainer) {
      writeFileSync(o.counterFile, '0');
      for (const pid of readdirSync(proc).filter((p) => /^\d+$/.test(p) && p !== '1' && Number(p) !== process.pid)) {
        try {
          const ppid = read(join(proc, pid, 'stat')).split(') ')[1]?.split(' ')[1];
          if (ppid === '1' && /dist\/apps\/\w+\/src\/main\.js/.test(read(join(proc, pid, 'cmdline')))) {
            o.log?.(`liveness: no answer from ${url} ${misses} times; killing ${pid}`);
            (o.kill ?? ((p) => process.kill(p, 'SIGKILL')))(Number(pid));
          }
        } catch {
          // gone meanwhile, or not readable
        }
      }
    }
    return 1;
  }
}
