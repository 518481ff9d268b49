// Issue 16 "SMS, for real": messages queued in a transaction are delivered by the worker through the `sms` queue,
// retried on failure; the demo channel keeps them for GET /api/v1/admin/messages (admin only); the HTTP channel
// calls a real (local) gateway, masks codes once delivered, and the messages endpoint answers 404.
import { SmsOutbox, UnitOfWork, signSms, stringToSign } from '#platform';
import { type FakeHttpServer, type SeenRequest, fakeHttpServer } from '#testing';
import { boot, waitFor, type Harness } from '../support/harness.js';

const phone = '13912340001';
const queue = (h: Harness, params: Record<string, string>, to = phone) =>
  h.app.get(UnitOfWork).run((tx) => h.app.get(SmsOutbox).enqueue(tx, { to, template: 'verification-code', params, purpose: 'sms-code.file' }));
const row = (h: Harness, id: string) => h.db.prisma.smsMessage.findUniqueOrThrow({ where: { id } });

describe('demo channel', () => {
  let h: Harness;
  beforeAll(async () => { h = await boot({ worker: true }); });
  afterAll(() => h?.close());

  it('delivers a queued message through the worker and lists it, newest first, to an admin only', async () => {
    const first = await queue(h, { code: '111111', minutes: '10', purpose: 'file' });
    const second = await queue(h, { code: '222222', minutes: '10', purpose: 'track' });
    await queue(h, { code: '333333', minutes: '10', purpose: 'file' }, '13912340002');
    for (const id of [first, second]) await waitFor(async () => ((await row(h, id)).status === 'sent' ? true : undefined));
    expect(await row(h, first)).toMatchObject({ channel: 'demo', attempts: 1, lastError: null });

    const admin = await h.as('admin');
    const list = (await h.http().get(`/api/v1/admin/messages?to=${phone}`).set('Authorization', admin).expect(200)).body;
    expect(list.map((m: { id: string }) => m.id)).toEqual([second, first]);
    expect(list[0]).toMatchObject({ to: phone, template: 'verification-code', status: 'sent', purpose: 'sms-code.file' });
    expect(list[0].text).toContain('222222');
    expect(list[0].text).toContain('查询案件办理进度');
    // its time comes from the app's clock, not the machine's
    expect(Math.abs(new Date(list[1].createdAt).getTime() - h.clock.now().getTime())).toBeLessThan(60_000);

    // the same request again gives the same answer (a retry)
    expect((await h.http().get(`/api/v1/admin/messages?to=${phone}`).set('Authorization', admin).expect(200)).body).toEqual(list);
    // staff roles and anonymous callers cannot read messages
    for (const u of ['operator', 'manager', 'handler.wl', 'auditor'])
      await h.http().get(`/api/v1/admin/messages?to=${phone}`).set('Authorization', await h.as(u)).expect(403);
    await h.http().get(`/api/v1/admin/messages?to=${phone}`).expect(401);
    // bad input names the field
    const bad = await h.http().get('/api/v1/admin/messages?to=12345').set('Authorization', admin).expect(400);
    expect(bad.body.fields[0].field).toBe('to');
    await h.http().get('/api/v1/admin/messages').set('Authorization', admin).expect(400);
  });

  it('re-arms a queued message whose job is gone (Redis lost it): the worker sweep delivers it', async () => {
    // a row committed without its job ever reaching Redis (as after a flush)
    const { id } = await h.db.prisma.smsMessage.create({ data: { toPhone: '13912340009', template: 'verification-code', params: { code: '424242', minutes: '10', purpose: 'file' }, text: '验证码424242', purpose: 'sms-code.file' } });
    expect(await h.worker!.sms.rearm()).toBeGreaterThanOrEqual(1);
    await waitFor(async () => ((await row(h, id)).status === 'sent' ? true : undefined));
    expect((await row(h, id)).attempts).toBe(1);
  });
});

describe('HTTP gateway channel', () => {
  let h: Harness;
  let gw: FakeHttpServer;
  let seen: SeenRequest[] = [];
  let failuresLeft = 1;

  beforeAll(async () => {
    gw = await fakeHttpServer((_, seen) => failuresLeft-- > 0
      ? { status: 500, body: '{"code":"SERVICE_UNAVAILABLE"}' }
      : { status: 200, body: JSON.stringify({ code: 'OK', messageId: `gw-${seen.length}` }) });
    seen = gw.seen;
    h = await boot({
      worker: true,
      env: {
        SMS_CHANNEL: 'http', SMS_HTTP_URL: gw.url('/api/sms'), SMS_ACCESS_KEY_ID: 'AK-test', SMS_ACCESS_KEY_SECRET: 'secret-for-tests',
        SMS_SIGN_NAME: '常德市市场监督管理局', SMS_TEMPLATES: 'verification-code=SMS_100', SMS_RETRY_DELAY_MS: 50,
      },
    });
  });
  afterAll(async () => { await h?.close(); await gw?.close(); });

  it('retries a failed send, signs each request, and keeps no code once delivered', async () => {
    const id = await queue(h, { code: '987654', minutes: '10', purpose: 'file' });
    const sent = await waitFor(async () => { const r = await row(h, id); return r.status === 'sent' ? r : undefined; });
    expect(sent).toMatchObject({ attempts: 2, channel: 'http', providerId: 'gw-2', lastError: null });
    expect(sent.text).not.toContain('987654');
    expect((sent.params as Record<string, string>).code).toBe('******');
    expect(seen).toHaveLength(2);
    for (const s of seen) {
      expect(JSON.parse(s.body)).toEqual({ accessKeyId: 'AK-test', signName: '常德市市场监督管理局', phoneNumbers: phone, templateCode: 'SMS_100', templateParam: { code: '987654', minutes: '10', purpose: 'file' }, outId: id });
      const toSign = stringToSign('POST', s.url, s.headers['x-sms-timestamp'] as string, s.headers['x-sms-nonce'] as string, s.body);
      expect(s.headers['x-sms-signature']).toBe(signSms('secret-for-tests', toSign));
    }
    // no API shows the messages of a real gateway
    await h.http().get(`/api/v1/admin/messages?to=${phone}`).set('Authorization', await h.as('admin')).expect(404);
  });
});
