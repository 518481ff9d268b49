// The demo seed works part of each county's cases at its 市场监管所 (issue 13): routed straight there by township
// code or address, or dispatched down by the county, with hops; the indicators then charge the stations and roll
// up 所 → 区县 → 市.
import { COUNTERS, COUNTER_COLUMNS, rollUp, type Counters } from '#analytics';
import { naiveDailySql } from '#analytics-nest';
import { createTestDb, TEST_NOW, type TestDb } from '#testing';
import { seedDemo } from '../../prisma/seed/demo.js';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db.prisma, { now: TEST_NOW, cases: 400 });
}, 300_000);
afterAll(() => db?.drop());

it('stations hold cases, routed straight there or dispatched down by their county, with hops', async () => {
  const units = await db.prisma.unit.findMany();
  const byId = new Map(units.map((u) => [u.id, u]));
  const stationIds = units.filter((u) => u.level === 'station').map((u) => u.id);
  const atStations = await db.prisma.case.findMany({ where: { assignedUnitId: { in: stationIds } }, select: { id: true, assignedUnitId: true, status: true } });
  // Every county has station cases; 丹阳所 (handler.wl-dy) has some open in its inbox.
  for (const county of units.filter((u) => u.level === 'county'))
    expect(atStations.some((c) => byId.get(c.assignedUnitId!)?.parentId === county.id)).toBe(true);
  const dy = units.find((u) => u.code === 'wl-dy')!;
  expect(atStations.some((c) => c.assignedUnitId === dy.id)).toBe(true);
  expect(await db.prisma.case.count({ where: { assignedUnitId: { in: stationIds }, status: { in: ['dispatched', 'signed', 'accepted'] } } })).toBeGreaterThan(0);

  const hops = await db.prisma.caseHop.findMany({ where: { caseId: { in: atStations.map((c) => c.id) } }, orderBy: [{ caseId: 'asc' }, { seq: 'asc' }] });
  const down = hops.filter((h, i) => h.how === 'dispatch' && stationIds.includes(h.unitId!) && hops[i - 1]?.caseId === h.caseId && byId.get(hops[i - 1]!.unitId!)?.level === 'county');
  const straight = hops.filter((h) => h.seq === 1 && stationIds.includes(h.unitId!));
  expect(down.length).toBeGreaterThan(0); // 分派到所 by the county
  expect(straight.length).toBeGreaterThan(0); // routed straight to the station by the catalogue
  // The county's hop before a dispatch down was signed (handing on is taking in) and closed as dispatched.
  for (const h of down) {
    const before = hops.find((x) => x.caseId === h.caseId && x.seq === h.seq - 1)!;
    expect(before).toMatchObject({ closeReason: 'dispatched', closedAt: h.openedAt });
    expect(before.signedAt).not.toBeNull();
  }
  // Station rules in the catalogue: code and keyword.
  expect(await db.prisma.routingRule.count({ where: { townshipCode: { not: null } } })).toBe(stationIds.length);
});

it('indicators charge the stations and roll up 所 → 区县 → 市', async () => {
  const rows = await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(naiveDailySql(), '2025-01-01', '2027-01-01');
  const own = new Map<string, Counters>();
  for (const r of rows) {
    const id = String(r.unit_id);
    const c = own.get(id) ?? (Object.fromEntries(COUNTERS.map((k) => [k, 0])) as Counters);
    for (const k of COUNTERS) c[k] += Number(r[COUNTER_COLUMNS[k]] ?? 0);
    own.set(id, c);
  }
  const units = (await db.prisma.unit.findMany()).map((u) => ({ ...u, level: u.level as 'city' | 'department' | 'county' | 'station' }));
  const dy = units.find((u) => u.code === 'wl-dy')!;
  const wl = units.find((u) => u.code === 'wl')!;
  const city = units.find((u) => u.code === 'cd')!;
  const dyOwn = own.get(dy.id)!;
  expect(dyOwn.dispatched).toBeGreaterThan(0);
  expect(dyOwn.signDue).toBeGreaterThan(0);
  expect(dyOwn.finished).toBeGreaterThan(0);
  const dyAll = rollUp(units, own, dy.id);
  const wlAll = rollUp(units, own, wl.id);
  const cityAll = rollUp(units, own, city.id);
  const stationsOfWl = units.filter((u) => u.parentId === wl.id);
  for (const k of ['dispatched', 'signDue', 'finished'] as const) {
    expect(wlAll[k]).toBe((own.get(wl.id)?.[k] ?? 0) + stationsOfWl.reduce((s, u) => s + (own.get(u.id)?.[k] ?? 0), 0));
    expect(wlAll[k]).toBeGreaterThanOrEqual(dyAll[k]);
    expect(cityAll[k]).toBeGreaterThanOrEqual(wlAll[k]);
  }
});

it('works its reports as reports: verified and decided (立案 / 不予立案), never accepted, declined, mediated or called back', async () => {
  const reports = await db.prisma.case.findMany({ where: { type: 'report' }, select: { id: true, status: true, reportDecision: true } });
  expect(reports.length).toBeGreaterThan(20);
  const statuses = new Set(reports.map((r) => r.status));
  for (const s of ['accepted', 'declined', 'archived']) expect(statuses.has(s as never)).toBe(false);
  const decided = reports.filter((r) => r.status === 'closed');
  expect(decided.length).toBeGreaterThan(0);
  expect(decided.every((r) => r.reportDecision === 'fileCase' || r.reportDecision === 'noCase')).toBe(true);
  expect(new Set(decided.map((r) => r.reportDecision))).toEqual(new Set(['fileCase', 'noCase']));
  const events = await db.prisma.caseEvent.groupBy({ by: ['type'], where: { caseId: { in: reports.map((r) => r.id) } }, _count: true });
  const types = new Set(events.map((e) => e.type));
  for (const t of ['CaseAccepted', 'CaseDeclined', 'MediationNoted', 'CallbackRecorded']) expect(types.has(t)).toBe(false);
  for (const t of ['VerificationNoted', 'ReportDecided']) expect(types.has(t)).toBe(true);
  // Some are still being verified (the handler's 立案决定 works on them: signed, not accepted).
  expect(reports.some((r) => r.status === 'signed')).toBe(true);
});

it('holds questions (咨询): most answered on the call by the operator, some routed to a unit and answered there', async () => {
  const inquiries = await db.prisma.case.findMany({ where: { type: 'inquiry' }, select: { id: true, status: true, assignedUnitId: true, answer: true } });
  expect(inquiries.length).toBeGreaterThan(20);
  expect(inquiries.every((c) => ['closed', 'dispatched', 'signed', 'pendingDispatch'].includes(c.status))).toBe(true);
  const atIntake = inquiries.filter((c) => c.status === 'closed' && c.assignedUnitId === null);
  const atUnit = inquiries.filter((c) => c.status === 'closed' && c.assignedUnitId !== null);
  expect(atIntake.length).toBeGreaterThan(atUnit.length);
  expect(atUnit.length).toBeGreaterThan(0);
  expect(inquiries.filter((c) => c.status === 'closed').every((c) => (c.answer ?? '').length > 10)).toBe(true);
  const answered = await db.prisma.caseEvent.count({ where: { type: 'InquiryAnswered', caseId: { in: inquiries.map((c) => c.id) } } });
  expect(answered).toBe(atIntake.length + atUnit.length);
});

it('gathers complaints on some businesses, as in a real city (the disclosure and the hotspots have leaders), each keeping its credit code', async () => {
  const named = await db.prisma.case.findMany({ where: { type: { not: 'inquiry' }, respondentName: { not: '' } }, select: { respondentName: true, respondentCreditCode: true, respondentAddress: true } });
  const per = new Map<string, typeof named>();
  // a business = its name at its address (the generator may give two shops one trade name)
  for (const c of named) per.set(`${c.respondentName}|${c.respondentAddress}`, [...(per.get(`${c.respondentName}|${c.respondentAddress}`) ?? []), c]);
  const counts = [...per.values()].map((x) => x.length).sort((a, b) => b - a);
  expect(counts[0]).toBeGreaterThanOrEqual(4); // 400 cases: the most complained-of business has several
  const repeated = counts.filter((n) => n > 1).reduce((a, b) => a + b, 0);
  expect(repeated / named.length).toBeGreaterThan(0.2);
  expect(repeated / named.length).toBeLessThan(0.8); // most businesses are still named once or twice
  // The same business each time: one credit code.
  for (const [, cases] of per) expect(new Set(cases.map((c) => c.respondentCreditCode)).size).toBe(1);
});

it('calls its closed complaints back — most reached and rated, a few never answered (回访未果) — so no callback hangs for months', async () => {
  const unreachable = await db.prisma.caseEvent.count({ where: { type: 'CallbackUnreachable' } });
  const rated = await db.prisma.caseEvent.count({ where: { type: 'CallbackRecorded' } });
  expect(unreachable).toBeGreaterThan(0);
  expect(unreachable).toBeLessThan(rated / 5);
  const monthAgo = new Date(TEST_NOW.getTime() - 30 * 86_400_000);
  expect(await db.prisma.deadline.count({ where: { step: 'callback', metAt: null, state: { in: ['running', 'overdue'] }, dueAt: { lt: monthAgo } } })).toBe(0);
});
