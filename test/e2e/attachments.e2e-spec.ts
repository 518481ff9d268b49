// Evidence and attachments (issue 13 §2): upload, list, download; type sniffed from the bytes; size limits;
// visibility of the case; identity-bearing files; every download audited.
import sharp from 'sharp';
import { complaintBody } from '#testing';
import { boot, type Harness } from '../support/harness.js';
import { binary } from '../support/binary.js';

let h: Harness;
const http = () => h.http();
const login = (u: string) => h.as(u);
let jpeg: Buffer;
let png: Buffer;

beforeAll(async () => {
  h = await boot();
  jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
  png = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 1 } } }).png().toBuffer();
}, 120_000);
afterAll(() => h?.close());

async function newCase(): Promise<string> {
  const receivedAt = new Date(h.clock.now().getTime() - 3600_000).toISOString();
  const r = await http().post('/api/v1/cases').set('Authorization', await login('operator')).send(complaintBody({ receivedAt })).expect(201);
  expect(r.body.assignedUnit.code).toBe('wl');
  return r.body.id;
}
const stored = async (caseId: string) => ({
  rows: await h.db.prisma.caseAttachment.count({ where: { caseId } }),
  blobs: (await h.db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM case_attachment_blobs b JOIN case_attachments a ON a.id = b.attachment_id WHERE a.case_id = ${caseId}::uuid`)[0]!.n,
  events: await h.db.prisma.caseEvent.count({ where: { caseId, type: 'AttachmentAdded' } }),
});

describe('attachments', () => {
  it('uploads at intake and later, lists, downloads the same bytes with their type, thumbnails images; each upload is on the timeline', async () => {
    const id = await newCase();
    const op = await login('operator');
    const hw = await login('handler.wl');
    // at intake (operator), then by the handling unit
    const a = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', op).attach('file', jpeg, { filename: '购物小票.jpg', contentType: 'image/jpeg' }).expect(201);
    expect(a.body).toMatchObject({ name: '购物小票.jpg', contentType: 'image/jpeg', size: jpeg.length });
    expect(a.body.id).toMatch(/^[0-9a-f-]{36}$/);
    // the client's header and the name say PDF; the bytes are a PNG: the bytes win
    const b = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).attach('file', png, { filename: 'scan.pdf', contentType: 'application/pdf' }).expect(201);
    expect(b.body).toMatchObject({ contentType: 'image/png', size: png.length });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
    const c = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).attach('file', pdf, { filename: '合同.pdf' }).expect(201);
    expect(c.body.contentType).toBe('application/pdf');

    const list = await http().get(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).expect(200);
    expect(list.body.map((x: { name: string }) => x.name)).toEqual(['购物小票.jpg', 'scan.pdf', '合同.pdf']);
    expect(list.body[0]).toMatchObject({ thumbnail: true, sensitive: false, uploadedBy: { name: '12315接线员' } });
    expect(list.body[2].thumbnail).toBe(false);

    const d = await http().get(`/api/v1/cases/${id}/attachments/${a.body.id}`).set('Authorization', hw).buffer(true).parse(binary).expect(200);
    expect(d.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(d.body as Buffer, jpeg)).toBe(0);
    expect(d.headers['content-disposition']).toBe(`attachment; filename="____.jpg"; filename*=UTF-8''${encodeURIComponent('购物小票.jpg')}`);
    expect(d.headers['x-content-type-options']).toBe('nosniff');
    const t = await http().get(`/api/v1/cases/${id}/attachments/${a.body.id}?thumb=1`).set('Authorization', hw).buffer(true).parse(binary).expect(200);
    expect(t.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(t.body as Buffer).metadata();
    expect(Math.max(meta.width!, meta.height!)).toBe(320);
    const inl = await http().get(`/api/v1/cases/${id}/attachments/${c.body.id}?inline=1`).set('Authorization', hw).buffer(true).parse(binary).expect(200);
    expect(inl.headers['content-type']).toBe('application/pdf');
    expect(inl.headers['content-disposition']).toMatch(/^inline;/);
    // images and other types: no script in our origin, ever
    expect(d.headers['content-security-policy']).toContain('sandbox');
    // thumb=1 on a PDF (no thumbnail) is the file itself, as a download
    const nt = await http().get(`/api/v1/cases/${id}/attachments/${c.body.id}?thumb=1`).set('Authorization', hw).buffer(true).parse(binary).expect(200);
    expect(nt.headers['content-type']).toBe('application/pdf');
    expect(nt.headers['content-disposition']).toMatch(/^attachment;/);

    const tl = await http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', hw).expect(200);
    const added = tl.body.filter((e: { type: string }) => e.type === 'AttachmentAdded');
    expect(added.map((e: { data: { name: string } }) => e.data.name)).toEqual(['购物小票.jpg', 'scan.pdf', '合同.pdf']);
    expect(added[0].actor.name).toBe('12315接线员');
  });

  it('refuses bytes that are not an allowed type, whatever the name: 415 and nothing stored', async () => {
    const id = await newCase();
    const hw = await login('handler.wl');
    const before = await stored(id);
    const text = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw)
      .attach('file', Buffer.from('这其实是一段文字，不是图片。\n'), { filename: 'photo.jpg', contentType: 'image/jpeg' }).expect(415);
    expect(text.body).toMatchObject({ code: 'ATTACHMENT_TYPE_NOT_ALLOWED', fields: [{ field: 'file', code: 'ATTACHMENT_TYPE_NOT_ALLOWED' }] });
    expect(text.body.message).toMatch(/不支持的文件类型/);
    // a Windows executable (MZ … PE header) named .jpg
    const exe = Buffer.alloc(512);
    exe.write('MZ', 0, 'latin1'); exe.writeUInt32LE(0x80, 0x3c); exe.write('PE\0\0', 0x80, 'latin1');
    await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).attach('file', exe, { filename: 'invoice.jpg', contentType: 'image/jpeg' }).expect(415);
    // HTML (a script in our origin) named .png
    await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw)
      .attach('file', Buffer.from('<html><script>alert(1)</script></html>'), { filename: 'x.png', contentType: 'image/png' }).expect(415);
    // starts like a JPEG, is not one: refused when it cannot be decoded
    const fake = Buffer.concat([jpeg.subarray(0, 20), Buffer.alloc(2000, 7)]);
    await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).attach('file', fake, { filename: 'broken.jpg' }).expect(415);
    expect(await stored(id)).toEqual(before);
  });

  it('refuses a file over the per-file limit (413) and over the per-case total, a request without a file (400); nothing stored', async () => {
    const id = await newCase();
    const hw = await login('handler.wl');
    const big = Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024 + 1 - jpeg.length)]);
    const r = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).attach('file', big, { filename: 'big.jpg' }).expect(413);
    expect(r.body.code).toBe('ATTACHMENT_TOO_LARGE');
    const none = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).field('note', 'x').expect(400);
    expect(none.body).toMatchObject({ code: 'ATTACHMENT_REQUIRED', fields: [{ field: 'file' }] });
    await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).send({ file: 'abc' }).expect(400);
    await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).attach('file', Buffer.alloc(0), { filename: 'empty.jpg' }).expect(400);
    expect(await stored(id)).toEqual({ rows: 0, blobs: 0n, events: 0 });

    // per case: 50 MB in all. A stored 45 MB (its metadata; the blob is irrelevant to the sum) plus a 6 MB file is refused.
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'handler.wl' } });
    await h.db.prisma.caseAttachment.create({ data: { id: '00000000-0000-4000-8000-000000000045', caseId: id, name: 'earlier.pdf', contentType: 'application/pdf', size: 45 * 1024 * 1024, sha256: 'x', uploadedBy: user.id, unitId: user.unitId, uploadedAt: h.clock.now() } });
    const six = Buffer.concat([jpeg, Buffer.alloc(6 * 1024 * 1024 - jpeg.length)]);
    const over = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).attach('file', six, { filename: 'six.jpg' }).expect(413);
    expect(over.body.message).toMatch(/合计不能超过 50 MB/);
    expect(await h.db.prisma.caseAttachment.count({ where: { caseId: id } })).toBe(1);
    await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).attach('file', jpeg, { filename: 'ok.jpg' }).expect(201);
  });

  it('another unit learns nothing: 404 on upload, list and download', async () => {
    const id = await newCase();
    const a = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', await login('handler.wl')).attach('file', png, { filename: 'a.png' }).expect(201);
    const other = await login('handler.dc');
    await http().get(`/api/v1/cases/${id}/attachments`).set('Authorization', other).expect(404);
    await http().get(`/api/v1/cases/${id}/attachments/${a.body.id}`).set('Authorization', other).expect(404);
    await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', other).attach('file', png, { filename: 'b.png' }).expect(404);
    // an attachment id of another case through a case the viewer can see
    const mine = await http().post('/api/v1/cases').set('Authorization', await login('operator'))
      .send(complaintBody({ receivedAt: new Date(h.clock.now().getTime() - 3600_000).toISOString(), respondent: { name: '鼎城区某商店', regionCode: '430703', address: '鼎城区' } })).expect(201);
    expect(mine.body.assignedUnit.code).toBe('dc');
    await http().get(`/api/v1/cases/${mine.body.id}/attachments/${a.body.id}`).set('Authorization', other).expect(404);
    expect(await h.db.prisma.caseAttachment.count({ where: { caseId: id } })).toBe(1);
  });

  it('an identity-bearing file is hidden from roles that get the identity masked; every download is audited', async () => {
    const id = await newCase();
    const hw = await login('handler.wl');
    const s = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).field('sensitive', 'true')
      .attach('file', jpeg, { filename: '张三身份证.jpg' }).expect(201);
    expect(s.body.sensitive).toBe(true);
    const open = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', hw).attach('file', png, { filename: '现场照片.png' }).expect(201);

    const mgr = await login('manager');
    const seen = await http().get(`/api/v1/cases/${id}/attachments`).set('Authorization', mgr).expect(200);
    expect(seen.body.map((x: { name: string }) => x.name)).toEqual(['现场照片.png']);
    await http().get(`/api/v1/cases/${id}/attachments/${s.body.id}`).set('Authorization', mgr).expect(404);
    await http().get(`/api/v1/cases/${id}/attachments/${s.body.id}?thumb=1`).set('Authorization', mgr).expect(404);
    await http().get(`/api/v1/cases/${id}/attachments/${s.body.id}`).set('Authorization', await login('admin')).expect(404);
    // admins handle no case: they may not add evidence either
    const adm = await http().post(`/api/v1/cases/${id}/attachments`).set('Authorization', await login('admin')).attach('file', png, { filename: 'x.png' });
    expect(adm.status).toBe(403);
    // the timeline does not leak the file's name either
    const tl = await http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', mgr).expect(200);
    expect(JSON.stringify(tl.body)).not.toContain('身份证');

    await http().get(`/api/v1/cases/${id}/attachments/${s.body.id}`).set('Authorization', hw).set('X-Forwarded-For', '10.1.2.3').expect(200);
    await http().get(`/api/v1/cases/${id}/attachments/${s.body.id}`).set('Authorization', await login('operator')).expect(200);
    await http().get(`/api/v1/cases/${id}/attachments/${open.body.id}?thumb=1`).set('Authorization', mgr).expect(200);

    const audit = await h.db.prisma.attachmentDownload.findMany({ where: { caseId: id }, orderBy: { id: 'asc' } });
    const users = new Map((await h.db.prisma.user.findMany()).map((u) => [u.id, u.username]));
    expect(audit.map((r) => [users.get(r.userId), r.attachmentId, r.thumbnail])).toEqual([
      ['handler.wl', s.body.id, false], ['operator', s.body.id, false], ['manager', open.body.id, true],
    ]);
    expect(audit[0]!.ip).toBe('10.1.2.3');
    expect(Math.abs(audit[0]!.at.getTime() - h.clock.now().getTime())).toBeLessThan(60_000);
    // the audit is append-only
    await expect(h.db.prisma.$executeRaw`DELETE FROM attachment_downloads WHERE case_id = ${id}::uuid`).rejects.toThrow(/append-only/);
  });

  it('on a report every file follows the reporter-identity rule: the manager sees the case, not its evidence', async () => {
    const op = await login('operator');
    const r = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({
      type: 'report', receivedAt: new Date(h.clock.now().getTime() - 3600_000).toISOString(), request: undefined, amount: undefined,
      complainant: { name: '赵举报', phone: '13700001234', address: '常德市武陵区某路2号' }, description: '该店销售过期食品。',
    })).expect(201);
    const hw = await login('handler.wl');
    const a = await http().post(`/api/v1/cases/${r.body.id}/attachments`).set('Authorization', hw).attach('file', jpeg, { filename: '赵举报拍的照片.jpg' }).expect(201);
    expect((await http().get(`/api/v1/cases/${r.body.id}/attachments`).set('Authorization', hw).expect(200)).body).toHaveLength(1);
    const mgr = await login('manager');
    await http().get(`/api/v1/cases/${r.body.id}`).set('Authorization', mgr).expect(200);
    expect((await http().get(`/api/v1/cases/${r.body.id}/attachments`).set('Authorization', mgr).expect(200)).body).toEqual([]);
    await http().get(`/api/v1/cases/${r.body.id}/attachments/${a.body.id}?thumb=1`).set('Authorization', mgr).expect(404);
    const tl = await http().get(`/api/v1/cases/${r.body.id}/timeline`).set('Authorization', mgr).expect(200);
    expect(JSON.stringify(tl.body)).not.toContain('赵举报拍的照片');
  });
});
