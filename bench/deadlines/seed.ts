import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** A rung of the synthetic ladder: hours relative to due (fractions allowed; see rungFireAt for 'hours' clocks). */
export interface SeedRung {
  rung: 'warn' | 'due' | 'remind' | 'supervise' | 'notice';
  offset: number;
}

/**
 * Inserts a LOCAL time-limit policy (an hour clock with the given ladder) for complaints. Every deadline seeded
 * against it then has exactly the rungs of that ladder, and the reconciler arms exactly those.
 */
export async function seedPolicy(c: pg.Client, step: string, ladder: SeedRung[]): Promise<string> {
  const id = randomUUID();
  await c.query(
    `INSERT INTO time_limit_policies (id, regime, case_type, step, amount, unit, starts_at, legal_basis, effective_from, enabled, ladder)
     VALUES ($1, 'LOCAL', 'complaint', $2, 1, 'hours', 'receipt', '测试时限（基准/恢复测试）', '2000-01-01', true, $3::jsonb)`,
    [id, step, JSON.stringify(ladder)],
  );
  return id;
}

/**
 * Bulk-inserts `n` cases, each with one running hour-clock deadline of step `kind` whose due instants are spread
 * evenly over [firstDue, firstDue + windowMs). Pure SQL (generate_series), so a million rows take seconds.
 */
export async function seedDeadlines(c: pg.Client, o: { n: number; kind: string; policyId: string; firstDue: Date; windowMs: number; caseNoPrefix: string }): Promise<void> {
  const unit = await c.query<{ id: string }>(`SELECT id FROM units ORDER BY (level = 'county') DESC, code LIMIT 1`);
  const user = await c.query<{ id: string }>(`SELECT id FROM users ORDER BY username LIMIT 1`);
  const unitId = unit.rows[0]?.id ?? null;
  const userId = user.rows[0]?.id ?? randomUUID();
  await c.query('BEGIN');
  try {
    await c.query(`CREATE TEMP TABLE seed_rows ON COMMIT DROP AS
      SELECT g, gen_random_uuid() AS case_id, gen_random_uuid() AS deadline_id,
             $1::timestamptz + (((g - 1) * $2::float8 / $3::float8)::bigint * interval '1 millisecond') AS due
      FROM generate_series(1, $3::int) g`, [o.firstDue.toISOString(), o.windowMs, o.n]);
    await c.query(
      `INSERT INTO cases (id, case_no, type, channel, status, regime, received_at, complainant_name, complainant_phone, complainant_address,
         respondent_name, respondent_region_code, respondent_address, category_code, description, assigned_unit_id, registered_by, registered_at, dispatched_at)
       SELECT case_id, $1 || lpad(g::text, 8, '0'), 'complaint', 'hotline', 'dispatched', 'O121', now(), '测试人', '13800000000', '湖南省常德市武陵区',
         '测试商户', '430702', '常德市武陵区', 'G01', '期限引擎测试', $2::uuid, $3::uuid, now(), now()
       FROM seed_rows`,
      [o.caseNoPrefix, unitId, userId],
    );
    await c.query(
      `INSERT INTO deadlines (id, case_id, step, policy_id, legal_basis, start_date, start_at, amount, unit, due_date, due_at, state, version, created_at)
       SELECT deadline_id, case_id, $1, $2::uuid, '测试时限（基准/恢复测试）', (now() AT TIME ZONE 'Asia/Shanghai')::date, now(), 1, 'hours',
         (due AT TIME ZONE 'Asia/Shanghai')::date, due, 'running', 1, now()
       FROM seed_rows`,
      [o.kind, o.policyId],
    );
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK');
    throw e;
  }
}

/** Per deadline of a kind: firings per (version, rung) and DeadlineOverdue events — the exactly-once ledger. */
export async function ledger(c: pg.Client, kind: string): Promise<{ deadlines: number; firings: number; doubledFirings: number; dueFired: number; overdueEvents: number; doubledEvents: number; stillRunning: number }> {
  const r = await c.query(
    `WITH d AS (SELECT id, case_id, state FROM deadlines WHERE step = $1),
          f AS (SELECT f.deadline_id, f.version, f.rung, count(*) AS n FROM deadline_firings f JOIN d ON d.id = f.deadline_id GROUP BY 1, 2, 3),
          e AS (SELECT e.data->>'deadlineId' AS deadline_id, count(*) AS n FROM case_events e JOIN d ON d.case_id = e.case_id
                WHERE e.type = 'DeadlineOverdue' GROUP BY 1)
     SELECT (SELECT count(*) FROM d)::int AS deadlines,
            (SELECT coalesce(sum(n), 0) FROM f)::int AS firings,
            (SELECT count(*) FROM f WHERE n > 1)::int AS "doubledFirings",
            (SELECT count(*) FROM f WHERE rung = 'due')::int AS "dueFired",
            (SELECT count(*) FROM e)::int AS "overdueEvents",
            (SELECT count(*) FROM e WHERE n > 1)::int AS "doubledEvents",
            (SELECT count(*) FROM d WHERE state = 'running')::int AS "stillRunning"`,
    [kind],
  );
  return r.rows[0];
}

export { flushPrefix } from '../../libs/testing/src/test-db.js';
