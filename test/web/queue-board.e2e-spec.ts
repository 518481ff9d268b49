// 队列监控 in real Chromium: the admin's console opens Bull Board (/admin/queues) in a new tab through the board cookie;
// other roles have no such menu entry, and the board itself refuses a browser without the cookie.
import { SMALL, login as loginAt, session, shot, consoleFile } from './browser.js';

const srv = consoleFile();
const login = (page: Parameters<typeof loginAt>[1], username: string) => loginAt(srv.base, page, username);

describe('console: queue monitor', () => {
  it('an admin opens Bull Board from the menu: the deadline, calendar and report queues are listed', async () => {
    const { page, errors, context } = await session(SMALL);
    await login(page, 'admin');
    await page.getByRole('menuitem', { name: '队列监控' }).click();
    await page.getByTestId('queue-monitor-page').waitFor();
    const [board] = await Promise.all([context.waitForEvent('page'), page.getByTestId('open-queue-board').click()]);
    await board.waitForURL(/\/admin\/queues/);
    for (const q of ['deadlines', 'calendar', 'analytics-reports']) await board.getByText(q, { exact: true }).first().waitFor();
    // the overview has loaded the queues' counts through the board's JSON API (same cookie)
    await board.getByText('加载中').first().waitFor({ state: 'detached', timeout: 30_000 });
    await board.locator('main').getByText('deadlines').first().waitFor();
    await shot(board, 'queue-board');
    expect(errors).toEqual([]);
  });

  it('is not offered to other roles, and the board refuses a browser without the admin\'s cookie', async () => {
    const { page } = await session(SMALL);
    await login(page, 'operator');
    await page.getByRole('menuitem', { name: '案件查询' }).waitFor();
    expect(await page.getByRole('menuitem', { name: '队列监控' }).count()).toBe(0);
    const r = await page.goto(`${srv.base}/admin/queues`);
    expect(r?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('UNAUTHORIZED');
  });
});
