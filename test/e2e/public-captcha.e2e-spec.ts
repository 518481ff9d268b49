// CAPTCHA=always: every verification-code request must carry a solved captcha, from the first one.
import svgCaptcha from 'svg-captcha';
import { boot, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => { h = await boot({ env: { CAPTCHA: 'always' } }); }, 120_000);
afterAll(() => h?.close());

it('refuses the first code request without a captcha, and accepts it with a solved one', async () => {
  const r = await h.http().post('/api/v1/public/sms-codes').send({ phone: '13700000100', purpose: 'file' }).expect(400);
  expect(r.body).toMatchObject({ code: 'CAPTCHA_REQUIRED', fields: [{ field: 'captchaAnswer' }] });
  const spy = jest.spyOn(svgCaptcha, 'create').mockReturnValue({ text: 'k7pq', data: '<svg xmlns="http://www.w3.org/2000/svg"/>' });
  try {
    const c = (await h.http().post('/api/v1/public/captcha').expect(201)).body;
    await h.http().post('/api/v1/public/sms-codes').send({ phone: '13700000100', purpose: 'file', captchaToken: c.token, captchaAnswer: 'k7pq' }).expect(202);
  } finally {
    spy.mockRestore();
  }
  // the real generator: an SVG image and a token
  const real = (await h.http().post('/api/v1/public/captcha').expect(201)).body;
  expect(Buffer.from(real.image.split(',')[1], 'base64').toString()).toMatch(/^<svg[\s\S]*<\/svg>$/);
  expect(await h.db.prisma.smsCode.count({ where: { phone: '13700000100' } })).toBe(1);
});
