// Written notices and documents (文书, issue 13 §3): issued in the deciding step, numbered gap-free per issuing
// unit/year/kind (a station in its county's name and sequence), immutable, PDF/Word, editable versioned templates.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { chinaDate } from '#deadlines';
import { complaintBody } from '#testing';
import type { OffsetClock } from '#platform';
import { boot, type Harness } from '../support/harness.js';
import { binary } from '../support/binary.js';

let h: Harness;
const http = () => h.http();
const login = (u: string) => h.as(u);
let year: number;

beforeAll(async () => {
  h = await boot();
  year = Number(chinaDate(h.clock.now()).slice(0, 4));
}, 120_000);
afterAll(() => h?.close());

interface Doc { id: string; kind: string; number: string; issuedAt: string; kindName: string; supersedesId: string | null; supersededBy: string | null; issuer: { name: string } }

async function signedCase(over: Record<string, unknown> = {}, handler = 'handler.wl'): Promise<string> {
  const receivedAt = new Date(h.clock.now().getTime() - 3600_000).toISOString();
  const r = await http().post('/api/v1/cases').set('Authorization', await login('operator')).send(complaintBody({ receivedAt, ...over })).expect(201);
  await http().post(`/api/v1/cases/${r.body.id}/sign`).set('Authorization', await login(handler)).send({}).expect(200);
  return r.body.id;
}
const docs = async (id: string, who = 'handler.wl') =>
  (await http().get(`/api/v1/cases/${id}/documents`).set('Authorization', await login(who)).expect(200)).body as Doc[];
async function pdfText(id: string, did: string, who = 'handler.wl'): Promise<string> {
  const r = await http().get(`/api/v1/cases/${id}/documents/${did}/pdf`).set('Authorization', await login(who)).buffer(true).parse(binary).expect(200);
  expect(r.headers['content-type']).toBe('application/pdf');
  const pdf = r.body as Buffer;
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  if (process.env.KEEP_DOCUMENTS) { mkdirSync('artifacts/documents', { recursive: true }); writeFileSync(`artifacts/documents/${did}.pdf`, pdf); }
  // every font embedded (the CJK text does not depend on the reader's machine); pdffonts: name type encoding emb sub uni
  const fonts = execFileSync('pdffonts', ['-'], { input: pdf }).toString().split('\n').slice(2).filter((l) => l.trim());
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) expect(f).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/);
  return execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString();
}

describe('documents (文书)', () => {
  it('accepting issues a numbered 受理告知书 in the same step; numbers run 1, 2 per unit, year and kind; on the timeline; PDF and Word', async () => {
    const a = await signedCase();
    const b = await signedCase({ complainant: { name: '李四', phone: '13912345678', address: '常德市武陵区人民路2号' } });
    const hw = await login('handler.wl');
    // the preview the handler sees before confirming: the text, no number
    const pv = await http().get(`/api/v1/cases/${a}/documents/preview?kind=acceptanceNotice`).set('Authorization', hw).expect(200);
    expect(pv.body).toMatchObject({ kind: 'acceptanceNotice', number: null, title: '投诉受理告知书', issuerName: '武陵区市场监督管理局' });
    expect(pv.body.body).toContain('张三：');
    expect(pv.body.body).toContain('常德市武陵区好运电器商行');
    expect(pv.body.body).toContain('《市场监督管理投诉举报处理办法》');
    expect(await docs(a)).toEqual([]);

    await http().post(`/api/v1/cases/${a}/accept`).set('Authorization', hw).send({}).expect(200);
    await http().post(`/api/v1/cases/${b}/accept`).set('Authorization', hw).send({}).expect(200);
    const [da] = await docs(a);
    const [db] = await docs(b);
    expect(da).toMatchObject({ kind: 'acceptanceNotice', kindName: '受理告知书', number: `武市监投受〔${year}〕1号`, issuer: { name: '武陵区市场监督管理局' } });
    expect(db!.number).toBe(`武市监投受〔${year}〕2号`);
    expect(da!.issuedAt).toMatch(/\+08:00$/);

    const tl = (await http().get(`/api/v1/cases/${a}/timeline`).set('Authorization', hw).expect(200)).body as { type: string; data: Record<string, unknown> }[];
    const types = tl.map((e) => e.type);
    expect(types.indexOf('DocumentIssued')).toBeGreaterThan(types.indexOf('CaseAccepted'));
    expect(tl.find((e) => e.type === 'DocumentIssued')!.data).toMatchObject({ kind: 'acceptanceNotice', number: da!.number, documentId: da!.id });
    // the notice obligation (O121 Art. 15: decide and notify within 7 working days) is met by the same step
    const view = (await http().get(`/api/v1/cases/${a}`).set('Authorization', hw).expect(200)).body;
    expect(view.deadlines.find((d: { kind: string }) => d.kind === 'acceptance').state).toBe('met');

    const text = await pdfText(a, da!.id);
    expect(text).toContain(da!.number);
    expect(text).toContain('投诉受理告知书');
    expect(text).toContain('张三');
    expect(text).toContain('武陵区市场监督管理局');

    const w = await http().get(`/api/v1/cases/${a}/documents/${da!.id}/docx`).set('Authorization', hw).buffer(true).parse(binary).expect(200);
    expect(w.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((w.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(w.headers['content-disposition']).toContain(encodeURIComponent(da!.number));

    // another unit: nothing
    await http().get(`/api/v1/cases/${a}/documents`).set('Authorization', await login('handler.dc')).expect(404);
    await http().get(`/api/v1/cases/${a}/documents/${da!.id}/pdf`).set('Authorization', await login('handler.dc')).expect(404);
    await http().get(`/api/v1/cases/${b}/documents/${da!.id}/pdf`).set('Authorization', hw).expect(404);
  }, 60_000);

  it('declining issues the 不予受理告知书 with the legal ground of the regime in force', async () => {
    const id = await signedCase();
    const hw = await login('handler.wl');
    const pv = await http().get(`/api/v1/cases/${id}/documents/preview?kind=declineNotice&ground=timeBarred`).set('Authorization', hw).expect(200);
    expect(pv.body.body).toContain('超过三年');
    await http().get(`/api/v1/cases/${id}/documents/preview?kind=nonsense`).set('Authorization', hw).expect(400);
    await http().post(`/api/v1/cases/${id}/decline`).set('Authorization', hw).send({ ground: 'noAuthority' }).expect(200);
    const [d] = await docs(id);
    expect(d).toMatchObject({ kind: 'declineNotice', number: `武市监投不受〔${year}〕1号` });
    const text = (await pdfText(id, d!.id)).replace(/\s+/g, '');
    expect(text).toContain('投诉事项不属于市场监督管理部门职责');
    expect(text).toContain('《市场监督管理投诉举报处理办法》第十六条第（一）项');
    expect(text).toContain('向人民法院提起诉讼');
  }, 60_000);

  it('a station issues in its county bureau’s name and sequence', async () => {
    const county = await signedCase();
    await http().post(`/api/v1/cases/${county}/accept`).set('Authorization', await login('handler.wl')).send({}).expect(200);
    const countyNo = (await docs(county))[0]!.number;
    const seq = Number(/〔\d{4}〕(\d+)号/.exec(countyNo)![1]);

    // hand the case to the 丹阳 station (the dispatch endpoint is another engineer's): assign it in the database
    const receivedAt = new Date(h.clock.now().getTime() - 3600_000).toISOString();
    const r = await http().post('/api/v1/cases').set('Authorization', await login('operator')).send(complaintBody({ receivedAt })).expect(201);
    const station = await h.db.prisma.unit.findUniqueOrThrow({ where: { code: 'wl-dy' } });
    await h.db.prisma.case.update({ where: { id: r.body.id }, data: { assignedUnitId: station.id } });
    const hs = await login('handler.wl-dy');
    await http().post(`/api/v1/cases/${r.body.id}/sign`).set('Authorization', hs).send({}).expect(200);
    const pv = await http().get(`/api/v1/cases/${r.body.id}/documents/preview?kind=acceptanceNotice`).set('Authorization', hs).expect(200);
    expect(pv.body.issuerName).toBe('武陵区市场监督管理局');
    await http().post(`/api/v1/cases/${r.body.id}/accept`).set('Authorization', hs).send({}).expect(200);
    const [d] = await docs(r.body.id, 'handler.wl-dy');
    expect(d).toMatchObject({ number: `武市监投受〔${year}〕${seq + 1}号`, issuer: { name: '武陵区市场监督管理局' } });
    const row = await h.db.prisma.caseDocument.findUniqueOrThrow({ where: { id: d!.id } });
    expect(row.handlingUnitId).toBe(station.id);
    expect(row.body).not.toContain('丹阳');
  }, 60_000);

  it('numbers stay unique and gap-free when a unit accepts several cases at once', async () => {
    const ids = await Promise.all([1, 2, 3, 4].map(() => signedCase()));
    const before = await h.db.prisma.documentCounter.findMany();
    const hw = await login('handler.wl');
    await Promise.all(ids.map((id) => http().post(`/api/v1/cases/${id}/accept`).set('Authorization', hw).send({}).expect(200)));
    const all = await h.db.prisma.caseDocument.findMany({ where: { kind: 'acceptanceNotice', issuerName: '武陵区市场监督管理局' }, orderBy: { seq: 'asc' } });
    expect(all.map((d) => d.seq)).toEqual(all.map((_, i) => i + 1));
    expect(new Set(all.map((d) => d.number)).size).toBe(all.length);
    // a refused step gives no number away: accepting an accepted case fails and the counter stays
    const counter = async () => (await h.db.prisma.documentCounter.findMany()).find((c) => c.kind === 'acceptanceNotice')!.last;
    const last = await counter();
    await http().post(`/api/v1/cases/${ids[0]}/accept`).set('Authorization', hw).send({}).expect(409);
    expect(await counter()).toBe(last);
    expect(last).toBe(all.length);
    expect(before.length).toBeGreaterThan(0);
  }, 60_000);

  it('an issued document is immutable in the database; a correction supersedes it with a new number', async () => {
    const id = await signedCase();
    const hw = await login('handler.wl');
    await http().post(`/api/v1/cases/${id}/accept`).set('Authorization', hw).send({}).expect(200);
    const [d] = await docs(id);
    await expect(h.db.prisma.$executeRaw`UPDATE case_documents SET body = 'x' WHERE id = ${d!.id}::uuid`).rejects.toThrow(/immutable/);
    await expect(h.db.prisma.$executeRaw`DELETE FROM case_documents WHERE id = ${d!.id}::uuid`).rejects.toThrow(/immutable/);

    await http().post(`/api/v1/cases/${id}/documents/${d!.id}/corrections`).set('Authorization', await login('handler.dc')).send({ body: 'x' }).expect(404);
    await http().post(`/api/v1/cases/${id}/documents/${d!.id}/corrections`).set('Authorization', hw).send({ body: '' }).expect(400);
    const c = await http().post(`/api/v1/cases/${id}/documents/${d!.id}/corrections`).set('Authorization', hw).send({ body: '张三：\n更正后的正文。' }).expect(201);
    expect(c.body.number).not.toBe(d!.number);
    const list = await docs(id);
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ id: d!.id, number: d!.number, supersededBy: c.body.id });
    expect(list[1]).toMatchObject({ id: c.body.id, supersedesId: d!.id });
    expect((await h.db.prisma.caseDocument.findUniqueOrThrow({ where: { id: d!.id } })).body).not.toContain('更正后的正文');
    await http().post(`/api/v1/cases/${id}/documents/${d!.id}/corrections`).set('Authorization', hw).send({ body: '再改' }).expect(400);
  }, 60_000);

  it('closing with an agreement issues the 调解书; terminating issues the 终止调解告知书', async () => {
    const hw = await login('handler.wl');
    const a = await signedCase();
    await http().post(`/api/v1/cases/${a}/accept`).set('Authorization', hw).send({}).expect(200);
    await http().post(`/api/v1/cases/${a}/close`).set('Authorization', hw).send({ outcome: 'agreement', note: '被投诉人退还货款199元。', recoveredAmount: 199 }).expect(200);
    const b = await signedCase();
    await http().post(`/api/v1/cases/${b}/accept`).set('Authorization', hw).send({}).expect(200);
    await http().post(`/api/v1/cases/${b}/close`).set('Authorization', hw).send({ outcome: 'terminated', ground: 'partyAbsent' }).expect(200);
    const agreement = (await docs(a)).find((d) => d.kind === 'mediationAgreement')!;
    expect(agreement.number).toMatch(new RegExp(`^武市监投调〔${year}〕\\d+号$`));
    const text = (await pdfText(a, agreement.id)).replace(/\s+/g, '');
    expect(text).toContain('被投诉人退还货款199元。');
    expect(text).toContain('挽回经济损失：199.00元');
    const term = (await docs(b)).find((d) => d.kind === 'terminationNotice')!;
    expect(term.number).toMatch(new RegExp(`^武市监投终〔${year}〕\\d+号$`));
    expect((await h.db.prisma.caseDocument.findUniqueOrThrow({ where: { id: term.id } })).body).toContain('无正当理由不参加调解');
  }, 60_000);

  it('an admin edits a template: a new version; later documents use it, earlier ones are unchanged', async () => {
    const admin = await login('admin');
    const hw = await login('handler.wl');
    await http().get('/api/v1/admin/document-templates').set('Authorization', hw).expect(403);
    await http().put('/api/v1/admin/document-templates/acceptanceNotice').set('Authorization', hw).send({ title: 't', body: 'b' }).expect(403);
    const list = await http().get('/api/v1/admin/document-templates').set('Authorization', admin).expect(200);
    expect(list.body.map((t: { kind: string }) => t.kind)).toEqual(['acceptanceNotice', 'declineNotice', 'mediationAgreement', 'terminationNotice', 'reportDecisionNotice', 'transferLetter']);
    expect(list.body[0].placeholders.map((p: { name: string }) => p.name)).toContain('投诉人');

    const earlier = await signedCase();
    await http().post(`/api/v1/cases/${earlier}/accept`).set('Authorization', hw).send({}).expect(200);
    const earlierDoc = (await docs(earlier))[0]!;
    const earlierBody = (await h.db.prisma.caseDocument.findUniqueOrThrow({ where: { id: earlierDoc.id } })).body;

    const bad = await http().put('/api/v1/admin/document-templates/acceptanceNotice').set('Authorization', admin).send({ title: '受理告知书', body: '{{投诉人名}}：你好' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'UNKNOWN_PLACEHOLDER', fields: [{ field: 'body' }] });
    await http().put('/api/v1/admin/document-templates/nonsense').set('Authorization', admin).send({ title: 'x', body: 'y' }).expect(404);
    await http().put('/api/v1/admin/document-templates/acceptanceNotice').set('Authorization', admin).send({ title: '', body: 'y' }).expect(400);
    const saved = await http().put('/api/v1/admin/document-templates/acceptanceNotice').set('Authorization', admin)
      .send({ title: '投诉受理通知书', body: '{{投诉人}}：\n经审查（新版模板），你对{{被投诉人}}的投诉予以受理。' }).expect(200);
    expect(saved.body).toMatchObject({ version: 2, title: '投诉受理通知书', changedBy: { name: '系统管理员' } });
    const versions = await http().get('/api/v1/admin/document-templates/acceptanceNotice/versions').set('Authorization', admin).expect(200);
    expect(versions.body.map((v: { version: number }) => v.version)).toEqual([2, 1]);

    const later = await signedCase();
    await http().post(`/api/v1/cases/${later}/accept`).set('Authorization', hw).send({}).expect(200);
    const laterRow = await h.db.prisma.caseDocument.findUniqueOrThrow({ where: { id: (await docs(later))[0]!.id } });
    expect(laterRow).toMatchObject({ templateVersion: 2, title: '投诉受理通知书' });
    expect(laterRow.body).toBe('张三：\n经审查（新版模板），你对常德市武陵区好运电器商行的投诉予以受理。');
    const earlierRow = await h.db.prisma.caseDocument.findUniqueOrThrow({ where: { id: earlierDoc.id } });
    expect(earlierRow).toMatchObject({ templateVersion: 1, body: earlierBody });
    expect(await pdfText(earlier, earlierDoc.id)).toContain('投诉受理告知书');
  }, 60_000);

  it('a report decision is told to a real-name reporter in writing, seen only by those who may see the reporter; none for an anonymous one', async () => {
    const op = await login('operator');
    const report = (over: Record<string, unknown>) => complaintBody({
      type: 'report', receivedAt: new Date(h.clock.now().getTime() - 3600_000).toISOString(), request: undefined, amount: undefined,
      complainant: { name: '赵举报', phone: '13700001234', address: '常德市武陵区某路2号' }, description: '该店销售过期食品。', ...over,
    });
    const hw = await login('handler.wl');
    const named = (await http().post('/api/v1/cases').set('Authorization', op).send(report({})).expect(201)).body;
    await http().post(`/api/v1/cases/${named.id}/sign`).set('Authorization', hw).send({}).expect(200);
    await http().post(`/api/v1/cases/${named.id}/decide`).set('Authorization', hw).send({ decision: 'fileCase', note: '涉嫌违反食品安全法，予以立案' }).expect(200);
    const [d] = await docs(named.id);
    expect(d).toMatchObject({ kind: 'reportDecisionNotice', kindName: '举报处理结果告知书', number: `武市监举告〔${year}〕1号` });
    const text = (await pdfText(named.id, d!.id)).replace(/\s+/g, '');
    expect(text).toContain('赵举报');
    expect(text).toContain('本局决定立案');
    // the manager sees the case (masked) but not the document that names the reporter
    const mgr = await login('manager');
    await http().get(`/api/v1/cases/${named.id}`).set('Authorization', mgr).expect(200);
    expect((await http().get(`/api/v1/cases/${named.id}/documents`).set('Authorization', mgr).expect(200)).body).toEqual([]);
    await http().get(`/api/v1/cases/${named.id}/documents/${d!.id}/pdf`).set('Authorization', mgr).expect(404);
    await http().get(`/api/v1/cases/${named.id}/documents/${d!.id}`).set('Authorization', mgr).expect(404);

    const anon = (await http().post('/api/v1/cases').set('Authorization', op).send(report({ realName: false, complainant: undefined })).expect(201)).body;
    await http().post(`/api/v1/cases/${anon.id}/sign`).set('Authorization', hw).send({}).expect(200);
    await http().post(`/api/v1/cases/${anon.id}/decide`).set('Authorization', hw).send({ decision: 'noCase', note: '未发现违法行为' }).expect(200);
    expect(await docs(anon.id)).toEqual([]);
  }, 60_000);

  it('transferring out of the system issues a 移送函 in the transferring unit’s (the intake office’s: its bureau’s) name', async () => {
    const op = await login('operator');
    const receivedAt = new Date(h.clock.now().getTime() - 3600_000).toISOString();
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt })).expect(201);
    await http().post(`/api/v1/cases/${body.id}/transfer-out`).set('Authorization', op)
      .send({ agency: '常德市公安局', notice: '您反映的问题涉嫌诈骗，已移送公安机关。' }).expect(200);
    const [d] = await docs(body.id, 'operator');
    expect(d).toMatchObject({ kind: 'transferLetter', kindName: '案件移送函', number: `常市监投移〔${year}〕1号`, issuer: { name: '常德市市场监督管理局' } });
    const row = await h.db.prisma.caseDocument.findUniqueOrThrow({ where: { id: d!.id } });
    expect(row.body.startsWith('常德市公安局：')).toBe(true);
    expect(row.body).toContain('常德市武陵区好运电器商行');
  }, 60_000);

  it('numbers start again at 1 in a new year', async () => {
    const before = await signedCase();
    await http().post(`/api/v1/cases/${before}/accept`).set('Authorization', await login('handler.wl')).send({}).expect(200);
    expect((await docs(before))[0]!.number).toMatch(new RegExp(`^武市监投受〔${year}〕\\d+号$`));
    const clock = h.clock as OffsetClock;
    const offset = clock.now().getTime() - Date.now();
    const next = new Date(`${year + 1}-01-05T10:00:00+08:00`);
    clock.setOffset(next.getTime() - Date.now());
    try {
      const id = await signedCase();
      await http().post(`/api/v1/cases/${id}/accept`).set('Authorization', await login('handler.wl')).send({}).expect(200);
      expect((await docs(id))[0]!.number).toBe(`武市监投受〔${year + 1}〕1号`);
    } finally {
      clock.setOffset(offset);
    }
  }, 60_000);
});
