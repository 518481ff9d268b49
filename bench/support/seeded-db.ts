// A bench database "as deployed": migrations, reference data, the demo city (units, users, routing, ~2,000 cases
// made through the domain) plus BENCH_HISTORY (default 1,000,000) historical cases in bulk SQL (generate_series):
// each with its acceptance clock, its CaseRegistered event and its open/closed hop, spread over two years, over
// every county and station, mostly closed; and the units' inboxes as two years of rungs leave them (a 临期预警 for a
// quarter of the cases, and 临期预警 + 超期提醒 for each overdue clock: ~15,000 per county, none read). Built once and kept as a template database named after the migrations
// and this seed's version (`fangxin_benchtpl_<hash>`); each bench run clones it (CREATE DATABASE … TEMPLATE), which
// takes seconds instead of minutes. BENCH_REBUILD=1 rebuilds the template.
//
// The historical rows are inserted with session_replication_role = replica (no triggers, no FK checks: the rows are
// consistent by construction), so they are NOT in the indicator rollup (analytics_*) of the bench database and
// the worker does not churn through a million inbox rows during the bench. Intake and list reads do not read it.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '#prisma-client';
import { createRedis, migrate } from '#platform';
import { flushPrefix } from '../../libs/testing/src/test-db.js';
import { seedReference } from '../../prisma/seed/reference.js';
import { seedDemo } from '../../prisma/seed/demo.js';

const SEED_VERSION = 5;
export const ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const dbUrl = (name: string) => { const u = new URL(ADMIN_URL); u.pathname = `/${name}`; return u.toString(); };

export async function admin<T extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try { return (await c.query<T>(sql, params)).rows; } finally { await c.end(); }
}

const migrationDirs = () => readdirSync('prisma/migrations').filter((d) => /^\d/.test(d)).sort();
function templateName(history: number, migrations = migrationDirs()): string {
  return `fangxin_benchtpl_${createHash('sha256').update(`${SEED_VERSION}|${history}|${migrations.join(',')}`).digest('hex').slice(0, 12)}`;
}

/** Clones the seeded template (building it first if needed) into `name`; returns its URL and how long it took. */
export async function seededDatabase(name: string, log: (m: string) => void, history = Number(process.env.BENCH_HISTORY ?? 1_000_000)): Promise<{ url: string; built: boolean; seconds: number }> {
  const tpl = templateName(history);
  const t0 = performance.now();
  // One builder at a time (two benches started together would otherwise both build).
  const lock = new pg.Client({ connectionString: ADMIN_URL });
  await lock.connect();
  let built = false;
  try {
    await lock.query('SELECT pg_advisory_lock(7215015)');
    const has = async (db: string) => !!(await lock.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])).rowCount;
    const exists = await has(tpl);
    if (exists && process.env.BENCH_REBUILD) await lock.query(`DROP DATABASE "${tpl}" WITH (FORCE)`);
    // A branch that adds migrations clones the template of the longest prefix of its migrations that exists and
    // applies the rest to the clone (rebuilding 1,000,000 cases takes many minutes on a shared machine).
    let from = exists && !process.env.BENCH_REBUILD ? tpl : null;
    if (!from && !process.env.BENCH_REBUILD) {
      const all = migrationDirs();
      for (let k = all.length - 1; k > 0 && !from; k--) if (await has(templateName(history, all.slice(0, k)))) from = templateName(history, all.slice(0, k));
    }
    if (!from) {
      await build(tpl, history, log);
      built = true;
      from = tpl;
    }
    await lock.query(`CREATE DATABASE "${name}" TEMPLATE "${from}"`);
    if (from !== tpl) {
      const applied = await migrate(dbUrl(name), 'prisma/migrations');
      log(`cloned ${from} (an earlier migration set) and applied ${applied.join(', ')}`);
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock(7215015)').catch(() => {});
    await lock.end();
  }
  return { url: dbUrl(name), built, seconds: (performance.now() - t0) / 1000 };
}

async function build(tpl: string, history: number, log: (m: string) => void): Promise<void> {
  const tmp = `${tpl}_building`;
  await admin(`DROP DATABASE IF EXISTS "${tmp}" WITH (FORCE)`);
  const url = dbUrl(tmp);
  let t = performance.now();
  const lap = () => { const s = ((performance.now() - t) / 1000).toFixed(1); t = performance.now(); return s; };
  await migrate(url, 'prisma/migrations');
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    await seedReference(prisma);
    await seedDemo(prisma, { now: new Date() });
  } finally {
    await prisma.$disconnect();
  }
  log(`template: migrations, reference data and the demo city in ${lap()} s`);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(`SET LOCAL session_replication_role = replica`);
    await c.query(`SET LOCAL work_mem = '256MB'`);
    await c.query(`CREATE TEMP TABLE bu ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY code) - 1 AS k, id, region_code FROM units WHERE NOT is_intake AND level IN ('county', 'station')`);
    await c.query(`CREATE TEMP TABLE bh ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY u.username) - 1 AS k, u.id FROM users u WHERE u.role IN ('operator', 'handler')`);
    await c.query(`CREATE TEMP TABLE bc ON COMMIT DROP AS
      SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM categories c WHERE NOT EXISTS (SELECT 1 FROM categories x WHERE x.parent_code = c.code)`);
    const [{ nu, nh, nc, intake, policy }] = (await c.query(`SELECT (SELECT count(*) FROM bu)::int AS nu, (SELECT count(*) FROM bh)::int AS nh,
      (SELECT count(*) FROM bc)::int AS nc, (SELECT id FROM units WHERE is_intake ORDER BY code LIMIT 1) AS intake,
      (SELECT id FROM time_limit_policies WHERE regime = 'O121' AND case_type = 'complaint' AND step = 'acceptance' ORDER BY effective_from DESC LIMIT 1) AS policy`)).rows;
    // g → a case: received over the last 730 days; status by g % 100 (90% closed, 3% archived, 3% declined, the
    // rest open at the units); unit, registering user and category by g modulo their counts. Open cases are recent
    // (received in the last 2 days): their clocks run into the future, as in a bureau that keeps its deadlines —
    // otherwise the worker would spend the bench catching up tens of thousands of long-past escalation rungs.
    await c.query(`CREATE TEMP TABLE bg ON COMMIT DROP AS
      SELECT g, md5('case' || g)::uuid AS id,
        CASE WHEN g % 100 >= 96 THEN now() - (g % 2880) * interval '1 minute'
             ELSE now() - (g % 730) * interval '1 day' - (g % 36000) * interval '1 second' END AS received_at,
        CASE WHEN g % 100 < 90 THEN 'closed' WHEN g % 100 < 93 THEN 'archived' WHEN g % 100 < 96 THEN 'declined'
             WHEN g % 100 = 96 THEN 'accepted' WHEN g % 100 = 97 THEN 'signed' WHEN g % 100 = 98 THEN 'dispatched' ELSE 'pendingDispatch' END AS status,
        CASE WHEN g % 3 = 0 THEN 'report' WHEN g % 17 = 0 THEN 'inquiry' ELSE 'complaint' END AS type,
        (g::bigint * 7919) % $1::int AS uk, g % $2::int AS hk, (g * 31) % $3::int AS ck
      FROM generate_series(1, $4::int) g`, [nu, nh, nc, history]);
    await c.query(`INSERT INTO cases (id, case_no, type, channel, status, regime, received_at, complainant_name, complainant_phone, complainant_address,
        respondent_name, respondent_region_code, respondent_address, category_code, description, request, amount, assigned_unit_id,
        outcome, registered_by, registered_at, dispatched_at, signed_at, decided_at, closed_at, archived_at, real_name, unit_trail)
      SELECT bg.id, to_char(bg.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || lpad((50000000 + g)::text, 8, '0'), bg.type,
        (ARRAY['hotline','web','letter','visit','hotline12345'])[1 + g % 5], bg.status, 'O121', bg.received_at,
        (ARRAY['张','王','李','赵','刘','陈','杨','黄'])[1 + g % 8] || (ARRAY['伟','芳','娜','敏','静','丽','强','磊','军','洋'])[1 + (g / 8) % 10],
        '13' || lpad(((g::bigint * 104729) % 1000000000)::text, 9, '0'), '湖南省常德市' || (g % 300) || '号',
        '常德市' || (ARRAY['好运','平安','诚信','明珠','金源','华联'])[1 + g % 6] || (ARRAY['电器商行','超市','餐饮店','药房','装饰公司'])[1 + (g / 6) % 5],
        bu.region_code, '常德市建设路' || (g % 500) || '号', bc.code,
        '历史案件 ' || g || '：购买的商品存在质量问题，商家拒绝退换，请求处理。', '退货退款', (g % 5000) + 0.5,
        CASE WHEN bg.status = 'pendingDispatch' THEN $1::uuid ELSE bu.id END,
        CASE WHEN bg.status IN ('closed', 'archived') THEN (ARRAY['agreement','noAgreement','terminated'])[1 + g % 3] END,
        bh.id, bg.received_at,
        CASE WHEN bg.status <> 'pendingDispatch' THEN bg.received_at + interval '2 hours' END,
        CASE WHEN bg.status NOT IN ('pendingDispatch', 'dispatched') THEN bg.received_at + interval '1 day' END,
        CASE WHEN bg.status NOT IN ('pendingDispatch', 'dispatched', 'signed') THEN bg.received_at + interval '3 days' END,
        CASE WHEN bg.status IN ('closed', 'archived') THEN bg.received_at + interval '20 days' END,
        CASE WHEN bg.status = 'archived' THEN bg.received_at + interval '30 days' END,
        true, CASE WHEN bg.status = 'pendingDispatch' THEN ARRAY[]::uuid[] ELSE ARRAY[bu.id] END
      FROM bg JOIN bu ON bu.k = bg.uk JOIN bh ON bh.k = bg.hk JOIN bc ON bc.k = bg.ck`, [intake]);
    log(`template: ${history.toLocaleString('en')} cases in ${lap()} s`);
    await c.query(`INSERT INTO deadlines (id, case_id, step, policy_id, legal_basis, start_date, start_at, amount, unit, due_date, due_at, state, version, met_at, created_at)
      SELECT md5('dl' || g)::uuid, bg.id, 'acceptance', $1::uuid, '《市场监督管理投诉举报处理办法》第十五条', (bg.received_at AT TIME ZONE 'Asia/Shanghai')::date, bg.received_at, 7, 'workingDays',
        (bg.received_at AT TIME ZONE 'Asia/Shanghai')::date + 9, bg.received_at + interval '9 days',
        CASE WHEN bg.status IN ('pendingDispatch', 'dispatched', 'signed') THEN (CASE WHEN bg.received_at + interval '9 days' < now() THEN 'overdue' ELSE 'running' END) ELSE 'met' END,
        1, CASE WHEN bg.status NOT IN ('pendingDispatch', 'dispatched', 'signed') THEN bg.received_at + interval '3 days' END, bg.received_at
      FROM bg`, [policy]);
    await c.query(`UPDATE cases SET overdue = true FROM deadlines d WHERE d.case_id = cases.id AND d.state = 'overdue'`);
    // cases.next_due_at (the nearest-deadline lists' key) is kept by a trigger on deadlines, off here (replica): set
    // as migration 20261207030000 backfills it. Without it every case reads as one without an open clock, and the
    // lists in nearest-deadline order measure their fallback plan instead of their index (seed version 3 did so).
    await c.query(`UPDATE cases c SET next_due_at = d.due
      FROM (SELECT case_id, min(due_at) AS due FROM deadlines WHERE met_at IS NULL AND state IN ('running', 'overdue') GROUP BY case_id) d
      WHERE c.id = d.case_id`);
    // respondent_names (a q search's names) is kept by a trigger on cases, off here too: filled as migration 20261210010000 fills it.
    await c.query(`SELECT respondent_names_refresh()`);
    log(`template: clocks in ${lap()} s`);
    await c.query(`INSERT INTO case_events (id, case_id, seq, type, actor_id, unit_id, at, data)
      SELECT md5('ev' || g)::uuid, bg.id, 1, 'CaseRegistered', bh.id, $1::uuid, bg.received_at, jsonb_build_object('type', bg.type, 'channel', 'hotline')
      FROM bg JOIN bh ON bh.k = bg.hk`, [intake]);
    await c.query(`INSERT INTO case_hops (id, case_id, seq, unit_id, how, opened_at, opened_by, signed_at, closed_at, closed_by, close_reason)
      SELECT md5('hop' || g)::uuid, bg.id, 1, CASE WHEN bg.status = 'pendingDispatch' THEN $1::uuid ELSE bu.id END,
        CASE WHEN bg.status = 'pendingDispatch' THEN 'intake' ELSE 'dispatch' END, bg.received_at + interval '2 hours', bh.id,
        CASE WHEN bg.status NOT IN ('pendingDispatch', 'dispatched') THEN bg.received_at + interval '1 day' END,
        CASE WHEN bg.status IN ('closed', 'archived', 'declined') THEN bg.received_at + interval '20 days' END,
        CASE WHEN bg.status IN ('closed', 'archived', 'declined') THEN bh.id END,
        CASE WHEN bg.status IN ('closed', 'archived', 'declined') THEN 'closed' END
      FROM bg JOIN bu ON bu.k = bg.uk JOIN bh ON bh.k = bg.hk`, [intake]);
    log(`template: events and hops in ${lap()} s`);
    await c.query(`INSERT INTO notifications (id, unit_id, role, case_id, deadline_id, kind, title, body, urgent, created_at, deliver_at)
      SELECT md5('nw' || d.id)::uuid, c.assigned_unit_id, NULL, c.id, d.id, 'warn', '临期预警', '案件' || c.case_no || '的受理决定期限将届满，请抓紧办理。', false,
        d.due_at - interval '2 days', d.due_at - interval '2 days'
      FROM deadlines d JOIN cases c ON c.id = d.case_id
      WHERE c.assigned_unit_id IS NOT NULL AND (d.state = 'overdue' OR substr(d.id::text, 1, 1) IN ('0', '4', '8', 'c')) AND d.due_at - interval '2 days' < now()
      UNION ALL
      SELECT md5('nd' || d.id)::uuid, c.assigned_unit_id, 'leader', c.id, d.id, 'due', '超期提醒', '案件' || c.case_no || '的受理决定已超期。', true, d.due_at, d.due_at
      FROM deadlines d JOIN cases c ON c.id = d.case_id WHERE c.assigned_unit_id IS NOT NULL AND d.state = 'overdue'`);
    log(`template: notifications in ${lap()} s`);
    await c.query('COMMIT');
    await c.query('VACUUM ANALYZE');
    log(`template: VACUUM ANALYZE in ${lap()} s`);
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    await c.end();
  }
  await admin(`ALTER DATABASE "${tmp}" RENAME TO "${tpl}"`);
}

/**
 * After a bench on a clone: stops the deployment, closes the bench's own connection, removes the run's Redis keys and
 * drops the clone (kept with BENCH_KEEP_DB=1).
 */
export async function tearDown(app: { stop(): Promise<void> }, c: pg.Client, run: { db: string; prefix: string; redisUrl: string }): Promise<void> {
  await app.stop();
  await c.end();
  const redis = createRedis(run.redisUrl);
  await flushPrefix(redis, run.prefix);
  redis.disconnect();
  if (!process.env.BENCH_KEEP_DB) await admin(`DROP DATABASE IF EXISTS "${run.db}" WITH (FORCE)`);
}
