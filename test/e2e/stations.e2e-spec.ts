// Issue 13 §1: down to the station (县局 → 市场监管所). Routing straight to a station, county → station dispatch,
// recall, a station's return to its county, hops and indicators rolled up 所 → 区县 → 市.
import { chinaDate } from '#deadlines';
import { complaintBody } from '#testing';
import { harnessFile, waitFor } from '../support/harness.js';

const h = harnessFile({ worker: true }, 120_000);
const http = () => h.http();
const login = (username: string) => h.as(username);
const unitId = async (code: string) => (await h.db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
const now = () => h.clock.now().toISOString();
const body = (respondent: Record<string, unknown> = {}, over: Record<string, unknown> = {}) =>
  complaintBody({ receivedAt: now(), ...over, respondent: { ...(complaintBody().respondent as object), ...respondent } });

async function register(b: Record<string, unknown>) {
  return (await http().post('/api/v1/cases').set('Authorization', await login('operator')).send(b).expect(201)).body;
}
async function hops(id: string) {
  const rows = await h.db.prisma.caseHop.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
  const codes = new Map((await h.db.prisma.unit.findMany()).map((u) => [u.id, u.code]));
  return rows.map((x) => ({ unit: codes.get(x.unitId!), how: x.how, signed: x.signedAt !== null, closed: x.closeReason }));
}
async function dispatch(id: string, who: string, unitCode: string, status: number, note?: string) {
  const b = { unitId: await unitId(unitCode), ...(note ? { note } : {}) };
  return http().post(`/api/v1/cases/${id}/dispatch`).set('Authorization', await login(who)).send(b).expect(status);
}
const listIds = async (who: string, query = '') =>
  ((await http().get(`/api/v1/cases?pageSize=100${query}`).set('Authorization', await login(who)).expect(200)).body.items as { id: string }[]).map((c) => c.id);

describe('routing straight to a station (乡镇街道代码 / 地址关键词)', () => {
  it('by township code and by address keyword; the preview names the unit the save gives; elsewhere the county', async () => {
    const op = await login('operator');
    const cases: [Record<string, unknown>, string][] = [
      [{ townshipCode: '430702001' }, 'wl-dy'], // 丹阳街道 by code
      [{ address: '常德市武陵区芙蓉街道朗州路12号' }, 'wl-fr'], // 芙蓉街道 by keyword
      [{ townshipCode: '430702004', address: '常德市武陵区芙蓉街道朗州路12号' }, 'wl'], // the code wins: 府坪街道 has no station
      [{ townshipCode: '430702005' }, 'wl'], // 东江街道: no station
      [{}, 'wl'], // the default fixture stays with the county
      [{ regionCode: '430703', address: '常德市鼎城区灌溪镇老街8号' }, 'dc-gx'],
    ];
    for (const [respondent, code] of cases) {
      const b = body(respondent);
      const r = b.respondent as Record<string, string>;
      const preview = await http().post('/api/v1/routing/preview').set('Authorization', op)
        .send({ regionCode: r.regionCode, category: b.category, type: b.type, townshipCode: r.townshipCode, address: r.address }).expect(200);
      const saved = await register(b);
      expect({ respondent, preview: preview.body.unit?.code, saved: saved.assignedUnit?.code }).toEqual({ respondent, preview: code, saved: code });
      expect(saved.status).toBe('dispatched');
      if (code !== 'wl' && code !== 'dc') expect(preview.body.explanation).toMatch(/乡镇街道|地址含/);
      if (r.townshipCode) expect(saved.respondent.townshipCode).toBe(r.townshipCode);
    }
    // An inquiry stays in the pool for the operator: the preview says so too.
    const inq = body({ townshipCode: '430702001' }, { type: 'inquiry' });
    const p = await http().post('/api/v1/routing/preview').set('Authorization', op).send({ regionCode: '430702', category: 'G01', type: 'inquiry', townshipCode: '430702001' }).expect(200);
    expect(p.body.unitId).toBeNull();
    expect((await register(inq)).assignedUnit).toBeNull();
  });

  it('refuses a township code outside the respondent’s region, naming the field, and stores nothing', async () => {
    const op = await login('operator');
    const before = await h.db.prisma.case.count();
    for (const townshipCode of ['430703001', '43070200', '4307020011', 'abc']) {
      const r = await http().post('/api/v1/cases').set('Authorization', op).send(body({ townshipCode })).expect(400);
      expect(r.body.fields.map((f: { field: string }) => f.field)).toContain('respondent.townshipCode');
    }
    await http().post('/api/v1/routing/preview').set('Authorization', op).send({ regionCode: '430702', category: 'G01', townshipCode: '430703001' }).expect(400);
    expect(await h.db.prisma.case.count()).toBe(before);
  });

  it('admin rules carry 乡镇街道代码 and 地址关键词, validated; routing follows at once', async () => {
    const admin = await login('admin');
    const fr = await unitId('wl-fr');
    const bad = await http().post('/api/v1/admin/routing-rules').set('Authorization', admin)
      .send({ regionPrefix: '430702', townshipCode: '430703009', addressKeywords: ['镇'], unitId: fr }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['addressKeywords', 'townshipCode']);
    await http().post('/api/v1/admin/routing-rules').set('Authorization', admin).send({ townshipCode: '4307', unitId: fr }).expect(400);
    // regionPrefix may be left out: it is the township code's county.
    const created = await http().post('/api/v1/admin/routing-rules').set('Authorization', admin)
      .send({ townshipCode: '430702006', addressKeywords: [' 永安街道 ', '永安街道', '永安路'], unitId: fr, note: '永安街道暂由芙蓉所办理' }).expect(201);
    expect(created.body).toMatchObject({ regionPrefix: '430702', townshipCode: '430702006', addressKeywords: ['永安街道', '永安路'], unit: { code: 'wl-fr' } });
    expect((await register(body({ townshipCode: '430702006' }))).assignedUnit.code).toBe('wl-fr');
    expect((await register(body({ address: '常德市武陵区永安路3号' }))).assignedUnit.code).toBe('wl-fr');
    const patched = await http().patch(`/api/v1/admin/routing-rules/${created.body.id}`).set('Authorization', admin).send({ townshipCode: null, addressKeywords: [] }).expect(200);
    expect(patched.body).toMatchObject({ townshipCode: null, addressKeywords: [] });
    await http().delete(`/api/v1/admin/routing-rules/${created.body.id}`).set('Authorization', admin).expect(204);
    expect((await register(body({ townshipCode: '430702006' }))).assignedUnit.code).toBe('wl');
  });
});

describe('POST /cases/:id/dispatch — the county hands its case to one of its stations', () => {
  it('county → station: the station sees, signs, accepts and closes it under the same clocks; hops; the county follows it', async () => {
    const c = await register(body());
    expect(c.assignedUnit.code).toBe('wl');
    const acceptance = c.deadlines.find((d: { kind: string }) => d.kind === 'acceptance');
    expect(await listIds('handler.wl-dy')).not.toContain(c.id);

    const r = await dispatch(c.id, 'handler.wl', 'wl-dy', 200, '请丹阳所办理');
    expect(r.body).toMatchObject({ status: 'dispatched', assignedUnit: { code: 'wl-dy' }, legalUnit: { code: 'wl' } });
    expect(c.legalUnit).toMatchObject({ code: 'wl' });
    // The acceptance clock runs on from receipt; the sign pledge re-arms for the station.
    const after = r.body.deadlines as { kind: string; dueAt: string; startAt?: string; state: string }[];
    expect(after.find((d) => d.kind === 'acceptance')).toMatchObject({ dueAt: acceptance.dueAt, state: 'running' });
    expect(after.find((d) => d.kind === 'sign')).toMatchObject({ state: 'running' });

    // The station's handler sees it in the list and the inbox query; the county's handler still follows it.
    expect(await listIds('handler.wl-dy')).toContain(c.id);
    expect(await listIds('handler.wl-dy', `&unit=${await unitId('wl-dy')}&status=dispatched&sort=deadline`)).toContain(c.id);
    expect(await listIds('handler.wl', `&unit=${await unitId('wl-dy')}`)).toContain(c.id);
    await http().get(`/api/v1/cases/${c.id}`).set('Authorization', await login('handler.wl')).expect(200);
    await http().get(`/api/v1/cases/${c.id}`).set('Authorization', await login('handler.wl-fr')).expect(404);
    expect(await listIds('handler.wl-fr')).not.toContain(c.id);

    const dy = await login('handler.wl-dy');
    await http().post(`/api/v1/cases/${c.id}/sign`).set('Authorization', await login('handler.wl')).send({}).expect(403);
    await http().post(`/api/v1/cases/${c.id}/sign`).set('Authorization', dy).send({}).expect(200);
    await http().post(`/api/v1/cases/${c.id}/accept`).set('Authorization', dy).send({}).expect(200);
    const closed = await http().post(`/api/v1/cases/${c.id}/close`).set('Authorization', dy).send({ outcome: 'agreement', recoveredAmount: 150 }).expect(200);
    expect(closed.body.status).toBe('closed');
    expect(await hops(c.id)).toEqual([
      { unit: 'wl', how: 'dispatch', signed: true, closed: 'dispatched' },
      { unit: 'wl-dy', how: 'dispatch', signed: true, closed: 'closed' },
    ]);
    const tl = (await http().get(`/api/v1/cases/${c.id}/timeline`).set('Authorization', await login('handler.wl')).expect(200)).body as { type: string; unit: { code: string } | null; note: string | null; rule: string | null }[];
    const down = tl.filter((e) => e.type === 'CaseDispatched')[1]!;
    expect(down).toMatchObject({ unit: { code: 'wl' }, note: '请丹阳所办理' });
    expect(down.rule).toContain('第三十条');
  });

  it('409 NOT_A_SUBORDINATE_STATION for a unit that is not a station under the county; 403/404 for other roles; 400 for bad input', async () => {
    const c = await register(body());
    for (const code of ['dc-yx', 'cd', 'wl', 'cd-wjk', 'dc']) {
      const r = await dispatch(c.id, 'handler.wl', code, 409);
      expect(r.body).toMatchObject({ code: 'NOT_A_SUBORDINATE_STATION', fields: [{ field: 'unitId' }] });
    }
    await http().post(`/api/v1/cases/${c.id}/dispatch`).set('Authorization', await login('leader.wl')).send({ unitId: '00000000-0000-4000-8000-000000000000' }).expect(409);
    await dispatch(c.id, 'handler.dc', 'dc-yx', 404);
    await dispatch(c.id, 'leader.dc', 'wl-dy', 404);
    await dispatch(c.id, 'manager', 'wl-dy', 403);
    await dispatch(c.id, 'handler.wl-dy', 'wl-dy', 404); // not the station's case (yet)
    const op = await dispatch(c.id, 'operator', 'wl-dy', 409); // the intake dispatches only from its pool
    expect(op.body.code).toBe('INVALID_TRANSITION');
    const wl = await login('handler.wl');
    for (const bad of [{}, { unitId: 'wl-dy' }, { unitId: 42 }, { unitId: await unitId('wl-dy'), note: 'x'.repeat(2001) }]) {
      const r = await http().post(`/api/v1/cases/${c.id}/dispatch`).set('Authorization', wl).send(bad).expect(400);
      expect(r.body.fields.length).toBeGreaterThan(0);
    }
    expect((await http().get(`/api/v1/cases/${c.id}`).set('Authorization', wl).expect(200)).body).toMatchObject({ status: 'dispatched', assignedUnit: { code: 'wl' } });
    // A leader may dispatch too; the station cannot pass it sideways to another station.
    await dispatch(c.id, 'leader.wl', 'wl-dy', 200);
    await dispatch(c.id, 'handler.wl-dy', 'wl-fr', 403);
  });

  it('recall (收回) and re-dispatch; the county supervises (督办) its station', async () => {
    const c = await register(body());
    await dispatch(c.id, 'handler.wl', 'wl-dy', 200);
    const recall = async (who: string, status: number, b: object = { reason: '案情复杂，本局直接办理' }) =>
      http().post(`/api/v1/cases/${c.id}/recall`).set('Authorization', await login(who)).send(b).expect(status);
    await recall('handler.wl-dy', 403);
    await recall('handler.dc', 404);
    await recall('operator', 403);
    await recall('handler.wl', 400, {});
    const back = await recall('handler.wl', 200);
    expect(back.body).toMatchObject({ status: 'signed', assignedUnit: { code: 'wl' } });
    await recall('handler.wl', 409);
    expect(await listIds('handler.wl-dy')).not.toContain(c.id);
    // Re-dispatch, then straight from one station to another (a re-dispatch by the county).
    await dispatch(c.id, 'handler.wl', 'wl-dy', 200);
    await dispatch(c.id, 'handler.wl', 'wl-fr', 200);
    expect(await hops(c.id)).toEqual([
      { unit: 'wl', how: 'dispatch', signed: true, closed: 'dispatched' },
      { unit: 'wl-dy', how: 'dispatch', signed: false, closed: 'recalled' },
      { unit: 'wl', how: 'recall', signed: true, closed: 'dispatched' },
      { unit: 'wl-dy', how: 'dispatch', signed: false, closed: 'dispatched' },
      { unit: 'wl-fr', how: 'dispatch', signed: false, closed: null },
    ]);
    // 督办 by the county's leader; the station answers.
    const sup = await http().post(`/api/v1/cases/${c.id}/supervisions`).set('Authorization', await login('leader.wl'))
      .send({ kind: 'supervise', note: '请尽快签收办理' }).expect(201);
    const fr = await login('handler.wl-fr');
    await http().post(`/api/v1/cases/${c.id}/supervisions/${sup.body.id}/answer`).set('Authorization', fr).send({ answer: '已联系商家' }).expect(200);
  });

  it('a case the county accepted goes down in hand: the station mediates and closes it', async () => {
    const c = await register(body());
    const wl = await login('handler.wl');
    await http().post(`/api/v1/cases/${c.id}/sign`).set('Authorization', wl).send({}).expect(200);
    await http().post(`/api/v1/cases/${c.id}/accept`).set('Authorization', wl).send({}).expect(200);
    const r = await dispatch(c.id, 'handler.wl', 'wl-fr', 200, '请芙蓉所调解');
    expect(r.body).toMatchObject({ status: 'accepted', assignedUnit: { code: 'wl-fr' } });
    const fr = await login('handler.wl-fr');
    await http().post(`/api/v1/cases/${c.id}/return`).set('Authorization', fr).send({ reason: 'notOurDuty', note: 'x' }).expect(409);
    await http().post(`/api/v1/cases/${c.id}/close`).set('Authorization', fr).send({ outcome: 'noAgreement' }).expect(200);
    expect(await hops(c.id)).toEqual([
      { unit: 'wl', how: 'dispatch', signed: true, closed: 'dispatched' },
      { unit: 'wl-fr', how: 'dispatch', signed: true, closed: 'closed' },
    ]);
    await dispatch(c.id, 'handler.wl', 'wl-dy', 409); // closed
  });

  it('a station returns a misrouted case to its county (not the pool), within the rules of 退回; twice is ping-pong', async () => {
    const c = await register(body({ townshipCode: '430702001' }));
    expect(c.assignedUnit.code).toBe('wl-dy');
    const dy = await login('handler.wl-dy');
    const ret = (b: object) => http().post(`/api/v1/cases/${c.id}/return`).set('Authorization', dy).send(b);
    await ret({ reason: 'other' }).expect(400);
    await ret({ reason: 'bogus', note: 'x' }).expect(400);
    const r = await ret({ reason: 'notOurDuty', note: '经营地在芙蓉街道', suggestedUnitId: await unitId('wl-fr') }).expect(200);
    expect(r.body).toEqual({ id: c.id, visible: false });
    const wl = await login('handler.wl');
    const held = await http().get(`/api/v1/cases/${c.id}`).set('Authorization', wl).expect(200);
    expect(held.body).toMatchObject({ status: 'dispatched', assignedUnit: { code: 'wl' }, returnCount: 1 });
    expect(held.body.deadlines.find((d: { kind: string }) => d.kind === 'returnWindow').state).toBe('running');
    const tl = (await http().get(`/api/v1/cases/${c.id}/timeline`).set('Authorization', wl).expect(200)).body as { type: string; data: Record<string, unknown>; rule: string | null }[];
    const returned = tl.find((e) => e.type === 'CaseReturned')!;
    expect(returned.data).toMatchObject({ reason: 'notOurDuty', toUnitId: await unitId('wl') });
    expect(returned.rule).toContain('县级局');
    // Not in the intake pool.
    expect(await listIds('operator', '&status=pendingDispatch')).not.toContain(c.id);
    // Sent back to the same station, which returns it again: flagged.
    await dispatch(c.id, 'handler.wl', 'wl-dy', 200);
    await ret({ reason: 'notOurDuty', note: '仍不属本所' }).expect(200);
    const again = await http().get(`/api/v1/cases/${c.id}`).set('Authorization', wl).expect(200);
    expect(again.body).toMatchObject({ pingPong: true, returnCount: 2, assignedUnit: { code: 'wl' } });
    expect(await hops(c.id)).toEqual([
      { unit: 'wl-dy', how: 'dispatch', signed: false, closed: 'returned' },
      { unit: 'wl', how: 'return', signed: true, closed: 'dispatched' },
      { unit: 'wl-dy', how: 'dispatch', signed: false, closed: 'returned' },
      { unit: 'wl', how: 'return', signed: false, closed: null },
    ]);
    // The county may still return it to the intake pool within its own window.
    await http().post(`/api/v1/cases/${c.id}/return`).set('Authorization', wl).send({ reason: 'notOurDuty', note: '属鼎城区' }).expect(200);
    expect((await http().get(`/api/v1/cases/${c.id}`).set('Authorization', await login('operator')).expect(200)).body.status).toBe('pendingDispatch');
  });

  it('indicators charge the station’s hop to the station and roll up 所 → 区县 → 市', async () => {
    const dyId = await unitId('wl-dy');
    const wlId = await unitId('wl');
    const cityId = await unitId('cd');
    const month = chinaDate(h.clock.now()).slice(0, 7);
    const [y, m] = month.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const q = `/api/v1/indicators?from=${month}-01&to=${month}-${String(last).padStart(2, '0')}&groupBy=unit`;
    const mgr = await login('manager');
    const rowOf = (rows: { unit: { id: string }; values: Record<string, { numerator: number; denominator: number; value: number | null }> }[], id: string) => rows.find((x) => x.unit.id === id)!.values;
    const read = async () => (await http().get(q).set('Authorization', mgr).expect(200)).body.rows;
    // Every case worked at a station so far (the first test closed one at 丹阳所 with 150 recovered) must be in.
    const closedAtDy = await h.db.prisma.case.count({ where: { assignedUnitId: dyId, status: 'closed' } });
    expect(closedAtDy).toBeGreaterThan(0);
    const rows = await waitFor(async () => {
      const r = await read();
      // the rollup drains in batches: wait for the closes and for the previous test's two returns
      const v = rowOf(r, dyId);
      return v.mediationSuccessRate.denominator === closedAtDy && v.returnRate.numerator >= 2 ? r : undefined;
    });
    const dy = rowOf(rows, dyId);
    const wl = rowOf(rows, wlId);
    const city = rowOf(rows, cityId);
    expect(dy.signOnTimeRate.denominator).toBeGreaterThan(0);
    expect(dy.recoveredLoss.value).toBe(150);
    expect(dy.returnRate.numerator).toBeGreaterThanOrEqual(2); // the two returns of the previous test
    // The county's figures include its stations'; the city's include the county's.
    for (const k of ['signOnTimeRate', 'mediationSuccessRate', 'returnRate'] as const) {
      expect(wl[k].denominator).toBeGreaterThanOrEqual(dy[k].denominator);
      expect(city[k].denominator).toBeGreaterThanOrEqual(wl[k].denominator);
    }
    expect(wl.recoveredLoss.value).toBeGreaterThanOrEqual(150);
    // A station's handler reads its own station's indicators.
    await http().get(`${q}&unit=${dyId}`).set('Authorization', await login('handler.wl-dy')).expect(200);
  });
});
