// 协办 and 督办 on the case detail, in Chromium: the intake adds a co-unit, the co-unit submits its part, the city
// bureau's leader opens a supervision item, the handling unit answers it.
import { complaintBody } from '#testing';
import { clickInModal, closeSessions, pickOption, settledDialog, shot, consoleFile, openAs } from './browser.js';

const srv = consoleFile();

it('co-handling and supervision from the case detail (1920×1080)', async () => {
  const { body } = await srv.http().post('/api/v1/cases').set('Authorization', await srv.token('operator'))
    .send(complaintBody({ receivedAt: srv.clock.now().toISOString() })).expect(201);
  expect(body.assignedUnit.code).toBe('wl');
  const detail = `/cases/${body.id}`;
  const errors: string[] = [];

  // The intake adds 鼎城区局 as a co-unit.
  let s = await openAs(srv, 'operator', detail);
  const panel = s.page.getByTestId('cohandling-panel');
  await panel.getByRole('button', { name: '添加协办单位' }).click();
  // picked once the dialog has settled (a click while it zooms in can miss), the list shut before 添加
  const dialog = await settledDialog(s.page);
  await pickOption(s.page, dialog.getByTestId('co-unit-select').getByRole('combobox'), '鼎城区市场监督管理局');
  await clickInModal(s.page, '添加');
  await panel.getByTestId('co-units').getByText('待提交').waitFor();
  errors.push(...s.errors);
  await closeSessions();

  // The co-unit sees the case and submits its part.
  s = await openAs(srv, 'handler.dc', detail);
  await s.page.getByTestId('cohandling-panel').getByRole('button', { name: '提交协办意见' }).click();
  await s.page.getByTestId('co-report-text').fill('经核实，该商户在鼎城区另有门店，已配合约谈。');
  await clickInModal(s.page, '提交');
  await s.page.getByTestId('co-units').getByText('已提交').waitFor();
  errors.push(...s.errors);
  await closeSessions();

  // The city bureau's leader opens a 督办; the handling unit answers it.
  s = await openAs(srv, 'leader.cd', detail);
  await s.page.getByTestId('cohandling-panel').getByRole('button', { name: '督办/催办' }).click();
  await s.page.getByTestId('supervision-note').fill('请加快办理，3个工作日内反馈。');
  await clickInModal(s.page, '发出');
  await s.page.getByTestId('supervisions').getByText('待答复').waitFor();
  errors.push(...s.errors);
  await closeSessions();

  s = await openAs(srv, 'handler.wl', detail);
  await s.page.getByTestId('supervisions').getByRole('button', { name: '答 复' }).or(s.page.getByTestId('supervisions').getByRole('button', { name: '答复', exact: true })).click();
  await s.page.getByTestId('supervision-answer').fill('已联系双方，预计本周内办结。');
  await clickInModal(s.page, '答复');
  await s.page.getByTestId('supervisions').getByText('已答复').waitFor();
  await shot(s.page, 'case-detail-cohandling-1920', true);
  errors.push(...s.errors);

  const sup = await srv.http().get(`/api/v1/cases/${body.id}/supervisions`).set('Authorization', await srv.token('handler.wl')).expect(200);
  expect(sup.body).toEqual([expect.objectContaining({ kind: 'supervise', answer: '已联系双方，预计本周内办结。' })]);
  const co = await srv.http().get(`/api/v1/cases/${body.id}/co-units`).set('Authorization', await srv.token('handler.wl')).expect(200);
  expect(co.body).toEqual([expect.objectContaining({ state: 'submitted', unit: expect.objectContaining({ code: 'dc' }) })]);
  expect(errors).toEqual([]);
}, 180_000);
