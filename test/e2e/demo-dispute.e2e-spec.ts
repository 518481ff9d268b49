// `npm run demo` leaves a jurisdiction dispute under way (scripts/demo-dispute.ts): 武陵区局's handler disputes a
// complaint it signed for with 鼎城区局; the case shows it, the city designates. Run again, it raises nothing more;
// with no complaint awaiting 武陵区局's decision, it says so.
import { complaintBody } from '#testing';
import { raiseDemoDispute } from '../../scripts/demo-dispute.js';
import { listeningHarnessFile } from '../support/harness.js';

const { h, base } = listeningHarnessFile();

it('raises one dispute on a complaint 武陵区局 signed for, once', async () => {
  expect(await raiseDemoDispute(base(), 'demo12315')).toEqual({ caseNo: null, raised: false });
  const c = (await h.http().post('/api/v1/cases').set('Authorization', await h.as('operator'))
    .send(complaintBody({ receivedAt: h.clock.now().toISOString() })).expect(201)).body as { id: string; caseNo: string };
  await h.http().post(`/api/v1/cases/${c.id}/sign`).set('Authorization', await h.as('handler.wl')).send({}).expect(200);

  expect(await raiseDemoDispute(base(), 'demo12315')).toEqual({ caseNo: c.caseNo, raised: true });
  const v = (await h.http().get(`/api/v1/cases/${c.id}`).set('Authorization', await h.as('manager')).expect(200)).body;
  expect(v.jurisdictionDispute).toMatchObject({ raisedBy: { code: 'wl' }, other: { code: 'dc' }, superior: { code: 'cd' } });

  expect(await raiseDemoDispute(base(), 'demo12315')).toEqual({ caseNo: c.caseNo, raised: false }); // the demo restarted
  expect(await h.db.prisma.caseEvent.count({ where: { type: 'JurisdictionDisputed' } })).toBe(1);
});
