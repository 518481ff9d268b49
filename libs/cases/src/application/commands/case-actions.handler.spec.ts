// The unit's steps on a case through CaseWorkflow on in-memory ports: the state, its events, its timers in the
// outbox and the documents issued in the same transaction — without PostgreSQL.
import { caseWorld, handlerA, handlerB, operator } from '#testing';
import { CaseNotFound, NotAHandler, NotASubordinateStation } from '../../domain/case.errors.js';
import { DocumentIssuer } from '../documents.handler.js';
import { AcceptCase, AcceptCaseHandler, CloseCase, CloseCaseHandler, DeclineCase, DeclineCaseHandler, DispatchCase, DispatchCaseHandler } from './case-actions.handler.js';

describe('case actions (in-memory ports)', () => {
  it('accepting a complaint stores the decision and issues the 受理告知书 in the same transaction', async () => {
    const w = caseWorld();
    const c = w.aCase();
    const issuer = new DocumentIssuer(w.org.directory, w.docs, w.cases);
    await new AcceptCaseHandler(w.wf, issuer).execute(new AcceptCase(c.id, handlerA, '符合受理条件'));
    const stored = await w.cases.get(c.id);
    expect(stored.status).toBe('accepted');
    expect(w.docs.docs).toEqual([expect.objectContaining({ caseId: c.id, kind: 'acceptanceNotice', issuerUnitId: 'county-a', seq: 1 })]);
    expect(w.cases.events.map((e) => e.type)).toEqual(expect.arrayContaining(['CaseAccepted', 'DocumentIssued']));
  });

  it('another unit cannot decide: the case is "not found" to it and nothing is stored or issued', async () => {
    const w = caseWorld();
    const c = w.aCase();
    const issuer = new DocumentIssuer(w.org.directory, w.docs, w.cases);
    await expect(new DeclineCaseHandler(w.wf, issuer).execute(new DeclineCase(c.id, handlerB, 'noAuthority', null))).rejects.toBeInstanceOf(CaseNotFound);
    expect((await w.cases.get(c.id)).status).toBe('signed');
    expect(w.docs.docs).toEqual([]);
  });

  it('declining names its legal ground in the 不予受理告知书; a closed case cannot be closed again', async () => {
    const w = caseWorld();
    const c = w.aCase();
    const issuer = new DocumentIssuer(w.org.directory, w.docs, w.cases);
    await new DeclineCaseHandler(w.wf, issuer).execute(new DeclineCase(c.id, handlerA, 'noAuthority', '不属于本局职责'));
    expect((await w.cases.get(c.id)).status).toBe('declined');
    expect(w.docs.docs[0]).toMatchObject({ kind: 'declineNotice' });
    expect(w.docs.docs[0]!.body).toContain('不具有处理权限');
    await expect(new CloseCaseHandler(w.wf, issuer).execute(new CloseCase(c.id, handlerA, 'agreement', null, null, null))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' });
    await expect(new CloseCaseHandler(w.wf, issuer).execute(new CloseCase(c.id, handlerA, 'terminated', null, null, null))).rejects.toMatchObject({ fields: [expect.objectContaining({ field: 'ground' })] });
  });

  it('dispatch: an auditor may not; the county\'s handler may not send its case to another county; the intake names a handling unit', async () => {
    const w = caseWorld();
    const c = w.aCase();
    const dispatch = new DispatchCaseHandler(w.wf, w.org.directory);
    await expect(dispatch.execute(new DispatchCase(c.id, { ...handlerA, role: 'auditor' }, 'county-b', null))).rejects.toBeInstanceOf(NotAHandler);
    // the county's own handler may only send it down to one of its stations
    await expect(dispatch.execute(new DispatchCase(c.id, handlerA, 'county-b', null))).rejects.toBeInstanceOf(NotASubordinateStation);
    expect((await w.cases.get(c.id)).assignedUnitId).toBe('county-a');
    await expect(dispatch.execute(new DispatchCase(c.id, operator, 'intake', null))).rejects.toMatchObject({ fields: [expect.objectContaining({ field: 'unitId' })] });
  });
});
