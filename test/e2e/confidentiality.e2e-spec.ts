// Issue 11 §4–5: each leak and each duty rule, tried as an attacker would, now refused — and audited.
import { complaintBody } from '#testing';
import { harnessFile } from '../support/harness.js';

const LIMIT = 25;
const h = harnessFile({ env: { IDENTITY_SEARCH_LIMIT: LIMIT } }, 120_000);
const http = () => h.http();
const as = (u: string) => h.as(u);
const now = () => h.clock.now().toISOString();
/** Today in China (statistics take China dates). */
const chinaToday = () => new Date(h.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const unitId = async (code: string) => (await h.db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
const userId = async (username: string) => (await h.db.prisma.user.findUniqueOrThrow({ where: { username } })).id;
const reportBody = (phone: string, over: Record<string, unknown> = {}) => complaintBody({
  type: 'report', receivedAt: now(), request: undefined, amount: undefined,
  complainant: { name: '钱保密', phone, address: '常德市武陵区保密路1号' }, description: '该店销售过期食品。', ...over,
});

async function register(body: Record<string, unknown>) {
  return (await http().post('/api/v1/cases').set('Authorization', await as('operator')).send(body).expect(201)).body;
}
async function search(user: string, q: string, extra = '') {
  return http().get(`/api/v1/cases?q=${encodeURIComponent(q)}${extra}`).set('Authorization', await as(user));
}

describe('searching by a reporter’s phone (O121 Art. 37)', () => {
  const phone = '13700006728';
  let report: { id: string };

  beforeAll(async () => {
    report = await register(reportBody(phone));
    // A co-unit (协办) sees the case but not the reporter.
    await http().post(`/api/v1/cases/${report.id}/co-units`).set('Authorization', await as('operator')).send({ unitIds: [await unitId('dc')] }).expect(200);
  });

  it('finds nothing for a role that sees the phone masked — the full number, either sort, and a brute force of the middle digits', async () => {
    for (const user of ['manager', 'admin', 'leader.cd', 'handler.dc', 'leader.dc']) {
      // The masked view is what they are shown …
      if (user !== 'admin' && user !== 'manager') {
        const list = await search(user, '', '&type=report');
        if (user.endsWith('.dc')) expect(list.body.items.map((c: { id: string }) => c.id)).toContain(report.id);
      }
      for (const sort of ['received', 'deadline']) {
        const r = await search(user, phone, `&type=report&sort=${sort}`);
        expect([user, sort, r.status, r.body.total]).toEqual([user, sort, 200, 0]);
      }
    }
    // Trying the 10,000 middle digits is no oracle: the right number answers exactly like the wrong ones.
    const guesses = ['13700000000', '13700006727', phone, '13799996728'];
    const totals = [];
    for (const g of guesses) totals.push((await search('manager', g, '&type=report')).body.total);
    expect(totals).toEqual([0, 0, 0, 0]);
  });

  it('finds the report for a role that may see the reporter, and audits every identity search with who, what and where from', async () => {
    const before = await h.db.prisma.identityRead.count();
    for (const user of ['handler.wl', 'leader.wl', 'operator']) {
      const r = await search(user, phone, '&type=report');
      expect([user, r.status, r.body.items.map((c: { id: string }) => c.id)]).toEqual([user, 200, [report.id]]);
      expect(r.body.items[0].complainantName).toBe('钱**'); // lists never show a reporter, even to them
    }
    const found = await h.db.prisma.identityRead.findMany({ where: { via: 'GET /cases?q', caseId: report.id }, orderBy: { id: 'asc' } });
    expect(found.map((x) => x.role)).toEqual(['handler', 'leader', 'operator']);
    for (const x of found) expect(x).toMatchObject({ fields: 'search:phone', query: '137****6728', ip: expect.stringMatching(/\d/) });
    expect(await h.db.prisma.identityRead.count()).toBe(before + 3);
    // The masked roles' searches are on the record too: no case was shown to them (case_id null), the term masked.
    const mgr = await h.db.prisma.identityRead.findMany({ where: { via: 'GET /cases?q', userId: await userId('manager') } });
    expect(mgr.length).toBe(2 + 4); // two sorts, four guesses
    for (const x of mgr) expect(x).toMatchObject({ caseId: null, role: 'manager', query: expect.stringMatching(/^137\*{4}\d{4}$/) });
  });

  it('limits identity searches per user (Redis), with a stable code and a Chinese message', async () => {
    const user = 'leader.ty';
    let refused: { status: number; body: { code: string; message: string }; headers: Record<string, string> } | undefined;
    for (let i = 0; i < LIMIT + 3 && !refused; i++) {
      const r = await search(user, `1370000${String(i).padStart(4, '0')}`);
      if (r.status !== 200) refused = r;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.body).toMatchObject({ code: 'IDENTITY_SEARCH_LIMITED', message: expect.stringContaining('过于频繁') });
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThan(0);
    expect(await h.db.prisma.identityRead.count({ where: { userId: await userId(user) } })).toBe(LIMIT);
    // Not an identity: a case number or a business name is never limited.
    expect((await search(user, '好运电器')).status).toBe(200);
    // Another user has its own count.
    expect((await search('leader.lx', phone)).status).toBe(200);
  });
});

describe('a complaint filed together with a report (O121 Art. 9)', () => {
  let complaint: { id: string; linkedCase: { id: string } };
  const phone = '13900001111';
  beforeAll(async () => {
    complaint = await register(complaintBody({ receivedAt: now(), alsoReport: true, complainant: { name: '孙双报', phone, address: '常德市武陵区双报路2号' } }));
  });

  it('masks the complainant like the reporter for manager, admin and other leaders; the handling unit and the intake see it (audited)', async () => {
    for (const user of ['manager', 'admin', 'leader.cd']) {
      const r = await http().get(`/api/v1/cases/${complaint.id}`).set('Authorization', await as(user)).expect(200);
      expect([user, r.body.complainant, r.body.reporterMasked]).toEqual([user, { name: '孙**', phone: '139****1111', address: '***' }, true]);
      const list = await http().get('/api/v1/cases?type=complaint').set('Authorization', await as(user)).expect(200);
      expect(list.body.items.find((c: { id: string }) => c.id === complaint.id).complainantName).toBe('孙**');
    }
    const reads = () => h.db.prisma.identityRead.count({ where: { caseId: complaint.id } });
    const n = await reads();
    for (const user of ['handler.wl', 'operator']) {
      const r = await http().get(`/api/v1/cases/${complaint.id}`).set('Authorization', await as(user)).expect(200);
      expect([user, r.body.complainant.phone, r.body.reporterMasked]).toEqual([user, phone, false]);
    }
    expect(await reads()).toBe(n + 2);
    // Nor can its phone be searched by those who see it masked.
    expect((await search('manager', phone)).body.total).toBe(0);
    expect((await search('handler.wl', phone)).body.total).toBe(2);
  });

  it('/links and the timeline show the pair only to those who may see the identity on both cases', async () => {
    for (const user of ['manager', 'admin', 'leader.cd']) {
      const r = await http().get(`/api/v1/cases/${complaint.id}/links`).set('Authorization', await as(user)).expect(200);
      expect([user, r.body]).toEqual([user, [{ kind: 'complaintReport', visible: false, case: null }]]);
      const back = await http().get(`/api/v1/cases/${complaint.linkedCase.id}/links`).set('Authorization', await as(user)).expect(200);
      expect([user, back.body]).toEqual([user, [{ kind: 'complaintReport', visible: false, case: null }]]);
    }
    // Nor does the timeline's CaseLinked event name the other case.
    for (const user of ['manager', 'leader.cd']) {
      const tl = await http().get(`/api/v1/cases/${complaint.id}/timeline`).set('Authorization', await as(user)).expect(200);
      const linked = tl.body.find((e: { type: string }) => e.type === 'CaseLinked');
      expect([user, linked.data]).toEqual([user, { kind: 'complaintReport', otherCaseId: null, otherCaseNo: null }]);
      expect(JSON.stringify(tl.body)).not.toContain(complaint.linkedCase.id);
    }
    const opTl = await http().get(`/api/v1/cases/${complaint.id}/timeline`).set('Authorization', await as('operator')).expect(200);
    expect(opTl.body.find((e: { type: string }) => e.type === 'CaseLinked').data.otherCaseId).toBe(complaint.linkedCase.id);
    const op = await http().get(`/api/v1/cases/${complaint.id}/links`).set('Authorization', await as('operator')).expect(200);
    expect(op.body).toEqual([{ kind: 'complaintReport', visible: true, case: expect.objectContaining({ id: complaint.linkedCase.id }) }]);
  });
});

describe('an inquiry converted into a report', () => {
  it('masks the caller on the inquiry like the reporter, and hides the pair from those who see it masked', async () => {
    const inquiry = await register(complaintBody({
      type: 'inquiry', receivedAt: now(), request: undefined, amount: undefined, complainant: { name: '郑咨询', phone: '13900002222', address: '常德市武陵区咨询路5号' },
    }));
    const op = await as('operator');
    const conv = await http().post(`/api/v1/cases/${inquiry.id}/convert`).set('Authorization', op).send({ type: 'report' }).expect(200);
    const reportId = conv.body.created.id;
    for (const user of ['manager', 'admin']) {
      const r = await http().get(`/api/v1/cases/${inquiry.id}`).set('Authorization', await as(user)).expect(200);
      expect([user, r.body.complainant, r.body.reporterMasked]).toEqual([user, { name: '郑**', phone: '139****2222', address: '***' }, true]);
      const links = await http().get(`/api/v1/cases/${inquiry.id}/links`).set('Authorization', await as(user)).expect(200);
      expect([user, links.body]).toEqual([user, [{ kind: 'convertedTo', visible: false, case: null }]]);
      const tl = await http().get(`/api/v1/cases/${inquiry.id}/timeline`).set('Authorization', await as(user)).expect(200);
      expect(JSON.stringify(tl.body)).not.toContain(reportId);
      expect((await search(user, '13900002222')).body.total).toBe(0);
    }
    const opView = await http().get(`/api/v1/cases/${inquiry.id}`).set('Authorization', op).expect(200);
    expect(opView.body.complainant.phone).toBe('13900002222');
  });
});

describe('intake hints (POST /cases/hints)', () => {
  const phone = '13600002222';
  const respondentName = '常德市武陵区好运电器商行';
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) await register(complaintBody({ receivedAt: now(), complainant: { name: '周提示', phone, address: '常德市武陵区提示路3号' } }));
  });

  it('refuses every role but the intake roles (403), before telling anything', async () => {
    for (const user of ['handler.wl', 'leader.wl', 'handler.dc', 'manager', 'admin', 'auditor']) {
      const r = await http().post('/api/v1/cases/hints').set('Authorization', await as(user)).send({ complainantPhone: phone, respondentName });
      expect([user, r.status, r.body.code]).toEqual([user, 403, 'FORBIDDEN']);
    }
  });

  it('tells the operator, audited; an intake leader who may not see the cases learns nothing of them (no hiddenCount)', async () => {
    const before = await h.db.prisma.identityRead.count({ where: { via: 'POST /cases/hints' } });
    const op = await http().post('/api/v1/cases/hints').set('Authorization', await as('operator')).send({ complainantPhone: phone, respondentName }).expect(200);
    const dup = op.body.hints.find((x: { code: string }) => x.code === 'POSSIBLE_DUPLICATE');
    expect(dup).toMatchObject({ count: 2 });
    expect(dup.cases).toHaveLength(2);
    expect(JSON.stringify(op.body)).not.toContain('hiddenCount');
    // The intake unit's leader sees the pool and its own unit only: the wl cases are not its to know of.
    const lead = await http().post('/api/v1/cases/hints').set('Authorization', await as('leader.cd-xbk')).send({ complainantPhone: phone, respondentName }).expect(200);
    expect(lead.body.hints).toEqual([]);
    const reads = await h.db.prisma.identityRead.findMany({ where: { via: 'POST /cases/hints' }, orderBy: { id: 'asc' } });
    expect(reads).toHaveLength(before + 2);
    expect(reads.at(-1)).toMatchObject({ role: 'leader', fields: 'hints', query: '136****2222', caseId: null });
  });
});

describe('statistics follow the case scope and carry no personal data', () => {
  const phone = '13500003333';
  let city: string;
  let dc: string;
  beforeAll(async () => {
    city = await unitId('cd');
    dc = await unitId('dc');
    // Three names on one phone: an O121 Art. 17 pattern the hotspots report.
    for (const name of ['吴一', '吴二', '吴三']) await register(complaintBody({ receivedAt: now(), complainant: { name, phone, address: '常德市武陵区统计路4号' } }));
  });

  it('the city bureau’s own handler gets neither another district’s nor the whole city’s figures', async () => {
    const hc = await as('handler.cd');
    const d = chinaToday();
    for (const path of [`/api/v1/indicators?from=${d}&to=${d}&unit=${dc}`, `/api/v1/hotspots?from=${d}&to=${d}&unit=${dc}`, `/api/v1/warnings?unit=${dc}`, `/api/v1/reports?unit=${dc}`, `/api/v1/indicators/overdue?unit=${dc}`]) {
      const r = await http().get(path).set('Authorization', hc);
      expect([path, r.status]).toEqual([path, 403]);
    }
    // Its own unit is the tree's root: the answer covers the city bureau's own cases only, not the districts'.
    const own = await http().get(`/api/v1/hotspots?from=${d}&to=${d}`).set('Authorization', hc).expect(200);
    const all = await http().get(`/api/v1/hotspots?from=${d}&to=${d}`).set('Authorization', await as('manager')).expect(200);
    expect(all.body.total).toBeGreaterThanOrEqual(3);
    expect(own.body.total).toBe(0);
    // A city-wide report is the manager's; the city bureau's handler can neither read nor list it.
    const rep = await http().post('/api/v1/reports').set('Authorization', await as('manager')).send({ unitId: city, period: 'month', start: `${d.slice(0, 7)}-01` }).expect(201);
    await http().get(`/api/v1/reports/${rep.body.id}`).set('Authorization', hc).expect(404);
    const listed = await http().get('/api/v1/reports').set('Authorization', hc).expect(200);
    expect(listed.body.map((x: { id: string }) => x.id)).not.toContain(rep.body.id);
    await http().post('/api/v1/reports').set('Authorization', await as('leader.wl')).send({ unitId: city, period: 'month', start: `${d.slice(0, 7)}-01` }).expect(403);
  });

  it('hotspots, reports and their files count patterns without any phone, address or name', async () => {
    const d = chinaToday();
    const hs = await http().get(`/api/v1/hotspots?from=${d}&to=${d}`).set('Authorization', await as('manager')).expect(200);
    expect(hs.body.patterns.sharedPhones).toEqual(expect.arrayContaining([{ complainants: 3, cases: 3 }]));
    const text = JSON.stringify(hs.body);
    for (const secret of [phone, '3333', '统计路', '吴一']) expect([secret, text.includes(secret)]).toEqual([secret, false]);
    const rep = await http().post('/api/v1/reports').set('Authorization', await as('manager')).send({ unitId: city, period: 'month', start: `${d.slice(0, 7)}-01` }).expect(201);
    const full = await http().get(`/api/v1/reports/${rep.body.id}`).set('Authorization', await as('manager')).expect(200);
    expect(JSON.stringify(full.body)).not.toContain(phone);
    expect(full.body.content.hotspots.patterns.sharedPhones).toEqual(expect.arrayContaining([{ complainants: 3, cases: 3 }]));
  });
});

describe('the audit of identity reads (auditor, admin)', () => {
  it('lists who read which identity, when and from where, filtered and paged; nobody else may', async () => {
    const report = await register(reportBody('13700004444'));
    await http().get(`/api/v1/cases/${report.id}`).set('Authorization', await as('handler.wl')).expect(200);
    for (const user of ['auditor', 'admin']) {
      const r = await http().get(`/api/v1/admin/identity-reads?caseId=${report.id}`).set('Authorization', await as(user)).expect(200);
      expect(r.body.total).toBe(2); // the operator at registration, the handler now
      expect(r.body.items[0]).toMatchObject({
        via: 'GET /cases/:id', fields: 'name,phone,address', role: 'handler', ip: expect.stringMatching(/\d/),
        user: { username: 'handler.wl', displayName: expect.any(String) }, unit: { code: 'wl' }, case: { id: report.id, type: 'report' },
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*\+08:00$/),
      });
    }
    const byUser = await http().get(`/api/v1/admin/identity-reads?userId=${await userId('handler.wl')}&pageSize=1`).set('Authorization', await as('auditor')).expect(200);
    expect(byUser.body).toMatchObject({ page: 1, pageSize: 1, items: [expect.objectContaining({ user: expect.objectContaining({ username: 'handler.wl' }) })] });
    expect(byUser.body.total).toBeGreaterThan(1);
    const d = chinaToday();
    const today = await http().get(`/api/v1/admin/identity-reads?from=${d}&to=${d}`).set('Authorization', await as('auditor')).expect(200);
    expect(today.body.total).toBeGreaterThan(2);
    const bad = await http().get('/api/v1/admin/identity-reads?from=2026-13-01').set('Authorization', await as('auditor')).expect(400);
    expect(bad.body.fields[0].field).toBe('from');
    for (const user of ['manager', 'operator', 'handler.wl', 'leader.cd']) await http().get('/api/v1/admin/identity-reads').set('Authorization', await as(user)).expect(403);
    // The auditor reads the trail, not the cases.
    await http().get(`/api/v1/cases/${report.id}`).set('Authorization', await as('auditor')).expect(404);
    expect((await http().get('/api/v1/cases').set('Authorization', await as('auditor')).expect(200)).body.total).toBe(0);
  });
});

describe('separation of duties (issue 11 §5)', () => {
  async function extension(requester: string) {
    const report = await register(reportBody('13700005555'));
    const r = await http().post(`/api/v1/cases/${report.id}/deadlines/verification/extensions`).set('Authorization', await as(requester))
      .send({ amount: 15, reason: '需委托检验' }).expect(201);
    return { caseId: report.id as string, extensionId: r.body.extensionId as string };
  }
  const decide = async (user: string, e: { caseId: string; extensionId: string }) =>
    http().post(`/api/v1/cases/${e.caseId}/extensions/${e.extensionId}/decision`).set('Authorization', await as(user)).send({ approve: true, note: '同意' });

  it('a leader never approves its own extension request: it goes up the tree', async () => {
    const e = await extension('leader.wl');
    // The approvals list offers it to the level above, not to its requester.
    const pendingFor = async (user: string) => (await http().get('/api/v1/extensions/pending').set('Authorization', await as(user)).expect(200)).body.map((x: { id: string }) => x.id);
    expect(await pendingFor('leader.wl')).not.toContain(e.extensionId);
    expect(await pendingFor('leader.cd')).toContain(e.extensionId);
    expect(await pendingFor('admin')).toEqual([]);
    const self = await decide('leader.wl', e);
    expect(self.status).toBe(403);
    expect(self.body).toMatchObject({ code: 'SELF_APPROVAL', message: expect.stringContaining('不能审批本人') });
    expect((await h.db.prisma.deadlineExtension.findUniqueOrThrow({ where: { id: e.extensionId } })).status).toBe('pending');
    await decide('admin', e).then((r) => expect([r.status, r.body.code]).toEqual([403, 'NOT_A_HANDLER']));
    await decide('leader.cd', e).then((r) => expect(r.status).toBe(200));
    expect((await h.db.prisma.deadlineExtension.findUniqueOrThrow({ where: { id: e.extensionId } })).status).toBe('approved');
  });

  it('a handler’s request is decided by its unit leader, never by the handler', async () => {
    const e = await extension('handler.wl');
    expect((await decide('handler.wl', e)).body.code).toBe('SELF_APPROVAL');
    expect((await http().get('/api/v1/extensions/pending').set('Authorization', await as('leader.wl')).expect(200)).body.map((x: { id: string }) => x.id)).toContain(e.extensionId);
    await decide('leader.wl', e).then((r) => expect(r.status).toBe(200));
  });

  it('an admin acts on no case: every case-mutating endpoint refuses it and nothing changes', async () => {
    const admin = await as('admin');
    const complaint = await register(complaintBody({ receivedAt: now() }));
    const report = await register(reportBody('13700006666'));
    const inquiry = await register(complaintBody({ type: 'inquiry', receivedAt: now(), request: undefined, amount: undefined }));
    const wl = await unitId('wl');
    const dc = await unitId('dc');
    const sv = await http().post(`/api/v1/cases/${complaint.id}/supervisions`).set('Authorization', await as('operator')).send({ kind: 'remind', note: '请尽快办理' }).expect(201);
    const ext = await extension('handler.wl');
    const events = async () => h.db.prisma.caseEvent.count({ where: { caseId: { in: [complaint.id, report.id, inquiry.id, ext.caseId] } } });
    const before = await events();
    const c = complaint.id;
    const attempts: [string, Record<string, unknown>][] = [
      ['/api/v1/cases', complaintBody({ receivedAt: now() })],
      [`/api/v1/cases/${c}/dispatch`, { unitId: dc }],
      [`/api/v1/cases/${c}/sign`, {}],
      [`/api/v1/cases/${c}/accept`, {}],
      [`/api/v1/cases/${c}/decline`, { ground: 'noAuthority' }],
      [`/api/v1/cases/${c}/mediation-notes`, { note: 'x' }],
      [`/api/v1/cases/${c}/close`, { outcome: 'agreement' }],
      [`/api/v1/cases/${c}/termination-notice`, {}],
      [`/api/v1/cases/${c}/callback`, { satisfaction: 'satisfied' }],
      [`/api/v1/cases/${c}/return`, { reason: 'notOurDuty' }],
      [`/api/v1/cases/${c}/reject-return`, { note: 'x' }],
      [`/api/v1/cases/${c}/transfer`, { unitId: dc, reason: 'x' }],
      [`/api/v1/cases/${c}/transfer-out`, { agency: '公安', notice: 'x' }],
      [`/api/v1/cases/${c}/take-over`, { reason: 'x' }],
      [`/api/v1/cases/${c}/refer-up`, { reason: 'x' }],
      [`/api/v1/cases/${c}/recall`, { reason: 'x' }],
      [`/api/v1/cases/${c}/merge`, { intoCaseId: report.id }],
      [`/api/v1/cases/${c}/co-units`, { unitIds: [dc] }],
      [`/api/v1/cases/${c}/co-reports`, { text: 'x' }],
      [`/api/v1/cases/${c}/co-units/${wl}/release`, { note: 'x' }],
      [`/api/v1/cases/${c}/supervisions`, { kind: 'remind', note: 'x' }],
      [`/api/v1/cases/${c}/supervisions/${sv.body.id}/answer`, { answer: 'x' }],
      [`/api/v1/cases/${c}/deadlines/acceptance/pause`, { reason: 'testing' }],
      [`/api/v1/cases/${c}/deadlines/acceptance/resume`, {}],
      [`/api/v1/cases/${c}/deadlines/acceptance/extensions`, { amount: 1, reason: 'x' }],
      [`/api/v1/cases/${ext.caseId}/extensions/${ext.extensionId}/decision`, { approve: true }],
      [`/api/v1/cases/${report.id}/verification-notes`, { note: 'x' }],
      [`/api/v1/cases/${report.id}/decide`, { decision: 'noCase', note: 'x' }],
      [`/api/v1/cases/${report.id}/reporter-notice`, {}],
      [`/api/v1/cases/${inquiry.id}/answer`, { answer: 'x' }],
      [`/api/v1/cases/${inquiry.id}/convert`, { type: 'complaint' }],
    ];
    for (const [path, body] of attempts) {
      const r = await http().post(path).set('Authorization', admin).send(body);
      expect([path, r.status, r.body.code]).toEqual([path, 403, 'NOT_A_HANDLER']);
    }
    expect(await events()).toBe(before);
    expect((await h.db.prisma.case.findUniqueOrThrow({ where: { id: c } })).status).toBe('dispatched');
  });
});
