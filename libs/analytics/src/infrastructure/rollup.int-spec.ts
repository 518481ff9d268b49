import { randomUUID } from 'node:crypto';
import { loadEnv, type PrismaService } from '#platform';
import { CalendarStore } from '#deadlines-nest';
import type { UnitNode, UnitLevel } from '#org';
import { createTestDb, seedOrg, type TestDb } from '#testing';
import {
  COUNTERS, COUNTER_COLUMNS, COUNTED_TYPES, INDICATORS, type Counters, computeAll, monthsOf, rollUpRows, zeroCounters, addMonths,
} from '../domain/index.js';
import { IndicatorStore } from './indicator.store.js';
import { naiveDailySql } from './naive.sql.js';
import { RollupProcessor } from './rollup.processor.js';

// Property: for random event streams (dispatch, return, transfer, extension, pause re-arm, late/on-time/never,
// reopen, decline, pool), the incrementally maintained rollup equals the naive SQL computation over raw events,
// row by row, and hence every indicator for every unit (rolled up the tree) and period.

function mulberry32(seed: number) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let db: TestDb;
let units: UnitNode[];
let processor: RollupProcessor;
let store: IndicatorStore;

interface Ev { id: string; caseId: string; seq: number; type: string; at: Date; unitId: string | null; data: Record<string, unknown> }

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const endOfChinaDay = (t: Date) => {
  const d = new Date(t.getTime() + 8 * HOUR).toISOString().slice(0, 10);
  return new Date(Date.parse(`${d}T23:59:59.999+08:00`));
};

/** One random case's life as events. */
function simulate(rand: () => number, caseId: string, intake: string, handlers: string[], t0: Date): { type: string; events: Ev[] } {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const type = rand() < 0.6 ? 'complaint' : rand() < 0.6 ? 'report' : 'inquiry';
  const events: Ev[] = [];
  let t = t0.getTime();
  const step = (maxHours: number) => { t += Math.floor(rand() * maxHours * HOUR) + 60_000; return new Date(t); };
  const add = (type: string, at: Date, data: Record<string, unknown> = {}, unitId: string | null = null) =>
    events.push({ id: randomUUID(), caseId, seq: events.length + 1, type, at, unitId, data });
  const dueOf = (from: Date, days: number) => endOfChinaDay(new Date(from.getTime() + days * DAY));
  const open = new Map<string, Date>(); // kind → dueAt of the running clock
  const arm = (kind: string, at: Date, days: number) => { const due = dueOf(at, days); open.set(kind, due); add('DeadlineArmed', at, { kind, dueAt: due.toISOString() }); };
  /** Settles a running clock: on time, late (overdue then maybe met), or leaves it running. */
  const settle = (kind: string, at: Date, mode: 'auto' | 'late' = 'auto') => {
    const due = open.get(kind);
    if (!due) return;
    const late = mode === 'late' || at > due;
    if (late && rand() < 0.7) add('DeadlineOverdue', new Date(due.getTime() + 1 + Math.floor(rand() * 5000)), { kind, dueAt: due.toISOString() });
    const metAt = late && at <= due ? new Date(due.getTime() + DAY) : at;
    add('DeadlineMet', metAt, { kind, dueAt: due.toISOString(), onTime: metAt <= due });
    t = Math.max(t, metAt.getTime());
    open.delete(kind);
  };
  const first = type === 'complaint' ? 'acceptance' : type === 'report' ? 'verification' : 'answer';
  const r0 = new Date(t);
  add('CaseRegistered', r0, { type }, intake);
  arm(first, r0, type === 'inquiry' ? 3 : 9);
  const web = type !== 'inquiry' && rand() < 0.4; // an online filing: the 24-hour response clock (issue 16 §3)
  if (web) arm('webResponse', r0, 1);
  if (rand() < 0.1) { // left in the pool
    if (rand() < 0.5) add('DeadlineOverdue', new Date(open.get(first)!.getTime() + 1), { kind: first, dueAt: open.get(first)!.toISOString() });
    return { type, events };
  }
  let holder = pick(handlers);
  const dispatch = (to: string) => { const at = step(2); add('CaseDispatched', at, { toUnitId: to }, intake); arm('sign', at, 1); };
  dispatch(holder);
  if (rand() < 0.8) settle('sign', step(rand() < 0.8 ? 10 : 60));
  if (web && rand() < 0.85) settle('webResponse', step(rand() < 0.8 ? 12 : 48), rand() < 0.1 ? 'late' : 'auto');
  if (rand() < 0.15) { add('CaseReturned', step(30), { reason: 'notOurs' }, holder); holder = pick(handlers); dispatch(holder); if (rand() < 0.9) settle('sign', step(20)); }
  if (rand() < 0.05) { holder = pick(handlers); add('CaseTransferred', step(30), { toUnitId: holder }, intake); }
  if (rand() < 0.1) { // a pause: the engine re-arms the running clock later
    const k = first; const due = open.get(k);
    if (due) { add('ClockPaused', step(5), { kind: k }, holder); const back = step(72); add('ClockResumed', back, { kind: k }, holder); open.set(k, new Date(due.getTime() + 3 * DAY)); add('DeadlineArmed', back, { kind: k, dueAt: open.get(k)!.toISOString() }); }
  }
  if (type === 'complaint') {
    const decided = step(rand() < 0.8 ? 100 : 400);
    settle('acceptance', decided);
    if (rand() < 0.15) { add('CaseDeclined', step(1), { ground: '3' }, holder); }
    else {
      let rounds = rand() < 0.1 ? 2 : 1;
      while (rounds--) {
        arm('mediation', step(1), rand() < 0.5 ? 60 : 10);
        if (rand() < 0.15) add('ExtensionApproved', step(48), { kind: 'mediation', amount: 15 }, holder);
        if (rand() < 0.1) continue; // still mediating
        const closeAt = step(rand() < 0.7 ? 300 : 1200);
        settle('mediation', closeAt, rand() < 0.1 ? 'late' : 'auto');
        const outcome = pick(['agreement', 'agreement', 'noAgreement', 'terminated']);
        add('CaseClosed', new Date(t), { outcome, recoveredAmount: rand() < 0.5 ? Math.round(rand() * 100000) / 100 : null }, holder);
        if (rand() < 0.7) add('CallbackRecorded', step(30), { satisfaction: pick(['verySatisfied', 'satisfied', 'neutral', 'dissatisfied']) }, intake);
      }
    }
  } else {
    if (type === 'report' && rand() < 0.2) add('ExtensionApproved', step(200), { kind: 'verification', amount: 15 }, holder);
    if (rand() < 0.9) { settle(first, step(rand() < 0.8 ? 150 : 600)); add('CaseClosed', new Date(t), { outcome: 'decided' }, holder); }
  }
  return { type, events };
}

async function insertCases(prisma: PrismaService | TestDb['prisma'], cases: { id: string; type: string; receivedAt: Date }[], registeredBy: string) {
  await prisma.$executeRawUnsafe(
    `INSERT INTO cases (id, case_no, type, channel, status, regime, received_at, complainant_name, complainant_phone, complainant_address,
       respondent_name, respondent_region_code, respondent_address, category_code, description, registered_by, registered_at)
     SELECT id, '2026' || lpad(nextval('case_no_seq')::text, 8, '0'), type, 'hotline', 'closed', 'O121', at, '张三', '13800000000', '地址', '某商行', '430702', '地址', 'G01', '描述', $4::uuid, at
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[]) AS x(id, type, at)`,
    cases.map((c) => c.id), cases.map((c) => c.type), cases.map((c) => c.receivedAt), registeredBy);
}
async function insertEvents(prisma: TestDb['prisma'], evs: Ev[]) {
  if (!evs.length) return;
  await prisma.$executeRawUnsafe(
    `INSERT INTO case_events (id, case_id, seq, type, unit_id, at, data)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::uuid[], $6::timestamptz[], $7::jsonb[])`,
    evs.map((e) => e.id), evs.map((e) => e.caseId), evs.map((e) => e.seq), evs.map((e) => e.type), evs.map((e) => e.unitId),
    evs.map((e) => e.at), evs.map((e) => JSON.stringify(e.data)));
}

async function naiveDaily(from: string, to: string, scoped = false): Promise<Map<string, Counters>> {
  const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(naiveDailySql({ scoped }), from, to);
  const m = new Map<string, Counters>();
  for (const r of rows) {
    const c = Object.fromEntries(COUNTERS.map((k) => [k, Number(r[COUNTER_COLUMNS[k]])])) as Counters;
    if (COUNTERS.some((k) => c[k] !== 0)) m.set(`${r.unit_id}|${(r.day as Date).toISOString().slice(0, 10)}`, c);
  }
  return m;
}
async function rollupRows(): Promise<Map<string, Counters>> {
  const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM analytics_unit_days');
  const m = new Map<string, Counters>();
  for (const r of rows) {
    const c = Object.fromEntries(COUNTERS.map((k) => [k, Number(r[COUNTER_COLUMNS[k]])])) as Counters;
    if (COUNTERS.some((k) => c[k] !== 0)) m.set(`${r.unit_id}|${(r.day as Date).toISOString().slice(0, 10)}`, c);
  }
  return m;
}

beforeAll(async () => {
  db = await createTestDb();
  await seedOrg(db.prisma);
  units = (await db.prisma.unit.findMany()).map((u) => ({ id: u.id, code: u.code, name: u.name, level: u.level as UnitLevel, parentId: u.parentId, regionCode: u.regionCode, isIntake: u.isIntake }));
  const prisma = db.prisma as unknown as PrismaService;
  const env = loadEnv({}, { DATABASE_URL: db.url });
  processor = new RollupProcessor(prisma, new CalendarStore(prisma), env);
  store = new IndicatorStore(prisma, env);
}, 60_000);
afterAll(async () => {
  await processor?.stop();
  await store?.onModuleDestroy();
  await db?.drop();
});

describe('incremental rollup == naive SQL over raw events', () => {
  it('holds row by row and for every indicator, unit and period, whatever the batch boundaries', async () => {
    const rand = mulberry32(20261123);
    const intake = units.find((u) => u.isIntake)!.id;
    const handlers = units.filter((u) => !u.isIntake).map((u) => u.id);
    const user = (await db.prisma.user.findFirstOrThrow()).id;
    const all: Ev[] = [];
    const cases: { id: string; type: string; receivedAt: Date }[] = [];
    for (let i = 0; i < 600; i++) {
      const id = randomUUID();
      // Received 2025-10 … 2026-07 and worked within the loaded notices: the naive SQL counts working days on the
      // database's notices only, the rollup also on the provisional calendar of a year without one
      // (docs/indicators.md, "Years without a notice").
      const t0 = new Date(Date.parse('2025-10-01T00:00:00+08:00') + Math.floor(rand() * 300 * DAY));
      const s = simulate(rand, id, intake, handlers, t0);
      cases.push({ id, type: s.type, receivedAt: t0 });
      all.push(...s.events);
    }
    // Registered after its time limit had already run out (a letter logged late): the overdue counts on a due day
    // before the case's first event, which the scoped naive query must still see.
    for (let i = 0; i < 20; i++) {
      const id = randomUUID();
      const t0 = new Date(Date.parse('2026-01-05T10:00:00+08:00') + Math.floor(rand() * 200 * DAY));
      const dueAt = endOfChinaDay(new Date(t0.getTime() - (2 + Math.floor(rand() * 20)) * DAY)).toISOString();
      const at = (h: number) => new Date(t0.getTime() + h * HOUR);
      const e = (seq: number, type: string, t: Date, data: Record<string, unknown>, unitId: string | null = intake): Ev =>
        ({ id: randomUUID(), caseId: id, seq, type, at: t, unitId, data });
      cases.push({ id, type: 'complaint', receivedAt: t0 });
      all.push(e(1, 'CaseRegistered', t0, { type: 'complaint' }), e(2, 'DeadlineArmed', t0, { kind: 'acceptance', dueAt }, null),
        e(3, 'DeadlineOverdue', at(0.01), { kind: 'acceptance', dueAt }, null),
        e(4, 'DeadlineMet', at(20), { kind: 'acceptance', dueAt, onTime: false }, null));
    }
    await insertCases(db.prisma, cases, user);
    // Events arrive in time order (as in production: many cases interleaved), in random chunks, with the
    // rollup running random-sized batches in between.
    const timeOrder = [...all].sort((a, b) => a.at.getTime() - b.at.getTime() || a.seq - b.seq);
    // keep each case's own order by seq even where the simulated times tie or interleave
    const queues = new Map<string, Ev[]>();
    for (const e of all) queues.set(e.caseId, [...(queues.get(e.caseId) ?? []), e]);
    const ordered = timeOrder.map((e) => queues.get(e.caseId)!.shift()!);
    all.splice(0, all.length, ...ordered);
    let i = 0;
    while (i < all.length) {
      const n = 1 + Math.floor(rand() * 400);
      await insertEvents(db.prisma, all.slice(i, i + n));
      i += n;
      if (rand() < 0.5) await processor.processBatch(1 + Math.floor(rand() * 700));
    }
    await processor.drain(500);
    expect(await db.prisma.analyticsInbox.count()).toBe(0);
    // Only the events that count something were queued (the others are read as history): COUNTED_TYPES.
    expect(processor.stats.events).toBe(all.filter((e) => COUNTED_TYPES.includes(e.type)).length);
    expect(processor.stats.events).toBeLessThan(all.length);

    const naive = await naiveDaily('1900-01-01', '9999-01-01');
    const rolled = await rollupRows();
    expect(naive.size).toBeGreaterThan(100);
    expect(Object.fromEntries(rolled)).toEqual(Object.fromEntries(naive));

    // The month table is the day table summed by month.
    const monthsVsDays = await db.prisma.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT COUNT(*)::bigint AS n FROM (
         SELECT unit_id, month, ${COUNTERS.map((k) => COUNTER_COLUMNS[k]).join(', ')} FROM analytics_unit_months
         EXCEPT SELECT unit_id, date_trunc('month', day)::date, ${COUNTERS.map((k) => `SUM(${COUNTER_COLUMNS[k]})`).join(', ')} FROM analytics_unit_days GROUP BY 1, 2) d`);
    expect(Number(monthsVsDays[0]!.n)).toBe(0);
    expect(await db.prisma.analyticsUnitMonth.count()).toBeGreaterThan(10);

    // Sanity: the random data exercised every counter.
    const total = zeroCounters();
    for (const c of naive.values()) for (const k of COUNTERS) total[k] += c[k];
    for (const k of COUNTERS) expect([k, total[k] > 0]).toEqual([k, true]);

    // Every indicator, every unit (rolled up), for day / week / month / quarter / year / custom periods.
    const periods: [string, string][] = [['2026-03-02', '2026-03-03'], ['2026-03-02', '2026-03-09'], ['2026-05-01', '2026-06-01'],
      ['2026-04-01', '2026-07-01'], ['2026-01-01', '2027-01-01'], ['2025-11-17', '2026-02-09']];
    for (const [from, to] of periods) {
      const own = await store.sums({ from, to }, false);
      const mine = rollUpRows(units, own, units.map((u) => u.id), null);
      const nd = await naiveDaily(from, to, true);
      expect(Object.fromEntries(nd)).toEqual(Object.fromEntries(await naiveDaily(from, to)));
      const naiveOwn = new Map<string, Counters>();
      for (const [k, c] of nd) { const u = k.split('|')[0]!; const x = naiveOwn.get(u) ?? zeroCounters(); for (const n of COUNTERS) x[n] += c[n]; naiveOwn.set(u, x); }
      const theirs = rollUpRows(units, [...naiveOwn].map(([unitId, counters]) => ({ unitId, month: null, counters })), units.map((u) => u.id), null);
      for (let j = 0; j < mine.length; j++) {
        expect({ unit: mine[j]!.unitId, from, v: computeAll(mine[j]!.counters) }).toEqual({ unit: theirs[j]!.unitId, from, v: computeAll(theirs[j]!.counters) });
      }
    }
    // The scoped naive query (only cases whose event and due days overlap the range) answers exactly as the full one,
    // also for one-day ranges on the due days of the late-registered cases.
    const lateDays = all.filter((e) => e.type === 'DeadlineOverdue' && e.seq === 3).map((e) => new Date(Date.parse(e.data.dueAt as string) + 8 * HOUR).toISOString().slice(0, 10));
    const ranges: [string, string][] = lateDays.slice(0, 5).map((d) => [d, addDays(d, 1)]);
    for (let i = 0; i < 8; i++) { const d = addDays('2025-10-01', Math.floor(rand() * 480)); ranges.push([d, addDays(d, 1 + Math.floor(rand() * 60))]); }
    for (const [from, to] of ranges) {
      const scoped = await naiveDaily(from, to, true);
      expect({ from, to, rows: Object.fromEntries(scoped) }).toEqual({ from, to, rows: Object.fromEntries(await naiveDaily(from, to)) });
    }
    expect(lateDays.some((d) => [...naive.keys()].some((k) => k.endsWith(`|${d}`)))).toBe(true);
    // Monthly grouping equals per-month ranges.
    const year = { from: '2026-01-01', to: '2027-01-01' };
    const monthly = rollUpRows(units, await store.sums(year, true), [units.find((u) => u.level === 'city')!.id], monthsOf(year));
    for (const row of monthly) {
      const from = `${row.month}-01`;
      const single = rollUpRows(units, await store.sums({ from, to: addMonths(from, 1) }, false), [row.unitId], null)[0]!;
      expect(row.counters).toEqual(single.counters);
    }
    expect(INDICATORS.length).toBe(11);
  }, 120_000);

  it('queues exactly the event types of COUNTED_TYPES (the trigger lists them in SQL)', async () => {
    const [{ def }] = await db.prisma.$queryRawUnsafe<{ def: string }[]>(`SELECT pg_get_functiondef('analytics_enqueue_events'::regproc) AS def`) as [{ def: string }];
    const listed = /"type" IN \(([^)]*)\)/.exec(def)?.[1]?.split(',').map((t) => t.trim().replace(/^'|'$/g, ''));
    expect([...(listed ?? [])].sort()).toEqual([...COUNTED_TYPES].sort());
  });

  it('applies each event exactly once: a second drain and a concurrent consumer change nothing', async () => {
    const before = await rollupRows();
    const [a, b] = await Promise.all([processor.drain(), processor.drain()]);
    expect(a + b).toBe(0);
    expect(await rollupRows()).toEqual(before);
  });
});
