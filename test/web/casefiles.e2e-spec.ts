// Case files in Chromium (issue 13 §2–3): a handler uploads evidence on the case (file chooser and drag-and-drop),
// sees the image previewed; accepts the case after reading the 受理告知书 and finds it numbered in 文书; the admin's
// 文书模板 page. Screenshots in artifacts/screenshots/casefiles-*.png.
import sharp from 'sharp';
import { chinaDate } from '#deadlines';
import { complaintBody } from '#testing';
import { join } from 'node:path';
import { LARGE, SHOTS, SMALL, expectNoPageOverflow, login as loginAt, session, settledDialog, shot, waitForTrue, consoleFile, fillIntake } from './browser.js';

const srv = consoleFile();
const http = () => srv.http();
const login = (page: Parameters<typeof loginAt>[1], username: string) => loginAt(srv.base, page, username);

async function signedCase(): Promise<{ id: string; caseNo: string }> {
  const op = await srv.token('operator');
  const r = await http().post('/api/v1/cases').set('Authorization', op)
    .send(complaintBody({ receivedAt: new Date(srv.clock.now().getTime() - 3600_000).toISOString() })).expect(201);
  await http().post(`/api/v1/cases/${r.body.id}/sign`).set('Authorization', await srv.token('handler.wl')).send({}).expect(200);
  return { id: r.body.id, caseNo: r.body.caseNo };
}

describe('case files in the console', () => {
  it('uploads an image by the file chooser and a PDF by drag-and-drop, previews the image; accepts after reading the notice and sees it numbered', async () => {
    const c = await signedCase();
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 30, g: 140, b: 60 } } }).jpeg().toBuffer();
    const pdf = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
    const { page, errors } = await session(LARGE);
    await login(page, 'handler.wl');
    await page.goto(`${srv.base}/cases/${c.id}`);
    const card = page.getByTestId('attachments-card');
    await card.getByText('暂无附件').waitFor();

    // the file chooser (click on the dragger)
    const chooser = page.waitForEvent('filechooser');
    await card.getByText('拖拽文件到这里，或点击选择文件').click();
    await (await chooser).setFiles({ name: '商品照片.jpg', mimeType: 'image/jpeg', buffer: photo });
    await card.getByTestId('attachment-name').filter({ hasText: '商品照片.jpg' }).waitFor();
    const thumb = card.locator('img[alt="商品照片.jpg"]');
    await thumb.waitFor();
    await waitForTrue(page, `(() => { const i = document.querySelector('img[alt="商品照片.jpg"]'); return !!i && i.complete && i.naturalWidth > 0; })()`);

    // drag-and-drop: a drop event carrying a file, as the browser fires it
    const dt = await page.evaluateHandle(`(() => { const d = new DataTransfer(); d.items.add(new File([${JSON.stringify(pdf)}], '购货合同.pdf', { type: 'application/pdf' })); return d; })()`);
    const zone = card.locator('.ant-upload-drag .ant-upload-btn'); // the element rc-upload listens on
    await zone.dispatchEvent('dragenter', { dataTransfer: dt });
    await zone.dispatchEvent('dragover', { dataTransfer: dt });
    await zone.dispatchEvent('drop', { dataTransfer: dt });
    await card.getByTestId('attachment-name').filter({ hasText: '购货合同.pdf' }).waitFor();
    await card.getByRole('button', { name: '在浏览器中打开' }).waitFor();

    // paste a screenshot (a chat record) anywhere on the page
    const shotPng = (await sharp({ create: { width: 200, height: 120, channels: 3, background: { r: 250, g: 250, b: 250 } } }).png().toBuffer()).toString('base64');
    await page.evaluate(`(() => {
      const bytes = Uint8Array.from(atob('${shotPng}'), (c) => c.charCodeAt(0));
      const d = new DataTransfer(); d.items.add(new File([bytes], '聊天记录截图.png', { type: 'image/png' }));
      window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: d }));
    })()`);
    await card.getByTestId('attachment-name').filter({ hasText: '聊天记录截图.png' }).waitFor();

    // a text file dressed as a photo is refused with a Chinese message
    const refused = page.waitForEvent('filechooser');
    await card.getByText('拖拽文件到这里，或点击选择文件').click();
    await (await refused).setFiles({ name: '假照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('不是图片') });
    await page.getByText(/假照片\.jpg：不支持的文件类型/).waitFor();
    expect(await card.getByTestId('attachment-item').count()).toBe(3);

    // the image opens in the preview at full size
    await thumb.click();
    const preview = page.locator('.ant-image-preview img').first();
    await preview.waitFor();
    await waitForTrue(page, `(() => { const i = document.querySelector('.ant-image-preview img'); return !!i && i.complete && i.naturalWidth === 900; })()`);
    await shot(page, 'casefiles-image-preview-1920');
    await page.keyboard.press('Escape');
    await page.locator('.ant-image-preview').waitFor({ state: 'hidden' });
    await shot(page, 'casefiles-attachments-1920', true);
    // A thumbnail that fails to load says so (it spun for ever); the file is still listed to open.
    await page.route('**/attachments/*?thumb=1', (route) => route.abort('connectionrefused'));
    await page.reload();
    await card.getByTestId('thumb-failed').first().waitFor();
    expect(await card.getByTestId('thumb-failed').count()).toBe(2);
    expect(await card.getByTestId('attachment-item').locator('.ant-spin').count()).toBe(0);
    await card.getByTestId('thumb-failed').first().scrollIntoViewIfNeeded();
    await shot(page, 'casefiles-thumb-failed-1920');
    await page.unroute('**/attachments/*?thumb=1');
    await page.reload();
    await thumb.waitFor();

    // 受理: the notice first, then the confirming click
    await page.getByTestId('case-detail').getByRole('button', { name: '受理', exact: true }).click();
    const dialog = await settledDialog(page);
    const pv = page.getByTestId('document-preview');
    await pv.getByText('投诉受理告知书').waitFor();
    await expect(pv.textContent()).resolves.toContain('常德市武陵区好运电器商行');
    await expect(pv.textContent()).resolves.toContain('（签发时编号）');
    await shot(page, 'casefiles-accept-preview-1920');
    await dialog.getByRole('button', { name: '确认受理并签发告知书' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('case-detail').getByTestId('status-tag').filter({ hasText: '调解中' }).waitFor();

    const year = chinaDate(srv.clock.now()).slice(0, 4);
    const docs = page.getByTestId('documents-card');
    const number = docs.getByTestId('document-number');
    await number.waitFor();
    await expect(number.textContent()).resolves.toMatch(new RegExp(`^武市监投受〔${year}〕\\d+号$`));
    await expect(docs.textContent()).resolves.toContain('受理告知书');
    await expect(docs.textContent()).resolves.toContain('武陵区市场监督管理局');
    const timeline = (await page.getByTestId('case-timeline').textContent())!;
    expect(timeline).toContain('签发文书');
    expect(timeline).toContain(`受理告知书 ${(await number.textContent())!}`);
    expect(timeline).toContain('上传附件');
    await shot(page, 'casefiles-documents-1920', true);
    // the PDF opens in a browser tab (Chromium's viewer, under the console's security headers)
    const popupP = page.context().waitForEvent('page');
    await docs.getByRole('button', { name: 'PDF' }).click();
    const popup = await popupP;
    expect(popup.url()).toMatch(/^blob:/);
    // (the viewer's parts are not in the tab's DOM: the screenshot shows the page, looked at by hand)
    await popup.waitForLoadState();
    await new Promise((r) => setTimeout(r, 2500));
    await popup.screenshot({ path: join(SHOTS, 'casefiles-pdf-in-browser-1920.png') });
    await popup.close();
    await expectNoPageOverflow(page);
    // the browser logs the refused upload's 415 itself, and the thumbnails refused on purpose; nothing else went wrong
    expect(errors.filter((e) => !/status of 415|net::ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
  }, 120_000);

  it('fits 1366×768: the documents table keeps its number whole; the admin edits a template', async () => {
    const c = await signedCase();
    await http().post(`/api/v1/cases/${c.id}/accept`).set('Authorization', await srv.token('handler.wl')).send({}).expect(200);
    const { page, errors } = await session(SMALL, 'Asia/Shanghai');
    await login(page, 'handler.wl');
    await page.goto(`${srv.base}/cases/${c.id}`);
    const number = page.getByTestId('documents-card').getByTestId('document-number');
    await number.waitFor();
    // one line: the number is not wrapped or cut
    const box = await number.boundingBox();
    expect(box!.height).toBeLessThan(30);
    await shot(page, 'casefiles-case-1366', true);
    await expectNoPageOverflow(page);

    // a correction: a new number supersedes the issued notice, which stays as it was
    const first = (await number.textContent())!;
    await page.getByTestId('documents-card').getByRole('button', { name: '更正' }).click();
    const fix = await settledDialog(page);
    await page.getByTestId('correction-body').fill('张三：\n更正：你于近日提出的投诉已予受理。\n特此告知。');
    await fix.getByRole('button', { name: '签发更正文书' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByTestId('documents-card').getByText('更正件').waitFor();
    const numbers = await page.getByTestId('documents-card').getByTestId('document-number').allTextContents();
    expect(numbers).toHaveLength(2);
    expect(numbers[0]).toBe(first);
    expect(numbers[1]).not.toBe(first);
    await page.getByTestId('documents-card').getByText('已更正').waitFor();

    const admin = await session(SMALL, 'Asia/Shanghai');
    await login(admin.page, 'admin');
    await admin.page.getByRole('menuitem', { name: '文书模板' }).click();
    const table = admin.page.getByTestId('document-templates');
    await table.getByRole('cell', { name: '终止调解告知书' }).first().waitFor();
    await table.locator('tr', { hasText: '受理告知书' }).first().getByRole('button', { name: '编辑' }).click();
    const dialog = await settledDialog(admin.page);
    const body = admin.page.getByTestId('template-body');
    await body.click();
    await admin.page.keyboard.press('Control+End');
    await admin.page.keyboard.type('\n联系人：');
    await dialog.getByRole('button', { name: '{{承办单位}}' }).click();
    await expect(body.inputValue()).resolves.toMatch(/联系人：\{\{承办单位\}\}$/);
    await shot(admin.page, 'casefiles-template-editor-1366');
    await dialog.getByRole('button', { name: '保存为新版本' }).click();
    await admin.page.getByRole('dialog').waitFor({ state: 'detached' });
    await table.locator('tr', { hasText: '受理告知书' }).first().getByText('第2版').waitFor();
    const saved = await srv.db.prisma.documentTemplateVersion.findFirstOrThrow({ where: { kind: 'acceptanceNotice', version: 2 } });
    expect(saved.body).toMatch(/联系人：\{\{承办单位\}\}$/);
    await shot(admin.page, 'casefiles-templates-1366');
    expect([...errors, ...admin.errors]).toEqual([]);
  }, 120_000);

  it('the operator registers a call and uploads what came with it in the 登记成功 dialog (1366×768)', async () => {
    const { page, errors } = await session(SMALL, 'Asia/Shanghai');
    await login(page, 'operator');
    await page.waitForURL(/\/intake$/);
    await fillIntake(page, {
      name: '孙附件', phone: '13907361299', address: '湖南省常德市武陵区朗州路12号', respondent: '常德市武陵区惠民家电商行', regionCode: '430702',
      respondentAddress: '常德市武陵区建设路88号', category: 'G01', description: '购买的空气炸锅使用三天后无法加热，商家拒绝维修。', request: '退货退款',
    }, '武陵区市场监督管理局');
    await page.getByTestId('save-case').click();
    const saved = page.getByTestId('saved-result');
    await saved.waitFor();
    const caseNo = (await page.getByTestId('saved-case-no').textContent())!.trim();

    const receipt = await sharp({ create: { width: 400, height: 600, channels: 3, background: { r: 255, g: 255, b: 240 } } }).png().toBuffer();
    const chooser = page.waitForEvent('filechooser');
    await saved.getByText('拖拽文件到这里，或点击选择文件').click();
    await (await chooser).setFiles({ name: '购物小票.png', mimeType: 'image/png', buffer: receipt });
    await saved.getByTestId('attachment-name').filter({ hasText: '购物小票.png' }).waitFor();
    await shot(page, 'casefiles-intake-upload-1366');

    const c = await srv.db.prisma.case.findUniqueOrThrow({ where: { caseNo } });
    const files = await srv.db.prisma.caseAttachment.findMany({ where: { caseId: c.id } });
    expect(files.map((f) => [f.name, f.contentType, f.size])).toEqual([['购物小票.png', 'image/png', receipt.length]]);
    expect(errors).toEqual([]);
  }, 120_000);
});
