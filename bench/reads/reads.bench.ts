// npm run bench:reads — the lists people open all day, over the demo city + 1,000,000 cases (issue 15 §1): each
// endpoint alone at concurrency BENCH_CONCURRENCY (32) for BENCH_SECONDS (10) with autocannon, as deployed (clustered
// API + worker, separate processes, NODE_ENV=production), users of the right role taking turns; p50/p99 per endpoint
// against the target p99 < 100 ms. Then EXPLAIN (ANALYZE, BUFFERS) of the SQL behind the slowest ones is printed.
// Each endpoint also gets BENCH_SEQUENTIAL (20) requests one at a time first: their p50 is the server's time per
// request without queueing. Over those sequential requests the bench also reads the API's own cost, which does not
// depend on the machine's load as latency does: the CPU time (user + system, /proc) of the API processes per request
// and the database round trips per request (counted inside the API by bench/support/query-counter.ts), and
// PostgreSQL's CPU per request (this database's backends, and the parallel workers reaped meanwhile: pgCpuMeter).
// Under load (c=32) it reads the CPU per request of all three — API, PostgreSQL, and the load generator (this
// process: autocannon's thread) — whose sum bounds the rate two cores can serve, and where the slow requests (over
// the run's p99) fall in time: spread over the run (queueing) or bunched in a few 100 ms windows (a stall), and how
// many of them were in flight during a garbage-collection pause (≥ 10 ms) of an API process.
// Knobs: BENCH_CONCURRENCY, BENCH_SECONDS (0: sequential only), BENCH_SEQUENTIAL, BENCH_API_WORKERS, BENCH_HISTORY, BENCH_VACUUM=1,
// BENCH_KEEP_DB=1, BENCH_ONLY=<label substring>, BENCH_API_CPU_PROF=<dir> (a V8 cpu profile per API process).
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import pg from 'pg';
import { seededDatabase, tearDown } from '../support/seeded-db.js';
import { benchRun, cpuMeter, cpuMs as cpuOf, deploy, fmt, load, load1, log, pct, pgCpuMeter, sampleRss, signIn } from '../support/deployed.js';
import { gcPauses, queryCounts } from '../support/query-counter.js';
import { encodeCursor } from '../../libs/cases/src/application/queries/list-cursor.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 50);
const { stamp: STAMP, db: DB, prefix: PREFIX, redisUrl: REDIS_URL } = benchRun('reads');
const OPEN = 'dispatched,signed,accepted';
/** The API processes' garbage collections of 5 ms or more (bench/support/query-counter.ts). */
const GC_DIR = `/tmp/${DB}-gc`;

interface Endpoint { label: string; users: string[]; paths: string[] }

async function main() {
  log(`${new Date().toISOString()} · ${cpus().length} vCPU · load ${load1()}`);
  const { url, seconds } = await seededDatabase(DB, log);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const q = async <T extends pg.QueryResultRow>(sql: string, p: unknown[] = []) => (await c.query<T>(sql, p)).rows;
  const [{ n }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  log(`database ${DB} cloned in ${fmt(seconds)} s: ${n.toLocaleString('en')} cases`);
  if (process.env.BENCH_VACUUM === '1') {
    // The template is built by bulk inserts and never vacuumed, and a clone starts with no activity counters, so
    // autovacuum does not set its visibility map as it would in a live database: every index-only count visits the
    // heap (a county's inbox count: 2,952 buffers instead of ~40). BENCH_VACUUM=1 measures the vacuumed state.
    const t0 = performance.now();
    await c.query('VACUUM (ANALYZE) cases, deadlines');
    log(`VACUUM (ANALYZE) cases, deadlines in ${fmt((performance.now() - t0) / 1000)} s`);
  }
  // The users whose lists these are: handlers and leaders of counties and stations (their unit's inbox), operators.
  const unitUsers = await q<{ username: string; unit: string; cases: number }>(
    `SELECT u.username, un.code AS unit, (SELECT count(*) FROM cases c WHERE c.assigned_unit_id = un.id)::int AS cases
     FROM users u JOIN units un ON un.id = u.unit_id WHERE u.role IN ('handler', 'leader') AND un.level IN ('county', 'station') AND u.active ORDER BY cases DESC, u.username LIMIT 16`);
  const handlers = unitUsers.map((u) => u.username);
  const operators = (await q<{ username: string }>(`SELECT username FROM users WHERE role = 'operator' AND active ORDER BY username`)).map((r) => r.username);
  log(`inbox users: ${unitUsers.slice(0, 4).map((u) => `${u.username} (${u.cases.toLocaleString('en')} cases)`).join(', ')}, …; operators: ${operators.join(', ')}`);
  // The same 50 on every run over a template (random ones made two runs of one code differ by their mix of this
  // year's and last year's prefixes).
  const some = (await q<{ case_no: string }>(`SELECT case_no FROM cases ORDER BY md5(case_no) LIMIT 50`)).map((r) => r.case_no);
  // Deep pages by keyset: the nextCursor a client would hold 100,000–900,000 cases into a list (page numbers stop at
  // the count's 10,000), in both orders.
  const depths = Array.from({ length: 10 }, (_, i) => Math.round(((i + 1) * n * 0.9) / 10));
  const cursorAt = async (sort: 'received' | 'deadline', k: number) => {
    const [r] = await q<{ received_at: Date; case_no: string; next_due_at: Date | null }>(
      `SELECT received_at, case_no, next_due_at FROM cases ORDER BY ${sort === 'deadline' ? 'next_due_at NULLS LAST, ' : ''}received_at DESC, case_no DESC OFFSET $1 LIMIT 1`, [k]);
    return encodeURIComponent(encodeCursor({ sort, receivedAt: r!.received_at, caseNo: r!.case_no, nextDueAt: r!.next_due_at }));
  };
  const deepLabels = { received: '案件查询 by cursor, 100,000–900,000 cases deep (operator)', deadline: '案件查询 nearest deadline first, by cursor 100,000–900,000 deep (operator)' };
  const deep = { received: [] as string[], deadline: [] as string[] };
  for (const sort of ['received', 'deadline'] as const) {
    if (!process.env.BENCH_ONLY || deepLabels[sort].includes(process.env.BENCH_ONLY)) for (const k of depths) deep[sort].push(await cursorAt(sort, k));
  }

  const endpoints: Endpoint[] = [
    { label: '待办 inbox: unit open cases, nearest deadline first (handler/leader)', users: handlers, paths: [`/api/v1/cases?status=${OPEN}&sort=deadline&page=1&pageSize=20`] },
    // The chart beside the inbox list, loaded with it and after each action (before 3d158e9: six list requests).
    { label: '待办 load chart: GET /cases/load (handler/leader)', users: handlers, paths: ['/api/v1/cases/load'] },
    { label: '待办 inbox, page 5', users: handlers, paths: [`/api/v1/cases?status=${OPEN}&sort=deadline&page=5&pageSize=20`] },
    { label: '待分派 pool: pendingDispatch, nearest deadline first (operator)', users: operators, paths: ['/api/v1/cases?status=pendingDispatch&sort=deadline&page=1&pageSize=20'] },
    { label: '待回访 callbacks: complaints closed+declined, nearest deadline first (operator)', users: operators, paths: ['/api/v1/cases?type=complaint&status=closed,declined&sort=deadline&page=1&pageSize=20'] },
    { label: '案件查询 case list, newest first (operator, all 1M)', users: operators, paths: ['/api/v1/cases?page=1&pageSize=20'] },
    { label: '案件查询 case list, page 200 (operator)', users: operators, paths: ['/api/v1/cases?page=200&pageSize=20'] },
    { label: '案件查询 unit case list, newest first (handler/leader)', users: handlers, paths: ['/api/v1/cases?page=1&pageSize=20'] },
    { label: deepLabels.received, users: operators, paths: deep.received.map((x) => `/api/v1/cases?pageSize=20&cursor=${x}`) },
    { label: deepLabels.deadline, users: operators, paths: deep.deadline.map((x) => `/api/v1/cases?sort=deadline&pageSize=20&cursor=${x}`) },
    // q with 7+ digits is an identity (phone) search: rate-limited per user and audited (O121 Art. 37) — so the
    // prefix here is 6 digits; a full case number typed into q counts against the identity-search limit.
    { label: '案件查询 by case number prefix, 6 digits (operator)', users: operators, paths: some.map((no) => `/api/v1/cases?q=${no.slice(0, 6)}&page=1&pageSize=10`) },
    { label: '案件查询 by case number prefix, nearest deadline first (operator)', users: operators, paths: some.map((no) => `/api/v1/cases?q=${no.slice(0, 6)}&sort=deadline&page=1&pageSize=10`) },
    { label: '案件查询 by respondent name (operator)', users: operators, paths: ['好运电器', '平安超市', '诚信药房', '明珠餐饮'].map((x) => `/api/v1/cases?q=${encodeURIComponent(x)}&page=1&pageSize=10`) },
    { label: '案件查询 by respondent name, nearest deadline first (operator)', users: operators, paths: ['好运电器', '平安超市', '诚信药房', '明珠餐饮'].map((x) => `/api/v1/cases?q=${encodeURIComponent(x)}&sort=deadline&page=1&pageSize=10`) },
    { label: '通知 notifications (handler/leader)', users: handlers, paths: ['/api/v1/notifications?unread=true&limit=20'] },
  ].filter((e) => !process.env.BENCH_ONLY || e.label.includes(process.env.BENCH_ONLY));

  const prof = process.env.BENCH_API_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_API_CPU_PROF}`] : [];
  const app = await deploy({
    dbUrl: url, redisUrl: REDIS_URL, prefix: PREFIX, apiWorkers: process.env.BENCH_API_WORKERS ? Number(process.env.BENCH_API_WORKERS) : undefined, logFile: `/tmp/${DB}.log`,
    extraEnv: { FANGXIN_QUERY_COUNTER: '1', FANGXIN_GC_LOG: GC_DIR }, apiNodeArgs: ['--import', new URL('../support/query-counter.js', import.meta.url).pathname, ...prof],
  });
  log(`API ${app.apiWorkers} process(es), worker running; logs /tmp/${DB}.log`);
  const tokens = new Map<string, string>();
  for (const [u, t] of (await signIn(app.base, [...new Set([...handlers, ...operators])])).map((t, i) => [[...new Set([...handlers, ...operators])][i]!, t] as const)) tokens.set(u, t);
  const results: {
    label: string; rps: number; p50: number; p99: number; seq: number; cpu: number; pgCpu: number; pgReaped: number; queries: number; statuses: Record<string, number>;
    loaded: { api: number; pg: number; pgReaped: number; gen: number } | null;
  }[] = [];
  const pgQuery = (sql: string, p: unknown[]) => q<{ pid: number }>(sql, p);
  const apiPids = () => [...new Set([app.api.pid!, ...app.apiPids()])];
  const cpuMs = (pids: number[]) => pids.reduce((a, p) => a + cpuOf(p), 0);
  const mem = sampleRss(() => app.apiPids());
  for (const e of endpoints) {
    const job = { base: app.base, method: 'GET' as const, paths: e.paths, tokens: e.users.map((u) => tokens.get(u)!), bodies: [], connections: CONCURRENCY };
    // A sanity request per endpoint (a 4xx would measure nothing).
    const probe = await fetch(`${app.base}${e.paths[0]}`, { headers: { authorization: `Bearer ${job.tokens[0]}` } });
    if (!probe.ok) throw new Error(`${e.label}: ${probe.status} ${await probe.text()}`);
    await load({ ...job, durationS: 2 }); // warm-up
    // The warm-up's queued requests finish after its clients stop: wait until the API is idle, or they would count
    // in the per-request CPU and round trips below.
    for (let i = 0, last = cpuMs(app.apiPids()); i < 50; i++) {
      await new Promise((r) => setTimeout(r, 200));
      const now = cpuMs(app.apiPids());
      if (now - last < 10) break;
      last = now;
    }
    // The server time of one request on an idle connection (sequential p50): the query's cost, apart from queueing.
    const one: number[] = [];
    const q0 = await queryCounts(app.apiPids()); // the cluster's primary makes no queries
    const cpu = await cpuMeter(apiPids);
    const pgCpu = await pgCpuMeter(pgQuery, DB);
    for (let i = 0; i < SEQUENTIAL; i++) {
      const t0 = performance.now();
      const res = await fetch(`${app.base}${e.paths[i % e.paths.length]}`, { headers: { authorization: `Bearer ${job.tokens[i % job.tokens.length]}` } });
      await res.arrayBuffer();
      one.push(performance.now() - t0);
    }
    const cpuPer = (await cpu.stop()) / SEQUENTIAL;
    const pgPer = await pgCpu.stop();
    const queries = ((await queryCounts(app.apiPids())) - q0) / SEQUENTIAL;
    const seq = pct(one.sort((a, b) => a - b), 50);
    let loaded: (typeof results)[number]['loaded'] = null;
    let r: { latencies: number[]; durationMs: number; statusCounts: Record<string, number>; at?: number[]; startedAt?: number } = { latencies: [], durationMs: 1, statusCounts: {} };
    let tail = '';
    if (SECONDS > 0) {
      const [cpuApi, cpuPg, gen0] = [await cpuMeter(apiPids), await pgCpuMeter(pgQuery, DB), process.cpuUsage()];
      r = await load({ ...job, durationS: SECONDS, timeline: true });
      const gen = process.cpuUsage(gen0);
      const [apiMs, pgMs] = [await cpuApi.stop(), await cpuPg.stop()];
      const n = r.latencies.length;
      loaded = { api: apiMs / n, pg: pgMs.backends / n, pgReaped: pgMs.reaped / n, gen: (gen.user + gen.system) / 1000 / n };
      tail = `${slowWindows(r.latencies, r.at!)}; ${gcOverlap(r.latencies, r.at!, r.startedAt!, gcPauses(GC_DIR, app.apiPids()))}`;
    }
    const lat = [...r.latencies].sort((a, b) => a - b);
    results.push({ label: e.label, rps: lat.length / (r.durationMs / 1000), p50: pct(lat, 50), p99: pct(lat, 99), seq, cpu: cpuPer, pgCpu: pgPer.backends / SEQUENTIAL, pgReaped: pgPer.reaped / SEQUENTIAL, queries, statuses: r.statusCounts, loaded });
    log(`${e.label}: sequential p50 ${fmt(seq)} ms, API CPU ${fmt(cpuPer)} ms, PostgreSQL CPU ${fmt(pgPer.backends / SEQUENTIAL, 2)} ms (+ ${fmt(pgPer.reaped / SEQUENTIAL, 2)} ms reaped) and ${fmt(queries)} queries per request; c=${CONCURRENCY}: ${fmt(lat.length / (r.durationMs / 1000), 0)} req/s, p50 ${fmt(pct(lat, 50))} ms, p99 ${fmt(pct(lat, 99))} ms · load ${load1()}`);
    // "reaped" is server-wide (any database's exited process): an upper bound for this bench's parallel workers, kept
    // out of the total — on a shared server it is mostly other people's connections.
    if (loaded) log(`  under load, CPU per request: API ${fmt(loaded.api, 2)} ms, PostgreSQL ${fmt(loaded.pg, 2)} ms, load generator ${fmt(loaded.gen, 2)} ms, total ${fmt(loaded.api + loaded.pg + loaded.gen, 2)} ms (+ ≤ ${fmt(loaded.pgReaped, 2)} ms reaped by the postmaster, server-wide); ${tail}`);
  }
  const peak = mem.stop();
  console.log('');
  console.log(`  reads over ${n.toLocaleString('en')} cases, concurrency ${CONCURRENCY}, ${SECONDS} s each, API ${app.apiWorkers} process(es) + worker; load average now ${load1()} (shared machine)`);
  for (const r of results)
    console.log(`  ${r.label.padEnd(72)} sequential p50 ${fmt(r.seq).padStart(7)} ms  API CPU ${fmt(r.cpu).padStart(5)} ms/req  PG CPU ${fmt(r.pgCpu, 2).padStart(5)} ms/req  ${r.loaded ? `c=${CONCURRENCY} CPU ${fmt(r.loaded.api + r.loaded.pg + r.loaded.gen, 2).padStart(5)} ms/req  ` : ''}${fmt(r.queries).padStart(4)} queries/req  ${fmt(r.rps, 0).padStart(5)} req/s  p50 ${fmt(r.p50).padStart(7)} ms  p99 ${fmt(r.p99).padStart(7)} ms  ${r.p99 < 100 ? 'met' : 'MISSED'} (p99 < 100 ms)  ${JSON.stringify(r.statuses)}`);
  for (const [pid, mb] of peak) console.log(`  API process ${pid}: peak RSS ${fmt(mb, 0)} MB (target ≤ 256 MB: ${mb <= 256 ? 'met' : 'MISSED'})`);
  console.log('');

  // EXPLAIN the SQL behind the lists (as ListCases sends it) for one inbox user and the operator.
  const unit = (await q<{ id: string }>(`SELECT un.id FROM users u JOIN units un ON un.id = u.unit_id WHERE u.username = $1`, [handlers[0]]))[0]!.id;
  const explain = async (label: string, sql: string, params: unknown[]) => {
    const plan = (await q<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${sql}`, params)).map((r) => r['QUERY PLAN']);
    console.log(`  EXPLAIN ${label}:\n${plan.map((l) => `    ${l}`).join('\n')}`);
  };
  if (process.env.BENCH_EXPLAIN !== '0') {
    await explain('count of a unit inbox', `SELECT count(*) FROM cases WHERE assigned_unit_id = ANY($1::uuid[]) AND status = ANY($2::text[])`, [[unit], OPEN.split(',')]);
    await explain('operator case list, newest first', `SELECT id FROM cases ORDER BY received_at DESC, case_no DESC LIMIT 20 OFFSET 0`, []);
    await explain('operator case list count', `SELECT count(*) FROM cases`, []);
    await explain('callbacks count', `SELECT count(*) FROM cases WHERE type = 'complaint' AND status = ANY($1::text[])`, [['closed', 'declined']]);
  }
  await tearDown(app, c, { db: DB, prefix: PREFIX, redisUrl: REDIS_URL });
  rmSync(GC_DIR, { recursive: true, force: true });
}

/**
 * Where the requests slower than the run's p99 fall: in how many of the run's 100 ms windows, and the share of them
 * in the worst 5 % of windows (≈ 5 % when spread evenly; most of them in a few windows: a stall).
 */
function slowWindows(latencies: number[], at: number[]): string {
  const p99 = pct([...latencies].sort((a, b) => a - b), 99);
  const windows = new Map<number, number>();
  let slow = 0;
  const all = Math.max(1, Math.ceil(Math.max(...at, 0) / 100));
  latencies.forEach((ms, i) => {
    if (ms < p99) return;
    slow++;
    const w = Math.floor((at[i]! - ms) / 100); // the window the request was sent in
    windows.set(w, (windows.get(w) ?? 0) + 1);
  });
  const worst = [...windows.values()].sort((a, b) => b - a).slice(0, Math.max(1, Math.round(all * 0.05))).reduce((a, b) => a + b, 0);
  return `${slow} requests ≥ p99 ${fmt(p99)} ms were sent in ${windows.size} of ${all} 100-ms windows, ${fmt((100 * worst) / Math.max(1, slow), 0)} % of them in the worst 5 % of windows`;
}

/**
 * Whether the slow requests (≥ the run's p99) waited on a garbage collection of the API: the share of them in flight
 * during a pause of 10 ms or more in either API process, against the same share of all requests.
 */
function gcOverlap(latencies: number[], at: number[], startedAt: number, pauses: { at: number; ms: number; kind: number }[]): string {
  const end = startedAt + Math.max(...at, 0);
  const inRun = pauses.filter((g) => g.ms >= 10 && g.at + g.ms >= startedAt && g.at <= end);
  const p99 = pct([...latencies].sort((a, b) => a - b), 99);
  const hit = (i: number) => {
    const [to, from] = [startedAt + at[i]!, startedAt + at[i]! - latencies[i]!];
    return inRun.some((g) => g.at < to && g.at + g.ms > from);
  };
  let slow = 0, slowHit = 0, allHit = 0;
  latencies.forEach((ms, i) => {
    const h = hit(i);
    if (h) allHit++;
    if (ms >= p99) { slow++; if (h) slowHit++; }
  });
  const major = inRun.filter((g) => g.kind === 2 || g.kind === 4);
  return `API GC pauses ≥ 10 ms in the run: ${inRun.length} (${major.length} major, longest ${fmt(Math.max(0, ...inRun.map((g) => g.ms)))} ms, ${fmt(inRun.reduce((a, g) => a + g.ms, 0), 0)} ms in all); in flight during one: ${fmt((100 * slowHit) / Math.max(1, slow), 0)} % of the requests ≥ p99, ${fmt((100 * allHit) / Math.max(1, latencies.length), 0)} % of all`;
}

await main();
