// Upgrade path of 20261124000000_report_dues_on_deadline_engine: a database migrated up to the migration before
// it holds report dues in every state, written as the old code wrote them (old domain maths, old version bumps,
// old firings and outbox topic), plus a case clock that must not move. Then the remaining migrations run through
// the production runner, and nothing may be lost: every due gets one clock with the state, due instant, version,
// gap flag and fired rungs the new code would have recorded, and the schema ends equal to a fresh install's.
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '#prisma-client';
import { migrate } from '#platform';
import { WorkingCalendar, calendarEntriesFromChineseDays, clockDue, computeDue, startOfChinaDay, yearsIn, type ChineseDaysJson, type LadderRung } from '#deadlines';
import { ESCALATE_AFTER_WORKING_DAYS, lastDayOfPeriod, reportDueTimes, reportEscalateAt, rescheduleReportDue } from '#tasks';
import { adminQuery, createTestDb, dbUrl, TEST_DB_PREFIX, type TestDb } from '#testing';
import { seedReference } from '../../prisma/seed/reference.js';

const TARGET = '20261124000000_report_dues_on_deadline_engine';
const MIGRATIONS = 'prisma/migrations';

// The official calendar the test database would hold (2004–2026): 2027 is unknown, so December's report has a gap.
const entries = calendarEntriesFromChineseDays(JSON.parse(readFileSync('node_modules/chinese-days/dist/chinese-days.json', 'utf8')) as ChineseDaysJson);
const cal = new WorkingCalendar(entries, yearsIn(entries));

/** What the old code stored for a period (reporting.ts before the migration: due + escalate, gaps of both). */
function oldTimes(period: string) {
  const due = reportDueTimes(cal, period);
  const esc = computeDue(cal, due.dueDate, ESCALATE_AFTER_WORKING_DAYS, 'workingDays');
  return { dueDate: due.dueDate, dueAt: due.dueAt, escalateAt: esc.dueAt, gap: due.calendarGaps.length + esc.calendarGaps.length > 0 };
}
const ms = (d: Date, n: number) => new Date(d.getTime() + n);
const HOUR = 3600_000;

// ---------------------------------------------------------------- the old rows

const U = { lead: randomUUID(), co: randomUUID(), office: randomUUID() };
const PLAN = randomUUID();
const TASK_A = randomUUID();
const TASK_B = randomUUID(); // completed 2026-11-02: its future dues were cancelled (old code: version + 1)
const ADMIN = randomUUID();

interface OldDue {
  key: string; task: string; unit: string; period: string; state: 'running' | 'met' | 'overdue' | 'cancelled'; version: number;
  metAt?: Date; overdueAt?: Date; escalatedAt?: Date; report?: boolean;
  /** The state the deadline engine records (a late report leaves its clock `overdue` with met_at, as cases do). */
  clockState: string;
}
const t = Object.fromEntries(['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12'].map((p) => [p, oldTimes(p)]));
const DUES: OldDue[] = [
  // Met late after the due and escalate rungs fired; meeting bumped the version.
  { key: 'metLateEscalated', task: TASK_A, unit: U.lead, period: '2026-06', state: 'met', version: 2, overdueAt: ms(t['2026-06'].dueAt, 5000), escalatedAt: ms(t['2026-06'].escalateAt, 3000), metAt: ms(t['2026-06'].escalateAt, 30 * HOUR), report: true, clockState: 'overdue' },
  // Met on time.
  { key: 'metOnTime', task: TASK_A, unit: U.lead, period: '2026-07', state: 'met', version: 2, metAt: ms(t['2026-07'].dueAt, -50 * HOUR), report: true, clockState: 'met' },
  // Overdue, escalated to 办公室.
  { key: 'overdueEscalated', task: TASK_A, unit: U.lead, period: '2026-08', state: 'overdue', version: 1, overdueAt: ms(t['2026-08'].dueAt, 800), escalatedAt: ms(t['2026-08'].escalateAt, 1200), clockState: 'overdue' },
  // Overdue, escalation still pending (its wake-up is a pending outbox row).
  { key: 'overdue', task: TASK_A, unit: U.lead, period: '2026-09', state: 'overdue', version: 1, overdueAt: ms(t['2026-09'].dueAt, 400), clockState: 'overdue' },
  { key: 'running', task: TASK_A, unit: U.lead, period: '2026-10', state: 'running', version: 1, clockState: 'running' },
  // December's due falls in 2027, a year with no holiday notice: a calendar gap.
  { key: 'runningGap', task: TASK_A, unit: U.lead, period: '2026-12', state: 'running', version: 1, clockState: 'running' },
  // Reported after the due instant but before the worker fired `due` (no overdue_at): still a late clock.
  { key: 'metLateUnfired', task: TASK_A, unit: U.co, period: '2026-06', state: 'met', version: 2, metAt: ms(t['2026-06'].dueAt, 2 * HOUR), report: true, clockState: 'overdue' },
  // Met late after `due` fired, before escalation.
  { key: 'metLateOverdue', task: TASK_A, unit: U.co, period: '2026-08', state: 'met', version: 2, overdueAt: ms(t['2026-08'].dueAt, 900), metAt: ms(t['2026-08'].dueAt, 20 * HOUR), report: true, clockState: 'overdue' },
  { key: 'cancelled', task: TASK_B, unit: U.lead, period: '2026-11', state: 'cancelled', version: 2, clockState: 'cancelled' },
  { key: 'cancelledGap', task: TASK_B, unit: U.lead, period: '2026-12', state: 'cancelled', version: 2, clockState: 'cancelled' },
];
const ids = new Map(DUES.map((d) => [d.key, randomUUID()]));
const reportIds = new Map(DUES.filter((d) => d.report).map((d) => [d.key, randomUUID()]));

/** Old firings: (due, version, rung) claimed by the old worker, late by a little. */
const FIRINGS = [
  { key: 'metLateEscalated', rung: 'due', at: (d: OldDue) => d.overdueAt! },
  { key: 'metLateEscalated', rung: 'escalate', at: (d: OldDue) => d.escalatedAt! },
  { key: 'overdueEscalated', rung: 'due', at: (d: OldDue) => d.overdueAt! },
  { key: 'overdueEscalated', rung: 'escalate', at: (d: OldDue) => d.escalatedAt! },
  { key: 'overdue', rung: 'due', at: (d: OldDue) => d.overdueAt! },
  { key: 'metLateOverdue', rung: 'due', at: (d: OldDue) => d.overdueAt! },
].map((f) => {
  const d = DUES.find((x) => x.key === f.key)!;
  const at = f.at(d);
  const target = f.rung === 'due' ? t[d.period].dueAt : t[d.period].escalateAt;
  return { dueId: ids.get(f.key)!, version: 1, rung: f.rung, firedAt: at, lateMs: at.getTime() - target.getTime() };
});

// The unrelated case clock (and a report due must never be confused with it).
const CASE = randomUUID();
const CASE_POLICY = randomUUID();
const CASE_DEADLINES = [randomUUID(), randomUUID()];

async function writeOldRows(c: pg.Client): Promise<void> {
  await c.query('BEGIN');
  await c.query(
    `INSERT INTO units (id, code, name, level, parent_id) VALUES
       ($1, 'CITY-OFFICE', '办公室', 'department', NULL), ($2, 'CITY-PRICE', '价格监督检查科', 'department', NULL),
       ($3, 'WULING', '武陵区市场监管局', 'county', NULL)`,
    [U.office, U.lead, U.co],
  );
  await c.query(`INSERT INTO work_plans (id, title, year, source_text, created_by, created_at) VALUES ($1, '2026年工作要点', 2026, '一、……', $2, '2026-05-20T09:00:00+08:00')`, [PLAN, ADMIN]);
  await c.query(
    `INSERT INTO work_tasks (id, plan_id, seq, number, text, lead_unit_id, status, due_date, due_at, created_at, completed_at, completed_by, summary, evidence, version)
     VALUES ($1, $3, 1, '1', '开展价格监督检查专项行动', $4, 'open', '2026-12-31', '2026-12-31T23:59:59.999+08:00', '2026-05-20T09:00:00+08:00', NULL, NULL, NULL, '{}', 1),
            ($2, $3, 2, '2', '推进信用分级分类监管', $4, 'completed', '2026-12-31', '2026-12-31T23:59:59.999+08:00', '2026-05-20T09:00:00+08:00',
             '2026-11-02T10:00:00+08:00', $5, '已完成', '{evidence.pdf}', 2)`,
    [TASK_A, TASK_B, PLAN, U.lead, ADMIN],
  );
  await c.query(
    `INSERT INTO work_task_units (task_id, unit_id, role, position, written_as) VALUES
       ($1, $3, 'lead', 0, '价格监督检查科'), ($1, $4, 'co', 1, '武陵区局'), ($2, $3, 'lead', 0, '价格监督检查科')`,
    [TASK_A, TASK_B, U.lead, U.co],
  );
  for (const d of DUES.filter((x) => x.report)) {
    await c.query(
      `INSERT INTO work_progress_reports (id, task_id, unit_id, role, period, percent, narrative, on_time, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, 50, '本月进展', $6, $7, $8)`,
      [reportIds.get(d.key), d.task, d.unit, d.unit === U.lead ? 'lead' : 'co', d.period, d.metAt!.getTime() <= t[d.period].dueAt.getTime(), ADMIN, d.metAt],
    );
  }
  for (const d of DUES) {
    const o = t[d.period];
    await c.query(
      `INSERT INTO work_report_dues (id, task_id, unit_id, period, due_date, due_at, escalate_at, state, version, calendar_gap, report_id, met_at, overdue_at, escalated_at)
       VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
      [ids.get(d.key), d.task, d.unit, d.period, o.dueDate, o.dueAt, o.escalateAt, d.state, d.version, o.gap, reportIds.get(d.key) ?? null, d.metAt ?? null, d.overdueAt ?? null, d.escalatedAt ?? null],
    );
  }
  for (const f of FIRINGS)
    await c.query(`INSERT INTO work_report_firings (due_id, version, rung, fired_at, late_ms) VALUES ($1, $2, $3, $4, $5)`, [f.dueId, f.version, f.rung, f.firedAt, f.lateMs]);

  // Outbox: the old topic, dispatched and pending; other topics must be left as they are.
  const arm = (key: string, rung: 'due' | 'escalate') => {
    const d = DUES.find((x) => x.key === key)!;
    return { dueId: ids.get(key), version: 1, rung, fireAt: (rung === 'due' ? t[d.period].dueAt : t[d.period].escalateAt).toISOString() };
  };
  const outbox: [string, object, Date | null][] = [
    ['task-report.arm', arm('metLateEscalated', 'due'), new Date('2026-06-01T00:00:01Z')],
    ['task-report.arm', arm('overdueEscalated', 'escalate'), new Date('2026-09-08T00:00:01Z')],
    ['task-report.arm', arm('overdue', 'escalate'), null],
    ['task-report.arm', arm('running', 'due'), null],
    ['task-report.arm', arm('runningGap', 'due'), null],
    ['deadline.arm', { deadlineId: CASE_DEADLINES[0], version: 1, rung: 'supervise', fireAt: '2026-11-30T16:00:00.001Z' }, null],
    ['deadline.arm', { deadlineId: CASE_DEADLINES[0], version: 1, rung: 'due', fireAt: '2026-11-20T16:00:00.001Z' }, new Date('2026-11-10T02:00:00Z')],
    ['calendar.changed', { changeId: randomUUID() }, null],
  ];
  for (const [topic, payload, dispatchedAt] of outbox)
    await c.query(`INSERT INTO outbox (topic, payload, dispatched_at) VALUES ($1, $2, $3)`, [topic, JSON.stringify(payload), dispatchedAt]);

  // A case with two clocks and fired rungs: nothing of it may change.
  await c.query(
    `INSERT INTO time_limit_policies (id, regime, case_type, step, amount, unit, starts_at, legal_basis, effective_from, ladder)
     VALUES ($1, 'O121', 'complaint', 'acceptance', 7, 'workingDays', 'receipt', '《市场监督管理投诉举报处理办法》第十五条', '2026-04-15',
             '[{"rung":"warn","offset":-2},{"rung":"due","offset":0},{"rung":"supervise","offset":2}]')`,
    [CASE_POLICY],
  );
  await c.query(
    `INSERT INTO cases (id, case_no, type, channel, status, regime, received_at, complainant_name, complainant_phone, complainant_address,
                        respondent_name, respondent_region_code, respondent_address, category_code, description, assigned_unit_id,
                        registered_by, registered_at)
     VALUES ($1, '202699110001', 'complaint', 'hotline', 'dispatched', 'O121', '2026-11-10T10:00:00+08:00', '张三', '13812345678', '人民路1号',
             '好运电器商行', '430702', '建设路8号', 'G01', '电热水壶漏电', $2, $3, '2026-11-10T10:05:00+08:00')`,
    [CASE, U.co, ADMIN],
  );
  await c.query(
    `INSERT INTO deadlines (id, case_id, kind, policy_id, legal_basis, start_at, start_date, amount, unit, extended, due_date, due_at, state, version,
                            calendar_gap, met_at, overdue_at, created_at)
     VALUES ($1, $3, 'acceptance', $4, '第十五条', '2026-11-10T02:00:00Z', '2026-11-10', 7, 'workingDays', 0, '2026-11-19', '2026-11-19T15:59:59.999Z',
             'overdue', 1, false, NULL, '2026-11-19T16:00:03Z', '2026-11-10T02:05:00Z'),
            ($2, $3, 'mediation', $4, '第二十五条', '2026-11-12T02:00:00Z', '2026-11-12', 45, 'workingDays', 0, '2027-01-19', '2027-01-19T15:59:59.999Z',
             'running', 3, true, NULL, NULL, '2026-11-12T02:00:00Z')`,
    [CASE_DEADLINES[0], CASE_DEADLINES[1], CASE, CASE_POLICY],
  );
  await c.query(
    `INSERT INTO deadline_firings (deadline_id, version, rung, fired_at, late_ms) VALUES
       ($1, 1, 'warn', '2026-11-18T00:00:00.020Z', 20), ($1, 1, 'due', '2026-11-19T16:00:03Z', 3001), ($2, 2, 'warn', '2026-11-20T00:00:00.010Z', 10)`,
    [CASE_DEADLINES[0], CASE_DEADLINES[1]],
  );
  await c.query('COMMIT');
}

// ---------------------------------------------------------------- the catalog, for old ↔ new and upgraded ↔ fresh

async function rows<T extends pg.QueryResultRow>(c: pg.Client, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await c.query<T>(sql, params)).rows;
}

/** Everything of the public schema a migration defines: columns, constraints, indexes, triggers, functions. */
async function schemaOf(c: pg.Client) {
  // Month partitions (migration 20261205070000) follow the data: an upgraded database has those of its rows' months.
  // Parents are compared; test/db/partitions.int-spec checks the partitions.
  const parts = `(SELECT relname::text FROM pg_class WHERE relispartition)`;
  return {
    columns: await rows(c, `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length, numeric_precision, datetime_precision
                             FROM information_schema.columns WHERE table_schema = 'public' AND table_name::text NOT IN ${parts} ORDER BY table_name, column_name`),
    constraints: await rows(c, `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                                 WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ${parts} ORDER BY 1, 2`),
    indexes: await rows(c, `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename::text NOT IN ${parts} ORDER BY 1, 2`),
    triggers: await rows(c, `SELECT event_object_table, trigger_name, event_manipulation, action_statement FROM information_schema.triggers
                              WHERE trigger_schema = 'public' AND event_object_table::text NOT IN ${parts} ORDER BY 1, 2, 3`),
    functions: await rows(c, `SELECT proname, pg_get_functiondef(oid) AS def FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1`),
    sequences: await rows(c, `SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY 1`),
  };
}

// ---------------------------------------------------------------- the upgrade

const DEADLINE_COLS = `id, case_id, kind, policy_id, legal_basis, start_at, start_date::text AS start_date, amount, unit, extended,
                       due_date::text AS due_date, due_at, state, version, calendar_gap, met_at, overdue_at, created_at`;
/** The same columns once the remaining migrations ran: `deadlines.kind` is `deadlines.step` since 20261205010000. */
const DEADLINE_COLS_NOW = DEADLINE_COLS.replace('kind', 'step AS kind');

let dbName: string;
let tmp: string;
let c: pg.Client;
let fresh: TestDb;
let ranOld: string[];
let ranUpgrade: string[];
const before: Record<string, pg.QueryResultRow[]> = {};

beforeAll(async () => {
  // The runner applies every folder of a directory: give it the migrations older than the one under test.
  tmp = mkdtempSync(join(tmpdir(), 'fx-upgrade-'));
  const all = readdirSync(MIGRATIONS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const older = all.filter((n) => n < TARGET);
  for (const n of older) cpSync(join(MIGRATIONS, n), join(tmp, n), { recursive: true });
  writeFileSync(join(tmp, 'migration_lock.toml'), readFileSync(join(MIGRATIONS, 'migration_lock.toml')));

  // Named like createTestDb's so global-setup can tell a stale leftover from a concurrent run's database.
  dbName = `${TEST_DB_PREFIX}${Math.floor(Date.now() / 1000)}_upgrade_${randomBytes(4).toString('hex')}`;
  ranOld = await migrate(dbUrl(dbName), tmp);
  c = new pg.Client({ connectionString: dbUrl(dbName) });
  await c.connect();
  await writeOldRows(c);

  before.dues = await rows(c, `SELECT id, task_id, unit_id, period, state, report_id, met_at, overdue_at, escalated_at FROM work_report_dues ORDER BY id`);
  before.caseDeadlines = await rows(c, `SELECT ${DEADLINE_COLS} FROM deadlines ORDER BY id`);
  before.firings = await rows(c, `SELECT * FROM deadline_firings ORDER BY deadline_id, version, rung`);
  before.outbox = await rows(c, `SELECT * FROM outbox ORDER BY id`);
  before.policies = await rows(c, `SELECT * FROM time_limit_policies ORDER BY id`);

  // The upgrade: the production runner on the real folder, as a bureau's deploy runs it.
  ranUpgrade = await migrate(dbUrl(dbName), MIGRATIONS);
  fresh = await createTestDb();
}, 120_000);

afterAll(async () => {
  await c?.end();
  await fresh?.drop();
  if (dbName) await adminQuery(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe(`upgrading a database with report dues through ${TARGET}`, () => {
  it('ran the old migrations first, then exactly the remaining ones', () => {
    expect(ranOld.length).toBeGreaterThan(0);
    expect(ranOld.every((n) => n < TARGET)).toBe(true);
    expect(ranUpgrade[0]).toBe(TARGET);
    expect([...ranOld, ...ranUpgrade]).toEqual(readdirSync(MIGRATIONS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort());
  });

  it('seeded the old rows as the old code wrote them (the scenario is what it claims)', () => {
    expect(new Set(DUES.map((d) => d.state))).toEqual(new Set(['running', 'met', 'overdue', 'cancelled']));
    expect(DUES.filter((d) => t[d.period].gap).map((d) => d.key)).toEqual(['runningGap', 'cancelledGap']);
    expect(DUES.some((d) => d.version > 1)).toBe(true);
  });

  it('adds the report-due policy once, with the seeded ladder', async () => {
    const p = await rows(c, `SELECT amount, unit, starts_at, effective_from::text AS effective_from, effective_to, enabled, ladder FROM time_limit_policies
                             WHERE regime = 'LOCAL' AND case_type = 'work_task' AND step = 'progressReport'`);
    expect(p).toEqual([{
      amount: 5, unit: 'workingDays', starts_at: 'periodEnd', effective_from: '2020-01-01', effective_to: null, enabled: true,
      ladder: [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }, { rung: 'supervise', offset: 2 }],
    }]);
    // The policies there before are as they were (later migrations add their own: supervision replies, the public
    // side's notice and 24-hour clocks, …).
    const others = await rows(c, `SELECT id, regime, case_type, step, amount, unit, starts_at, legal_basis, effective_from, effective_to, enabled, version, ladder
                                  FROM time_limit_policies WHERE case_type <> 'work_task' AND id = ANY($1::uuid[]) ORDER BY id`, [before.policies.map((p) => p.id)]);
    expect(others).toEqual(before.policies.map(({ pause_reasons: _a, max_extensions: _b, max_extension_units: _c, extension_basis: _d, ...p }) => p));
  });

  it('keeps one report-due policy when the reference seed runs after the migration (a deploy does both)', async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: dbUrl(dbName) }) });
    try {
      await seedReference(prisma);
    } finally {
      await prisma.$disconnect();
    }
    expect(await rows(c, `SELECT count(*)::int AS n FROM time_limit_policies WHERE regime = 'LOCAL' AND case_type = 'work_task' AND step = 'progressReport'`)).toEqual([{ n: 1 }]);
  });

  it('gives every due exactly one clock with its due instant, version, gap flag and the state the engine records', async () => {
    const [policy] = await rows<{ id: string; legal_basis: string }>(c, `SELECT id, legal_basis FROM time_limit_policies WHERE regime = 'LOCAL' AND case_type = 'work_task' AND step = 'progressReport'`);
    const clocks = await rows(c, `SELECT report_due_id, ${DEADLINE_COLS_NOW} FROM deadlines WHERE report_due_id IS NOT NULL ORDER BY report_due_id`);
    expect(clocks).toHaveLength(DUES.length);
    for (const d of DUES) {
      const o = t[d.period];
      const mine = clocks.filter((x) => x.report_due_id === ids.get(d.key));
      expect(mine).toHaveLength(1);
      const { id, created_at, ...clock } = mine[0];
      expect(id).toEqual(expect.any(String));
      expect(created_at).toBeInstanceOf(Date);
      expect({ key: d.key, ...clock }).toEqual({
        key: d.key, report_due_id: ids.get(d.key), case_id: null, kind: 'progressReport', policy_id: policy.id, legal_basis: policy.legal_basis,
        // The period rule starts the day after the period's last day; the clock starts at that day's 00:00 China time.
        start_at: startOfChinaDay(lastDayOfPeriod(d.period)), start_date: lastDayOfPeriod(d.period), amount: 5, unit: 'workingDays', extended: 0,
        due_date: o.dueDate, due_at: o.dueAt, state: d.clockState, version: d.version, calendar_gap: o.gap,
        met_at: d.metAt ?? null, overdue_at: d.overdueAt ?? null,
      });
    }
  });

  it('yields clocks the new code agrees with: same due from start + amount, escalation at the old escalate_at', async () => {
    const ladder: LadderRung[] = [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }, { rung: 'supervise', offset: 2 }];
    const clocks = await rows(c, `SELECT report_due_id, start_at, amount, extended, due_at, due_date::text AS due_date, state, version, calendar_gap, met_at FROM deadlines WHERE report_due_id IS NOT NULL`);
    const now = new Date('2026-11-03T02:00:00Z');
    for (const k of clocks) {
      const d = DUES.find((x) => ids.get(x.key) === k.report_due_id)!;
      expect(clockDue(cal, { startAt: k.start_at, amount: k.amount, unit: 'workingDays', pauses: [], extended: k.extended }).dueAt).toEqual(k.due_at);
      // The dropped escalate_at is the ladder's office rung.
      expect(reportEscalateAt({ dueAt: k.due_at, dueDate: k.due_date }, ladder, cal)).toEqual(t[d.period].escalateAt);
      // A calendar recompute on the same calendar moves nothing.
      const clock = {
        state: k.state, dueAt: k.due_at, dueDate: k.due_date, metAt: k.met_at, startAt: k.start_at, amount: k.amount, extended: k.extended,
        version: k.version, calendarGap: k.calendar_gap,
      };
      expect(rescheduleReportDue(clock, cal, now)).toBeNull();
    }
  });

  it('leaves the business rows of the dues as they were', async () => {
    expect(await rows(c, `SELECT id, task_id, unit_id, period, state, report_id, met_at, overdue_at, escalated_at FROM work_report_dues ORDER BY id`)).toEqual(before.dues);
  });

  it('carries every fired rung over with its instant and lateness (escalate → supervise)', async () => {
    const got = await rows(c, `SELECT d.report_due_id, f.version, f.rung, f.fired_at, f.late_ms FROM deadline_firings f JOIN deadlines d ON d.id = f.deadline_id
                               WHERE d.report_due_id IS NOT NULL ORDER BY 1, 2, 3`);
    const want = FIRINGS.map((f) => ({ report_due_id: f.dueId, version: f.version, rung: f.rung === 'escalate' ? 'supervise' : f.rung, fired_at: f.firedAt, late_ms: f.lateMs }));
    const key = (r: pg.QueryResultRow) => `${r.report_due_id}/${r.version}/${r.rung}`;
    expect(got.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(want.sort((a, b) => key(a).localeCompare(key(b))));
    expect(await rows(c, `SELECT count(*)::int AS n FROM deadline_firings WHERE rung = 'escalate'`)).toEqual([{ n: 0 }]);
  });

  it('leaves the case clocks and their firings untouched', async () => {
    expect(await rows(c, `SELECT ${DEADLINE_COLS_NOW} FROM deadlines WHERE case_id IS NOT NULL ORDER BY id`)).toEqual(before.caseDeadlines);
    expect(await rows(c, `SELECT * FROM deadline_firings WHERE deadline_id = ANY($1) ORDER BY deadline_id, version, rung`, [CASE_DEADLINES])).toEqual(before.firings);
  });

  it('marks pending task-report.arm rows dispatched and changes no other outbox row', async () => {
    const after = await rows(c, `SELECT * FROM outbox ORDER BY id`);
    expect(after).toHaveLength(before.outbox.length);
    for (const [i, b] of before.outbox.entries()) {
      const a = after[i];
      if (b.topic === 'task-report.arm' && b.dispatched_at === null) {
        expect(a.dispatched_at).toBeInstanceOf(Date);
        expect({ ...a, dispatched_at: null }).toEqual(b);
      } else expect(a).toEqual(b);
    }
    expect(await rows(c, `SELECT topic, count(*)::int AS n FROM outbox WHERE dispatched_at IS NULL GROUP BY topic ORDER BY topic`)).toEqual([
      { topic: 'calendar.changed', n: 1 }, { topic: 'deadline.arm', n: 1 },
    ]);
  });

  it('drops the old timer table and clock columns', async () => {
    expect(await rows(c, `SELECT to_regclass('work_report_firings') AS t`)).toEqual([{ t: null }]);
    const cols = (await rows<{ column_name: string }>(c, `SELECT column_name FROM information_schema.columns WHERE table_name = 'work_report_dues'`)).map((r) => r.column_name);
    for (const gone of ['due_date', 'due_at', 'escalate_at', 'version', 'calendar_gap']) expect(cols).not.toContain(gone);
  });

  it('ends with the schema of a fresh install (the drift test checks that one against schema.prisma)', async () => {
    const f = new pg.Client({ connectionString: fresh.url });
    await f.connect();
    try {
      expect(await schemaOf(c)).toEqual(await schemaOf(f));
    } finally {
      await f.end();
    }
  });

  it('is read by the generated client: each due with its clock', async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: dbUrl(dbName) }) });
    try {
      const dues = await prisma.workReportDue.findMany({ include: { deadline: true } });
      expect(dues).toHaveLength(DUES.length);
      expect(dues.every((d) => d.deadline?.reportDueId === d.id && d.deadline.caseId === null)).toBe(true);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('applies nothing more on a second run', async () => {
    expect(await migrate(dbUrl(dbName), MIGRATIONS)).toEqual([]);
  });
});
