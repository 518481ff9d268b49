// 工作要点 import from a file in real headless Chromium (issue 7, item 1): the admin picks a .docx in the antd Upload,
// the console previews it (POST /plans/preview with `file`), shows the extracted text and the items, and confirms
// with that text; a file the API refuses shows its Chinese message. Fixtures are built with `docx` (test/support).
// Item 2: the plan's task list shows each task's due date and cadence, and the city's manager changes them in the
// 调整 dialog; leaders read the plan, and only 办公室's leader is offered 调整.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planDocx } from '../support/plan-docx.js';
import { LARGE, login as loginAt, pickOption, session, settledDialog, shot, consoleFile } from './browser.js';

const srv = consoleFile();
const sample = readFileSync(join(__dirname, '../../libs/tasks/src/domain/__fixtures__/changde-2023-work-points.txt'), 'utf8');
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function openImport(page: Awaited<ReturnType<typeof session>>['page']) {
  await loginAt(srv.base, page, 'admin');
  await page.goto(`${srv.base}/plans`);
  await page.getByRole('button', { name: '导入工作要点' }).click();
  const card = page.getByTestId('plan-import');
  await card.waitFor();
  return card;
}

describe('console: plan import from a file', () => {
  it('previews an auto-numbered .docx of the sample (64 items, unmatched names listed) and a small one is confirmed', async () => {
    const { page, errors } = await session(LARGE);
    const card = await openImport(page);
    const input = card.locator('input[type=file]');
    expect(await input.getAttribute('accept')).toBe('.txt,.docx');

    await input.setInputFiles({ name: '常德市2023年工作要点.docx', mimeType: DOCX, buffer: await planDocx(sample, 'items') });
    await card.getByText('未匹配的单位名称').waitFor();
    await card.getByText('市场主体培育专班').first().waitFor();
    await card.getByText('共 64 项').waitFor();
    // The title defaults to the file name; the text box holds the extracted text, numbers written back.
    expect(await card.getByLabel('名称').inputValue()).toBe('常德市2023年工作要点');
    const text = await card.locator('textarea').inputValue();
    expect(text).toContain('1.实施市场主体倍增工程');
    expect(text).toContain('64.');
    await card.getByText('提取的文字', { exact: false }).waitFor();
    await shot(page, 'plan-import-docx');

    // A small plan whose units all match: upload → preview → 确认导入 with the extracted text.
    const small = ['一、强化消费维权', '1.推进投诉举报处理规范化。（责任单位：消保科、网监科）', '2.开展价格监督检查，力争办结率达到98%以上。(责任单位:价监科)'].join('\n');
    await card.getByLabel('名称').fill('');
    await input.setInputFiles({ name: '消费维权要点.docx', mimeType: DOCX, buffer: await planDocx(small, 'items') });
    await card.getByText('推进投诉举报处理规范化').first().waitFor();
    expect(await card.getByText('未匹配的单位名称').count()).toBe(0);
    await card.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('已导入：2 项任务').waitFor();
    const plan = await srv.db.prisma.workPlan.findFirstOrThrow({ where: { title: '消费维权要点' } });
    expect(await srv.db.prisma.workTask.count({ where: { planId: plan.id } })).toBe(2);
    expect(errors).toEqual([]);
  });

  it('says in Chinese why a file is refused: GBK .txt (API) and .doc (checked in the browser)', async () => {
    const { page } = await session(LARGE);
    const plans = await srv.db.prisma.workPlan.count();
    const card = await openImport(page);
    const input = card.locator('input[type=file]');
    const gbk = Buffer.from([0xb9, 0xa4, 0xd7, 0xf7, 0xd2, 0xaa, 0xb5, 0xe3, 0x0a]); // 工作要点 in GBK
    await input.setInputFiles({ name: '要点.txt', mimeType: 'text/plain', buffer: gbk });
    await card.getByText('文件不是 UTF-8 编码的文本', { exact: false }).waitFor();
    expect(await card.getByLabel('名称').inputValue()).toBe(''); // the title it defaulted to goes with the refused file
    await input.setInputFiles({ name: '要点.doc', mimeType: 'application/msword', buffer: Buffer.from('x') });
    await card.getByText('「要点.doc」：不支持 .doc/.wps 文件，请在 Word/WPS 中另存为 .docx 后上传').waitFor();
    // The refused file is named in the message only: nothing on the form reads as if it had been taken.
    expect(await card.locator('.ant-form-item-extra').count()).toBe(0);
    expect(await card.getByLabel('名称').inputValue()).toBe('');
    // A file the browser can no longer read (moved or removed since it was picked): said, nothing sent.
    let previews = 0;
    page.on('request', (r) => { if (r.url().includes('/plans/preview')) previews++; });
    await page.evaluate(() => { Blob.prototype.arrayBuffer = () => Promise.reject(new DOMException('gone', 'NotReadableError')); });
    await input.setInputFiles({ name: '要点.txt', mimeType: 'text/plain', buffer: Buffer.from('1.推进投诉举报处理规范化。') });
    await card.getByText('无法读取文件「要点.txt」，请确认文件仍在原处后重新选择').waitFor();
    expect(previews).toBe(0);
    expect(await card.locator('.ant-form-item-extra').count()).toBe(0);
    expect(await card.getByLabel('名称').inputValue()).toBe('');
    await shot(page, 'plan-import-unreadable-file');
    expect(await srv.db.prisma.workPlan.count()).toBe(plans);
  });

  it('the city manager changes a task due date and cadence in the 调整 dialog; an API refusal lands on the field', async () => {
    const small = ['一、强化消费维权', '1.推进投诉举报处理规范化。（责任单位：消保科、网监科）', '2.开展价格监督检查。(责任单位:价监科)'].join('\n');
    const admin = await srv.token('admin');
    const year = Number(srv.clock.now().toISOString().slice(0, 4));
    const confirmed = await srv.http().post('/api/v1/plans').set('Authorization', admin)
      .send({ title: '调整期限测试要点', year, text: small, items: [{ seq: 2, cadence: 'none' }] }).expect(201);
    const { page, errors } = await session(LARGE);
    await loginAt(srv.base, page, 'manager');
    await page.goto(`${srv.base}/plans`);
    await page.getByRole('cell', { name: '调整期限测试要点' }).click();
    const tasks = page.getByTestId('plan-tasks');
    await tasks.getByTestId('task-cadence-2').getByText('不定期').waitFor();
    expect(await tasks.getByTestId('task-cadence-1').innerText()).toBe('按月');
    expect(await tasks.getByTestId('task-due-1').innerText()).toBe(`${year}-12-31`);

    await tasks.getByTestId('task-schedule-1').click();
    const dialog = await settledDialog(page);
    // an antd DatePicker (DateField): a typed date is taken when the field is left — here by the click on 保存 —
    // or with Enter (below)
    await dialog.getByLabel('完成期限（当日24时）').fill(`${year - 1}-06-30`);
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('完成期限不能早于计划年度开始', { exact: false }).waitFor();
    const task1 = await srv.db.prisma.workTask.findFirstOrThrow({ where: { planId: confirmed.body.id, seq: 1 } });
    expect(task1.cadence).toBe('monthly');

    await dialog.getByLabel('完成期限（当日24时）').fill(`${year + 1}-06-30`);
    await dialog.getByLabel('完成期限（当日24时）').press('Enter');
    await pickOption(page, dialog.getByRole('combobox'), '按季');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('已调整', { exact: false }).waitFor();
    await tasks.getByTestId('task-cadence-1').getByText('按季').waitFor();
    expect(await tasks.getByTestId('task-due-1').innerText()).toBe(`${year + 1}-06-30`);
    const after = await srv.db.prisma.workTask.findUniqueOrThrow({ where: { id: task1.id } });
    expect(after).toMatchObject({ cadence: 'quarterly' });
    expect(after.dueDate.toISOString().slice(0, 10)).toBe(`${year + 1}-06-30`);
    expect(await srv.db.prisma.workTaskEvent.count({ where: { taskId: task1.id, type: 'TaskScheduleChanged' } })).toBe(1);
    await shot(page, 'task-schedule');
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]); // the refused save is a 400 Chromium logs
  });

  it("leaders read the plan; only 办公室's leader is offered 调整", async () => {
    const seen = async (username: string) => {
      const { page, errors } = await session(LARGE);
      await loginAt(srv.base, page, username);
      await page.getByRole('menuitem', { name: '工作要点' }).click();
      await page.getByRole('cell', { name: '调整期限测试要点' }).click();
      const tasks = page.getByTestId('plan-tasks');
      await tasks.getByTestId('task-cadence-1').waitFor();
      const offered = await tasks.getByTestId('task-schedule-1').count();
      expect(await page.getByRole('button', { name: '导入工作要点' }).count()).toBe(0);
      expect(errors).toEqual([]);
      return offered;
    };
    expect(await seen('leader.cd-bgs')).toBe(1);
    expect(await seen('leader.wl')).toBe(0);
  });
});

describe('console: 工作任务 (a unit its tasks and its reports)', () => {
  it("a county's leader at 1366 reads its tasks whole (no column under the 报送进展 button), each report owed by its period, and reports progress", async () => {
    const text = [
      '一、投诉举报处理',
      '1.推进投诉举报处理规范化，按期办结率达到98%以上。（责任单位：消保科、各区县市场监管局）',
      '2.开展基层市场监管所调解业务培训。（责任单位：武陵区市场监管局）',
    ].join('\n');
    const year = Number(srv.clock.now().toISOString().slice(0, 4));
    const plan = (await srv.http().post('/api/v1/plans').set('Authorization', await srv.token('admin'))
      .send({ title: '工作任务页面测试要点', year, text, items: [{ seq: 2, cadence: 'quarterly' }] }).expect(201)).body as { id: string };
    const { page, errors } = await session({ width: 1366, height: 900 });
    await loginAt(srv.base, page, 'leader.wl');
    await page.getByRole('menuitem', { name: '工作任务' }).click();
    const table = page.getByTestId('unit-tasks');
    const row = (n: string) => table.locator('tbody tr.ant-table-row', { has: page.getByRole('cell', { name: n, exact: true }) });
    await row('1').waitFor();
    // Fits at 1366: no sideways scroll, so the fixed 报送进展 column covers nothing (状态 read 「进行」 under it).
    expect(await table.locator('.ant-table-content').evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0);
    const status = await row('1').locator('td').nth(8).boundingBox();
    const button = await row('1').getByRole('button', { name: '报送进展' }).boundingBox();
    expect(status!.x + status!.width).toBeLessThanOrEqual(button!.x);
    expect(await row('1').locator('td').nth(8).innerText()).toBe('进行中');
    // The report owed, named as people read the period: a month, or a quarter for a quarterly task.
    await row('1').getByText(/^2026年11月进展 \d{4}-\d{2}-\d{2} 前报送$/).waitFor();
    await row('2').getByText(/^2026年第4季度进展 \d{4}-\d{2}-\d{2} 前报送$/).waitFor();
    expect(await row('2').getByText('月报').count()).toBe(0);
    await shot(page, 'unit-tasks-1366');

    await row('1').getByRole('button', { name: '报送进展' }).click();
    const dialog = await settledDialog(page);
    await dialog.getByLabel('完成进度（%）').fill('40');
    await dialog.getByLabel('进展情况').fill('本月辖区投诉按期办结率98.2%，对2件超期件已督办。');
    await dialog.getByRole('button', { name: '报 送' }).or(dialog.getByRole('button', { name: '报送' })).click();
    await page.getByText('进展已报送').waitFor();
    // The next month is owed now; the progress column shows the report.
    await row('1').getByText(/^2026年12月进展 /).waitFor();
    const task1 = await srv.db.prisma.workTask.findFirstOrThrow({ where: { planId: plan.id, seq: 1 } });
    const wl = await srv.db.prisma.unit.findFirstOrThrow({ where: { code: 'wl' } });
    expect(await srv.db.prisma.workProgressReport.findMany({ where: { taskId: task1.id }, select: { unitId: true, role: true, period: true, percent: true } }))
      .toEqual([{ unitId: wl.id, role: 'co', period: '2026-11', percent: 40 }]);
    await row('1').getByText('40%').waitFor();
    expect(errors).toEqual([]);
  });
});
