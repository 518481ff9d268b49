// npm run bench:intake — complaints registered per second over HTTP (concurrency 32, 20,000 cases) next to the
// single-row INSERT rate of the same PostgreSQL measured in the same run with plain `pg` (issue 2). Target: intake
// ≥ 50% of the raw rate with p99 < 50 ms. The API and the worker run in this process against a fresh database; the
// load generator (autocannon) runs in a worker thread. Knobs: BENCH_CASES, BENCH_CONCURRENCY, BENCH_RAW_ROWS,
// BENCH_PG_URL (admin URL of the server), BENCH_REDIS_URL, BENCH_KEEP_DB=1, BENCH_NO_WORKER=1.
import 'reflect-metadata';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '#prisma-client';
import { createRedis, loadEnv, migrate } from '#platform';
import { flushPrefix } from '../../libs/testing/src/test-db.js';
import { createApi } from '../../apps/api/src/app.js';
import { startWorker } from '../../apps/worker/src/worker.js';
import { seedReference } from '../../prisma/seed/reference.js';
import { seedOrg, complaintBody } from '../../libs/testing/src/fixtures.js';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RAW_ROWS = Number(process.env.BENCH_RAW_ROWS ?? 20_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1_000);
const PROFILE = Number(process.env.BENCH_PROFILE ?? 200);
const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DB = `fangxin_bench_${Date.now().toString(36)}`;
const PREFIX = `fxbench-${Date.now().toString(36)}`;

const dbUrl = (name: string) => { const u = new URL(ADMIN_URL); u.pathname = `/${name}`; return u.toString(); };
const log = (m: string) => console.log(`[bench] ${m}`);
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
const fmt = (n: number, d = 1) => n.toFixed(d);

// Counts every statement sent through `pg` in this process (Prisma's adapter, the outbox relay, BullMQ is Redis).
const counter = { on: false, detail: false, n: 0, texts: new Map<string, number>() };
const origQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: unknown, ...args: unknown[]) {
  if (counter.on) counter.n++;
  if (counter.detail) {
    const a0 = args[0] as string | { text?: string };
    const text = (typeof a0 === 'string' ? a0 : a0?.text ?? '?').replace(/\s+/g, ' ').slice(0, 110);
    counter.texts.set(text, (counter.texts.get(text) ?? 0) + 1);
  }
  return origQuery.apply(this, args);
};

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try { await c.query(sql); } finally { await c.end(); }
}

/** (a) the raw rate: single-row INSERTs, autocommit, one statement per round trip, CONCURRENCY connections. */
async function rawInsertRate(url: string): Promise<{ rowsPerSec: number; p50: number; p99: number }> {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  await pool.query(`CREATE TABLE bench_raw (id bigserial PRIMARY KEY, case_id uuid NOT NULL, name text NOT NULL,
    phone text NOT NULL, description text NOT NULL, amount numeric(14,2), created_at timestamptz NOT NULL DEFAULT now())`);
  const clients = await Promise.all(Array.from({ length: CONCURRENCY }, () => pool.connect()));
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(clients.map(async (c) => {
    while (next < RAW_ROWS) {
      next++;
      const s = performance.now();
      await c.query('INSERT INTO bench_raw (case_id, name, phone, description, amount) VALUES (gen_random_uuid(), $1, $2, $3, $4)',
        ['张三', '13812345678', '购买的电热水壶使用一周后漏电，商家拒绝退换。', 199]);
      lat.push(performance.now() - s);
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  const { rows } = await clients[0].query<{ n: string }>('SELECT count(*) AS n FROM bench_raw');
  if (Number(rows[0].n) !== RAW_ROWS) throw new Error(`raw insert count ${rows[0].n} ≠ ${RAW_ROWS}`);
  clients.forEach((c) => c.release());
  await pool.query('DROP TABLE bench_raw');
  await pool.end();
  lat.sort((a, b) => a - b);
  return { rowsPerSec: RAW_ROWS / secs, p50: pct(lat, 50), p99: pct(lat, 99) };
}

function load(url: string, token: string, bodies: string[], amount: number, connections: number) {
  return new Promise<{ latencies: number[]; statusCounts: Record<string, number>; errors: number; timeouts: number; durationMs: number }>((resolve, reject) => {
    const w = new Worker(new URL('./load.worker.js', import.meta.url), { workerData: { url, token, bodies, amount, connections } });
    w.once('message', (m) => { resolve(m); void w.terminate(); });
    w.once('error', reject);
  });
}

async function main() {
  log(`${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'} · ${fmt(os.totalmem() / 2 ** 30)} GiB · node ${process.version} · load ${os.loadavg().map((l) => fmt(l, 2)).join(' ')}`);
  log(`database ${DB}; ${CASES} cases at concurrency ${CONCURRENCY}; raw: ${RAW_ROWS} single-row INSERTs`);
  const url = dbUrl(DB);
  await migrate(url, 'prisma/migrations');
  const server = new pg.Client({ connectionString: url });
  await server.connect();
  const version = (await server.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  const settings = (await server.query<{ name: string; setting: string }>(
    `SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit','fsync','shared_buffers','max_connections')`)).rows;
  log(`PostgreSQL ${version}: ${settings.map((s) => `${s.name}=${s.setting}`).join(' ')}`);

  // (a) raw rate, before the API exists (nothing else competes for the two cores).
  const raw = await rawInsertRate(url);
  log(`raw INSERT: ${fmt(raw.rowsPerSec, 0)} rows/s (p50 ${fmt(raw.p50, 2)} ms, p99 ${fmt(raw.p99, 2)} ms)`);

  // (b) fresh app: reference data + demo org without historical cases.
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  await seedReference(prisma);
  await seedOrg(prisma);
  await prisma.$disconnect();
  const env = loadEnv({}, { DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: PREFIX, NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const app = await createApi(env, undefined, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${addr.port}`;
  // BENCH_NO_WORKER=1 leaves the outbox unrelayed: isolates the API's own cost.
  const worker = process.env.BENCH_NO_WORKER ? null : await startWorker(env, undefined, { logger: false });

  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo12315' }) });
  if (!login.ok) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  const receivedAt = new Date(Date.now() - 3_600_000).toISOString();
  const regions = ['430702', '430703', '430725', '430723', '430799']; // 4 counties + one that no rule matches
  const bodies = regions.map((regionCode, k) => JSON.stringify(complaintBody({
    receivedAt, complainant: { name: '张三', phone: `1381234567${k}`, address: '湖南省常德市武陵区人民路1号' },
    respondent: { name: '常德市好运电器商行', regionCode, address: '常德市建设路8号' },
  })));
  const probe = await fetch(`${base}/api/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: bodies[0] });
  if (probe.status !== 201) throw new Error(`probe registration failed: ${probe.status} ${await probe.text()}`);

  // Profile: statements per registration, sequential (no contention), with their single-request latency.
  counter.on = counter.detail = true;
  const seq: number[] = [];
  for (let k = 0; k < PROFILE; k++) {
    const s = performance.now();
    const r = await fetch(`${base}/api/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, body: bodies[k % bodies.length] });
    await r.arrayBuffer();
    seq.push(performance.now() - s);
  }
  counter.on = counter.detail = false;
  seq.sort((a, b) => a - b);
  log(`profile: ${PROFILE} sequential registrations, p50 ${fmt(seq[Math.floor(seq.length / 2)], 2)} ms; ${fmt(counter.n / PROFILE)} pg statements per registration (incl. the worker's outbox relay):`);
  for (const [text, n] of [...counter.texts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${fmt(n / PROFILE, 2).padStart(6)}  ${text}`);
  counter.texts.clear();
  counter.n = 0;
  // Decomposition: the same HTTP + auth path without a write (GET /units), and the read-back the register
  // endpoint does after its command (GET /cases/:id), each sequential.
  const { id: probeId } = (await probe.json()) as { id: string };
  for (const [label, path] of [['GET /api/v1/units (HTTP + JWT, cached)', '/api/v1/units'], [`GET /api/v1/cases/:id (the read-back)`, `/api/v1/cases/${probeId}`]] as const) {
    const t: number[] = [];
    for (let k = 0; k < PROFILE; k++) {
      const s = performance.now();
      const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
      await r.arrayBuffer();
      t.push(performance.now() - s);
    }
    t.sort((a, b) => a - b);
    log(`profile: ${label} sequential p50 ${fmt(t[Math.floor(t.length / 2)], 2)} ms`);
  }

  // Warm-up (JIT, pools), then the measured run.
  if (WARMUP) await load(`${base}/api/v1/cases`, accessToken, bodies, WARMUP, CONCURRENCY);
  const before = Number((await server.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0].n);
  const stat0 = (await server.query(`SELECT xact_commit, tup_inserted FROM pg_stat_database WHERE datname = $1`, [DB])).rows[0];
  counter.on = true;
  const r = await load(`${base}/api/v1/cases`, accessToken, bodies, CASES, CONCURRENCY);
  counter.on = false;
  const after = Number((await server.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0].n);
  const stat1 = (await server.query(`SELECT xact_commit, tup_inserted FROM pg_stat_database WHERE datname = $1`, [DB])).rows[0];
  const lat = r.latencies.sort((a, b) => a - b);
  const ok = r.statusCounts['201'] ?? 0;
  const rate = ok / (r.durationMs / 1000);
  const ratio = rate / raw.rowsPerSec;
  const pending = Number((await server.query<{ n: string }>('SELECT count(*) AS n FROM outbox WHERE dispatched_at IS NULL')).rows[0].n);

  console.log('');
  console.log(`  raw single-row INSERT (pg, ${CONCURRENCY} connections): ${fmt(raw.rowsPerSec, 0)} rows/s`);
  console.log(`  intake over HTTP (${CASES} complaints, concurrency ${CONCURRENCY}): ${fmt(rate, 0)} cases/s in ${fmt(r.durationMs / 1000, 1)} s`);
  console.log(`  latency p50 ${fmt(pct(lat, 50), 1)} ms · p95 ${fmt(pct(lat, 95), 1)} ms · p99 ${fmt(pct(lat, 99), 1)} ms · max ${fmt(lat[lat.length - 1], 1)} ms`);
  console.log(`  ratio intake/raw: ${fmt(ratio * 100, 1)}%   (target ≥ 50%: ${ratio >= 0.5 ? 'met' : 'MISSED'}; p99 < 50 ms: ${pct(lat, 99) < 50 ? 'met' : 'MISSED'})`);
  console.log(`  statuses ${JSON.stringify(r.statusCounts)} · errors ${r.errors} · timeouts ${r.timeouts}`);
  console.log(`  load average now ${os.loadavg().map((l) => fmt(l, 2)).join(' ')} (other processes on this machine skew every figure)`);
  console.log(`  cases in DB: +${after - before} (expected ${CASES}: ${after - before === CASES ? 'ok' : 'MISMATCH'}); outbox not yet relayed: ${pending}`);
  console.log(`  per registration: ${fmt(counter.n / ok, 1)} pg statements, ${fmt((Number(stat1.xact_commit) - Number(stat0.xact_commit)) / ok, 2)} commits, ${fmt((Number(stat1.tup_inserted) - Number(stat0.tup_inserted)) / ok, 1)} rows inserted (all in-process, incl. worker)`);
  console.log('');

  await worker?.stop();
  await app.close();
  await server.end();
  const redis = createRedis(REDIS_URL);
  await flushPrefix(redis, PREFIX);
  redis.disconnect();
  if (!process.env.BENCH_KEEP_DB) await admin(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
  if (after - before !== CASES) process.exitCode = 1;
}

await main();
