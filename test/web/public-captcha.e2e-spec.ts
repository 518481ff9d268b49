// The graphical captcha on the public side (CAPTCHA=always: every code request needs one), on a phone: the server
// asks, the page shows the image and its answer field, the code is sent once it is solved. The image's request
// failing once is said, and the next try shows it. (The server's side: test/e2e/public-captcha.e2e-spec.ts.)
import svgCaptcha from 'svg-captcha';
import { consoleFile, expectNoPageOverflow, session, shot } from './browser.js';

const PHONE = { width: 390, height: 844 };
const srv = consoleFile({ CAPTCHA: 'always' });

it('asks for the captcha, shows its image, sends the code once it is solved; a failed image is said and tried again', async () => {
  // A known answer (the real generator draws random text the test cannot read).
  const spy = jest.spyOn(svgCaptcha, 'create').mockReturnValue({
    text: 'k7pq', data: '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="44"><text x="12" y="30" font-size="24">k7pq</text></svg>',
  });
  try {
    const phone = '13700000200';
    const { page, errors } = await session(PHONE);
    let failImage = true;
    await page.route('**/api/v1/public/captcha', (route) => {
      if (!failImage) return route.continue();
      failImage = false;
      return route.abort('connectionrefused');
    });
    await page.goto(`${srv.base}/public/file`);
    await page.getByTestId('complainant-phone').fill(phone);
    const button = page.getByTestId('sms-code-file');

    // Asked; the image fails to load: said, no box.
    await button.click();
    await page.locator('.ant-message-notice').filter({ hasText: '图形验证码未能加载' }).waitFor();
    expect(await page.getByTestId('captcha-box').count()).toBe(0);

    // Asked again: the image and its field; the button waits for an answer.
    await button.click();
    const box = page.getByTestId('captcha-box');
    await box.getByRole('img', { name: '图形验证码' }).waitFor();
    expect(await button.isDisabled()).toBe(true);
    await page.getByTestId('captcha-answer').fill('k7pq');
    await expectNoPageOverflow(page);
    await shot(page, 'public-captcha');
    await button.click();
    await page.locator('.ant-message-notice').filter({ hasText: '验证码已发送' }).waitFor();
    await button.filter({ hasText: '秒后可重新获取' }).waitFor();
    await box.waitFor({ state: 'detached' });
    expect(await srv.db.prisma.smsCode.count({ where: { phone } })).toBe(1);
    // The refusals (400 CAPTCHA_REQUIRED, twice) are the browser's network log; the aborted image request too.
    expect(errors.filter((e) => !/status of 400|net::ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
  } finally {
    spy.mockRestore();
  }
}, 120_000);
