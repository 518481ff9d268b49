// Attachments and documents (文书) on in-memory ports: numbering, corrections, templates, the identity rule, the
// download audit — without PostgreSQL.
import { caseWorld, handlerA, handlerB, operator } from '#testing';
import type { Tx } from '#platform';
import { AttachmentNotFound, CaseNotFound, DocumentNotFound } from '../domain/index.js';
import { AttachmentStore } from '../infrastructure/case-files.store.js';
import { DownloadAttachment, DownloadAttachmentHandler, ListAttachments, ListAttachmentsHandler, UploadAttachment, UploadAttachmentHandler } from './attachments.handler.js';
import {
  CorrectDocument, CorrectDocumentHandler, DocumentIssuer, GetDocument, GetDocumentHandler, ListDocuments, ListDocumentsHandler, SaveTemplate, SaveTemplateHandler,
} from './documents.handler.js';

class MemoryStore extends AttachmentStore {
  bytes = new Map<string, Buffer>();
  async put(_tx: Tx, id: string, content: Buffer) { this.bytes.set(id, content); return { storage: 'pg', key: null }; }
  async read(id: string) { return this.bytes.get(id) ?? null; }
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('case files on in-memory ports', () => {
  it('issues numbered documents per unit, year and kind, with a DocumentIssued event; a correction supersedes once', async () => {
    const w = caseWorld();
    const c = w.aCase();
    const issuer = new DocumentIssuer(w.org.directory, w.docs, w.cases);
    let first = { id: '', number: '' };
    await w.wf.transition(c.id, handlerA, () => undefined, async (tx, ctx) => {
      first = await issuer.issue(tx, c.id, 'acceptanceNotice', handlerA, ctx.now);
      await issuer.issue(tx, c.id, 'acceptanceNotice', handlerA, ctx.now);
    });
    expect(w.docs.docs.map((d) => d.seq)).toEqual([1, 2]);
    expect(first.number).toMatch(/〔2026〕1号$/);
    expect(w.docs.docs[0]).toMatchObject({ issuerUnitId: 'county-a', handlingUnitId: 'county-a', templateVersion: 1, body: expect.stringContaining(c.caseNo) });
    expect(w.cases.events.filter((e) => e.type === 'DocumentIssued').map((e) => e.data)).toEqual([
      expect.objectContaining({ documentId: first.id, number: first.number }), expect.objectContaining({ kind: 'acceptanceNotice' }),
    ]);
    const correct = new CorrectDocumentHandler(w.wf, issuer, w.docs);
    const fixed = await correct.execute(new CorrectDocument(c.id, first.id, handlerA, '更正后的正文'));
    expect(w.docs.docs.find((d) => d.id === fixed.id)).toMatchObject({ supersedesId: first.id, body: '更正后的正文', seq: 3 });
    await expect(correct.execute(new CorrectDocument(c.id, first.id, handlerA, '再次更正'))).rejects.toMatchObject({ fields: [expect.objectContaining({ code: 'ALREADY_SUPERSEDED' })] });
    await expect(correct.execute(new CorrectDocument(c.id, 'nope', handlerA, 'x'))).rejects.toBeInstanceOf(DocumentNotFound);

    const list = await new ListDocumentsHandler(w.docs, w.access, w.org.directory).execute(new ListDocuments(c.id, operator));
    expect(list.map((d) => [d.number, d.supersededBy])).toEqual([[first.number, fixed.id], [expect.any(String), null], [fixed.number, null]]);
    // the party becomes protected (linked to a report): only who may see the identity sees documents
    w.access.linked.add(c.id);
    await expect(new GetDocumentHandler(w.docs, w.access, w.org.directory).execute(new GetDocument(c.id, first.id, { ...handlerB, unitId: 'city', role: 'leader' })))
      .rejects.toBeInstanceOf(DocumentNotFound);
    expect((await new GetDocumentHandler(w.docs, w.access, w.org.directory).execute(new GetDocument(c.id, first.id, handlerA))).number).toBe(first.number);
  });

  it('an admin edit of a template is the next version and is used by the next document', async () => {
    const w = caseWorld();
    const c = w.aCase();
    const save = new SaveTemplateHandler(w.docs, w.access, w.clock);
    const v2 = await save.execute(new SaveTemplate('acceptanceNotice', { userId: 'admin', unitId: 'city', role: 'admin' }, '受理告知书', '案件{{案件编号}}已受理。'));
    expect(v2).toMatchObject({ version: 2, changedBy: { id: 'admin' } });
    expect((await save.execute(new SaveTemplate('acceptanceNotice', { userId: 'admin', unitId: 'city', role: 'admin' }, '受理告知书', '第三版{{案件编号}}'))).version).toBe(3);
    await expect(save.execute(new SaveTemplate('acceptanceNotice', { userId: 'admin', unitId: 'city', role: 'admin' }, 't', '{{不存在}}'))).rejects.toMatchObject({ code: expect.any(String) });
    await w.wf.transition(c.id, handlerA, () => undefined, (tx, ctx) => new DocumentIssuer(w.org.directory, w.docs, w.cases).issue(tx, c.id, 'acceptanceNotice', handlerA, ctx.now).then(() => undefined));
    expect(w.docs.docs[0]).toMatchObject({ templateVersion: 3, body: `第三版${c.caseNo}` });
  });

  it('uploads a file with a timeline event, lists it, hides a sensitive one from a co-unit and audits each download', async () => {
    const w = caseWorld();
    const c = w.aCase();
    const store = new MemoryStore();
    const upload = new UploadAttachmentHandler(w.wf, store, w.org.directory, w.access, w.attachments, w.cases);
    const plain = await upload.execute(new UploadAttachment(c.id, handlerA, { name: '合同.pdf', bytes: PDF, sensitive: false }));
    const secret = await upload.execute(new UploadAttachment(c.id, handlerA, { name: '身份证.pdf', bytes: PDF, sensitive: true }));
    expect(w.attachments.rows.map((r) => [r.name, r.contentType, r.size])).toEqual([['合同.pdf', 'application/pdf', PDF.length], ['身份证.pdf', 'application/pdf', PDF.length]]);
    expect(w.cases.events.filter((e) => e.type === 'AttachmentAdded').map((e) => e.data.name)).toEqual(['合同.pdf', '（涉及身份信息的附件）']);
    await expect(upload.execute(new UploadAttachment(c.id, handlerB, { name: 'x.pdf', bytes: PDF, sensitive: false }))).rejects.toBeInstanceOf(CaseNotFound);

    w.access.users.set(handlerA.userId, '王办');
    const coUnit = { ...handlerB };
    const stored = await w.cases.get(c.id);
    stored.addCoUnits(['county-b'], null, true, operator, { now: w.clock.now(), calendar: undefined as never, policies: undefined as never, newId: () => 'co-1' });
    await w.cases.save(stored);
    const list = new ListAttachmentsHandler(w.access, w.org.directory, w.attachments);
    expect((await list.execute(new ListAttachments(c.id, handlerA))).map((a) => [a.name, a.uploadedBy.name])).toEqual([['合同.pdf', '王办'], ['身份证.pdf', '王办']]);
    expect((await list.execute(new ListAttachments(c.id, coUnit))).map((a) => a.id)).toEqual([plain.id]);

    const download = new DownloadAttachmentHandler(w.access, w.org.directory, store, w.clock, w.attachments);
    await expect(download.execute(new DownloadAttachment(c.id, secret.id, coUnit, false, '10.0.0.9'))).rejects.toBeInstanceOf(AttachmentNotFound);
    const got = await download.execute(new DownloadAttachment(c.id, plain.id, coUnit, false, '10.0.0.9'));
    expect(got.bytes.equals(PDF)).toBe(true);
    expect(w.attachments.downloads).toEqual([expect.objectContaining({ attachmentId: plain.id, userId: coUnit.userId, ip: '10.0.0.9', thumbnail: false })]);
  });
});
