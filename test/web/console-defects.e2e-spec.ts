// Issue 13 §4, the console's review defects, in real headless Chromium against the API and the worker (same harness
// as console.e2e-spec.ts): a paused clock resumes; only what the policy allows is offered; a time limit of 0 is
// refused; plan import maps many names at once and says a refusal on its row; 并单 / 移送 / 报请上级 / 提级办理 work;
// the overdue list shows working days overdue, who signed, and 催办; every notification kind is Chinese; an inquiry
// needs no business; the main pages at 1440×900 cut no header and show no internal code; a case list or the 协办与督办
// panel, 通知, 工作任务, 审批与超期, 督办催办, 工作要点, 工作日历, 统计分析 (and its 投诉热点), 投诉信息公示 or an admin
// list that fails to load says so, with 重试, instead of passing for an empty one.
import { randomUUID } from 'node:crypto';
import { complaintBody } from '#testing';
import type { Page } from 'playwright-core';
import { chooseSuggestion, expectNoCodesIn, login as loginAt, pickOption, session, settledDialog, shot, waitForTrue, consoleFile } from './browser.js';

const srv = consoleFile({ WORKING_HOURS: '00:00-24:00' });
const http = () => srv.http();
const token = (username: string) => srv.token(username);
const login = (page: Page, username: string) => loginAt(srv.base, page, username);
const WIDE = { width: 1440, height: 900 };

const now = () => srv.clock.now();
const unitId = async (code: string) => (await srv.db.prisma.unit.findFirstOrThrow({ where: { code } })).id;

/** Polls fn until it returns a truthy value (the worker works asynchronously). */
async function until<T>(fn: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** A complaint to 武陵区 (rule on 430702), registered now by the operator; signed (and accepted) by handler.wl. */
async function complaint(step: 'dispatched' | 'signed' | 'accepted', over: Record<string, unknown> = {}): Promise<{ id: string; caseNo: string }> {
  const r = await http().post('/api/v1/cases').set('Authorization', await token('operator')).send(complaintBody({ receivedAt: now().toISOString(), ...over })).expect(201);
  const h = await token('handler.wl');
  if (step !== 'dispatched') await http().post(`/api/v1/cases/${r.body.id}/sign`).set('Authorization', h).send({}).expect(200);
  if (step === 'accepted') await http().post(`/api/v1/cases/${r.body.id}/accept`).set('Authorization', h).send({}).expect(200);
  return { id: r.body.id, caseNo: r.body.caseNo };
}

/** The page (or the element `testId`) shows no internal code (expectNoCodesIn). */
async function expectNoCodes(page: Page, testId?: string): Promise<void> {
  expectNoCodesIn(await (testId ? page.getByTestId(testId) : page.locator('main, .ant-layout-content').first()).innerText());
}

/** The header cells (or, with `cells`, the body cells) of a table whose text is wider than the cell: cut or ellipsised. */
async function clippedCells(page: Page, testId: string, cells: 'thead th' | 'tbody td' | 'tbody td.fx-col-category' = 'thead th'): Promise<string[]> {
  // an expression string: the test build has no DOM types
  return page.evaluate<string[]>(`Array.from(document.querySelectorAll('[data-testid="${testId}"] ${cells}')).filter((th) => {
    if (!th.innerText.trim()) return false;
    const r = document.createRange();
    r.selectNodeContents(th);
    const st = getComputedStyle(th);
    return r.getBoundingClientRect().width > th.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) + 1;
  }).map((th) => th.innerText.trim())`);
}

describe('console defects (issue 13 §4)', () => {
  it('pauses and resumes the mediation clock; no 申请延期 where the policy allows none; only the allowed pause reasons', async () => {
    const c = await complaint('accepted');
    const clocks = (await http().get(`/api/v1/cases/${c.id}/deadlines`).set('Authorization', await token('handler.wl')).expect(200)).body as { kind: string; extendable: boolean; pauseReasons: string[] }[];
    expect(clocks.find((d) => d.kind === 'mediation')).toMatchObject({ extendable: false, pauseReasons: ['testing', 'suspension'] });
    // The 检验委托书 is on the case's 附件 already: the pause dialog offers it as its 证据材料.
    const pdf = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
    await http().post(`/api/v1/cases/${c.id}/attachments`).set('Authorization', await token('handler.wl'))
      .attach('file', Buffer.from(pdf), { filename: '产品检验委托书.pdf', contentType: 'application/pdf' }).expect(201);

    const { page, errors } = await session(WIDE);
    await login(page, 'handler.wl');
    await page.goto(`${srv.base}/cases/${c.id}`);
    const actions = page.getByTestId('case-actions');
    await actions.getByRole('button', { name: '暂停计时' }).waitFor();
    expect(await actions.getByRole('button', { name: '申请延期' }).count()).toBe(0);
    expect(await actions.getByRole('button', { name: '恢复计时' }).count()).toBe(0);

    await actions.getByRole('button', { name: '暂停计时' }).click();
    const dialog = await settledDialog(page);
    await dialog.getByTestId('pause-kind').getByText('调解').waitFor();
    const reasons = await dialog.getByTestId('pause-reason').locator('label').allInnerTexts();
    expect(reasons).toEqual(['检验、检测、鉴定', '中止']);
    await dialog.getByText('检验、检测、鉴定').click();
    await chooseSuggestion(page, dialog.getByLabel('证据材料'), '委托', '产品检验委托书.pdf');
    await expect(dialog.getByLabel('证据材料').inputValue()).resolves.toBe('产品检验委托书.pdf');
    await shot(page, 'defects-pause-evidence-1440');
    await dialog.getByRole('button', { name: '暂停计时' }).click();
    await dialog.waitFor({ state: 'detached' });
    await actions.getByRole('button', { name: '恢复计时' }).waitFor();

    // After a reload, too: the paused clock is found and resumed.
    await page.reload();
    await actions.getByRole('button', { name: '恢复计时' }).click();
    const resume = await settledDialog(page);
    await resume.getByTestId('resume-kind').getByText('调解').waitFor();
    expect(await resume.getByText('没有暂停中的期限').count()).toBe(0);
    await shot(page, 'defects-resume-1440');
    await resume.getByRole('button', { name: '恢复计时' }).click();
    await resume.waitFor({ state: 'detached' });
    await actions.getByRole('button', { name: '暂停计时' }).waitFor();
    const after = (await http().get(`/api/v1/cases/${c.id}/deadlines`).set('Authorization', await token('handler.wl')).expect(200)).body as { kind: string; state: string; pauses: { resumedAt: string | null; evidence: string | null }[] }[];
    const mediation = after.find((d) => d.kind === 'mediation')!;
    expect(mediation.state).toBe('running');
    expect(mediation.pauses).toHaveLength(1);
    expect(mediation.pauses[0]!.resumedAt).not.toBeNull();
    expect(mediation.pauses[0]).toMatchObject({ evidence: '产品检验委托书.pdf' });
    // The timeline and the breakdown name the reason and the regulation, never a code.
    await expectNoCodes(page, 'case-timeline');
    await expectNoCodes(page, 'deadline-breakdown');
    const clockEvents = await srv.db.prisma.caseEvent.findMany({ where: { caseId: c.id, type: { in: ['ClockPaused', 'ClockResumed'] } }, orderBy: { seq: 'asc' } });
    expect(clockEvents.map((e) => e.type)).toEqual(['ClockPaused', 'ClockResumed']);
    for (const e of clockEvents) expect(e.rule).toMatch(/^《市场监督管理投诉举报处理办法》第二十三条/);
    expect(errors).toEqual([]);

    // The API's own refusal of a reason the policy does not allow is Chinese with the regulation's name.
    const refused = await http().post(`/api/v1/cases/${c.id}/deadlines/mediation/pause`).set('Authorization', await token('handler.wl')).send({ reason: 'awaitingMaterials' }).expect(400);
    expect(refused.body.message).toBe('《市场监督管理投诉举报处理办法》对“调解”期限不允许以“补正材料”为由暂停计时');
  }, 120_000);

  it('time limits: 0 in 期间 is refused on the field (API 400 too), a save asks first with the live clocks it reaches', async () => {
    const admin = await token('admin');
    const policies = (await http().get('/api/v1/admin/time-limits').set('Authorization', admin).expect(200)).body as { id: string; regime: string; step: string; caseType: string; amount: number; version: number }[];
    const p = policies.find((x) => x.regime === 'O121' && x.step === 'acceptance' && x.caseType === 'complaint')!;
    const zero = await http().patch(`/api/v1/admin/time-limits/${p.id}`).set('Authorization', admin).send({ amount: 0 }).expect(400);
    expect(zero.body.fields).toEqual([expect.objectContaining({ field: 'amount', message: '期间：数值过小' })]);
    await complaint('dispatched'); // one live acceptance clock at least
    const live = (await http().get(`/api/v1/admin/time-limits/${p.id}/live`).set('Authorization', admin).expect(200)).body.liveDeadlines as number;
    expect(live).toBeGreaterThan(0);

    const { page, errors } = await session(WIDE);
    await login(page, 'admin');
    await page.goto(`${srv.base}/admin/time-limits`);
    const row = page.getByTestId('time-limits-page').locator('tr', { hasText: '受理决定' }).filter({ hasText: '处理办法' }).first();
    await row.waitFor();
    await expectNoCodes(page, 'time-limits-page');
    await shot(page, 'defects-time-limits-1440');
    await row.getByRole('button', { name: '编辑' }).click();
    const dialog = await settledDialog(page);
    const amount = dialog.getByLabel(/^期间/);
    await amount.fill('0');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('期间至少为1').waitFor();
    expect(await page.locator('.ant-modal-confirm').count()).toBe(0);
    // A valid value: asked first, with the count; 返回 saves nothing.
    await amount.fill(String(p.amount + 1));
    await dialog.getByRole('button', { name: '保存' }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText(`目前有 ${live} 个在办期限按此规则计时`, { exact: false }).waitFor();
    // click once its zoom-in has finished (a click during the animation can land beside the moving button)
    await waitForTrue(page, `(() => { const m = document.querySelector('.ant-modal-confirm'); return !!m && !/-(appear|enter)(-|\\b)/.test(m.className); })()`);
    await confirm.getByRole('button', { name: '返回' }).click();
    await confirm.waitFor({ state: 'detached' });
    const still = (await http().get('/api/v1/admin/time-limits').set('Authorization', admin).expect(200)).body as typeof policies;
    expect(still.find((x) => x.id === p.id)).toMatchObject({ amount: p.amount, version: p.version });
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(errors).toEqual([]);
  }, 120_000);

  it('plan import: many names at once, alike names in one click, a refusal said on its row; mappings remembered next time', async () => {
    const text = [
      '一、专项工作',
      '1.开展甲项工作。（责任单位：甲工作专班、消保科）',
      '2.开展乙项工作。（责任单位：乙工作专班、价监科）',
      '3.开展丙项工作。（责任单位：市乙工作专班、网监科）',
      '4.开展丁项工作。（责任单位：丁协调组）',
    ].join('\n');
    const { page, errors } = await session(WIDE);
    await login(page, 'admin');
    await page.goto(`${srv.base}/plans`);
    await page.getByRole('button', { name: '导入工作要点' }).click();
    const card = page.getByTestId('plan-import');
    await card.getByLabel('名称').fill('批量对应测试要点');
    await card.locator('textarea').fill(text);
    await card.getByRole('button', { name: '预览', exact: true }).click();
    const names = card.getByTestId('unmatched-names');
    await names.waitFor();
    for (const n of ['甲工作专班', '乙工作专班', '市乙工作专班', '丁协调组']) await names.getByTestId(`unmatched-${n}`).waitFor();

    // Tick 甲工作专班 and 丁协调组, map both to 消保科 at once.
    await names.getByTestId('unmatched-甲工作专班').getByRole('checkbox').check();
    await names.getByTestId('unmatched-丁协调组').getByRole('checkbox').check();
    await pickOption(page, names.getByTestId('bulk-map').getByRole('combobox'), '消保科');
    await names.getByTestId('bulk-apply').click();
    // 乙工作专班 → 价监科, then 应用到所有相同名称 maps 市乙工作专班 too.
    await pickOption(page, names.getByTestId('unmatched-乙工作专班').getByRole('combobox'), '价监科');
    await names.getByTestId('alike-乙工作专班').click();
    await names.getByTestId('unmatched-市乙工作专班').locator('.ant-select').filter({ hasText: '价监科' }).waitFor();
    // 丁协调组 is really nobody of ours: ignored — item 4 then has no lead, refused next to item 4.
    await pickOption(page, names.getByTestId('unmatched-丁协调组').getByRole('combobox'), '不是本系统单位（忽略）');
    await card.getByRole('button', { name: '确认导入' }).click();
    await card.getByTestId('item-error').filter({ hasText: '4项没有可作为牵头单位的责任单位' }).waitFor();
    expect(await card.locator('.ant-alert').innerText()).toContain('有 1 处需要处理');
    await shot(page, 'defects-plan-import-1440');
    await pickOption(page, names.getByTestId('unmatched-丁协调组').getByRole('combobox'), '网监科');
    await card.getByRole('button', { name: '确认导入' }).click();
    await page.getByText('已导入：4 项任务').waitFor();
    const jia = await srv.db.prisma.unit.findFirstOrThrow({ where: { code: 'cd-jjk' } });
    expect(jia.aliases).toEqual(expect.arrayContaining(['乙工作专班', '市乙工作专班']));

    // Next time the remembered names match by themselves.
    const again = await http().post('/api/v1/plans/preview').set('Authorization', await token('admin')).send({ title: '再次导入', text }).expect(200);
    expect(again.body.unmatchedUnits).toEqual([]);
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
  }, 120_000);

  it('并单 and 移送 by the intake, 报请上级 by the county, 提级办理 by the county leader over its station', async () => {
    const op = await token('operator');
    const target = await complaint('dispatched');
    const dup = await complaint('dispatched', { description: '同一电热水壶问题，重复来电。' });
    const { page, errors } = await session(WIDE);
    await login(page, 'operator');
    await page.goto(`${srv.base}/cases/${dup.id}`);
    await page.getByTestId('case-actions').getByRole('button', { name: '并单' }).click();
    let dialog = await settledDialog(page);
    const combo = dialog.getByTestId('merge-into').getByRole('combobox');
    await combo.pressSequentially(target.caseNo);
    await page.locator('.ant-select-dropdown .ant-select-item-option-active', { hasText: target.caseNo }).waitFor();
    await combo.press('Enter');
    await dialog.getByTestId('merge-into').getByText(target.caseNo).waitFor();
    await dialog.getByRole('button', { name: '并入' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('case-detail').getByTestId('status-tag').filter({ hasText: '已并单' }).waitFor();

    const out = await complaint('dispatched');
    await page.goto(`${srv.base}/cases/${out.id}`);
    await page.getByTestId('case-actions').getByRole('button', { name: '移送' }).click();
    dialog = await settledDialog(page);
    await dialog.getByTestId('transfer-out-agency').fill('常德市公安局武陵分局');
    await dialog.getByRole('button', { name: '移送' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('case-detail').getByTestId('status-tag').filter({ hasText: '已移送' }).waitFor();
    expect(errors).toEqual([]);

    // 报请上级: 武陵区 hands its case to its parent, the city bureau.
    const up = await complaint('signed');
    const h = await session(WIDE);
    await login(h.page, 'handler.wl');
    await h.page.goto(`${srv.base}/cases/${up.id}`);
    await h.page.getByTestId('case-actions').getByRole('button', { name: '报请上级' }).click();
    dialog = await settledDialog(h.page);
    await dialog.getByLabel('报请理由').fill('涉及多个区县，需市局统一处理');
    await dialog.getByRole('button', { name: '报请上级办理' }).click();
    await h.page.waitForURL(/\/inbox$/); // the case has left 武陵区: back to the inbox
    const upRow = await srv.db.prisma.case.findUniqueOrThrow({ where: { id: up.id } });
    expect(upRow.assignedUnitId).toBe(await unitId('cd'));

    // 提级办理: a pool case dispatched to the 丹阳街道 station is taken over by 武陵区's leader.
    const pooled = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ receivedAt: now().toISOString(), respondent: { name: '某外地商行', regionCode: '110101', address: '北京市东城区某路1号' } })).expect(201);
    await http().post(`/api/v1/cases/${pooled.body.id}/dispatch`).set('Authorization', op).send({ unitId: await unitId('wl-dy') }).expect(200);
    const l = await session(WIDE);
    await login(l.page, 'leader.wl');
    await l.page.goto(`${srv.base}/cases/${pooled.body.id}`);
    await l.page.getByTestId('case-actions').getByRole('button', { name: '提级办理' }).click();
    dialog = await settledDialog(l.page);
    await dialog.getByLabel('提级理由').fill('案情复杂，由区局直接办理');
    await dialog.getByRole('button', { name: '提级办理' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await srv.db.prisma.case.findUniqueOrThrow({ where: { id: pooled.body.id } })).assignedUnitId).toBe(await unitId('wl'));
    await expectNoCodes(l.page, 'case-timeline');
    expect([...h.errors, ...l.errors]).toEqual([]);
  }, 150_000);

  it('after a deploy: a chunk of the old build is a 404, the page loads the new build once; a chart that cannot load says so in place', async () => {
    // The server: a missing bundle file is a 404 (it answered the console's HTML, which a browser refuses as a script).
    const missing = await http().get('/assets/IndicatorCharts-0ldbu1ld.js').expect(404);
    expect(missing.headers['content-type']).toMatch(/json/);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
    expect((await http().get('/dashboard').expect(200)).headers['content-type']).toMatch(/text\/html/);

    // The charts' chunk fails once (as the old build's would): the page reloads by itself and draws them.
    const once = await session(WIDE);
    let failures = 0;
    await once.page.route('**/assets/IndicatorCharts-*.js', (route) => (failures++ === 0 ? route.fulfill({ status: 404, body: '' }) : route.continue()));
    let loads = 0;
    once.page.on('load', () => loads++);
    await login(once.page, 'manager');
    // the chart's chunk loaded (its box; a chart with nothing to draw paints no canvas)
    await once.page.getByTestId('indicator-bar').waitFor();
    expect(failures).toBeGreaterThanOrEqual(2);
    expect(loads).toBe(2);
    expect(await once.page.getByTestId('chart-failed').count()).toBe(0);
    // nothing overdue yet in this file's city: the overdue chart says so over its bare axes
    expect(await overdueChartSaysNone(once.page)).toBe(0);

    // It fails every time: one reload, no more; the page stays (table, figures) and each chart says it in place.
    const always = await session(WIDE);
    await always.page.route('**/assets/IndicatorCharts-*.js', (route) => route.fulfill({ status: 404, body: '' }));
    let alwaysLoads = 0;
    always.page.on('load', () => alwaysLoads++);
    await login(always.page, 'manager');
    await always.page.getByTestId('chart-failed').first().waitFor();
    await always.page.getByTestId('indicator-table').locator('tbody tr.ant-table-row').first().waitFor();
    await always.page.waitForTimeout(1500);
    expect(alwaysLoads).toBe(2);
    await expect(always.page.getByTestId('chart-failed').first().innerText()).resolves.toContain('图表未能加载');
    await shot(always.page, 'defects-chart-failed-1440');
    expect(await always.page.getByRole('menuitem', { name: '统计分析' }).count()).toBe(1);
  }, 90_000);

  it('every action dialog of the case page names regulations as the clerk knows them: no internal code, no English', async () => {
    const cases = [await complaint('signed'), await complaint('accepted'), await complaint('signed', { type: 'report', request: undefined, amount: undefined })];
    const { page, errors } = await session(WIDE);
    await login(page, 'handler.wl');
    const seen: string[] = [];
    for (const c of cases) {
      await page.goto(`${srv.base}/cases/${c.id}`);
      const actions = page.getByTestId('case-actions');
      await actions.getByRole('button', { name: '暂停计时' }).or(actions.getByRole('button', { name: '受理' })).or(actions.getByRole('button', { name: '立案决定' })).first().waitFor();
      const names = (await actions.getByRole('button').allInnerTexts()).map((t) => t.replace(/\s/g, '')).filter((t) => t && !['返回', '刷新'].includes(t));
      expect(names.length).toBeGreaterThan(2);
      for (const name of names) {
        await actions.getByRole('button', { name, exact: true }).click();
        const dialog = await settledDialog(page);
        const text = await dialog.innerText();
        try {
          expectNoCodesIn(text);
        } catch (e) {
          throw new Error(`${c.caseNo} ${name}: ${String(e)}`);
        }
        seen.push(name);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      }
    }
    // The station hand-down said "O121 第三十条"; it names the regulation.
    expect(seen).toEqual(expect.arrayContaining(['受理', '不予受理', '分派到所', '移送', '办结', '暂停计时', '立案决定']));
    expect(errors).toEqual([]);
  }, 120_000);

  it('the overdue list shows working days overdue and who signed; the manager sends a 催办; notifications are Chinese', async () => {
    // Received 17 days ago and only signed: its acceptance decision is overdue.
    const received = new Date(now().getTime() - 17 * 86_400_000);
    const late = await complaint('signed', { receivedAt: received.toISOString() });
    const m = await token('manager');
    const row = await until(async () => {
      const o = (await http().get('/api/v1/indicators/overdue').set('Authorization', m).expect(200)).body as { cases: { id: string; overdueWorkingDays: number; handler: string | null; kind: string; dueAt: string }[] };
      return o.cases.find((c) => c.id === late.id);
    });
    // Independent count: weekdays after the due day up to today (no holiday in these weeks of November 2026).
    const today = new Date(now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    let expected = 0;
    for (let d = new Date(`${row.dueAt.slice(0, 10)}T00:00:00Z`); ; ) {
      d.setUTCDate(d.getUTCDate() + 1);
      const s = d.toISOString().slice(0, 10);
      if (s > today) break;
      if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) expected++;
    }
    expect(row).toMatchObject({ kind: 'acceptance', overdueWorkingDays: expected, handler: '武陵区市场监督管理局承办人' });
    expect(expected).toBeGreaterThan(0);

    const { page, errors } = await session(WIDE);
    await login(page, 'leader.wl');
    await page.getByRole('menuitem', { name: '审批与超期' }).click();
    const list = page.getByTestId('unit-overdue');
    await list.getByTestId(`overdue-days-${late.caseNo}`).filter({ hasText: `${expected}个工作日` }).waitFor();
    expect(await list.locator('thead').innerText()).toContain('超期（工作日）');
    expect(await list.locator('tr', { hasText: late.caseNo }).innerText()).toContain('武陵区市场监督管理局承办人');
    expect(await clippedCells(page, 'unit-overdue')).toEqual([]);

    const mg = await session(WIDE);
    await login(mg.page, 'manager');
    // 统计分析's half-width overdue list: the handler's and the unit's names whole (wrapped), not cut at 1440 px.
    const compact = mg.page.getByTestId('unit-overdue');
    await compact.locator('tr', { hasText: late.caseNo }).waitFor();
    expect(await clippedCells(mg.page, 'unit-overdue', 'tbody td')).toEqual([]);
    // a case overdue now: the chart draws it (no 「当前没有超期案件」 over it)
    expect(await overdueChartSaysNone(mg.page)).toBeGreaterThan(0);
    const remind = mg.page.getByTestId(`remind-${late.caseNo}`);
    await remind.click();
    const dialog = await settledDialog(mg.page);
    await dialog.getByRole('button', { name: '发出催办' }).click();
    await dialog.waitFor({ state: 'detached' });
    await mg.page.getByText('已催办').first().waitFor();
    const sups = (await http().get(`/api/v1/cases/${late.id}/supervisions`).set('Authorization', m).expect(200)).body as { kind: string }[];
    expect(sups.map((s) => s.kind)).toContain('remind');
    // The unit-wide list shows it to 武陵区 as something to answer.
    await page.getByRole('menuitem', { name: '督办催办' }).click();
    await page.getByTestId('supervision-list').locator('tr', { hasText: late.caseNo }).filter({ hasText: '须反馈' }).filter({ has: page.locator('.ant-tag', { hasText: /^催办$/ }) }).waitFor();
    await expectNoCodes(page, 'supervisions-page');

    // Every notification kind is named in Chinese (work-plan report rungs included).
    const wl = await unitId('wl');
    const at = now();
    for (const kind of ['taskReportWarned', 'taskReportOverdue', 'taskReportEscalated', 'coHandling', 'supervisionAnswered', 'supervisionOverdue'])
      await srv.db.prisma.notification.create({ data: { id: randomUUID(), unitId: wl, role: null, caseId: null, deadlineId: null, kind, title: '工作提醒', body: '测试通知', urgent: false, createdAt: at, deliverAt: at } });
    await page.getByRole('menuitem', { name: '通知' }).click();
    await page.getByTestId('notification').first().waitFor();
    const tags = await page.getByTestId('notification').locator('.ant-tag').allInnerTexts();
    for (const t of ['进展报告临期', '进展报告逾期', '进展报告逾期督办', '协办通知', '督办反馈', '督办逾期', '催办']) expect(tags).toContain(t);
    await expectNoCodes(page);
    expect([...errors, ...mg.errors]).toEqual([]);
  }, 120_000);

  it('an inquiry needs no business (console and API); a complaint still does', async () => {
    const op = await token('operator');
    const body = complaintBody({ type: 'inquiry', receivedAt: now().toISOString(), description: '请问网购商品七日无理由退货怎么算？', request: undefined, amount: undefined });
    delete (body as { respondent?: unknown }).respondent;
    await http().post('/api/v1/cases').set('Authorization', op).send(body).expect(201);
    const partial = await http().post('/api/v1/cases').set('Authorization', op).send({ ...body, respondent: { regionCode: '12' } }).expect(400);
    expect(partial.body.fields).toEqual([expect.objectContaining({ field: 'respondent.regionCode' })]);
    const noBusiness = await http().post('/api/v1/cases').set('Authorization', op).send({ ...body, type: 'complaint' }).expect(400);
    expect(noBusiness.body.fields.map((f: { field: string }) => f.field)).toContain('respondent');

    const { page, errors } = await session(WIDE);
    await login(page, 'operator');
    await page.waitForURL(/\/intake$/);
    await waitForTrue(page, "document.activeElement && document.activeElement.getAttribute('data-testid') === 'complainant-name'");
    await page.keyboard.press('Alt+3');
    await page.getByText('名称（选填）').waitFor();
    await page.getByTestId('complainant-name').fill('王五');
    await page.getByTestId('complainant-phone').fill('13907361111');
    await page.getByTestId('complainant-address').fill('常德市武陵区人民路3号');
    await page.getByTestId('category').click();
    await page.keyboard.type('G01');
    await page.locator('.ant-select-item-option-active', { hasText: 'G01 ' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('category').getByText('G01 家用电子电器类').waitFor();
    await page.getByLabel('咨询内容').fill('请问网购商品七日无理由退货从哪天起算？');
    await page.getByLabel('咨询内容').press('Control+Enter');
    await page.getByTestId('saved-case-no').waitFor();
    expect(errors).toEqual([]);
  }, 90_000);

  it('a list or panel that fails to load says so with 重试, never as "共 0 件" or "nothing here" nor a spinner', async () => {
    const c = await complaint('accepted');
    const { page } = await session(WIDE);
    // the inbox's load chart: a failed count is said beside the list (bars of 0 would read as nothing in hand)
    let loadFails = true;
    await page.route('**/api/v1/cases/load**', (route) => (loadFails
      ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试' }) })
      : route.continue()));
    await login(page, 'leader.wl');
    await page.getByTestId('inbox-table').locator('tbody tr.ant-table-row').first().waitFor();
    const loadFailed = page.getByTestId('inbox-load-failed');
    await loadFailed.getByText('在办案件量未能加载').waitFor();
    await loadFailed.getByText('服务器内部错误，请稍后重试').waitFor();
    expect(await page.getByTestId('inbox-load-chart').count()).toBe(0);
    await shot(page, 'defects-inbox-load-failed-1440');
    loadFails = false;
    await loadFailed.getByRole('button', { name: '重试' }).click();
    await page.getByTestId('inbox-load-chart').locator('canvas').waitFor();
    await loadFailed.waitFor({ state: 'detached' });
    // The server's answer to the case lists, as the test sets it: a 500, no connection at all, or the real one.
    let fail: 'server' | 'network' | null = 'server';
    await page.route('**/api/v1/cases?**', (route) =>
      fail === 'server' ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试' }) })
        : fail === 'network' ? route.abort('connectionrefused') : route.continue());
    await page.goto(`${srv.base}/cases`);
    const failed = page.getByTestId('case-table-failed');
    await failed.getByText('案件列表未能加载').waitFor();
    await failed.getByText('服务器内部错误，请稍后重试').waitFor();
    const table = page.getByTestId('case-table');
    await table.getByText('未能加载，请重试').waitFor();
    expect(await table.locator('tbody tr.ant-table-row').count()).toBe(0);
    expect(await page.getByText(/共 \d+ 件|暂无数据/).count()).toBe(0);
    await expectNoCodes(page, 'cases-page');
    await shot(page, 'defects-cases-failed-1440');
    // filters changed while it fails: still said, not an empty list; no connection at all is said as such
    await page.getByTestId('filter-overdue').click();
    await table.getByText('未能加载，请重试').waitFor();
    fail = 'network';
    await page.getByTestId('filter-overdue').click();
    await failed.getByText('无法连接服务器，请检查网络').waitFor();
    expect(await page.getByText(/共 \d+ 件|暂无数据/).count()).toBe(0);
    // the server answers again: 重试 asks again, shows the cases, and the message goes
    fail = null;
    await failed.getByRole('button', { name: '重试' }).click();
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    await failed.waitFor({ state: 'detached' });
    await page.getByText(/共 \d+ 件/).waitFor();

    // The case detail's parts: 协办与督办, 附件 and 文书 each say their own failure (not 「暂无附件」 / 「暂无文书」).
    let panelFails = true;
    await page.route('**/api/v1/cases/*/supervisions', (route) => (panelFails ? route.abort('connectionrefused') : route.continue()));
    await page.route('**/api/v1/cases/*/attachments', (route) => (panelFails && route.request().method() === 'GET' ? route.abort('connectionrefused') : route.continue()));
    await page.route('**/api/v1/cases/*/documents', (route) => (panelFails ? route.abort('connectionrefused') : route.continue()));
    // the units (reference data the panel waits for) fail once too: they are asked again without a reload
    let unitsFailures = 1;
    await page.route('**/api/v1/units', (route) => (unitsFailures-- > 0 ? route.abort('connectionrefused') : route.continue()));
    await page.goto(`${srv.base}/cases/${c.id}`);
    const panel = page.getByTestId('cohandling-panel');
    await panel.getByTestId('cohandling-failed').getByText('无法连接服务器，请检查网络').waitFor();
    const docs = page.getByTestId('documents-card');
    await docs.getByTestId('load-failed').getByText('文书未能加载').waitFor();
    await page.getByTestId('load-failed').getByText('附件未能加载').waitFor();
    expect(await page.getByText(/暂无附件|暂无文书/).count()).toBe(0);
    panelFails = false;
    await panel.getByRole('button', { name: '重试' }).click();
    await panel.getByRole('button', { name: '添加协办单位' }).waitFor();
    expect(await panel.getByTestId('cohandling-failed').count()).toBe(0);
    await docs.getByRole('button', { name: '重试' }).click();
    await page.getByTestId('load-failed').filter({ hasText: '附件未能加载' }).getByRole('button', { name: '重试' }).click();
    await page.getByTestId('load-failed').first().waitFor({ state: 'detached' });
    // accepted: the 受理 notice was issued
    await docs.getByTestId('document-number').first().waitFor();

    // The pages that load through useLoad say the failure where their list would be: not their "nothing here" text,
    // nor a spinner for ever; 重试 loads them.
    const pages = [
      { path: '/notifications', api: '**/api/v1/notifications?**', testId: 'notifications-page', title: '通知未能加载', empty: /没有未读通知|没有通知/ },
      { path: '/tasks', api: '**/api/v1/units/*/tasks**', testId: 'tasks-page', title: '工作任务未能加载', empty: /本单位没有工作任务/ },
      { path: '/approvals', api: '**/api/v1/extensions/pending', testId: 'approvals-page', title: '延期申请与超期案件未能加载', empty: /没有待审批的延期申请/ },
      { path: '/supervisions', api: '**/api/v1/supervisions?**', testId: 'supervisions-page', title: '督办催办事项未能加载', empty: /没有督办、催办事项/ },
      { path: '/plans', api: '**/api/v1/plans', testId: 'plans-page', title: '工作要点未能加载', empty: /尚未导入工作要点/ },
    ];
    for (const p of pages) {
      let fails = true;
      await page.route(p.api, (route) => (fails ? route.abort('connectionrefused') : route.continue()));
      await page.goto(`${srv.base}${p.path}`);
      const box = page.getByTestId(p.testId);
      await box.getByTestId('load-failed').getByText(p.title).waitFor();
      expect(await box.getByText(p.empty).count()).toBe(0);
      expect(await box.locator('.ant-spin-spinning').count()).toBe(0);
      fails = false;
      await box.getByRole('button', { name: '重试' }).click();
      await box.getByTestId('load-failed').waitFor({ state: 'detached' });
      await box.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
    }

    // 工作日历: without its days the grid would show a year with no holiday; it is not drawn until they load.
    const ad = await session(WIDE);
    await login(ad.page, 'admin');
    let calFails = true;
    await ad.page.route('**/api/v1/admin/calendar/years/*', (route) => (calFails ? route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ code: 'UNAVAILABLE', message: '服务暂不可用，请稍后重试' }) }) : route.continue()));
    await ad.page.goto(`${srv.base}/admin/calendar`);
    const cal = ad.page.getByTestId('calendar-page');
    await cal.getByTestId('load-failed').getByText('服务暂不可用，请稍后重试').waitFor();
    expect(await cal.locator('[data-date]').count()).toBe(0);
    await shot(ad.page, 'defects-calendar-failed-1440');
    calFails = false;
    await cal.getByRole('button', { name: '重试' }).click();
    await cal.locator('[data-date]').first().waitFor();
    expect(await cal.getByTestId('load-failed').count()).toBe(0);

    // The admin's lists: a failed load is said and shows no row (no empty unit tree, no "暂无数据"); 重试 loads them.
    const lists = [
      { path: '/admin/org', api: '**/api/v1/admin/units', testId: 'org-page', title: '单位未能加载', table: 'admin-units' },
      { path: '/admin/document-templates', api: '**/api/v1/admin/document-templates', testId: 'document-templates', title: '文书模板未能加载', table: 'document-templates' },
      { path: '/admin/routing-rules', api: '**/api/v1/admin/routing-rules', testId: 'routing-rules-page', title: '派单目录未能加载', table: 'routing-rules' },
      { path: '/admin/time-limits', api: '**/api/v1/admin/time-limits', testId: 'time-limits-page', title: '时限规则未能加载', table: 'time-limits-page' },
    ];
    for (const l of lists) {
      let fails = true;
      await ad.page.route(l.api, (route) => (fails ? route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ code: 'INTERNAL', message: '服务器内部错误，请稍后重试' }) }) : route.continue()));
      await ad.page.goto(`${srv.base}${l.path}`);
      const box = ad.page.getByTestId(l.testId);
      await box.getByTestId('load-failed').getByText(l.title).waitFor();
      expect(await ad.page.getByTestId(l.table).locator('tbody tr.ant-table-row').count()).toBe(0);
      expect(await box.getByText('暂无数据').count()).toBe(0);
      fails = false;
      await box.getByRole('button', { name: '重试' }).click();
      await ad.page.getByTestId(l.table).locator('tbody tr.ant-table-row').first().waitFor();
      expect(await box.getByTestId('load-failed').count()).toBe(0);
    }
    // 身份信息查阅记录: an audit trail — rows of an earlier filter never stand under a filter whose load failed
    const report = await http().post('/api/v1/cases').set('Authorization', await token('operator'))
      .send(complaintBody({ type: 'report', receivedAt: now().toISOString(), request: undefined, amount: undefined })).expect(201);
    await http().get(`/api/v1/cases/${report.body.id}`).set('Authorization', await token('handler.wl')).expect(200);
    let readsFail = false;
    await ad.page.route('**/api/v1/admin/identity-reads?**', (route) => (readsFail ? route.abort('connectionrefused') : route.continue()));
    await ad.page.goto(`${srv.base}/admin/identity-reads`);
    const reads = ad.page.getByTestId('identity-reads-page');
    await reads.getByTestId('identity-reads').getByText(report.body.caseNo).first().waitFor();
    readsFail = true;
    await reads.getByTestId('reads-from').fill('2020-01-01');
    await reads.getByTestId('load-failed').getByText('查阅记录未能加载').waitFor();
    expect(await reads.getByTestId('identity-reads').locator('tbody tr.ant-table-row').count()).toBe(0);
    expect(await reads.getByText(/共 \d+ 条/).count()).toBe(0);

    // The manager's figures: 统计分析 and 投诉信息公示 never show another load's figures under a failed one.
    const mg = await session(WIDE);
    let hotFails = true;
    await mg.page.route('**/api/v1/hotspots?**', (route) => (hotFails ? route.abort('connectionrefused') : route.continue()));
    await login(mg.page, 'manager');
    // 投诉热点: no rows to draft a 消费警示 from, no 「期间登记 0 件」
    const hot = mg.page.getByTestId('hotspots');
    await hot.getByTestId('load-failed').getByText('投诉热点与消费警示未能加载').waitFor();
    expect(await hot.getByText(/期间登记/).count()).toBe(0);
    expect(await hot.getByRole('button', { name: '起草消费警示' }).count()).toBe(0);
    await hot.scrollIntoViewIfNeeded();
    await shot(mg.page, 'defects-hotspots-failed-1440');
    hotFails = false;
    await hot.getByRole('button', { name: '重试' }).click();
    await hot.getByText(/期间登记 \d+ 件/).waitFor();
    expect(await hot.getByTestId('load-failed').count()).toBe(0);
    const ind = mg.page.getByTestId('indicator-table');
    await ind.locator('tbody tr.ant-table-row').first().waitFor();
    let figuresFail = true;
    await mg.page.route('**/api/v1/indicators?**', (route) => (figuresFail ? route.abort('connectionrefused') : route.continue()));
    await mg.page.getByRole('button', { name: '刷新' }).click();
    const dash = mg.page.getByTestId('dashboard-page');
    await dash.getByTestId('load-failed').getByText('统计数据未能加载').waitFor();
    expect(await ind.locator('tbody tr.ant-table-row').count()).toBe(0);
    expect(await dash.getByTestId('overdue-now').count()).toBe(0);
    figuresFail = false;
    await dash.getByTestId('load-failed').getByRole('button', { name: '重试' }).click();
    await ind.locator('tbody tr.ant-table-row').first().waitFor();
    await dash.getByTestId('overdue-now').waitFor();

    let previewFails = true;
    await mg.page.route('**/api/v1/disclosure/periods/*', (route) => (previewFails && route.request().method() === 'GET' ? route.abort('connectionrefused') : route.continue()));
    await mg.page.goto(`${srv.base}/disclosure`);
    const disc = mg.page.getByTestId('disclosure-page');
    await disc.getByTestId('load-failed').getByText(/公示数据未能加载/).waitFor();
    expect(await disc.getByText(/尚未生成预览/).count()).toBe(0);
    expect(await disc.getByTestId('disclosure-compute').isDisabled()).toBe(true);
    expect(await disc.getByTestId('disclosure-release').isDisabled()).toBe(true);
    previewFails = false;
    await disc.getByRole('button', { name: '重试' }).click();
    await disc.getByText(/尚未生成预览/).or(disc.getByTestId('disclosure-table')).first().waitFor();
    expect(await disc.getByTestId('disclosure-compute').isDisabled()).toBe(false);
  }, 90_000);

  it('main pages at 1440×900: no header cut, no internal code (screenshots)', async () => {
    await complaint('accepted');
    const { page, errors } = await session(WIDE);
    const caseReads: string[] = [];
    page.on('request', (r) => { if (/\/api\/v1\/cases(\?|\/load)/.test(r.url())) caseReads.push(new URL(r.url()).pathname); });
    const loadAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/cases/load');
    await login(page, 'handler.wl');
    await page.getByTestId('inbox-table').locator('tbody tr.ant-table-row').first().waitFor();
    // the load chart beside the list is one request (GET /cases/load), not a list request per count
    await loadAnswered;
    await page.getByTestId('inbox-load-chart').locator('canvas').waitFor();
    expect(caseReads.sort()).toEqual(['/api/v1/cases', '/api/v1/cases/load']);
    expect(await clippedCells(page, 'inbox-table')).toEqual([]);
    // the category's name is whole (its code, on hover only, had cut it: 「家用电子电器类（G0…」)
    const cats = page.getByTestId('inbox-table').locator('tbody td.fx-col-category');
    expect(await cats.first().innerText()).toBe('家用电子电器类');
    expect(await cats.first().locator('span').getAttribute('title')).toBe('家用电子电器类（G01）');
    expect(await clippedCells(page, 'inbox-table', 'tbody td.fx-col-category')).toEqual([]);
    // the detector itself sees a cut header (a probe table with a 20 px column)
    await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<table data-testid="probe" style="table-layout:fixed;width:20px"><thead><tr><th style="width:20px;overflow:hidden;white-space:nowrap">被投诉举报对象</th></tr></thead></table>')`);
    expect(await clippedCells(page, 'probe')).toEqual(['被投诉举报对象']);
    // the respondent column is wide enough for a name (more than a character or two)
    const w = await page.evaluate<number>(`Array.from(document.querySelectorAll('[data-testid="inbox-table"] thead th')).find((th) => th.innerText.trim() === '被投诉/举报对象').clientWidth`);
    expect(w).toBeGreaterThanOrEqual(150);
    // and the table fits its box: no sideways scroll at 1440 either
    expect(await page.getByTestId('inbox-table').locator('.ant-table-content').evaluate((e) => e.scrollWidth - e.clientWidth)).toBe(0);
    await expectNoCodes(page);
    await shot(page, 'defects-inbox-1440');

    const mg = await session(WIDE);
    await login(mg.page, 'manager');
    const table = mg.page.getByTestId('indicator-table');
    await table.locator('tbody tr.ant-table-row').first().waitFor();
    expect(await clippedCells(mg.page, 'indicator-table')).toEqual([]);
    // 挽回经济损失, the last column, is on screen without scrolling sideways
    const box = await table.locator('thead th', { hasText: '挽回经济损失' }).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(WIDE.width);
    // a figure that is no rate says its unit under the heading
    expect(await table.locator('thead th', { hasText: '平均办理时长' }).innerText()).toMatch(/平均办理时长\s*（工作日）/);
    expect(await table.locator('thead th', { hasText: '挽回经济损失' }).innerText()).toMatch(/挽回经济损失\s*（元）/);
    // a heading too long for its column wraps between words, never inside one (平均办理时/长, 挽回经济损/失)
    const headingLines = await mg.page.evaluate<string[][]>(`Array.from(document.querySelectorAll('[data-testid="indicator-table"] thead th .fx-phrase')).map((h) => {
      const lines = new Map();
      for (const part of Array.from(h.children).filter((e) => e.tagName === 'SPAN')) {
        const rects = part.getClientRects();
        if (rects.length !== 1) return ['split: ' + part.textContent];
        const top = Math.round(rects[0].top);
        lines.set(top, (lines.get(top) || '') + part.textContent);
      }
      return [...lines.values()];
    })`);
    expect(headingLines.length).toBeGreaterThanOrEqual(10);
    expect(headingLines.flat().filter((l) => l.startsWith('split:'))).toEqual([]);
    expect(headingLines).toEqual(expect.arrayContaining([['平均办理', '时长'], ['挽回经济', '损失'], ['举报按时', '核查率']]));
    // districts before departments; a department with nothing to show is left out
    const units = await table.locator('tbody tr.ant-table-row td:first-child').allInnerTexts();
    expect(units[1]).toMatch(/区|县|市/);
    expect(units.some((u) => /科$|办公室$/.test(u))).toBe(false);
    // 按期办结率 has no denominator anywhere this month (no case was due): the charts say so instead of bare axes
    expect(await table.locator('tbody tr.ant-table-row').first().getByTestId(/-closeOnTimeRate$/).innerText()).toMatch(/^—/);
    await mg.page.getByTestId('indicator-bar-empty').getByText('所选期间没有可计算按期办结率的案件').waitFor();
    await mg.page.getByTestId('indicator-trend-empty').getByText('近12个月没有可计算按期办结率的案件').waitFor();
    await overdueChartSaysNone(mg.page);
    await expectNoCodes(mg.page);
    await shot(mg.page, 'defects-dashboard-1440', true);

    const ad = await session(WIDE);
    await login(ad.page, 'admin');
    await ad.page.goto(`${srv.base}/admin/org`);
    const tree = ad.page.getByTestId('admin-units');
    await tree.getByTestId('unit-wl-dy').waitFor();
    // a tree: the station sits one level under its county (antd indents child rows)
    const indent = (code: string) => ad.page.evaluate<string>(`document.querySelector('[data-testid="unit-${code}"]').closest('tr').querySelector('.ant-table-row-indent').style.paddingLeft`);
    expect(parseFloat(await indent('wl-dy'))).toBeGreaterThan(parseFloat(await indent('wl')));
    await shot(ad.page, 'defects-org-tree-1440');
    expect([...errors, ...mg.errors, ...ad.errors]).toEqual([]);
  }, 120_000);
});

/** The dashboard's overdue chart says 「当前没有超期案件」 exactly when the count beside it is 0; returns that count. */
async function overdueChartSaysNone(page: Page): Promise<number> {
  await page.getByTestId('overdue-chart').waitFor();
  const n = Number(await page.getByTestId('overdue-now').innerText());
  if (n === 0) await page.getByTestId('overdue-chart-empty').getByText('当前没有超期案件').waitFor();
  else {
    await page.getByTestId('overdue-chart').locator('canvas').waitFor();
    expect(await page.getByTestId('overdue-chart-empty').count()).toBe(0);
  }
  // with nothing to draw the text stands alone: no axis, tick (0, 1) or unit name painted under it
  if (n === 0) expect(await paintedPixels(page, 'overdue-chart')).toBe(0);
  else expect(await paintedPixels(page, 'overdue-chart')).toBeGreaterThan(0);
  return n;
}

/** How many pixels of a chart's canvas are painted (not transparent; no canvas: none). */
function paintedPixels(page: Page, testId: string): Promise<number> {
  return page.evaluate<number>(`(() => {
    const c = document.querySelector('[data-testid="${testId}"] canvas');
    if (!c) return 0;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) n++;
    return n;
  })()`);
}
