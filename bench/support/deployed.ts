// The application as deployed, for the benches: the compiled API (`dist/apps/api/src/main.js`, node:cluster with
// API_WORKERS processes) and the compiled worker (`dist/apps/worker/src/main.js`, with `npm run start:worker`'s
// flags) as separate child processes; users signed in over HTTP; RSS of every process sampled from /proc.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { LoadJob } from '../intake/load.worker.js';
import { apiProcesses } from '#platform';
import { API_NICE, niced } from '../../scripts/process-priority.js';

/** One run's names: its own database and Redis prefix (stamped, so runs never meet) and the Redis to load. */
export function benchRun(name: string): { stamp: string; db: string; prefix: string; redisUrl: string } {
  const stamp = Date.now().toString(36);
  return { stamp, db: `fangxin_bench_${name}_${stamp}`, prefix: `fxbench-${stamp}`, redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' };
}
export const log = (m: string) => console.log(`[bench] ${m}`);
export const fmt = (n: number, d = 1) => n.toFixed(d);
export const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
export const load1 = () => loadavg().map((l) => fmt(l, 2)).join(' ');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** `npm run start:api`'s node flags. */
export const API_NODE_ARGS = ['--max-semi-space-size=8', '--max-old-space-size=192'];
/**
 * glibc malloc as `npm run start:api` / `start:worker` set it: two arenas, and blocks of 64 KB and more mmap-ed and
 * returned to the system when freed (glibc's default threshold grows to 32 MB and keeps them in fragmented arenas: ~30
 * MB of RSS per API process under intake load, docs/benchmarks.md "Memory"). BENCH_MALLOC_ENV=0: glibc's defaults.
 */
export const MALLOC_ENV: Record<string, string> = process.env.BENCH_MALLOC_ENV === '0' ? {} : { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '131072' };

export interface Deployed {
  base: string;
  api: ChildProcess;
  worker: ChildProcess | null;
  apiWorkers: number;
  /** Pids of the API's request-serving processes (the cluster's workers, or the API itself when single). */
  apiPids(): number[];
  stop(): Promise<void>;
}

export async function deploy(o: { dbUrl: string; redisUrl: string; prefix: string; apiWorkers?: number; worker?: boolean; logFile: string; extraEnv?: Record<string, string>; apiNodeArgs?: string[] }): Promise<Deployed> {
  const port = await freePort();
  // As deployed (API_WORKERS=0: apps/api/src/main.ts); BENCH_API_WORKERS / apiWorkers choose another count.
  const apiWorkers = o.apiWorkers ?? apiProcesses(0, availableParallelism());
  const out = createWriteStream(o.logFile, { flags: 'a' });
  const env = {
    ...process.env,
    NODE_ENV: 'production', DATABASE_URL: o.dbUrl, REDIS_URL: o.redisUrl, QUEUE_PREFIX: o.prefix, HOST: '127.0.0.1', PORT: String(port),
    JWT_SECRET: randomBytes(32).toString('base64url'), API_WORKERS: String(apiWorkers), WORKER_HEALTH_PORT: '0',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    // The PostgreSQL server is shared with other work (max_connections 100 here): the API's budget (split across its
    // processes) and the worker's pool are kept small; BENCH_API_POOL / BENCH_WORKER_POOL change them.
    DATABASE_POOL_MAX: process.env.BENCH_API_POOL ?? '12', LOGIN_LIMIT_PER_ADDRESS: '100000', LOGIN_LIMIT_PER_USER: '100000',
    ...o.extraEnv,
  };
  // As `npm run start:api` (package.json): the same heap bounds and malloc settings; BENCH_API_NODE_ARGS overrides.
  const apiArgs = process.env.BENCH_API_NODE_ARGS !== undefined ? process.env.BENCH_API_NODE_ARGS.split(' ').filter(Boolean) : API_NODE_ARGS;
  // At the API's CPU priority as `npm run demo` starts it (nice API_NICE below the worker; scripts/process-priority.ts).
  const apiCmd = niced(API_NICE, process.execPath, [...apiArgs, ...(o.apiNodeArgs ?? []), 'dist/apps/api/src/main.js']);
  const api = spawn(apiCmd.command, apiCmd.args, { env: { ...env, ...MALLOC_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  api.stdout!.pipe(out);
  api.stderr!.pipe(out);
  // BENCH_WORKER_CPU_PROF=<dir>: a V8 cpu profile of the worker (summary: bench/support/cpuprofile-summary.ts).
  const workerProf = process.env.BENCH_WORKER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROF}`] : [];
  const worker = o.worker === false ? null : spawn(process.execPath, ['--max-semi-space-size=2', '--max-old-space-size=160', ...workerProf, 'dist/apps/worker/src/main.js'],
    { env: { ...env, ...MALLOC_ENV, DATABASE_POOL_MAX: process.env.BENCH_WORKER_POOL ?? '8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  worker?.stdout!.pipe(out);
  worker?.stderr!.pipe(out);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (api.exitCode !== null) throw new Error(`the API exited (${api.exitCode}); see ${o.logFile}`);
    try {
      // Every cluster process answers before the bench starts (round-robin: as many healthy answers in a row).
      let ok = 0;
      for (let k = 0; k < apiWorkers * 2; k++) if ((await fetch(`${base}/health`)).ok) ok++;
      if (ok === apiWorkers * 2 && children(api.pid!).length >= (apiWorkers > 1 ? apiWorkers : 0)) break;
    } catch {}
    // 300 s: on a box loaded by other work, the API (at nice API_NICE, below everything else) boots slowly. Giving up
    // stops what was started (the cluster's processes exit with their primary): no orphan keeps loading the box.
    if (i > 600) {
      for (const p of [worker, api]) if (p && p.exitCode === null) p.kill('SIGKILL');
      throw new Error(`the API did not answer /health in 300 s; see ${o.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    base, api, worker, apiWorkers,
    apiPids: () => (apiWorkers > 1 ? children(api.pid!) : [api.pid!]),
    async stop() {
      for (const p of [worker, api]) {
        if (!p || p.exitCode !== null) continue;
        const done = new Promise((r) => p.once('exit', r));
        p.kill('SIGTERM');
        await Promise.race([done, new Promise((r) => setTimeout(r, 15_000))]);
        if (p.exitCode === null) p.kill('SIGKILL');
      }
      out.end();
    },
  };
}

/** Child pids of a process (from /proc). */
export function children(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(d));
    } catch {}
  }
  return out;
}

/** VmRSS / VmHWM of a process in MB (NaN once it is gone). */
export function memory(pid: number): { rss: number; hwm: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/** Samples the RSS of the given processes every 500 ms; stop() returns the peak per pid. */
export function sampleRss(pids: () => number[]): { stop(): Map<number, number> } {
  const peak = new Map<number, number>();
  const t = setInterval(() => {
    for (const p of pids()) {
      const { rss } = memory(p);
      if (!Number.isNaN(rss)) peak.set(p, Math.max(peak.get(p) ?? 0, rss));
    }
  }, 500);
  return { stop: () => { clearInterval(t); return peak; } };
}

export async function signIn(base: string, usernames: string[], password = 'demo12315'): Promise<string[]> {
  const tokens: string[] = [];
  for (const username of usernames) {
    const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (!r.ok) throw new Error(`login ${username} failed: ${r.status} ${await r.text()}`);
    tokens.push(((await r.json()) as { accessToken: string }).accessToken);
  }
  return tokens;
}

export interface LoadResult { latencies: number[]; statusCounts: Record<string, number>; errors: number; timeouts: number; durationMs: number; at?: number[]; startedAt?: number }

export function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('../intake/load.worker.js', import.meta.url), { workerData: job });
    w.once('message', (m: LoadResult) => { resolve(m); void w.terminate(); });
    w.once('error', reject);
  });
}

const CLK_TCK = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; }
})();

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat (NaN once it is gone). */
export function cpuMs(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK; // fields 14 (utime) and 15 (stime)
  } catch {
    return NaN;
  }
}

/**
 * CPU time used by a changing set of processes between start and stop(). Pids present at start count from their value
 * then; pids first seen later count from 0 (their whole life is inside the window). A pid sampled every `everyMs` keeps
 * its last value when it exits, so at most one interval of an exiting process is lost.
 */
export async function cpuMeter(pids: () => number[] | Promise<number[]>, everyMs = 250): Promise<{ stop(): Promise<number> }> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let started = false;
  const sample = async () => {
    for (const p of await pids()) {
      const ms = cpuMs(p);
      if (Number.isNaN(ms)) continue;
      if (!first.has(p)) first.set(p, started ? 0 : ms);
      last.set(p, ms);
    }
  };
  await sample();
  started = true;
  let busy = false;
  const t = setInterval(() => {
    if (busy) return;
    busy = true;
    void sample().catch(() => {}).finally(() => { busy = false; });
  }, everyMs);
  return {
    async stop() {
      clearInterval(t);
      while (busy) await new Promise((r) => setTimeout(r, 10));
      await sample();
      let sum = 0;
      for (const [p, v] of last) sum += v - (first.get(p) ?? 0);
      return sum;
    },
  };
}

/** CPU time reaped from exited children (cutime + cstime, fields 16 and 17 of /proc/<pid>/stat), in ms. */
export function childrenCpuMs(pid: number): number {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[13]) + Number(f[14])) * 1000) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/**
 * PostgreSQL's CPU between start and stop() (PostgreSQL on this machine: /proc): `backends`, those of database `db`
 * (pg_stat_activity sampled, the sampling connection's own backend excluded), and `reaped`, the CPU of the server's
 * processes that exited meanwhile (the postmaster's cutime + cstime): a parallel worker lives for one statement, too
 * short to be sampled, and is counted there — server-wide, so any other database's exited connection counts too.
 */
export async function pgCpuMeter(query: (sql: string, params: unknown[]) => Promise<{ pid: number }[]>, db: string): Promise<{ stop(): Promise<{ backends: number; reaped: number }> }> {
  const backends = async () => (await query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db])).map((x) => x.pid);
  const [own] = await query('SELECT pg_backend_pid() AS pid', []);
  const stat = readFileSync(`/proc/${own!.pid}/stat`, 'utf8');
  const postmaster = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  const reaped0 = childrenCpuMs(postmaster);
  const meter = await cpuMeter(backends);
  return { async stop() { return { backends: await meter.stop(), reaped: childrenCpuMs(postmaster) - reaped0 }; } };
}
