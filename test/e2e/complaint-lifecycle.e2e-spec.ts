import { complaintBody } from '#testing';
import { harnessFile, waitFor } from '../support/harness.js';

const h = harnessFile({ worker: true });
const http = () => h.http();
const login = (username: string) => h.as(username);

describe('complaint lifecycle over HTTP', () => {
  it('registers, routes, signs, accepts, closes, calls back and archives, with a complete timeline', async () => {
    const op = await login('operator');
    const created = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody()).expect(201);
    expect(created.body.caseNo).toMatch(/^2026\d{8}$/);
    expect(created.body.status).toBe('dispatched');
    expect(created.body.assignedUnit).toMatchObject({ code: 'wl', name: '武陵区市场监督管理局' });
    expect(created.body.regime).toBe('O121');
    // Received Fri 2026-11-20: 7 working days, the 20th not counted → 11-23..27, 11-30, 12-01.
    const acceptance = created.body.deadlines.find((d: { kind: string }) => d.kind === 'acceptance');
    expect(acceptance).toMatchObject({ dueDate: '2026-12-01', dueAt: '2026-12-01T23:59:59.999+08:00', state: 'running' });
    const id = created.body.id;

    const h = await login('handler.wl');
    await http().post(`/api/v1/cases/${id}/accept`).set('Authorization', h).send({}).expect(409)
      .expect((r) => expect(r.body.code).toBe('INVALID_TRANSITION'));
    await http().post(`/api/v1/cases/${id}/sign`).set('Authorization', h).send({}).expect(200);
    const accepted = await http().post(`/api/v1/cases/${id}/accept`).set('Authorization', h).send({}).expect(200);
    expect(accepted.body.status).toBe('accepted');
    const mediation = accepted.body.deadlines.find((d: { kind: string }) => d.kind === 'mediation');
    expect(mediation).toMatchObject({ amount: 60, unit: 'calendarDays', state: 'running' });
    expect(accepted.body.deadlines.find((d: { kind: string }) => d.kind === 'acceptance').state).toBe('met');

    await http().post(`/api/v1/cases/${id}/mediation-notes`).set('Authorization', h).send({ note: '电话调解，商家同意退货。' }).expect(200);
    const closed = await http().post(`/api/v1/cases/${id}/close`).set('Authorization', h).send({ outcome: 'agreement', recoveredAmount: 199 }).expect(200);
    expect(closed.body).toMatchObject({ status: 'closed', outcome: 'agreement', recoveredAmount: 199 });
    const archived = await http().post(`/api/v1/cases/${id}/callback`).set('Authorization', op).send({ satisfaction: 'satisfied' }).expect(200);
    expect(archived.body).toMatchObject({ status: 'archived', satisfaction: 'satisfied' });

    const tl = await http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', h).expect(200);
    const types = tl.body.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['CaseRegistered', 'CaseDispatched', 'CaseSigned', 'CaseAccepted', 'MediationNoted', 'CaseClosed', 'CallbackRecorded', 'CaseArchived']));
    expect(types.indexOf('CaseSigned')).toBeLessThan(types.indexOf('CaseAccepted'));
    const signed = tl.body.find((e: { type: string }) => e.type === 'CaseSigned');
    expect(signed.actor.name).toBe('武陵区市场监督管理局承办人');
    expect(signed.unit.code).toBe('wl');
    expect(tl.body.find((e: { type: string }) => e.type === 'CaseDispatched').rule).toContain('430702');
  });

  it('回访未果: the operator records that the complainant could not be reached — archived without a satisfaction; bad input, a handler, a retry and a report refused', async () => {
    const op = await login('operator');
    const hw = await login('handler.wl');
    const id = (await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody()).expect(201)).body.id as string;
    await http().post(`/api/v1/cases/${id}/callback-unreachable`).set('Authorization', op).send({ note: '未接通' }).expect(409) // not closed yet
      .expect((r) => expect(r.body.code).toBe('INVALID_TRANSITION'));
    await http().post(`/api/v1/cases/${id}/sign`).set('Authorization', hw).send({}).expect(200);
    await http().post(`/api/v1/cases/${id}/accept`).set('Authorization', hw).send({}).expect(200);
    await http().post(`/api/v1/cases/${id}/close`).set('Authorization', hw).send({ outcome: 'noAgreement' }).expect(200);

    for (const body of [{}, { note: '   ' }, { note: 7 }]) {
      const bad = await http().post(`/api/v1/cases/${id}/callback-unreachable`).set('Authorization', op).send(body).expect(400);
      expect(new Set(bad.body.fields.map((f: { field: string }) => f.field))).toEqual(new Set(['note']));
    }
    await http().post(`/api/v1/cases/${id}/callback-unreachable`).set('Authorization', hw).send({ note: '未接通' }).expect(403); // the operators' job
    expect((await h.db.prisma.case.findUniqueOrThrow({ where: { id } })).status).toBe('closed'); // refused: nothing changed

    const note = '12月3日、4日两次电话均未接通，短信未回复';
    const r = await http().post(`/api/v1/cases/${id}/callback-unreachable`).set('Authorization', op).send({ note }).expect(200);
    expect(r.body).toMatchObject({ status: 'archived', satisfaction: null });
    await http().post(`/api/v1/cases/${id}/callback-unreachable`).set('Authorization', op).send({ note }).expect(409); // a retry
    await http().post(`/api/v1/cases/${id}/callback`).set('Authorization', op).send({ satisfaction: 'satisfied' }).expect(409);
    const tl = (await http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', hw).expect(200)).body as { type: string; note: string | null; actor: { name: string } }[];
    expect(tl.filter((e) => e.type === 'CallbackUnreachable')).toEqual([expect.objectContaining({ note, actor: expect.objectContaining({ name: expect.any(String) }) })]);
    expect(tl.map((e) => e.type)).not.toContain('CallbackRecorded');

    // A report has no callback, reached or not.
    const report = (await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ type: 'report', description: '无证经营' })).expect(201)).body.id as string;
    const refused = await http().post(`/api/v1/cases/${report}/callback-unreachable`).set('Authorization', op).send({ note }).expect(409);
    expect(refused.body).toEqual({ code: 'INVALID_TRANSITION', message: '举报案件不能回访' });
  });

  it('hides a case from another unit and refuses its actions', async () => {
    const op = await login('operator');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody()).expect(201);
    const other = await login('handler.dc');
    await http().get(`/api/v1/cases/${body.id}`).set('Authorization', other).expect(404);
    await http().get(`/api/v1/cases/${body.id}/timeline`).set('Authorization', other).expect(404);
    await http().post(`/api/v1/cases/${body.id}/sign`).set('Authorization', other).send({}).expect(404);
    const list = await http().get('/api/v1/cases').set('Authorization', other).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(body.id);
  });

  it('rejects bad input with every bad field named, storing nothing', async () => {
    const op = await login('operator');
    const before = await h.db.prisma.case.count();
    const r = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ channel: 'fax', complainant: { name: '', phone: '12345', address: 'x' }, respondent: { name: 'A', regionCode: '43', address: 'y', creditCode: 'IOSVZ' } }))
      .expect(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    const fields = r.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['channel', 'complainant.name', 'complainant.phone', 'respondent.regionCode']));
    const bad = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ respondent: { name: 'A', regionCode: '430702', address: 'y', creditCode: '91350100M0001TGQXO' } })).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'respondent.creditCode', code: 'CREDIT_CODE_FORMAT' })]);
    expect(await h.db.prisma.case.count()).toBe(before);
    // A lawful pilot code that fails the checksum is accepted with a warning.
    const ok = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ respondent: { name: 'A', regionCode: '430702', address: 'y', creditCode: '91350100M0001TGQXM' } })).expect(201);
    expect(ok.body.warnings).toEqual([expect.objectContaining({ code: 'CREDIT_CODE_CHECKSUM', field: 'respondent.creditCode' })]);
  });

  it('arms a durable timer that marks an unmet step overdue and records it on the timeline', async () => {
    const op = await login('operator');
    // A letter received long ago: its acceptance deadline (2026-01-14) has passed, so the timer fires at once.
    const { body } = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ channel: 'letter', receivedAt: '2026-01-05T09:00:00+08:00' })).expect(201);
    expect(body.regime).toBe('O20');
    const overdue = await waitFor(async () => {
      const r = await http().get(`/api/v1/cases/${body.id}`).set('Authorization', op);
      return r.body.overdue ? r.body : undefined;
    });
    expect(overdue.deadlines.find((d: { kind: string }) => d.kind === 'acceptance').state).toBe('overdue');
    const tl = await http().get(`/api/v1/cases/${body.id}/timeline`).set('Authorization', op).expect(200);
    expect(tl.body.filter((e: { type: string; data: { kind: string } }) => e.type === 'DeadlineOverdue' && e.data.kind === 'acceptance')).toHaveLength(1);
    const acceptanceId = overdue.deadlines.find((d: { kind: string }) => d.kind === 'acceptance').id;
    // Long past due: the escalation rungs after due (督办 +2, 通报 +5 working days) have passed too; each fired once.
    await waitFor(async () => ((await h.db.prisma.deadlineFiring.count({ where: { deadlineId: acceptanceId, rung: { in: ['due', 'supervise', 'notice'] } } })) === 3 ? true : undefined));
    const firings = await h.db.prisma.deadlineFiring.findMany({ where: { deadlineId: acceptanceId } });
    expect(firings.filter((f) => f.rung === 'due')).toHaveLength(1);
    expect(new Set(firings.map((f) => f.rung)).size).toBe(firings.length);
    expect(firings.map((f) => f.rung)).not.toContain('warn');
    expect(firings.map((f) => f.rung)).toEqual(expect.arrayContaining(['due', 'supervise', 'notice']));
    const types = (await http().get(`/api/v1/cases/${body.id}/timeline`).set('Authorization', op)).body.map((e: { type: string }) => e.type);
    expect(types).toEqual(expect.arrayContaining(['SupervisionOpened', 'NoticeIssued']));
    const list = await http().get('/api/v1/cases?overdue=true').set('Authorization', op).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(body.id);
  });
});
