// Issue 16 parts 1 and 2: online filing with an SMS code, tracking with the query code or an SMS code, documents,
// supplementary material, evidence and withdrawal — and everything that must be refused (bad input names the field
// and stores nothing, wrong codes are 404, floods 429 with Retry-After, the adaptive captcha, duplicates).
import sharp from 'sharp';
import svgCaptcha from 'svg-captcha';
import { harnessFile } from '../support/harness.js';
import { binary } from '../support/binary.js';

const h = harnessFile({}, 120_000);
const http = () => h.http();
let addr = 0;
/** Each scenario its own client address (X-Forwarded-For from loopback is trusted), so limits do not mix. */
const nextAddr = () => `198.51.100.${++addr}`;

const counts = async () => ({
  cases: await h.db.prisma.case.count(), filings: await h.db.prisma.publicFiling.count(),
  usedCodes: await h.db.prisma.smsCode.count({ where: { usedAt: { not: null } } }), events: await h.db.prisma.caseEvent.count(),
});

/** The newest code sent to a phone, read from the demo channel as an admin (the only way to see one). */
async function codeFor(phone: string): Promise<string> {
  const list = (await http().get(`/api/v1/admin/messages?to=${phone}`).set('Authorization', await h.as('admin')).expect(200)).body as { template: string; text: string }[];
  const m = list.find((x) => x.template === 'verification-code');
  const code = /验证码(\d{6})/.exec(m?.text ?? '')?.[1];
  if (!code) throw new Error(`no code for ${phone}`);
  return code;
}
async function requestCode(phone: string, purpose: 'file' | 'track', ip = nextAddr()): Promise<string> {
  await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', ip).send({ phone, purpose }).expect(202);
  return codeFor(phone);
}
function filing(phone: string, over: Record<string, unknown> = {}) {
  return {
    type: 'complaint',
    complainant: { name: '王五', phone, address: '湖南省常德市武陵区人民路9号' },
    respondent: { name: '常德市武陵区好运电器商行', regionCode: '430702', address: '常德市武陵区建设路8号' },
    category: 'G01', description: '网购电饭煲收到即损坏，商家拒绝退换。', request: '退货退款', amount: 299,
    ...over,
  };
}
async function fileOne(phone: string, over: Record<string, unknown> = {}) {
  const smsCode = await requestCode(phone, 'file');
  const r = await http().post('/api/v1/public/cases').set('X-Forwarded-For', nextAddr()).send({ ...filing(phone, over), smsCode }).expect(201);
  return { ...(r.body as { caseNo: string; queryCode: string }), smsCode, body: { ...filing(phone, over), smsCode } };
}
const track = (caseNo: string, q: Record<string, string>) => http().get(`/api/v1/public/cases/${caseNo}`).set('X-Forwarded-For', nextAddr()).query(q);

describe('reference for the filing page', () => {
  it('lists the category tree and the regions without a login', async () => {
    const r = await http().get('/api/v1/public/reference').expect(200);
    expect(r.body.categories.find((c: { code: string }) => c.code === 'G01')).toMatchObject({ code: 'G01' });
    expect(r.body.regions).toContainEqual({ code: '430702', name: '武陵区' });
  });
});

describe('SMS codes', () => {
  it('202 for a valid request; bad input names the field and sends nothing', async () => {
    const ip = nextAddr();
    for (const [body, field] of [[{ phone: '0731-1234567', purpose: 'file' }, 'phone'], [{ phone: '13700000001', purpose: 'x' }, 'purpose'], [{ purpose: 'file' }, 'phone']] as const) {
      const r = await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', ip).send(body).expect(400);
      expect(r.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await h.db.prisma.smsMessage.count({ where: { toPhone: '13700000001' } })).toBe(0);
    const code = await requestCode('13700000001', 'file');
    expect(code).toMatch(/^\d{6}$/);
    // stored hashed: the code is nowhere in sms_codes
    const row = await h.db.prisma.smsCode.findFirstOrThrow({ where: { phone: '13700000001' } });
    expect(JSON.stringify(row)).not.toContain(code);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(600_000);
    expect(row.createdAt.getTime()).toBeGreaterThan(h.clock.now().getTime() - 60_000);
  });

  it('a flood from one phone or one address is 429 with Retry-After', async () => {
    const phone = '13700000002';
    for (let i = 0; i < 5; i++) await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', nextAddr()).send({ phone, purpose: 'track' }).expect(202);
    const r = await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', nextAddr()).send({ phone, purpose: 'track' }).expect(429);
    expect(r.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(await h.db.prisma.smsCode.count({ where: { phone } })).toBe(5);
    // one address, many phones: refused after PUBLIC_SMS_PER_ADDRESS (30), whatever the captcha says
    const ip = nextAddr();
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', ip).send({ phone: `1360000${String(i).padStart(4, '0')}`, purpose: 'file' })).status;
    expect(last).toBe(429);
  });

  it('asks an address that wanted more than 3 codes within the hour for a captcha; the captcha is single-use', async () => {
    const ip = nextAddr();
    for (let i = 0; i < 3; i++) await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', ip).send({ phone: `1350000000${i}`, purpose: 'file' }).expect(202);
    const refused = await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', ip).send({ phone: '13500000009', purpose: 'file' }).expect(400);
    expect(refused.body).toMatchObject({ code: 'CAPTCHA_REQUIRED', fields: [{ field: 'captchaAnswer' }] });
    const spy = jest.spyOn(svgCaptcha, 'create').mockReturnValue({ text: 'Ab3x', data: '<svg xmlns="http://www.w3.org/2000/svg"/>' });
    try {
      const c = (await http().post('/api/v1/public/captcha').set('X-Forwarded-For', ip).expect(201)).body;
      expect(c.image).toMatch(/^data:image\/svg\+xml;base64,/);
      const wrong = await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', ip).send({ phone: '13500000009', purpose: 'file', captchaToken: c.token, captchaAnswer: 'zzzz' }).expect(400);
      expect(wrong.body).toMatchObject({ code: 'CAPTCHA_INVALID', fields: [{ field: 'captchaAnswer' }] });
      // spent by the wrong try: the right answer no longer passes
      await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', ip).send({ phone: '13500000009', purpose: 'file', captchaToken: c.token, captchaAnswer: 'ab3x' }).expect(400);
      const c2 = (await http().post('/api/v1/public/captcha').set('X-Forwarded-For', ip).expect(201)).body;
      await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', ip).send({ phone: '13500000009', purpose: 'file', captchaToken: c2.token, captchaAnswer: ' AB3X ' }).expect(202);
      await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', ip).send({ phone: '13500000009', purpose: 'file', captchaToken: c2.token, captchaAnswer: 'ab3x' }).expect(400);
    } finally {
      spy.mockRestore();
    }
    expect(await h.db.prisma.smsCode.count({ where: { phone: '13500000009' } })).toBe(1);
    // another address is not asked
    await http().post('/api/v1/public/sms-codes').set('X-Forwarded-For', nextAddr()).send({ phone: '13500000008', purpose: 'file' }).expect(202);
  });
});

describe('filing', () => {
  it('bad input is a 400 naming the field, and nothing is stored (not even the code spent)', async () => {
    const phone = '13700000010';
    const smsCode = await requestCode(phone, 'file');
    const before = await counts();
    const cases: [Record<string, unknown>, string][] = [
      [{ complainant: { name: '王五', phone: '12345', address: '某地' } }, 'complainant.phone'],
      [{ respondent: { name: '某店', regionCode: '430702', address: '某地', creditCode: '91430702MA4L0X12' } }, 'respondent.creditCode'],
      [{ respondent: { name: '某店', regionCode: '43070', address: '某地' } }, 'respondent.regionCode'],
      [{ category: 'NOPE' }, 'category'],
      [{ description: '' }, 'description'],
      [{ type: 'praise' }, 'type'],
      [{ amount: -1 }, 'amount'],
    ];
    for (const [over, field] of cases) {
      const r = await http().post('/api/v1/public/cases').set('X-Forwarded-For', nextAddr()).send({ ...filing(phone), ...over, smsCode }).expect(400);
      expect({ over, fields: r.body.fields.map((f: { field: string }) => f.field) }).toEqual({ over, fields: expect.arrayContaining([field]) });
    }
    const noCode = await http().post('/api/v1/public/cases').set('X-Forwarded-For', nextAddr()).send({ ...filing(phone), smsCode: 'abc' }).expect(400);
    expect(noCode.body.fields[0].field).toBe('smsCode');
    expect(await counts()).toEqual(before);
    // the code was not spent by the refused filings
    await http().post('/api/v1/public/cases').set('X-Forwarded-For', nextAddr()).send({ ...filing(phone), smsCode }).expect(201);
  });

  it('a wrong code is refused naming smsCode; after 5 wrong tries the code is dead', async () => {
    const phone = '13700000011';
    const smsCode = await requestCode(phone, 'file');
    const wrong = smsCode === '000000' ? '111111' : '000000';
    const before = await counts();
    for (let i = 0; i < 5; i++) {
      const r = await http().post('/api/v1/public/cases').set('X-Forwarded-For', nextAddr()).send({ ...filing(phone), smsCode: wrong }).expect(400);
      expect(r.body).toMatchObject({ code: 'SMS_CODE_INVALID', fields: [{ field: 'smsCode' }] });
    }
    const locked = await http().post('/api/v1/public/cases').set('X-Forwarded-For', nextAddr()).send({ ...filing(phone), smsCode }).expect(400);
    expect(locked.body.message).toContain('错误次数过多');
    // another phone's code does not work either
    const other = await requestCode('13700000012', 'file');
    await http().post('/api/v1/public/cases').set('X-Forwarded-For', nextAddr()).send({ ...filing(phone), smsCode: other }).expect(400);
    expect(await counts()).toEqual(before);
  });

  it('registers a web case through the intake routing, sends the number and query code by SMS; a retry returns the first answer', async () => {
    const phone = '13700000020';
    const f = await fileOne(phone);
    expect(f.caseNo).toMatch(/^\d{12}$/);
    expect(f.queryCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const c = await h.db.prisma.case.findUniqueOrThrow({ where: { caseNo: f.caseNo } });
    const wl = await h.db.prisma.unit.findUniqueOrThrow({ where: { code: 'wl' } });
    expect(c).toMatchObject({ channel: 'web', type: 'complaint', status: 'dispatched', assignedUnitId: wl.id, complainantPhone: phone, categoryCode: 'G01' });
    // the same clocks as a hotline case
    expect((await h.db.prisma.deadline.findMany({ where: { caseId: c.id } })).map((d) => d.step)).toContain('acceptance');
    const filed = await h.db.prisma.publicFiling.findUniqueOrThrow({ where: { caseId: c.id } });
    expect(filed.queryCodeHash).not.toContain(f.queryCode);
    const msgs = (await http().get(`/api/v1/admin/messages?to=${phone}`).set('Authorization', await h.as('admin')).expect(200)).body;
    expect(msgs[0]).toMatchObject({ template: 'case-filed', caseId: c.id });
    expect(msgs[0].text).toContain(f.caseNo);
    expect(msgs[0].text).toContain(f.queryCode);

    // the same filing again (a double tap, a retry after a lost answer): the first answer, nothing new stored
    const before = await counts();
    const again = await http().post('/api/v1/public/cases').set('X-Forwarded-For', nextAddr()).send(f.body).expect(201);
    expect(again.body).toMatchObject({ caseNo: f.caseNo, queryCode: f.queryCode, duplicate: true });
    expect(await counts()).toEqual(before);
    // the spent code does not file anything else
    const other = await http().post('/api/v1/public/cases').set('X-Forwarded-For', nextAddr()).send({ ...f.body, description: '另一件事情的描述' }).expect(400);
    expect(other.body.code).toBe('SMS_CODE_INVALID');
    // a second, different filing with a fresh code is a new case
    const second = await fileOne(phone, { description: '另一件事情的描述' });
    expect(second.caseNo).not.toBe(f.caseNo);
  });
});

describe('tracking', () => {
  it('shows the status in plain words with the query code; wrong phone or code or number is the same 404', async () => {
    const phone = '13700000030';
    const f = await fileOne(phone);
    const r = await track(f.caseNo, { phone, queryCode: f.queryCode.toLowerCase() }).expect(200);
    expect(r.body).toMatchObject({ caseNo: f.caseNo, type: 'complaint', status: 'dispatched', statusText: '已登记，已转承办单位', unitName: '武陵区市场监督管理局', canWithdraw: true, canSupplement: true });
    expect(r.body.steps.map((s: { name: string }) => s.name)).toEqual(['登记', '分派']);
    expect(r.body.steps[1].text).toBe('转武陵区市场监督管理局办理');
    expect(r.body.deadlines[0].legalBasis).toContain('七个工作日');
    expect(JSON.stringify(r.body)).not.toContain('好运电器');
    const notFound = [
      await track(f.caseNo, { phone, queryCode: 'ZZZZZZZZ' }),
      await track(f.caseNo, { phone: '13700000031', queryCode: f.queryCode }),
      await track('202600000000', { phone, queryCode: f.queryCode }),
      await track('not-a-case', { phone, queryCode: f.queryCode }),
    ];
    for (const x of notFound) expect({ status: x.status, body: x.body }).toEqual({ status: 404, body: notFound[0]!.body });
    expect(notFound[0]!.body.code).toBe('PUBLIC_CASE_NOT_FOUND');
    // no proof at all names the field
    const none = await track(f.caseNo, { phone }).expect(400);
    expect(none.body.fields[0].field).toBe('queryCode');
    await track(f.caseNo, { phone: 'x', queryCode: f.queryCode }).expect(400);
  });

  it('a track SMS code works once; a hotline case is trackable by SMS code too', async () => {
    const phone = '13700000032';
    const f = await fileOne(phone);
    const code = await requestCode(phone, 'track');
    await track(f.caseNo, { phone, smsCode: code }).expect(200);
    await track(f.caseNo, { phone, smsCode: code }).expect(404);
    // a hotline case of the operator: the complainant's phone proves it with a fresh code
    const hotline = (await http().post('/api/v1/cases').set('Authorization', await h.as('operator'))
      .send({ type: 'complaint', channel: 'hotline', receivedAt: new Date(h.clock.now().getTime() - 3600_000).toISOString(), complainant: { name: '赵六', phone: '13700000033', address: '常德市武陵区' }, respondent: { name: '某店', regionCode: '430702', address: '常德市武陵区某路' }, category: 'G01', description: '问题', request: '退款' }).expect(201)).body;
    const caseNo = (await h.db.prisma.case.findUniqueOrThrow({ where: { id: hotline.id } })).caseNo;
    const c2 = await requestCode('13700000033', 'track');
    expect((await track(caseNo, { phone: '13700000033', smsCode: c2 }).expect(200)).body.steps[0].text).toBe('投诉已登记');
  });

  it('supplementary material, evidence and withdrawal through the same proof; withdrawal only before the decision', async () => {
    const phone = '13700000040';
    const f = await fileOne(phone);
    const { token } = (await track(f.caseNo, { phone, queryCode: f.queryCode }).expect(200)).body;
    // wrong token: 404, nothing stored
    const before = await counts();
    await http().post(`/api/v1/public/cases/${f.caseNo}/supplements`).send({ phone, token: `${token}x`, text: '补充' }).expect(404);
    await http().post(`/api/v1/public/cases/${f.caseNo}/supplements`).send({ phone: '13700000041', token, text: '补充' }).expect(404);
    const empty = await http().post(`/api/v1/public/cases/${f.caseNo}/supplements`).send({ phone, token, text: '' }).expect(400);
    expect(empty.body.fields[0].field).toBe('text');
    expect(await counts()).toEqual(before);
    await http().post(`/api/v1/public/cases/${f.caseNo}/supplements`).send({ phone, token, text: '商家电话：0736-1234567' }).expect(201);
    const png = await sharp({ create: { width: 32, height: 32, channels: 3, background: { r: 200, g: 0, b: 0 } } }).png().toBuffer();
    const up = await http().post(`/api/v1/public/cases/${f.caseNo}/attachments`).query({ phone, queryCode: f.queryCode }).attach('file', png, { filename: '发票.png', contentType: 'image/png' }).expect(201);
    expect(up.body).toMatchObject({ name: '发票.png', contentType: 'image/png', size: png.length });
    await http().post(`/api/v1/public/cases/${f.caseNo}/attachments`).query({ phone, queryCode: 'WRONG222' }).attach('file', png, { filename: 'x.png', contentType: 'image/png' }).expect(404);
    // the unit sees both
    const c = await h.db.prisma.case.findUniqueOrThrow({ where: { caseNo: f.caseNo } });
    const hw = await h.as('handler.wl');
    const files = (await http().get(`/api/v1/cases/${c.id}/attachments`).set('Authorization', hw).expect(200)).body;
    expect(files.map((x: { name: string }) => x.name)).toEqual(['发票.png']);
    const timeline = (await http().get(`/api/v1/cases/${c.id}/timeline`).set('Authorization', hw).expect(200)).body;
    expect(JSON.stringify(timeline)).toContain('商家电话：0736-1234567');

    const w = await http().post(`/api/v1/public/cases/${f.caseNo}/withdrawal`).send({ phone, token, reason: '已与商家和解' }).expect(200);
    expect(w.body).toMatchObject({ status: 'withdrawn', statusText: '已撤回' });
    const after = (await track(f.caseNo, { phone, queryCode: f.queryCode }).expect(200)).body;
    expect(after).toMatchObject({ status: 'withdrawn', statusText: '已撤回', canWithdraw: false, canSupplement: false });
    expect(after.steps.map((s: { name: string }) => s.name)).toEqual(['登记', '分派', '补充材料', '撤回']);
    expect(await h.db.prisma.deadline.count({ where: { caseId: c.id, state: 'running' } })).toBe(0);
    // a retry of the withdrawal is refused, naming why
    const again = await http().post(`/api/v1/public/cases/${f.caseNo}/withdrawal`).send({ phone, token }).expect(409);
    expect(again.body.code).toBe('PUBLIC_ACTION_REFUSED');
    await http().post(`/api/v1/public/cases/${f.caseNo}/supplements`).send({ phone, token, text: '再补充' }).expect(409);
  });

  it('after acceptance: 已受理 with the 受理告知书 downloadable by the complainant; withdrawal refused', async () => {
    const phone = '13700000050';
    const f = await fileOne(phone);
    const c = await h.db.prisma.case.findUniqueOrThrow({ where: { caseNo: f.caseNo } });
    const hw = await h.as('handler.wl');
    await http().post(`/api/v1/cases/${c.id}/sign`).set('Authorization', hw).send({}).expect(200);
    expect((await track(f.caseNo, { phone, queryCode: f.queryCode }).expect(200)).body.statusText).toBe('承办单位已签收，正在审查是否受理');
    await http().post(`/api/v1/cases/${c.id}/accept`).set('Authorization', hw).send({}).expect(200);
    const r = (await track(f.caseNo, { phone, queryCode: f.queryCode }).expect(200)).body;
    expect(r).toMatchObject({ status: 'accepted', statusText: '已受理，调解中', canWithdraw: false, canSupplement: true });
    expect(r.documents).toHaveLength(1);
    expect(r.documents[0]).toMatchObject({ kind: 'acceptanceNotice', kindName: '受理告知书' });
    expect(r.steps.map((s: { name: string }) => s.name)).toEqual(['登记', '分派', '签收', '受理', '文书']);
    expect(r.deadlines.map((d: { legalBasis: string }) => d.legalBasis).join()).toContain('六十日');
    const pdf = await http().get(`/api/v1/public/cases/${f.caseNo}/documents/${r.documents[0].id}/pdf`).query({ phone, token: r.token }).buffer(true).parse(binary).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await http().get(`/api/v1/public/cases/${f.caseNo}/documents/${r.documents[0].id}/pdf`).query({ phone: '13700000051', token: r.token }).expect(404);
    const refused = await http().post(`/api/v1/public/cases/${f.caseNo}/withdrawal`).send({ phone, token: r.token }).expect(409);
    expect(refused.body.message).toContain('不能在线撤回');
    expect((await h.db.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('accepted');
  });

  it('a reporter sees the registration and, once decided, the 立案 decision — nothing of the handling or the business', async () => {
    const phone = '13700000060';
    const f = await fileOne(phone, { type: 'report', description: '某店销售过期食品。', request: undefined, amount: undefined, category: 'G01' });
    const r = (await track(f.caseNo, { phone, queryCode: f.queryCode }).expect(200)).body;
    expect(r).toMatchObject({ type: 'report', statusText: '已登记，核查中', unitName: null, documents: [], deadlines: [], canWithdraw: false });
    expect(r.steps.map((s: { name: string }) => s.name)).toEqual(['登记']);
    const c = await h.db.prisma.case.findUniqueOrThrow({ where: { caseNo: f.caseNo } });
    expect(c.realName).toBe(true);
    const hw = await h.as('handler.wl');
    await http().post(`/api/v1/cases/${c.id}/sign`).set('Authorization', hw).send({}).expect(200);
    await http().post(`/api/v1/cases/${c.id}/decide`).set('Authorization', hw).send({ decision: 'fileCase', note: '经核查，决定立案' }).expect(200);
    const d = (await track(f.caseNo, { phone, queryCode: f.queryCode }).expect(200)).body;
    expect(d.statusText).toBe('核查完毕，决定立案');
    expect(d.steps.map((s: { text: string }) => s.text)).toEqual(['举报已登记', '决定立案']);
    expect(JSON.stringify(d)).not.toMatch(/好运电器|经核查|武陵区/);
  });
});
