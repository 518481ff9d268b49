// The audit of identity reads (issue 11 §4) in real headless Chromium: the auditor's console lists who read which
// protected identity, when and from where, and filters by person and by case.
import { complaintBody } from '#testing';
import { LARGE, expectNoPageOverflow, login as loginAt, session, shot, waitForTrue, consoleFile } from './browser.js';

const srv = consoleFile();
const login = (page: Parameters<typeof loginAt>[1], username: string) => loginAt(srv.base, page, username);

describe('console: identity reads (身份信息查阅记录)', () => {
  it('the auditor sees who read a reporter’s identity, when, which case and from where, and narrows to one case (1920×1080)', async () => {
    const op = await srv.token('operator');
    const report = await srv.http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({
      type: 'report', receivedAt: srv.clock.now().toISOString(), request: undefined, amount: undefined,
      complainant: { name: '钱保密', phone: '13700006728', address: '常德市武陵区保密路1号' }, description: '该店销售过期食品。',
    })).expect(201);
    const hw = await srv.token('handler.wl');
    await srv.http().get(`/api/v1/cases/${report.body.id}`).set('Authorization', hw).expect(200);
    await srv.http().get('/api/v1/cases?q=13700006728').set('Authorization', hw).expect(200);
    await srv.http().get('/api/v1/cases?q=13700006728').set('Authorization', await srv.token('manager')).expect(200);
    // Another case, so that the case filter has something to leave out.
    await srv.http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ type: 'report', receivedAt: srv.clock.now().toISOString(), request: undefined, amount: undefined })).expect(201);

    const { page, errors } = await session(LARGE);
    await login(page, 'auditor');
    // The auditor's home is the audit: it has no case screens.
    await page.getByTestId('identity-reads-page').waitFor();
    await page.waitForURL(/\/admin\/identity-reads$/);
    const table = page.getByTestId('identity-reads');
    await table.getByText(report.body.caseNo).first().waitFor();
    await table.getByText('武陵区市场监督管理局承办人（handler.wl）').first().waitFor();
    await table.getByText('查看案件详情').first().waitFor();
    await table.getByText('电话号码查询：137****6728').first().waitFor();
    await table.getByText('（无匹配案件）').first().waitFor(); // the manager's search showed no case
    const rows = table.locator('.ant-table-tbody tr.ant-table-row');
    expect(await rows.count()).toBeGreaterThanOrEqual(5);
    // Every row names a source address.
    for (const ip of await rows.locator('td:last-child').allInnerTexts()) expect(ip).toMatch(/\d/);
    expect(await page.locator('.ant-menu-item').allInnerTexts()).not.toContain('案件查询');
    await expectNoPageOverflow(page);
    await shot(page, 'identity-reads-auditor');

    await table.getByText(report.body.caseNo).first().click();
    await page.getByText(`案件：${report.body.caseNo}`).waitFor();
    await waitForTrue(page, `document.querySelectorAll('[data-testid="identity-reads"] .ant-table-tbody tr.ant-table-row').length === 3`);
    const cases = await rows.locator('td:nth-child(5)').allInnerTexts();
    expect(cases.every((t) => t.includes(report.body.caseNo))).toBe(true); // registration, detail, the handler's search
    await shot(page, 'identity-reads-one-case');
    expect(errors).toEqual([]);
  });
});
