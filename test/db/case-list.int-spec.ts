// The case list's plans at scale (issue 15 §1) give the same pages as the plain SQL they replace: the nearest-deadline
// order from cases.next_due_at (kept by a trigger on deadlines: checked after clocks open, pause, resume, extend, are
// met, turn overdue) — per visible unit, per status or plain, the cases with a clock then those without; a q search from the newest cases or from the indexes; counts with co-handled cases.
import type { Prisma } from '#prisma-client';
import type { PrismaService } from '#platform';
import { LIST_PLANS, PrismaCaseViews } from '../../libs/cases/src/infrastructure/prisma-case-views.js';
import { CASE_SEARCH_COUNT_CAP, type CaseListQuery } from '../../libs/cases/src/application/ports.js';
import { createTestDb, seedOrg, TEST_NOW, type TestDb } from '#testing';

let db: TestDb;
let views: PrismaCaseViews;
const N = 1_500;
const saved = { ...LIST_PLANS };
beforeAll(async () => {
  db = await createTestDb();
  await seedOrg(db.prisma, TEST_NOW);
  views = new PrismaCaseViews(db.prisma as unknown as PrismaService);
  const at = TEST_NOW.toISOString();
  // g → a case: status by g % 10, received g hours back with ties (g / 2), names of two kinds; the open ones (and a
  // few closed) have one or two open clocks, many due at the same instant, more than the walk takes (400).
  await db.prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
    await tx.$executeRawUnsafe(`
      INSERT INTO cases (id, case_no, type, channel, status, regime, received_at, complainant_name, complainant_phone, complainant_address,
        respondent_name, respondent_region_code, respondent_address, category_code, description, assigned_unit_id, registered_by, registered_at)
      SELECT md5('case' || g)::uuid, '2026' || lpad(g::text, 8, '0'), 'complaint', 'hotline',
        (ARRAY['closed','closed','closed','declined','pendingDispatch','pendingDispatch','dispatched','signed','accepted','archived'])[1 + g % 10],
        'O121', '${at}'::timestamptz - (g / 2) * interval '1 hour', '张三', '13800000000', '地址',
        CASE WHEN g > ${N} - 100 THEN '常德市明珠餐饮店' ELSE '常德市好运超市' || (g % 7) END, '430702', '地址', 'x', '描述',
        (SELECT id FROM units WHERE code = (ARRAY['wl','dc','wl-dy'])[1 + g % 3]),
        (SELECT id FROM users ORDER BY username LIMIT 1), '${at}'::timestamptz
      FROM generate_series(1, ${N}) g`);
    await tx.$executeRawUnsafe(`
      INSERT INTO deadlines (id, case_id, step, policy_id, legal_basis, start_date, start_at, amount, unit, due_date, due_at, state, met_at, created_at)
      SELECT md5('dl' || g || s)::uuid, md5('case' || g)::uuid, s, md5('policy')::uuid, '依据', '2026-01-01', '${at}', 7, 'workingDays', '2026-01-10',
        '${at}'::timestamptz + ((g * 37) % 211) * interval '1 minute' + (CASE WHEN s = 'handling' THEN -g % 5 ELSE 0 END) * interval '1 minute',
        CASE WHEN g % 10 IN (4, 5, 6, 7, 8) OR g % 97 = 0 THEN 'running' ELSE 'met' END,
        CASE WHEN g % 10 IN (4, 5, 6, 7, 8) OR g % 97 = 0 THEN NULL ELSE '${at}'::timestamptz END, '${at}'
      FROM generate_series(1, ${N}) g, unnest(ARRAY['acceptance', 'handling']) s WHERE s = 'acceptance' OR g % 3 = 0`);
  });
  // Inserted without triggers (replica): cases.next_due_at as migration 20261207030000 backfills it.
  await db.prisma.$executeRawUnsafe(`SELECT cases_refresh_next_due(ARRAY(SELECT id FROM cases))`);
  await db.prisma.$executeRawUnsafe(`SELECT respondent_names_refresh()`);
  await db.prisma.$executeRawUnsafe(`ANALYZE cases; ANALYZE deadlines`);
}, 300_000);
afterAll(() => db?.drop());

const unitIds = async (...codes: string[]) => (await db.prisma.unit.findMany({ where: { code: { in: codes } }, select: { id: true } })).map((u) => u.id);
const query = (over: Partial<CaseListQuery>): CaseListQuery => ({ visible: null, byIdentity: [], sort: 'deadline', skip: 0, take: 20, ...over });

/** The plain SQL: every matching case with its nearest open clock (or none), sorted. */
async function reference(where: string, order: 'deadline' | 'received'): Promise<string[]> {
  const rows = await db.prisma.$queryRawUnsafe<{ id: string }[]>(`
    SELECT c.id FROM cases c
    LEFT JOIN LATERAL (SELECT min(d.due_at) AS next_due FROM deadlines d WHERE d.case_id = c.id AND d.met_at IS NULL AND d.state IN ('running', 'overdue')) nd ON true
    WHERE ${where}
    ORDER BY ${order === 'deadline' ? 'nd.next_due ASC NULLS LAST,' : ''} c.received_at DESC, c.case_no DESC`);
  return rows.map((r) => r.id);
}
async function pages(q: CaseListQuery, upTo: number): Promise<{ total: number; ids: string[] }> {
  const ids: string[] = [];
  let total = 0;
  for (let p = 0; p < upTo; p++) {
    const r = await views.list({ ...q, skip: p * q.take });
    total = r.total;
    ids.push(...r.rows.map((x) => x.id));
  }
  return { total, ids };
}

it('the nearest-deadline order: the pool, a unit inbox, callbacks and everything — the same pages as the plain SQL', async () => {
  const pool = await pages(query({ status: ['pendingDispatch'] }), 3);
  expect(pool.ids).toEqual((await reference(`c.status = 'pendingDispatch'`, 'deadline')).slice(0, 60));
  expect(pool.total).toBe(300);
  const pool15 = await views.list(query({ status: ['pendingDispatch'], skip: 280, take: 20 }));
  expect(pool15.rows.map((r) => r.id)).toEqual((await reference(`c.status = 'pendingDispatch'`, 'deadline')).slice(280, 300));

  const wl = await unitIds('wl', 'wl-dy');
  const inWl = `c.assigned_unit_id IN ('${wl.join("','")}')`;
  const inbox = await pages(query({ visible: new Set(wl), status: ['dispatched', 'signed', 'accepted'] }), 5);
  expect(inbox.ids).toEqual((await reference(`${inWl} AND c.status IN ('dispatched','signed','accepted')`, 'deadline')).slice(0, 100));

  const callbacks = await pages(query({ status: ['closed', 'declined'], take: 10 }), 3);
  expect(callbacks.ids).toEqual((await reference(`c.status IN ('closed','declined')`, 'deadline')).slice(0, 30));

  const all = await views.list(query({ skip: 740, take: 30 }));
  expect(all.rows.map((r) => r.id)).toEqual((await reference('true', 'deadline')).slice(740, 770));
  expect(all.total).toBe(N);
});

/**
 * Every page of `q` walked by keyset (each page after the last case of the one before, as a nextCursor names it) to
 * the end: the ids in order, and each page's total (the whole list's, not what follows the cursor).
 */
async function keysetWalk(q: CaseListQuery): Promise<{ ids: string[]; totals: Set<number> }> {
  const ids: string[] = [];
  const totals = new Set<number>();
  let after: CaseListQuery['after'];
  for (;;) {
    const r = await views.list({ ...q, skip: 0, after });
    totals.add(r.total);
    ids.push(...r.rows.map((x) => x.id));
    const last = r.rows.at(-1);
    if (r.rows.length < q.take || !last) return { ids, totals };
    after = { sort: q.sort, receivedAt: last.receivedAt, caseNo: last.caseNo, nextDueAt: last.nextDueAt };
  }
}

/** Every page of `q` (pageSize `take`) up to the end equals the plain SQL's (in q's order), and so does the count; by offset and by keyset. */
async function samePages(q: CaseListQuery, where: string): Promise<void> {
  const want = await reference(where, q.sort === 'received' ? 'received' : 'deadline');
  const got: string[] = [];
  for (let skip = 0; skip < want.length + q.take; skip += q.take) {
    const r = await views.list({ ...q, skip });
    expect(r.total).toBe(want.length);
    got.push(...r.rows.map((x) => x.id));
  }
  expect(got).toEqual(want);
  const keyset = await keysetWalk(q);
  expect(keyset.ids).toEqual(want);
  expect([...keyset.totals]).toEqual([want.length]);
}
const OPEN = `c.status IN ('dispatched','signed','accepted')`;
/** cases.next_due_at of every case is its earliest open clock (the trigger's invariant). */
async function nextDueExact(): Promise<number> {
  const [{ wrong }] = await db.prisma.$queryRawUnsafe<{ wrong: number }[]>(`
    SELECT count(*)::int AS wrong FROM cases c WHERE c.next_due_at IS DISTINCT FROM
      (SELECT min(d.due_at) FROM deadlines d WHERE d.case_id = c.id AND d.met_at IS NULL AND d.state IN ('running', 'overdue'))`);
  return wrong!;
}

it('every page of each list shape, to past the end (the cases without an open clock after those with one)', async () => {
  const wl = await unitIds('wl', 'wl-dy');
  const inWl = `c.assigned_unit_id IN ('${wl.join("','")}')`;
  await samePages(query({ visible: new Set(wl), status: ['dispatched', 'signed', 'accepted'], take: 25 }), `${inWl} AND ${OPEN}`);
  await samePages(query({ visible: new Set(wl), take: 60 }), inWl);
  await samePages(query({ unitId: wl[0], status: ['closed', 'declined'], take: 30 }), `c.assigned_unit_id = '${wl[0]}' AND c.status IN ('closed','declined')`);
  await samePages(query({ status: ['pendingDispatch'], take: 40 }), `c.status = 'pendingDispatch'`);
  await samePages(query({ status: ['closed', 'declined'], take: 50 }), `c.status IN ('closed','declined')`);
  await samePages(query({ visible: new Set(wl), status: ['dispatched'], overdue: false, take: 7 }), `${inWl} AND c.status = 'dispatched' AND NOT c.overdue`);
  await samePages(query({ status: ['pendingDispatch', 'dispatched'], q: '好运超市3', take: 15 }), `c.status IN ('pendingDispatch','dispatched') AND c.respondent_name LIKE '%好运超市3%'`);
});

it('newest first (cases_received_at_idx: received_at, case_no): every page to past the end, ties on received_at by case number', async () => {
  const wl = await unitIds('wl', 'wl-dy');
  const inWl = `c.assigned_unit_id IN ('${wl.join("','")}')`;
  for (const [q, where] of [
    [query({ sort: 'received', take: 70 }), 'true'],
    [query({ sort: 'received', visible: new Set(wl), take: 45 }), inWl],
    [query({ sort: 'received', visible: new Set(wl), status: ['closed', 'declined'], take: 33 }), `${inWl} AND c.status IN ('closed','declined')`],
    [query({ sort: 'received', status: ['pendingDispatch'], take: 40 }), `c.status = 'pendingDispatch'`],
  ] as const) await samePages(q, where);
});

it('cases.next_due_at follows its clocks through every writer: open, pause, resume, extension, met, overdue, cancel', async () => {
  expect(await nextDueExact()).toBe(0);
  const wl = await unitIds('wl', 'wl-dy');
  const inbox = query({ visible: new Set(wl), status: ['dispatched', 'signed', 'accepted'], take: 20 });
  const inWl = `c.assigned_unit_id IN ('${wl.join("','")}') AND ${OPEN}`;
  const at = TEST_NOW.toISOString();
  const some = (status: string, n: number) => db.prisma.$queryRawUnsafe<{ id: string }[]>(
    `SELECT c.id FROM cases c WHERE ${inWl} AND c.status = '${status}' ORDER BY c.next_due_at NULLS LAST, c.case_no LIMIT ${n}`).then((r) => r.map((x) => `'${x.id}'`).join(','));
  const newClock = (where: string, dueAt: string, state: string, step = 'supervision') => `
    INSERT INTO deadlines (id, case_id, step, policy_id, legal_basis, start_date, start_at, amount, unit, due_date, due_at, state, created_at)
    SELECT gen_random_uuid(), c.id, '${step}', (SELECT id FROM time_limit_policies LIMIT 1), '依据', '2026-01-01', '${at}', 1, 'workingDays', '2026-01-02', ${dueAt}, '${state}', '${at}'
    FROM cases c WHERE ${where} AND NOT EXISTS (SELECT 1 FROM deadlines x WHERE x.case_id = c.id AND x.step = '${step}')`;
  const steps: [string, () => Promise<string>][] = [
    // pause: the nearest clocks of the first page leave the order (a paused clock is not open)
    ['pause', async () => `UPDATE deadlines SET state = 'paused' WHERE case_id IN (${await some('dispatched', 5)})`],
    ['resume, due a minute later', async () => `UPDATE deadlines SET state = 'running', due_at = due_at + interval '1 minute' WHERE state = 'paused'`],
    ['extension', async () => `UPDATE deadlines SET due_at = due_at + interval '2 hours' WHERE case_id IN (${await some('signed', 4)}) AND state = 'running'`],
    ['met', async () => `UPDATE deadlines SET state = 'met', met_at = '${at}', version = version + 1 WHERE case_id IN (${await some('accepted', 6)})`],
    ['met late (stays overdue, met_at set)', async () => `UPDATE deadlines SET state = 'overdue', met_at = '${at}' WHERE case_id IN (${await some('signed', 3)})`],
    ['overdue (no change of order)', async () => `UPDATE deadlines SET state = 'overdue', overdue_at = '${at}' WHERE case_id IN (${await some('dispatched', 8)}) AND state = 'running'`],
    ['a new clock', async () => `INSERT INTO deadlines (id, case_id, step, policy_id, legal_basis, start_date, start_at, amount, unit, due_date, due_at, state, created_at)
       SELECT gen_random_uuid(), c.id, 'supervision', (SELECT id FROM time_limit_policies LIMIT 1), '依据', '2026-01-01', '${at}', 1, 'workingDays', '2026-01-02', '${at}'::timestamptz - interval '1 day', 'running', '${at}'
       FROM cases c WHERE ${inWl} ORDER BY c.case_no DESC LIMIT 5`],
    // New clocks: one later than the case's earliest, one not open, and one for a case that had none open must each
    // leave next_due_at exact.
    ['a later clock (no change of order)', async () => newClock(`c.id IN (${await some('dispatched', 5)})`, `'${at}'::timestamptz + interval '400 days'`, 'running', 'callback')],
    ['a new clock not running (no change of order)', async () => newClock(`c.id IN (${await some('signed', 5)})`, `'${at}'::timestamptz - interval '400 days'`, 'paused', 'verification')],
    ['a clock for cases with none open (no change of the inbox)', async () => newClock(`c.status IN ('closed', 'declined') AND c.next_due_at IS NULL AND c.id IN (SELECT c2.id FROM cases c2 WHERE c2.status IN ('closed', 'declined') ORDER BY c2.case_no LIMIT 4)`, `'${at}'::timestamptz + interval '3 days'`, 'running', 'callback')],
    ['cancelled', async () => `UPDATE deadlines SET state = 'cancelled', version = version + 1 WHERE step IN ('supervision', 'callback', 'verification') AND created_at = '${at}' AND state IN ('running', 'paused')`],
    ['deleted', async () => `DELETE FROM deadlines WHERE case_id IN (${await some('dispatched', 2)})`],
  ];
  for (const [what, sql] of steps) {
    const before = (await views.list(inbox)).rows.map((r) => r.id);
    const changed = await db.prisma.$executeRawUnsafe(await sql());
    expect([what, changed > 0, await nextDueExact()]).toEqual([what, true, 0]);
    await samePages(inbox, inWl);
    if (!/no change/.test(what)) expect([what, (await views.list(inbox)).rows.map((r) => r.id)]).not.toEqual([what, before]);
  }
  await samePages(query({ status: ['pendingDispatch'], take: 40 }), `c.status = 'pendingDispatch'`);
  await samePages(query({ status: ['closed', 'declined'], take: 50 }), `c.status IN ('closed','declined')`);
});

it('co-handled cases: counted once, listed with the unit own cases', async () => {
  const [dc] = await unitIds('dc');
  // Three cases of wl co-handled by dc, one of them assigned to dc already.
  const co = await db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM cases WHERE status = 'dispatched' ORDER BY case_no LIMIT 3`);
  await db.prisma.$executeRawUnsafe(`SET session_replication_role = replica`);
  for (const { id } of co) await db.prisma.$executeRawUnsafe(`INSERT INTO case_co_units (case_id, unit_id, state, added_at, added_by) SELECT '${id}', '${dc}', 'pending', now(), (SELECT id FROM users LIMIT 1)`);
  const where = `(c.assigned_unit_id = '${dc}' OR c.id IN ('${co.map((r) => r.id).join("','")}')) AND c.status IN ('dispatched','signed','accepted')`;
  const want = await reference(where, 'deadline');
  const got = await views.list(query({ visible: new Set([dc!]), status: ['dispatched', 'signed', 'accepted'], take: 500 }));
  expect(got.total).toBe(want.length);
  expect(got.rows.map((r) => r.id)).toEqual(want);
  const newest = await views.list(query({ visible: new Set([dc!]), sort: 'received', take: 600 }));
  expect(newest.rows.map((r) => r.id)).toEqual(await reference(`(c.assigned_unit_id = '${dc}' OR c.id IN ('${co.map((r) => r.id).join("','")}'))`, 'received'));
});

it('q: a broad match from the newest cases, an old one from the indexes — newest first either way', async () => {
  // 明珠餐饮 only in the 100 oldest cases: the walk over the newest finds nothing and the indexes answer.
  const old = await views.list(query({ sort: 'received', q: '明珠餐饮', skip: 10, take: 10 }));
  expect(old.total).toBe(100);
  expect(old.rows.map((r) => r.id)).toEqual((await reference(`c.respondent_name LIKE '%明珠餐饮%'`, 'received')).slice(10, 20));
  // Broad (as beyond the count cap at 1,000,000): the newest cases walked first; when they hold too few, the indexes.
  LIST_PLANS.searchBroad = 50;
  LIST_PLANS.searchWalk = 200;
  const broad = await views.list(query({ sort: 'received', q: '好运', take: 10 }));
  expect(broad.rows.map((r) => r.id)).toEqual((await reference(`c.respondent_name LIKE '%好运%'`, 'received')).slice(0, 10));
  const deep = await views.list(query({ sort: 'received', q: '好运超市3', skip: 60, take: 10 }));
  expect(deep.rows.map((r) => r.id)).toEqual((await reference(`c.respondent_name LIKE '%好运超市3%'`, 'received')).slice(60, 70));
  Object.assign(LIST_PLANS, saved);
  const prefix = await views.list(query({ sort: 'received', q: '20260000001', take: 20 }));
  expect(prefix.rows.map((r) => r.id)).toEqual(await reference(`c.case_no LIKE '20260000001%'`, 'received'));
  expect(prefix.total).toBe(10);
  // Wildcards typed by the user are text.
  expect((await views.list(query({ sort: 'received', q: '%' }))).total).toBe(0);
});

it('each listed case carries its nearest open clock and whether it is linked to a report, as the per-case reads give them', async () => {
  const { PrismaCaseAccess } = await import('../../libs/cases/src/infrastructure/prisma-case-files.repositories.js');
  const access = new PrismaCaseAccess(db.prisma as unknown as PrismaService);
  // Links: a complaint+report pair, a conversion into a report, a conversion into a complaint (not a report link), a repeat.
  const [a, b, c, d] = (await db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM cases WHERE status = 'signed' ORDER BY case_no LIMIT 4`)).map((r) => r.id);
  const [report] = (await db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM cases WHERE status = 'closed' ORDER BY case_no LIMIT 1`)).map((r) => r.id);
  await db.prisma.$executeRawUnsafe(`UPDATE cases SET type = 'report' WHERE id = '${report}'`);
  await db.prisma.$executeRawUnsafe(`SET session_replication_role = replica`);
  for (const [x, y, kind] of [[a, report, 'complaintReport'], [b, report, 'convertedTo'], [c, d, 'convertedTo'], [d, a, 'repeatOf']] as const)
    await db.prisma.$executeRawUnsafe(`INSERT INTO case_links (case_id, other_case_id, kind, created_at) VALUES ('${x}', '${y}', '${kind}', now())`);
  for (const q of [query({ status: ['dispatched', 'signed', 'accepted'], take: 200 }), query({ sort: 'received', take: 200 }), query({ sort: 'received', q: '好运超市3', take: 50 })]) {
    const { rows } = await views.list(q);
    expect(rows.length).toBeGreaterThan(0);
    const ids = rows.map((r) => r.id);
    const linked = await access.linkedToReport(rows.filter((r) => r.type !== 'report').map((r) => r.id));
    const open = await db.prisma.deadline.findMany({ where: { caseId: { in: ids }, metAt: null, state: { in: ['running', 'overdue'] } }, orderBy: { dueAt: 'asc' } });
    for (const r of rows) {
      expect(r.linkedToReport).toBe(linked.has(r.id));
      const first = open.find((x) => x.caseId === r.id);
      expect(r.nextDeadline?.dueAt.getTime() ?? null).toBe(first?.dueAt.getTime() ?? null);
    }
  }
  const all = await views.list(query({ sort: 'received', take: 2_000 }));
  expect(all.rows.filter((r) => r.linkedToReport).map((r) => r.id).sort()).toEqual([a, b].sort());
});

it('q newest first: each part of the OR (case-number prefix, respondent name, identity matches) from its own plan, merged — every page and the count as the plain SQL', async () => {
  // 400 cases numbered in 2025 (a case-number year of its own for the prefix's walk), received interleaved with the
  // 2026 ones; 60 of the 2026 cases name a respondent "…2025…" (q 2025 matches them by name); identity matches.
  await db.prisma.$executeRawUnsafe(`SET session_replication_role = replica`);
  await db.prisma.$executeRawUnsafe(`
    INSERT INTO cases (id, case_no, type, channel, status, regime, received_at, complainant_name, complainant_phone, complainant_address,
      respondent_name, respondent_region_code, respondent_address, category_code, description, assigned_unit_id, registered_by, registered_at)
    SELECT md5('old' || g)::uuid, '2025' || lpad((90000 + g)::text, 8, '0'), 'complaint', 'hotline', (ARRAY['closed','dispatched'])[1 + g % 2], 'O121',
      '${TEST_NOW.toISOString()}'::timestamptz - (g * 3 / 2) * interval '1 hour' - interval '30 minutes', '李四', '13900000000', '地址', '常德市平安药房', '430702', '地址', 'x', '描述',
      (SELECT id FROM units WHERE code = (ARRAY['wl','dc'])[1 + g % 2]), (SELECT id FROM users ORDER BY username LIMIT 1), '${TEST_NOW.toISOString()}'
    FROM generate_series(1, 400) g`);
  await db.prisma.$executeRawUnsafe(`UPDATE cases SET respondent_name = '常德市2025号商店' WHERE case_no LIKE '2026%' AND substr(case_no, 9)::int % 25 = 0`);
  await db.prisma.$executeRawUnsafe(`SET session_replication_role = DEFAULT`);
  await db.prisma.$executeRawUnsafe(`SELECT respondent_names_refresh()`);
  await db.prisma.$executeRawUnsafe(`ANALYZE cases`);
  const idents = (await db.prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM cases WHERE case_no IN ('202600000003', '202600000777', '202500090005')`)).map((r) => r.id);
  const wl = await unitIds('wl', 'wl-dy');
  const inWl = `c.assigned_unit_id IN ('${wl.join("','")}')`;
  const search = (q: string, ids: string[] = []) =>
    `(c.case_no LIKE '${q}%' OR c.respondent_name LIKE '%${q}%'${ids.length ? ` OR c.id IN ('${ids.join("','")}')` : ''})`;
  const samePages = async (q: CaseListQuery, where: string) => {
    const want = await reference(where, q.sort);
    const got: string[] = [];
    for (let skip = 0; skip < want.length + q.take; skip += q.take) {
      const r = await views.list({ ...q, skip });
      expect([r.total, r.capped]).toEqual([Math.min(want.length, CASE_SEARCH_COUNT_CAP), want.length > CASE_SEARCH_COUNT_CAP]);
      got.push(...r.rows.map((x) => x.id));
    }
    expect(got).toEqual(want);
    const keyset = await keysetWalk(q);
    expect(keyset.ids).toEqual(want);
    expect([...keyset.totals]).toEqual([Math.min(want.length, CASE_SEARCH_COUNT_CAP)]);
  };
  // dc's own cases and those it co-handles (the co-handled test above: three of wl's, one assigned to dc).
  const [dc] = await unitIds('dc');
  const co = (await db.prisma.$queryRawUnsafe<{ case_id: string }[]>(`SELECT case_id FROM case_co_units WHERE unit_id = '${dc}'`)).map((r) => r.case_id);
  expect(co).toHaveLength(3);
  const ofDc = `(c.assigned_unit_id = '${dc}' OR c.id IN ('${co.join("','")}'))`;
  const shapes = async () => {
    await samePages(query({ sort: 'received', q: '20260000', visible: new Set([dc!]), take: 9 }), `${search('20260000')} AND ${ofDc}`);
    await samePages(query({ sort: 'received', q: '常德市', visible: new Set([dc!]), status: ['dispatched'], take: 11 }), `${search('常德市')} AND ${ofDc} AND c.status = 'dispatched'`);
    await samePages(query({ sort: 'received', q: '2025', take: 40 }), search('2025'));
    await samePages(query({ sort: 'received', q: '202500', byIdentity: idents, take: 25 }), search('202500', idents));
    await samePages(query({ sort: 'received', q: '2025', visible: new Set(wl), status: ['dispatched'], take: 30 }), `${search('2025')} AND ${inWl} AND c.status = 'dispatched'`);
    await samePages(query({ sort: 'received', q: '20', take: 300 }), search('20'));
    // Fewer than 3 characters (no trigram): the newest cases against the whole OR first.
    await samePages(query({ sort: 'received', q: '药房', byIdentity: idents, take: 45 }), search('药房', idents));
    await samePages(query({ sort: 'received', q: '5', visible: new Set(wl), take: 70 }), `${search('5')} AND ${inWl}`);
    await samePages(query({ sort: 'received', q: '平安药', byIdentity: idents, take: 50 }), search('平安药', idents));
    await samePages(query({ sort: 'received', q: '2026000001', byIdentity: idents, take: 4 }), search('2026000001', idents));
    // Sorted by deadline: the matches with an open clock, then those without one by the search's own plan.
    await samePages(query({ sort: 'deadline', q: '2025', take: 40 }), search('2025'));
    await samePages(query({ sort: 'deadline', q: '202500', byIdentity: idents, take: 25 }), search('202500', idents));
    await samePages(query({ sort: 'deadline', q: '常德市', visible: new Set([dc!]), status: ['dispatched'], take: 11 }), `${search('常德市')} AND ${ofDc} AND c.status = 'dispatched'`);
    await samePages(query({ sort: 'deadline', q: '药房', byIdentity: idents, take: 45 }), search('药房', idents));
    await samePages(query({ sort: 'deadline', q: '2025', visible: new Set(wl), take: 30 }), `${search('2025')} AND ${inWl}`);
    await samePages(query({ sort: 'deadline', q: '常德市', take: 13 }), search('常德市'));
    await samePages(query({ sort: 'deadline', q: '平安药', byIdentity: idents, take: 7 }), search('平安药', idents));
    await samePages(query({ sort: 'deadline', q: '2026000', type: 'complaint', take: 9 }), `${search('2026000')} AND c.type = 'complaint'`);
  };
  // Each plan with the name part read name by name (the names containing q: at most searchNames; here 1–9 of them)
  // and from the cases' trigram index (searchNames 0: as for a q contained in more names than that).
  for (const searchNames of [saved.searchNames, 0]) {
    LIST_PLANS.searchNames = searchNames;
    // Narrow parts (fewer matches than searchBroad): every match from the part's index, sorted.
    await shapes();
    // Broad parts: walked from the newest (the prefix: of its case-number year); the walk fills some pages …
    // (by deadline: the open clocks walked against q fill some pages, q's matches among them from their indexes the rest)
    LIST_PLANS.searchBroad = 20;
    LIST_PLANS.searchWalk = 150;
    LIST_PLANS.clockWalk = 40;
    await shapes();
    // … and none: a second statement sorts all the part's matches.
    LIST_PLANS.searchWalk = 3;
    LIST_PLANS.clockWalk = 2;
    await shapes();
    Object.assign(LIST_PLANS, saved);
  }
  // One statement when the walk fills the page or no part is broad; two when it does not; before them, for a q of 3
  // characters or more, the names that contain it.
  let statements = 0;
  const count = (sql: Prisma.Sql) => { statements++; return db.prisma.rows(sql); };
  const counted = new PrismaCaseViews({ rows: count, preparedRows: count } as unknown as PrismaService);
  const trips = async (q: CaseListQuery) => { statements = 0; await counted.list(q); return statements; };
  LIST_PLANS.searchBroad = 20;
  LIST_PLANS.searchWalk = 3;
  // (20250: the 400 cases numbered in 2025, no name; the walk of its year's newest 3 holds 3.) A q of 3+ digits sends
  // no names read before its statement (its statement checks that no name contains it).
  expect(await trips(query({ sort: 'received', q: '20250', take: 5 }))).toBe(2);
  expect(await trips(query({ sort: 'received', q: '20250', take: 3 }))).toBe(1);
  LIST_PLANS.searchWalk = 150;
  expect(await trips(query({ sort: 'received', q: '20250', take: 10 }))).toBe(1);
  expect(await trips(query({ sort: 'received', q: '常德市', take: 10 }))).toBe(1 + 1);
  // A broad name part read name by name is complete: never a second statement (its walk of 3 would not fill 10).
  LIST_PLANS.searchWalk = 3;
  expect(await trips(query({ sort: 'received', q: '常德市', take: 10 }))).toBe(1 + 1);
  LIST_PLANS.searchNames = 0;
  expect(await trips(query({ sort: 'received', q: '常德市', take: 10 }))).toBe(1 + 2);
  Object.assign(LIST_PLANS, saved);
  // 2025 is in a name (常德市2025号商店): the statement says so, and the list is read again with the names.
  expect(await trips(query({ sort: 'received', q: '2025', take: 10 }))).toBe(1 + 1 + 1);
  expect(await trips(query({ sort: 'received', q: '20', byIdentity: idents, take: 10 }))).toBe(1);
  // By deadline: 202500's cases have no open clock — (a), then (b); 2025's first statement finds the name, then the
  // names and (a) again, which the named 2026 cases' open clocks fill.
  expect(await trips(query({ sort: 'deadline', q: '202500', take: 10 }))).toBe(2);
  expect(await trips(query({ sort: 'deadline', q: '2025', take: 10 }))).toBe(1 + 1 + 1);
  // A q search stops counting at CASE_SEARCH_COUNT_CAP, sorted by deadline too; a list without q at CASE_COUNT_CAP.
  expect(await reference(search('20'), 'received')).toHaveLength(1_900);
  expect(await views.list(query({ sort: 'deadline', q: '20' }))).toMatchObject({ total: CASE_SEARCH_COUNT_CAP, capped: true });
  expect(await views.list(query({ sort: 'received' }))).toMatchObject({ total: 1_900, capped: false });
  // Wildcards typed by the user are text, in every part.
  expect((await views.list(query({ sort: 'received', q: '2025%' }))).total).toBe(0);
  expect((await views.list(query({ sort: 'received', q: '_025' }))).total).toBe(0);
  // Every page of 18 shapes under 6 plan settings, each against the plain SQL: 87 s alone on a 2-core machine, more
  // than the default 120 s under CI's parallel load (fbb47e7). A correctness test: its time is the machine's.
}, 300_000);

it('respondent_names holds every respondent of the cases: kept on insert (one statement, a data-modifying CTE) and on a rename, and two writers of one new name wait, neither fails', async () => {
  const names = async (like: string) =>
    (await db.prisma.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM respondent_names WHERE name LIKE $1 ORDER BY name`, like)).map((r) => r.name);
  const insert = (tx: { $executeRawUnsafe: typeof db.prisma.$executeRawUnsafe }, tag: string, names: string[]) => tx.$executeRawUnsafe(`
    WITH c AS (INSERT INTO cases (id, case_no, type, channel, status, regime, received_at, complainant_name, complainant_phone, complainant_address,
        respondent_name, respondent_region_code, respondent_address, category_code, description, assigned_unit_id, registered_by, registered_at)
      SELECT md5('${tag}' || k)::uuid, '2027' || lpad((${'abc'.indexOf(tag) + 1} * 1000 + k)::text, 8, '0'), 'complaint', 'hotline', 'closed', 'O121',
        '${TEST_NOW.toISOString()}', '张三', '13800000000', '地址', n, '430702', '地址', 'x', '描述', NULL, (SELECT id FROM users ORDER BY username LIMIT 1), '${TEST_NOW.toISOString()}'
      FROM unnest($1::text[]) WITH ORDINALITY AS x(n, k) RETURNING 1)
    SELECT count(*) FROM c`, names);
  await insert(db.prisma, 'a', ['常德市触发甲商行', '常德市触发乙商行', '常德市触发甲商行']);
  expect(await names('%触发%')).toEqual(['常德市触发乙商行', '常德市触发甲商行'].sort());
  // A rename records the new name (the old one stays: other cases may bear it; a name without cases finds nothing).
  await db.prisma.$executeRawUnsafe(`UPDATE cases SET respondent_name = '常德市触发丙商行' WHERE id = md5('a1')::uuid`);
  expect(await names('%触发丙%')).toEqual(['常德市触发丙商行']);
  const found = await views.list(query({ sort: 'received', q: '触发丙' }));
  expect(found.rows.map((r) => r.id)).toEqual(await reference(`c.respondent_name LIKE '%触发丙%'`, 'received'));
  expect(found.total).toBe(1);
  // Two transactions add the same new names in opposite orders: the second waits for the first and both commit.
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  const first = db.prisma.$transaction(async (tx) => { await insert(tx, 'b', ['常德市触发丁商行', '常德市触发戊商行']); await held; });
  await new Promise((r) => setTimeout(r, 100));
  const second = db.prisma.$transaction((tx) => insert(tx, 'c', ['常德市触发戊商行', '常德市触发丁商行']), { timeout: 20_000 });
  await new Promise((r) => setTimeout(r, 200));
  release();
  await Promise.all([first, second]);
  expect(await names('%触发丁%')).toEqual(['常德市触发丁商行']);
  expect((await views.list(query({ sort: 'received', q: '触发戊' }))).total).toBe(2);
});

it('case numbers are digits (a q with another character is no prefix): the database refuses any other, and a name search is the plain SQL in both orders', async () => {
  // The constraint the prefix part's pruning stands on (migration 20261213010000).
  const [one] = await db.prisma.$queryRawUnsafe<{ id: string; case_no: string }[]>(`SELECT id, case_no FROM cases ORDER BY case_no LIMIT 1`);
  await expect(db.prisma.$executeRawUnsafe(`UPDATE cases SET case_no = 'X' || case_no WHERE id = $1::uuid`, one!.id)).rejects.toThrow(/cases_case_no_digits_check/);
  await expect(db.prisma.$executeRawUnsafe(`UPDATE cases SET case_no = case_no || ' ' WHERE id = $1::uuid`, one!.id)).rejects.toThrow(/cases_case_no_digits_check/);
  expect((await db.prisma.$queryRawUnsafe<{ case_no: string }[]>(`SELECT case_no FROM cases WHERE id = $1::uuid`, one!.id))[0]!.case_no).toBe(one!.case_no);
  // A name search leaves the prefix out and (in the deadline order) reads its open clocks without the walk: the same
  // pages as the plain SQL, with every list shape's filters.
  for (const q of ['明珠餐饮', '好运超市3', '好运超市']) {
    for (const sort of ['deadline', 'received'] as const) {
      const where = `(c.respondent_name LIKE '%${q}%')`;
      const [got, want] = [await pages(query({ q, sort, take: 7 }), 40), await reference(where, sort)];
      expect(want.length).toBeGreaterThan(7);
      expect(got.ids).toEqual(want.slice(0, 40 * 7));
      expect(got.total).toBe(Math.min(want.length, CASE_SEARCH_COUNT_CAP));
    }
  }
});
