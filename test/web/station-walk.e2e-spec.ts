// Issue 13, "done when": one complaint walked through the console by every role that touches it, in Chromium —
// the operator registers it with a photo of the receipt → the county (武陵区局) hands it down to 丹阳所 → the
// station signs and accepts it (受理告知书 issued in the county's name, numbered) → pauses and resumes the mediation
// clock → closes it with a 调解书 → the operator's callback archives it → the manager drills 市 → 区县 → 所 and finds
// the station's figures.
import sharp from 'sharp';
import { LARGE, clickInModal, closeSessions, drillToStationFigures, expectNoPageOverflow, login, pickOption, session, settledDialog, shot, consoleFile, fillIntake } from './browser.js';

const srv = consoleFile({ WORKING_HOURS: '00:00-24:00' });

const CJK_ONLY_CODES = /\b(O121|O20|RCF|LOCAL|mediation|acceptance|undefined|null)\b/;

it('operator → county → station → operator → manager: one complaint worked at 丹阳所 from intake to the dashboard', async () => {
  const errors: string[] = [];

  // 1. The operator registers the call and attaches the receipt the caller sent.
  let s = await session(LARGE, 'Asia/Shanghai');
  await login(srv.base, s.page, 'operator');
  await s.page.waitForURL(/\/intake$/);
  await fillIntake(s.page, {
    name: '周走查', phone: '13907361388', address: '湖南省常德市武陵区丹阳街道朗州路12号', respondent: '常德市武陵区丹阳便民家电店', regionCode: '430702',
    respondentAddress: '常德市武陵区建设路88号', category: 'G01', description: '购买的电饭煲使用两天后无法加热，商家拒绝维修。', request: '退货退款',
  }, '武陵区市场监督管理局');
  await s.page.getByTestId('save-case').click();
  const saved = s.page.getByTestId('saved-result');
  await saved.waitFor();
  const caseNo = (await s.page.getByTestId('saved-case-no').textContent())!.trim();
  const receipt = await sharp({ create: { width: 300, height: 500, channels: 3, background: { r: 250, g: 250, b: 235 } } }).png().toBuffer();
  const chooser = s.page.waitForEvent('filechooser');
  await saved.getByText('拖拽文件到这里，或点击选择文件').click();
  await (await chooser).setFiles({ name: '购物小票.png', mimeType: 'image/png', buffer: receipt });
  await saved.getByTestId('attachment-name').filter({ hasText: '购物小票.png' }).waitFor();
  errors.push(...s.errors);
  await closeSessions();
  const c = await srv.db.prisma.case.findUniqueOrThrow({ where: { caseNo } });
  expect(await srv.db.prisma.caseAttachment.count({ where: { caseId: c.id } })).toBe(1);

  // 2. The county's handler hands it down to 丹阳所.
  s = await session(LARGE);
  await login(srv.base, s.page, 'handler.wl');
  await s.page.goto(`${srv.base}/cases/${c.id}`);
  await s.page.getByTestId('case-detail').waitFor();
  await s.page.getByTestId('attachments-card').getByTestId('attachment-name').filter({ hasText: '购物小票.png' }).waitFor();
  await s.page.getByTestId('dispatch-station').click();
  const dispatch = await settledDialog(s.page);
  await pickOption(s.page, dispatch.getByRole('combobox'), '丹阳市场监管所');
  await dispatch.getByLabel('分派说明').fill('被投诉人在丹阳街道，请所办理');
  await clickInModal(s.page, '分派');
  await s.page.getByText('以武陵区市场监督管理局名义办理').waitFor();
  errors.push(...s.errors);
  await closeSessions();

  // 3. The station signs, reads the 受理告知书 and accepts: the notice is numbered in the county's name.
  s = await session(LARGE);
  await login(srv.base, s.page, 'handler.wl-dy');
  await s.page.goto(`${srv.base}/inbox`);
  const row = s.page.getByTestId('inbox-table').locator('tr', { hasText: caseNo });
  await row.waitFor();
  await row.getByRole('button', { name: '签收', exact: true }).or(row.getByRole('button', { name: '签 收', exact: true })).click();
  await s.page.getByText(`${caseNo} 已签收`).waitFor();
  await s.page.goto(`${srv.base}/cases/${c.id}`);
  const detail = s.page.getByTestId('case-detail');
  await detail.waitFor();
  await detail.getByRole('button', { name: '受理', exact: true }).or(detail.getByRole('button', { name: '受 理', exact: true })).click();
  const accept = await settledDialog(s.page);
  await s.page.getByTestId('document-preview').getByText('投诉受理告知书').waitFor();
  await accept.getByRole('button', { name: '确认受理并签发告知书' }).click();
  await accept.waitFor({ state: 'detached' });
  const docs = s.page.getByTestId('documents-card');
  const number = docs.getByTestId('document-number').first();
  await number.waitFor();
  expect((await number.textContent())!.trim()).toMatch(/^武市监投受〔\d{4}〕\d+号$/);

  // 4. It pauses the mediation clock for a test (检验) and resumes it.
  const actions = s.page.getByTestId('case-actions');
  await actions.getByRole('button', { name: '暂停计时' }).click();
  const pause = await settledDialog(s.page);
  await pause.getByTestId('pause-kind').getByText('调解').waitFor();
  await pause.getByText('检验、检测、鉴定').click();
  await pause.getByLabel('证据材料').fill('检验委托书.pdf');
  await pause.getByRole('button', { name: '暂停计时' }).click();
  await pause.waitFor({ state: 'detached' });
  await actions.getByRole('button', { name: '恢复计时' }).click();
  const resume = await settledDialog(s.page);
  await resume.getByTestId('resume-kind').getByText('调解').waitFor();
  await resume.getByRole('button', { name: '恢复计时' }).click();
  await resume.waitFor({ state: 'detached' });
  await actions.getByRole('button', { name: '暂停计时' }).waitFor();

  // 5. It closes the case with an agreement: the 调解书 is issued with it.
  await actions.getByRole('button', { name: '办结' }).or(actions.getByRole('button', { name: '办 结' })).click();
  const close = await settledDialog(s.page);
  await close.getByLabel('挽回经济损失（元）').fill('299');
  await close.getByLabel('办结说明').fill('经调解，商家同意退货并退还货款299元。');
  await close.getByRole('button', { name: '办结', exact: true }).or(close.getByRole('button', { name: '办 结', exact: true })).click();
  await close.waitFor({ state: 'detached' });
  await detail.getByTestId('status-tag').filter({ hasText: '已办结' }).waitFor();
  await docs.getByText('调解书').first().waitFor();
  const timeline = (await s.page.getByTestId('case-timeline').textContent())!;
  for (const step of ['分派', '签收', '受理', '暂停', '恢复', '办结']) expect(timeline).toContain(step);
  expect(timeline).not.toMatch(CJK_ONLY_CODES);
  await shot(s.page, 'walk-station-closed-1920', true);
  await expectNoPageOverflow(s.page);
  errors.push(...s.errors);
  await closeSessions();
  const issued = await srv.db.prisma.caseDocument.findMany({ where: { caseId: c.id }, orderBy: { issuedAt: 'asc' } });
  expect(issued.map((d) => d.kind)).toEqual(['acceptanceNotice', 'mediationAgreement']);
  expect(new Set(issued.map((d) => d.issuerName))).toEqual(new Set(['武陵区市场监督管理局'])) // the station acts in its county's name;
  const events = await srv.db.prisma.caseEvent.findMany({ where: { caseId: c.id }, select: { type: true } });
  expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ClockPaused', 'ClockResumed', 'CaseClosed']));

  // 6. The operator's callback archives it.
  s = await session(LARGE);
  await login(srv.base, s.page, 'operator');
  await s.page.goto(`${srv.base}/callbacks`);
  await s.page.getByTestId('callback-search').locator('input').fill(caseNo);
  await s.page.getByTestId('callback-search').locator('input').press('Enter');
  const cb = s.page.locator('tr', { hasText: caseNo });
  await cb.getByRole('button', { name: '回访' }).or(cb.getByRole('button', { name: '回 访' })).click();
  const callback = await settledDialog(s.page);
  await callback.getByText('满意', { exact: true }).click();
  await callback.getByRole('button', { name: '保存回访并归档' }).click();
  await callback.waitFor({ state: 'detached' });
  await s.page.getByText('回访已记录，案件已归档').waitFor();
  errors.push(...s.errors);
  await closeSessions();
  expect((await srv.db.prisma.case.findUniqueOrThrow({ where: { id: c.id } })).status).toBe('archived');

  // 7. The manager drills 市 → 武陵区局 and finds 丹阳所's own figures (the rollup catches up asynchronously).
  s = await session(LARGE);
  await login(srv.base, s.page, 'manager');
  await drillToStationFigures(s.page);
  await shot(s.page, 'walk-manager-drill-1920');
  await expectNoPageOverflow(s.page);
  errors.push(...s.errors);
  expect(errors).toEqual([]);
}, 420_000);
