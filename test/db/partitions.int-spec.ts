// Month partitioning (migration 20261205070000, docs/scaling.md): case_events, deadline_firings and outbox are
// partitioned by China month; the migration runner creates this month's partition and the next ones at every run;
// rows land in the partition of their month (bounds at 00:00 China time), others in the default partition; the
// keys that guard correctness still hold on each partition.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PARTITION_MONTHS_AHEAD, migrate } from '#platform';
import { complaintBody } from '#testing';
import { boot, type Harness } from '../support/harness.js';

let h: Harness;
let c: pg.Client;

beforeAll(async () => {
  h = await boot();
  c = new pg.Client({ connectionString: h.db.url });
  await c.connect();
});
afterAll(async () => {
  await c?.end();
  await h?.close();
});

const q = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) => (await c.query<T>(sql, params)).rows;
const partitionsOf = async (table: string) =>
  (await q<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = $1::regclass ORDER BY 1`, [table])).reduce((m, r) => m.set(r.name, r.bound), new Map<string, string>());
const whereIs = async (table: string, where: string, params: unknown[]) =>
  (await q<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM ${table} WHERE ${where}`, params)).map((r) => r.p);

const TABLES = ['case_events', 'deadline_firings', 'outbox'];

it('has the growing tables partitioned by month with a default partition', async () => {
  const rows = await q<{ t: string; strategy: string; key: string }>(
    `SELECT c.relname AS t, p.partstrat AS strategy, a.attname AS key FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
       JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0] ORDER BY 1`);
  expect(rows).toEqual([
    { t: 'case_events', strategy: 'r', key: 'at' },
    { t: 'deadline_firings', strategy: 'r', key: 'fired_at' },
    { t: 'outbox', strategy: 'r', key: 'created_at' },
  ]);
  for (const t of TABLES) expect((await partitionsOf(t)).get(`${t}_default`)).toBe('DEFAULT');
});

it('creates this month and the next ones at every migrate, with China-month bounds and the local unique keys', async () => {
  const now = h.clock.now(); // 2026-11-23 China time
  const log: string[] = [];
  expect(await migrate(h.db.url, 'prisma/migrations', (m) => log.push(m), { now })).toEqual([]);
  const months = ['2026_11', '2026_12', '2027_01', '2027_02'];
  expect(months).toHaveLength(PARTITION_MONTHS_AHEAD);
  for (const t of TABLES) {
    const parts = await partitionsOf(t);
    for (const m of months) expect(parts.has(`${t}_${m}`)).toBe(true);
  }
  expect((await partitionsOf('case_events')).get('case_events_2026_11')).toBe("FOR VALUES FROM ('2026-10-31 16:00:00+00') TO ('2026-11-30 16:00:00+00')");
  // the keys that cannot hold the month are unique on each new partition (copied from the default partition)
  const unique = await q<{ def: string }>(`SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indisunique AND indrelid IN ('case_events_2027_02'::regclass, 'deadline_firings_2027_02'::regclass) ORDER BY 1`);
  expect(unique.map((u) => u.def.replace(/^.* USING btree /, ''))).toEqual(
    expect.arrayContaining(['(case_id, seq)', '(deadline_id, version, rung)', '(id, at)', '(deadline_id, version, rung, fired_at)']));
  // a second run finds nothing to do
  const again: string[] = [];
  await migrate(h.db.url, 'prisma/migrations', (m) => again.push(m), { now });
  expect(again.filter((m) => m.startsWith('created partitions'))).toEqual([]);
});

it('does not queue behind a long transaction: a busy table is skipped with a warning and made on the next run', async () => {
  const holder = new pg.Client({ connectionString: h.db.url });
  await holder.connect();
  const later = new Date('2027-06-15T12:00:00+08:00');
  try {
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE outbox IN ACCESS SHARE MODE'); // as a long report query would hold it
    const log: string[] = [];
    await migrate(h.db.url, 'prisma/migrations', (m) => log.push(m), { now: later });
    expect(log).toContain('warning: partitions of outbox not created (its lock was busy); the next migrate retries');
    expect((await partitionsOf('outbox')).has('outbox_2027_06')).toBe(false);
    expect((await partitionsOf('case_events')).has('case_events_2027_06')).toBe(true);
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  await migrate(h.db.url, 'prisma/migrations', () => {}, { now: later });
  expect((await partitionsOf('outbox')).has('outbox_2027_06')).toBe(true);
});

it('puts a registered case\'s events and outbox rows in their month, and an instant past China midnight in the next', async () => {
  const op = await h.as('operator');
  const [{ last }] = await q<{ last: string }>('SELECT coalesce(max(id), 0)::text AS last FROM outbox');
  const { body } = await h.http().post('/api/v1/cases').set('Authorization', op).send(complaintBody()).expect(201);
  // registered "now" on the test clock: 2026-11-23 China time
  const places = await whereIs('case_events', 'case_id = $1', [body.id]);
  expect(places.length).toBeGreaterThan(0);
  expect(new Set(places)).toEqual(new Set(['case_events_2026_11']));
  // the outbox row's created_at is the database's clock: its month's partition (or the default one, past the months made)
  const [{ m }] = await q<{ m: string }>(`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY_MM') AS m`);
  const outbox = await whereIs('outbox', 'id > $1::bigint', [last]);
  expect(outbox.length).toBeGreaterThan(0);
  for (const p of outbox) expect([`outbox_${m}`, 'outbox_default']).toContain(p);

  // 2026-11-30 23:59:59 and 2026-12-01 00:00:00 China time
  const [{ max }] = await q<{ max: number }>('SELECT max(seq) AS max FROM case_events WHERE case_id = $1', [body.id]);
  const ins = (seq: number, at: string) => c.query(
    `INSERT INTO case_events (id, case_id, seq, type, at, data) VALUES ($1, $2, $3, 'CallbackRecorded', $4, '{}')`, [randomUUID(), body.id, seq, at]);
  await ins(max + 1, '2026-11-30T23:59:59+08:00');
  await ins(max + 2, '2026-12-01T00:00:00+08:00');
  expect(await whereIs('case_events', 'case_id = $1 AND seq = $2', [body.id, max + 1])).toEqual(['case_events_2026_11']);
  expect(await whereIs('case_events', 'case_id = $1 AND seq = $2', [body.id, max + 2])).toEqual(['case_events_2026_12']);
  // a month with no partition of its own: the default one
  await ins(max + 3, '2020-01-15T12:00:00+08:00');
  expect(await whereIs('case_events', 'case_id = $1 AND seq = $2', [body.id, max + 3])).toEqual(['case_events_default']);
  // the timeline is still append-only on every partition, and a seq is still taken once within its month
  await expect(c.query(`UPDATE case_events SET note = 'x' WHERE case_id = $1 AND seq = $2`, [body.id, max + 2])).rejects.toThrow(/append-only/);
  await expect(ins(max + 2, '2026-12-15T00:00:00+08:00')).rejects.toThrow(/case_events_2026_12_case_id_seq_key/);
  // every one went to the analytics inbox (a counted type; the statement trigger sees rows of every partition)
  const [{ n }] = await q<{ n: number }>('SELECT count(*)::int AS n FROM analytics_inbox WHERE case_id = $1 AND seq > $2', [body.id, max]);
  expect(n).toBe(3);
});

it('keeps a rung claimed once within a month (ON CONFLICT on the partition\'s unique key)', async () => {
  const [d] = await q<{ id: string }>('SELECT id FROM deadlines LIMIT 1');
  const claim = (at: string) => c.query(
    `INSERT INTO deadline_firings (deadline_id, version, rung, fired_at, late_ms) VALUES ($1, 1, 'warn', $2, 0) ON CONFLICT DO NOTHING RETURNING 1`, [d!.id, at]);
  expect((await claim('2026-12-02T10:00:00+08:00')).rowCount).toBe(1);
  expect((await claim('2026-12-20T10:00:00+08:00')).rowCount).toBe(0);
  expect(await whereIs('deadline_firings', 'deadline_id = $1', [d!.id])).toEqual(['deadline_firings_2026_12']);
});
