// The console's deadline-engine, hand-off, leader, manager and admin screens in real headless Chromium (Debian's
// /usr/bin/chromium via playwright-core) against the API and the worker booted in-process on a per-file database
// (same harness as console.e2e-spec.ts). Notifications are delivered all day here (WORKING_HOURS 00:00-24:00) so the
// badge test does not depend on the hour it runs at.
import { complaintBody } from '#testing';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { LARGE, SHOTS, SMALL, expectNoPageOverflow, login as loginAt, pickOption, session, settledDialog, shot, waitForTrue, consoleFile } from './browser.js';

const srv = consoleFile({ WORKING_HOURS: '00:00-24:00' });
const http = () => srv.http();
const db = { get prisma() { return srv.db.prisma; } };
const token = (username: string) => srv.token(username);
const login = (page: Parameters<typeof loginAt>[1], username: string) => loginAt(srv.base, page, username);

/** China's date today (YYYY-MM-DD) and date arithmetic on such strings. */
const chinaToday = () => new Date(srv.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const addDays = (d: string, n: number) => { const x = new Date(`${d}T00:00:00Z`); x.setUTCDate(x.getUTCDate() + n); return x.toISOString().slice(0, 10); };

/** Polls fn until it returns a truthy value (the worker works asynchronously). */
async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 30_000, every = 300): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, every));
  }
}

describe('console: deadline engine, leaders, notifications', () => {
  it('a handler asks to pause and extend a report\'s verification (refusals shown in place), the leader approves it (1920×1080)', async () => {
    const op = await token('operator');
    const report = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ type: 'report', receivedAt: srv.clock.now().toISOString(), description: '某商店销售过期食品。', request: undefined, amount: undefined })).expect(201);
    expect(report.body.type).toBe('report');

    const { page, errors } = await session(LARGE);
    await login(page, 'handler.wl');
    await page.goto(`${srv.base}/cases/${report.body.id}`);
    await page.getByTestId('case-detail').waitFor();
    const dialog = page.getByRole('dialog');

    // Only the pause reasons the verification policy lists are offered (补正材料 is not one of them; the API's
    // 400 PAUSE_NOT_ALLOWED for it is covered in test/e2e/deadline-engine.e2e-spec.ts).
    await page.getByRole('button', { name: '暂停计时' }).click();
    await settledDialog(page);
    await dialog.getByTestId('pause-reason').getByText('检验、检测、鉴定').waitFor();
    expect(await dialog.getByTestId('pause-reason').textContent()).not.toContain('补正材料');
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });

    // More than the cap (once, ≤ 15 working days): 409 EXTENSION_CAP, said in the dialog.
    await page.getByRole('button', { name: '申请延期' }).click();
    await settledDialog(page);
    await dialog.getByTestId('extension-kind').getByText('核查').waitFor();
    await dialog.getByLabel('延长').fill('20');
    await dialog.getByLabel('延期理由').fill('涉案商品需送检，案情复杂');
    await dialog.getByRole('button', { name: '提交申请' }).click();
    await dialog.getByText('延期累计不得超过15').first().waitFor();
    await dialog.getByLabel('延长').fill('15');
    await dialog.getByRole('button', { name: '提交申请' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('deadline-breakdown').locator('tr', { hasText: '核查' }).click();
    await page.getByTestId('clock-extension').filter({ hasText: '待审批' }).waitFor();
    const dueBefore = await page.getByTestId('due-verification').getAttribute('data-due');
    await shot(page, 'extension-requested-1920');
    // The refusal above is the browser's network log of the API's answer, not a script error.
    expect(errors.filter((e) => !/status of 409 \(Conflict\)/.test(e))).toEqual([]);
    expect(errors).toHaveLength(1);

    const leader = await session(LARGE);
    await login(leader.page, 'leader.wl');
    await leader.page.getByRole('menuitem', { name: '审批与超期' }).click();
    const row = leader.page.getByTestId('pending-extensions').locator('tr', { hasText: report.body.caseNo });
    await row.waitFor();
    expect(await row.textContent()).toContain('15个工作日');
    await shot(leader.page, 'approvals-1920');
    await row.getByRole('button', { name: '审批' }).click();
    await (await settledDialog(leader.page)).getByLabel('说明').fill('同意延期');
    await leader.page.getByRole('dialog').getByRole('button', { name: '提交审批' }).click();
    await row.waitFor({ state: 'detached' });

    // The deadline moved by 15 working days, with the approval on the breakdown.
    await leader.page.goto(`${srv.base}/cases/${report.body.id}`);
    await leader.page.getByTestId('deadline-breakdown').locator('tr', { hasText: '核查' }).click();
    await leader.page.getByTestId('clock-extension').filter({ hasText: '已批准' }).waitFor();
    const dueAfter = await leader.page.getByTestId('due-verification').getAttribute('data-due');
    expect(dueAfter! > dueBefore!).toBe(true);
    await expect(leader.page.getByTestId('deadline-breakdown').textContent()).resolves.toContain('延期 +15');
    const h = await token('handler.wl');
    const clocks = (await http().get(`/api/v1/cases/${report.body.id}/deadlines`).set('Authorization', h).expect(200)).body as { kind: string; extended: number; dueDate: string }[];
    expect(clocks.find((c) => c.kind === 'verification')).toMatchObject({ extended: 15, dueDate: dueAfter });
    await expectNoPageOverflow(leader.page);
    expect(leader.errors).toEqual([]);
  }, 120_000);

  it('the header badge shows a delivered 临期预警 and the inbox marks it read (1366×768)', async () => {
    const admin = await token('admin');
    const op = await token('operator');
    const h = await token('handler.wl');
    const today = chinaToday();
    // Non-urgent notices are held to working days: make today one if it is not (this file's own database).
    const isWorking = (await http().get(`/api/v1/calendar/deadline?from=${addDays(today, -1)}&amount=1&unit=workingDays`).set('Authorization', op).expect(200)).body.dueDate === today;
    if (!isWorking) await http().put(`/api/v1/admin/calendar/days/${today}`).set('Authorization', admin).send({ kind: 'workday', name: '测试' }).expect(200);
    // Received so long ago that the 7-working-day acceptance decision falls due today or on the next working day:
    // its warning rung (2 working days before) is already past, the due instant is not.
    let from = today;
    for (let k = 1; k < 20; k++) {
      const d = addDays(today, -k);
      const due = (await http().get(`/api/v1/calendar/deadline?from=${d}&amount=7&unit=workingDays`).set('Authorization', op).expect(200)).body.dueDate as string;
      if (due < today) break;
      from = d;
    }
    const c = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ receivedAt: `${from}T09:00:00+08:00`, respondent: { name: '常德市武陵区临期测试商店', regionCode: '430702', address: '常德市武陵区某路9号' } })).expect(201);
    const notice = await until(async () => {
      const r = await http().get('/api/v1/notifications?unread=true').set('Authorization', h).expect(200);
      return (r.body.items as { caseId: string; kind: string; id: string }[]).find((n) => n.caseId === c.body.id && n.kind === 'warn');
    });
    expect(notice).toBeTruthy();
    // A second unread item for the unit (a 通报 from the city), so that 全部标为已读 has something left to mark.
    const wl = await db.prisma.unit.findUniqueOrThrow({ where: { code: 'wl' } });
    await db.prisma.notification.create({ data: {
      id: randomUUID(), unitId: wl.id, kind: 'notice', title: '通报', body: '市局通报：请各单位核查本月超期案件。', urgent: true, createdAt: srv.clock.now(), deliverAt: srv.clock.now(),
    } });

    const { page, errors } = await session(SMALL);
    await login(page, 'handler.wl');
    const badge = page.getByTestId('notif-badge');
    await waitForTrue(page, `Number(document.querySelector('[data-testid=notif-badge]')?.getAttribute('data-count')) > 0`);
    const before = Number(await badge.getAttribute('data-count'));
    await expect(badge.locator('.ant-badge-count').textContent()).resolves.toBe(String(before));
    await shot(page, 'notification-badge-1366');
    await page.getByRole('button', { name: '通知' }).click();
    await page.waitForURL(/\/notifications$/);
    const item = page.getByTestId('notification').filter({ hasText: c.body.caseNo });
    await item.waitFor();
    expect(await item.textContent()).toContain('临期预警');
    // the page says how many are unread (not a bare 「未读」 beside the filter's own)
    await waitForTrue(page, `document.querySelector('[data-testid=notifications-unread]')?.textContent === '${before} 条未读'`);
    await shot(page, 'notifications-1366');
    await item.getByRole('button', { name: '标为已读' }).click();
    await item.waitFor({ state: 'detached' });
    await waitForTrue(page, `Number(document.querySelector('[data-testid=notif-badge]')?.getAttribute('data-count')) === ${before - 1}`);
    // 全部标为已读: the rest at once, the bell at 0, and the button off with nothing left to mark.
    expect(before - 1).toBeGreaterThan(0);
    const readAll = page.getByRole('button', { name: '全部标为已读' });
    await readAll.click();
    await page.getByText('没有未读通知').waitFor();
    await waitForTrue(page, `Number(document.querySelector('[data-testid=notif-badge]')?.getAttribute('data-count')) === 0`);
    expect(await readAll.isDisabled()).toBe(true);
    expect(await page.getByTestId('notifications-unread').count()).toBe(0);
    await page.getByText('全部', { exact: true }).click();
    await page.getByTestId('notification').first().waitFor();
    expect(await page.getByTestId('notification').evaluateAll((ns) => ns.every((n) => n.getAttribute('data-read') === 'true'))).toBe(true);
    await shot(page, 'notifications-all-read-1366');
    await expectNoPageOverflow(page);
    expect(errors).toEqual([]);
  }, 90_000);

  it('the manager sees an indicator change after a case is closed, drills down, exports Excel and drafts a warning (1920×1080)', async () => {
    const op = await token('operator');
    const h = await token('handler.wl');
    const { page, errors } = await session(LARGE);
    await login(page, 'manager');
    await page.waitForURL(/\/dashboard$/);
    const cell = page.getByTestId('cell-wl-mediationSuccessRate');
    await cell.waitFor();
    const before = (await cell.textContent())!;

    // A complaint registered, signed, accepted and closed by agreement today (China time).
    const c = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: srv.clock.now().toISOString() })).expect(201);
    for (const step of ['sign', 'accept']) await http().post(`/api/v1/cases/${c.body.id}/${step}`).set('Authorization', h).send({}).expect(200);
    await http().post(`/api/v1/cases/${c.body.id}/close`).set('Authorization', h).send({ outcome: 'agreement', recoveredAmount: 199 }).expect(200);

    // The worker's rollup catches up asynchronously: refresh until the cell moves.
    await until(async () => {
      await page.getByRole('button', { name: '刷新' }).click();
      await page.waitForTimeout(400);
      const t = await cell.textContent();
      return t !== before && t?.includes('100.0%');
    });
    expect(await cell.textContent()).toContain('1/1');
    await page.getByTestId('indicator-bar').locator('canvas').waitFor();
    await page.getByTestId('indicator-trend').locator('canvas').waitFor();
    // figures to draw: no "nothing to draw" over the charts
    expect(await page.getByTestId('indicator-bar-empty').count()).toBe(0);
    expect(await page.getByTestId('indicator-trend-empty').count()).toBe(0);
    await shot(page, 'dashboard-1920');

    // Excel export of the table as shown, read back with exceljs.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-excel').click()]);
    expect(dl.suggestedFilename()).toMatch(/^指标_.*\.xlsx$/);
    const file = join(mkdtempSync(join(tmpdir(), 'fangxin-xlsx-')), 'export.xlsx');
    await dl.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('指标')!;
    expect(ws).toBeTruthy();
    expect(ws.getCell('A1').value).toBe('单位');
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const col = header.indexOf('调解成功率');
    expect(col).toBeGreaterThan(1);
    let wlRow: ExcelJS.Row | undefined;
    ws.eachRow((r) => { if (r.getCell(1).value === '武陵区市场监督管理局') wlRow = r; });
    expect(wlRow?.getCell(col).value).toBe(1);
    rmSync(file, { force: true });

    // Drill down 市 → 区县: the county's stations.
    await page.getByTestId('unit-row-wl').click();
    await page.getByTestId('drill-path').getByText('武陵区市场监督管理局').waitFor();
    await expect(page.getByTestId('indicator-table').textContent()).resolves.toContain('市场监管所');
    // The county's own row is its total: its name and 合计 whole at 1366 px (they were behind an ellipsis).
    await page.setViewportSize(SMALL);
    const own = page.getByTestId('unit-row-wl');
    await expect(own.textContent()).resolves.toBe('武陵区市场监督管理局合计');
    await expect(own.evaluate((e) => e.getBoundingClientRect().right <= e.closest('td')!.getBoundingClientRect().right)).resolves.toBe(true);
    await shot(page, 'dashboard-drilled-1366');
    await page.setViewportSize(LARGE);
    await page.getByTestId('drill-path').getByRole('link').first().click();
    await page.getByTestId('unit-row-wl').waitFor();

    // A consumer warning drafted from the top hotspot.
    await page.getByTestId('hotspots').getByRole('button', { name: '起草消费警示' }).first().click();
    await expect(page.getByTestId('warning-body').textContent()).resolves.toContain('提醒广大消费者');
    await page.keyboard.press('Escape');
    await page.getByTestId('warning-body').waitFor({ state: 'hidden' });
    await expectNoPageOverflow(page);
    expect(errors).toEqual([]);
  }, 120_000);

  it('the admin makes a Saturday a working day and the case\'s deadline moves on its detail page (1366×768)', async () => {
    const op = await token('operator');
    // Received Friday 2026-11-20: the 7 working days run 11-23 … 12-01. A make-up Saturday 11-21 ends them on 11-30.
    const c = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ receivedAt: '2026-11-20T10:15:00+08:00', respondent: { name: '常德市武陵区调休测试商店', regionCode: '430702', address: '常德市武陵区某路3号' } })).expect(201);
    const acceptance = (c.body.deadlines as { kind: string; dueDate: string }[]).find((d) => d.kind === 'acceptance')!;
    expect(acceptance.dueDate).toBe('2026-12-01');

    const { page, errors } = await session(SMALL, 'Asia/Shanghai');
    await login(page, 'admin');
    await page.getByRole('menuitem', { name: '工作日历' }).click();
    await page.getByTestId('calendar-year').getByText('2026年').waitFor();
    const day = page.locator('[data-date="2026-11-21"]');
    await expect(day.getAttribute('data-kind')).resolves.toBe('rest');
    await day.click();
    const dialog = await settledDialog(page);
    await dialog.getByLabel('调休上班').check();
    await dialog.getByLabel('名称').fill('调休上班（测试）');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('[data-date="2026-11-21"][data-kind="workday"]').waitFor();
    await shot(page, 'calendar-1366');

    // The worker recomputes asynchronously: reload the case until the breakdown shows the new due date.
    await page.goto(`${srv.base}/cases/${c.body.id}`);
    await until(async () => {
      await page.getByRole('button', { name: '刷新' }).click();
      await page.waitForTimeout(300);
      return (await page.getByTestId('due-acceptance').getAttribute('data-due')) === '2026-11-30';
    });
    await page.getByTestId('deadline-breakdown').locator('tr', { hasText: '受理决定' }).click();
    const cal = page.getByTestId('deadline-calendar');
    await expect(cal.getAttribute('data-due')).resolves.toBe('2026-11-30');
    await expect(cal.locator('[title="2026-11-21"]').getAttribute('data-mark')).resolves.toBe('counted');
    expect(await cal.locator('[data-mark="counted"], [data-mark="due"]').count()).toBe(7);
    await expect(page.getByTestId('clock-detail').textContent()).resolves.toContain('期限变更');
    await page.getByTestId('deadline-breakdown').screenshot({ path: join(SHOTS, 'deadline-breakdown-1366.png') });
    await expectNoPageOverflow(page);
    expect(errors).toEqual([]);
  }, 120_000);
  it('the admin edits a time limit\'s ladder: the API\'s errors land on the rows, then the new ladder shows in the table (1366×768)', async () => {
    const { page, errors } = await session(SMALL, 'Asia/Shanghai');
    await login(page, 'admin');
    await page.getByRole('menuitem', { name: '时限规则' }).click();
    const row = page.getByTestId('time-limits-page').locator('tr', { hasText: '终止调解告知' }).filter({ hasText: '处理办法' });
    await expect(row.textContent()).resolves.toContain('临期预警：到期前2个工作日 · 超期提醒 · 超期督办：到期后2个工作日');
    expect(await row.textContent()).not.toMatch(/[A-Za-z]/);
    await row.getByRole('button', { name: '编辑' }).click();
    const dialog = await settledDialog(page);
    const rows = dialog.getByTestId('ladder-row');
    expect(await rows.count()).toBe(3);
    await expect(dialog.textContent()).resolves.toContain('法定时限必须保留“超期提醒”档');
    // A warning after due: refused by the API, said on the row's offset.
    await rows.nth(0).getByRole('spinbutton').fill('1');
    await dialog.getByRole('button', { name: '保存' }).click();
    // Asked first, with the number of live clocks the change reaches (once per edit).
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText('在办期限').waitFor();
    await confirm.getByRole('button', { name: '确认修改' }).click();
    await dialog.getByText('临期预警应在到期之前').waitFor();
    await shot(page, 'ladder-error-1366');
    // Fixed, plus a 催办 one working day after due; the due rung removed → the legal-step error on the list.
    await rows.nth(0).getByRole('spinbutton').fill('-3');
    // 添加档位 until the fourth row is there (on a busy machine a click can land while the form is re-rendering)
    const addRung = async () => {
      const before = await rows.count();
      for (let attempt = 1; ; attempt++) {
        await dialog.getByRole('button', { name: '添加档位' }).click();
        try {
          await rows.nth(before).waitFor({ timeout: 3000 });
          return;
        } catch (e) {
          if (attempt === 3 || (await rows.count()) > before) throw e;
        }
      }
    };
    await addRung();
    await pickOption(page, rows.nth(3).getByRole('combobox'), '超期催办');
    await rows.nth(3).getByRole('spinbutton').fill('1');
    await rows.nth(1).getByRole('button', { name: '删除此档' }).click();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('法定时限必须保留“超期提醒”档（超期标记不能取消）').waitFor();
    await addRung();
    await pickOption(page, rows.nth(3).getByRole('combobox'), '超期提醒');
    await rows.nth(3).getByRole('spinbutton').fill('0');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.waitFor({ state: 'detached' });
    await until(async () => ((await row.textContent()) ?? '').includes('临期预警：到期前3个工作日 · 超期提醒 · 超期催办：到期后1个工作日 · 超期督办：到期后2个工作日'));
    await shot(page, 'time-limits-1366');
    await expectNoPageOverflow(page);
    // At 1366 px nothing of the table is out of view, and each row's 启用 switch is whole, under no other cell.
    await expect(page.getByTestId('time-limits-page').locator('.ant-table-content').evaluate((e) => e.scrollWidth <= e.clientWidth)).resolves.toBe(true);
    await expect(page.getByTestId('time-limits-page').locator('tbody .ant-switch').evaluateAll((switches) => switches.every((s) => {
      s.scrollIntoView({ block: 'center' });
      const r = s.getBoundingClientRect();
      return [r.left + 2, r.right - 2].every((x) => s.contains(s.ownerDocument.elementFromPoint(x, r.top + r.height / 2)));
    }))).resolves.toBe(true);
    // 历史: the edit is on record with its author, the old and the new ladder; the seeded version below it.
    await row.getByRole('button', { name: '历史' }).click();
    const history = page.getByTestId('policy-history');
    await history.getByTestId('policy-change').first().waitFor();
    const rowsH = history.locator('tbody tr.ant-table-row');
    expect(await rowsH.count()).toBe(2);
    await expect(rowsH.nth(0).textContent()).resolves.toContain('预警督办阶梯：临期预警：到期前2个工作日 · 超期提醒 · 超期督办：到期后2个工作日 → 临期预警：到期前3个工作日 · 超期提醒 · 超期催办：到期后1个工作日 · 超期督办：到期后2个工作日');
    await expect(rowsH.nth(0).textContent()).resolves.toContain('系统管理员');
    await expect(rowsH.nth(1).textContent()).resolves.toContain('系统');
    await shot(page, 'time-limit-history-1366');
    await page.keyboard.press('Escape');
    // The two refusals above are the browser's only complaints.
    expect(errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e))).toEqual([]);
    expect(errors).toHaveLength(2);
  }, 120_000);

  it('the header asks for unread notifications every 20 s on screen, never from a tab in the background, at once on return', async () => {
    const { page, errors } = await session(SMALL);
    let polls = 0;
    page.on('request', (r) => { if (r.url().includes('/api/v1/notifications?unread=true&limit=1')) polls++; });
    await login(page, 'handler.wl');
    await page.getByTestId('inbox-page').waitFor();
    const seen = async (n: number) => { for (let i = 0; i < 100 && polls < n; i++) await page.waitForTimeout(20); return polls; };
    polls = 0;
    await page.clock.runFor(60_000);
    expect(await seen(3)).toBe(3);
    // the tab goes to the background (another window in front, minimised)
    const visibility = (state: string) => page.evaluate(`Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' }); document.dispatchEvent(new Event('visibilitychange'))`);
    await visibility('hidden');
    polls = 0;
    await page.clock.runFor(120_000);
    await page.waitForTimeout(300);
    expect(polls).toBe(0);
    await visibility('visible');
    expect(await seen(1)).toBe(1);
    expect(errors).toEqual([]);
  }, 60_000);
});
