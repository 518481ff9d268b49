// 导入放假通知 in real headless Chromium (issue 14): the admin pastes the notice of a year that has none loaded, sees the
// preview (the days that change against the provisional calendar, the live deadlines that would move), confirms, and
// the case's deadline moves with the notice named as the basis in its journal. The bureau's "now" is a FixedClock
// (Mon 2026-12-28), so the test holds on any real date; the seed loads 2004–2026, 2027 has no notice.
import { FixedClock } from '#platform';
import { complaintBody } from '#testing';
import { NOTICE_2027, NOTICE_2027_TITLE } from '../support/notice-2027.js';
import { LARGE, login, session, settledDialog, shot, consoleFile } from './browser.js';

const clock = new FixedClock(new Date('2026-12-28T10:00:00+08:00'));
const srv = consoleFile({}, clock);
const TITLE = NOTICE_2027_TITLE;
const NOTICE = NOTICE_2027;

describe('console: 导入放假通知', () => {
  it('pastes a notice, previews the moved deadlines, confirms, and the case deadline moves with the notice as its basis', async () => {
    // Received Mon 12-28: acceptance in 7 working days → 2027-01-07 on the provisional calendar (元旦 off by law).
    const c = (await srv.http().post('/api/v1/cases').set('Authorization', await srv.token('operator'))
      .send(complaintBody({ receivedAt: '2026-12-28T09:30:00+08:00' })).expect(201)).body as { id: string; caseNo: string };

    const { page, errors } = await session(LARGE);
    await login(srv.base, page, 'admin');
    await page.goto(`${srv.base}/cases/${c.id}`);
    await page.locator('[data-testid="due-acceptance"][data-due="2027-01-07"]').waitFor();
    await page.getByTestId('provisional-tag').first().hover();
    await page.getByText('暂按《全国年节及纪念日放假办法》', { exact: false }).waitFor();
    await shot(page, 'calendar-provisional-tag');

    await page.goto(`${srv.base}/admin/calendar`);
    await page.getByTestId('notice-import').click();
    const dialog = await settledDialog(page);
    // A file the browser can no longer read (moved or removed since it was picked): said, nothing kept to send.
    await page.evaluate(() => {
      const own = Blob.prototype.arrayBuffer;
      (globalThis as unknown as { restoreRead: () => void }).restoreRead = () => { Blob.prototype.arrayBuffer = own; };
      Blob.prototype.arrayBuffer = () => Promise.reject(new DOMException('gone', 'NotReadableError'));
    });
    await dialog.locator('input[type=file]').setInputFiles({ name: '放假通知.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTICE) });
    await dialog.getByTestId('notice-error').getByText('无法读取文件「放假通知.txt」，请确认文件仍在原处后重新选择').waitFor();
    expect(await dialog.getByTestId('notice-preview').isDisabled()).toBe(true);
    await page.evaluate(() => (globalThis as unknown as { restoreRead: () => void }).restoreRead());
    await dialog.getByTestId('notice-text').fill(NOTICE);
    await dialog.getByTestId('notice-preview').click();
    const result = dialog.getByTestId('notice-preview-result');
    await result.waitFor();
    await result.getByText(`《${TITLE}》`).waitFor();
    expect(await dialog.getByTestId('notice-changes-count').textContent()).toBe('10 天');
    expect(Number((await dialog.getByTestId('notice-moved').textContent())?.replace(/\D/g, ''))).toBeGreaterThanOrEqual(1);
    const row = result.locator('tr', { hasText: c.caseNo });
    await row.getByText('2027-01-08').waitFor();
    await row.getByText('2027-01-07').waitFor();
    await result.locator('tr', { hasText: '2027-01-04（周一）' }).getByText('休息日').waitFor();
    await shot(page, 'calendar-notice-preview');

    await dialog.getByTestId('notice-apply').click();
    await page.getByText(`已导入《${TITLE}》`, { exact: false }).waitFor();
    await page.getByTestId('calendar-change').filter({ hasText: '导入放假通知' }).first().waitFor();

    // The worker re-projects the live deadlines; the case page shows the new due date and the notice as the basis.
    await page.goto(`${srv.base}/cases/${c.id}`);
    const moved = page.locator('[data-testid="due-acceptance"][data-due="2027-01-08"]');
    for (let i = 0; i < 30 && !(await moved.count()); i++) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByTestId('deadline-breakdown').waitFor();
    }
    await moved.waitFor();
    await moved.click();
    const basis = page.getByTestId('clock-detail').getByTestId('move-rule').filter({ hasText: TITLE });
    await basis.first().waitFor();
    expect(await basis.first().textContent()).toContain(`依据《${TITLE}》`);
    expect(await page.locator('[data-testid="due-acceptance"]').getByTestId('provisional-tag').count()).toBe(0);
    await shot(page, 'calendar-notice-case');
    expect(errors).toEqual([]);
  });
});
