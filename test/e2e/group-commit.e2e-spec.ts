// Issue 15 §1, group commit: registrations that arrive together are written by one statement (case + clocks +
// events + outbox, and each request's Idempotency-Key), each answered with its own case number only after its commit;
// a registration that fails inside a group fails alone (the group is retried one by one), never taking its
// neighbours with it nor being acknowledged itself.
import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterCase } from '#cases-nest';
import { CaseRepository } from '../../libs/cases/src/application/ports.js';
import { PrismaCaseRepository } from '../../libs/cases/src/infrastructure/prisma-case.repository.js';
import { Idempotency, IdempotencyInProgress, PrismaService } from '#platform';
import { complaintBody } from '#testing';
import type { GroupCommit } from '#platform';
import { boot, type Harness } from '../support/harness.js';

let h: Harness;
let operator: { id: string; unitId: string | null };
const hourAgo = () => new Date(h.clock.now().getTime() - 3600_000).toISOString();
const body = (tag: string, over: Record<string, unknown> = {}) =>
  complaintBody({ receivedAt: hourAgo(), description: `成组提交 ${tag}：电热水壶漏电，商家拒绝退换。`, ...over });
const stats = () => (h.app.get(CaseRepository) as unknown as { groupStats: GroupCommit<unknown>['stats'] }).groupStats;

beforeAll(async () => {
  h = await boot();
  operator = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'operator' }, select: { id: true, unitId: true } });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

/** RegisterCase straight through the bus (as the controller sends it), optionally under an Idempotency-Key. */
function command(tag: string, over: Record<string, unknown> = {}, key?: string) {
  const dto = body(tag, over);
  const input = { ...dto, receivedAt: new Date(dto.receivedAt as string) } as never;
  const actor = { userId: operator.id, unitId: operator.unitId!, role: 'operator' as const, ip: '10.9.8.7' };
  const run = () => h.app.get(CommandBus).execute(new RegisterCase(input, actor, { answered: true })) as Promise<{ id: string }>;
  return key ? Idempotency.run({ userId: operator.id, key }, run) : run();
}
/** A report (protected reporter): its registrant's answer shows the identity, an audited read. */
const report = (over: Record<string, unknown> = {}) => ({ type: 'report', request: undefined, amount: undefined, complainant: { name: '钱保密', phone: '13700001111', address: '常德市武陵区保密路1号' }, ...over });
const answerReads = (caseIds: string[]) => h.db.prisma.identityRead.findMany({ where: { caseId: { in: caseIds }, via: 'GET /cases/:id' } });

describe('group commit of registrations', () => {
  it('concurrent registrations over HTTP share statements, each gets its own number, everything committed together', async () => {
    const token = await h.as('operator');
    const before = { ...stats() };
    const n = 24;
    const rs = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        h.http().post('/api/v1/cases').set('Authorization', token).set('Idempotency-Key', randomUUID()).send(body(`http-${i}`, { amount: 100 + i })),
      ),
    );
    expect(rs.map((r) => r.status)).toEqual(Array(n).fill(201));
    const nos = rs.map((r) => r.body.caseNo as string);
    expect(new Set(nos).size).toBe(n);
    const s = stats();
    // Fewer statements than registrations: at least one group held several of them.
    expect(s.items - before.items).toBe(n);
    expect(s.groups - before.groups).toBeLessThan(n);
    expect(s.largest).toBeGreaterThan(1);
    // Each answer is its own case: the number, the amount it was sent with, its clocks, events and outbox row.
    for (const [i, r] of rs.entries()) {
      const c = await h.db.prisma.case.findUniqueOrThrow({ where: { id: r.body.id } });
      expect(c.caseNo).toBe(nos[i]);
      expect(Number(c.amount)).toBe(100 + i);
      expect(c.description).toContain(`成组提交 http-${i}：`);
    }
    const ids = rs.map((r) => r.body.id as string);
    const deadlines = await h.db.prisma.deadline.groupBy({ by: ['caseId'], where: { caseId: { in: ids } }, _count: true });
    expect(deadlines.length).toBe(n);
    const events = await h.db.prisma.caseEvent.groupBy({ by: ['caseId'], where: { caseId: { in: ids }, type: 'CaseRegistered' }, _count: true });
    expect(events.map((e) => e._count).sort()).toEqual(Array(n).fill(1));
    const outbox = await h.db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(DISTINCT d.case_id)::int AS n FROM outbox o, jsonb_array_elements(o.payload->'timers') t JOIN deadlines d ON d.id = (t->>'deadlineId')::uuid
      WHERE o.topic = 'deadline.arm' AND d.case_id = ANY(${ids}::uuid[])`;
    expect(outbox[0]!.n).toBe(n);
    // Each key holds its own committed result (written in the same statement as its case).
    const keys = await h.db.prisma.idempotencyKey.findMany({ where: { userId: operator.id } });
    for (const id of ids) expect(keys.filter((k) => (k.resource as { id?: string } | null)?.id === id)).toHaveLength(1);
  });

  it('registrations written together are found by their respondent’s name at once (案件查询 q, the names kept by the write)', async () => {
    const token = await h.as('operator');
    // New names, two registrations each, sent together: the group write records each name once.
    const n = 12;
    const name = (i: number) => `常德市武陵区成组${i % 6}号商行`;
    const rs = await Promise.all(Array.from({ length: n }, (_, i) =>
      h.http().post('/api/v1/cases').set('Authorization', token).set('Idempotency-Key', randomUUID())
        .send(body(`name-${i}`, { respondent: { name: name(i), regionCode: '430702', address: '常德市武陵区建设路9号' } }))));
    expect(rs.map((r) => r.status)).toEqual(Array(n).fill(201));
    const recorded = await h.db.prisma.$queryRaw<{ name: string }[]>`SELECT name FROM respondent_names WHERE name LIKE '%成组%' ORDER BY name`;
    expect(recorded.map((r) => r.name)).toEqual([0, 1, 2, 3, 4, 5].map(name));
    for (const k of [0, 3, 5]) {
      const found = await h.http().get(`/api/v1/cases?q=${encodeURIComponent(`成组${k}号`)}`).set('Authorization', token).expect(200);
      expect(found.body.total).toBe(2);
      expect(found.body.items.map((x: { id: string }) => x.id).sort()).toEqual(rs.filter((_, i) => i % 6 === k).map((r) => r.body.id).sort());
    }
    // A part of the name, in the deadline order too: all twelve.
    const all = await h.http().get(`/api/v1/cases?q=${encodeURIComponent('武陵区成组')}&sort=deadline&pageSize=50`).set('Authorization', token).expect(200);
    expect(all.body.total).toBe(n);
  });

  it("the registrant's answer audits its identity read in the registration's statement: one row per protected case, none for others", async () => {
    const token = await h.as('operator');
    const before = { ...stats() };
    const n = 12;
    const t0 = h.clock.now().getTime();
    // Reports, complaints with a linked report (both sides protected), plain complaints (nothing to audit).
    const kinds = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? report() : i % 3 === 1 ? { alsoReport: true } : {}));
    const rs = await Promise.all(kinds.map((k, i) =>
      h.http().post('/api/v1/cases').set('Authorization', token).set('Idempotency-Key', randomUUID()).send(body(`audit-${i}`, k))));
    expect(rs.map((r) => r.status)).toEqual(Array(n).fill(201));
    expect(stats().items - before.items).toBe(n);
    const protectedIds = rs.flatMap((r, i) => (i % 3 === 0 ? [r.body.id] : i % 3 === 1 ? [r.body.id, r.body.linkedCase.id] : []));
    const plainIds = rs.filter((_, i) => i % 3 === 2).map((r) => r.body.id as string);
    // The answer shows the identity it audited.
    for (const [i, r] of rs.entries()) if (i % 3 !== 2) expect(r.body.reporterMasked).toBe(false);
    const reads = await answerReads([...protectedIds, ...plainIds]);
    expect(reads.map((r) => r.caseId).sort()).toEqual([...protectedIds].sort());
    for (const r of reads)
      expect(r).toMatchObject({ userId: operator.id, unitId: operator.unitId, role: 'operator', fields: 'name,phone,address', query: null, ip: expect.stringMatching(/\d/) });
    // Read at the registration (the injected clock), as the read-back view audited it.
    const t1 = h.clock.now().getTime();
    for (const r of reads) expect([r.at.getTime() >= t0, r.at.getTime() <= t1]).toEqual([true, true]);
    // A retry answered from its Idempotency-Key reads the committed case: a read of its own, audited once more.
    const key = randomUUID();
    const same = body('audit-retry', report()); // the very same request (the harness clock runs)
    const first = await h.http().post('/api/v1/cases').set('Authorization', token).set('Idempotency-Key', key).send(same).expect(201);
    const again = await h.http().post('/api/v1/cases').set('Authorization', token).set('Idempotency-Key', key).send(same).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await answerReads([first.body.id])).toHaveLength(2);
  });

  it('an audited read rolls back with its registration when the group statement fails', async () => {
    const taken = randomUUID();
    await h.db.prisma.$executeRaw`INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, resource)
      VALUES (${operator.id}::uuid, ${taken}, 'POST', '/api/v1/cases', 'x', '{"id":"committed-elsewhere"}'::jsonb)`;
    const readsBefore = await h.db.prisma.identityRead.count({ where: { userId: operator.id, via: 'GET /cases/:id' } });
    const results = await Promise.allSettled([
      command('audit-taken', report(), taken),
      command('audit-overflow', report({ amount: 1e15 })),
      ...Array.from({ length: 6 }, (_, i) => command(`audit-good-${i}`, report())),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', ...Array(6).fill('fulfilled')]);
    const ids = results.slice(2).map((r) => (r as PromiseFulfilledResult<{ id: string }>).value.id);
    // Exactly the committed registrations' reads: the two undone ones left no audit row behind.
    expect(await h.db.prisma.identityRead.count({ where: { userId: operator.id, via: 'GET /cases/:id' } })).toBe(readsBefore + 6);
    expect((await answerReads(ids)).map((r) => r.caseId).sort()).toEqual([...ids].sort());
    expect((await answerReads(ids)).every((r) => r.ip === '10.9.8.7')).toBe(true);
  });

  it('case numbers come from a per-process block: one sequence round trip per 100, unique across processes, in order within one', async () => {
    // Two repositories = two API processes, each with its own block.
    const [a, b] = [new PrismaCaseRepository(h.app.get(PrismaService)), new PrismaCaseRepository(h.app.get(PrismaService))];
    const seq = async () => (await h.db.prisma.$queryRaw<{ n: bigint }[]>`SELECT last_value AS n FROM case_no_seq`)[0]!.n;
    const before = await seq();
    const [fromA, fromB] = await Promise.all([
      Promise.all(Array.from({ length: 150 }, () => a.nextCaseNo(2026))),
      Promise.all(Array.from({ length: 30 }, () => b.nextCaseNo(2026))),
    ]);
    // 150 numbers took two blocks of A, 30 one block of B: three round trips, 300 numbers drawn.
    expect((await seq()) - before).toBe(300n);
    expect(new Set([...fromA, ...fromB]).size).toBe(180);
    for (const no of [...fromA, ...fromB]) expect(no).toMatch(/^2026\d{8}$/);
    expect([...fromA].sort()).toEqual(fromA);
    expect([...fromB].sort()).toEqual(fromB);
  });

  it('a failure inside a group fails only its registration; the others commit, none is answered before its commit', async () => {
    const before = { ...stats() };
    // One registration whose Idempotency-Key another request already committed (its statement must be undone), one
    // whose amount overflows numeric(14,2) (a database error), and ten good ones, all in flight together.
    const takenKey = randomUUID();
    await h.db.prisma.$executeRaw`INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, resource)
      VALUES (${operator.id}::uuid, ${takenKey}, 'POST', '/api/v1/cases', 'x', '{"id":"committed-elsewhere"}'::jsonb)`;
    const goodKeys = Array.from({ length: 10 }, () => randomUUID());
    for (const k of goodKeys)
      await h.db.prisma.$executeRaw`INSERT INTO idempotency_keys (user_id, key, method, path, request_hash) VALUES (${operator.id}::uuid, ${k}, 'POST', '/api/v1/cases', 'x')`;
    const visibleAtAck: number[] = [];
    const settle = (p: Promise<{ id: string }>) =>
      p.then(async (r) => {
        // Acknowledged → already committed: another connection sees the case at the moment the promise resolves.
        visibleAtAck.push(await h.db.prisma.case.count({ where: { id: r.id } }));
        return r;
      });
    const results = await Promise.allSettled([
      settle(command('taken', {}, takenKey)),
      settle(command('overflow', { amount: 1e15 })),
      ...goodKeys.map((k, i) => settle(command(`good-${i}`, { amount: i + 1 }, k))),
    ]);
    expect(results[0]!.status).toBe('rejected');
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyInProgress);
    expect(results[1]!.status).toBe('rejected');
    const good = results.slice(2);
    expect(good.map((r) => r.status)).toEqual(Array(10).fill('fulfilled'));
    expect(visibleAtAck).toEqual(Array(10).fill(1));
    // The failed ones left nothing behind, not even half a registration.
    expect(await h.db.prisma.case.count({ where: { description: { contains: '成组提交 taken：' } } })).toBe(0);
    expect(await h.db.prisma.case.count({ where: { description: { contains: '成组提交 overflow：' } } })).toBe(0);
    for (const [i, r] of good.entries()) {
      const id = (r as PromiseFulfilledResult<{ id: string }>).value.id;
      expect(await h.db.prisma.deadline.count({ where: { caseId: id } })).toBeGreaterThan(0);
      const row = await h.db.prisma.idempotencyKey.findUniqueOrThrow({ where: { userId_key: { userId: operator.id, key: goodKeys[i]! } } });
      expect((row.resource as { id: string }).id).toBe(id);
    }
    // They did travel as a group (which failed and was retried one by one).
    expect(stats().fallbacks - before.fallbacks).toBeGreaterThanOrEqual(1);
    expect(stats().largest).toBeGreaterThan(1);
  });
});
