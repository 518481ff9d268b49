// A complaint, a report and an inquiry each go their own way in the console (domain.md §1, §3): 待回访 lists the
// complaints to call back, never a decided report; a closed report or inquiry says how it ended, and the case page
// names each kind's parties and fields as the intake form does; a question answered on the call was held by no unit.
// A file of its own: its cases give the intake unit figures that console-defects' dashboard checks expect absent.
import { complaintBody } from '#testing';
import { clickInModal, consoleFile, expectNoCodesIn, login, session, settledDialog, shot } from './browser.js';

const srv = consoleFile({ WORKING_HOURS: '00:00-24:00' });
const http = () => srv.http();
const token = (username: string) => srv.token(username);
const now = () => srv.clock.now().toISOString();
const WIDE = { width: 1440, height: 900 };

it('待回访 lists the complaints to call back, never a decided report (a report has no callback); each says how it ended', async () => {
  const op = await token('operator');
  const h = await token('handler.wl');
  const c = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: now() })).expect(201);
  for (const step of ['sign', 'accept']) await http().post(`/api/v1/cases/${c.body.id}/${step}`).set('Authorization', h).send({}).expect(200);
  await http().post(`/api/v1/cases/${c.body.id}/close`).set('Authorization', h).send({ outcome: 'agreement', recoveredAmount: 25469.5 }).expect(200);
  const r = await http().post('/api/v1/cases').set('Authorization', op)
    .send(complaintBody({ type: 'report', receivedAt: now(), request: undefined, amount: undefined, description: '该店销售过期食品。' })).expect(201);
  await http().post(`/api/v1/cases/${r.body.id}/sign`).set('Authorization', h).send({}).expect(200);
  await http().post(`/api/v1/cases/${r.body.id}/decide`).set('Authorization', h).send({ decision: 'noCase', note: '经核查未发现违法行为' }).expect(200);
  // A report being verified: signed for, not decided.
  const v = await http().post('/api/v1/cases').set('Authorization', op)
    .send(complaintBody({ type: 'report', receivedAt: now(), request: undefined, amount: undefined, description: '该店无证经营。' })).expect(201);
  await http().post(`/api/v1/cases/${v.body.id}/sign`).set('Authorization', h).send({}).expect(200);
  const s = await session(WIDE);
  await login(srv.base, s.page, 'operator');
  // …reads 核查中 (已签收 said nothing of what a report's unit does next; a complaint signed for is 已签收)
  await s.page.goto(`${srv.base}/cases/${v.body.id}`);
  await s.page.getByTestId('status-tag').filter({ hasText: '核查中' }).waitFor();
  await s.page.goto(`${srv.base}/pool`);
  // A work list with nothing in it says so in its own words (antd's 「暂无数据」 said nothing of the list).
  await s.page.getByTestId('pool-table').getByText('没有待分派的案件').waitFor();
  await s.page.goto(`${srv.base}/callbacks`);
  const search = s.page.getByTestId('callback-search').locator('input');
  const table = s.page.getByTestId('callback-page').locator('.ant-table');
  await search.fill(c.body.caseNo);
  await search.press('Enter');
  const row = table.locator('tr', { hasText: c.body.caseNo });
  await row.getByRole('button', { name: '回访' }).or(row.getByRole('button', { name: '回 访' })).waitFor();
  // Complaints only: the parties are named as a complaint names them.
  expect(await table.locator('thead th').allInnerTexts()).toEqual(expect.arrayContaining(['投诉人', '被投诉人']));
  await shot(s.page, 'kinds-callbacks-1440');
  await search.fill(r.body.caseNo);
  await search.press('Enter');
  await table.getByText('没有符合条件的待回访投诉').waitFor();
  expect(await table.locator('tr', { hasText: r.body.caseNo }).count()).toBe(0);

  // How each ended, in words on its page: the report's decision, the inquiry's answer (the event's code showed).
  const body = complaintBody({ type: 'inquiry', receivedAt: now(), description: '请问网购商品七日无理由退货怎么算？', request: undefined, amount: undefined });
  delete (body as { respondent?: unknown }).respondent;
  const inq = await http().post('/api/v1/cases').set('Authorization', op).send(body).expect(201);
  // Waiting in 待分派: the unit picker, 分派 and the question's 答复 / 更多 on one line, inside the table, at 1366 px.
  const narrow = await session({ width: 1366, height: 768 });
  await login(srv.base, narrow.page, 'operator');
  await narrow.page.goto(`${srv.base}/pool`);
  const poolRow = narrow.page.getByTestId('pool-table').locator('tbody tr', { hasText: inq.body.caseNo });
  const dispatchBtn = await poolRow.getByRole('button', { name: /分\s?派/ }).boundingBox();
  const answerBtn = await poolRow.getByRole('button', { name: /答\s?复/ }).boundingBox();
  const tableBox = await narrow.page.getByTestId('pool-table').boundingBox();
  expect(Math.abs(dispatchBtn!.y - answerBtn!.y)).toBeLessThan(4);
  expect(answerBtn!.x + answerBtn!.width).toBeLessThanOrEqual(tableBox!.x + tableBox!.width);
  // …without the table scrolling sideways (console.e2e-spec checks the same with a complaint's row).
  expect(await narrow.page.getByTestId('pool-table').locator('.ant-table-content').evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0);
  await shot(narrow.page, 'kinds-pool-inquiry-1366');
  await http().post(`/api/v1/cases/${inq.body.id}/answer`).set('Authorization', op).send({ answer: '自收到商品之次日起七日内。' }).expect(200);
  for (const [id, text] of [[r.body.id, '核查完毕，决定不予立案'], [inq.body.id, '已答复']] as const) {
    await s.page.goto(`${srv.base}/cases/${id}`);
    const timeline = s.page.getByTestId('case-timeline');
    await timeline.getByText(text).waitFor();
    expectNoCodesIn(await timeline.innerText());
  }
  // The inquiry answered at the intake: held by no unit (not 「待分派」 once closed), no blank business cell, and the
  // rungs of its met clock will never fire (「不再触发」, not 「未触发」).
  const cell = (label: string) => s.page.locator(`xpath=//th[normalize-space(.)='${label}']/following-sibling::td[1]`).first().innerText();
  expect(await cell('承办单位')).toBe('—');
  for (const label of ['涉及经营者', '行政区划代码', '经营地址']) expect(await cell(label)).toBe('—');
  const rungs = await s.page.getByTestId('clock-rungs').locator('tbody tr').allInnerTexts();
  expect(rungs.length).toBeGreaterThan(0);
  for (const rung of rungs) expect(rung).toContain('不再触发');
  await shot(s.page, 'kinds-inquiry-answered-1440', true);
  // In 案件查询 the answered question reads — for its unit and its business (it read 待分派, and a blank).
  await s.page.goto(`${srv.base}/cases`);
  const q = s.page.getByTestId('case-filters').getByPlaceholder('案件编号 / 被投诉人 / 来电号码');
  await q.fill(inq.body.caseNo);
  await q.press('Enter');
  const listed = s.page.getByTestId('cases-page').locator('tbody tr', { hasText: inq.body.caseNo });
  await listed.waitFor();
  const cells = await listed.locator('td').allInnerTexts();
  expect(cells.slice(-2)).toEqual(['—', '—']);
  expect(cells.join(' ')).not.toContain('待分派');
  // A complaint's request is its 投诉请求 (as the intake form names it).
  await s.page.goto(`${srv.base}/cases/${c.body.id}`);
  expect((await cell('投诉请求')).length).toBeGreaterThan(0);
  // The manager's 统计分析: the amount recovered with its fen, as every amount of the column (25,469.5 stood there).
  const mg = await session(WIDE);
  await login(srv.base, mg.page, 'manager');
  const recovered = mg.page.getByTestId('cell-wl-recoveredLoss');
  await recovered.waitFor();
  for (let i = 0; (await recovered.innerText()) !== '25,469.50' && i < 20; i++) {
    await mg.page.waitForTimeout(500); // the rollup folds the close asynchronously
    await mg.page.getByRole('button', { name: /刷\s?新/ }).click();
  }
  expect(await recovered.innerText()).toBe('25,469.50');
  expect(s.errors).toEqual([]);
  expect(mg.errors).toEqual([]);
});

it('回访未果: the operator records that the complainant could not be reached; the case leaves 待回访, archived, said so on its page', async () => {
  const op = await token('operator');
  const h = await token('handler.wl');
  const c = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: now() })).expect(201);
  for (const step of ['sign', 'accept']) await http().post(`/api/v1/cases/${c.body.id}/${step}`).set('Authorization', h).send({}).expect(200);
  await http().post(`/api/v1/cases/${c.body.id}/close`).set('Authorization', h).send({ outcome: 'noAgreement' }).expect(200);
  const s = await session(WIDE);
  await login(srv.base, s.page, 'operator');
  await s.page.goto(`${srv.base}/callbacks`);
  const search = s.page.getByTestId('callback-search').locator('input');
  const table = s.page.getByTestId('callback-page').locator('.ant-table');
  await search.fill(c.body.caseNo);
  await search.press('Enter');
  await table.locator('tr', { hasText: c.body.caseNo }).getByRole('button', { name: '回访' }).or(table.locator('tr', { hasText: c.body.caseNo }).getByRole('button', { name: '回 访' })).click();
  const dialog = await settledDialog(s.page);
  await dialog.getByText('无法联系（多次联系未果）').click();
  await dialog.getByLabel('满意度').waitFor({ state: 'detached' }); // no rating for nobody reached
  await clickInModal(s.page, '保存回访并归档');
  await dialog.getByText('请写明联系情况').waitFor(); // the attempts are the record
  await dialog.getByLabel('联系情况').fill('12月3日、4日两次电话均未接通，短信未回复。');
  await dialog.getByText('请写明联系情况').waitFor({ state: 'detached' });
  await shot(s.page, 'kinds-callback-unreachable-1440');
  await clickInModal(s.page, '保存回访并归档');
  await dialog.waitFor({ state: 'detached' });
  await s.page.getByText(`${c.body.caseNo} 已记录回访未果，案件已归档`).waitFor();
  await table.getByText('没有符合条件的待回访投诉').waitFor();
  await s.page.goto(`${srv.base}/cases/${c.body.id}`);
  await s.page.getByTestId('status-tag').filter({ hasText: '已归档' }).waitFor();
  const step = s.page.getByTestId('case-timeline').locator('.ant-timeline-item', { hasText: '回访未果（无法联系）' });
  await step.getByText('说明：12月3日、4日两次电话均未接通，短信未回复。').waitFor();
  expectNoCodesIn(await s.page.getByTestId('case-timeline').innerText());
  expect(s.errors).toEqual([]);
});
