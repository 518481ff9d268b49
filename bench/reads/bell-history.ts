// The notification bell's read against a unit's history (issue 15 §1), load-independent: PostgreSQL CPU per read of
// `GET /notifications?unread=true&limit=20` for handler.wl (15,345 items in 武陵区's inbox in the bench template),
// with 0, 1,000, 10,000 and all of them read one by one, then all read with the mark moved on — now (PrismaInbox) and
// before (the three statements of a6e9f33, reproduced here: every read id of the user, then the page and a count of
// the unit's whole history with NOT IN those ids).
// `node dist/bench/reads/bell-history.js <database cloned from the bench template>` (BENCH_KEEP_DB=1 keeps one).
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { PrismaService } from '#platform';
import type { Prisma } from '#prisma-client';
import { PrismaInbox } from '../../libs/cases/src/infrastructure/prisma-inbox.js';
import { dbUrl } from '../support/seeded-db.js';

const db = process.argv[2];
if (!db) throw new Error('usage: bell-history.js <database>');
const c = new pg.Client({ connectionString: dbUrl(db) });
await c.connect();
const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
const cpu = () => { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
const u = (await c.query<{ id: string; unit_id: string }>(`SELECT id, unit_id FROM users WHERE username = 'handler.wl'`)).rows[0]!;
const now = new Date();
const reader = { userId: u.id, unitId: u.unit_id, role: 'handler' };
const run = async (s: Prisma.Sql) => (await c.query(s.text, s.values as unknown[])).rows;
const inbox = new PrismaInbox({ rows: run, execute: async (s: Prisma.Sql) => (await c.query(s.text, s.values as unknown[])).rowCount } as unknown as PrismaService);

async function before(): Promise<number> {
  const reads = (await c.query<{ notification_id: string }>('SELECT notification_id FROM notification_reads WHERE user_id = $1', [u.id])).rows.map((r) => r.notification_id);
  const notIn = reads.length ? `AND id NOT IN (${reads.map((_, i) => `$${i + 4}`).join(',')})` : '';
  const p = [u.unit_id, now, 'handler', ...reads];
  await c.query(`SELECT * FROM notifications WHERE unit_id = $1 AND deliver_at <= $2 AND (role IS NULL OR role = $3) ${notIn} ORDER BY deliver_at DESC LIMIT 20`, p);
  return (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE unit_id = $1 AND deliver_at <= $2 AND (role IS NULL OR role = $3) ${notIn}`, p)).rows[0]!.n;
}
const after = async () => (await inbox.forReader(reader, now, true, 20)).unread;
async function measure(label: string, f: () => Promise<number>) {
  await f();
  const n = 50;
  const t0 = cpu();
  let unread = 0;
  for (let i = 0; i < n; i++) unread = await f();
  console.log(`${label.padEnd(44)} unread ${String(unread).padStart(6)}  PostgreSQL CPU ${((cpu() - t0) / n).toFixed(2).padStart(6)} ms per read`);
}

const total = (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE unit_id = $1', [u.unit_id])).rows[0]!.n;
console.log(`handler.wl: ${total.toLocaleString('en')} items in the unit's inbox`);
try {
  for (const reads of [0, 1_000, 10_000, total]) {
    await c.query('DELETE FROM notification_reads WHERE user_id = $1', [u.id]);
    await c.query(`INSERT INTO notification_reads (notification_id, user_id, read_at) SELECT id, $1, now() FROM notifications WHERE unit_id = $2 ORDER BY deliver_at LIMIT $3`, [u.id, u.unit_id, reads]);
    await c.query('ANALYZE notification_reads');
    await measure(`${reads.toLocaleString('en')} read one by one · before`, before);
    await measure(`${reads.toLocaleString('en')} read one by one · now`, after);
  }
  // As PrismaInbox.markRead leaves it when the last unread item is read: the mark moved on.
  await c.query('INSERT INTO notification_read_marks (user_id, read_before) VALUES ($1, $2)', [u.id, now]);
  await measure('all read, the mark moved on · now', after);
} finally {
  await c.query('DELETE FROM notification_read_marks WHERE user_id = $1', [u.id]);
  await c.query('DELETE FROM notification_reads WHERE user_id = $1', [u.id]);
  await c.end();
}
