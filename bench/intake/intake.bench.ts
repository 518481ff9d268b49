// npm run bench:intake — registrations per second over HTTP as deployed (issue 15 §1/§1b), next to the raw rate of a
// case-shaped INSERT measured in the same run on the same database.
//
// - database: a clone of the seeded template (bench/support/seeded-db.ts: demo city + 1,000,000 historical cases);
// - the API (`dist/apps/api/src/main.js`, node:cluster, BENCH_API_WORKERS processes, default one per CPU) and the
//   worker (`dist/apps/worker/src/main.js`) as separate processes, NODE_ENV=production, LOG_LEVEL=info (to a file);
// - BENCH_USERS operators and handlers signed in, BENCH_BODIES varied bodies (complaints, reports, inquiries, some
//   "complaint and report"; every county, station township, leaf category; different names, phones, amounts,
//   descriptions), each request with a fresh Idempotency-Key as the console sends;
// - raw reference: one `INSERT INTO cases` row per round trip (autocommit; the table's indexes, FK and the
//   `case_no_seq` sequence), BENCH_CONCURRENCY connections, before the application starts;
// - then BENCH_WARMUP registrations, then BENCH_CASES at BENCH_CONCURRENCY (autocannon in a worker thread), with
//   the RSS of every API process and the worker sampled; every 201 is checked against the database.
// Targets (issue 15): ≥ 450 registrations/s at concurrency 32 with the worker running, p99 < 50 ms, and ≥ 25% of the
// raw rate. Knobs: BENCH_CASES, BENCH_CONCURRENCY, BENCH_RAW_ROWS, BENCH_WARMUP, BENCH_API_WORKERS, BENCH_USERS,
// BENCH_BODIES, BENCH_NO_WORKER=1, BENCH_KEEP_DB=1, BENCH_HISTORY, BENCH_REBUILD=1, BENCH_LOG_LEVEL, BENCH_PG_URL,
// BENCH_REDIS_URL, BENCH_CPU_PROF=<dir> (--cpu-prof for the API processes), BENCH_WORKER_CPU_PROF=<dir> (for the worker).
// Printed beside them: CPU time per registration per process kind (API, worker, PostgreSQL backends of the bench
// database, from /proc/<pid>/stat), the figure that does not move with the machine's other load.
import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { seededDatabase, tearDown } from '../support/seeded-db.js';
import { benchRun, cpuMeter, cpuMs, deploy, fmt, load, load1, log, memory, pct, pgCpuMeter, sampleRss, signIn } from '../support/deployed.js';
import { bodies } from '../support/bodies.js';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
/** Load for this many seconds instead of BENCH_CASES registrations (bench/deadlines/under-load uses it). */
const DURATION_S = process.env.BENCH_DURATION_S ? Number(process.env.BENCH_DURATION_S) : undefined;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** Connections of the raw reference (the PostgreSQL server is shared: max_connections 100 here). */
const RAW_CONNECTIONS = Number(process.env.BENCH_RAW_CONNECTIONS ?? 16);
const RAW_ROWS = Number(process.env.BENCH_RAW_ROWS ?? 20_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1_000);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 200);
const USERS = Number(process.env.BENCH_USERS ?? 40);
const BODIES = Number(process.env.BENCH_BODIES ?? 2_000);
const { stamp: STAMP, db: DB, prefix: PREFIX, redisUrl: REDIS_URL } = benchRun('intake');
const MARK = `压测${STAMP}`;

/** Raw reference: single-row case-shaped INSERTs into `cases` itself, one per round trip, autocommit. */
async function rawInsertRate(url: string): Promise<{ rowsPerSec: number; p50: number; p99: number }> {
  const pool = new pg.Pool({ connectionString: url, max: RAW_CONNECTIONS });
  const [{ unit, user }] = (await pool.query(`SELECT (SELECT id FROM units WHERE level = 'county' ORDER BY code LIMIT 1) AS unit, (SELECT id FROM users WHERE username = 'operator') AS "user"`)).rows;
  const clients = await Promise.all(Array.from({ length: RAW_CONNECTIONS }, () => pool.connect()));
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(clients.map(async (c) => {
    while (next < RAW_ROWS) {
      const k = next++;
      const s = performance.now();
      await c.query(
        `INSERT INTO cases (id, case_no, type, channel, status, regime, received_at, complainant_name, complainant_phone, complainant_address,
           respondent_name, respondent_region_code, respondent_address, category_code, description, request, amount, assigned_unit_id, registered_by, registered_at, dispatched_at)
         VALUES (gen_random_uuid(), to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || lpad(nextval('case_no_seq')::text, 8, '0'), 'complaint', 'hotline', 'dispatched', 'O121',
           now() - interval '1 hour', $1, $2, '湖南省常德市武陵区人民路1号', '常德市好运电器商行', '430702', '常德市建设路8号', 'G01', $3, '退货退款', $4, $5, $6, now(), now())`,
        [`张${k % 100}`, `138${String(k).padStart(8, '0')}`, `${MARK} 原始插入 ${k}：购买的电热水壶使用一周后漏电，商家拒绝退换。`, 199 + (k % 100), unit, user],
      );
      lat.push(performance.now() - s);
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  clients.forEach((c) => c.release());
  await pool.end();
  lat.sort((a, b) => a - b);
  return { rowsPerSec: RAW_ROWS / secs, p50: pct(lat, 50), p99: pct(lat, 99) };
}

async function main() {
  log(`${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · ${fmt(totalmem() / 2 ** 30)} GiB · node ${process.version} · load ${load1()}`);
  const { url, built, seconds } = await seededDatabase(DB, log);
  log(`database ${DB}: ${built ? 'template built and ' : ''}cloned in ${fmt(seconds)} s`);
  const server = new pg.Client({ connectionString: url });
  await server.connect();
  const q = async <T extends pg.QueryResultRow>(sql: string, p: unknown[] = []) => (await server.query<T>(sql, p)).rows;
  const version = (await q<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]!.v;
  const settings = await q<{ name: string; setting: string }>(`SELECT name, setting FROM pg_settings WHERE name IN ('synchronous_commit','fsync','shared_buffers','max_connections')`);
  const [{ n: history }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  log(`PostgreSQL ${version}: ${settings.map((s) => `${s.name}=${s.setting}`).join(' ')}; ${history.toLocaleString('en')} cases in the database`);

  // (a) raw rate, before the application runs.
  const raw = await rawInsertRate(url);
  log(`raw case-shaped INSERT: ${fmt(raw.rowsPerSec, 0)} rows/s (p50 ${fmt(raw.p50, 2)} ms, p99 ${fmt(raw.p99, 2)} ms) · load ${load1()}`);

  // (b) the application as deployed.
  const app = await deploy({
    dbUrl: url, redisUrl: REDIS_URL, prefix: PREFIX, apiWorkers: process.env.BENCH_API_WORKERS ? Number(process.env.BENCH_API_WORKERS) : undefined,
    worker: !process.env.BENCH_NO_WORKER, logFile: `/tmp/${DB}.log`,
    apiNodeArgs: process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [],
  });
  log(`API: ${app.apiWorkers} process(es) (pids ${app.apiPids().join(', ')}) · worker: ${app.worker ? `pid ${app.worker.pid}` : 'not started'} · logs in /tmp/${DB}.log`);
  const users = (await q<{ username: string }>(`SELECT username FROM users WHERE role IN ('operator', 'handler') AND active ORDER BY (username = 'operator') DESC, username LIMIT $1`, [USERS])).map((r) => r.username);
  const tokens = await signIn(app.base, users);
  const bodyList = await bodies(server, BODIES, MARK);
  log(`${tokens.length} users signed in (${users.slice(0, 4).join(', ')}, …); ${bodyList.length} distinct bodies`);
  for (const t of ['complaint', 'report', 'inquiry']) {
    const b = bodyList.find((x) => JSON.parse(x).type === t)!;
    const r = await fetch(`${app.base}/api/v1/cases`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[0]}` }, body: b });
    if (r.status !== 201) throw new Error(`probe ${t} failed: ${r.status} ${await r.text()}`);
  }
  const job = { base: app.base, method: 'POST' as const, paths: ['/api/v1/cases'], tokens, bodies: bodyList, connections: CONCURRENCY };
  if (WARMUP) await load({ ...job, amount: WARMUP });

  const count = async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE description LIKE $1`, [`${MARK} %`]))[0]!.n;
  const keys = async () => (await q<{ n: number }>(`SELECT count(*)::int AS n FROM idempotency_keys WHERE resource IS NOT NULL`))[0]!.n;
  const stat = async () => (await q<{ c: string; i: string }>(`SELECT xact_commit AS c, tup_inserted AS i FROM pg_stat_database WHERE datname = $1`, [DB]))[0]!;
  const [before, keysBefore, s0] = [await count(), await keys(), await stat()];
  const mem = sampleRss(() => [...app.apiPids(), ...(app.worker ? [app.worker.pid!] : [])]);
  // CPU per registration, per process kind (load-independent, unlike the rate): the API processes (cluster primary
  // and workers), the worker, and the PostgreSQL backends of this bench's database (pg_stat_activity sampled; this
  // connection's own backend excluded), each from /proc/<pid>/stat.
  const cpuApi = await cpuMeter(() => [...new Set([app.api.pid!, ...app.apiPids()])]);
  const cpuWorker = app.worker ? await cpuMeter(() => [app.worker!.pid!]) : null;
  const cpuPg = await pgCpuMeter((sql, p) => q<{ pid: number }>(sql, p), DB);
  const loadBefore = load1();
  const r = await load({ ...job, ...(DURATION_S ? { durationS: DURATION_S } : { amount: CASES }) });
  const apiCpu = await cpuApi.stop();
  const peak = mem.stop();
  const loadAfter = load1();
  const [after, keysAfter, s1] = [await count(), await keys(), await stat()];
  let pending = 0;
  for (let i = 0; i < 60; i++) {
    pending = (await q<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL'))[0]!.n;
    if (!pending || !app.worker) break;
    await new Promise((res) => setTimeout(res, 500));
  }
  // The worker finishes what the registrations caused (relay, jobs, rollup) after the load: wait until it is idle
  // (< 20 ms of CPU in a second, at most 60 s) before reading its CPU and PostgreSQL's.
  for (let i = 0, prev = app.worker ? cpuMs(app.worker.pid!) : 0; app.worker && i < 60; i++) {
    await new Promise((res) => setTimeout(res, 1000));
    const now = cpuMs(app.worker.pid!);
    if (now - prev < 20) break;
    prev = now;
  }
  const workerCpu = cpuWorker ? await cpuWorker.stop() : 0;
  const pgCpu = (await cpuPg.stop()).backends;
  // The same registrations one at a time: what a request costs in time when nothing queues in front of it (at c=32
  // the latency is mostly queueing: by Little's law the mean is concurrency ÷ rate).
  const seq = SEQUENTIAL ? await load({ ...job, connections: 1, amount: SEQUENTIAL }) : null;
  const seqLat = seq ? seq.latencies.sort((a, b) => a - b) : [];
  const lat = r.latencies.sort((a, b) => a - b);
  const ok = r.statusCounts['201'] ?? 0;
  const rate = ok / (r.durationMs / 1000);
  const ratio = rate / raw.rowsPerSec;
  const verdict = (b: boolean) => (b ? 'met' : 'MISSED');
  const hwm = (pid: number) => memory(pid).hwm;

  console.log('');
  console.log(`  machine: ${cpus().length} vCPU shared with other work — load average ${loadBefore} before the run, ${loadAfter} after (every figure moves with it)`);
  console.log(`  database: demo city + ${history.toLocaleString('en')} cases; API ${app.apiWorkers} process(es) + worker ${app.worker ? 'running' : 'NOT running'} (separate processes)`);
  console.log(`  raw case-shaped INSERT into cases (pg, ${RAW_CONNECTIONS} connections, one row per round trip): ${fmt(raw.rowsPerSec, 0)} rows/s`);
  console.log(`  intake over HTTP (${DURATION_S ? `${DURATION_S} s` : `${CASES} registrations`}, ${tokens.length} users, ${bodyList.length} bodies, Idempotency-Key each, concurrency ${CONCURRENCY}): ${fmt(rate, 0)} registrations/s in ${fmt(r.durationMs / 1000, 1)} s   (target ≥ 450/s: ${verdict(rate >= 450)})`);
  console.log(`  latency p50 ${fmt(pct(lat, 50), 1)} ms · p95 ${fmt(pct(lat, 95), 1)} ms · p99 ${fmt(pct(lat, 99), 1)} ms · max ${fmt(lat[lat.length - 1] ?? NaN, 1)} ms   (target p99 < 50 ms: ${verdict(pct(lat, 99) < 50)})`);
  console.log(`  queueing bound: at concurrency ${CONCURRENCY} the mean latency is ${CONCURRENCY} ÷ rate = ${fmt((CONCURRENCY * 1000) / rate, 1)} ms here; a p99 under 50 ms needs a rate above ${fmt((CONCURRENCY * 1000) / 50, 0)}/s (Little's law)`);
  if (seq) console.log(`  one at a time (concurrency 1, ${seq.statusCounts['201'] ?? 0} registrations after the run): p50 ${fmt(pct(seqLat, 50), 1)} ms · p99 ${fmt(pct(seqLat, 99), 1)} ms   (target p99 < 50 ms: ${verdict(pct(seqLat, 99) < 50)} without queueing)`);
  console.log(`  ratio intake/raw: ${fmt(ratio * 100, 1)}%   (target ≥ 25%: ${verdict(ratio >= 0.25)})`);
  const per = (ms: number) => ms / ok;
  const total = per(apiCpu) + per(workerCpu) + per(pgCpu);
  console.log(`  CPU per registration: API ${fmt(per(apiCpu), 2)} ms, worker ${app.worker ? `${fmt(per(workerCpu), 2)} ms` : 'not running'}, PostgreSQL ${fmt(per(pgCpu), 2)} ms, total ${fmt(total, 2)} ms → capacity of this ${cpus().length}-core machine ≈ ${fmt((cpus().length * 1000) / total, 0)} registrations/s   (target ≥ 450/s: ${verdict((cpus().length * 1000) / total >= 450)}; load-independent: user + system time from /proc of the API processes, the worker and this database's PostgreSQL backends; autovacuum included, WAL writer and checkpointer not)`);
  console.log(`  statuses ${JSON.stringify(r.statusCounts)} · errors ${r.errors} · timeouts ${r.timeouts}`);
  const keyed = keysAfter - keysBefore;
  // With a duration, autocannon stops with up to CONCURRENCY requests in flight: they may commit unanswered.
  const inFlight = DURATION_S ? CONCURRENCY : 0;
  const keysOk = keyed >= ok && keyed <= ok + inFlight;
  console.log(`  check: ${keyed} Idempotency-Keys hold a committed case (expected ${ok}${inFlight ? ` to ${ok + inFlight}: the requests in flight when the load stopped` : ''}: ${keysOk ? 'ok' : 'MISMATCH'}); cases +${after - before} (registrations + linked reports); outbox not yet relayed: ${pending}`);
  console.log(`  per registration: ${fmt((Number(s1.c) - Number(s0.c)) / ok, 2)} commits, ${fmt((Number(s1.i) - Number(s0.i)) / ok, 1)} rows inserted (API + worker, whole database)`);
  for (const pid of app.apiPids()) console.log(`  API process ${pid}: peak RSS during load ${fmt(peak.get(pid) ?? NaN, 0)} MB, VmHWM ${fmt(hwm(pid), 0)} MB   (target ≤ 256 MB: ${verdict((peak.get(pid) ?? Infinity) <= 256)})`);
  if (app.worker) console.log(`  worker ${app.worker.pid}: peak RSS during load ${fmt(peak.get(app.worker.pid!) ?? NaN, 0)} MB, VmHWM ${fmt(hwm(app.worker.pid!), 0)} MB`);
  console.log('');

  await tearDown(app, server, { db: DB, prefix: PREFIX, redisUrl: REDIS_URL });
  if (!keysOk || r.errors) process.exitCode = 1;
}

await main();
