// node dist/bench/ops/request-floor.bench.js — what the API costs per request before the route does any work: one API
// process as deployed (dist/apps/api/src/main.js, production mode, API_NODE_ARGS, no worker) over a clone of the
// seeded template; per route, the API's CPU time per request from /proc (user + system: load-independent, unlike
// latency), sequentially (one connection) and at concurrency BENCH_CONCURRENCY (32) with autocannon, plus the
// PostgreSQL statements per request. Routes: the liveness probe (Fastify + Nest routing only: public, not logged), a
// trivial authenticated read answered from memory (JWT verify, cached user state, the guard's role checks, the
// query DTO's validation, the access line), and the notifications list (the same, plus one query).
// Knobs: BENCH_SEQUENTIAL (2000 requests), BENCH_SECONDS (8 at c=32; 0: sequential only), BENCH_ROUNDS (3: the
// median is printed), BENCH_API_CPU_PROF=<dir> (a V8 cpu profile of the API), BENCH_KEEP_DB=1.
import { Redis } from 'ioredis';
import { cpus } from 'node:os';
import { flushPrefix } from '../../libs/testing/src/test-db.js';
import { admin, seededDatabase } from '../support/seeded-db.js';
import { queryCounts } from '../support/query-counter.js';
import { benchRun, cpuMs, deploy, fmt, load, load1, log, memory, pct, signIn } from '../support/deployed.js';

const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const { db: DB, prefix: PREFIX, redisUrl: REDIS_URL } = benchRun('floor');

interface Route { label: string; path: string; auth: boolean }
const ROUTES: Route[] = [
  { label: 'GET /health/live (public, not logged)', path: '/health/live', auth: false },
  { label: 'GET /api/v1/legal-grounds (auth, DTO, from memory)', path: '/api/v1/legal-grounds?regime=O121', auth: true },
  { label: 'GET /api/v1/notifications (auth, one list query)', path: '/api/v1/notifications?unread=true&limit=20', auth: true },
];
const median = (xs: number[]) => pct([...xs].sort((a, b) => a - b), 50);

async function idle(pid: number) {
  // Queued work from the previous step (autocannon's last requests) finishes before a measurement starts.
  for (let i = 0, last = cpuMs(pid); i < 50; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const now = cpuMs(pid);
    if (now - last < 5) return;
    last = now;
  }
}

async function main() {
  log(`${new Date().toISOString()} · ${cpus().length} vCPU · load ${load1()}`);
  const { url, seconds } = await seededDatabase(DB, log);
  log(`database ${DB} cloned in ${fmt(seconds)} s`);
  const prof = process.env.BENCH_API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_CPU_PROF}`] : [];
  const app = await deploy({
    dbUrl: url, redisUrl: REDIS_URL, prefix: PREFIX, apiWorkers: 1, worker: false, logFile: `/tmp/${DB}.log`,
    extraEnv: { FANGXIN_QUERY_COUNTER: '1', DATABASE_POOL_MAX: '4' }, apiNodeArgs: ['--import', new URL('../support/query-counter.js', import.meta.url).pathname, ...prof],
  });
  try {
    await measure(app);
  } finally {
    await app.stop();
    const redis = new Redis(REDIS_URL);
    await flushPrefix(redis, PREFIX);
    redis.disconnect();
    if (!process.env.BENCH_KEEP_DB) await admin(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
  }
}

async function measure(app: Awaited<ReturnType<typeof deploy>>) {
  const pid = app.api.pid!;
  const users = ['handler.wl', 'leader.wl', 'handler.dc', 'operator'];
  const tokens = await signIn(app.base, users);
  log(`API pid ${pid} (1 process, no worker); ${users.length} users signed in; logs /tmp/${DB}.log`);
  const rows: { label: string; seq: number[]; conc: number[]; rps: number[]; p99: number[]; queries: number }[] = [];
  for (const r of ROUTES) {
    const headers = (i: number): Record<string, string> => (r.auth ? { authorization: `Bearer ${tokens[i % tokens.length]}` } : {});
    const probe = await fetch(`${app.base}${r.path}`, { headers: headers(0) });
    if (!probe.ok) throw new Error(`${r.label}: ${probe.status} ${await probe.text()}`);
    for (let i = 0; i < 300; i++) await (await fetch(`${app.base}${r.path}`, { headers: headers(i) })).arrayBuffer(); // warm-up (JIT)
    const row = { label: r.label, seq: [] as number[], conc: [] as number[], rps: [] as number[], p99: [] as number[], queries: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      await idle(pid);
      const q0 = await queryCounts([pid]);
      const c0 = cpuMs(pid);
      for (let i = 0; i < SEQUENTIAL; i++) await (await fetch(`${app.base}${r.path}`, { headers: headers(i) })).arrayBuffer();
      row.seq.push((cpuMs(pid) - c0) / SEQUENTIAL);
      row.queries = ((await queryCounts([pid])) - q0) / SEQUENTIAL;
      if (SECONDS > 0) {
        await idle(pid);
        const c1 = cpuMs(pid);
        const res = await load({ base: app.base, method: 'GET', paths: [r.path], tokens: r.auth ? tokens : [''], bodies: [], connections: CONCURRENCY, durationS: SECONDS });
        await idle(pid);
        const n = res.latencies.length;
        row.conc.push((cpuMs(pid) - c1) / n);
        row.rps.push(n / (res.durationMs / 1000));
        row.p99.push(pct(res.latencies.sort((a, b) => a - b), 99));
        if (res.errors || Object.keys(res.statusCounts).some((s) => s !== '200')) log(`  ${r.label}: statuses ${JSON.stringify(res.statusCounts)}, errors ${res.errors}`);
      }
      log(`${r.label} round ${round + 1}: sequential ${fmt(row.seq.at(-1)!, 3)} ms CPU/req${SECONDS > 0 ? `, c=${CONCURRENCY} ${fmt(row.conc.at(-1)!, 3)} ms CPU/req, ${fmt(row.rps.at(-1)!, 0)} req/s` : ''} · load ${load1()}`);
    }
    rows.push(row);
  }
  const { rss, hwm } = memory(pid);
  console.log('');
  console.log(`  the API's per-request floor: 1 API process (${process.env.BENCH_API_NODE_ARGS ?? 'API_NODE_ARGS'}), median of ${ROUNDS} rounds; load average now ${load1()} (shared machine: CPU ms per request moves little with it, req/s and p99 do)`);
  for (const r of rows)
    console.log(`  ${r.label.padEnd(62)} CPU ${fmt(median(r.seq), 3)} ms/req sequential${SECONDS > 0 ? `, ${fmt(median(r.conc), 3)} ms/req at c=${CONCURRENCY} (${fmt(median(r.rps), 0)} req/s, p99 ${fmt(median(r.p99), 1)} ms)` : ''}  ${fmt(r.queries, 2)} queries/req`);
  console.log(`  API RSS at the end ${fmt(rss, 0)} MB, VmHWM ${fmt(hwm, 0)} MB`);
  console.log('');
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
