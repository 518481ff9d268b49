// ODR (issue 17, "Done when"): a manager enrols an enterprise and opens its account; the operator's intake form
// suggests it. The public files a complaint against it from a phone with ODR consent → the enterprise (on a phone)
// settles within its window → the complainant confirms on the tracking page → the case closes as 和解. Three more
// complaints registered at the hotline (matched by the credit code, consent given on the phone): one's window
// expires (the clock moved past it, the window's due rung fired as the engine would) → it reaches the county bureau
// with the ODR hop attributed to the enterprise; one is offered and the complainant rejects by phone (recorded on the
// operator's case page) → bureau; one is refused → bureau. The enterprise's figures appear on the manager's
// dashboard. Screenshots → artifacts/screenshots (copied to docs/screenshots).
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { complaintBody, testClock } from '#testing';
import { creditCodeCheckChar } from '../../libs/cases/src/domain/parties.js';
import { clickInModal, closeSessions, bootConsole, expectNoPageOverflow, login, pickOption, pickTreeNode, session, settledDialog, shot, waitForTrue, SMALL, type ConsoleServer } from './browser.js';

const PHONE = { width: 390, height: 844 };
const clock = testClock();
let srv: ConsoleServer;
beforeAll(async () => {
  srv = await bootConsole({}, clock);
}, 180_000);
afterAll(() => srv?.close());
afterEach(() => closeSessions());

const first17 = '91430702MA4L0DR00';
const CREDIT = `${first17}${creditCodeCheckChar(first17)}`;
const ENTERPRISE = '常德市武陵区放心家电有限公司';

/** The newest verification code the demo channel holds for a phone (waits for the message to be there). */
async function smsCode(phone: string, after: number): Promise<string> {
  const admin = await srv.token('admin');
  for (let i = 0; ; i++) {
    const list = (await srv.http().get(`/api/v1/admin/messages?to=${phone}`).set('Authorization', admin).expect(200)).body as { template: string; text: string }[];
    const codes = list.filter((m) => m.template === 'verification-code');
    if (codes.length > after) return /验证码(\d{6})/.exec(codes[0]!.text)![1]!;
    if (i > 100) throw new Error('no code arrived');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const fill = (page: Page, id: string, v: string) => page.getByTestId(id).fill(v);
const quiet = (page: Page) => page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
/** Polls until `probe` answers true (the worker's outbox and rollups catch up asynchronously). */
async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; ; i++) {
    if (await probe()) return;
    if (i > 300) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Registers an ODR complaint at the hotline (the operator's API; the first one is filed on the public page): the
 * enterprise is matched by the respondent's credit code, the complainant agreed on the phone.
 */
async function fileByHotline(phone: string, description: string): Promise<{ id: string; caseNo: string }> {
  const r = await srv.http().post('/api/v1/cases').set('Authorization', await srv.token('operator')).send(complaintBody({
    receivedAt: clock.now().toISOString(), complainant: { name: '张先生', phone, address: '常德市武陵区朗州路1号' },
    respondent: { name: ENTERPRISE, creditCode: CREDIT, regionCode: '430702', address: '常德市武陵区建设路66号' },
    description, odr: { consent: true },
  })).expect(201);
  return r.body as { id: string; caseNo: string };
}

async function enterpriseLogin(page: Page): Promise<void> {
  await page.goto(`${srv.base}/`);
  await page.waitForURL(/\/login$/);
  await page.getByLabel('用户名').fill('fangxin.ent');
  await page.getByLabel('密码').fill('Odr-12315-pass');
  await page.keyboard.press('Enter');
  await page.getByTestId('odr-inbox').waitFor();
}

async function track(page: Page, caseNo: string, phone: string, queryCode: string): Promise<void> {
  await page.goto(`${srv.base}/public/track?caseNo=${caseNo}`);
  await page.getByTestId('track-phone').fill(phone);
  await page.getByTestId('track-code').fill(queryCode);
  await page.getByTestId('track-submit').click();
  await page.getByTestId('track-odr').waitFor();
}

/** The enterprise answers one complaint from its phone. */
async function answer(page: Page, caseNo: string, kind: '提出和解方案' | '拒绝（说明理由）' | '已协商一致', text: string, shotName?: string): Promise<void> {
  await page.goto(`${srv.base}/odr/inbox`);
  await page.locator(`[data-testid="odr-inbox-row"][data-case-no="${caseNo}"]`).click();
  await page.getByTestId('odr-facts').waitFor();
  await page.getByTestId('odr-reply-kind').getByText(kind).click();
  await page.getByTestId('odr-reply-text').fill(text);
  await expectNoPageOverflow(page);
  if (shotName) await shot(page, shotName, true);
  await page.getByTestId('odr-reply-submit').click();
  await page.getByTestId(kind === '拒绝（说明理由）' ? 'odr-ended' : 'odr-awaiting').waitFor();
}

let entId = '';

it('a manager enrols an enterprise (credit code checked) and opens its account; the account sees only the enterprise console', async () => {
  const m = await session(SMALL);
  await login(srv.base, m.page, 'manager');
  await m.page.goto(`${srv.base}/odr-enterprises`);
  // none enrolled yet: the empty list says what to do, not antd's 「暂无数据」
  await m.page.getByTestId('odr-enterprises').getByText('尚无入驻企业。点击右上角「入驻企业」，为企业开通先行和解账号').waitFor();
  await shot(m.page, 'odr-enterprises-empty');
  await m.page.getByTestId('odr-enrol').click();
  await settledDialog(m.page);
  await fill(m.page, 'odr-name', ENTERPRISE);
  await fill(m.page, 'odr-credit-code', `${first17}${creditCodeCheckChar(first17) === '0' ? '1' : '0'}`);
  await m.page.getByText('校验位不符').waitFor(); // a warning only: lawful early codes fail it
  await fill(m.page, 'odr-credit-code', 'INVALID-CODE');
  await fill(m.page, 'odr-stores', '放心家电建设路店\n放心家电人民路店');
  await fill(m.page, 'odr-contact-name', '王经理');
  await fill(m.page, 'odr-contact-phone', '13907360001');
  await clickInModal(m.page, '保存');
  await m.page.getByText('格式不正确').waitFor();
  await fill(m.page, 'odr-credit-code', CREDIT);
  await m.page.getByText('格式不正确').waitFor({ state: 'detached' });
  await shot(m.page, 'odr-enrol');
  await clickInModal(m.page, '保存');
  await m.page.getByTestId(`odr-ent-${CREDIT}`).waitFor();
  const ent = await srv.db.prisma.odrEnterprise.findFirstOrThrow({ where: { creditCode: CREDIT } });
  await m.page.getByTestId('odr-add-account').click();
  await settledDialog(m.page);
  await fill(m.page, 'odr-account-username', 'fangxin.ent');
  await fill(m.page, 'odr-account-name', '王经理');
  await fill(m.page, 'odr-account-password', 'Odr-12315-pass');
  await clickInModal(m.page, '开通');
  await m.page.getByTestId('odr-enterprises').getByText('fangxin.ent').waitFor();
  await quiet(m.page);
  // with an account, the button adds another; the row's four operations stay on one line at 1366
  expect(await m.page.getByTestId('odr-add-account').innerText()).toBe('新增账号');
  const tops = await m.page.getByTestId('odr-ent-ops').locator('button').evaluateAll((bs) => bs.map((b) => Math.round(b.getBoundingClientRect().top)));
  expect(tops).toHaveLength(4);
  expect(new Set(tops).size).toBe(1);
  await shot(m.page, 'odr-enterprises');
  entId = ent.id;
  // the account signs in to the enterprise console only: no staff menu, and staff routes lead back to its inbox
  const e = await session(PHONE);
  await enterpriseLogin(e.page);
  expect(await e.page.locator('.ant-layout-sider').count()).toBe(0);
  await e.page.goto(`${srv.base}/dashboard`);
  await e.page.waitForURL(/\/odr\/inbox$/);
  await e.page.getByTestId('odr-inbox').waitFor();
  await expectNoPageOverflow(e.page);
  // its inbox failing to load says so on the phone, with 重试 — not 「暂无投诉」 nor a spinner for ever; so do its
  // window warnings (they fail apart from the list)
  let inboxFails = true;
  await e.page.route('**/api/v1/odr/cases', (route) => (inboxFails ? route.abort('connectionrefused') : route.continue()));
  await e.page.route('**/api/v1/odr/notices', (route) => (inboxFails ? route.abort('connectionrefused') : route.continue()));
  await e.page.reload();
  await e.page.getByTestId('load-failed').getByText('待处理投诉未能加载').waitFor();
  expect(await e.page.getByText('暂无投诉').count()).toBe(0);
  await expectNoPageOverflow(e.page);
  await shot(e.page, 'odr-inbox-failed-phone');
  inboxFails = false;
  await e.page.getByRole('button', { name: '重试' }).click();
  await e.page.getByTestId('odr-inbox').getByTestId('load-failed').getByText('协商期限提醒未能加载').waitFor();
  await e.page.getByTestId('odr-inbox').getByRole('button', { name: '重试' }).click();
  await e.page.getByTestId('odr-inbox').getByTestId('load-failed').waitFor({ state: 'detached' });

  // the operator's intake form suggests the enterprise for a complaint (by name) and asks the consent question;
  // a report (举报) never goes to ODR: no suggestion
  const op = await session(SMALL);
  await login(srv.base, op.page, 'operator');
  await op.page.waitForURL(/\/intake$/);
  await op.page.getByTestId('respondent-name').fill('放心家电');
  await op.page.getByTestId('odr-suggest').getByText(ENTERPRISE).waitFor();
  await op.page.getByTestId('odr-enterprise').getByText(ENTERPRISE).click();
  await op.page.getByTestId('odr-consent').waitFor();
  await shot(op.page, 'odr-intake', true);
  await op.page.keyboard.press('Alt+2');
  await op.page.getByTestId('odr-suggest').waitFor({ state: 'detached' });
}, 120_000);

it('routes consenting complaints to the enterprise first, closes a confirmed settlement as 和解 and sends the rest to the bureau', async () => {
  expect(entId).not.toBe('');
  const ent = { id: entId };
  const m = await session(SMALL);
  await login(srv.base, m.page, 'manager');

  // 2. The public files a complaint against it from a phone, picks it from the suggestion and agrees to ODR.
  const pub = await session(PHONE);
  const phone1 = '13807368801';
  await pub.page.goto(`${srv.base}/public/file`);
  await fill(pub.page, 'complainant-name', '刘消费');
  await fill(pub.page, 'complainant-address', '湖南省常德市武陵区朗州路18号');
  await fill(pub.page, 'respondent-name', ENTERPRISE);
  await fill(pub.page, 'respondent-credit-code', CREDIT);
  await pub.page.getByTestId('odr-suggest').waitFor(); // the suggestion shifts the form: let it land before picking
  await pickOption(pub.page, pub.page.getByTestId('respondent-region').getByRole('combobox'), '武陵区');
  await fill(pub.page, 'respondent-address', '常德市武陵区建设路66号');
  await pub.page.getByTestId('odr-suggest').waitFor();
  await pub.page.getByTestId('odr-enterprise').getByText(ENTERPRISE).click();
  await pub.page.getByTestId('odr-consent').getByText('同意', { exact: true }).click();
  await pickTreeNode(pub.page, pub.page.getByTestId('category'), '小家电');
  await fill(pub.page, 'description', '购买的电饭煲使用一周后无法加热，门店拒绝更换。');
  await fill(pub.page, 'request', '更换新品');
  await fill(pub.page, 'complainant-phone', phone1);
  await pub.page.getByTestId('sms-code-file').click();
  await pub.page.getByTestId('sms-code-file').filter({ hasText: '秒后可重新获取' }).waitFor();
  await fill(pub.page, 'sms-code', await smsCode(phone1, 0));
  await expectNoPageOverflow(pub.page);
  await quiet(pub.page);
  await shot(pub.page, 'odr-public-file', true);
  await pub.page.getByTestId('public-submit').click();
  await pub.page.getByTestId('filed-case-no').waitFor();
  const caseNo1 = (await pub.page.getByTestId('filed-case-no').textContent())!.trim();
  const query1 = (await pub.page.getByTestId('filed-query-code').textContent())!.trim();
  const case1 = await srv.db.prisma.case.findUniqueOrThrow({ where: { caseNo: caseNo1 } });
  expect(case1).toMatchObject({ status: 'odr', assignedUnitId: null }); // with the enterprise, on no bureau unit's clocks

  const c2 = await fileByHotline('13807368802', '热水器漏水，门店不予维修。');
  const c3 = await fileByHotline('13807368803', '冰箱噪音过大，要求退货。');
  const c4 = await fileByHotline('13807368804', '空调安装费与约定不符。');
  for (const c of [c2, c3, c4]) expect(await srv.db.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ status: 'odr', assignedUnitId: null });
  // the hotline attaches the complainant's photo to the second: evidence the enterprise may read
  const photo = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 140, b: 200 } } }).png().toBuffer();
  await srv.http().post(`/api/v1/cases/${c2.id}/attachments`).set('Authorization', await srv.token('operator'))
    .attach('file', photo, { filename: '热水器漏水照片.png', contentType: 'image/png' }).expect(201);

  // 3. The enterprise, on a phone: its inbox by nearest deadline; it settles the first within the window.
  const e = await session(PHONE);
  await enterpriseLogin(e.page);
  for (const no of [caseNo1, c2.caseNo, c3.caseNo, c4.caseNo]) await e.page.locator(`[data-testid="odr-inbox-row"][data-case-no="${no}"]`).waitFor();
  await expectNoPageOverflow(e.page);
  await shot(e.page, 'odr-enterprise-inbox', true);
  await answer(e.page, caseNo1, '已协商一致', '双方同意更换同型号新品，门店于11月25日送货上门。', 'odr-enterprise-case');
  await answer(e.page, c3.caseNo, '提出和解方案', '可维修并赠送一年延保，不予退货。');
  await answer(e.page, c4.caseNo, '拒绝（说明理由）', '安装费已在合同中约定，不存在多收。');
  await quiet(e.page);
  await shot(e.page, 'odr-enterprise-refused', true);

  // 4. The complainant confirms the settlement on the tracking page → closed as 和解.
  await track(pub.page, caseNo1, phone1, query1);
  await pub.page.getByTestId('track-odr-proposal').filter({ hasText: '更换同型号新品' }).waitFor();
  await expectNoPageOverflow(pub.page);
  await shot(pub.page, 'odr-public-track', true);
  await pub.page.getByTestId('odr-accept').click();
  await clickInModal(pub.page, '确认接受');
  await pub.page.locator('[data-testid="track-odr-stage"][data-stage="confirmed"]').waitFor();
  await waitForTrue(pub.page, `!document.querySelector('[data-testid="odr-accept"]')`);
  await quiet(pub.page);
  await shot(pub.page, 'odr-public-confirmed', true);
  const closed1 = await srv.db.prisma.case.findUniqueOrThrow({ where: { caseNo: caseNo1 } });
  expect(closed1).toMatchObject({ status: 'closed', outcome: 'odrSettled' });
  expect(closed1.assignedUnitId).toBeNull(); // settled by the enterprise: no bureau unit handled it

  // The third: the complainant rejects the offer by phone; the operator records it on the case page → the bureau.
  const o = await session(SMALL);
  await login(srv.base, o.page, 'operator');
  await o.page.goto(`${srv.base}/cases/${c3.id}`);
  await o.page.getByTestId('case-odr-stage').filter({ hasText: '企业已提出方案' }).waitFor();
  // the bureau's limits have not started: its 期限 card says why it is empty (无期限 read as if none ever applied)
  await o.page.getByText('企业协商期间，不计入市场监管部门办理时限').waitFor();
  await o.page.getByTestId('case-odr-reject').click();
  await clickInModal(o.page, '转市场监管部门');
  await o.page.getByTestId('case-odr-stage').filter({ hasText: '消费者不接受' }).waitFor();
  const wl = await srv.db.prisma.unit.findFirstOrThrow({ where: { code: 'wl' } });
  await until(async () => (await srv.db.prisma.case.findUniqueOrThrow({ where: { caseNo: c3.caseNo } })).assignedUnitId === wl.id, 'rejected → 武陵区局');
  await until(async () => (await srv.db.prisma.case.findUniqueOrThrow({ where: { caseNo: c4.caseNo } })).assignedUnitId === wl.id, 'refused → 武陵区局');
  // The refused one's timeline: the enterprise's refusal first, said as the enterprise's (its account is filed under
  // the city bureau, which did not refuse anything), then leaving ODR and the routing it caused.
  await o.page.goto(`${srv.base}/cases/${c4.id}`);
  const steps = o.page.getByTestId('case-timeline').locator('.ant-timeline-item');
  await steps.filter({ hasText: '企业拒绝和解' }).filter({ hasText: ` · ${ENTERPRISE}` }).waitFor();
  const words = await steps.allTextContents();
  const refusedAt = words.findIndex((w) => w.includes('企业拒绝和解'));
  expect(refusedAt).toBeLessThan(words.findIndex((w) => w.includes('转市场监管部门处理')));
  expect(words[refusedAt]).not.toContain('常德市市场监督管理局');

  // 5. The second expires. First its warn rung (2 working days before the end) reaches the enterprise: a 提醒 on top
  // of its inbox and an SMS to its contact; the case page shows the complainant's evidence to download.
  const case2 = await srv.db.prisma.case.findUniqueOrThrow({ where: { id: c2.id } });
  const window = await srv.db.prisma.deadline.findFirstOrThrow({ where: { odrCaseId: case2.id } });
  const { FireDeadlineRungs } = await import('#cases-nest');
  const { CommandBus } = await import('@nestjs/cqrs');
  clock.setOffset(window.dueAt.getTime() - 3_600_000 - Date.now());
  const warned = await srv.worker!.app.get(CommandBus).execute(new FireDeadlineRungs([{ deadlineId: window.id, version: window.version, rung: 'warn' }]));
  expect(warned[0].outcome).toBe('fired');
  const admin = await srv.token('admin');
  const texts = (await srv.http().get('/api/v1/admin/messages?to=13907360001').set('Authorization', admin).expect(200)).body as { template: string; text: string }[];
  expect(texts.filter((t) => t.template === 'odr-window-warning').map((t) => t.text)).toEqual([expect.stringContaining(c2.caseNo)]);
  await e.page.goto(`${srv.base}/odr/inbox`);
  await e.page.getByTestId('odr-notice').filter({ hasText: c2.caseNo }).waitFor();
  await expectNoPageOverflow(e.page);
  await shot(e.page, 'odr-enterprise-warning', true);
  await e.page.getByTestId('odr-notice').getByRole('link').click();
  await e.page.getByTestId('odr-evidence').filter({ hasText: '热水器漏水照片.png' }).waitFor();
  const download = e.page.waitForEvent('download');
  await e.page.getByTestId('odr-evidence').click();
  expect((await download).suggestedFilename()).toBe('热水器漏水照片.png');
  await expectNoPageOverflow(e.page);
  await shot(e.page, 'odr-enterprise-evidence', true);
  clock.setOffset(window.dueAt.getTime() + 3_600_000 - Date.now());
  const fired = await srv.worker!.app.get(CommandBus).execute(new FireDeadlineRungs([{ deadlineId: window.id, version: window.version, rung: 'due' }]));
  expect(fired[0].outcome).toBe('fired');
  await until(async () => (await srv.db.prisma.case.findUniqueOrThrow({ where: { id: case2.id } })).assignedUnitId === wl.id, 'expired → 武陵区局');
  // the ODR stage is a hop of its own, attributed to the enterprise in the per-hop time; the bureau's hop follows
  const op = await srv.token('operator');
  expect((await srv.http().get(`/api/v1/cases/${case2.id}/odr`).set('Authorization', op).expect(200)).body).toMatchObject({ stage: 'expired', awaitingDecision: false });
  await until(async () => (await srv.db.prisma.caseHop.count({ where: { caseId: case2.id } })) >= 2, 'hops of the expired case');
  const hops = await srv.db.prisma.caseHop.findMany({ where: { caseId: case2.id }, orderBy: { seq: 'asc' } });
  expect(hops[0]).toMatchObject({ how: 'odr', unitId: null, odrEnterpriseId: ent.id, closeReason: 'leftOdr' });
  expect(hops[0]!.closedAt).not.toBeNull();
  expect(hops.slice(1).some((x) => x.unitId === wl.id)).toBe(true);
  // the operator's case page shows the ODR stage
  await o.page.goto(`${srv.base}/cases/${case2.id}`);
  await o.page.getByTestId('case-odr-stage').filter({ hasText: '企业逾期' }).waitFor();

  // 6. The enterprise's figures on the manager's dashboard: 4 received, 1 settled.
  await m.page.goto(`${srv.base}/dashboard`);
  const row = m.page.getByTestId('odr-figures').locator('tr', { has: m.page.getByTestId(`odr-fig-${CREDIT}`) });
  await row.waitFor();
  await waitForTrue(m.page, `(() => { const r = document.querySelector('[data-testid="odr-fig-${CREDIT}"]')?.closest('tr'); return !!r && r.children[1].textContent === '4' && r.children[2].textContent === '1'; })()`);
  await quiet(m.page);
  await shot(m.page, 'odr-dashboard', true);
  // and its own figures on the enterprise's phone (我的数据): the same counts, its row only
  await e.page.getByTestId('enterprise-tabs').getByText('我的数据').click();
  const own = e.page.getByTestId('odr-own-figures');
  await own.getByText(ENTERPRISE).waitFor();
  await expect(own.locator('.ant-statistic-content').allInnerTexts()).resolves.toEqual(['4件', '1件', '25.0%', expect.any(String), expect.stringMatching(/^(\d+\.\d天|—)$/)]);
  await expect(m.page.getByTestId('odr-figures').locator('thead th').last().innerText()).resolves.toMatch(/平均天数\s*（自然日）/);
  await expectNoPageOverflow(e.page);
  await shot(e.page, 'odr-enterprise-figures');

  // 7. The quarter ends; the manager computes and releases its 消费投诉信息公示: the public page (phone) shows the
  // enterprise's figures with the businesses', as released (same counts as the dashboard).
  const today = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const next = q === 4 ? `${year + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, '0')}-01`;
  const mgr = await srv.token('manager');
  await srv.http().post(`/api/v1/disclosure/periods/${year}Q${q}/compute`).set('Authorization', mgr).send({}).expect(201);
  clock.setOffset(Date.parse(`${next}T10:00:00+08:00`) - Date.now());
  await srv.http().post(`/api/v1/disclosure/periods/${year}Q${q}/release`).set('Authorization', mgr).send({}).expect(201);
  await pub.page.goto(`${srv.base}/public/disclosure`);
  const card = pub.page.locator(`[data-testid="public-odr-enterprise"][data-credit-code="${CREDIT}"]`);
  await card.waitFor();
  await expect(card.locator('.ant-statistic-content').allInnerTexts()).resolves.toEqual(['4', '1', '25.0%', expect.any(String), expect.stringMatching(/^(\d+\.\d天|—)$/)]);
  await expectNoPageOverflow(pub.page);
  await card.scrollIntoViewIfNeeded();
  await shot(pub.page, 'odr-public-disclosure', true);
}, 300_000);
