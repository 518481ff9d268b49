// npm run bench:deadlines:under-load — issue 15 §1/§1b: the deadline engine at 100,000 clocks while intake loads the
// machine, in one script, printing both. One deployment, as a bureau runs it: the demo city + 1,000,000 cases
// (bench/support/seeded-db.ts), N hour clocks added to it with a real escalation ladder (default `due:0,supervise:60`:
// the due rung and 60 s later the 督办 rung, which opens a supervision item), due over --window-s (300) s; the clustered
// API and the worker (bench/support/deployed.ts) start on it, the worker arms the rungs, and operators register cases
// at concurrency 32 (BENCH_CONCURRENCY) from before the first rung until 60 s after the last.
// (Until 2026-12-06 the two benches ran as two deployments on one machine; the intake then had no way to know that
// another system's clocks fired late. In one deployment the API yields to its own worker: docs/deadlines.md,
// "Deadlines first".)
// Target: lateness p99 ≤ 1 s under that load, 0 missed, 0 doubled; intake's own figures printed as they are.
// Flags: --n, --window-s, --ladder, --grace-s (default 180), --lead-s (time from the worker's start to the first rung;
// default 45 + 2·N/10,000). Env: BENCH_CONCURRENCY, BENCH_USERS, BENCH_BODIES, BENCH_KEEP_DB=1, and deploy()'s knobs.
import { cpus } from 'node:os';
import pg from 'pg';
import { seededDatabase, tearDown } from '../support/seeded-db.js';
import { benchRun, cpuMeter, deploy, fmt, load, load1, log, pct, sampleRss, signIn, memory } from '../support/deployed.js';
import { bodies } from '../support/bodies.js';
import { claimsReport, firingReport, seedDeadlines, seedPolicy } from './seed.js';

const arg = (name: string, d: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? d;
const N = Number(arg('n', '100000'));
const WINDOW_MS = Number(arg('window-s', '300')) * 1000;
const LADDER = arg('ladder', 'due:0,supervise:60').split(',').map((x) => {
  const [rung, off] = x.split(':');
  return { rung: rung as 'warn' | 'due' | 'remind' | 'supervise' | 'notice', offsetMs: Number(off) * 1000 };
});
const GRACE_MS = Number(arg('grace-s', '180')) * 1000;
const LEAD_MS = Number(arg('lead-s', String(Math.ceil(45 + (2 * N) / 10_000)))) * 1000;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const USERS = Number(process.env.BENCH_USERS ?? 40);
const BODIES = Number(process.env.BENCH_BODIES ?? 2_000);
const { stamp: STAMP, db: DB, prefix: PREFIX, redisUrl: REDIS_URL } = benchRun('underload');
const MARK = `压测${STAMP}`;
const WARN_LEAD_MS = Math.max(0, ...LADDER.map((r) => -r.offsetMs));
const LAST_OFFSET_MS = Math.max(0, ...LADDER.map((r) => r.offsetMs));
// The bench clocks' receipt day, the only day their policy is in force: the registrations made alongside get none.
const ONLY_ON = '2001-01-01';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const started = Date.now();
  log(`${new Date().toISOString()} · ${cpus().length} vCPU · load ${load1()} · ${N.toLocaleString('en')} clocks × (${LADDER.map((r) => `${r.rung} ${r.offsetMs / 1000} s`).join(', ')}) due over ${WINDOW_MS / 1000} s, intake at concurrency ${CONCURRENCY}`);
  const { url, seconds } = await seededDatabase(DB, log);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const q = async <T extends pg.QueryResultRow>(sql: string, p: unknown[] = []) => (await c.query<T>(sql, p)).rows;
  const [{ n: history }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  log(`database ${DB} cloned in ${fmt(seconds)} s: ${history.toLocaleString('en')} cases`);

  const policyId = await seedPolicy(c, 'benchClock', LADDER.map((r) => ({ rung: r.rung, offset: r.offsetMs / 3_600_000 })), { onlyOn: ONLY_ON });
  // The first rung LEAD_MS after the worker starts (boot, arming, sign-in): the clocks are placed now, timed from then.
  const firstRung = Date.now() + LEAD_MS + 20_000;
  const firstDue = new Date(firstRung + WARN_LEAD_MS);
  let t = performance.now();
  await seedDeadlines(c, { n: N, kind: 'benchClock', policyId, firstDue, windowMs: WINDOW_MS, caseNoPrefix: '9001', receivedAt: new Date(`${ONLY_ON}T12:00:00+08:00`) });
  await c.query('ANALYZE cases, deadlines');
  log(`added ${N.toLocaleString('en')} cases with a running clock each in ${fmt((performance.now() - t) / 1000)} s`);
  const lastRung = firstDue.getTime() + WINDOW_MS + LAST_OFFSET_MS;
  if (Date.now() > firstRung - LEAD_MS) log('WARNING: seeding outlasted its margin; the first rungs may come before the worker has armed them');

  const app = await deploy({ dbUrl: url, redisUrl: REDIS_URL, prefix: PREFIX, logFile: `/tmp/${DB}.log` });
  log(`API ${app.apiWorkers} process(es) (pids ${app.apiPids().join(', ')}) · worker pid ${app.worker!.pid} · logs /tmp/${DB}.log · first rung in ${fmt((firstRung - Date.now()) / 1000, 0)} s`);
  const users = (await q<{ username: string }>(`SELECT username FROM users WHERE role IN ('operator', 'handler') AND active ORDER BY (username = 'operator') DESC, username LIMIT $1`, [USERS])).map((r) => r.username);
  const tokens = await signIn(app.base, users);
  const bodyList = await bodies(c, BODIES, MARK);
  const expected = N * LADDER.length;
  const firedSoFar = async () => (await q<{ n: number }>('SELECT count(*)::int AS n FROM deadline_firings f JOIN deadlines d ON d.id = f.deadline_id WHERE d.policy_id = $1', [policyId]))[0]!.n;

  // Intake from now until 60 s after the last rung; the rungs fire in the middle of it.
  const mem = sampleRss(() => [...app.apiPids(), app.worker!.pid!]);
  const cpuApi = await cpuMeter(() => [...new Set([app.api.pid!, ...app.apiPids()])]);
  const cpuWorker = await cpuMeter(() => [app.worker!.pid!]);
  const cpuPg = await cpuMeter(async () => (await q<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [DB])).map((x) => x.pid));
  const loadSecs = Math.max(60, Math.ceil((lastRung + 60_000 - Date.now()) / 1000));
  const loadAt = Date.now();
  const intake = load({ base: app.base, method: 'POST', paths: ['/api/v1/cases'], tokens, bodies: bodyList, connections: CONCURRENCY, durationS: loadSecs });
  let lastLog = 0;
  let fired = 0;
  for (;;) {
    fired = await firedSoFar();
    if (fired >= expected || Date.now() > lastRung + GRACE_MS) break;
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`${Math.round((Date.now() - loadAt) / 1000)} s into the load: fired ${fired.toLocaleString('en')}/${expected.toLocaleString('en')}; ${Date.now() < lastRung ? `${Math.round((lastRung - Date.now()) / 1000)} s of rungs to go` : `${Math.round((Date.now() - lastRung) / 1000)} s past the last rung`} · load ${load1()}`);
    }
    await sleep(2000);
  }
  if (fired < expected) log(`grace period over with ${expected - fired} rung(s) unfired`);
  const r = await intake;
  const [apiCpu, workerCpu, pgCpu] = [await cpuApi.stop(), await cpuWorker.stop(), await cpuPg.stop()];
  const peak = mem.stop();
  await sleep(5000); // any redelivery or duplicate would land now
  const f = await firingReport(c, LADDER, policyId);
  const claims = await claimsReport(c, policyId);
  // Registrations per second while the rungs fired, against before and after (the pace the API took).
  // One Idempotency-Key per registration (a complaint that is also a report adds a linked case: cases would count it twice).
  const [{ during, outside }] = await q<{ during: number; outside: number }>(
    `SELECT count(*) FILTER (WHERE created_at BETWEEN $1 AND $2)::int AS during, count(*) FILTER (WHERE created_at NOT BETWEEN $1 AND $2)::int AS outside
     FROM idempotency_keys WHERE resource IS NOT NULL AND created_at >= $3`, [new Date(firstRung), new Date(lastRung), new Date(loadAt)]);
  const windowS = (lastRung - firstRung) / 1000;
  const outsideS = Math.max(1, r.durationMs / 1000 - windowS);
  const lat = r.latencies.sort((a, b) => a - b);
  const ok = r.statusCounts['201'] ?? 0;
  const rate = ok / (r.durationMs / 1000);
  const paced = (await import('node:fs')).readFileSync(`/tmp/${DB}.log`, 'utf8').split('\n').filter((l) => l.includes('registrations paced at') || l.includes('no longer paced'));
  const missed = expected - f.fired;
  const verdict = (b: boolean) => (b ? 'met' : 'MISSED');

  console.log('');
  console.log(`=== deadlines ${N.toLocaleString('en')} × (${LADDER.map((l) => `${l.rung}:${l.offsetMs / 1000}`).join(',')}) under intake load, one deployment, ${Math.round((Date.now() - started) / 1000)} s in all ===`);
  console.log(`  machine: ${cpus().length} vCPU · load average ${load1()} at the end · database: demo city + ${history.toLocaleString('en')} cases + ${N.toLocaleString('en')} bench clocks; API ${app.apiWorkers} process(es) + worker`);
  console.log('--- deadline engine (target lateness p99 ≤ 1000 ms) ---');
  console.log(`  ${expected.toLocaleString('en')} rungs due over ${fmt(windowS, 0)} s (offered ${Math.round(expected / windowS)} rungs/s)`);
  console.log(`  lateness p50 ${fmt(f.p50, 0)} ms · p99 ${fmt(f.p99, 0)} ms (per rung: ${f.perRung ?? '–'}) · max ${fmt(f.max, 0)} ms · min ${fmt(f.min, 0)} ms   (target p99 ≤ 1000 ms: ${verdict(f.p99 <= 1000)})`);
  console.log(`  missed ${missed} (must be 0: ${missed === 0 ? 'ok' : 'FAIL'}) · doubled claims ${claims.doubled_claims}, doubled timeline events ${claims.doubled_events} (must be 0: ${claims.doubled_claims + claims.doubled_events === 0 ? 'ok' : 'FAIL'})`);
  console.log(`  timeline events ${claims.events.toLocaleString('en')}, notifications ${claims.notifications.toLocaleString('en')}, 督办 items opened by escalation ${claims.supervisions.toLocaleString('en')}, clocks still running ${claims.running.toLocaleString('en')}`);
  console.log(`  worker ${app.worker!.pid}: peak RSS ${fmt(peak.get(app.worker!.pid!) ?? NaN, 0)} MB, VmHWM ${fmt(memory(app.worker!.pid!).hwm, 0)} MB   (target ≤ 256 MB: ${verdict((peak.get(app.worker!.pid!) ?? Infinity) <= 256)})`);
  console.log('--- intake alongside (targets ≥ 450/s, p99 < 50 ms on their own) ---');
  console.log(`  ${ok.toLocaleString('en')} registrations in ${fmt(r.durationMs / 1000, 0)} s = ${fmt(rate, 0)}/s · while the rungs fired: ${fmt(during / windowS, 0)}/s, before and after: ${fmt(outside / outsideS, 0)}/s`);
  console.log(`  latency p50 ${fmt(pct(lat, 50), 1)} ms · p95 ${fmt(pct(lat, 95), 1)} ms · p99 ${fmt(pct(lat, 99), 1)} ms · max ${fmt(lat[lat.length - 1] ?? NaN, 1)} ms · statuses ${JSON.stringify(r.statusCounts)} · errors ${r.errors} · timeouts ${r.timeouts}`);
  console.log(`  deadline-first pacing (docs/deadlines.md): ${paced.length} transition(s) logged by the API processes${paced.length ? `; first: ${paced[0]!.replace(/^.*"msg":"([^"]*)".*$/, '$1').slice(0, 120)}` : ''}`);
  const all = apiCpu + workerCpu + pgCpu;
  console.log(`  CPU over the load: API ${fmt(apiCpu / 1000, 1)} s, worker ${fmt(workerCpu / 1000, 1)} s, PostgreSQL ${fmt(pgCpu / 1000, 1)} s = ${fmt((100 * all) / (r.durationMs * cpus().length), 0)} % of the machine (the load generator's own not counted)`);
  for (const pid of app.apiPids()) console.log(`  API process ${pid}: peak RSS ${fmt(peak.get(pid) ?? NaN, 0)} MB   (target ≤ 256 MB: ${verdict((peak.get(pid) ?? Infinity) <= 256)})`);
  console.log('');

  await tearDown(app, c, { db: DB, prefix: PREFIX, redisUrl: REDIS_URL });
  // a lost or doubled rung is a defect, not a figure
  if (missed !== 0 || claims.doubled_claims + claims.doubled_events !== 0) process.exitCode = 1;
}

await main();
