// Issue 15 §1 "Deadlines under load", deadline-first intake (docs/deadlines.md, "Deadlines first"): when the worker
// fires rungs late, the API processes write registrations at a cut rate, so that statutory clocks keep their time on
// a saturated machine; once firing is on time again the rate grows back. End to end: a rung the worker fires late
// (its instant long past, found by the sweep) is reported through Redis; the API then paces its group commits.
import { randomUUID } from 'node:crypto';
import { FixedClock, createRedis, type GroupCommit } from '#platform';
import { firingLatenessKey } from '#deadlines-nest';
import { complaintBody } from '#testing';
import { CaseRepository } from '../../libs/cases/src/application/ports.js';
import { IntakeAdmission } from '../../libs/cases/src/infrastructure/intake-admission.js';
import { boot, waitFor, type Harness } from '../support/harness.js';

const clock = new FixedClock(new Date('2026-11-23T10:00:00+08:00'));
let h: Harness;
const MIN_RATE = 5;
const TOKEN = 'metrics-token-of-this-test-0123456789';
const num = (v: string | undefined) => (v === '+Inf' ? Infinity : Number(v));
const gauge = async (name: string) => num(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec((await h.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text)?.[1]);
const admission = () => h.app.get(IntakeAdmission).state;
const stats = () => (h.app.get(CaseRepository) as unknown as { groupStats: GroupCommit<unknown>['stats'] }).groupStats;
const register = (token: string, tag: string) =>
  h.http().post('/api/v1/cases').set('Authorization', token).set('Idempotency-Key', randomUUID())
    .send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00', description: `期限优先 ${tag}：电热水壶漏电，商家拒绝退换。` }));

beforeAll(async () => {
  h = await boot({ worker: true, clock, env: { DEADLINE_FIRST_MIN_RATE: MIN_RATE, METRICS_TOKEN: TOKEN } });
}, 120_000);
afterAll(() => h?.close());

describe('deadline-first intake', () => {
  it('registrations are not paced while rungs fire on time', async () => {
    const token = await h.as('operator');
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => register(token, `on-time-${i}`)));
    expect(rs.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(admission()).toMatchObject({ perSec: Infinity, cuts: 0 });
    expect(stats().held).toBe(0);
    expect(await gauge('fangxin_intake_paced_per_second')).toBe(Infinity);
  });

  it("a case registered after its receipt's rungs had passed fires them at once, and that lateness is the facts', not the engine's: no pacing", async () => {
    const token = await h.as('operator');
    const old = await h.http().post('/api/v1/cases').set('Authorization', token).set('Idempotency-Key', randomUUID())
      .send(complaintBody({ receivedAt: '2026-11-02T09:30:00+08:00', channel: 'letter', description: '期限优先 来信补录：三周前收到的来信，今日登记。' })).expect(201);
    // Its acceptance clock (7 working days from receipt) is past due the moment it is registered: the relay arms the
    // due rung at once and the worker fires it, days after its instant.
    await waitFor(async () => ((await h.db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM deadline_firings f JOIN deadlines d ON d.id = f.deadline_id WHERE d.case_id = ${old.body.id}::uuid`)[0]!.n > 0 ? true : undefined), 15_000);
    await new Promise((r) => setTimeout(r, 400)); // the report's period
    const redis = createRedis(h.env.REDIS_URL);
    try {
      const reported = await redis.get(firingLatenessKey(h.env.QUEUE_PREFIX));
      expect(reported === null || Number(reported) < 500).toBe(true);
    } finally {
      redis.disconnect();
    }
    await register(token, 'after-the-letter').expect(201);
    await new Promise((r) => setTimeout(r, 300));
    await register(token, 'after-the-letter-2').expect(201);
    expect(admission()).toMatchObject({ perSec: Infinity, cuts: 0 });
  }, 30_000);

  it('a rung fired late cuts the rate at which the API writes registrations; every one is still committed and answered', async () => {
    const token = await h.as('operator');
    const { body } = await register(token, 'late-clock').expect(201);
    // Ten days on: the case's acceptance clock is long past due and the sweep fires its rungs days late.
    clock.set(new Date('2026-12-03T10:00:00+08:00'));
    expect(await h.worker!.deadlines.sweep()).toBeGreaterThanOrEqual(1);
    const redis = createRedis(h.env.REDIS_URL);
    const key = firingLatenessKey(h.env.QUEUE_PREFIX);
    const reported = await waitFor(async () => { const v = Number(await redis.get(key)); return v > 86_400_000 ? v : undefined; }, 5000);
    expect(reported).toBeGreaterThan(86_400_000);
    // The worker reported once (one sweep); a worker behind would keep reporting while it catches up: keep the
    // report alive for the rest of this test as it would.
    const stillLate = setInterval(() => void redis.set(key, String(reported), 'PX', 2000), 200);
    let watch: NodeJS.Timeout | undefined;
    try {
      // The first registration after the report makes the API read it; the cut follows.
      await register(token, 'reads-the-report').expect(201);
      await waitFor(async () => (admission().cuts >= 1 ? true : (await register(token, 'again').expect(201), undefined)), 5000);
      expect(admission().perSec).toBe(MIN_RATE); // nothing was flowing before: the floor
      expect(await gauge('fangxin_intake_paced_per_second')).toBe(MIN_RATE);
      expect(await gauge('fangxin_intake_pacing_cuts')).toBeGreaterThanOrEqual(1);

      const before = { ...stats() };
      // The fastest rate the pace allowed meanwhile: on a loaded machine a report read can time out (no report: the
      // rate grows back a step per interval), so the bound below follows the rate, not the floor.
      let fastest = admission().perSec;
      watch = setInterval(() => { fastest = Math.max(fastest, admission().perSec); }, 5);
      const t0 = performance.now();
      const wave1 = await Promise.all(Array.from({ length: 6 }, (_, i) => register(token, `paced-a${i}`)));
      const wave2 = await Promise.all(Array.from({ length: 6 }, (_, i) => register(token, `paced-b${i}`)));
      const secs = (performance.now() - t0) / 1000;
      clearInterval(watch);
      const all = [...wave1, ...wave2];
      expect(all.map((r) => r.status)).toEqual(Array(12).fill(201));
      expect(new Set(all.map((r) => r.body.caseNo)).size).toBe(12);
      const ids = all.map((r) => r.body.id as string);
      expect(await h.db.prisma.case.count({ where: { id: { in: ids } } })).toBe(12);
      // Held back by the pace: the second wave waits until the first's 6 are paid for (at the floor, 5/s: 1.2 s).
      expect(stats().held - before.held).toBeGreaterThanOrEqual(1);
      expect(fastest).toBeLessThan(Infinity);
      expect(secs).toBeGreaterThan(5 / fastest);
      expect(body.id).toBeDefined();
    } finally {
      clearInterval(stillLate);
      clearInterval(watch);
      redis.disconnect();
    }
  }, 60_000);

  it('without a fresh report (firing back on time, or no worker) the rate grows back', async () => {
    // Back to the day the cases were received: their rungs are in the future again, nothing fires late.
    clock.set(new Date('2026-11-23T10:00:00+08:00'));
    const redis = createRedis(h.env.REDIS_URL);
    try {
      // The late rungs of the previous test's registrations have fired by now; their last report expires.
      await waitFor(async () => ((await redis.exists(firingLatenessKey(h.env.QUEUE_PREFIX))) ? undefined : true), 10_000);
    } finally {
      redis.disconnect();
    }
    const token = await h.as('operator');
    const low = admission().perSec;
    await new Promise((r) => setTimeout(r, 1100));
    await waitFor(async () => (admission().perSec > low ? true : (await register(token, 'recovering').expect(201), undefined)), 5000);
    expect(admission().perSec).toBeGreaterThan(low);
  }, 30_000);
});
