// The HTTP gateway adapter against a real local HTTP server: the signature, the headers and the body it sends.
import { type FakeHttpServer, type SeenRequest, fakeHttpServer } from '#testing';
import { FixedClock } from '../../kernel/clock.js';
import { HttpSmsSender, parseTemplateIds, signSms, stringToSign } from './http-sms.sender.js';

describe('HttpSmsSender', () => {
  let gw: FakeHttpServer;
  let url: string;
  let seen: SeenRequest[] = [];
  let answer: { status: number; body: string } = { status: 200, body: '{"code":"OK","messageId":"gw-1"}' };
  const clock = new FixedClock(new Date('2026-11-23T02:00:00Z'));

  beforeAll(async () => {
    gw = await fakeHttpServer(() => answer);
    seen = gw.seen;
    url = gw.url('/sms/send?v=1');
  });
  afterAll(() => gw.close());
  beforeEach(() => { seen.length = 0; answer = { status: 200, body: '{"code":"OK","messageId":"gw-1"}' }; });

  const sender = () => new HttpSmsSender({ url, accessKeyId: 'AK1', accessKeySecret: 's3cret-key', signName: '常德市场监管', templates: { 'verification-code': 'SMS_900' } }, clock);
  const sms = { id: 'm-1', to: '13812345678', template: 'verification-code', params: { code: '123456', minutes: '10', purpose: 'file' }, text: '验证码123456' };

  it('posts the template id and params with an HMAC-SHA256 signature over method, path, time, nonce and body hash', async () => {
    await expect(sender().send(sms)).resolves.toEqual({ providerId: 'gw-1' });
    expect(seen).toHaveLength(1);
    const [r] = seen;
    expect(r!.method).toBe('POST');
    expect(r!.url).toBe('/sms/send?v=1');
    expect(JSON.parse(r!.body)).toEqual({
      accessKeyId: 'AK1', signName: '常德市场监管', phoneNumbers: '13812345678', templateCode: 'SMS_900',
      templateParam: { code: '123456', minutes: '10', purpose: 'file' }, outId: 'm-1',
    });
    expect(r!.headers['x-sms-key']).toBe('AK1');
    expect(r!.headers['x-sms-timestamp']).toBe('2026-11-23T02:00:00.000Z');
    const nonce = r!.headers['x-sms-nonce'] as string;
    expect(nonce).toMatch(/^[0-9a-f-]{36}$/);
    // recomputed here from what the server received, with the shared secret
    const expected = signSms('s3cret-key', stringToSign('POST', '/sms/send?v=1', '2026-11-23T02:00:00.000Z', nonce, r!.body));
    expect(r!.headers['x-sms-signature']).toBe(expected);
    // and a wrong secret would not produce it
    expect(signSms('other', stringToSign('POST', '/sms/send?v=1', '2026-11-23T02:00:00.000Z', nonce, r!.body))).not.toBe(expected);
  });

  it('throws on an HTTP error or a business error code, so the queue retries', async () => {
    answer = { status: 503, body: 'busy' };
    await expect(sender().send(sms)).rejects.toThrow(/503/);
    answer = { status: 200, body: '{"code":"isv.BUSINESS_LIMIT_CONTROL","message":"触发流控"}' };
    await expect(sender().send(sms)).rejects.toThrow(/BUSINESS_LIMIT_CONTROL/);
  });

  it('throws when the gateway cannot be reached', async () => {
    const s = new HttpSmsSender({ url: 'http://127.0.0.1:1/x', accessKeyId: 'a', accessKeySecret: 'b', signName: 'c', templates: {} }, clock);
    await expect(s.send(sms)).rejects.toThrow(/unreachable/);
  });

  it('reads template ids from SMS_TEMPLATES', () => {
    expect(parseTemplateIds(' verification-code=SMS_1, case-filed = SMS_2 ,,')).toEqual({ 'verification-code': 'SMS_1', 'case-filed': 'SMS_2' });
  });
});
