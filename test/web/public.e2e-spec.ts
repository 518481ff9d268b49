// The public side on a phone (390×844, issue 16): file a complaint with the SMS code read from the demo channel
// (GET /admin/messages as an admin), add evidence, track it with the query code, add 补充材料, then withdraw it.
// Nothing overflows sideways; screenshots go to artifacts/screenshots (copied to docs/screenshots).
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { clickInModal, expectNoPageOverflow, session, shot, waitForTrue, demoSms, fillPublicComplaint, quietToasts, consoleFile } from './browser.js';

const PHONE = { width: 390, height: 844 };
const srv = consoleFile();

/** The newest verification code the demo channel holds for a phone, once more than `after` of them have arrived. */
const smsCode = (phone: string, after: number) => demoSms(srv, phone, (list) => {
  const codes = list.filter((m) => m.template === 'verification-code');
  return codes.length > after ? /验证码(\d{6})/.exec(codes[0]!.text)![1]! : undefined;
});
const fill = (page: Page, id: string, v: string) => page.getByTestId(id).fill(v);
const quiet = quietToasts;

it('files a complaint from a phone, tracks it, adds material and withdraws it', async () => {
  const { page } = await session(PHONE);
  const phone = '13807361234';
  await page.goto(`${srv.base}/public`);
  await page.getByTestId('home-file').waitFor();
  await expectNoPageOverflow(page);
  await shot(page, 'public-home');
  await page.getByTestId('home-file').click();

  await fillPublicComplaint(page, {
    name: '刘消费', address: '湖南省常德市武陵区朗州路18号', respondent: '常德市武陵区惠民家电商行', region: '武陵区',
    respondentAddress: '常德市武陵区建设路88号', category: '小家电', description: '网购的空气炸锅使用三天后无法加热，商家拒绝维修。', request: '退货退款', phone,
  });
  await fill(page, 'sms-code', await smsCode(phone, 0));
  await expectNoPageOverflow(page);
  await quiet(page);
  await shot(page, 'public-file', true);
  await page.getByTestId('public-submit').click();

  await page.getByTestId('filed-case-no').waitFor();
  const caseNo = (await page.getByTestId('filed-case-no').textContent())!.trim();
  const queryCode = (await page.getByTestId('filed-query-code').textContent())!.trim();
  expect(caseNo).toMatch(/^\d{12}$/);
  const c = await srv.db.prisma.case.findUniqueOrThrow({ where: { caseNo } });
  expect(c).toMatchObject({ channel: 'web', categoryCode: 'G01-06', complainantPhone: phone, status: 'dispatched' });
  // evidence right after filing
  const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: { r: 0, g: 120, b: 0 } } }).png().toBuffer();
  await page.locator('input[type=file]').setInputFiles({ name: '购物小票.png', mimeType: 'image/png', buffer: png });
  await page.getByTestId('uploaded-file').filter({ hasText: '购物小票.png' }).waitFor();
  await expectNoPageOverflow(page);
  await quiet(page);
  await shot(page, 'public-filed');
  expect(await srv.db.prisma.caseAttachment.count({ where: { caseId: c.id } })).toBe(1);

  // tracking with the query code
  await page.getByTestId('go-track').click();
  await page.getByTestId('track-phone').fill(phone);
  await page.getByTestId('track-code').fill(queryCode.toLowerCase());
  await page.getByTestId('track-submit').click();
  await page.getByTestId('track-status').filter({ hasText: '已登记，已转承办单位' }).waitFor();
  await page.getByTestId('track-unit').filter({ hasText: '武陵区市场监督管理局' }).waitFor();
  await page.getByTestId('supplement-text').fill('商家客服电话：0736-7654321');
  // The case read again after 补充材料 fails once: the page says its progress is from before, 重新查询 reads it.
  let failRead = true;
  await page.route(`**/api/v1/public/cases/${caseNo}?*`, (route) => {
    if (route.request().method() !== 'GET' || !failRead) return route.continue();
    failRead = false;
    return route.abort('connectionrefused');
  });
  await page.getByTestId('supplement-submit').click();
  await page.getByTestId('track-stale').filter({ hasText: '办理进度未能刷新' }).waitFor();
  // in view, where the phone's user is (the action was at the foot of the page)
  const box = (await page.getByTestId('track-stale').boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
  expect(await page.getByTestId('track-step').filter({ hasText: '已收到您补充的材料' }).count()).toBe(0);
  await expectNoPageOverflow(page);
  await shot(page, 'public-track-stale');
  await page.getByTestId('track-stale').getByRole('button', { name: '重新查询' }).click();
  await page.getByTestId('track-step').filter({ hasText: '已收到您补充的材料' }).waitFor();
  await page.getByTestId('track-stale').waitFor({ state: 'detached' });
  await expectNoPageOverflow(page);
  await quiet(page);
  await shot(page, 'public-track', true);

  // 撤回
  await page.getByTestId('withdraw').click();
  await clickInModal(page, '确认撤回');
  await page.getByTestId('track-status').filter({ hasText: '已撤回' }).waitFor();
  await waitForTrue(page, `!document.querySelector('[data-testid="withdraw"]')`);
  expect((await srv.db.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('withdrawn');
  await expectNoPageOverflow(page);
  await quiet(page);
  await shot(page, 'public-withdrawn');
});

it('tracks with an SMS code instead of the query code, and refuses a wrong one', async () => {
  const phone = '13807361235';
  const r = await srv.http().post('/api/v1/public/sms-codes').send({ phone, purpose: 'file' }).expect(202);
  expect(r.status).toBe(202);
  const code = await smsCode(phone, 0);
  const filed = (await srv.http().post('/api/v1/public/cases').send({
    type: 'complaint', smsCode: code, complainant: { name: '周女士', phone, address: '常德市鼎城区' },
    respondent: { name: '常德市武陵区好运电器商行', regionCode: '430702', address: '常德市武陵区建设路8号' }, category: 'G01', description: '冰箱不制冷。',
  }).expect(201)).body as { caseNo: string };
  const { page } = await session(PHONE);
  await page.goto(`${srv.base}/public/track?caseNo=${filed.caseNo}`);
  await page.getByTestId('track-phone').fill(phone);
  await page.getByTestId('track-by').getByText('短信验证码').click();
  await page.getByTestId('track-code').fill('000000');
  await page.getByTestId('track-submit').click();
  await page.getByText('未找到案件').waitFor();
  await page.getByTestId('sms-code-track').click();
  await page.getByTestId('sms-code-track').filter({ hasText: '秒后可重新获取' }).waitFor();
  await page.getByTestId('track-code').fill(await smsCode(phone, 1));
  await page.getByTestId('track-submit').click();
  await page.getByTestId('track-status').filter({ hasText: '已登记' }).waitFor();
  await expectNoPageOverflow(page);
});
