// 管辖争议 left unresolved past its 7 working days: the engine's rungs fire, and the escalation goes to the disputing
// units' common superior (which designates), not to the holder's parent — here a station of 武陵区 against a station
// of 鼎城区, so the city, not 武陵区局.
import { FixedClock } from '#platform';
import { complaintBody } from '#testing';
import { boot, type Harness } from '../support/harness.js';

const clock = new FixedClock(new Date('2026-11-23T10:00:00+08:00'));
let h: Harness;
beforeAll(async () => { h = await boot({ worker: true, clock }); });
afterAll(() => h?.close());
const unit = async (code: string) => (await h.db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;

it('an overdue dispute is told to the common superior, which opens the 督办 and designates', async () => {
  const op = await h.as('operator');
  const { body } = await h.http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00' })).expect(201);
  await h.http().post(`/api/v1/cases/${body.id}/transfer`).set('Authorization', op).send({ unitId: await unit('wl-dy'), reason: '属丹阳街道' }).expect(200);
  const raised = await h.http().post(`/api/v1/cases/${body.id}/jurisdiction-dispute`).set('Authorization', await h.as('handler.wl-dy'))
    .send({ otherUnitId: await unit('dc-gx'), reason: '经营场所在灌溪镇' }).expect(200);
  expect(raised.body.jurisdictionDispute.superior.code).toBe('cd');
  const d = raised.body.deadlines.find((x: { kind: string }) => x.kind === 'jurisdictionDispute');
  expect(d.dueDate).toBe('2026-12-02'); // Mon 11-23 not counted: 11-24 … 11-27, 11-30, 12-01, 12-02

  clock.set(new Date('2026-12-03T09:00:00+08:00'));
  const { FireDeadlineRung } = await import('#cases-nest');
  const { CommandBus } = await import('@nestjs/cqrs');
  const bus = h.worker!.app.get(CommandBus);
  for (const rung of ['due', 'supervise'] as const) expect((await bus.execute(new FireDeadlineRung(d.id, d.version, rung))).outcome).toMatch(/fired|duplicate/);

  const cd = await unit('cd');
  const notes = await h.db.prisma.notification.findMany({ where: { caseId: body.id, kind: 'supervise' } });
  expect(notes.map((n) => n.unitId)).toEqual([cd]);
  expect(notes[0]!.body).toContain('请指定管辖');
  const items = await h.db.prisma.supervision.findMany({ where: { caseId: body.id } });
  expect(items.map((s) => [s.openedByUnitId, s.targetUnitId])).toEqual([[cd, await unit('wl-dy')]]);
  const view = (await h.http().get(`/api/v1/cases/${body.id}`).set('Authorization', await h.as('manager')).expect(200)).body;
  expect(view).toMatchObject({ overdue: true, jurisdictionDispute: { superior: { code: 'cd' } } });
  // 武陵区局's leader (the station's county) cannot designate: it is not above 鼎城区's station
  await h.http().post(`/api/v1/cases/${body.id}/jurisdiction-dispute/designate`).set('Authorization', await h.as('leader.wl'))
    .send({ unitId: await unit('dc-gx'), note: 'x' }).expect(403);
  const done = await h.http().post(`/api/v1/cases/${body.id}/jurisdiction-dispute/designate`).set('Authorization', await h.as('leader.cd'))
    .send({ unitId: await unit('dc-gx'), note: '经营场所在灌溪镇，指定灌溪所办理' }).expect(200);
  expect(done.body).toMatchObject({ assignedUnit: { code: 'dc-gx' }, status: 'dispatched', jurisdictionDispute: null });
  expect(done.body.deadlines.find((x: { kind: string }) => x.kind === 'jurisdictionDispute').state).toBe('overdue'); // met late
});
