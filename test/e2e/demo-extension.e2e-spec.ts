// `npm run demo` leaves a request on a leader's desk (scripts/demo-extension.ts): 武陵区局's handler asks to extend
// the verification of the report it verifies first; leader.wl finds it under 审批与超期. Run again, it asks nothing
// more; with no report to verify, it says so and asks nothing.
import { complaintBody } from '#testing';
import { requestDemoExtension } from '../../scripts/demo-extension.js';
import { listeningHarnessFile } from '../support/harness.js';

const { h, base } = listeningHarnessFile();

it('asks to extend a report verification of 武陵区局 once; the leader has it to decide', async () => {
  expect(await requestDemoExtension(base(), 'demo12315')).toEqual({ caseNo: null, requested: false }); // nothing to verify yet
  const op = await h.as('operator');
  const hw = await h.as('handler.wl');
  const report = (await h.http().post('/api/v1/cases').set('Authorization', op)
    .send(complaintBody({ type: 'report', receivedAt: h.clock.now().toISOString(), request: undefined, amount: undefined, description: '该店销售无中文标签的进口食品。' })).expect(201)).body as { id: string; caseNo: string };
  await h.http().post(`/api/v1/cases/${report.id}/sign`).set('Authorization', hw).send({}).expect(200);

  expect(await requestDemoExtension(base(), 'demo12315')).toEqual({ caseNo: report.caseNo, requested: true });
  const pending = (await h.http().get('/api/v1/extensions/pending').set('Authorization', await h.as('leader.wl')).expect(200)).body as { caseNo: string; amount: number }[];
  expect(pending).toEqual([expect.objectContaining({ caseNo: report.caseNo, amount: 10 })]);

  expect(await requestDemoExtension(base(), 'demo12315')).toEqual({ caseNo: report.caseNo, requested: false }); // the demo restarted
  expect(await h.db.prisma.deadlineExtension.count()).toBe(1);
});
