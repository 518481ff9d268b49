// Deadline engine guarantees (issue 3, "Guarantees"): PostgreSQL is the truth, Redis only carries wake-ups.
// (a) the Redis keyspace wiped with 1,000 live deadlines, (b) the worker process SIGKILLed while firing,
// (c) every PostgreSQL connection of the worker cut while it runs — each time every rung fires exactly once —
// and clock skew: an early delivery re-schedules itself, a late one fires and reports its lateness.
// Issue 11 §6: every rung KIND (warn, due, remind, supervise, notice) survives worker kill -9 loops, jobs removed or
// failed in Redis (the sweep and the re-arm catch them up), and a private Redis FLUSHALLed and restarted.
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { Redis } from 'ioredis';
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { CommandBus } from '@nestjs/cqrs';
import { FixedClock, QUEUES, jobId, loadEnv, queuePrefix, type AppEnv, type JobMap } from '#platform';
import { CalendarStore, ClockArming, ClockSubjects, FireDeadlineRungs, FireDeadlineRungsHandler } from '#deadlines-nest';
import { createTestDb, seedOrg, PG_ADMIN_URL, REDIS_URL, type TestDb } from '#testing';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { DeadlineProcessor } from '../../apps/worker/src/deadline.processor.js';
import { DeadlineTimers } from '../../apps/worker/src/deadline-timers.js';
import { flushPrefix, ledger, seedDeadlines, seedPolicy } from '../../bench/deadlines/seed.js';
import { WORKER_JS, ensureBuilt, kill9, privatePort, sleep, spawnNode, startRedis as startPrivateRedis, waitFor } from '../support/processes.js';

const N = 1000;

let db: TestDb;
let env: AppEnv;
let redis: Redis;
let policyId: string;
const running: RunningWorker[] = [];
const children: ChildProcess[] = [];

/** A fresh connection per call: test (c) terminates every backend of the test database, ours included. */
async function sql<T>(fn: (c: pg.Client) => Promise<T>, url = db.url): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {});
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

async function boot(over: Partial<AppEnv> = {}): Promise<RunningWorker> {
  const w = await startWorker(Object.keys(over).length ? loadEnv({}, { ...env, ...over }) : env, undefined, { logger: false });
  running.push(w);
  return w;
}
async function halt(w: RunningWorker): Promise<void> {
  running.splice(running.indexOf(w), 1);
  await w.stop();
}

/** Every deadline of `kind` fired its single `due` rung exactly once, with exactly one DeadlineOverdue event. */
async function expectExactlyOnce(kind: string): Promise<void> {
  // Let any redelivered or re-armed duplicate run before counting.
  await sleep(3000);
  const l = await sql((c) => ledger(c, kind));
  expect(l).toEqual({ deadlines: N, firings: N, doubledFirings: 0, dueFired: N, overdueEvents: N, doubledEvents: 0, stillRunning: 0 });
}

const firedCount = (kind: string) =>
  sql(async (c) => (await c.query(`SELECT count(*)::int AS n FROM deadline_firings f JOIN deadlines d ON d.id = f.deadline_id WHERE d.step = $1`, [kind])).rows[0].n as number);

/**
 * A ladder with every rung kind, in hours (seconds apart): warn −15 s, due, remind/supervise/notice +2/+4/+6 s. A
 * warning is dropped once its clock is past due (the rule), so its lead is kept well above the 5 s sweep interval.
 */
const FULL_LADDER = [
  { rung: 'warn', offset: -15 / 3600 }, { rung: 'due', offset: 0 }, { rung: 'remind', offset: 2 / 3600 },
  { rung: 'supervise', offset: 4 / 3600 }, { rung: 'notice', offset: 6 / 3600 },
] as const;
const RUNG_EVENT = { warn: 'DeadlineWarned', due: 'DeadlineOverdue', remind: 'ReminderSent', supervise: 'SupervisionOpened', notice: 'NoticeIssued' } as const;

/** Every deadline of `kind` fired each of the ladder's rungs exactly once, with exactly one timeline event each. */
async function expectEveryRungOnce(kind: string, n: number): Promise<void> {
  await sleep(3000);
  const { firings, events, doubled, running } = await sql(async (c) => ({
    firings: (await c.query(`SELECT f.rung, count(*)::int AS n, count(DISTINCT f.deadline_id)::int AS d FROM deadline_firings f
      JOIN deadlines d ON d.id = f.deadline_id WHERE d.step = $1 GROUP BY 1 ORDER BY 1`, [kind])).rows,
    events: (await c.query(`SELECT e.type, count(*)::int AS n FROM case_events e JOIN deadlines d ON d.case_id = e.case_id
      WHERE d.step = $1 AND e.data->>'deadlineId' = d.id::text GROUP BY 1 ORDER BY 1`, [kind])).rows,
    doubled: (await c.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM case_events e JOIN deadlines d ON d.case_id = e.case_id
      WHERE d.step = $1 AND e.data->>'deadlineId' = d.id::text GROUP BY e.data->>'deadlineId', e.type HAVING count(*) > 1) x`, [kind])).rows[0].n,
    running: (await c.query(`SELECT count(*)::int AS n FROM deadlines WHERE step = $1 AND state = 'running'`, [kind])).rows[0].n,
  }));
  const rungs = FULL_LADDER.map((r) => r.rung).sort();
  expect(firings).toEqual(rungs.map((rung) => ({ rung, n, d: n })));
  expect(events).toEqual(rungs.map((r) => RUNG_EVENT[r]).sort().map((type) => ({ type, n })));
  expect(doubled).toBe(0);
  expect(running).toBe(0);
}

const rungsFired = (kind: string) =>
  sql(async (c) => (await c.query(`SELECT count(*)::int AS n FROM deadline_firings f JOIN deadlines d ON d.id = f.deadline_id WHERE d.step = $1`, [kind])).rows[0].n as number);

const deadlineIds = (kind: string) =>
  sql(async (c) => (await c.query<{ id: string }>(`SELECT id FROM deadlines WHERE step = $1 ORDER BY due_at, id`, [kind])).rows.map((r) => r.id));

const rungJobIds = (ids: string[]) => ids.flatMap((deadlineId) => FULL_LADDER.map((r) => jobId['deadline.rung']({ deadlineId, version: 1, rung: r.rung })));

/**
 * Deletes the reconcile sentinel (under the queues' hash-tagged prefix): every running worker re-arms every live rung
 * from PostgreSQL within a second — how rungs seeded after the workers are up get their jobs.
 */
async function dropSentinel(): Promise<void> {
  expect(await redis.del(`${queuePrefix(db.redisPrefix)}:deadlines:reconciled`)).toBe(1);
}

/** A private redis-server for this file. */
const startRedis = (port: number) => startPrivateRedis(port, children);

/** The real worker entry point (node dist/apps/worker/src/main.js) in its own process. */
function spawnWorker(log: string[], over: Record<string, string> = {}): Promise<ChildProcess> {
  return spawnNode(WORKER_JS, {
    DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: db.redisPrefix, SWEEP_INTERVAL_MS: '5000', OUTBOX_POLL_MS: '200', NODE_ENV: 'test',
    WORKER_HEALTH_PORT: '0', // several workers run at once: no health port to share
    ...over,
  }, '[worker] relaying outbox', log, children);
}

beforeAll(async () => {
  db = await createTestDb();
  await seedOrg(db.prisma);
  env = loadEnv({}, { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: db.redisPrefix, NODE_ENV: 'test', SWEEP_INTERVAL_MS: 5000, OUTBOX_POLL_MS: 200 });
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  // One rung per deadline: an hour clock whose ladder is just `due` (fires at due_at + 1 ms).
  policyId = await sql((c) => seedPolicy(c, 'recoveryClock', [{ rung: 'due', offset: 0 }]));
  ensureBuilt();
}, 300_000);

afterAll(async () => {
  for (const c of children) await kill9(c);
  for (const w of [...running]) await halt(w).catch(() => {});
  await flushPrefix(redis, db.redisPrefix).catch(() => {});
  redis?.disconnect();
  await db?.drop();
});

describe('deadline engine recovery', () => {
  it('(a) Redis keyspace wiped with 1,000 live deadlines armed: the restarted worker re-arms and fires every rung once', async () => {
    const kind = 'rcvFlush';
    await sql((c) => seedDeadlines(c, { n: N, kind, policyId, firstDue: new Date(Date.now() + 20_000), windowMs: 20_000, caseNoPrefix: '9011' }));
    let w = await boot();
    expect(w.deadlines.stats.rearmed).toBe(N);
    const queue = w.app.get(DeadlineTimers).queue;
    expect((await queue.getJobCounts('delayed')).delayed).toBe(N);

    // The issue says FLUSHALL. Other test files share this Redis concurrently, so a global FLUSHALL would wreck
    // their queues; deleting every key under this file's own prefix (SCAN + UNLINK `${prefix}:*`) is the same
    // loss for this worker — all of its queues, delayed jobs, ids and locks are gone.
    expect(await flushPrefix(redis, db.redisPrefix)).toBeGreaterThan(0);
    expect((await queue.getJobCounts('delayed')).delayed).toBe(0);

    await halt(w);
    w = await boot();
    expect(w.deadlines.stats.rearmed).toBe(N);
    await waitFor('every rung to fire', async () => (await firedCount(kind)) >= N, 90_000);
    await expectExactlyOnce(kind);
    // No job was armed twice: a wake-up finds its rung claimed only when the sweeper fired it first (a job late by
    // more than the sweep's grace on a loaded machine).
    expect(w.deadlines.stats.duplicate).toBeLessThanOrEqual(w.deadlines.stats.swept);
    await halt(w);
  }, 180_000);

  it('(b) worker process SIGKILLed in the middle of firing a batch: restarted, no rung lost or doubled', async () => {
    const kind = 'rcvKill';
    const log: string[] = [];
    const first = await spawnWorker(log);
    // 1,000 rungs due over 10 s, seeded once the child is up and armed by its sentinel check: the kill lands
    // mid-batch however long the boot took (seeded first, a slow boot on a loaded machine found them all due at once).
    await sql((c) => seedDeadlines(c, { n: N, kind, policyId, firstDue: new Date(Date.now() + 5_000), windowMs: 10_000, caseNoPrefix: '9013' }));
    await dropSentinel();
    await waitFor('the batch to start firing', async () => (await firedCount(kind)) >= 150, 60_000);
    await kill9(first);
    const atKill = await firedCount(kind);
    expect(atKill).toBeLessThan(N); // killed mid-batch, not after it
    await sleep(1500);
    expect(await firedCount(kind)).toBe(atKill); // nothing fires while no worker runs

    // Jobs that were active in the killed process stay locked until their lock expires; the restarted worker's
    // sweep fires the due rungs at once, and the stalled jobs, when recovered, find their claim taken.
    await spawnWorker(log);
    await waitFor('every rung to fire after the restart', async () => (await firedCount(kind)) >= N, 90_000);
    await expectExactlyOnce(kind);
  }, 240_000);

  it('(c) PostgreSQL connections cut while the worker runs: it reconnects and every rung still fires once', async () => {
    for (const c of children) await kill9(c);
    const kind = 'rcvPg';
    const w = await boot();
    // Seeded once the worker is up, armed by its sentinel check: the cuts land while rungs fire however slow the boot.
    await sql((c) => seedDeadlines(c, { n: N, kind, policyId, firstDue: new Date(Date.now() + 5_000), windowMs: 12_000, caseNoPrefix: '9017' }));
    const before = w.deadlines.stats.rearmed;
    await dropSentinel();
    await waitFor('the sentinel check to re-arm the new rungs', async () => w.deadlines.stats.rearmed >= before + N, 10_000);
    await waitFor('the batch to start firing', async () => (await firedCount(kind)) >= 100, 60_000);
    // A PostgreSQL *server* restart would cut every concurrently running test file's database too, so this cuts
    // every backend of this test's database instead — the same loss of every pooled connection, the LISTEN
    // connection and in-flight transactions, as seen from the worker.
    let terminated = 0;
    for (let i = 0; i < 3; i++) {
      terminated += await sql(async (c) => (await c.query(
        `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db.name])).rows[0].n as number, PG_ADMIN_URL);
      await sleep(1500);
    }
    expect(terminated).toBeGreaterThan(0);
    expect(await firedCount(kind)).toBeLessThan(N); // the cuts landed while rungs were still firing
    await waitFor('every rung to fire after the connection loss', async () => (await firedCount(kind)) >= N, 90_000);
    await expectExactlyOnce(kind);
    await halt(w);
  }, 180_000);

  it('(a2) Redis keyspace wiped while the worker keeps running: warnings as well as due rungs still fire once', async () => {
    // Without a restart nothing re-arms at boot, and the sweeper only re-fires `due` rungs: the processor notices
    // the lost keys (a sentinel under its prefix) on its next tick and re-arms every live rung from PostgreSQL.
    const warnPolicy = await sql((c) => seedPolicy(c, 'recoveryWarnClock', [{ rung: 'warn', offset: -10 / 3600 }, { rung: 'due', offset: 0 }]));
    const kind = 'rcvFlushLive';
    const n = 50;
    await sql((c) => seedDeadlines(c, { n, kind, policyId: warnPolicy, firstDue: new Date(Date.now() + 25_000), windowMs: 2_000, caseNoPrefix: '9015' }));
    const w = await boot();
    expect(w.deadlines.stats.rearmed).toBe(2 * n);
    expect(await flushPrefix(redis, db.redisPrefix)).toBeGreaterThan(0);
    await waitFor('every warn and due rung to fire', async () => (await firedCount(kind)) >= 2 * n, 90_000);
    await sleep(3000);
    const rows = await sql(async (c) => (await c.query(
      `SELECT f.rung, count(*)::int AS n, count(DISTINCT f.deadline_id)::int AS d FROM deadline_firings f JOIN deadlines d ON d.id = f.deadline_id
       WHERE d.step = $1 GROUP BY 1 ORDER BY 1`, [kind])).rows);
    expect(rows).toEqual([{ rung: 'due', n, d: n }, { rung: 'warn', n, d: n }]);
    const events = await sql(async (c) => (await c.query(
      `SELECT e.type, count(*)::int AS n FROM case_events e JOIN deadlines d ON d.case_id = e.case_id
       WHERE d.step = $1 AND e.type IN ('DeadlineWarned', 'DeadlineOverdue') GROUP BY 1 ORDER BY 1`, [kind])).rows);
    expect(events).toEqual([{ type: 'DeadlineOverdue', n }, { type: 'DeadlineWarned', n }]);
    expect(w.deadlines.stats.rearmed).toBeGreaterThanOrEqual(4 * n);
    await halt(w);
  }, 150_000);

  it('clock skew: an early delivery re-schedules itself, a late one fires once and reports its lateness', async () => {
    const kind = 'rcvSkew';
    const dueAt = Date.now() + 6_000;
    await sql((c) => seedDeadlines(c, { n: 2, kind, policyId, firstDue: new Date(dueAt), windowMs: 2, caseNoPrefix: '9019' }));
    const ids = await sql(async (c) => (await c.query<{ id: string; due_at: Date }>(`SELECT id, due_at FROM deadlines WHERE step = $1 ORDER BY due_at, id`, [kind])).rows);
    const w = await boot();

    // A processor whose clock is fixed: wired like the worker's, but with a FixedClock everywhere time is read.
    const app = w.app;
    const fixed = new FixedClock(new Date(ids[0]!.due_at.getTime() - 60_000));
    const handler = new FireDeadlineRungsHandler(app.get(ClockSubjects), fixed, app.get(CalendarStore));
    const bus = { execute: (c: FireDeadlineRungs) => handler.execute(c) } as unknown as CommandBus;
    const proc = new DeadlineProcessor(bus, app.get(ClockArming), app.get(DeadlineTimers), fixed, env);
    const fake = (deadlineId: string) => {
      const moveToDelayed = jest.fn(async () => {});
      return { job: { data: { deadlineId, version: 1, rung: 'due' }, moveToDelayed } as unknown as Job<JobMap['deadline.rung']>, moveToDelayed };
    };

    // Early (the job arrives a minute before the rung): nothing fires; with a lock token it moves itself back to
    // the delayed set at the rung's instant.
    const early = fake(ids[0]!.id);
    await expect(proc.handle(early.job, 'lock-token')).rejects.toBeInstanceOf(DelayedError);
    expect(early.moveToDelayed).toHaveBeenCalledWith(ids[0]!.due_at.getTime() + 1, 'lock-token');
    expect(await proc.handle(fake(ids[0]!.id).job)).toBe('early');
    expect(proc.stats.early).toBe(2);

    // Late (90 s after the rung): fires, and the lateness reaches the stats and the firing row.
    fixed.set(new Date(ids[0]!.due_at.getTime() + 90_000));
    expect(await proc.handle(fake(ids[0]!.id).job)).toBe('fired');
    expect(proc.stats.lateness).toEqual([89_999]);
    expect(await proc.handle(fake(ids[0]!.id).job)).toBe('duplicate');
    const row = await db.prisma.deadlineFiring.findFirstOrThrow({ where: { deadlineId: ids[0]!.id, version: 1, rung: 'due' } });
    expect(row).toMatchObject({ lateMs: 89_999 });
    expect(row.firedAt.getTime()).toBe(ids[0]!.due_at.getTime() + 90_000);

    // Through the real queue: a stray copy of the second deadline's job delivered now (seconds early) goes back
    // to sleep and fires no sooner than the rung; together with the regular job, the rung fires once.
    const d2 = ids[1]!;
    await w.app.get(DeadlineTimers).queue.add('deadline.rung', { deadlineId: d2.id, version: 1, rung: 'due' }, { jobId: `skew-early-${d2.id}`, delay: 0, removeOnComplete: true });
    await waitFor('the early copy to be re-delayed', async () => w.deadlines.stats.early >= 1, 5_000);
    expect(Date.now()).toBeLessThan(d2.due_at.getTime());
    await waitFor('the second rung to fire', async () => (await db.prisma.deadlineFiring.count({ where: { deadlineId: d2.id } })) === 1, 30_000);
    await sleep(1500);
    const fired = await db.prisma.deadlineFiring.findMany({ where: { deadlineId: d2.id } });
    expect(fired).toHaveLength(1);
    expect(fired[0]!.firedAt.getTime()).toBeGreaterThanOrEqual(d2.due_at.getTime() + 1);
    expect(w.deadlines.stats.fired + w.deadlines.stats.duplicate).toBeGreaterThanOrEqual(2);
    await halt(w);
  }, 120_000);

  it('(d) workers SIGKILLed again and again while rungs of every kind fire: each rung fires exactly once', async () => {
    for (const c of children) await kill9(c);
    const ladder = await sql((c) => seedPolicy(c, 'recoveryFullLadder', [...FULL_LADDER]));
    const kind = 'rcvKillLoop';
    const n = 100;
    const log: string[] = [];
    // Two workers at a time, as in the measured runs: jobs active in both when they die stall twice and are failed
    // by BullMQ ("job stalled more than allowable limit"); the sweep and the re-arm must still fire those rungs.
    // A new pair is up before an old one is killed: a warning is dropped by rule once its clock is past due, so the
    // test keeps every gap without a worker shorter than a warning's lead (as a supervised deployment does).
    const spawnPair = () => Promise.all([spawnWorker(log), spawnWorker(log)]);
    let [pair, next]: ChildProcess[][] = await Promise.all([spawnPair(), spawnPair()]);
    // Seeded once the workers are up (booting is slow on a loaded machine), then armed by dropping the sentinel: the
    // running workers re-arm within a second. Rung instants from +5 s (first warn) to +36 s (last notice).
    await sql((c) => seedDeadlines(c, { n, kind, policyId: ladder, firstDue: new Date(Date.now() + 20_000), windowMs: 10_000, caseNoPrefix: '9014' }));
    await dropSentinel();
    await waitFor('the first rungs to fire', async () => (await rungsFired(kind)) >= 40, 60_000);
    const atKills: number[] = [];
    for (let i = 0; i < 3; i++) {
      await Promise.all(pair.map(kill9));
      atKills.push(await rungsFired(kind));
      pair = next;
      next = i < 2 ? await spawnPair() : [];
    }
    expect(atKills[0]).toBeLessThan(5 * n); // the kills landed while rungs were still firing
    // On a timeout the ledger below says which rung kinds are short.
    await waitFor('every rung of every kind to fire', async () => (await rungsFired(kind)) >= 5 * n, 150_000).catch(() => {});
    await expectEveryRungOnce(kind, n);
    await Promise.all([...pair, ...next].map(kill9));
  }, 300_000);

  it('(e) jobs lost or failed in Redis: the sweep catches up every rung kind, and the re-arm replaces failed jobs', async () => {
    for (const c of children) await kill9(c);
    const ladder = await sql((c) => seedPolicy(c, 'recoveryLostJobs', [...FULL_LADDER]));

    // Lost jobs (no re-arm: the sentinel is intact): only the sweeper can fire them, every kind, once.
    const lost = 'rcvLostJobs';
    const n = 20;
    await sql((c) => seedDeadlines(c, { n, kind: lost, policyId: ladder, firstDue: new Date(Date.now() + 20_000), windowMs: 2_000, caseNoPrefix: '9016' }));
    let w = await boot();
    const queue = w.app.get(DeadlineTimers).queue;
    const lostJobs = rungJobIds(await deadlineIds(lost));
    let removed = 0;
    for (const id of lostJobs) removed += await queue.remove(id);
    expect(removed).toBe(5 * n);
    const rearmed = w.deadlines.stats.rearmed;
    await waitFor('the sweep to fire every lost rung', async () => (await rungsFired(lost)) >= 5 * n, 90_000);
    await expectEveryRungOnce(lost, n);
    expect(w.deadlines.stats.rearmed).toBe(rearmed); // nothing re-armed them: the sweep fired them
    expect(w.deadlines.stats.swept).toBeGreaterThan(0);
    await halt(w);

    // Failed jobs under the rungs' own ids (as BullMQ leaves a job that stalled too often): re-adding the same id
    // would be a no-op; the restarted worker's re-arm removes them and arms fresh ones, which fire on time.
    const failed = 'rcvFailedJobs';
    await sql((c) => seedDeadlines(c, { n, kind: failed, policyId: ladder, firstDue: new Date(Date.now() + 28_000), windowMs: 2_000, caseNoPrefix: '9012' }));
    const failedJobs = rungJobIds(await deadlineIds(failed));
    const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const own = new Queue(QUEUES.deadlines, { connection: conn, prefix: queuePrefix(db.redisPrefix) });
    const failer = new Worker(QUEUES.deadlines, async () => { throw new UnrecoverableError('job stalled more than allowable limit'); }, { connection: conn, prefix: queuePrefix(db.redisPrefix) });
    await own.addBulk(failedJobs.map((id) => ({ name: 'deadline.rung', data: { deadlineId: 'x', version: 1, rung: 'due' as const }, opts: { jobId: id } })));
    await waitFor('the jobs to fail', async () => (await own.getJobCounts('failed')).failed >= 5 * n, 20_000);
    await failer.close();
    await own.close();
    conn.disconnect();
    // A long sweep interval: what fires here is fired by the re-armed jobs.
    w = await boot({ SWEEP_INTERVAL_MS: 600_000 });
    const q2 = w.app.get(DeadlineTimers).queue;
    expect(await Promise.all(failedJobs.slice(0, 5).map((id) => q2.getJobState(id)))).toEqual(Array(5).fill('delayed'));
    await waitFor('the re-armed rungs to fire', async () => (await rungsFired(failed)) >= 5 * n, 60_000);
    await expectEveryRungOnce(failed, n);
    expect(w.deadlines.stats.swept).toBe(0);
    await halt(w);
  }, 240_000);

  it('(f) a private Redis FLUSHALLed, then restarted empty, with live deadlines: noticed at once, nothing lost', async () => {
    const port = privatePort(17000);
    let server = await startRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    const ladder = await sql((c) => seedPolicy(c, 'recoveryRedisLoss', [...FULL_LADDER]));
    const kind = 'rcvRedisLoss';
    const n = 100;
    await sql((c) => seedDeadlines(c, { n, kind, policyId: ladder, firstDue: new Date(Date.now() + 45_000), windowMs: 5_000, caseNoPrefix: '9018' }));
    // The sweep is an hour away: only the loss detection (sentinel on reconnect / every second) can re-arm in time.
    const w = await boot({ REDIS_URL: url, SWEEP_INTERVAL_MS: 3_600_000 });
    const armed = w.deadlines.stats.rearmed;
    expect(armed).toBeGreaterThanOrEqual(5 * n);
    const admin = new Redis(url, { maxRetriesPerRequest: null });
    await admin.flushall();
    let t0 = Date.now();
    await waitFor('the re-arm after FLUSHALL', async () => w.deadlines.stats.rearmed >= armed + 5 * n, 15_000);
    expect(Date.now() - t0).toBeLessThan(5_000);
    admin.disconnect();

    await kill9(server);
    await sleep(1000);
    server = await startRedis(port);
    t0 = Date.now();
    await waitFor('the re-arm after the restart', async () => w.deadlines.stats.rearmed >= armed + 10 * n, 30_000);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await rungsFired(kind)).toBe(0); // all of it happened before the first rung's instant

    await waitFor('every rung of every kind to fire', async () => (await rungsFired(kind)) >= 5 * n, 90_000);
    await expectEveryRungOnce(kind, n);
    await halt(w);
    await kill9(server);
  }, 180_000);
});
