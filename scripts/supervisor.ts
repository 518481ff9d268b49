// The demo's process supervisor (scripts/demo.mjs) and its secret file. Plain Node: no framework, no network
// beyond the children's own health URLs.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Polled while the child runs; no answer `failures` times in a row and the child is killed and restarted. */
  healthUrl?: string;
}

export interface SuperviseOptions {
  intervalMs?: number;
  timeoutMs?: number;
  failures?: number;
  /** No health verdict before the child first answered or this long after it started. */
  startGraceMs?: number;
  /** Waits before restart number 1, 2, …; the last repeats. Reset once a child has run for stableMs. */
  backoffMs?: number[];
  stableMs?: number;
  /** SIGTERM first; SIGKILL if the child is still there after this (a wedged event loop ignores SIGTERM). */
  killGraceMs?: number;
  log?: (line: string) => void;
}

export interface Supervisor {
  /** Starts of each child so far (1 = never restarted). */
  starts(name: string): number;
  stop(): Promise<void>;
}

/**
 * Runs each child and keeps it running: a child that exits is started again, and so is one that stops answering its
 * health URL (any HTTP answer counts as alive — a 503 says a dependency is down, which a restart does not cure).
 */
export function supervise(specs: ChildSpec[], opts: SuperviseOptions = {}): Supervisor {
  const o = {
    intervalMs: 5000, timeoutMs: 3000, failures: 3, startGraceMs: 60_000, backoffMs: [1000, 2000, 5000, 10_000, 30_000], stableMs: 60_000,
    killGraceMs: 3000, log: (l: string) => console.error(l), ...opts,
  };
  let stopping = false;
  const states = specs.map((spec) => ({ spec, child: undefined as ChildProcess | undefined, starts: 0, quickRestarts: 0, startedAt: 0, timer: undefined as NodeJS.Timeout | undefined }));

  const start = (s: (typeof states)[number]) => {
    s.starts++;
    s.startedAt = Date.now();
    const child = spawn(s.spec.command, s.spec.args, { stdio: 'inherit', env: s.spec.env ?? process.env });
    s.child = child;
    let answered = false;
    let misses = 0;
    let checking = false;
    const health = s.spec.healthUrl
      ? setInterval(async () => {
        if (checking || stopping || child.exitCode !== null) return;
        checking = true;
        try {
          await fetch(s.spec.healthUrl!, { signal: AbortSignal.timeout(o.timeoutMs) }).then((r) => r.arrayBuffer());
          answered = true;
          misses = 0;
        } catch {
          if (answered || Date.now() - s.startedAt > o.startGraceMs) misses++;
          if (misses >= o.failures) {
            o.log(`[demo] ${s.spec.name} stopped answering ${s.spec.healthUrl}; restarting it`);
            misses = 0;
            kill(child);
          }
        } finally {
          checking = false;
        }
      }, o.intervalMs)
      : undefined;
    child.on('exit', (code, signal) => {
      if (health) clearInterval(health);
      if (stopping) return;
      s.quickRestarts = Date.now() - s.startedAt >= o.stableMs ? 0 : s.quickRestarts + 1;
      const wait = o.backoffMs[Math.min(Math.max(s.quickRestarts - 1, 0), o.backoffMs.length - 1)]!;
      o.log(`[demo] ${s.spec.name} exited (${signal ?? code}); starting it again in ${wait} ms`);
      s.timer = setTimeout(() => start(s), wait);
    });
  };

  const kill = (child: ChildProcess) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    setTimeout(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL'); }, o.killGraceMs).unref();
  };

  for (const s of states) start(s);
  return {
    starts: (name) => states.find((s) => s.spec.name === name)?.starts ?? 0,
    async stop() {
      stopping = true;
      await Promise.all(states.map(async (s) => {
        clearTimeout(s.timer);
        const c = s.child;
        if (!c || c.exitCode !== null || c.signalCode !== null) return;
        const gone = new Promise((r) => c.once('exit', r));
        kill(c);
        await gone;
      }));
    },
  };
}

/**
 * The demo's JWT secret: made at random on first use and kept in `file`, readable by its owner only (0600, in a 0700
 * folder, git-ignored); later runs read it back, so tokens survive a restart of the demo.
 */
export function demoSecret(file: string): string {
  try {
    const s = readFileSync(file, 'utf8').trim();
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    if (s.length >= 32) return s;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
