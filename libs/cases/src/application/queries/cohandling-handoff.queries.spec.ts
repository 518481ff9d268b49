// Read handlers of co-handling, supervision, links and the identity audit on in-memory ports: who sees what.
import { Forbidden } from '#kernel';
import { caseWorld, cityLeader, handlerA, handlerB, operator } from '#testing';
import { CaseNotFound } from '../../domain/case.errors.js';
import { AddCoUnits, AddCoUnitsHandler, OpenSupervision, OpenSupervisionHandler } from '../commands/cohandling-actions.handler.js';
import { GetCaseSupervisions, GetCaseSupervisionsHandler, GetCoUnits, GetCoUnitsHandler, ListSupervisions, ListSupervisionsHandler } from './cohandling.queries.js';
import { GetCaseLinks, GetCaseLinksHandler } from './handoff.queries.js';
import { ListIdentityReads, ListIdentityReadsHandler } from './identity-reads.queries.js';

describe('co-handling, supervision, links and audit reads (in-memory ports)', () => {
  it('a co-unit and the assigned unit see the parts and the items; another county is told nothing', async () => {
    const w = caseWorld();
    const c = w.aCase();
    await new AddCoUnitsHandler(w.wf, w.org.directory, w.inbox).execute(new AddCoUnits(c.id, operator, ['county-b'], null));
    const { id } = await new OpenSupervisionHandler(w.wf, w.org.directory, w.inbox).execute(new OpenSupervision(c.id, cityLeader, 'remind', '请尽快', 2));
    const parts = new GetCoUnitsHandler(w.access, w.reads, w.org.directory);
    expect(await parts.execute(new GetCoUnits(c.id, handlerB))).toEqual([expect.objectContaining({ unit: expect.objectContaining({ id: 'county-b' }), state: 'pending' })]);
    const other = { userId: 'u-x', unitId: 'county-x', role: 'handler' as const };
    w.org.units.push({ id: 'county-x', code: 'x', name: 'X', level: 'county', parentId: 'city', regionCode: null, isIntake: false, aliases: [] });
    await expect(parts.execute(new GetCoUnits(c.id, other))).rejects.toBeInstanceOf(CaseNotFound);
    const items = await new GetCaseSupervisionsHandler(w.reads, w.org.directory, w.access).execute(new GetCaseSupervisions(c.id, handlerA));
    expect(items).toEqual([expect.objectContaining({ id, caseNo: c.caseNo, kind: 'remind', state: 'open', targetUnit: expect.objectContaining({ id: 'county-a' }) })]);
    const list = new ListSupervisionsHandler(w.reads, w.org.directory);
    expect((await list.execute(new ListSupervisions(handlerA, 'open'))).items).toEqual([expect.objectContaining({ id, role: 'target' })]);
    expect((await list.execute(new ListSupervisions(cityLeader, 'all'))).items).toEqual([expect.objectContaining({ id, role: 'opener' })]);
    expect((await list.execute(new ListSupervisions(cityLeader, 'answered'))).items).toEqual([]);
  });

  it('a complaint+report pair is named only to who may see both identities', async () => {
    const w = caseWorld();
    const complaint = w.aCase('c-1');
    const report = w.aCase('c-2');
    w.cases.rows.get(report.id)!.type = 'report';
    w.reads.links_.push({ caseId: complaint.id, otherCaseId: report.id, kind: 'complaintReport' });
    const links = new GetCaseLinksHandler(w.reads, w.org.directory, w.access);
    expect(await links.execute(new GetCaseLinks(complaint.id, handlerA))).toEqual([{ kind: 'complaintReport', visible: true, case: expect.objectContaining({ id: report.id, type: 'report' }) }]);
    expect(await links.execute(new GetCaseLinks(complaint.id, { ...cityLeader, role: 'manager' }))).toEqual([{ kind: 'complaintReport', visible: false, case: null }]);
  });

  it('the identity audit: auditors only, newest first, filtered and paged', async () => {
    const w = caseWorld();
    const c = w.aCase();
    w.reads.users_.push({ id: 'u-a', username: 'handler.a', displayName: '甲' });
    const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 2, m));
    w.reads.identity.push(
      { id: 1n, caseId: c.id, userId: 'u-a', unitId: 'county-a', role: 'handler', at: at(1), via: 'GET /cases/:id', fields: 'name,phone,address', query: null, ip: null },
      { id: 2n, caseId: null, userId: 'u-a', unitId: 'county-a', role: 'handler', at: at(2), via: 'GET /cases?q', fields: 'search:phone', query: '138****0000', ip: '10.0.0.1' },
    );
    const h = new ListIdentityReadsHandler(w.reads, w.org.directory);
    await expect(h.execute(new ListIdentityReads(handlerA, { page: 1, pageSize: 10 }))).rejects.toBeInstanceOf(Forbidden);
    const auditor = { userId: 'u-au', unitId: 'city', role: 'auditor' as const };
    const page = await h.execute(new ListIdentityReads(auditor, { page: 1, pageSize: 1 }));
    expect(page).toMatchObject({ total: 2, items: [{ id: '2', via: 'GET /cases?q', user: { username: 'handler.a' }, case: null }] });
    const one = await h.execute(new ListIdentityReads(auditor, { caseId: c.id, page: 1, pageSize: 10 }));
    expect(one.items).toEqual([expect.objectContaining({ id: '1', case: { id: c.id, caseNo: c.caseNo, type: 'complaint' }, unit: expect.objectContaining({ id: 'county-a' }) })]);
  });
});
