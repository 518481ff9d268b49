import { complaintBody } from '#testing';
import { boot, type Harness } from '../support/harness.js';

// Issue 3 item 1: time-limit policies are versioned data — every version kept, with who changed what.
let h: Harness;
beforeAll(async () => { h = await boot(); });
afterAll(() => h?.close());

type Version = { version: number; changedAt: string; changedBy: { id: string; displayName: string } | null; changes: { field: string; from: unknown; to: unknown }[]; policy: Record<string, unknown> };
const policies = async () => (await h.http().get('/api/v1/admin/time-limits').set('Authorization', await h.as('admin')).expect(200)).body as { id: string; regime: string; caseType: string; step: string; version: number; amount: number }[];
const versions = async (id: string) => (await h.http().get(`/api/v1/admin/time-limits/${id}/versions`).set('Authorization', await h.as('admin')).expect(200)).body as Version[];
const patch = async (id: string, body: object, status = 200) => h.http().patch(`/api/v1/admin/time-limits/${id}`).set('Authorization', await h.as('admin')).send(body).expect(status);

describe('time-limit policy history', () => {
  it('keeps every version: the seeded one, each admin edit with its author and changed fields; a refused edit adds none', async () => {
    const p = (await policies()).find((x) => x.regime === 'O121' && x.caseType === 'complaint' && x.step === 'mediation')!;
    const seeded = await versions(p.id);
    expect(seeded).toHaveLength(1);
    expect(seeded[0]).toMatchObject({ version: p.version, changedBy: null, changes: [], policy: { amount: p.amount, regime: 'O121', step: 'mediation' } });

    await patch(p.id, { amount: p.amount + 5, legalBasis: 'O121 第二十三条（测试修改）' });
    await patch(p.id, { ladder: [{ rung: 'warn', offset: -3 }, { rung: 'due', offset: 0 }, { rung: 'supervise', offset: 2 }] });
    await patch(p.id, { ladder: [{ rung: 'warn', offset: 1 }] }, 400); // refused: nothing recorded
    await patch(p.id, { ladder: null });

    const all = await versions(p.id);
    expect(all.map((v) => v.version)).toEqual([p.version + 3, p.version + 2, p.version + 1, p.version]);
    const admin = (await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } }));
    for (const v of all.slice(0, 3)) expect(v.changedBy).toEqual({ id: admin.id, displayName: admin.displayName });
    expect(all[2]!.changes).toEqual([
      { field: 'amount', from: p.amount, to: p.amount + 5 },
      { field: 'legalBasis', from: seeded[0]!.policy.legalBasis, to: 'O121 第二十三条（测试修改）' },
    ]);
    expect(all[1]!.changes).toEqual([{ field: 'ladder', from: null, to: [{ rung: 'warn', offset: -3 }, { rung: 'due', offset: 0 }, { rung: 'supervise', offset: 2 }] }]);
    expect(all[0]!.changes.map((c) => [c.field, c.to])).toEqual([['ladder', null]]);
    expect(all[0]!.policy).toMatchObject({ amount: p.amount + 5, legalBasis: 'O121 第二十三条（测试修改）' });
    expect(all[0]!.policy.ladder).toBeUndefined();
    expect(Date.parse(all[0]!.changedAt)).toBeGreaterThanOrEqual(Date.parse(all[3]!.changedAt));
  });

  it('records a change made outside the API (a migration, a manual fix) with no author', async () => {
    const p = (await policies()).find((x) => x.regime === 'LOCAL' && x.step === 'sign')!;
    await h.db.prisma.$executeRawUnsafe(`UPDATE time_limit_policies SET enabled = NOT enabled, version = version + 1 WHERE id = $1::uuid`, p.id);
    const [last] = await versions(p.id);
    expect(last).toMatchObject({ version: p.version + 1, changedBy: null });
    expect(last!.changes.map((c) => c.field)).toEqual(['enabled']);
  });

  it('is for admins only; an unknown policy is a 404', async () => {
    const p = (await policies())[0]!;
    const r = await h.http().get(`/api/v1/admin/time-limits/${p.id}/versions`).set('Authorization', await h.as('manager')).expect(403);
    expect(r.body.code).toBe('FORBIDDEN');
    expect((await h.http().get('/api/v1/admin/time-limits/00000000-0000-4000-8000-000000000000/versions').set('Authorization', await h.as('admin')).expect(404)).body.code).toBe('NOT_FOUND');
    expect((await h.http().get('/api/v1/admin/time-limits/not-a-uuid/versions').set('Authorization', await h.as('admin')).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it('counts the live clocks a policy edit would reach (admin only), for the confirmation before saving', async () => {
    const p = (await policies()).find((x) => x.regime === 'O121' && x.caseType === 'complaint' && x.step === 'acceptance')!;
    const live = async () => (await h.http().get(`/api/v1/admin/time-limits/${p.id}/live`).set('Authorization', await h.as('admin')).expect(200)).body.liveDeadlines as number;
    const before = await live();
    await h.http().post('/api/v1/cases').set('Authorization', await h.as('operator')).send(complaintBody({ receivedAt: h.clock.now().toISOString() })).expect(201);
    expect(await live()).toBe(before + 1);
    for (const who of ['handler.wl', 'manager', 'operator'])
      await h.http().get(`/api/v1/admin/time-limits/${p.id}/live`).set('Authorization', await h.as(who)).expect(403);
    await h.http().get('/api/v1/admin/time-limits/not-a-uuid/live').set('Authorization', await h.as('admin')).expect(404);
  });
});
