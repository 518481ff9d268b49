import { complaintBody } from '#testing';
import { harnessFile } from '../support/harness.js';

const h = harnessFile({ prepare: (db) =>
    // This bureau keeps the O20 step: tell a real-name reporter of the decision within 5 working days.
    db.prisma.timeLimitPolicy.updateMany({ where: { step: 'reporterNotice' }, data: { enabled: true } }) });
const http = () => h.http();
const db = { get prisma() { return h.db.prisma; } };
const login = (username: string) => h.as(username);
const now = () => h.clock.now().toISOString();
const reportBody = (over: Record<string, unknown> = {}) =>
  complaintBody({
    type: 'report', receivedAt: now(), request: undefined, amount: undefined,
    complainant: { name: '赵举报', phone: '13700001234', address: '常德市鼎城区某路2号' },
    description: '该店销售过期食品。', ...over,
  });
async function timelineTypes(id: string): Promise<string[]> {
  const r = await http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', await login('operator')).expect(200);
  return r.body.map((e: { type: string }) => e.type);
}

describe('reports (举报): verify, decide, notify', () => {
  it('routes to where the violation happened, verifies, decides 立案 and records the reporter notice', async () => {
    const op = await login('operator');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(reportBody({ violationRegionCode: '430703' })).expect(201);
    expect(body).toMatchObject({ type: 'report', realName: true, assignedUnit: { code: 'dc' }, violationRegionCode: '430703' });
    expect(body.deadlines.find((d: { kind: string }) => d.kind === 'verification')).toMatchObject({ amount: 15, unit: 'workingDays', state: 'running' });
    const dc = await login('handler.dc');
    await http().post(`/api/v1/cases/${body.id}/decide`).set('Authorization', dc).send({ decision: 'fileCase', note: 'x' }).expect(409);
    await http().post(`/api/v1/cases/${body.id}/sign`).set('Authorization', dc).send({}).expect(200);
    await http().post(`/api/v1/cases/${body.id}/verification-notes`).set('Authorization', dc).send({ note: '现场检查发现过期食品12件' }).expect(200);
    await http().post(`/api/v1/cases/${body.id}/decide`).set('Authorization', dc).send({ decision: 'maybe', note: 'x' }).expect(400);
    const decided = await http().post(`/api/v1/cases/${body.id}/decide`).set('Authorization', dc).send({ decision: 'fileCase', note: '涉嫌违反食品安全法，予以立案' }).expect(200);
    expect(decided.body).toMatchObject({ status: 'closed', reportDecision: 'fileCase' });
    expect(decided.body.deadlines.find((d: { kind: string }) => d.kind === 'verification').state).toBe('met');
    expect(decided.body.deadlines.find((d: { kind: string }) => d.kind === 'reporterNotice')).toMatchObject({ amount: 5, state: 'running' });
    const told = await http().post(`/api/v1/cases/${body.id}/reporter-notice`).set('Authorization', dc).send({ note: '已电话告知举报人' }).expect(200);
    expect(told.body.deadlines.find((d: { kind: string }) => d.kind === 'reporterNotice').state).toBe('met');
    expect(await timelineTypes(body.id)).toEqual(expect.arrayContaining(['VerificationNoted', 'ReportDecided', 'CaseClosed', 'ReporterNotified']));
  });

  it('refuses a complaint’s steps on a report (受理, 不予受理, 调解, 办结, 回访), changing nothing; it is decided instead', async () => {
    const op = await login('operator');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(reportBody()).expect(201);
    const h = await login('handler.wl');
    await http().post(`/api/v1/cases/${body.id}/sign`).set('Authorization', h).send({}).expect(200);
    const before = await timelineTypes(body.id);
    const steps: [string, Record<string, unknown>, string][] = [
      ['accept', {}, '受理'], ['decline', { ground: 'noAuthority' }, '不予受理'], ['mediation-notes', { note: '组织调解' }, '调解记录'],
      ['close', { outcome: 'noAgreement' }, '办结'],
    ];
    for (const [path, send, action] of steps) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const r = await http().post(`/api/v1/cases/${body.id}/${path}`).set('Authorization', h).send(send).expect(409);
        expect(r.body).toMatchObject({ code: 'INVALID_TRANSITION', message: `举报案件不能${action}` });
      }
    }
    expect(await timelineTypes(body.id)).toEqual(before);
    const got = await http().get(`/api/v1/cases/${body.id}`).set('Authorization', h).expect(200);
    expect(got.body.status).toBe('signed');
    await http().post(`/api/v1/cases/${body.id}/decide`).set('Authorization', h).send({ decision: 'noCase', note: '经核查未发现违法行为' }).expect(200);
    const cb = await http().post(`/api/v1/cases/${body.id}/callback`).set('Authorization', op).send({ satisfaction: 'satisfied' }).expect(409);
    expect(cb.body).toMatchObject({ code: 'INVALID_TRANSITION', message: '举报案件不能回访' });
    // 待回访 (the console's query) lists closed complaints only.
    const list = await http().get('/api/v1/cases').query({ type: 'complaint', status: 'closed,declined', sort: 'deadline', pageSize: 100 }).set('Authorization', op).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(body.id);
    expect(list.body.items.every((c: { type: string }) => c.type === 'complaint')).toBe(true);
  });

  it('registers an anonymous report without name or phone; no reporter notice is armed', async () => {
    const op = await login('operator');
    const bad = await http().post('/api/v1/cases').set('Authorization', op).send(reportBody({ realName: false, complainant: { phone: '123' } })).expect(400);
    expect(bad.body.fields[0].field).toBe('complainant.phone');
    await http().post('/api/v1/cases').set('Authorization', op).send(reportBody({ complainant: undefined })).expect(400); // real-name needs them
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(reportBody({ realName: false, complainant: undefined })).expect(201);
    expect(body).toMatchObject({ realName: false, complainant: { name: '匿名', phone: '', address: '' } });
    const h = await login('handler.wl');
    await http().post(`/api/v1/cases/${body.id}/sign`).set('Authorization', h).send({}).expect(200);
    const d = await http().post(`/api/v1/cases/${body.id}/decide`).set('Authorization', h).send({ decision: 'noCase', note: '经核查未发现违法行为' }).expect(200);
    expect(d.body.deadlines.some((x: { kind: string }) => x.kind === 'reporterNotice')).toBe(false);
    await http().post(`/api/v1/cases/${body.id}/reporter-notice`).set('Authorization', h).send({}).expect(409);
  });

  it('a complaint that is also a report becomes two linked cases (O121 Art. 9)', async () => {
    const op = await login('operator');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: now(), alsoReport: true })).expect(201);
    expect(body.type).toBe('complaint');
    expect(body.linkedCase).toMatchObject({ type: 'report', status: 'dispatched' });
    const report = await http().get(`/api/v1/cases/${body.linkedCase.id}`).set('Authorization', op).expect(200);
    expect(report.body.deadlines.map((d: { kind: string }) => d.kind)).toContain('verification');
    const links = await http().get(`/api/v1/cases/${body.id}/links`).set('Authorization', op).expect(200);
    expect(links.body).toEqual([{ kind: 'complaintReport', visible: true, case: expect.objectContaining({ id: body.linkedCase.id }) }]);
    await http().post('/api/v1/cases').set('Authorization', op).send(reportBody({ alsoReport: true })).expect(400);
  });

  it('links a repeat report of the same facts; merges new facts and restarts verification (O121 Art. 35)', async () => {
    const op = await login('operator');
    const first = (await http().post('/api/v1/cases').set('Authorization', op).send(reportBody({ receivedAt: '2026-11-02T09:00:00+08:00' })).expect(201)).body;
    const same = (await http().post('/api/v1/cases').set('Authorization', op).send(reportBody()).expect(201)).body;
    const hints = await http().post('/api/v1/cases/hints').set('Authorization', op).send({ complainantPhone: '13700001234', respondentName: '常德市武陵区好运电器商行' }).expect(200);
    expect(hints.body.hints[0].cases.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([first.id, same.id]));
    const linked = await http().post(`/api/v1/cases/${same.id}/merge`).set('Authorization', op).send({ intoCaseId: first.id }).expect(200);
    expect(linked.body.status).toBe('merged');
    const before = (await http().get(`/api/v1/cases/${first.id}`).set('Authorization', op).expect(200)).body;
    const v0 = before.deadlines.find((d: { kind: string }) => d.kind === 'verification');

    const more = (await http().post('/api/v1/cases').set('Authorization', op).send(reportBody({ description: '新证据：进货票据显示已过期仍在销售' })).expect(201)).body;
    await http().post(`/api/v1/cases/${more.id}/merge`).set('Authorization', op).send({ intoCaseId: first.id, newFacts: true }).expect(200);
    const after = (await http().get(`/api/v1/cases/${first.id}`).set('Authorization', op).expect(200)).body;
    const v1 = after.deadlines.find((d: { kind: string }) => d.kind === 'verification');
    expect(v1.version).toBe(v0.version + 1);
    expect(v1.dueDate > v0.dueDate).toBe(true);
    expect(after.description).toContain('新证据');
    expect(await timelineTypes(first.id)).toEqual(expect.arrayContaining(['CaseLinked', 'VerificationRestarted']));
    const links = (await http().get(`/api/v1/cases/${first.id}/links`).set('Authorization', op).expect(200)).body.map((l: { kind: string }) => l.kind);
    expect(links.sort()).toEqual(['mergedFrom', 'repeatedBy']);
  });
});

describe('reporter confidentiality (O121 Art. 37)', () => {
  it('shows the reporter only to the intake unit and the assigned handlers, masks it elsewhere, and audits every unmasked read', async () => {
    const op = await login('operator');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(reportBody({ complainant: { name: '钱保密', phone: '13700009999', address: '常德市武陵区保密路1号' } })).expect(201);
    expect(body.assignedUnit.code).toBe('wl');
    const audited = async () => db.prisma.identityRead.count({ where: { caseId: body.id } });
    const afterRegister = await audited();
    expect(afterRegister).toBe(1); // the operator saw what they typed, on the record

    const matrix: [string, 'full' | 'masked' | 'hidden'][] = [
      ['operator', 'full'],
      // The intake unit's own handlers see pool items only (access rules); the reporter rule never widens who sees a case.
      ['handler.cd-xbk', 'hidden'],
      ['handler.wl', 'full'], // assigned unit
      ['leader.wl', 'full'],
      ['leader.cd', 'masked'], // a higher unit sees the case, not the reporter
      ['manager', 'masked'],
      ['admin', 'masked'],
      ['handler.dc', 'hidden'], // another unit does not even see the case
    ];
    let expected = afterRegister;
    for (const [user, want] of matrix) {
      const r = await http().get(`/api/v1/cases/${body.id}`).set('Authorization', await login(user));
      if (want === 'hidden') {
        expect(r.status).toBe(404);
        continue;
      }
      expect([user, r.status]).toEqual([user, 200]);
      if (want === 'full') {
        expected++;
        expect([user, r.body.complainant]).toEqual([user, { name: '钱保密', phone: '13700009999', address: '常德市武陵区保密路1号' }]);
        expect(r.body.reporterMasked).toBe(false);
      } else {
        expect([user, r.body.complainant]).toEqual([user, { name: '钱**', phone: '137****9999', address: '***' }]);
        expect(r.body.reporterMasked).toBe(true);
      }
    }
    expect(await audited()).toBe(expected);
    const reads = await db.prisma.identityRead.findMany({ where: { caseId: body.id }, orderBy: { id: 'asc' } });
    expect(reads.map((x) => x.role)).toEqual(['operator', 'operator', 'handler', 'leader']);

    // Lists never show a reporter, not even to those who may open the case.
    for (const user of ['operator', 'handler.wl']) {
      const list = await http().get('/api/v1/cases?type=report').set('Authorization', await login(user)).expect(200);
      const item = list.body.items.find((c: { id: string }) => c.id === body.id);
      expect(item.complainantName).toBe('钱**');
    }
    // A complaint's complainant is not masked (mediation needs it).
    const c = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: now() })).expect(201);
    const seen = await http().get(`/api/v1/cases/${c.body.id}`).set('Authorization', await login('manager')).expect(200);
    expect(seen.body.complainant.name).toBe('张三');
  });
});
