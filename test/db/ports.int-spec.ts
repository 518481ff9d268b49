// The Prisma adapters behind the ports (issue 12 part 2), against the real PostgreSQL: the behaviour the in-memory
// adapters of the handler specs stand in for — locking counters, unique versions, inbox visibility, calendar journal.
import { randomUUID } from 'node:crypto';
import type { PrismaService } from '#platform';
import type { Prisma } from '#prisma-client';
import { PrismaDocumentRepository } from '../../libs/cases/src/infrastructure/prisma-case-files.repositories.js';
import { PrismaInbox } from '../../libs/cases/src/infrastructure/prisma-inbox.js';
import { PrismaCalendarRepository } from '../../libs/deadlines/src/infrastructure/prisma-calendar.repository.js';
import { PrismaRoutingRuleRepository, PrismaUserRepository } from '../../libs/org/src/infrastructure/prisma-org.repositories.js';
import { createTestDb, seedOrg, TEST_NOW, type TestDb } from '#testing';

let db: TestDb;
let prisma: PrismaService;
beforeAll(async () => {
  db = await createTestDb();
  await seedOrg(db.prisma, TEST_NOW);
  prisma = db.prisma as unknown as PrismaService;
}, 300_000);
afterAll(() => db?.drop());

const unitOf = async (code: string) => (await db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;

it('Inbox: items for a unit (everyone or one role), delivered by now; read once per user; another unit cannot mark it', async () => {
  const inbox = new PrismaInbox(prisma);
  const wl = await unitOf('wl');
  const dc = await unitOf('dc');
  const item = (over: object) => ({ id: randomUUID(), unitId: wl, role: null, caseId: null, deadlineId: null, kind: 'coHandling', title: 't', body: 'b', urgent: true, createdAt: TEST_NOW, deliverAt: TEST_NOW, ...over });
  const all = item({});
  const leaders = item({ role: 'leader' });
  const later = item({ deliverAt: new Date(TEST_NOW.getTime() + 3_600_000) });
  await prisma.$transaction((tx) => inbox.append(tx, [all, leaders, later]));
  const handler = { userId: randomUUID(), unitId: wl, role: 'handler' };
  expect((await inbox.forReader(handler, TEST_NOW, false, 10)).items.map((i) => i.id)).toEqual([all.id]);
  expect((await inbox.forReader({ ...handler, role: 'leader' }, TEST_NOW, false, 10)).unread).toBe(2);
  expect(await inbox.markRead(all.id, { ...handler, unitId: dc }, TEST_NOW)).toBe(false);
  expect(await inbox.markRead(all.id, handler, TEST_NOW)).toBe(true);
  expect(await inbox.markRead(all.id, handler, TEST_NOW)).toBe(true);
  expect(await inbox.forReader(handler, TEST_NOW, true, 10)).toEqual({ unread: 0, items: [] });
  expect(await db.prisma.notificationRead.count({ where: { notificationId: all.id } })).toBe(1);
});

it('Inbox: 全部已读 marks what was delivered by then, per user; the unread count stops at 100; two statements per read of the bell', async () => {
  const inbox = new PrismaInbox(prisma);
  const ty = await unitOf('ty');
  const at = (min: number) => new Date(TEST_NOW.getTime() + min * 60_000);
  // 150 for everyone a minute apart (two at each of some instants), 10 for leaders, 5 delivered after the mark.
  const items = [
    ...Array.from({ length: 150 }, (_, i) => ({ role: null, deliverAt: at(-Math.floor(i / 2)) })),
    ...Array.from({ length: 10 }, (_, i) => ({ role: 'leader', deliverAt: at(-i) })),
    ...Array.from({ length: 5 }, (_, i) => ({ role: null, deliverAt: at(10 + i) })),
  ].map((o) => ({ id: randomUUID(), unitId: ty, caseId: null, deadlineId: null, kind: 'warn', title: 't', body: 'b', urgent: false, createdAt: at(-100), ...o }));
  await prisma.$transaction((tx) => inbox.append(tx, items));
  const handler = { userId: randomUUID(), unitId: ty, role: 'handler' };
  const leader = { userId: randomUUID(), unitId: ty, role: 'leader' };
  const mine = (r: typeof handler, until: Date) => items.filter((i) => (i.role === null || i.role === r.role) && i.deliverAt <= until)
    .sort((a, b) => +b.deliverAt - +a.deliverAt || (a.id < b.id ? 1 : -1)).map((i) => i.id);

  // Past the cap: 100 (the bell's 99+); the page newest first, ties by id.
  const first = await inbox.forReader(handler, TEST_NOW, true, 30);
  expect(first.unread).toBe(100);
  expect(first.items.map((i) => i.id)).toEqual(mine(handler, TEST_NOW).slice(0, 30));
  // Read one by one: read in the list, gone from the unread ones; the count below the cap is exact.
  for (const id of mine(handler, TEST_NOW).slice(0, 60)) await inbox.markRead(id, handler, TEST_NOW);
  const after = await inbox.forReader(handler, TEST_NOW, false, 200);
  expect(after.unread).toBe(90);
  expect(after.items.map((i) => [i.id, i.read])).toEqual(mine(handler, TEST_NOW).map((id, k) => [id, k < 60]));
  expect((await inbox.forReader(handler, TEST_NOW, true, 5)).items.map((i) => i.id)).toEqual(mine(handler, TEST_NOW).slice(60, 65));

  // 全部已读 at now: all of the handler's read, the leader's not; those delivered later come in unread.
  await inbox.markAllRead(handler, TEST_NOW);
  expect(await inbox.forReader(handler, TEST_NOW, true, 10)).toEqual({ unread: 0, items: [] });
  expect((await inbox.forReader(handler, TEST_NOW, false, 500)).items.every((i) => i.read)).toBe(true);
  expect((await inbox.forReader(leader, TEST_NOW, true, 500)).unread).toBe(100);
  const later = await inbox.forReader(handler, at(12), true, 10);
  expect([later.unread, later.items.map((i) => i.id)]).toEqual([3, mine(handler, at(12)).slice(0, 3)]);
  // A late retry of an older mark does not move it back; a newer one moves it on.
  await inbox.markAllRead(handler, at(-30));
  expect((await inbox.forReader(handler, TEST_NOW, true, 10)).unread).toBe(0);
  await inbox.markAllRead(handler, at(11));
  expect((await inbox.forReader(handler, at(20), true, 10)).unread).toBe(3);
  expect(await db.prisma.notificationReadMark.count({ where: { userId: handler.userId } })).toBe(1);
  // Read one by one down to none unread: then, and not before, the mark moves to that instant.
  const reader = { userId: randomUUID(), unitId: ty, role: 'leader' };
  const theirs = mine(reader, TEST_NOW);
  for (const id of theirs.slice(1)) await inbox.markRead(id, reader, TEST_NOW);
  expect(await db.prisma.notificationReadMark.count({ where: { userId: reader.userId } })).toBe(0);
  await inbox.markRead(theirs[0]!, reader, TEST_NOW);
  expect(await db.prisma.notificationReadMark.findUnique({ where: { userId: reader.userId } })).toMatchObject({ readBefore: TEST_NOW });
  const next = await inbox.forReader(reader, at(12), true, 10);
  expect([next.unread, next.items.map((i) => i.id)]).toEqual([3, mine(reader, at(12)).slice(0, 3)]);

  // The bell's read is two statements (the mark by its key, then the page and the count), however long the history.
  let statements = 0;
  const counted = new PrismaInbox({ rows: (sql: Prisma.Sql) => { statements++; return prisma.rows(sql); } } as unknown as PrismaService);
  await counted.forReader(leader, TEST_NOW, true, 1);
  expect(statements).toBe(2);
});

it('DocumentRepository: 文号 counters count per unit, year and kind; a template version is taken once', async () => {
  const docs = new PrismaDocumentRepository(prisma);
  const wl = await unitOf('wl');
  const seqs = await prisma.$transaction(async (tx) => [
    await docs.nextSeq(tx, wl, 2026, 'acceptanceNotice'), await docs.nextSeq(tx, wl, 2026, 'acceptanceNotice'), await docs.nextSeq(tx, wl, 2026, 'declineNotice'),
  ]);
  expect(seqs).toEqual([1, 2, 1]);
  const v = { kind: 'acceptanceNotice' as const, version: 2, title: '受理告知书', body: '正文', changedAt: TEST_NOW, changedBy: null };
  expect(await docs.addTemplateVersion(v)).toBe(true);
  expect(await docs.addTemplateVersion({ ...v, body: '另一个' })).toBe(false);
  expect(await docs.addTemplateVersion({ ...v, version: 3 })).toBe(true);
  expect((await docs.templateVersions('acceptanceNotice')).map((t) => [t.version, t.body])).toEqual([[3, '正文'], [2, '正文']]);
});

it('UserRepository: concurrent wrong passwords each count under the row lock', async () => {
  const users = new PrismaUserRepository(prisma);
  const u = await users.byUsername('handler.wl');
  expect(u).not.toBeNull();
  await Promise.all(Array.from({ length: 5 }, () => users.countFailure(u!.id, (failed) => ({ failed: failed + 1 }))));
  expect((await users.byId(u!.id))!.failedLogins).toBe(5);
  expect(await users.clearFailures(u!.id)).toBe(true);
  expect(await users.clearFailures(randomUUID())).toBe(false);
  expect(await users.usernameTaken('handler.wl', null)).toBe(true);
  expect(await users.usernameTaken('handler.wl', u!.id)).toBe(false);
});

it('RoutingRuleRepository: the catalogue order (priority, region, township none first) and a delete that finds nothing', async () => {
  const rules = new PrismaRoutingRuleRepository(prisma);
  const wl = await unitOf('wl');
  const base = { categoryPrefix: null, addressKeywords: [], platform: null, caseType: null, unitId: wl, enabled: true, note: '' };
  const a = await rules.create(randomUUID(), { ...base, regionPrefix: '999901', townshipCode: '999901001', priority: 900 });
  const b = await rules.create(randomUUID(), { ...base, regionPrefix: '999901', townshipCode: null, priority: 900 });
  const c = await rules.create(randomUUID(), { ...base, regionPrefix: '999900', townshipCode: null, priority: 901 });
  expect((await rules.list()).slice(0, 3).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
  expect(await rules.delete(a.id)).toBe(true);
  expect(await rules.delete(a.id)).toBe(false);
  expect(await rules.categoryCodes()).toContain('G01');
});

it('CalendarRepository: a day set and reset reports what it was; the journal bumps the year version', async () => {
  const cal = new PrismaCalendarRepository(prisma);
  await prisma.$transaction(async (tx) => {
    await cal.markYearLoaded(tx, 2031, '测试', TEST_NOW, true);
    await cal.replaceDays(tx, 2031, [{ date: '2031-01-01', kind: 'holiday', name: '元旦' }, { date: '2030-12-28', kind: 'workday', name: '调休' }]);
    expect(await cal.setDay(tx, '2031-01-01', 'normal', '')).toBe('holiday');
    expect(await cal.setDay(tx, '2031-01-04', 'workday', '调休')).toBe('normal');
    expect(await cal.journal(tx, 2031, 'edit', { date: '2031-01-04' }, randomUUID(), TEST_NOW)).toMatchObject({ version: 1 });
    expect(await cal.journal(tx, 2031, 'edit', { date: '2031-01-01' }, randomUUID(), new Date(TEST_NOW.getTime() + 1000))).toMatchObject({ version: 2 });
  });
  expect(await cal.days(2031)).toEqual([{ date: '2031-01-04', kind: 'workday', name: '调休' }]);
  expect((await cal.year(2031))!.version).toBe(2);
  expect((await cal.changes(2031)).map((c) => c.version)).toEqual([2, 1]);
  expect((await cal.dayCounts()).find((x) => x.year === 2031 && x.kind === 'workday')?.n).toBe(1);
});

it('UserStates: the requests of one user that miss together share one read of the users table; forget() reads again', async () => {
  const { UserStates } = await import('../../apps/api/src/http/auth/auth.js');
  let reads = 0;
  // The real client, counted: a spy on the one call UserStates makes, not a stand-in for the database.
  const counted = { user: { findUnique: (a: Parameters<PrismaService['user']['findUnique']>[0]) => { reads++; return prisma.user.findUnique(a); } } } as unknown as PrismaService;
  const states = new UserStates(counted);
  const u = await db.prisma.user.findFirstOrThrow({ where: { username: 'operator' } });
  const all = await Promise.all(Array.from({ length: 20 }, () => states.get(u.id)));
  expect(reads).toBe(1);
  expect(new Set(all.map((s) => JSON.stringify(s))).size).toBe(1);
  expect(all[0]).toEqual({ active: true, unitId: u.unitId, role: u.role });
  await states.get(u.id);
  expect(reads).toBe(1);
  states.forget(u.id);
  await Promise.all([states.get(u.id), states.get(u.id)]);
  expect(reads).toBe(2);
  expect(await states.get(randomUUID())).toBeNull();
});
