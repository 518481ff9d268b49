// The exactly-once claim of a timer rung on a month-partitioned deadline_firings (docs/scaling.md): two deliveries of
// one `warn` rung (it changes no state, so only the claim stops the second) read it unclaimed, then claim on either
// side of China midnight on the 1st — in two different month partitions, where the per-partition unique key cannot
// see each other. The claiming statement's NOT EXISTS (after the case lock) must make the second a duplicate.
// Deterministic: a third session holds the case's row lock until both deliveries wait on it.
import pg from 'pg';
import { FixedClock } from '#platform';
import { CalendarStore, ClockSubjects, FireDeadlineRungs, FireDeadlineRungsHandler } from '#deadlines-nest';
import { seedDeadlines, seedPolicy } from '../../bench/deadlines/seed.js';
import { harnessFile } from '../support/harness.js';

const h = harnessFile({
    worker: true,
    prepare: async (db) => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        const policyId = await seedPolicy(c, KIND, [{ rung: 'warn', offset: -60 / 3600 }, { rung: 'due', offset: 0 }]);
        await seedDeadlines(c, { n: 1, kind: KIND, policyId, firstDue: DUE, windowMs: 1, caseNoPrefix: '9002' });
      } finally {
        await c.end();
      }
    },
  });
const KIND = 'claimAcrossMonths';
// warn 60 s before due; due 00:00:30 on 1 December, China time
const DUE = new Date('2026-12-01T00:00:30+08:00');

it('fires a warn rung once when two deliveries claim it in November and in December', async () => {
  const app = h.worker!.app;
  const handler = (at: string) =>
    new FireDeadlineRungsHandler(app.get(ClockSubjects), new FixedClock(new Date(at)), app.get(CalendarStore));
  const c = new pg.Client({ connectionString: h.db.url });
  const holder = new pg.Client({ connectionString: h.db.url });
  await c.connect();
  await holder.connect();
  try {
    const [d] = (await c.query<{ id: string; case_id: string }>('SELECT id, case_id FROM deadlines WHERE step = $1', [KIND])).rows;
    const rung = [{ deadlineId: d!.id, version: 1, rung: 'warn' as const }];
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM cases WHERE id = $1 FOR UPDATE', [d!.case_id]);
    const november = handler('2026-11-30T23:59:45+08:00').execute(new FireDeadlineRungs(rung));
    const december = handler('2026-12-01T00:00:05+08:00').execute(new FireDeadlineRungs(rung));
    // both have read the rung as unclaimed and now wait for the case's row lock
    const end = Date.now() + 30_000;
    for (;;) {
      const { rows } = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%FOR UPDATE%'`);
      if (rows[0]!.n >= 2) break;
      if (Date.now() > end) throw new Error('the two deliveries never both waited on the case lock');
      await new Promise((r) => setTimeout(r, 50));
    }
    await holder.query('ROLLBACK');
    const outcomes = [(await november)[0]!.outcome, (await december)[0]!.outcome].sort();
    expect(outcomes).toEqual(['duplicate', 'fired']);
    const claims = (await c.query<{ p: string }>(`SELECT tableoid::regclass::text AS p FROM deadline_firings WHERE deadline_id = $1`, [d!.id])).rows;
    expect(claims).toHaveLength(1);
    expect(['deadline_firings_2026_11', 'deadline_firings_2026_12', 'deadline_firings_default']).toContain(claims[0]!.p);
    const [{ n }] = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE case_id = $1 AND type = 'DeadlineWarned'`, [d!.case_id])).rows;
    expect(n).toBe(1);
  } finally {
    await holder.end();
    await c.end();
  }
});
