import { randomUUID } from 'node:crypto';
import { complaintBody } from '#testing';
import type { OffsetClock } from '#platform';
import sharp from 'sharp';
import ExcelJS from 'exceljs';
import { boot, type Harness } from '../support/harness.js';
import { binary } from '../support/binary.js';

// ODR (issue 17): enrolment, enterprise accounts, the suggestion lists, the enterprise's desk, the figures, and the
// scope rule: an enterprise account is refused by every route of the OpenAPI document but its own.
let h: Harness;
const http = () => h.http();
const as = (u: string) => h.as(u);
const SHOP = { name: '常德市武陵区好运电器商行', creditCode: '91430702MA4L1A2B3B', stores: ['步行街店', '好运电器'], contacts: [{ name: '王经理', phone: '13812340001' }] };
// Well-formed, check character wrong (a lawful early pilot code would look like this): accepted with a flag.
const PILOT = { name: '厦门某试点企业', creditCode: '91350100M0001TGQXM', stores: ['试点店'], contacts: [{ name: '林女士', phone: '0592-1234567' }] };

async function enrol(body: object, status: number, user = 'manager') {
  return http().post('/api/v1/odr/enterprises').set('Authorization', await as(user)).send(body).expect(status);
}
async function enterpriseLogin(enterpriseId: string, username: string): Promise<string> {
  await http().post(`/api/v1/odr/enterprises/${enterpriseId}/users`).set('Authorization', await as('manager'))
    .send({ username, displayName: '企业客服', password: 'Odr-pass-2026' }).expect(201);
  const r = await http().post('/api/v1/auth/login').send({ username, password: 'Odr-pass-2026' }).expect(200);
  expect(r.body.user.role).toBe('enterprise');
  return `Bearer ${r.body.accessToken}`;
}

const chinaDay = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
/** Every ODR time field is China time, like the API's other contracts. */
const CHINA = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/;
let shopId: string;
let shopToken: string;
let pilotToken: string;

beforeAll(async () => {
  h = await boot({ env: { PUBLIC_LIMIT_PER_ADDRESS: 200 } });
});
afterAll(() => h?.close());

describe('ODR enrolment', () => {
  it('enrols an enterprise with a checked credit code, its stores and contacts; history starts with the enrolment', async () => {
    const r = await enrol(SHOP, 201);
    shopId = r.body.id;
    expect(r.body).toMatchObject({ name: SHOP.name, creditCode: SHOP.creditCode, creditCodeChecksumValid: true, stores: SHOP.stores, contacts: SHOP.contacts, status: 'active', users: [] });
    expect(r.body.history).toEqual([expect.objectContaining({ status: 'active', reason: '登记', at: expect.stringMatching(CHINA) })]);
    expect(r.body.createdAt).toMatch(CHINA);
    const pilot = await enrol(PILOT, 201, 'admin');
    expect(pilot.body.creditCodeChecksumValid).toBe(false);
    const list = await http().get('/api/v1/odr/enterprises').set('Authorization', await as('manager')).expect(200);
    expect(list.body.map((e: { id: string }) => e.id).sort()).toEqual([shopId, pilot.body.id].sort());
  });

  it('names the bad field: a malformed credit code, no store, a bad contact phone', async () => {
    const bad = await enrol({ ...SHOP, creditCode: '91430702MA4L1A2B3I' }, 400); // I is not in the alphabet
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'creditCode', code: 'CREDIT_CODE_FORMAT' })]);
    const noStore = await enrol({ ...SHOP, creditCode: '91430702MA4L1C4D5D', stores: [] }, 400);
    expect(noStore.body.fields.map((f: { field: string }) => f.field)).toContain('stores');
    const phone = await enrol({ ...SHOP, creditCode: '91430702MA4L1C4D5D', contacts: [{ name: '王', phone: '12' }] }, 400);
    expect(JSON.stringify(phone.body.fields)).toContain('contacts');
    expect((await http().get('/api/v1/odr/enterprises').set('Authorization', await as('manager'))).body).toHaveLength(2);
  });

  it('refuses a second enrolment of the same credit code (409), and a retry with the same Idempotency-Key answers the first result', async () => {
    const again = await enrol(SHOP, 409);
    expect(again.body.code).toBe('ODR_ENTERPRISE_EXISTS');
    const key = randomUUID();
    const body = { ...SHOP, name: '常德市鼎城区新店', creditCode: '91430703MA4L9X8Y7E', stores: ['鼎城店'] };
    const mgr = await as('manager');
    const first = await http().post('/api/v1/odr/enterprises').set('Authorization', mgr).set('Idempotency-Key', key).send(body);
    expect(first.status).toBe(201);
    const retry = await http().post('/api/v1/odr/enterprises').set('Authorization', mgr).set('Idempotency-Key', key).send(body).expect(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await h.db.prisma.odrEnterprise.count({ where: { creditCode: body.creditCode } })).toBe(1);
  });

  it('only managers and admins enrol, list, change and create accounts', async () => {
    for (const u of ['operator', 'handler.wl', 'leader.wl', 'auditor']) {
      const t = await as(u);
      await http().post('/api/v1/odr/enterprises').set('Authorization', t).send({ ...SHOP, creditCode: '91430702MA4L1C4D5D' }).expect(403);
      await http().get('/api/v1/odr/enterprises').set('Authorization', t).expect(403);
      await http().patch(`/api/v1/odr/enterprises/${shopId}`).set('Authorization', t).send({ status: 'suspended' }).expect(403);
      await http().post(`/api/v1/odr/enterprises/${shopId}/users`).set('Authorization', t).send({ username: 'x-odr', displayName: 'x', password: 'Odr-pass-2026' }).expect(403);
    }
    await http().get('/api/v1/odr/enterprises').expect(401);
  });

  it('creates enterprise accounts bound to the enterprise (role enterprise), which read their own profile', async () => {
    shopToken = await enterpriseLogin(shopId, 'haoyun-odr');
    const me = await http().get('/api/v1/odr/me').set('Authorization', shopToken).expect(200);
    expect(me.body).toMatchObject({ id: shopId, name: SHOP.name, users: [expect.objectContaining({ username: 'haoyun-odr', active: true })] });
    expect((await http().get('/api/v1/odr/cases').set('Authorization', shopToken).expect(200)).body).toEqual([]);
    const dup = await http().post(`/api/v1/odr/enterprises/${shopId}/users`).set('Authorization', await as('manager'))
      .send({ username: 'haoyun-odr', displayName: '重复', password: 'Odr-pass-2026' }).expect(400);
    expect(dup.body.fields).toEqual([expect.objectContaining({ field: 'username' })]);
    await http().post(`/api/v1/odr/enterprises/${shopId}/users`).set('Authorization', await as('manager'))
      .send({ username: 'ab', displayName: 'x', password: 'short' }).expect(400);
    // the bureau's admin cannot make an enterprise account through the staff directory
    const unit = await h.db.prisma.unit.findFirstOrThrow();
    await http().post('/api/v1/admin/users').set('Authorization', await as('admin'))
      .send({ username: 'sneaky', displayName: 'x', role: 'enterprise', unitId: unit.id, password: 'Odr-pass-2026' }).expect((r) => expect([400, 404]).toContain(r.status));
  });

  it('suspends (out of the suggestion lists), reactivates, removes (final); the history keeps every step', async () => {
    const mgr = await as('manager');
    await http().patch(`/api/v1/odr/enterprises/${shopId}`).set('Authorization', mgr).send({ status: 'suspended', reason: '整改' }).expect(200);
    expect((await http().get('/api/v1/odr/enterprises/suggest?q=好运').set('Authorization', await as('operator')).expect(200)).body).toEqual([]);
    await http().patch(`/api/v1/odr/enterprises/${shopId}`).set('Authorization', mgr).send({ status: 'suspended' }).expect(409);
    await http().patch(`/api/v1/odr/enterprises/${shopId}`).set('Authorization', mgr).send({ status: 'active', reason: '整改完成' }).expect(200);
    const sug = await http().get('/api/v1/odr/enterprises/suggest?q=好运').set('Authorization', await as('operator')).expect(200);
    expect(sug.body).toEqual([{ id: shopId, name: SHOP.name, creditCode: SHOP.creditCode, stores: SHOP.stores }]);
    const byStore = await http().get('/api/v1/odr/enterprises/suggest?q=步行街').set('Authorization', await as('operator')).expect(200);
    expect(byStore.body.map((x: { id: string }) => x.id)).toEqual([shopId]);
    const byCode = await http().get(`/api/v1/odr/enterprises/suggest?q=${SHOP.creditCode.slice(0, 10)}`).set('Authorization', await as('operator')).expect(200);
    expect(byCode.body.map((x: { id: string }) => x.id)).toEqual([shopId]);
    // the public list: name and masked code only
    const pub = await http().get('/api/v1/public/odr/enterprises/suggest?q=好运').expect(200);
    expect(pub.body).toEqual([{ id: shopId, name: SHOP.name, creditCodeMasked: '9143**********3B3B'.slice(0, 4) + '*'.repeat(10) + SHOP.creditCode.slice(-4) }]);
    expect(JSON.stringify(pub.body)).not.toContain(SHOP.creditCode);
    expect(JSON.stringify(pub.body)).not.toContain('13812340001');
    const q = await http().get('/api/v1/public/odr/enterprises/suggest?q=a').expect(400);
    expect(q.body.fields).toEqual([expect.objectContaining({ field: 'q' })]);
    await http().patch(`/api/v1/odr/enterprises/${randomUUID()}`).set('Authorization', mgr).send({ status: 'suspended' }).expect(404);
    await http().patch(`/api/v1/odr/enterprises/${shopId}`).set('Authorization', mgr).send({ status: 'paused' }).expect(400);
    const e = await http().get(`/api/v1/odr/enterprises/${shopId}`).set('Authorization', mgr).expect(200);
    expect(e.body.history.map((x: { status: string }) => x.status)).toEqual(['active', 'suspended', 'active']);
  });

  it('figures: the manager sees every enterprise, the enterprise only its own; bad dates name the field', async () => {
    const d = h.clock.now().toISOString().slice(0, 10);
    const all = await http().get(`/api/v1/odr/figures?from=${d}&to=${d}`).set('Authorization', await as('manager')).expect(200);
    expect(all.body.rows.length).toBeGreaterThanOrEqual(2);
    expect(all.body.rows[0]).toMatchObject({ received: 0, settled: 0, settlementRate: null, onTimeReplyRate: null, averageDays: null });
    expect(all.body.rules.length).toBeGreaterThan(0);
    const own = await http().get(`/api/v1/odr/figures?from=${d}&to=${d}`).set('Authorization', shopToken).expect(200);
    expect(own.body.rows.map((r: { enterpriseId: string }) => r.enterpriseId)).toEqual([shopId]);
    const other = all.body.rows.find((r: { enterpriseId: string }) => r.enterpriseId !== shopId).enterpriseId;
    await http().get(`/api/v1/odr/figures?from=${d}&to=${d}&enterpriseId=${other}`).set('Authorization', shopToken).expect(404);
    const bad = await http().get(`/api/v1/odr/figures?from=2026-13-01&to=${d}`).set('Authorization', await as('manager')).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('from');
    for (const u of ['operator', 'handler.wl', 'auditor']) await http().get(`/api/v1/odr/figures?from=${d}&to=${d}`).set('Authorization', await as(u)).expect(403);
  });

  it('the complainant decision: refused when the case is not in ODR (409), by a handler (403), without a proof on the public page (400)', async () => {
    const op = await as('operator');
    const c = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: h.clock.now().toISOString() })).expect(201);
    const r = await http().post(`/api/v1/cases/${c.body.id}/odr-decision`).set('Authorization', op).send({ accept: true }).expect(409);
    expect(r.body.code).toBe('ODR_TRANSITION');
    await http().post(`/api/v1/cases/${c.body.id}/odr-decision`).set('Authorization', await as('handler.wl')).send({ accept: true }).expect(403);
    await http().post(`/api/v1/cases/${c.body.id}/odr-decision`).set('Authorization', op).send({ accept: 'yes' }).expect(400);
    const p = await http().post('/api/v1/public/cases/X/odr-decision').send({ accept: true, phone: '13812345678' }).expect(400);
    expect(p.body.fields).toEqual([expect.objectContaining({ field: 'queryCode' })]);
    // the enterprise's own desk: another case id is a 404, never someone else's complaint
    await http().get(`/api/v1/odr/cases/${c.body.id}`).set('Authorization', shopToken).expect(404);
    await http().post(`/api/v1/odr/cases/${c.body.id}/reply`).set('Authorization', shopToken).send({ kind: 'offer', text: '退款' }).expect(404);
    await http().post(`/api/v1/odr/cases/${c.body.id}/reply`).set('Authorization', shopToken).send({ kind: 'maybe', text: '退款' }).expect(400);
    await http().post(`/api/v1/odr/cases/${c.body.id}/settle`).set('Authorization', shopToken).send({ agreement: '' }).expect(400);
    for (const u of ['operator', 'manager', 'handler.wl']) await http().get('/api/v1/odr/cases').set('Authorization', await as(u)).expect(403);
  });
});

describe('the ODR stage of a complaint', () => {
  const register = async (over: Record<string, unknown>) => {
    const r = await http().post('/api/v1/cases').set('Authorization', await as('operator'))
      .send(complaintBody({ receivedAt: h.clock.now().toISOString(), respondent: { name: SHOP.name, creditCode: SHOP.creditCode, regionCode: '430702', address: '常德市武陵区建设路8号' }, ...over }))
      .expect(201);
    return r.body.id as string;
  };
  const caseRow = (id: string) => h.db.prisma.case.findUniqueOrThrow({ where: { id } });

  it('with consent, a complaint against the enrolled enterprise goes to it (status odr, no bureau clock); without, or a report, as today', async () => {
    const id = await register({ odr: { consent: true } });
    expect(await caseRow(id)).toMatchObject({ status: 'odr', assignedUnitId: null });
    expect(await h.db.prisma.deadline.count({ where: { caseId: id } })).toBe(0);
    const stage = await h.db.prisma.odrCase.findUniqueOrThrow({ where: { caseId: id } });
    expect(stage).toMatchObject({ enterpriseId: shopId, stage: 'waiting' });
    expect(stage.dueAt!.getTime()).toBeGreaterThan(h.clock.now().getTime() + 10 * 86_400_000); // 10 working days
    const events = (await h.db.prisma.caseEvent.findMany({ where: { caseId: id } })).map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['CaseRegistered', 'OdrConsented', 'OdrHandedOver']));
    const no = await register({ odr: { consent: false } });
    expect((await caseRow(no)).status).not.toBe('odr');
    const report = await register({ type: 'report', description: '无证经营', odr: { consent: true, enterpriseId: shopId } });
    expect((await caseRow(report)).status).not.toBe('odr');
    const bad = await http().post('/api/v1/cases').set('Authorization', await as('operator'))
      .send(complaintBody({ receivedAt: h.clock.now().toISOString(), odr: { consent: true, enterpriseId: randomUUID() } })).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'odr.enterpriseId' })]);
    const list = await http().get('/api/v1/odr/cases').set('Authorization', shopToken).expect(200);
    expect(list.body.map((x: { caseId: string }) => x.caseId)).toEqual([id]);
    const d = await http().get(`/api/v1/odr/cases/${id}`).set('Authorization', shopToken).expect(200);
    expect(d.body).toMatchObject({ caseId: id, stage: 'waiting', complainantName: '张三', complainantPhone: '13812345678', request: '退货退款', replies: [] });
    expect([d.body.handedOverAt, d.body.dueAt, list.body[0].handedOverAt, list.body[0].dueAt]).toEqual(Array(4).fill(expect.stringMatching(CHINA)));
  });

  it('offer → the complainant confirms (staff records it) → closed as 和解 (odrSettled); a second decision is refused', async () => {
    const id = await register({ odr: { consent: true, enterpriseId: shopId } });
    await http().post(`/api/v1/cases/${id}/odr-decision`).set('Authorization', await as('operator')).send({ accept: true }).expect(409); // nothing to decide yet
    const o = await http().post(`/api/v1/odr/cases/${id}/reply`).set('Authorization', shopToken).send({ kind: 'offer', text: '全额退款199元' }).expect(200);
    expect(o.body).toMatchObject({ stage: 'offered', replies: [expect.objectContaining({ kind: 'offer', text: '全额退款199元', at: expect.stringMatching(CHINA) })] });
    const sms = await h.db.prisma.smsMessage.findMany({ where: { caseId: id, purpose: 'odr.offer' } });
    expect(sms).toHaveLength(1);
    expect(sms[0]!.toPhone).toBe('13812345678');
    expect(sms[0]!.text).toContain('全额退款199元');
    expect(sms[0]!.text).toContain('/public/track?caseNo=');
    const st = await http().get(`/api/v1/cases/${id}/odr`).set('Authorization', await as('operator')).expect(200);
    expect(st.body).toMatchObject({ enterpriseId: shopId, enterpriseName: SHOP.name, stage: 'offered', proposal: '全额退款199元', awaitingDecision: true, endedAt: null });
    expect([st.body.consentAt, st.body.handedOverAt, st.body.dueAt]).toEqual(Array(3).fill(expect.stringMatching(CHINA)));
    await http().get(`/api/v1/cases/${id}/odr`).set('Authorization', await as('handler.wl')).expect(403);
    await http().get(`/api/v1/cases/${randomUUID()}/odr`).set('Authorization', await as('operator')).expect(404);
    // the public page needs the tracking proof: a wrong query code is the same 404 as no case
    await http().post('/api/v1/public/cases/NO-SUCH/odr').send({ phone: '13812345678', queryCode: 'ABCD1234' }).expect(404);
    await http().post('/api/v1/public/cases/NO-SUCH/odr-decision').send({ accept: true, phone: '13812345678', queryCode: 'ABCD1234' }).expect(404);
    const r = await http().post(`/api/v1/cases/${id}/odr-decision`).set('Authorization', await as('operator')).send({ accept: true, note: '电话确认' }).expect(200);
    expect(r.body).toMatchObject({ caseId: id, stage: 'confirmed', status: 'closed' });
    expect(await caseRow(id)).toMatchObject({ status: 'closed', outcome: 'odrSettled' });
    // counted apart from the bureau's mediation: its own closing event, the enterprise's hop closed by it
    const types = (await h.db.prisma.caseEvent.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['OdrAccepted', 'OdrCaseClosed']));
    expect(types.indexOf('OdrAccepted')).toBeLessThan(types.indexOf('OdrCaseClosed')); // the decision, then the close
    expect(types).not.toContain('CaseClosed');
    expect(await h.db.prisma.caseHop.findMany({ where: { caseId: id } })).toEqual([expect.objectContaining({ how: 'odr', odrEnterpriseId: shopId, closeReason: 'closed' })]);
    await http().post(`/api/v1/cases/${id}/odr-decision`).set('Authorization', await as('operator')).send({ accept: false }).expect(409);
    await http().post(`/api/v1/odr/cases/${id}/settle`).set('Authorization', shopToken).send({ agreement: '已退款' }).expect(409);
  });

  it('a refusal sends it to the bureau, received when it left ODR (the ODR days do not count)', async () => {
    const id = await register({ odr: { consent: true } });
    (h.clock as OffsetClock).setOffset(h.clock.now().getTime() + 2 * 86_400_000 - Date.now());
    const left = h.clock.now();
    await http().post(`/api/v1/odr/cases/${id}/reply`).set('Authorization', shopToken).send({ kind: 'refusal', text: '商品已超过退换期' }).expect(200);
    const c = await caseRow(id);
    expect(c.status).not.toBe('odr');
    expect(Math.abs(c.receivedAt.getTime() - left.getTime())).toBeLessThan(60_000);
    const acceptance = await h.db.prisma.deadline.findFirstOrThrow({ where: { caseId: id, step: 'acceptance' } });
    expect(String(acceptance.startDate instanceof Date ? acceptance.startDate.toISOString().slice(0, 10) : acceptance.startDate)).toBe(chinaDay(left));
    expect((await h.db.prisma.odrCase.findUniqueOrThrow({ where: { caseId: id } })).stage).toBe('refused');
    const types = (await h.db.prisma.caseEvent.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['OdrRefused', 'OdrLeft']));
    // per-hop time: the ODR stage is a hop of the enterprise (no unit), closed when the case left it
    const hops = await h.db.prisma.caseHop.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
    expect(hops[0]).toMatchObject({ seq: 1, how: 'odr', unitId: null, odrEnterpriseId: shopId, closeReason: 'leftOdr' });
    expect(hops[0]!.closedAt!.getTime()).toBe(c.receivedAt.getTime());
    expect(hops[1]).toMatchObject({ seq: 2, odrEnterpriseId: null });
    expect(hops[1]!.unitId).not.toBeNull();
    // The timeline reads the cause first (the refusal, then leaving ODR, then the routing), and names the enterprise
    // as the one that refused — not the bureau unit the enterprise's account is filed under.
    const tl = (await http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', await as('operator')).expect(200)).body as { type: string; unit: unknown; enterprise: unknown }[];
    const at = (type: string) => tl.findIndex((e) => e.type === type);
    expect(at('OdrRefused')).toBeGreaterThan(-1);
    expect(at('OdrRefused')).toBeLessThan(at('OdrLeft'));
    expect(at('OdrLeft')).toBeLessThan(at('CaseDispatched'));
    for (const type of ['OdrRefused', 'OdrLeft', 'CaseDispatched']) expect(tl[at(type)]).toMatchObject({ enterprise: { id: shopId, name: SHOP.name }, unit: null });
    expect(tl[at('CaseRegistered')]).toMatchObject({ enterprise: null, unit: expect.objectContaining({ name: expect.any(String) }) });
    const d = new Date(left.getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
    const fig = await http().get(`/api/v1/odr/figures?from=${d}&to=${chinaDay(left)}&enterpriseId=${shopId}`).set('Authorization', await as('manager')).expect(200);
    expect(fig.body.rows[0]).toMatchObject({ enterpriseId: shopId, settled: 1 });
    expect(fig.body.rows[0].received).toBeGreaterThanOrEqual(3);
  });
});

describe('the public side: filing with consent, the complainant decides with the tracking proof', () => {
  let addr = 0;
  const ip = () => `10.77.${Math.floor(++addr / 250)}.${addr % 250}`;
  async function codeFor(phone: string): Promise<string> {
    const list = (await http().get(`/api/v1/admin/messages?to=${phone}`).set('Authorization', await as('admin')).expect(200)).body as { template: string; text: string }[];
    const code = /验证码(\d{6})/.exec(list.find((x) => x.template === 'verification-code')?.text ?? '')?.[1];
    if (!code) throw new Error(`no code for ${phone}`);
    return code;
  }
  it('files against the enterprise picked from the public list; settled → the complainant rejects online → the bureau', async () => {
    const phone = '13900007001';
    const pick = (await http().get('/api/v1/public/odr/enterprises/suggest?q=好运').set('X-Forwarded-For', ip()).expect(200)).body[0];
    await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', ip()).send({ phone, purpose: 'file' }).expect(202);
    const smsCode = await codeFor(phone);
    const filed = await http().post('/api/v1/public/cases').set('X-Forwarded-For', ip()).send({
      type: 'complaint', smsCode, complainant: { name: '王五', phone, address: '湖南省常德市武陵区人民路9号' },
      respondent: { name: '好运电器', regionCode: '430702', address: '常德市武陵区建设路8号' },
      category: 'G01', description: '网购电饭煲收到即损坏，商家拒绝退换。', request: '退货退款', amount: 299, odr: { enterpriseId: pick.id, consent: true },
    }).expect(201);
    const { caseNo, queryCode } = filed.body as { caseNo: string; queryCode: string };
    const c = await h.db.prisma.case.findUniqueOrThrow({ where: { caseNo } });
    expect(c.status).toBe('odr');
    await http().post(`/api/v1/odr/cases/${c.id}/settle`).set('Authorization', shopToken).send({ agreement: '已换新' }).expect(200);
    const proof = { phone, queryCode };
    await http().post(`/api/v1/public/cases/${caseNo}/odr`).set('X-Forwarded-For', ip()).send({ phone, queryCode: 'WRONG123' }).expect(404);
    const st = await http().post(`/api/v1/public/cases/${caseNo}/odr`).set('X-Forwarded-For', ip()).send(proof).expect(200);
    expect(st.body).toMatchObject({ stage: 'settled', proposal: '已换新', awaitingDecision: true, enterpriseName: SHOP.name });
    const d = await http().post(`/api/v1/public/cases/${caseNo}/odr-decision`).set('X-Forwarded-For', ip()).send({ ...proof, accept: false }).expect(200);
    expect(d.body).toMatchObject({ caseNo, stage: 'rejected' });
    expect(d.body.status).not.toBe('odr');
    await http().post(`/api/v1/public/cases/${caseNo}/odr-decision`).set('X-Forwarded-For', ip()).send({ ...proof, accept: true }).expect(409);
    const t = await http().get(`/api/v1/public/cases/${caseNo}`).set('X-Forwarded-For', ip()).query(proof).expect(200);
    expect(JSON.stringify(t.body)).not.toContain('企业协商中');
  });
});

describe('a complaint also filed as a report', () => {
  it('never goes to the enterprise, whatever the consent (its reporter\'s name would reach the business)', async () => {
    const op = await as('operator');
    const r = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ receivedAt: h.clock.now().toISOString(), alsoReport: true, respondent: { name: SHOP.name, creditCode: SHOP.creditCode, regionCode: '430702', address: '常德市武陵区建设路8号' }, odr: { consent: true } }))
      .expect(201);
    const c = await h.db.prisma.case.findUniqueOrThrow({ where: { id: r.body.id as string } });
    expect(c.status).not.toBe('odr');
    expect(await h.db.prisma.odrCase.count({ where: { caseId: c.id } })).toBe(0);
    await http().get(`/api/v1/odr/cases/${c.id}`).set('Authorization', shopToken).expect(404);
    const list = await http().get('/api/v1/odr/cases').set('Authorization', shopToken).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(c.id);
  });
});

describe('the enterprise reads the evidence of its own complaints', () => {
  it('own → listed and downloaded (audited); another enterprise → 404; identity-bearing and the bureau\'s later files → not there', async () => {
    const op = await as('operator');
    const r = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ receivedAt: h.clock.now().toISOString(), respondent: { name: SHOP.name, creditCode: SHOP.creditCode, regionCode: '430702', address: '常德市武陵区建设路8号' }, odr: { consent: true } }))
      .expect(201);
    const id = r.body.id as string;
    const png = (g: number) => sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 10, g, b: 10 } } }).png().toBuffer();
    const receipt = await png(200);
    const ev = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', op).attach('file', receipt, { filename: '购物小票.png', contentType: 'image/png' }).expect(201);
    const idCard = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', op).field('sensitive', 'true')
      .attach('file', await png(100), { filename: '身份证.png', contentType: 'image/png' }).expect(201);
    const d = await http().get(`/api/v1/odr/cases/${id}`).set('Authorization', shopToken).expect(200);
    expect(d.body.attachments).toEqual([{ id: ev.body.id, fileName: '购物小票.png', size: receipt.length, contentType: 'image/png' }]);
    const file = `/api/v1/odr/cases/${id}/attachments/${ev.body.id}`;
    const dl = await http().get(file).set('Authorization', shopToken).buffer(true).parse(binary).expect(200);
    expect(Buffer.compare(dl.body as Buffer, receipt)).toBe(0);
    expect(dl.headers['content-disposition']).toMatch(/^attachment/);
    expect(await h.db.prisma.attachmentDownload.count({ where: { attachmentId: ev.body.id, role: 'enterprise' } })).toBe(1);
    await http().get(`/api/v1/odr/cases/${id}/attachments/${idCard.body.id}`).set('Authorization', shopToken).expect(404);
    await http().get(`/api/v1/odr/cases/${id}/attachments/not-a-uuid`).set('Authorization', shopToken).expect(404);
    // another enterprise: neither the case nor its file; the bureau's own attachment routes refuse the role
    const pilot = await h.db.prisma.odrEnterprise.findUniqueOrThrow({ where: { creditCode: PILOT.creditCode } });
    pilotToken = await enterpriseLogin(pilot.id, 'pilot-odr');
    await http().get(`/api/v1/odr/cases/${id}`).set('Authorization', pilotToken).expect(404);
    await http().get(file).set('Authorization', pilotToken).expect(404);
    await http().get(`/api/v1/cases/${id}/attachments`).set('Authorization', shopToken).expect(403);
    await http().get(`/api/v1/cases/${id}/attachments/${ev.body.id}`).set('Authorization', shopToken).expect(403);
    // the case leaves ODR; what the bureau adds afterwards is its own, never the enterprise's
    await http().post(`/api/v1/odr/cases/${id}/reply`).set('Authorization', shopToken).send({ kind: 'refusal', text: '不同意' }).expect(200);
    (h.clock as OffsetClock).setOffset(h.clock.now().getTime() + 60_000 - Date.now());
    const internal = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', op).attach('file', await png(50), { filename: '核查记录.png', contentType: 'image/png' }).expect(201);
    const after = await http().get(`/api/v1/odr/cases/${id}`).set('Authorization', shopToken).expect(200);
    expect(after.body.attachments.map((a: { id: string }) => a.id)).toEqual([ev.body.id]);
    await http().get(`/api/v1/odr/cases/${id}/attachments/${internal.body.id}`).set('Authorization', shopToken).expect(404);
    await http().get(file).set('Authorization', shopToken).expect(200);
  });
});

describe('the enterprise window on the clock engine (odrWindow)', () => {
  it('warns, then at due the stage expires and the case reaches the bureau, received then; each rung fires once', async () => {
    const r = await http().post('/api/v1/cases').set('Authorization', await as('operator'))
      .send(complaintBody({ receivedAt: h.clock.now().toISOString(), respondent: { name: SHOP.name, creditCode: SHOP.creditCode, regionCode: '430702', address: '常德市武陵区建设路8号' }, odr: { consent: true } }))
      .expect(201);
    const id = r.body.id as string;
    const clock = await h.db.prisma.deadline.findUniqueOrThrow({ where: { odrCaseId: id } });
    expect(clock).toMatchObject({ step: 'odrWindow', amount: 10, unit: 'workingDays', state: 'running', version: 1, caseId: null });
    // armed at once through the outbox (warn and due), not only at the worker's next re-arm
    const arms = await h.db.prisma.outboxMessage.findMany({ where: { topic: 'deadline.arm' } });
    const rungs = arms.flatMap((m) => (m.payload as { timers: { deadlineId: string; rung: string }[] }).timers).filter((t) => t.deadlineId === clock.id).map((t) => t.rung);
    expect(rungs.sort()).toEqual(['due', 'warn']);
    const { FireDeadlineRung } = await import('#cases-nest');
    const { CommandBus } = await import('@nestjs/cqrs');
    const bus = h.app.get(CommandBus);
    (h.clock as OffsetClock).setOffset(clock.dueAt.getTime() - 3_600_000 - Date.now()); // within the last 2 working days
    expect((await bus.execute(new FireDeadlineRung(clock.id, 1, 'due'))).outcome).toBe('early');
    expect((await bus.execute(new FireDeadlineRung(clock.id, 1, 'warn'))).outcome).toBe('fired');
    expect((await bus.execute(new FireDeadlineRung(clock.id, 1, 'warn'))).outcome).toBe('duplicate');
    expect(await h.db.prisma.caseEvent.count({ where: { caseId: id, type: 'OdrWindowWarning' } })).toBe(1);
    // the warning reaches the enterprise, once: its accounts' 提醒 and an SMS to its contact's mobile (demo channel)
    const notices = (await http().get('/api/v1/odr/notices').set('Authorization', shopToken).expect(200)).body as { caseId: string; at: string; title: string; urgent: boolean }[];
    expect(notices.filter((n) => n.caseId === id)).toEqual([expect.objectContaining({ urgent: true, at: expect.stringMatching(CHINA), title: expect.stringContaining(r.body.caseNo) })]);
    const sms = await h.db.prisma.smsMessage.findMany({ where: { caseId: id, purpose: 'odr.warn' } });
    expect(sms.map((s) => s.toPhone)).toEqual([SHOP.contacts[0]!.phone]);
    const demo = (await http().get(`/api/v1/admin/messages?to=${SHOP.contacts[0]!.phone}`).set('Authorization', await as('admin')).expect(200)).body as { template: string; text: string }[];
    expect(demo.filter((m) => m.template === 'odr-window-warning' && m.text.includes(r.body.caseNo))).toHaveLength(1);
    // never another enterprise's, never a staff inbox
    expect((await http().get('/api/v1/odr/notices').set('Authorization', pilotToken).expect(200)).body).toEqual([]);
    expect((await h.db.prisma.notification.findMany({ where: { caseId: id } })).map((n) => n.role)).toEqual([`enterprise:${shopId}`]);
    expect((await h.db.prisma.case.findUniqueOrThrow({ where: { id } })).status).toBe('odr');
    (h.clock as OffsetClock).setOffset(clock.dueAt.getTime() + 60_000 - Date.now());
    expect((await bus.execute(new FireDeadlineRung(clock.id, 1, 'due'))).outcome).toBe('fired');
    // the stage ended with it: the clock is finished (version bumped by the trigger), a redelivery does nothing
    expect(['duplicate', 'stale']).toContain((await bus.execute(new FireDeadlineRung(clock.id, 1, 'due'))).outcome);
    expect(await h.db.prisma.deadline.findUniqueOrThrow({ where: { id: clock.id } })).toMatchObject({ state: 'overdue', version: 2, metAt: expect.any(Date) });
    expect(await h.db.prisma.caseEvent.count({ where: { caseId: id, type: 'OdrExpired' } })).toBe(1);
    const c = await h.db.prisma.case.findUniqueOrThrow({ where: { id } });
    expect(c.status).not.toBe('odr');
    expect(c.receivedAt.getTime()).toBeGreaterThanOrEqual(clock.dueAt.getTime());
    expect((await h.db.prisma.odrCase.findUniqueOrThrow({ where: { caseId: id } })).stage).toBe('expired');
    const hops = await h.db.prisma.caseHop.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
    expect(hops[0]).toMatchObject({ how: 'odr', odrEnterpriseId: shopId, closeReason: 'leftOdr' });
    // a late reply of the enterprise is refused
    await http().post(`/api/v1/odr/cases/${id}/reply`).set('Authorization', shopToken).send({ kind: 'offer', text: '补偿50元' }).expect(409);
  });
});

describe('an enterprise account reads nothing else', () => {
  it('every operation of the OpenAPI document but its own refuses the enterprise role (403), before any input check', async () => {
    const spec = (await http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    const own = new Set([
      'get /api/v1/odr/me', 'get /api/v1/odr/cases', 'get /api/v1/odr/cases/{id}', 'post /api/v1/odr/cases/{id}/reply',
      'post /api/v1/odr/cases/{id}/settle', 'get /api/v1/odr/figures', 'get /api/v1/odr/notices', 'get /api/v1/odr/cases/{id}/attachments/{aid}',
    ]);
    const caseId = (await h.db.prisma.case.findFirstOrThrow()).id;
    let checked = 0;
    const allowed: string[] = [];
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const key = `${method} ${path}`;
        if (own.has(key)) { allowed.push(key); continue; }
        // public routes (no login at all: the public filing side, login itself) are not the enterprise's to be refused
        if (path.startsWith('/api/v1/public/') || path === '/api/v1/auth/login' || path.startsWith('/health') || path === '/metrics') continue;
        const url = path.replace(/\{[^}]+\}/g, (p) => (p === '{id}' || p.endsWith('Id}') ? caseId : 'x'));
        const res = await http()[method as 'get'](url).set('Authorization', shopToken).send(method === 'get' ? undefined : {});
        const what = `${key} → ${res.status}`;
        if (res.status < 400 || res.status >= 500) expect(what).toBe(`${key} → 403`);
        expect([what, [401, 403, 404].includes(res.status)]).toEqual([what, true]);
        checked++;
      }
    }
    expect(allowed.sort()).toEqual([...own].sort());
    expect(checked).toBeGreaterThan(80);
  });
});

describe('the enterprises\' figures in the analysis report and on the public disclosure', () => {
  const dayBefore = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const figures = async (from: string, to: string) =>
    (await http().get(`/api/v1/odr/figures?from=${from}&to=${to}`).set('Authorization', await as('manager')).expect(200)).body as { rows: { enterpriseId: string; received: number }[]; rules: string[] };

  it('the report (content, workbook, print view) carries the same figures as GET /odr/figures', async () => {
    const mgr = await as('manager');
    const city = (await h.db.prisma.unit.findFirstOrThrow({ where: { parentId: null } })).id;
    // the month the first complaints were handed over to the enterprise (the clock has moved on since)
    const first = await h.db.prisma.odrCase.findFirstOrThrow({ where: { enterpriseId: shopId }, orderBy: { handedOverAt: 'asc' } });
    const rep = await http().post('/api/v1/reports').set('Authorization', mgr).send({ unitId: city, period: 'month', start: `${chinaDay(first.handedOverAt).slice(0, 7)}-01` }).expect(201);
    const full = await http().get(`/api/v1/reports/${rep.body.id}`).set('Authorization', mgr).expect(200);
    const c = full.body.content;
    const api = await figures(c.from, dayBefore(c.to));
    expect(c.odr.rows).toEqual(api.rows);
    expect(c.odr.rules).toEqual(api.rules);
    expect(api.rows.find((r) => r.enterpriseId === shopId)!.received).toBeGreaterThan(0);
    const x = await http().get(`/api/v1/reports/${rep.body.id}/xlsx`).set('Authorization', mgr).buffer(true).parse(binary).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    const ws = wb.getWorksheet('在线解纷企业')!;
    const shop = api.rows.find((r) => r.enterpriseId === shopId)!;
    const row = ws.getSheetValues().find((v) => Array.isArray(v) && v[1] === SHOP.name) as unknown[];
    expect(row.slice(1, 4)).toEqual([SHOP.name, SHOP.creditCode, shop.received]);
    // 平均天数 counts calendar days (the ODR rules), unlike the working days of 平均办理时长: the heading says which
    const header = ws.getSheetValues().find((v) => Array.isArray(v) && v[1] === '企业') as unknown[];
    expect(header[7]).toBe('平均天数（自然日）');
    const { analysisReportHtml } = await import('#analytics-nest');
    const html = analysisReportHtml(c);
    expect(html).toContain('在线消费纠纷解决企业');
    expect(html).toContain(SHOP.name);
  });

  it('the public reads them for a released quarter only, frozen at the release', async () => {
    const mgr = await as('manager');
    const today = chinaDay(h.clock.now());
    const year = Number(today.slice(0, 4));
    const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
    const period = `${year}Q${q}`;
    const from = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
    const next = q === 4 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
    const draft = await http().post(`/api/v1/disclosure/periods/${period}/compute`).set('Authorization', mgr).send({}).expect(201);
    const api = await figures(from, dayBefore(next));
    expect(draft.body.odrEnterprises).toEqual({ rows: api.rows, rules: api.rules });
    expect(api.rows.find((r) => r.enterpriseId === shopId)!.received).toBeGreaterThan(0);
    // unreleased: the public sees nothing of it
    await http().get(`/api/v1/public/disclosure?period=${period}`).expect(404);
    (h.clock as OffsetClock).setOffset(Date.parse(`${next}T10:00:00+08:00`) - Date.now());
    await http().post(`/api/v1/disclosure/periods/${period}/release`).set('Authorization', mgr).send({}).expect(201);
    const pub = await http().get(`/api/v1/public/disclosure?period=${period}`).expect(200);
    expect(pub.body.odrEnterprises).toEqual({ rows: api.rows, rules: api.rules });
    // frozen: later changes of the stages move the live figures, never the published ones
    await h.db.prisma.$executeRawUnsafe(`UPDATE odr_cases SET stage = 'confirmed', ended_at = handed_over_at WHERE ended_at IS NULL`);
    expect(await figures(from, dayBefore(next))).not.toEqual(api);
    expect((await http().get(`/api/v1/public/disclosure?period=${period}`).expect(200)).body.odrEnterprises).toEqual(pub.body.odrEnterprises);
    await expect(h.db.prisma.$executeRawUnsafe(`UPDATE disclosure_periods SET odr_enterprises = '[]' WHERE period = '${period}'`)).rejects.toThrow(/frozen/);
  });
});
