// Co-handling (协办) and supervision items (督办/催办), issue 4: docs/routing.md.
import { complaintBody } from '#testing';
import { type Harness, boot, waitFor } from '../support/harness.js';

let h: Harness;
const now = () => h.clock.now().toISOString();
async function unitId(code: string): Promise<string> {
  return (await h.db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
}
async function timeline(id: string, who = 'operator') {
  return (await h.http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', await h.as(who)).expect(200)).body as
    { type: string; note: string | null; data: Record<string, unknown>; unit: { code: string } | null }[];
}
/** A complaint received now, registered by the operator (routed to 武陵区局 by its address); its id. */
const registerComplaint = async (op: string): Promise<string> =>
  (await h.http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: now() })).expect(201)).body.id as string;
const reportBody = (over: Record<string, unknown> = {}) =>
  complaintBody({
    type: 'report', receivedAt: now(), request: undefined, amount: undefined,
    complainant: { name: '钱保密', phone: '13700009999', address: '常德市武陵区保密路1号' },
    description: '该店销售过期食品。', ...over,
  });

beforeAll(async () => {
  // The worker runs too: the deadline engine's `supervise` rung and the overdue sweep are part of the story.
  h = await boot({ worker: true });
});
afterAll(async () => {
  await h?.close();
});

describe('co-handling (协办)', () => {
  it('the intake adds a co-unit; it sees the case with the reporter masked, submits its part; the lead cannot close until it has', async () => {
    const op = await h.as('operator');
    const wl = await h.as('handler.wl');
    const dcH = await h.as('handler.dc');
    const dc = await unitId('dc');
    const { body } = await h.http().post('/api/v1/cases').set('Authorization', op).send(reportBody()).expect(201);
    expect(body.assignedUnit.code).toBe('wl');
    const id = body.id as string;
    // Before: another county learns nothing.
    await h.http().get(`/api/v1/cases/${id}`).set('Authorization', dcH).expect(404);
    await h.http().post(`/api/v1/cases/${id}/sign`).set('Authorization', wl).send({}).expect(200);

    // Only the intake or the lead unit's leader may add co-units; the lead's handler and other units may not.
    await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', wl).send({ unitIds: [dc] }).expect(403);
    await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', op).send({ unitIds: [await unitId('cd-xbk')] }).expect(400);
    await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', op).send({ unitIds: [await unitId('wl')] }).expect(409);
    await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', op).send({ unitIds: ['not-a-uuid'] }).expect(400);
    const added = await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', op)
      .send({ unitIds: [dc], note: '违法行为涉及鼎城区门店' }).expect(200);
    expect(added.body).toEqual([expect.objectContaining({ unit: expect.objectContaining({ code: 'dc' }), state: 'pending', text: null })]);
    expect(await h.db.prisma.caseCoUnit.count({ where: { caseId: id } })).toBe(1);

    // The co-unit sees the case (and finds it in its list) — the reporter masked (O121 Art. 37), not audited.
    const reads = await h.db.prisma.identityRead.count({ where: { caseId: id } });
    const seen = await h.http().get(`/api/v1/cases/${id}`).set('Authorization', dcH).expect(200);
    expect(seen.body).toMatchObject({ reporterMasked: true, complainant: { name: '钱**', phone: '137****9999', address: '***' } });
    expect(await h.db.prisma.identityRead.count({ where: { caseId: id } })).toBe(reads);
    const list = await h.http().get('/api/v1/cases').set('Authorization', dcH).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
    const byDeadline = await h.http().get('/api/v1/cases?sort=deadline').set('Authorization', dcH).expect(200);
    expect(byDeadline.body.items.map((c: { id: string }) => c.id)).toContain(id);
    for (const sub of ['timeline', 'deadlines', 'links', 'co-units', 'supervisions']) await h.http().get(`/api/v1/cases/${id}/${sub}`).set('Authorization', dcH).expect(200);
    // The lead unit still sees the reporter; a third county still sees nothing.
    expect((await h.http().get(`/api/v1/cases/${id}`).set('Authorization', wl).expect(200)).body.reporterMasked).toBe(false);
    await h.http().get(`/api/v1/cases/${id}`).set('Authorization', await h.as('handler.ty')).expect(404);
    await h.http().post(`/api/v1/cases/${id}/co-reports`).set('Authorization', await h.as('handler.ty')).send({ text: 'x' }).expect(404);
    // The co-handling request is in the co-unit's inbox.
    const inbox = await h.http().get('/api/v1/notifications').set('Authorization', dcH).expect(200);
    expect(inbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'coHandling', caseId: id })]));

    // The lead cannot decide while the part is pending.
    const refused = await h.http().post(`/api/v1/cases/${id}/decide`).set('Authorization', wl).send({ decision: 'fileCase', note: '予以立案' }).expect(409);
    expect(refused.body.code).toBe('COHANDLING_PENDING');
    // A co-unit may not act as the lead.
    await h.http().post(`/api/v1/cases/${id}/decide`).set('Authorization', dcH).send({ decision: 'fileCase', note: 'x' }).expect(403);

    const sub = await h.http().post(`/api/v1/cases/${id}/co-reports`).set('Authorization', dcH).send({ text: '已检查鼎城区门店，未发现过期食品' }).expect(200);
    expect(sub.body[0]).toMatchObject({ state: 'submitted', text: '已检查鼎城区门店，未发现过期食品' });
    await h.http().post(`/api/v1/cases/${id}/co-reports`).set('Authorization', dcH).send({ text: '再次' }).expect(409);
    const decided = await h.http().post(`/api/v1/cases/${id}/decide`).set('Authorization', wl).send({ decision: 'fileCase', note: '予以立案' }).expect(200);
    expect(decided.body.status).toBe('closed');
    const tl = await timeline(id);
    expect(tl.map((e) => e.type)).toEqual(expect.arrayContaining(['CoUnitsAdded', 'CoReportSubmitted', 'ReportDecided']));
    expect(tl.find((e) => e.type === 'CoReportSubmitted')).toMatchObject({ unit: { code: 'dc' }, note: '已检查鼎城区门店，未发现过期食品' });
  });

  it('the lead leader adds co-units; closing waits for them unless the lead releases the pending part', async () => {
    const op = await h.as('operator');
    const wl = await h.as('handler.wl');
    const wlL = await h.as('leader.wl');
    const [dc, ty] = [await unitId('dc'), await unitId('ty')];
    const id = await registerComplaint(op);
    await h.http().post(`/api/v1/cases/${id}/sign`).set('Authorization', wl).send({}).expect(200);
    await h.http().post(`/api/v1/cases/${id}/accept`).set('Authorization', wl).send({}).expect(200);
    await h.http().post(`/api/v1/cases/${id}/co-units`).set('Authorization', wlL).send({ unitIds: [dc, ty] }).expect(200);
    await h.http().post(`/api/v1/cases/${id}/co-reports`).set('Authorization', await h.as('leader.ty')).send({ text: '桃源县无该经营者分店' }).expect(200);

    const close = () => h.http().post(`/api/v1/cases/${id}/close`).set('Authorization', wl).send({ outcome: 'agreement', recoveredAmount: 199 });
    const refused = await close().expect(409);
    expect(refused.body).toMatchObject({ code: 'COHANDLING_PENDING' });
    // Only the lead releases; the co-unit cannot release itself.
    await h.http().post(`/api/v1/cases/${id}/co-units/${dc}/release`).set('Authorization', await h.as('handler.dc')).send({ note: 'x' }).expect(403);
    await h.http().post(`/api/v1/cases/${id}/co-units/${dc}/release`).set('Authorization', wl).send({}).expect(400);
    const released = await h.http().post(`/api/v1/cases/${id}/co-units/${dc}/release`).set('Authorization', wl).send({ note: '调解已达成，无需等待' }).expect(200);
    expect(released.body.map((u: { unit: { code: string }; state: string }) => [u.unit.code, u.state]).sort()).toEqual([['dc', 'released'], ['ty', 'submitted']]);
    await h.http().post(`/api/v1/cases/${id}/co-units/${dc}/release`).set('Authorization', wl).send({ note: '再次' }).expect(409);
    expect((await close().expect(200)).body.status).toBe('closed');
    const types = (await timeline(id)).map((e) => e.type);
    expect(types.filter((t) => ['CoUnitsAdded', 'CoReportSubmitted', 'CoUnitReleased', 'CaseClosed'].includes(t)))
      .toEqual(['CoUnitsAdded', 'CoReportSubmitted', 'CoUnitReleased', 'CaseClosed']);
  });
});

type Sup = { id: string; caseId: string; kind: string; state: string; auto: boolean; role?: string; answer: string | null; openedByUnit: { code: string }; targetUnit: { code: string } };

describe('supervision (督办/催办)', () => {
  it('a higher unit supervises a case; the item lands in the unit\'s inbox; the unit answers; other counties can neither see nor answer', async () => {
    const op = await h.as('operator');
    const wl = await h.as('handler.wl');
    const cdL = await h.as('leader.cd');
    const id = await registerComplaint(op);
    await h.http().post(`/api/v1/cases/${id}/sign`).set('Authorization', wl).send({}).expect(200);

    // Who may open: not the unit itself, not another county (it cannot even see the case).
    await h.http().post(`/api/v1/cases/${id}/supervisions`).set('Authorization', await h.as('leader.wl')).send({ kind: 'supervise', note: 'x' }).expect(403);
    await h.http().post(`/api/v1/cases/${id}/supervisions`).set('Authorization', wl).send({ kind: 'supervise', note: 'x' }).expect(403);
    await h.http().post(`/api/v1/cases/${id}/supervisions`).set('Authorization', await h.as('leader.dc')).send({ kind: 'supervise', note: 'x' }).expect(404);
    await h.http().post(`/api/v1/cases/${id}/supervisions`).set('Authorization', cdL).send({ kind: 'escalate', note: 'x' }).expect(400);
    await h.http().post(`/api/v1/cases/${id}/supervisions`).set('Authorization', cdL).send({ kind: 'supervise', note: 'x', responseDays: 0 }).expect(400);

    const opened = await h.http().post(`/api/v1/cases/${id}/supervisions`).set('Authorization', cdL)
      .send({ kind: 'supervise', note: '群众反映强烈，请加快办理' }).expect(201);
    const s = opened.body as Sup & { dueAt: string };
    expect(s).toMatchObject({ kind: 'supervise', kindText: '督办', state: 'open', auto: false, openedByUnit: { code: 'cd' }, targetUnit: { code: 'wl' } });
    expect(s.dueAt).toMatch(/T23:59:59\.999\+08:00$/); // 3 working days, to 24:00 China time
    const row = await h.db.prisma.supervision.findUniqueOrThrow({ where: { id: s.id } });
    expect(row).toMatchObject({ caseId: id, kind: 'supervise', auto: false, answeredAt: null });

    // The target unit's inbox, and both sides' lists.
    const inbox = await h.http().get('/api/v1/notifications').set('Authorization', wl).expect(200);
    expect(inbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'supervise', caseId: id, title: '案件督办' })]));
    const mine = await h.http().get('/api/v1/supervisions?state=open').set('Authorization', wl).expect(200);
    expect(mine.body.items.find((x: Sup) => x.id === s.id)).toMatchObject({ role: 'target' });
    const theirs = await h.http().get('/api/v1/supervisions?state=open').set('Authorization', cdL).expect(200);
    expect(theirs.body.items.find((x: Sup) => x.id === s.id)).toMatchObject({ role: 'opener' });
    const dcList = await h.http().get('/api/v1/supervisions?state=all').set('Authorization', await h.as('handler.dc')).expect(200);
    expect(dcList.body.items.map((x: Sup) => x.id)).not.toContain(s.id);
    await h.http().get(`/api/v1/cases/${id}/supervisions`).set('Authorization', await h.as('handler.dc')).expect(404);
    await h.http().post(`/api/v1/cases/${id}/supervisions/${s.id}/answer`).set('Authorization', await h.as('handler.dc')).send({ answer: '冒充' }).expect(404);
    // The opener sees the case but cannot answer for the unit.
    await h.http().post(`/api/v1/cases/${id}/supervisions/${s.id}/answer`).set('Authorization', cdL).send({ answer: 'x' }).expect(403);

    const answered = await h.http().post(`/api/v1/cases/${id}/supervisions/${s.id}/answer`).set('Authorization', wl)
      .send({ answer: '已约谈经营者，预计本周内调解完毕' }).expect(200);
    expect(answered.body).toMatchObject({ state: 'answered', answer: '已约谈经营者，预计本周内调解完毕' });
    await h.http().post(`/api/v1/cases/${id}/supervisions/${s.id}/answer`).set('Authorization', wl).send({ answer: '再答' }).expect(409);
    expect((await h.http().get('/api/v1/supervisions?state=open').set('Authorization', wl).expect(200)).body.items.map((x: Sup) => x.id)).not.toContain(s.id);
    const cdInbox = await h.http().get('/api/v1/notifications').set('Authorization', cdL).expect(200);
    expect(cdInbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'supervisionAnswered', caseId: id })]));
    const tl = await timeline(id);
    expect(tl.find((e) => e.type === 'SupervisionOpened')).toMatchObject({ unit: { code: 'cd' }, note: '群众反映强烈，请加快办理', data: { supervisionId: s.id, auto: false } });
    expect(tl.find((e) => e.type === 'SupervisionAnswered')).toMatchObject({ unit: { code: 'wl' }, data: { supervisionId: s.id, onTime: true } });

    // The intake unit may remind (催办) with its own response time.
    const remind = await h.http().post(`/api/v1/cases/${id}/supervisions`).set('Authorization', op).send({ kind: 'remind', note: '请尽快反馈', responseDays: 1 }).expect(201);
    expect(remind.body).toMatchObject({ kind: 'remind', kindText: '催办', openedByUnit: { code: 'cd-xbk' }, targetUnit: { code: 'wl' } });
  });

  it('an unanswered item past its due time is marked overdue by the worker\'s sweep, once, on the timeline', async () => {
    const op = await h.as('operator');
    const wl = await h.as('handler.wl');
    const cdL = await h.as('leader.cd');
    const id = await registerComplaint(op);
    const s = (await h.http().post(`/api/v1/cases/${id}/supervisions`).set('Authorization', cdL).send({ kind: 'remind', note: '请反馈进展' }).expect(201)).body as Sup;
    expect(await h.worker!.supervisions.sweep()).toBe(0);
    // Its response time has run out (set back in the database: the API runs on the real clock).
    await h.db.prisma.supervision.update({ where: { id: s.id }, data: { dueAt: new Date(h.clock.now().getTime() - 60_000) } });
    expect(await h.worker!.supervisions.sweep()).toBeGreaterThanOrEqual(1);
    expect(await h.worker!.supervisions.sweep()).toBe(0);
    const [item] = (await h.http().get(`/api/v1/cases/${id}/supervisions`).set('Authorization', wl).expect(200)).body as Sup[];
    expect(item).toMatchObject({ id: s.id, state: 'overdue' });
    const overdue = await h.http().get('/api/v1/supervisions?state=overdue').set('Authorization', cdL).expect(200);
    expect(overdue.body.items.map((x: Sup) => x.id)).toContain(s.id);
    const tl = await timeline(id);
    expect(tl.filter((e) => e.type === 'SupervisionOverdue')).toEqual([expect.objectContaining({ unit: null, data: expect.objectContaining({ supervisionId: s.id }) })]);
    const cdInbox = await h.http().get('/api/v1/notifications').set('Authorization', cdL).expect(200);
    expect(cdInbox.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'supervisionOverdue', caseId: id })]));
    // A late answer is still taken, and recorded as late.
    await h.http().post(`/api/v1/cases/${id}/supervisions/${s.id}/answer`).set('Authorization', wl).send({ answer: '迟复：已办理' }).expect(200);
    expect((await timeline(id)).find((e) => e.type === 'SupervisionAnswered')!.data).toMatchObject({ onTime: false });
  });

  it('the deadline engine\'s supervise rung opens an automatic item (once) for the parent unit, which the assigned unit answers', async () => {
    const op = await h.as('operator');
    // Received long ago: the acceptance step is far past due, so due, supervise and notice fire at once.
    const { body } = await h.http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ channel: 'letter', receivedAt: '2026-01-05T09:00:00+08:00' })).expect(201);
    const id = body.id as string;
    const acceptanceId = body.deadlines.find((d: { kind: string }) => d.kind === 'acceptance').id as string;
    await waitFor(async () => ((await h.db.prisma.deadlineFiring.count({ where: { deadlineId: acceptanceId, rung: 'supervise' } })) === 1 ? true : undefined));
    const rows = await h.db.prisma.supervision.findMany({ where: { caseId: id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ auto: true, kind: 'supervise', openedBy: null, deadlineId: acceptanceId, answeredAt: null });
    const [s] = (await h.http().get(`/api/v1/cases/${id}/supervisions`).set('Authorization', op).expect(200)).body as Sup[];
    expect(s).toMatchObject({ auto: true, openedByUnit: { code: 'cd' }, targetUnit: { code: 'wl' }, state: 'open' });
    expect((await timeline(id)).map((e) => e.type)).toContain('SupervisionOpened');
    const wl = await h.as('handler.wl');
    expect((await h.http().get('/api/v1/supervisions').set('Authorization', wl).expect(200)).body.items.map((x: Sup) => x.id)).toContain(s!.id);
    await h.http().post(`/api/v1/cases/${id}/supervisions/${s!.id}/answer`).set('Authorization', wl).send({ answer: '已补办受理手续' }).expect(200);
    // The case was saved with its items: the automatic one is answered, nothing duplicated.
    expect(await h.db.prisma.supervision.count({ where: { caseId: id } })).toBe(1);
  });
});
