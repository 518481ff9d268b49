import { type OffsetClock } from '#platform';
import { complaintBody } from '#testing';
import { harnessFile } from '../support/harness.js';

// 消费投诉信息公示 and 消费警示 (issue 16 §5): staff compute → review → release; the public reads released quarters only.
const h = harnessFile({ env: { PUBLIC_LIMIT_PER_ADDRESS: 40 } });
const http = () => h.http();
const login = (username: string) => h.as(username);
const SHOP = { name: '常德市武陵区好运电器商行', creditCode: '91430702MA4L1A2B3B', regionCode: '430702', address: '常德市武陵区建设路8号' };
const OTHER = { name: '常德市武陵区远方家具店', creditCode: '91430702MA4L1C4D5D', regionCode: '430702', address: '常德市武陵区朗州路9号' };
const jumpTo = (iso: string) => (h.clock as OffsetClock).setOffset(Date.parse(iso) - Date.now());

async function complaint(respondent: object, over: Record<string, unknown> = {}): Promise<string> {
  const op = await login('operator');
  const { body } = await http().post('/api/v1/cases').set('Authorization', op)
    .send(complaintBody({ respondent, receivedAt: h.clock.now().toISOString(), ...over })).expect(201);
  const wl = await login('handler.wl');
  await http().post(`/api/v1/cases/${body.id}/sign`).set('Authorization', wl).send({}).expect(200);
  return body.id;
}

describe('消费投诉信息公示', () => {
  it('counts decided complaints per business, shows a draft to the manager only, releases it frozen, and the public reads it', async () => {
    jumpTo('2026-11-23T10:00:00+08:00');
    const wl = await login('handler.wl');
    const a = await complaint(SHOP);
    await http().post(`/api/v1/cases/${a}/accept`).set('Authorization', wl).send({}).expect(200);
    await http().post(`/api/v1/cases/${a}/close`).set('Authorization', wl).send({ outcome: 'agreement', recoveredAmount: 100 }).expect(200);
    const b = await complaint(SHOP);
    await http().post(`/api/v1/cases/${b}/decline`).set('Authorization', wl).send({ ground: 'noAuthority' }).expect(200);
    await complaint(SHOP); // signed, not decided: not counted
    const c = await complaint(OTHER);
    await http().post(`/api/v1/cases/${c}/accept`).set('Authorization', wl).send({}).expect(200);
    await complaint({ name: '李四（流动摊贩）', regionCode: '430702', address: '常德市武陵区步行街' }); // no credit code: never published

    const mgr = await login('manager');
    // The quarter has not ended: a preview is allowed, a release is not.
    const draft = await http().post('/api/v1/disclosure/periods/2026Q4/compute').set('Authorization', mgr).send({}).expect(201);
    expect(draft.body).toMatchObject({ period: '2026Q4', status: 'draft', releasedAt: null });
    expect(draft.body.rules.length).toBeGreaterThan(3);
    expect(draft.body.businesses).toEqual([
      { name: SHOP.name, creditCode: SHOP.creditCode, received: 2, accepted: 1, mediationSuccessRate: 1, averageDays: expect.any(Number) },
      { name: OTHER.name, creditCode: OTHER.creditCode, received: 1, accepted: 1, mediationSuccessRate: null, averageDays: null },
    ]);
    expect(JSON.stringify(draft.body)).not.toMatch(/张三|13812345678|李四|人民路/);
    await http().post('/api/v1/disclosure/periods/2026Q4/release').set('Authorization', mgr).send({}).expect(409)
      .expect((r) => expect(r.body).toMatchObject({ code: 'DISCLOSURE_PERIOD_OPEN', fields: [expect.objectContaining({ field: 'period' })] }));
    // The public cannot read a draft: 404, whatever exists.
    await http().get('/api/v1/public/disclosure?period=2026Q4').expect(404);
    expect((await http().get('/api/v1/public/disclosure/periods').expect(200)).body).toEqual([]);

    jumpTo('2027-01-05T10:00:00+08:00');
    const released = await http().post('/api/v1/disclosure/periods/2026Q4/release').set('Authorization', mgr).send({}).expect(201);
    expect(released.body).toMatchObject({ status: 'released', releasedAt: expect.stringMatching(/^2027-01-05T/) });
    // a retried release answers the same
    await http().post('/api/v1/disclosure/periods/2026Q4/release').set('Authorization', mgr).send({}).expect(201)
      .expect((r) => expect(r.body.releasedAt).toBe(released.body.releasedAt));
    // frozen: a new decision after the release changes nothing, and re-computing is refused
    const d = await complaint(OTHER, { receivedAt: '2026-12-30T10:00:00+08:00' });
    await http().post(`/api/v1/cases/${d}/accept`).set('Authorization', wl).send({}).expect(200);
    await http().post('/api/v1/disclosure/periods/2026Q4/compute').set('Authorization', mgr).send({}).expect(409)
      .expect((r) => expect(r.body.code).toBe('DISCLOSURE_RELEASED'));
    await expect(h.db.prisma.$executeRawUnsafe(`UPDATE disclosure_periods SET businesses = '[]' WHERE period = '2026Q4'`)).rejects.toThrow(/frozen/);

    const pub = await http().get('/api/v1/public/disclosure?period=2026Q4').expect(200);
    expect(pub.body).toEqual({
      period: '2026Q4', label: '2026年第4季度', published: released.body.releasedAt, rules: draft.body.rules, businesses: draft.body.businesses,
      odrEnterprises: draft.body.odrEnterprises, // no enterprise enrolled here: none (docs/odr.md, test/e2e/odr.e2e-spec.ts)
    });
    expect(pub.body.odrEnterprises).toEqual({ rows: [], rules: expect.arrayContaining([expect.stringContaining('和解率')]) });
    expect((await http().get('/api/v1/public/disclosure/periods').expect(200)).body).toEqual([expect.objectContaining({ period: '2026Q4', status: 'released' })]);
    await http().get('/api/v1/public/disclosure?period=2027Q1').expect(404);
  });

  it('refuses bad periods naming the field, and every role but the manager', async () => {
    for (const bad of ['2026Q5', '2026-Q1', 'x', '']) {
      const r = await http().get(`/api/v1/public/disclosure?period=${encodeURIComponent(bad)}`).expect(400);
      expect(r.body.fields[0].field).toBe('period');
    }
    await http().get('/api/v1/public/disclosure').expect(400);
    const mgr = await login('manager');
    await http().post('/api/v1/disclosure/periods/2026Q9/compute').set('Authorization', mgr).send({}).expect(400)
      .expect((r) => expect(r.body.fields[0]).toMatchObject({ field: 'period', code: 'INVALID_PERIOD' }));
    await http().post('/api/v1/disclosure/periods/2025Q1/release').set('Authorization', mgr).send({}).expect(404)
      .expect((r) => expect(r.body.code).toBe('DISCLOSURE_NOT_COMPUTED'));
    for (const user of ['handler.wl', 'leader.wl', 'operator', 'admin', 'auditor']) {
      const t = await login(user);
      await http().post('/api/v1/disclosure/periods/2026Q3/compute').set('Authorization', t).send({}).expect(403);
      await http().post('/api/v1/disclosure/periods/2026Q3/release').set('Authorization', t).send({}).expect(403);
      await http().get('/api/v1/disclosure/periods').set('Authorization', t).expect(403);
    }
    await http().post('/api/v1/disclosure/periods/2026Q3/compute').send({}).expect(401);
  });
});

describe('消费警示', () => {
  it('a manager publishes a drafted warning; the public lists published ones only', async () => {
    jumpTo('2026-11-23T10:00:00+08:00');
    await complaint(SHOP);
    await complaint(SHOP);
    const mgr = await login('manager');
    const w = await http().post('/api/v1/warnings').set('Authorization', mgr)
      .send({ kind: 'category', key: 'G01', from: '2026-11-01', to: '2026-11-30' }).expect(201);
    expect((await http().get('/api/v1/public/warnings').expect(200)).body).toEqual([]);
    await http().post(`/api/v1/warnings/${w.body.id}/publish`).set('Authorization', await login('leader.wl')).send({}).expect(403);
    await http().post(`/api/v1/warnings/${w.body.id}/publish`).set('Authorization', mgr).send({}).expect(201);
    await http().post(`/api/v1/warnings/${w.body.id}/publish`).set('Authorization', mgr).send({}).expect(201); // retry: same
    await http().post('/api/v1/warnings/00000000-0000-4000-8000-000000000000/publish').set('Authorization', mgr).send({}).expect(404);
    await http().post('/api/v1/warnings/not-a-uuid/publish').set('Authorization', mgr).send({}).expect(404);
    const pub = await http().get('/api/v1/public/warnings').expect(200);
    expect(pub.body).toEqual([{ id: w.body.id, unitName: expect.any(String), title: w.body.title, body: w.body.body, publishedAt: expect.stringMatching(/^2026-11-23T/) }]);
  });

  it('a flood of public reads from one address is refused with 429 and Retry-After', async () => {
    let last = 200;
    let retryAfter: string | undefined;
    for (let i = 0; i < 60 && last !== 429; i++) {
      const r = await http().get('/api/v1/public/warnings');
      last = r.status;
      retryAfter = r.headers['retry-after'];
    }
    expect(last).toBe(429);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
