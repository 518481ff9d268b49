// 管辖争议 in Chromium (O121 Art. 33): 武陵区局's handler disputes jurisdiction with 鼎城区局 from the case page; the
// page says so and holds back 受理; the city's manager designates 鼎城区局, whose handler finds it to sign.
import { complaintBody } from '#testing';
import { SMALL, clickInModal, closeSessions, consoleFile, expectNoCodesIn, expectNoPageOverflow, openAs, pickOption, settledDialog, shot } from './browser.js';

const srv = consoleFile();

it('raised by the holder, shown on the case, designated by the city (1366×768)', async () => {
  const b = complaintBody({ receivedAt: srv.clock.now().toISOString() });
  const c = (await srv.http().post('/api/v1/cases').set('Authorization', await srv.token('operator')).send(b).expect(201)).body as { id: string; caseNo: string };
  await srv.http().post(`/api/v1/cases/${c.id}/sign`).set('Authorization', await srv.token('handler.wl')).send({}).expect(200);
  const errors: string[] = [];

  let s = await openAs(srv, 'handler.wl', `/cases/${c.id}`, SMALL);
  const actions = s.page.getByTestId('case-actions');
  await actions.getByRole('button', { name: /^受 ?理$/ }).waitFor();
  await actions.getByRole('button', { name: '管辖争议' }).click();
  let dialog = await settledDialog(s.page);
  // the holder's own superior and stations are not offered: that is a referral or a recall
  await dialog.getByTestId('dispute-unit').click();
  const offered = await s.page.locator('.ant-select-dropdown:visible .ant-select-item-option').allInnerTexts();
  expect(offered).not.toContain('常德市市场监督管理局');
  expect(offered).not.toContain('丹阳市场监管所');
  await s.page.keyboard.press('Escape');
  await clickInModal(s.page, '提出管辖争议');
  await dialog.getByText('请填写争议理由').waitFor();
  await pickOption(s.page, dialog.getByRole('combobox'), '鼎城区市场监督管理局');
  await dialog.getByLabel('争议理由').fill('被投诉人实际经营地在鼎城区，应由鼎城区局管辖');
  await shot(s.page, 'jurisdiction-raise-1366');
  await clickInModal(s.page, '提出管辖争议');
  const notice = s.page.getByTestId('jurisdiction-dispute');
  await notice.waitFor();
  const text = await notice.innerText();
  expect(text).toContain('武陵区市场监督管理局认为应由鼎城区市场监督管理局管辖');
  expect(text).toContain('由常德市市场监督管理局指定管辖');
  // raised Mon 11-23 (not counted): 11-24 … 11-27, 11-30, 12-01, 12-02
  expect(text).toContain('应于2026年12月2日（周三）前协商解决；协商不成的');
  expectNoCodesIn(text);
  // decisions wait for the dispute; the holder records the outcome instead
  expect(await actions.getByRole('button', { name: /^受 ?理$/ }).count()).toBe(0);
  await actions.getByTestId('settle-dispute').waitFor();
  await s.page.getByTestId('deadline-breakdown').getByText('管辖争议协商').first().waitFor();
  await s.page.getByTestId('case-timeline').getByText('提出管辖争议').waitFor();
  await expectNoPageOverflow(s.page);
  await shot(s.page, 'jurisdiction-disputed-1366');
  // in the inbox the row says 管辖争议 and offers no 受理
  await s.page.goto(`${srv.base}/inbox`);
  const row = s.page.getByTestId('inbox-table').locator('tr', { hasText: c.caseNo });
  await row.getByTestId('disputed-tag').waitFor();
  expect(await row.getByRole('button', { name: /^受 ?理$/ }).count()).toBe(0);
  await shot(s.page, 'jurisdiction-inbox-1366');
  errors.push(...s.errors);
  await closeSessions();

  // the city's manager finds it in 案件查询 with 仅管辖争议, and designates 鼎城区局
  s = await openAs(srv, 'manager', '/cases', SMALL);
  await s.page.getByTestId('filter-disputed').click();
  await s.page.getByTestId('disputed-tag').first().waitFor();
  expect(await s.page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
  await shot(s.page, 'jurisdiction-cases-filter-1366');
  await s.page.getByText(c.caseNo).click();
  await s.page.getByTestId('jurisdiction-dispute').waitFor();
  await s.page.getByTestId('designate').click();
  dialog = await settledDialog(s.page);
  await dialog.getByText('鼎城区市场监督管理局').click();
  await dialog.getByLabel('指定理由').fill('被投诉人实际经营地在鼎城区');
  await shot(s.page, 'jurisdiction-designate-1366');
  await clickInModal(s.page, '指定管辖');
  await s.page.getByTestId('jurisdiction-dispute').waitFor({ state: 'detached' });
  await s.page.getByTestId('case-fields').getByText('鼎城区市场监督管理局').waitFor();
  await s.page.getByTestId('case-timeline').getByText('指定 鼎城区市场监督管理局 管辖').waitFor();
  errors.push(...s.errors);
  await closeSessions();

  // 鼎城区局 finds it in its inbox to sign
  s = await openAs(srv, 'handler.dc', '/inbox', SMALL);
  await s.page.getByText(c.caseNo).waitFor();
  errors.push(...s.errors);
  await closeSessions();
  expect(errors).toEqual([]);
}, 120_000);

it('the holder records the agreement: the other station takes the case, the page returns to 待办 (1366×768)', async () => {
  const op = await srv.token('operator');
  const b = complaintBody({ receivedAt: srv.clock.now().toISOString() });
  const c = (await srv.http().post('/api/v1/cases').set('Authorization', op).send(b).expect(201)).body as { id: string; caseNo: string };
  const unit = async (code: string) => (await srv.db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
  await srv.http().post(`/api/v1/cases/${c.id}/transfer`).set('Authorization', op).send({ unitId: await unit('wl-dy'), reason: '属丹阳街道' }).expect(200);
  await srv.http().post(`/api/v1/cases/${c.id}/jurisdiction-dispute`).set('Authorization', await srv.token('handler.wl-dy'))
    .send({ otherUnitId: await unit('wl-fr'), reason: '经营场所在芙蓉街道' }).expect(200);

  const s = await openAs(srv, 'handler.wl-dy', `/cases/${c.id}`, SMALL);
  await s.page.getByTestId('jurisdiction-dispute').getByText('由武陵区市场监督管理局指定管辖').waitFor();
  await s.page.getByTestId('settle-dispute').click();
  const dialog = await settledDialog(s.page);
  // the other station is proposed; a note is required
  expect(await dialog.getByRole('radio', { name: '芙蓉市场监管所' }).isChecked()).toBe(true);
  await clickInModal(s.page, '记录协商结果');
  await dialog.getByText('请填写说明').waitFor();
  await dialog.getByLabel('协商情况').fill('与芙蓉所电话协商一致，由芙蓉所办理');
  await shot(s.page, 'jurisdiction-settle-1366');
  await clickInModal(s.page, '记录协商结果');
  await s.page.waitForURL(/\/inbox$/);
  expect(s.errors).toEqual([]);
  await closeSessions();
  const atFr = (await srv.http().get(`/api/v1/cases/${c.id}`).set('Authorization', await srv.token('handler.wl-fr')).expect(200)).body;
  expect(atFr).toMatchObject({ assignedUnit: { code: 'wl-fr' }, status: 'dispatched', jurisdictionDispute: null });
}, 90_000);
