// Issue 16 "Done when", on a phone (390×844): file a complaint with the SMS code read from the demo channel, track it,
// the unit accepts, the 受理 notice arrives by SMS (demo channel) and shows on tracking, the case is closed, the 回访
// link from the SMS rates it; a manager releases the quarter in the console and the public disclosure page shows the
// business. Screenshots go to artifacts/screenshots (copied to docs/screenshots for docs/public.md).
import type { Page } from 'playwright-core';
import type { OffsetClock } from '#platform';
import { LARGE, clickInModal, expectNoPageOverflow, login, pickOption, session, shot, type DemoSms, demoSms, fillPublicComplaint, quietToasts, consoleFile } from './browser.js';

const PHONE = { width: 390, height: 844 };
const SHOP = { name: '常德市武陵区诚信数码商行', creditCode: '91430702MA4L1A2B3B' };
const srv = consoleFile();

/** The newest sent message of a kind the demo channel holds for a phone, once the worker has delivered it. */
const sms = (phone: string, match: (m: DemoSms) => boolean) => demoSms(srv, phone, (list) => list.find((x) => match(x) && x.status === 'sent'));
const fill = (page: Page, id: string, v: string) => page.getByTestId(id).fill(v);
const quiet = quietToasts;

it('files, is told of 受理 by SMS, tracks it, rates it after closure; the released quarter shows the business', async () => {
  const phone = '13807369876';
  const { page } = await session(PHONE);
  await page.goto(`${srv.base}/public/file`);
  await fillPublicComplaint(page, {
    name: '陈消费', address: '湖南省常德市武陵区丹阳街道1号', respondent: SHOP.name, creditCode: SHOP.creditCode, region: '武陵区',
    respondentAddress: '常德市武陵区建设路66号', category: '小家电', description: '购买的电吹风使用一周后冒烟，商家拒绝退换。', request: '退货退款', phone,
  });
  // a wrong code is refused in place, nothing is stored
  const code = /验证码(\d{6})/.exec((await sms(phone, (m) => m.template === 'verification-code')).text)![1]!;
  await fill(page, 'sms-code', code === '000000' ? '111111' : '000000');
  await page.getByTestId('public-submit').click();
  await page.getByText(/验证码.*(不正确|错误|无效)/).first().waitFor();
  expect(await srv.db.prisma.case.count({ where: { complainantPhone: phone } })).toBe(0);
  await fill(page, 'sms-code', code);
  await page.getByTestId('public-submit').click();
  await page.getByTestId('filed-case-no').waitFor();
  const caseNo = (await page.getByTestId('filed-case-no').textContent())!.trim();
  const queryCode = (await page.getByTestId('filed-query-code').textContent())!.trim();
  const c = await srv.db.prisma.case.findUniqueOrThrow({ where: { caseNo } });
  expect(c).toMatchObject({ channel: 'web', respondentCreditCode: SHOP.creditCode, status: 'dispatched' });

  // the handling unit accepts it (staff API): the 受理 notice goes out by SMS with the tracking link
  const wl = await srv.token('handler.wl');
  await srv.http().post(`/api/v1/cases/${c.id}/contacts`).set('Authorization', wl).send({ note: '已电话联系投诉人核实情况' }).expect(200);
  await srv.http().post(`/api/v1/cases/${c.id}/sign`).set('Authorization', wl).send({}).expect(200);
  await srv.http().post(`/api/v1/cases/${c.id}/accept`).set('Authorization', wl).send({}).expect(200);
  const notice = await sms(phone, (m) => m.purpose === 'notice.accepted');
  expect(notice.text).toContain(caseNo);
  expect(notice.text).toContain('已受理');
  const trackPath = /(\/public\/track\?caseNo=\d+)/.exec(notice.text)![1]!;

  // the link opens the tracking page: status 已受理, the first contact and the SMS notice among the steps
  await page.goto(`${srv.base}${trackPath}`);
  await page.getByTestId('track-phone').fill(phone);
  await page.getByTestId('track-code').fill(queryCode);
  await page.getByTestId('track-submit').click();
  await page.getByTestId('track-status').filter({ hasText: '受理' }).waitFor();
  await page.getByTestId('track-step').filter({ hasText: '承办单位已与您联系' }).waitFor();
  for (let i = 0; !(await page.getByTestId('track-step').filter({ hasText: '处理决定已短信告知您' }).count()); i++) {
    if (i > 100) throw new Error('the delivered notice never showed on tracking');
    await page.getByTestId('track-submit').click(); // the worker meets the clock after delivery: look again
    await page.waitForTimeout(200);
  }
  await expectNoPageOverflow(page);
  await quiet(page).catch(() => undefined);
  await shot(page, 'public-notice-track', true);

  // closed with an agreement: the SMS carries the single-use 回访 link
  await srv.http().post(`/api/v1/cases/${c.id}/close`).set('Authorization', wl).send({ outcome: 'agreement', recoveredAmount: 259 }).expect(200);
  const closed = await sms(phone, (m) => m.purpose === 'notice.closed');
  const ratePath = /(\/public\/rate\/[A-Za-z0-9_-]{43})/.exec(closed.text)![1]!;
  await page.goto(`${srv.base}${ratePath}`);
  await page.getByTestId('rate-page').getByText(caseNo).waitFor();
  await page.getByTestId('rate-submit').click(); // nothing chosen: refused in place
  await page.getByText('请选择满意度').waitFor();
  await page.getByTestId('rate-satisfied').click();
  await page.getByTestId('rate-comment').fill('处理及时，商家已退款。');
  await expectNoPageOverflow(page);
  await shot(page, 'public-rate');
  await page.getByTestId('rate-submit').click();
  await page.getByTestId('rate-done').waitFor();
  expect(await srv.db.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: 'archived', satisfaction: 'satisfied' });
  // the link is single-use
  await page.goto(`${srv.base}${ratePath}`);
  await page.getByTestId('rate-closed').getByText('已使用').waitFor();
  await page.goto(`${srv.base}/public/rate/${'x'.repeat(43)}`);
  await page.getByTestId('rate-closed').getByText('链接无效').waitFor();

  // a 消费警示 published by the manager (API), then the quarter ends and the manager releases it in the console
  const mgrToken = await srv.token('manager');
  const w = (await srv.http().post('/api/v1/warnings').set('Authorization', mgrToken).send({ kind: 'category', key: 'G01', from: '2026-11-01', to: '2026-11-30' }).expect(201)).body;
  await srv.http().post(`/api/v1/warnings/${w.id}/publish`).set('Authorization', mgrToken).send({}).expect(201);
  (srv.clock as OffsetClock).setOffset(Date.parse('2027-01-04T10:00:00+08:00') - Date.now());
  const mgr = await session(LARGE);
  await login(srv.base, mgr.page, 'manager');
  await mgr.page.goto(`${srv.base}/disclosure`);
  await mgr.page.getByTestId('disclosure-page').getByText('2026年第4季度尚未生成预览').waitFor();
  // A quarter without a business to publish says why instead of an empty table (antd's 暂无数据).
  await pickOption(mgr.page, mgr.page.getByTestId('disclosure-period').getByRole('combobox'), '2026年第3季度');
  await mgr.page.getByTestId('disclosure-page').getByText('2026年第3季度尚未生成预览').waitFor();
  await mgr.page.getByTestId('disclosure-compute').click();
  await mgr.page.getByTestId('disclosure-table').getByText('本季度没有可公示的经营者').waitFor();
  expect(await mgr.page.getByTestId('disclosure-table').textContent()).not.toContain('暂无数据');
  await quiet(mgr.page).catch(() => undefined);
  await shot(mgr.page, 'disclosure-console-empty');
  await pickOption(mgr.page, mgr.page.getByTestId('disclosure-period').getByRole('combobox'), '2026年第4季度');
  await mgr.page.getByTestId('disclosure-page').getByText('2026年第4季度尚未生成预览').waitFor();
  await mgr.page.getByTestId('disclosure-compute').click();
  await mgr.page.getByTestId('disclosure-table').getByText(SHOP.creditCode).waitFor();
  await mgr.page.getByTestId('disclosure-release').click();
  await clickInModal(mgr.page, '确认发布');
  await mgr.page.getByTestId('disclosure-status').filter({ hasText: '已发布' }).waitFor();
  await quiet(mgr.page).catch(() => undefined);
  await shot(mgr.page, 'disclosure-console');

  // the public page (phone): the released quarter with the business, its rules, and the warning
  await page.goto(`${srv.base}/public/disclosure`);
  const card = page.getByTestId('public-business').filter({ hasText: SHOP.creditCode });
  await card.getByText(SHOP.name).waitFor();
  expect(await card.textContent()).toMatch(/投诉量1受理量1调解成功率100\.0%/);
  // 平均办理 counts working days (the rules say so): the card says 工作日, not 天.
  expect(await card.locator('.ant-statistic-content').allInnerTexts()).toEqual(['1', '1', '100.0%', expect.stringMatching(/^\d+(\.\d)?工作日$/)]);
  await page.getByText('计数口径', { exact: true }).click();
  await page.getByTestId('public-rules').waitFor();
  await page.getByTestId('public-warnings').getByText(w.title).waitFor();
  await expectNoPageOverflow(page);
  await shot(page, 'public-disclosure', true);

  // A consumer looks for one business: by part of its name or its credit code; none found is said.
  await page.getByTestId('public-count').getByText('共 1 家经营者，按投诉量排列').waitFor();
  const find = page.getByTestId('public-find').locator('input');
  await find.fill(SHOP.name.slice(2, 6));
  await page.getByTestId('public-count').getByText('找到 1 家经营者（共 1 家）').waitFor();
  await find.fill(SHOP.creditCode.slice(-6).toLowerCase());
  await page.getByTestId('public-count').getByText('找到 1 家经营者（共 1 家）').waitFor();
  await find.fill('没有这家店');
  await page.getByText('没有找到该经营者').waitFor();
  expect(await page.getByTestId('public-business').count()).toBe(0);
  await find.fill('');

  // A city's quarter lists hundreds: ten per page, the search across all of them. (The quarter's answer widened to
  // 25 businesses in the browser: the page's paging is what is tested here.)
  await page.route('**/api/v1/public/disclosure?period=*', async (route) => {
    const real = await (await route.fetch()).json() as { businesses: { name: string; creditCode: string }[] };
    const more = Array.from({ length: 24 }, (_, i) => ({ ...real.businesses[0]!, name: `测试经营者${String(i + 1).padStart(2, '0')}号`, creditCode: `91430700TEST${String(i).padStart(6, '0')}` }));
    await route.fulfill({ json: { ...real, businesses: [...real.businesses, ...more] } });
  });
  await page.reload();
  await page.getByTestId('public-count').getByText('共 25 家经营者，按投诉量排列').waitFor();
  expect(await page.getByTestId('public-business').count()).toBe(10);
  await page.getByTestId('public-businesses').locator('.ant-pagination-item-3').click();
  await page.getByTestId('public-business').filter({ hasText: '测试经营者24号' }).waitFor();
  expect(await page.getByTestId('public-business').count()).toBe(5);
  // the new page is read from its top: its first card is on screen (the pager that was tapped is at the bottom)
  // (polled with evaluate: waitForFunction's polling evaluates a string, which the page's CSP refuses)
  const firstCardOnScreen = () => page.evaluate<boolean>(`(() => { const r = document.querySelector('[data-testid="public-business"]').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })()`);
  for (let i = 0; i < 20 && !(await firstCardOnScreen()); i++) await page.waitForTimeout(100);
  expect(await firstCardOnScreen()).toBe(true);
  // a search goes back to its first page
  await page.getByTestId('public-find').locator('input').fill('测试经营者1');
  await page.getByTestId('public-count').getByText('找到 10 家经营者（共 25 家）').waitFor();
  expect(await page.getByTestId('public-business').count()).toBe(10);
  await expectNoPageOverflow(page);
  await shot(page, 'public-disclosure-find');
  await page.unroute('**/api/v1/public/disclosure?period=*');
});
