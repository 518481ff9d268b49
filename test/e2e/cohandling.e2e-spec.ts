// Co-handling (协办) and supervision items (督办/催办), issue 4: docs/routing.md.
import { complaintBody } from '#testing';
import { type Harness, boot } from '../support/harness.js';

let h: Harness;
const now = () => new Date().toISOString();
async function unitId(code: string): Promise<string> {
  return (await h.db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
}
async function timeline(id: string, who = 'operator') {
  return (await h.http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', await h.as(who)).expect(200)).body as
    { type: string; note: string | null; data: Record<string, unknown>; unit: { code: string } | null }[];
}
const reportBody = (over: Record<string, unknown> = {}) =>
  complaintBody({
    type: 'report', receivedAt: now(), request: undefined, amount: undefined,
    complainant: { name: '钱保密', phone: '13700009999', address: '常德市武陵区保密路1号' },
    description: '该店销售过期食品。', ...over,
  });

beforeAll(async () => {
  h = await boot();
});
afterAll(async () => {
  await h?.close();
});

describe('co-handling (协办)', () => {
  it('the intake adds a co-unit; it sees the case with the reporter masked, submits its part; the lead cannot close until it has', async () => {
    const op = await h.as('operator');
    const wl = await h.as('handler.wl');
    const dcH = await h.as('handler.dc');
    const dc = await unitId('dc');
    const { body } = await h.http().post('/api/v1/cases').set('Authorization', op).send(reportBody()).expect(201);
    expect(body.assignedUnit.code).toBe('wl');
    const id = body.id as string;
    // Before: another county learns nothing.
    await h.http().get(`/api/v1/cases/${id}`).set('Authorization', dcH).expect(404);
    await h.http().post(`/api/v1/cases/${id}/sign`).set('Authorization', wl).send({}).expect(200);

    // Only the intake or the lead unit's leader may add co-units; the lead's handler and other units may not.
    await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', wl).send({ unitIds: [dc] }).expect(403);
    await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', op).send({ unitIds: [await unitId('cd-xbk')] }).expect(400);
    await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', op).send({ unitIds: [await unitId('wl')] }).expect(409);
    await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', op).send({ unitIds: ['not-a-uuid'] }).expect(400);
    const added = await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', op)
      .send({ unitIds: [dc], note: '违法行为涉及鼎城区门店' }).expect(200);
    expect(added.body).toEqual([expect.objectContaining({ unit: expect.objectContaining({ code: 'dc' }), state: 'pending', text: null })]);
    expect(await h.db.prisma.caseCoUnit.count({ where: { caseId: id } })).toBe(1);

    // The co-unit sees the case (and finds it in its list) — the reporter masked (O121 Art. 37), not audited.
    const reads = await h.db.prisma.identityRead.count({ where: { caseId: id } });
    const seen = await h.http().get(`/api/v1/cases/${id}`).set('Authorization', dcH).expect(200);
    expect(seen.body).toMatchObject({ reporterMasked: true, complainant: { name: '钱**', phone: '137****9999', address: '***' } });
    expect(await h.db.prisma.identityRead.count({ where: { caseId: id } })).toBe(reads);
    const list = await h.http().get('/api/v1/cases').set('Authorization', dcH).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
    const byDeadline = await h.http().get('/api/v1/cases?sort=deadline').set('Authorization', dcH).expect(200);
    expect(byDeadline.body.items.map((c: { id: string }) => c.id)).toContain(id);
    await h.http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', dcH).expect(200);
    // The lead unit still sees the reporter; a third county still sees nothing.
    expect((await h.http().get(`/api/v1/cases/${id}`).set('Authorization', wl).expect(200)).body.reporterMasked).toBe(false);
    await h.http().get(`/api/v1/cases/${id}`).set('Authorization', await h.as('handler.ty')).expect(404);
    await h.http().post(`/api/v1/cases/${id}/co-reports`).set('Authorization', await h.as('handler.ty')).send({ text: 'x' }).expect(404);
    // The co-handling request is in the co-unit's inbox.
    const inbox = await h.http().get('/api/v1/notifications').set('Authorization', dcH).expect(200);
    expect(inbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'coHandling', caseId: id })]));

    // The lead cannot decide while the part is pending.
    const refused = await h.http().post(`/api/v1/cases/${id}/decide`).set('Authorization', wl).send({ decision: 'fileCase', note: '予以立案' }).expect(409);
    expect(refused.body.code).toBe('COHANDLING_PENDING');
    // A co-unit may not act as the lead.
    await h.http().post(`/api/v1/cases/${id}/decide`).set('Authorization', dcH).send({ decision: 'fileCase', note: 'x' }).expect(403);

    const sub = await h.http().post(`/api/v1/cases/${id}/co-reports`).set('Authorization', dcH).send({ text: '已检查鼎城区门店，未发现过期食品' }).expect(200);
    expect(sub.body[0]).toMatchObject({ state: 'submitted', text: '已检查鼎城区门店，未发现过期食品' });
    await h.http().post(`/api/v1/cases/${id}/co-reports`).set('Authorization', dcH).send({ text: '再次' }).expect(409);
    const decided = await h.http().post(`/api/v1/cases/${id}/decide`).set('Authorization', wl).send({ decision: 'fileCase', note: '予以立案' }).expect(200);
    expect(decided.body.status).toBe('closed');
    const tl = await timeline(id);
    expect(tl.map((e) => e.type)).toEqual(expect.arrayContaining(['CoUnitsAdded', 'CoReportSubmitted', 'ReportDecided']));
    expect(tl.find((e) => e.type === 'CoReportSubmitted')).toMatchObject({ unit: { code: 'dc' }, note: '已检查鼎城区门店，未发现过期食品' });
  });

  it('the lead leader adds co-units; closing waits for them unless the lead releases the pending part', async () => {
    const op = await h.as('operator');
    const wl = await h.as('handler.wl');
    const wlL = await h.as('leader.wl');
    const [dc, ty] = [await unitId('dc'), await unitId('ty')];
    const { body } = await h.http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: now() })).expect(201);
    const id = body.id as string;
    await h.http().post(`/api/v1/cases/${id}/sign`).set('Authorization', wl).send({}).expect(200);
    await h.http().post(`/api/v1/cases/${id}/accept`).set('Authorization', wl).send({}).expect(200);
    await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', wlL).send({ unitIds: [dc, ty] }).expect(200);
    await h.http().post(`/api/v1/cases/${id}/co-reports`).set('Authorization', await h.as('leader.ty')).send({ text: '桃源县无该经营者分店' }).expect(200);

    const close = () => h.http().post(`/api/v1/cases/${id}/close`).set('Authorization', wl).send({ outcome: 'agreement', recoveredAmount: 199 });
    const refused = await close().expect(409);
    expect(refused.body).toMatchObject({ code: 'COHANDLING_PENDING' });
    // Only the lead releases; the co-unit cannot release itself.
    await h.http().post(`/api/v1/cases/${id}/co-units/${dc}/release`).set('Authorization', await h.as('handler.dc')).send({ note: 'x' }).expect(403);
    await h.http().post(`/api/v1/cases/${id}/co-units/${dc}/release`).set('Authorization', wl).send({}).expect(400);
    const released = await h.http().post(`/api/v1/cases/${id}/co-units/${dc}/release`).set('Authorization', wl).send({ note: '调解已达成，无需等待' }).expect(200);
    expect(released.body.map((u: { unit: { code: string }; state: string }) => [u.unit.code, u.state]).sort()).toEqual([['dc', 'released'], ['ty', 'submitted']]);
    await h.http().post(`/api/v1/cases/${id}/co-units/${dc}/release`).set('Authorization', wl).send({ note: '再次' }).expect(409);
    expect((await close().expect(200)).body.status).toBe('closed');
    const types = (await timeline(id)).map((e) => e.type);
    expect(types.filter((t) => ['CoUnitsAdded', 'CoReportSubmitted', 'CoUnitReleased', 'CaseClosed'].includes(t)))
      .toEqual(['CoUnitsAdded', 'CoReportSubmitted', 'CoUnitReleased', 'CaseClosed']);
  });
});
