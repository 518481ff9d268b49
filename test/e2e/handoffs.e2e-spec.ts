import { complaintBody } from '#testing';
import { boot, type Harness } from '../support/harness.js';

let h: Harness;
const http = () => h.http();
const db = { get prisma() { return h.db.prisma; } };
const login = (username: string) => h.as(username);
async function unitId(code: string): Promise<string> {
  return (await db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
}
const types = (tl: { type: string }[]) => tl.map((e) => e.type);

beforeAll(async () => {
  h = await boot();
});
afterAll(() => h?.close());

describe('routing rules admin (派单目录)', () => {
  it('lets an admin create, preview, edit and delete a rule; others are refused', async () => {
    const admin = await login('admin');
    const op = await login('operator');
    const dc = await unitId('dc');
    await http().get('/api/v1/admin/routing-rules').set('Authorization', op).expect(403);
    await http().post('/api/v1/admin/routing-rules').set('Authorization', op).send({ regionPrefix: '430702', unitId: dc }).expect(403);
    const before = await http().get('/api/v1/admin/routing-rules').set('Authorization', admin).expect(200);
    expect(before.body.length).toBeGreaterThan(0);

    const bad = await http().post('/api/v1/admin/routing-rules').set('Authorization', admin)
      .send({ regionPrefix: '430702', categoryPrefix: 'Z99', unitId: await unitId('cd-xbk') }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['categoryPrefix', 'unitId']);

    const created = await http().post('/api/v1/admin/routing-rules').set('Authorization', admin)
      .send({ regionPrefix: '430702', categoryPrefix: 'G01', caseType: 'complaint', unitId: dc, priority: 50, note: '测试：家电类集中办理' }).expect(201);
    expect(created.body).toMatchObject({ regionPrefix: '430702', categoryPrefix: 'G01', unit: { code: 'dc' }, enabled: true });
    // The cache is invalidated: the preview sees the new rule at once.
    const preview = await http().post('/api/v1/routing/preview').set('Authorization', op).send({ regionCode: '430702', category: 'G01' }).expect(200);
    expect(preview.body).toMatchObject({ ruleId: created.body.id, unit: { code: 'dc' } });
    expect(preview.body.explanation).toContain('测试：家电类集中办理');

    await http().patch(`/api/v1/admin/routing-rules/${created.body.id}`).set('Authorization', admin).send({ enabled: false }).expect(200)
      .expect((r) => expect(r.body).toMatchObject({ enabled: false, priority: 50 }));
    const after = await http().post('/api/v1/routing/preview').set('Authorization', op).send({ regionCode: '430702', category: 'G01' }).expect(200);
    expect(after.body.unit.code).toBe('wl');

    await http().delete(`/api/v1/admin/routing-rules/${created.body.id}`).set('Authorization', admin).expect(204);
    await http().delete(`/api/v1/admin/routing-rules/${created.body.id}`).set('Authorization', admin).expect(404);
    await http().patch(`/api/v1/admin/routing-rules/${created.body.id}`).set('Authorization', admin).send({ priority: 1 }).expect(404);
  });
});

const kindsOf = (tl: { type: string }[]) => tl.map((e) => e.type);
async function timeline(id: string, who: string) {
  return (await http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', await login(who)).expect(200)).body as { type: string; data: Record<string, unknown>; unit: { code: string } | null; rule: string | null; note: string | null }[];
}
async function hops(id: string) {
  const rows = await db.prisma.caseHop.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
  const codes = new Map((await db.prisma.unit.findMany()).map((u) => [u.id, u.code]));
  return rows.map((h) => ({ unit: codes.get(h.unitId!), how: h.how, signed: h.signedAt !== null, closed: h.closeReason }));
}
// Registered "now" on the harness clock: the return window runs from the dispatch time.
const now = () => h.clock.now().toISOString();

describe('return (退回) → re-dispatch, per-hop attribution', () => {
  it('a unit returns with a reason to the intake pool (never sideways); the intake re-dispatches; hops are charged per unit', async () => {
    const op = await login('operator');
    const wl = await login('handler.wl');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: now() })).expect(201);
    expect(body.assignedUnit.code).toBe('wl');
    expect(body.deadlines.map((d: { kind: string }) => d.kind)).toContain('returnWindow');
    await http().post(`/api/v1/cases/${body.id}/sign`).set('Authorization', wl).send({}).expect(200);
    await http().post(`/api/v1/cases/${body.id}/return`).set('Authorization', wl).send({ reason: 'other' }).expect(400);
    await http().post(`/api/v1/cases/${body.id}/return`).set('Authorization', await login('handler.dc')).send({ reason: 'notOurDuty' }).expect(404);
    const dc = await unitId('dc');
    const ret = await http().post(`/api/v1/cases/${body.id}/return`).set('Authorization', wl)
      .send({ reason: 'notOurDuty', note: '经营地在鼎城区', suggestedUnitId: dc }).expect(200);
    expect(ret.body).toEqual({ id: body.id, visible: false });
    // Back in the intake pool: the returning unit no longer sees it; the operator does.
    await http().get(`/api/v1/cases/${body.id}`).set('Authorization', wl).expect(404);
    const pooled = await http().get(`/api/v1/cases/${body.id}`).set('Authorization', op).expect(200);
    expect(pooled.body).toMatchObject({ status: 'pendingDispatch', assignedUnit: null, returnCount: 1 });

    await http().post(`/api/v1/cases/${body.id}/dispatch`).set('Authorization', op).send({ unitId: dc, note: '按退回建议改派' }).expect(200);
    const dcH = await login('handler.dc');
    await http().post(`/api/v1/cases/${body.id}/sign`).set('Authorization', dcH).send({}).expect(200);
    const tl = await timeline(body.id, 'operator');
    const ret1 = tl.find((e) => e.type === 'CaseReturned')!;
    expect(ret1).toMatchObject({ unit: { code: 'wl' }, note: '经营地在鼎城区', data: { reason: 'notOurDuty', reasonText: '非本单位职责' } });
    expect(ret1.rule).toContain('第四十一条');
    expect(kindsOf(tl).filter((t) => t === 'CaseDispatched')).toHaveLength(2);
    expect(await hops(body.id)).toEqual([
      { unit: 'wl', how: 'dispatch', signed: true, closed: 'returned' },
      { unit: 'cd-xbk', how: 'return', signed: true, closed: 'dispatched' },
      { unit: 'dc', how: 'dispatch', signed: true, closed: null },
    ]);
  });

  it('the intake rules a return unfounded and sends it back; a second return flags ping-pong on the case and timeline', async () => {
    const op = await login('operator');
    const wl = await login('handler.wl');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: now() })).expect(201);
    await http().post(`/api/v1/cases/${body.id}/return`).set('Authorization', wl).send({ reason: 'incomplete' }).expect(200);
    await http().post(`/api/v1/cases/${body.id}/reject-return`).set('Authorization', wl).send({ note: 'x' }).expect(403);
    const back = await http().post(`/api/v1/cases/${body.id}/reject-return`).set('Authorization', op).send({ note: '信息齐全，退回理由不成立' }).expect(200);
    expect(back.body).toMatchObject({ status: 'dispatched', assignedUnit: { code: 'wl' }, pingPong: false });
    await http().post(`/api/v1/cases/${body.id}/return`).set('Authorization', wl).send({ reason: 'notOurDuty', note: '坚持退回' }).expect(200);
    const c = await http().get(`/api/v1/cases/${body.id}`).set('Authorization', op).expect(200);
    expect(c.body).toMatchObject({ pingPong: true, returnCount: 2 });
    const tl = await timeline(body.id, 'operator');
    expect(kindsOf(tl)).toEqual(expect.arrayContaining(['CaseReturned', 'ReturnRejected', 'PingPongFlagged']));
    expect(tl.find((e) => e.type === 'PingPongFlagged')!.data).toMatchObject({ returnCount: 2, audience: 'intakeLeader' });
  });
});

describe('transfer (转办/移送), take-over, referral', () => {
  it('the intake transfers between units; a unit cannot; out of the system with the notice text', async () => {
    const op = await login('operator');
    const wl = await login('handler.wl');
    const dc = await unitId('dc');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: now() })).expect(201);
    await http().post(`/api/v1/cases/${body.id}/transfer`).set('Authorization', wl).send({ unitId: dc, reason: '属鼎城' }).expect(403);
    const moved = await http().post(`/api/v1/cases/${body.id}/transfer`).set('Authorization', op).send({ unitId: dc, reason: '经核属鼎城区管辖' }).expect(200);
    expect(moved.body).toMatchObject({ status: 'dispatched', assignedUnit: { code: 'dc' } });
    await http().post(`/api/v1/cases/${body.id}/transfer`).set('Authorization', op).send({ unitId: dc, reason: 'x' }).expect(409)
      .expect((r) => expect(r.body.code).toBe('HANDOFF_REFUSED'));
    const out = await http().post(`/api/v1/cases/${body.id}/transfer-out`).set('Authorization', await login('handler.dc'))
      .send({ agency: '常德市公安局', notice: '您反映的问题涉嫌诈骗，属公安机关职责，已告知您向公安机关报案。' }).expect(200);
    expect(out.body).toMatchObject({ status: 'transferredOut', transferredOutTo: '常德市公安局' });
    expect(out.body.deadlines.every((d: { state: string }) => ['cancelled', 'met'].includes(d.state))).toBe(true);
    const tl = await timeline(body.id, 'operator');
    expect(kindsOf(tl)).toEqual(expect.arrayContaining(['CaseTransferred', 'CaseTransferredOut']));
    expect(tl.find((e) => e.type === 'CaseTransferredOut')!.data).toMatchObject({ notice: expect.stringContaining('公安机关') });
    expect((await hops(body.id)).map((h) => `${h.unit}:${h.how}:${h.closed}`)).toEqual(['wl:dispatch:transferred', 'dc:transfer:transferredOut']);
  });

  it('a station refers a case up to its county bureau; the city takes one over from below', async () => {
    const op = await login('operator');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: now() })).expect(201);
    await http().post(`/api/v1/cases/${body.id}/dispatch`).set('Authorization', op).send({ unitId: await unitId('wl-dy') }).expect(409); // already dispatched
    await http().post(`/api/v1/cases/${body.id}/transfer`).set('Authorization', op).send({ unitId: await unitId('wl-dy'), reason: '属丹阳所辖区' }).expect(200);
    const referred = await http().post(`/api/v1/cases/${body.id}/refer-up`).set('Authorization', await login('handler.wl-dy')).send({ reason: '涉及多个街道' }).expect(200);
    expect(referred.body).toMatchObject({ id: body.id, visible: false });
    const atWl = await http().get(`/api/v1/cases/${body.id}`).set('Authorization', await login('handler.wl')).expect(200);
    expect(atWl.body).toMatchObject({ status: 'dispatched', assignedUnit: { code: 'wl' } });
    await http().post(`/api/v1/cases/${body.id}/take-over`).set('Authorization', await login('leader.dc')).send({ reason: 'x' }).expect(404);
    await http().post(`/api/v1/cases/${body.id}/take-over`).set('Authorization', await login('handler.cd')).send({ reason: 'x' }).expect(403);
    const taken = await http().post(`/api/v1/cases/${body.id}/take-over`).set('Authorization', await login('leader.cd')).send({ reason: '案情复杂，市局提级办理' }).expect(200);
    expect(taken.body).toMatchObject({ status: 'signed', assignedUnit: { code: 'cd' } });
    expect((await hops(body.id)).map((h) => `${h.unit}:${h.how}`)).toEqual(['wl:dispatch', 'wl-dy:transfer', 'wl:referral', 'cd:takeover']);
    expect(kindsOf(await timeline(body.id, 'operator'))).toEqual(expect.arrayContaining(['CaseReferredUp', 'CaseTakenOver']));
  });
});

describe('inquiries (咨询)', () => {
  const inquiry = (over: Record<string, unknown> = {}) => complaintBody({ type: 'inquiry', receivedAt: now(), description: '网购商品能否七日无理由退货？', request: undefined, amount: undefined, ...over });

  it('stays with the operator, who answers and closes it on the call', async () => {
    const op = await login('operator');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(inquiry()).expect(201);
    expect(body).toMatchObject({ status: 'pendingDispatch', assignedUnit: null });
    expect(body.deadlines.find((d: { kind: string }) => d.kind === 'answer')).toMatchObject({ amount: 3, state: 'running' });
    const done = await http().post(`/api/v1/cases/${body.id}/answer`).set('Authorization', op).send({ answer: '可以，除定制等例外商品。' }).expect(200);
    expect(done.body).toMatchObject({ status: 'closed', answer: '可以，除定制等例外商品。' });
    expect(done.body.deadlines.find((d: { kind: string }) => d.kind === 'answer').state).toBe('met');
    expect(kindsOf(await timeline(body.id, 'operator'))).toEqual(expect.arrayContaining(['InquiryAnswered', 'CaseClosed']));
  });

  it('routed to a unit is answered there; an inquiry converts into a complaint keeping the link both ways', async () => {
    const op = await login('operator');
    const routed = await http().post('/api/v1/cases').set('Authorization', op).send(inquiry({ routeInquiry: true })).expect(201);
    expect(routed.body.assignedUnit.code).toBe('wl');
    const wl = await login('handler.wl');
    await http().post(`/api/v1/cases/${routed.body.id}/sign`).set('Authorization', wl).send({}).expect(200);
    await http().post(`/api/v1/cases/${routed.body.id}/answer`).set('Authorization', wl).send({ answer: '已电话答复' }).expect(200);

    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(inquiry()).expect(201);
    const conv = await http().post(`/api/v1/cases/${body.id}/convert`).set('Authorization', op).send({ type: 'complaint', request: '退货退款' }).expect(200);
    expect(conv.body.inquiry.status).toBe('closed');
    expect(conv.body.created).toMatchObject({ type: 'complaint', status: 'dispatched', assignedUnit: { code: 'wl' }, request: '退货退款' });
    expect(conv.body.created.deadlines.find((d: { kind: string }) => d.kind === 'acceptance').state).toBe('running');
    const links = await http().get(`/api/v1/cases/${conv.body.created.id}/links`).set('Authorization', op).expect(200);
    expect(links.body).toEqual([{ kind: 'convertedFrom', visible: true, case: expect.objectContaining({ id: body.id, type: 'inquiry' }) }]);
    const back = await http().get(`/api/v1/cases/${body.id}/links`).set('Authorization', op).expect(200);
    expect(back.body[0]).toMatchObject({ kind: 'convertedTo', case: { id: conv.body.created.id } });
    expect(kindsOf(await timeline(body.id, 'operator'))).toEqual(expect.arrayContaining(['InquiryConverted', 'CaseLinked']));
  });
});

describe('duplicate and pattern hints at intake (hints only)', () => {
  it('finds a possible duplicate (same phone + respondent within 30 days) and merges it on request', async () => {
    const op = await login('operator');
    const phone = '13900001111';
    const first = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ receivedAt: now(), complainant: { name: '李四', phone, address: '常德市武陵区某小区1栋' } })).expect(201);
    const q = { complainantPhone: phone, respondentName: '常德市武陵区好运电器商行', category: 'G01' };
    const h = await http().post('/api/v1/cases/hints').set('Authorization', op).send(q).expect(200);
    expect(h.body.hints).toEqual([expect.objectContaining({ code: 'POSSIBLE_DUPLICATE', offer: 'merge', cases: [expect.objectContaining({ id: first.body.id })] })]);
    expect((await http().post('/api/v1/cases/hints').set('Authorization', op).send({ ...q, respondentName: '别的商店' }).expect(200)).body.hints).toEqual([]);
    // Hints never decide: registering again is allowed, then the operator merges.
    const second = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ receivedAt: now(), complainant: { name: '李四', phone, address: '常德市武陵区某小区1栋' } })).expect(201);
    const h2 = await http().post('/api/v1/cases/hints').set('Authorization', op).send(q).expect(200);
    expect(h2.body.hints.map((x: { code: string }) => x.code)).toEqual(['POSSIBLE_DUPLICATE', 'REPEAT_SAME_RESPONDENT', 'REPEAT_SAME_CATEGORY']);
    await http().post(`/api/v1/cases/${second.body.id}/merge`).set('Authorization', await login('handler.wl')).send({ intoCaseId: first.body.id }).expect(403);
    const merged = await http().post(`/api/v1/cases/${second.body.id}/merge`).set('Authorization', op).send({ intoCaseId: first.body.id }).expect(200);
    expect(merged.body).toMatchObject({ status: 'merged', mergedIntoId: first.body.id });
    const links = await http().get(`/api/v1/cases/${first.body.id}/links`).set('Authorization', op).expect(200);
    expect(links.body).toEqual([expect.objectContaining({ kind: 'mergedFrom', case: expect.objectContaining({ id: second.body.id }) })]);
  });

  it('flags one phone used by many complainants (O121 Art. 17)', async () => {
    const op = await login('operator');
    const phone = '13900002222';
    for (const name of ['王一', '王二', '王三'])
      await http().post('/api/v1/cases').set('Authorization', op)
        .send(complaintBody({ receivedAt: now(), complainant: { name, phone, address: '常德市武陵区某路' }, respondent: { name: `商店${name}`, regionCode: '430702', address: 'x' } })).expect(201);
    const h = await http().post('/api/v1/cases/hints').set('Authorization', op).send({ complainantPhone: phone, respondentName: '另一家', complainantAddress: '常德市武陵区某路' }).expect(200);
    expect(h.body.hints.map((x: { code: string }) => x.code)).toEqual(['PHONE_SHARED', 'ADDRESS_SHARED']);
    expect(h.body.hints[0]).toMatchObject({ count: 3, offer: 'flag' });
  });
});
