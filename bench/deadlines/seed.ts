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
export async function seedPolicy(c: pg.Client, step: string, ladder: SeedRung[], o: { onlyOn?: string } = {}): Promise<string> {
  const id = randomUUID();
  // onlyOn (a date): the policy is in force that day only, so registrations received today (bench intake alongside)
  // get no clock of it; clocks seeded with that receipt day (seedDeadlines' receivedAt) find their ladder in it.
  await c.query(
    `INSERT INTO time_limit_policies (id, regime, case_type, step, amount, unit, starts_at, legal_basis, effective_from, effective_to, enabled, ladder)
     VALUES ($1, 'LOCAL', 'complaint', $2, 1, 'hours', 'receipt', '测试时限（基准/恢复测试）', $4::date, $5::date, true, $3::jsonb)`,
    [id, step, JSON.stringify(ladder), o.onlyOn ?? '2000-01-01', o.onlyOn ?? null],
  );
  return id;
}

/**
 * Bulk-inserts `n` cases, each with one running hour-clock deadline of step `kind` whose due instants are spread
 * evenly over [firstDue, firstDue + windowMs). Pure SQL (generate_series), so a million rows take seconds.
 */
export async function seedDeadlines(c: pg.Client, o: { n: number; kind: string; policyId: string; firstDue: Date; windowMs: number; caseNoPrefix: string; receivedAt?: Date }): Promise<void> {
  // Case numbers are digits (a CHECK on cases): the prefix keeps one seeding's apart from another's.
  if (!/^\d+$/.test(o.caseNoPrefix)) throw new Error(`caseNoPrefix must be digits: ${o.caseNoPrefix}`);
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
       SELECT case_id, $1 || lpad(g::text, 8, '0'), 'complaint', 'hotline', 'dispatched', 'O121', coalesce($4::timestamptz, now()), '测试人', '13800000000', '湖南省常德市武陵区',
         '测试商户', '430702', '常德市武陵区', 'G01', '期限引擎测试', $2::uuid, $3::uuid, now(), now()
       FROM seed_rows`,
      [o.caseNoPrefix, unitId, userId, o.receivedAt?.toISOString() ?? null],
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

/** Lateness of the firings of one policy's clocks (fired_at − the rung's instant), in ms: count, p50, p99, max, min, p99 per rung. */
export async function firingReport(c: pg.Client, ladder: { rung: string; offsetMs: number }[], policyId: string): Promise<{ fired: number; p50: number; p99: number; max: number; min: number; perRung: string | null }> {
  const r = await c.query(`
      WITH o AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS o(rung text, "offsetMs" float8)),
      l AS (
        -- the rung's instant as rungFireAt computes it for hour clocks: due + offset, +1 ms at or after due
        SELECT f.rung, extract(epoch FROM f.fired_at - (d.due_at + o."offsetMs" * interval '1 millisecond'
                 + CASE WHEN f.rung = 'due' OR o."offsetMs" >= 0 THEN interval '1 millisecond' ELSE interval '0' END)) * 1000 AS late
        FROM deadline_firings f JOIN deadlines d ON d.id = f.deadline_id AND d.policy_id = $2::uuid JOIN o ON o.rung = f.rung)
      SELECT count(*)::int AS fired,
             percentile_disc(0.5) WITHIN GROUP (ORDER BY late) AS p50, percentile_disc(0.99) WITHIN GROUP (ORDER BY late) AS p99,
             max(late) AS max, min(late) AS min,
             (SELECT string_agg(rung || ' ' || round(p)::text, ' / ') FROM (SELECT rung, percentile_disc(0.99) WITHIN GROUP (ORDER BY late) AS p FROM l GROUP BY rung) x) AS "perRung"
      FROM l`, [JSON.stringify(ladder), policyId]);
  const x = r.rows[0];
  return { fired: x.fired, p50: Number(x.p50), p99: Number(x.p99), max: Number(x.max), min: Number(x.min), perRung: x.perRung };
}

/** The exactly-once ledger of one policy's clocks: doubled claims and timeline events (must be 0) and what the firings made. */
export async function claimsReport(c: pg.Client, policyId: string): Promise<{ doubled_claims: number; doubled_events: number; events: number; notifications: number; running: number; rollup_pending: number; supervisions: number }> {
  const r = await c.query(`
      WITH d AS (SELECT id, case_id, state FROM deadlines WHERE policy_id = $1::uuid)
      SELECT (SELECT count(*) FROM (SELECT 1 FROM deadline_firings f JOIN d ON d.id = f.deadline_id GROUP BY f.deadline_id, f.version, f.rung HAVING count(*) > 1) x)::int AS doubled_claims,
             (SELECT count(*) FROM (SELECT 1 FROM case_events e JOIN d ON d.case_id = e.case_id WHERE e.type IN ('DeadlineWarned', 'DeadlineOverdue')
                GROUP BY e.case_id, e.type, e.data->>'deadlineId' HAVING count(*) > 1) x)::int AS doubled_events,
             (SELECT count(*) FROM case_events e JOIN d ON d.case_id = e.case_id WHERE e.type IN ('DeadlineWarned', 'DeadlineOverdue'))::int AS events,
             (SELECT count(*) FROM notifications n JOIN d ON d.case_id = n.case_id)::int AS notifications,
             (SELECT count(*) FROM d WHERE state = 'running')::int AS running,
             (SELECT count(*) FROM analytics_inbox)::int AS rollup_pending,
             (SELECT count(*) FROM supervisions s JOIN d ON d.case_id = s.case_id)::int AS supervisions`, [policyId]);
  return r.rows[0];
}
