import { complaintBody } from '#testing';
import { harnessFile, waitFor } from '../support/harness.js';

// Issue 16 §3 "Be told" and §4 "Rate": an online filer is told each decision by SMS (delivery meets the notice clock),
// and after closure rates the case through a single-use link — the same record as the operator's callback.
const h = harnessFile({ worker: true, env: { PUBLIC_BASE_URL: 'https://12315.example.cn', PUBLIC_LIMIT_PER_ADDRESS: 60 } });
const http = () => h.http();
const login = (u: string) => h.as(u);
let phoneSeq = 0;

interface Sms { id: string; text: string; purpose: string; status: string; template: string }
async function messages(phone: string): Promise<Sms[]> {
  return (await http().get(`/api/v1/admin/messages?to=${phone}`).set('Authorization', await login('admin')).expect(200)).body;
}
/** Waits for the delivered SMS of a purpose to this phone (the worker sends it). */
const delivered = (phone: string, purpose: string) =>
  waitFor(async () => (await messages(phone)).find((m) => m.purpose === purpose && m.status === 'sent'));

async function webComplaint(over: Record<string, unknown> = {}): Promise<{ id: string; caseNo: string; phone: string }> {
  const phone = `1390000${String(++phoneSeq).padStart(4, '0')}`;
  const op = await login('operator');
  const { body } = await http().post('/api/v1/cases').set('Authorization', op)
    .send(complaintBody({ channel: 'web', receivedAt: h.clock.now().toISOString(), complainant: { name: '王五', phone, address: '常德市武陵区人民路1号' }, ...over })).expect(201);
  await http().post(`/api/v1/cases/${body.id}/sign`).set('Authorization', await login('handler.wl')).send({}).expect(200);
  return { id: body.id, caseNo: body.caseNo, phone };
}
const clock = async (id: string, kind: string) =>
  ((await http().get(`/api/v1/cases/${id}`).set('Authorization', await login('handler.wl')).expect(200)).body.deadlines as { kind: string; state: string }[]).find((d) => d.kind === kind);
const tokenOf = (text: string) => /\/public\/rate\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

describe('decision notices by SMS', () => {
  it('tells 受理 and 办结 by SMS naming the case and decision with the tracking link; delivery meets the notice clock', async () => {
    const c = await webComplaint();
    const wl = await login('handler.wl');
    const accepted = await http().post(`/api/v1/cases/${c.id}/accept`).set('Authorization', wl).send({}).expect(200);
    expect(accepted.body.deadlines.find((d: { kind: string }) => d.kind === 'decisionNotice')).toMatchObject({ state: 'running', amount: 1, unit: 'workingDays' });
    const sms = await delivered(c.phone, 'notice.accepted');
    expect(sms.text).toContain(c.caseNo);
    expect(sms.text).toContain('已受理');
    expect(sms.text).toContain(`https://12315.example.cn/public/track?caseNo=${c.caseNo}`);
    expect(tokenOf(sms.text)).toBeUndefined();
    await waitFor(async () => ((await clock(c.id, 'decisionNotice'))?.state === 'met' ? true : undefined));
    const tl = (await http().get(`/api/v1/cases/${c.id}/timeline`).set('Authorization', wl).expect(200)).body as { type: string; data?: { messageId?: string } }[];
    expect(tl.filter((e) => e.type === 'DecisionNoticeDelivered')).toHaveLength(1);

    await http().post(`/api/v1/cases/${c.id}/close`).set('Authorization', wl).send({ outcome: 'agreement', recoveredAmount: 50 }).expect(200);
    const closed = await delivered(c.phone, 'notice.closed');
    expect(closed.text).toMatch(/已办结（调解成功）/);
    expect(tokenOf(closed.text)).toBeDefined();
    await waitFor(async () => ((await clock(c.id, 'decisionNotice'))?.state === 'met' ? true : undefined));
  });

  it('tells a decline with its ground; a hotline case gets no SMS', async () => {
    const c = await webComplaint();
    await http().post(`/api/v1/cases/${c.id}/decline`).set('Authorization', await login('handler.wl')).send({ ground: 'noAuthority' }).expect(200);
    const sms = await delivered(c.phone, 'notice.declined');
    expect(sms.text).toMatch(/不予受理（.+）/);
    expect(tokenOf(sms.text)).toBeDefined();

    const op = await login('operator');
    const phone = '13900009999';
    const hot = (await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: h.clock.now().toISOString(), complainant: { name: '赵六', phone, address: '常德市' } })).expect(201)).body;
    const wl = await login('handler.wl');
    await http().post(`/api/v1/cases/${hot.id}/sign`).set('Authorization', wl).send({}).expect(200);
    const acc = await http().post(`/api/v1/cases/${hot.id}/accept`).set('Authorization', wl).send({}).expect(200);
    expect(acc.body.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('decisionNotice');
    expect(await messages(phone)).toEqual([]);
  });
});

describe('回访 through the SMS link', () => {
  it('rates once: the same callback record as the operator\'s, counted in 满意率; the link then refuses', async () => {
    const c = await webComplaint();
    const wl = await login('handler.wl');
    await http().post(`/api/v1/cases/${c.id}/accept`).set('Authorization', wl).send({}).expect(200);
    await http().post(`/api/v1/cases/${c.id}/close`).set('Authorization', wl).send({ outcome: 'noAgreement' }).expect(200);
    const token = tokenOf((await delivered(c.phone, 'notice.closed')).text)!;

    const page = await http().get(`/api/v1/public/ratings/${token}`).expect(200);
    expect(page.body).toEqual({ caseNo: c.caseNo, typeText: '投诉', unitName: '武陵区市场监督管理局', resultText: '调解不成', expiresAt: expect.any(String) });
    expect(JSON.stringify(page.body)).not.toMatch(/王五|1390000/);
    // bad input names the field and uses nothing
    const bad = await http().post(`/api/v1/public/ratings/${token}`).send({ satisfaction: 'great' }).expect(400);
    expect(bad.body.fields[0].field).toBe('satisfaction');
    await http().post(`/api/v1/public/ratings/${token}`).send({ satisfaction: 'satisfied', comment: 'x'.repeat(501) }).expect(400);

    await http().post(`/api/v1/public/ratings/${token}`).send({ satisfaction: 'dissatisfied', comment: '商家态度不好' }).expect(201);
    // single use: the page and a second answer are refused (410), the case is archived with the answer
    await http().get(`/api/v1/public/ratings/${token}`).expect(410).expect((r) => expect(r.body.code).toBe('RATING_CLOSED'));
    await http().post(`/api/v1/public/ratings/${token}`).send({ satisfaction: 'verySatisfied' }).expect(410);
    const after = (await http().get(`/api/v1/cases/${c.id}`).set('Authorization', wl).expect(200)).body;
    expect(after).toMatchObject({ status: 'archived', satisfaction: 'dissatisfied' });
    const tl = (await http().get(`/api/v1/cases/${c.id}/timeline`).set('Authorization', wl).expect(200)).body as { type: string; note: string | null; actor: unknown }[];
    expect(tl.find((e) => e.type === 'CallbackRecorded')).toMatchObject({ note: '商家态度不好' });

    // counted in 满意率 exactly like a phoned callback: this month 0 of 1 satisfied (nobody else rated)
    const today = new Date(h.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const v = await waitFor(async () => {
      const r = await http().get(`/api/v1/indicators?from=${today.slice(0, 8)}01&to=${today}&indicator=satisfactionRate`).set('Authorization', await login('manager')).expect(200);
      const x = r.body.rows[0].values.satisfactionRate;
      return x.denominator >= 1 ? x : undefined;
    });
    expect(v).toEqual({ value: 0, numerator: 0, denominator: 1 });
  });

  it('wrong and malformed tokens are 404; an unrated case stays on the operator\'s 待回访 list; the operator\'s callback closes the link', async () => {
    await http().get(`/api/v1/public/ratings/${'A'.repeat(43)}`).expect(404).expect((r) => expect(r.body.code).toBe('RATING_NOT_FOUND'));
    await http().get('/api/v1/public/ratings/short').expect(404);
    await http().post(`/api/v1/public/ratings/${'B'.repeat(43)}`).send({ satisfaction: 'satisfied' }).expect(404);

    const c = await webComplaint();
    const wl = await login('handler.wl');
    await http().post(`/api/v1/cases/${c.id}/accept`).set('Authorization', wl).send({}).expect(200);
    await http().post(`/api/v1/cases/${c.id}/close`).set('Authorization', wl).send({ outcome: 'agreement' }).expect(200);
    const token = tokenOf((await delivered(c.phone, 'notice.closed')).text)!;
    const op = await login('operator');
    const pending = (await http().get('/api/v1/cases?status=closed&status=declined').set('Authorization', op).expect(200)).body.items.map((x: { id: string }) => x.id);
    expect(pending).toContain(c.id);
    await http().post(`/api/v1/cases/${c.id}/callback`).set('Authorization', op).send({ satisfaction: 'satisfied' }).expect(200);
    await http().get(`/api/v1/public/ratings/${token}`).expect(410);
    await http().post(`/api/v1/public/ratings/${token}`).send({ satisfaction: 'dissatisfied' }).expect(410);
  });

  it('an expired link is refused', async () => {
    const c = await webComplaint();
    const wl = await login('handler.wl');
    await http().post(`/api/v1/cases/${c.id}/decline`).set('Authorization', wl).send({ ground: 'noAuthority' }).expect(200);
    const token = tokenOf((await delivered(c.phone, 'notice.declined')).text)!;
    await h.db.prisma.ratingToken.updateMany({ where: { caseId: c.id }, data: { expiresAt: new Date(h.clock.now().getTime() - 1000) } });
    await http().post(`/api/v1/public/ratings/${token}`).send({ satisfaction: 'satisfied' }).expect(410)
      .expect((r) => expect(r.body.message).toContain('过期'));
  });
});
