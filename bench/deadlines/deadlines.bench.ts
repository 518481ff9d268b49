// npm run bench:deadlines [-- --n=1000000] — the deadline engine under load (issue 3, "Benchmarks").
// A fresh database gets N live deadlines (bulk SQL), each an hour clock with two rungs: `warn` 45 s before due and
// `due` (due_at + 1 ms), due instants spread evenly over a window of minutes. The compiled worker
// (dist/apps/worker/src/main.js) then starts in a child process: its reconciler arms every rung from PostgreSQL,
// BullMQ fires them, each firing claims (deadline, version, rung) in deadline_firings. Printed: arming rate,
// lateness p50/p99/max (fired_at − the rung's instant; target p99 ≤ 1 s), missed and doubled (must be 0), worker
// peak RSS (VmHWM; target ≤ 256 MB), Redis memory.
// Flags: --n=N (default 100000), --window-s=S (default 300), --lead-s=S (time before the first rung; default from
// N), --grace-s=S (wait after the last rung; default 600), --concurrency=C (DEADLINE_CONCURRENCY, default the
// worker's), --batch=B (DEADLINE_BATCH, default the worker's), --keep-db. The worker runs with the flags of
// `npm run start:worker` (WORKER_NODE_FLAGS, WORKER_ENV below). Env: BENCH_PG_URL (admin URL), BENCH_REDIS_URL.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '#prisma-client';
import { createRedis, migrate, redisReady, scanTargets, type RedisClient } from '#platform';
import { seedReference } from '../../prisma/seed/reference.js';
import { seedOrg } from '../../libs/testing/src/fixtures.js';
import { claimsReport, firingReport, flushPrefix, seedDeadlines, seedPolicy } from './seed.js';
import { MALLOC_ENV, cpuMs } from '../support/deployed.js';

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const N = Number(arg('n') ?? 100_000);
const WINDOW_MS = Number(arg('window-s') ?? 300) * 1000;
// The ladder: rung:offset-in-seconds pairs (an hour clock's ladder, offsets relative to due). Default as before: warn
// 45 s before due and due. `--ladder=due:0,supervise:60` runs the real escalation rung (督办: opens a supervision
// item), `--ladder=warn:-45,due:0,supervise:60,notice:120` the default ladder's shape (warn −2, due, supervise +2,
// notice +5 working days) compressed into seconds.
const LADDER = (arg('ladder') ?? 'warn:-45,due:0').split(',').map((x) => {
  const [rung, off] = x.split(':');
  return { rung: rung as 'warn' | 'due' | 'remind' | 'supervise' | 'notice', offsetMs: Number(off) * 1000 };
});
const WARN_LEAD_MS = Math.max(0, ...LADDER.map((r) => -r.offsetMs));
const LAST_OFFSET_MS = Math.max(0, ...LADDER.map((r) => r.offsetMs));
const GRACE_MS = Number(arg('grace-s') ?? 600) * 1000;
const CONCURRENCY = arg('concurrency');
const BATCH = arg('batch');
// As `npm run start:worker` runs it (docs/deadlines.md, "Worker memory").
const WORKER_NODE_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=160', ...(process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean)];
// The PostgreSQL server is shared (max_connections 100 here): a smaller pool than the default 20 unless BENCH_WORKER_POOL.
const WORKER_ENV = { ...MALLOC_ENV, DATABASE_POOL_MAX: process.env.BENCH_WORKER_POOL ?? '10' };
const KEEP = process.argv.includes('--keep-db');
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB = `fangxin_bench_dl_${Date.now().toString(36)}`;
const PREFIX = `fxbench-dl-${Date.now().toString(36)}`;
// dist/bench/deadlines/deadlines.bench.js → dist/apps/worker/src/main.js; the repository root is two levels above dist.
const HERE = dirname(fileURLToPath(import.meta.url));
const WORKER_JS = join(HERE, '../../apps/worker/src/main.js');
const ROOT = join(HERE, '../../..');

const dbUrl = (name: string) => { const u = new URL(ADMIN_URL); u.pathname = `/${name}`; return u.toString(); };
const log = (m: string) => console.log(`[bench] ${m}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

function procStatus(pid: number): { rssKb: number; hwmKb: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(s)?.[1] ?? 0);
    return { rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** used_memory of the server, or summed over a cluster's masters (BENCH_REDIS_URL=redis+cluster://…). */
async function redisMemory(r: RedisClient): Promise<{ used: number; human: string; peakHuman: string }> {
  const infos = await Promise.all(scanTargets(r).map((n) => n.info('memory')));
  const get = (info: string, k: string) => new RegExp(`^${k}:(.*)$`, 'm').exec(info)?.[1]?.trim() ?? '?';
  if (infos.length === 1) return { used: Number(get(infos[0]!, 'used_memory')), human: get(infos[0]!, 'used_memory_human'), peakHuman: get(infos[0]!, 'used_memory_peak_human') };
  const sum = (k: string) => infos.reduce((a, i) => a + Number(get(i, k)), 0);
  const h = (b: number) => `${(b / 1048576).toFixed(2)}M`;
  return { used: sum('used_memory'), human: `${h(sum('used_memory'))} on ${infos.length} masters`, peakHuman: `${h(sum('used_memory_peak'))} (sum of peaks)` };
}

/**
 * CPU time (user + system, /proc/<pid>/stat) of the worker and of this database's PostgreSQL backends (pg_stat_activity,
 * the bench's own connection excluded) since the tracker started: the load-independent cost of the engine. A backend
 * first seen later counts from 0; one that exits keeps its last value.
 */
function cpuTracker(workerPid: number, c: pg.Client, db: string) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let started = false;
  const take = (pid: number) => {
    const ms = cpuMs(pid);
    if (Number.isNaN(ms)) return;
    if (!first.has(pid)) first.set(pid, started ? 0 : ms);
    last.set(pid, ms);
  };
  const sum = (pids: (p: number) => boolean) => [...last].reduce((a, [p, v]) => (pids(p) ? a + v - (first.get(p) ?? 0) : a), 0);
  return {
    async sample(): Promise<{ worker: number; pg: number }> {
      take(workerPid);
      const rows = (await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db])).rows;
      for (const r of rows) take(r.pid);
      started = true;
      return { worker: sum((p) => p === workerPid), pg: sum((p) => p !== workerPid) };
    },
  };
}

/** Least squares without intercept: cpu ≈ a·x + b·y over the samples (the CPU of a due and of a 督办 rung). */
function split(s: { cpu: number; x: number; y: number }[]): [number, number] | null {
  let xx = 0, xy = 0, yy = 0, xc = 0, yc = 0;
  for (const p of s) { xx += p.x * p.x; xy += p.x * p.y; yy += p.y * p.y; xc += p.x * p.cpu; yc += p.y * p.cpu; }
  const det = xx * yy - xy * xy;
  if (Math.abs(det) < 1e-9 * (xx * yy || 1)) return null;
  return [(xc * yy - yc * xy) / det, (yc * xx - xc * xy) / det];
}

async function main() {
  const lead = Number(arg('lead-s') ?? Math.ceil(30 + (2 * N) / 10_000)) * 1000;
  log(`N=${N.toLocaleString('en')} deadlines × ${LADDER.length} rungs (${LADDER.map((r) => `${r.rung} ${r.offsetMs / 1000} s`).join(', ')}), due over ${WINDOW_MS / 1000} s, first warn in ${lead / 1000} s; worker concurrency ${CONCURRENCY ?? 'default'}, batch ${BATCH ?? 'default'}`);
  await admin(`CREATE DATABASE "${DB}"`);
  const url = dbUrl(DB);
  const redis = createRedis(REDIS_URL, { maxRetriesPerRequest: null });
  await redisReady(redis);
  let child: ReturnType<typeof spawn> | null = null;
  try {
    await migrate(url, 'prisma/migrations');
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    await seedReference(prisma);
    await seedOrg(prisma);
    await prisma.$disconnect();

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const policyId = await seedPolicy(c, 'benchClock', LADDER.map((r) => ({ rung: r.rung, offset: r.offsetMs / 3_600_000 })));
    const firstDue = new Date(Date.now() + lead + WARN_LEAD_MS);
    let t = performance.now();
    await seedDeadlines(c, { n: N, kind: 'benchClock', policyId, firstDue, windowMs: WINDOW_MS, caseNoPrefix: '9001' });
    await c.query('ANALYZE');
    log(`inserted ${N.toLocaleString('en')} cases + deadlines in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const lastRung = firstDue.getTime() + WINDOW_MS + LAST_OFFSET_MS;
    const redisBefore = await redisMemory(redis);

    // The worker: its reconciler arms every rung from PostgreSQL at start.
    const out: string[] = [];
    t = performance.now();
    const spawnedAt = Date.now();
    child = spawn(process.execPath, [...WORKER_NODE_FLAGS, WORKER_JS], {
      cwd: ROOT,
      env: {
        ...process.env, ...WORKER_ENV, DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: PREFIX, SWEEP_INTERVAL_MS: '30000', NODE_ENV: 'production',
        JWT_SECRET: 'bench-secret-not-used-by-the-worker', WORKER_HEALTH_PORT: '0', // no health port: another worker may hold 3001
        ...(CONCURRENCY ? { DEADLINE_CONCURRENCY: CONCURRENCY } : {}), ...(BATCH ? { DEADLINE_BATCH: BATCH } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let armedAt = 0;
    let rearmed = 0;
    const onOut = (b: Buffer) => {
      const s = b.toString();
      out.push(s);
      const m = /re-armed (\d+) timer rung/.exec(s);
      if (m && !armedAt) { armedAt = performance.now(); rearmed = Number(m[1]); }
    };
    child.stdout!.on('data', onOut);
    child.stderr!.on('data', onOut);
    let exited = false;
    child.once('exit', () => { exited = true; });

    let peakRedis = redisBefore.used;
    let peakRss = 0;
    const sampler = setInterval(() => {
      const p = child?.pid ? procStatus(child.pid) : null;
      if (p) peakRss = Math.max(peakRss, p.hwmKb);
      void redisMemory(redis).then((m) => { peakRedis = Math.max(peakRedis, m.used); }).catch(() => {});
    }, 500);

    // CPU from the worker's spawn (boot and arming included) and per interval after arming (the firing alone).
    const cpu = cpuTracker(child.pid!, c, DB);
    await cpu.sample();
    const firedBy = async () => Object.fromEntries((await c.query<{ rung: string; n: number }>('SELECT rung, count(*)::int AS n FROM deadline_firings GROUP BY rung')).rows.map((x) => [x.rung, x.n])) as Record<string, number>;
    while (!armedAt && !exited && performance.now() - t < 30 * 60_000) await sleep(100);
    if (!armedAt) throw new Error(`worker did not arm: ${out.join('')}`);
    const armSecs = (armedAt - t) / 1000;
    const redisArmed = await redisMemory(redis);
    log(`armed ${rearmed.toLocaleString('en')} rungs in ${armSecs.toFixed(1)} s (worker boot included): ${Math.round(rearmed / armSecs).toLocaleString('en')} rungs/s; Redis ${redisBefore.human} → ${redisArmed.human}`);
    if (Date.now() > firstDue.getTime() - WARN_LEAD_MS) log('WARNING: arming outlasted the lead; the first rungs fire late');

    const expected = LADDER.length * N;
    // Samples of (CPU, rungs fired per kind) every 2 s after arming: CPU per rung, split by kind (due vs escalation).
    const atArmed = { cpu: await cpu.sample(), by: await firedBy() };
    let prev = atArmed;
    const intervals: { cpu: number; x: number; y: number }[] = [];
    const sampleCpu = async () => {
      const now = { cpu: await cpu.sample(), by: await firedBy() };
      const d = (k: string) => (now.by[k] ?? 0) - (prev.by[k] ?? 0);
      const all = Object.keys(now.by).reduce((a, k) => a + d(k), 0);
      const x = d('due');
      if (all) intervals.push({ cpu: now.cpu.worker + now.cpu.pg - prev.cpu.worker - prev.cpu.pg, x, y: all - x });
      prev = now;
      return now;
    };
    let n = 0;
    let lastLog = 0;
    while (!exited) {
      const s = await sampleCpu();
      n = Object.values(s.by).reduce((a, b) => a + b, 0);
      if (n >= expected) break;
      if (Date.now() > lastRung + GRACE_MS) { log(`grace period over with ${expected - n} rung(s) unfired`); break; }
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        const p = child.pid ? procStatus(child.pid) : null;
        log(`${Math.round((Date.now() - spawnedAt) / 1000)} s: fired ${n.toLocaleString('en')}/${expected.toLocaleString('en')}; worker RSS ${p ? mb(p.rssKb) : '?'}; ${Date.now() < lastRung ? `${Math.round((lastRung - Date.now()) / 1000)} s of rungs to go` : `${Math.round((Date.now() - lastRung) / 1000)} s past the last rung`}`);
      }
      await sleep(2000);
    }
    const doneAt = Date.now();
    if (exited) log(`the worker exited early; its last output:\n${out.join('').slice(-3000)}`);
    await sleep(5000); // any redelivery or duplicate would land now
    const end = await sampleCpu();
    const final = procStatus(child.pid!);
    if (final) peakRss = Math.max(peakRss, final.hwmKb);
    clearInterval(sampler);
    const redisEnd = await redisMemory(redis);

    const r = await firingReport(c, LADDER, policyId);
    const claims = await claimsReport(c, policyId);
    const missed = expected - r.fired;
    const firingSecs = (doneAt - (firstDue.getTime() - WARN_LEAD_MS)) / 1000;
    await c.end();

    const p99 = Number(r.p99);
    console.log('');
    console.log(`  deadlines ${N.toLocaleString('en')} × ${LADDER.length} rungs (${LADDER.map((l) => l.rung).join(', ')}) = ${expected.toLocaleString('en')} rungs, due over ${WINDOW_MS / 1000} s (offered ${Math.round(expected / (WINDOW_MS / 1000))} rungs/s)`);
    console.log(`  arming (reconciler at worker start, boot included): ${rearmed.toLocaleString('en')} rungs in ${armSecs.toFixed(1)} s = ${Math.round(rearmed / armSecs).toLocaleString('en')} rungs/s`);
    console.log(`  firing: ${r.fired.toLocaleString('en')} fired, first rung → last firing ${firingSecs.toFixed(0)} s = ${Math.round(r.fired / firingSecs)} rungs/s sustained`);
    console.log(`  lateness p50 ${Number(r.p50).toFixed(0)} ms · p99 ${p99.toFixed(0)} ms (per rung: ${r.perRung ?? '–'}) · max ${Number(r.max).toFixed(0)} ms · min ${Number(r.min).toFixed(0)} ms   (target p99 ≤ 1000 ms: ${p99 <= 1000 ? 'met' : 'MISSED'})`);
    console.log(`  missed ${missed} (must be 0: ${missed === 0 ? 'ok' : 'FAIL'}) · doubled claims ${claims.doubled_claims}, doubled timeline events ${claims.doubled_events} (must be 0: ${claims.doubled_claims + claims.doubled_events === 0 ? 'ok' : 'FAIL'})`);
    console.log(`  timeline events ${claims.events.toLocaleString('en')}, notifications ${claims.notifications.toLocaleString('en')}, clocks still running ${claims.running}, 督办 items opened by escalation ${claims.supervisions.toLocaleString('en')}, events not yet in the indicator rollup ${claims.rollup_pending.toLocaleString('en')}`);
    const firedAfter = Object.values(end.by).reduce((a, b) => a + b, 0) - Object.values(atArmed.by).reduce((a, b) => a + b, 0);
    const per = (ms: number, k: number) => (k ? (ms / k).toFixed(2) : '–');
    const fw = end.cpu.worker - atArmed.cpu.worker, fp = end.cpu.pg - atArmed.cpu.pg;
    const byKind = split(intervals);
    console.log(`  CPU per fired rung after arming (${firedAfter.toLocaleString('en')} rungs): worker ${per(fw, firedAfter)} ms + PostgreSQL ${per(fp, firedAfter)} ms = ${per(fw + fp, firedAfter)} ms → ${firedAfter ? Math.round((cpus().length * 1000 * firedAfter) / (fw + fp)) : '–'} rungs/s on this ${cpus().length}-core machine${byKind ? `; by kind (least squares over ${intervals.length} 2-s samples): due ${byKind[0].toFixed(2)} ms, escalation (${LADDER.filter((l) => l.rung !== 'due').map((l) => l.rung).join('/') || '–'}) ${byKind[1].toFixed(2)} ms` : ''}   (load-independent: user + system time from /proc of the worker and this database's backends)`);
    console.log(`  CPU from worker spawn (boot + arming + firing): worker ${(end.cpu.worker / 1000).toFixed(1)} s, PostgreSQL ${(end.cpu.pg / 1000).toFixed(1)} s; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`);
    console.log(`  worker peak RSS (VmHWM) ${mb(peakRss)}   (target ≤ 256 MB: ${peakRss <= 256 * 1024 ? 'met' : 'MISSED'})`);
    console.log(`  Redis used_memory: before ${redisBefore.human}, armed ${redisArmed.human}, sampled peak ${(peakRedis / 1048576).toFixed(1)}M (+${((peakRedis - redisBefore.used) / 1048576).toFixed(1)}M for this run), end ${redisEnd.human}; used_memory_peak_human ${redisEnd.peakHuman} (server-wide)`);
    console.log('');
    // a lost or doubled rung is a defect, not a figure: the exit status says so (scripts/test.sh's cluster pass)
    if (missed !== 0 || claims.doubled_claims + claims.doubled_events !== 0) failed = true;
  } finally {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await Promise.race([new Promise((r) => child!.once('exit', r)), sleep(10_000)]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await flushPrefix(redis, PREFIX).catch(() => {});
    redis.disconnect();
    if (!KEEP) await admin(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`).catch(() => {});
    else log(`kept database ${DB}`);
  }
}

let failed = false;
await main();
process.exit(failed ? 1 : 0);
