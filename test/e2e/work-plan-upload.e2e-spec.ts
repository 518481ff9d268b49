// Issue 7, item 1: a plan uploaded as a file. POST /api/v1/plans/preview takes `file: {name, contentBase64}` instead
// of `text` (a UTF-8 .txt or a .docx, ≤ 5 MB), answers the same items as for the pasted text plus the extracted
// `text`, which POST /api/v1/plans then confirms. Bad files are 400 VALIDATION_FAILED naming the field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixedClock } from '#platform';
import { harnessFile } from '../support/harness.js';
import { planDocx } from '../support/plan-docx.js';

const clock = new FixedClock(new Date('2026-01-20T10:00:00+08:00'));
const sample = readFileSync(join(__dirname, '../../libs/tasks/src/domain/__fixtures__/changde-2023-work-points.txt'), 'utf8');
const title = '常德市市场监管局2023年工作要点';

const h = harnessFile({ clock }, 120_000);
const preview = async (body: object, status: number, user = 'admin') =>
  (await h.http().post('/api/v1/plans/preview').set('Authorization', await h.as(user)).send(body).expect(status)).body;
const file = (name: string, content: Buffer | string) => ({ name, contentBase64: Buffer.from(content).toString('base64') });
const fields = (body: { code: string; fields: { field: string; code: string }[] }) => {
  expect(body.code).toBe('VALIDATION_FAILED');
  return body.fields.map((f) => [f.field, f.code]);
};

describe('plan import from a file', () => {
  let fromText: { items: unknown[]; unmatchedUnits: string[] };

  beforeAll(async () => {
    fromText = await preview({ title, text: sample }, 200);
  });

  it('keeps the text contract: no text/file echo when text was pasted', () => {
    expect(fromText.items).toHaveLength(64);
    expect(Object.keys(fromText).sort()).toEqual(['items', 'matchedUnits', 'unmatchedUnits']);
  });

  it.each(['typed', 'items'] as const)('a .docx (%s numbering) previews to the same 64 items and unmatched names as the text', async (numbering) => {
    const r = await preview({ title, file: file('2023年工作要点.docx', await planDocx(sample, numbering)) }, 200);
    expect(r.items).toEqual(fromText.items);
    expect(r.unmatchedUnits).toEqual(fromText.unmatchedUnits);
    expect(r.file).toEqual({ name: '2023年工作要点.docx', kind: 'docx' });
    expect(typeof r.text).toBe('string');
  });

  it('a UTF-8 .txt previews like the pasted text and echoes its text', async () => {
    const r = await preview({ title, file: file('要点.txt', `\uFEFF${sample}`) }, 200);
    expect(r.items).toEqual(fromText.items);
    expect(r.text).toBe(sample);
  });

  it('confirms from the text the .docx preview returned, storing nothing before', async () => {
    const p = await preview({ title, file: file('要点.docx', await planDocx(sample, 'items')) }, 200);
    expect(await h.db.prisma.workPlan.count()).toBe(0);
    const office = (await h.db.prisma.unit.findUniqueOrThrow({ where: { code: 'cd-bgs' } })).id;
    const outside = ['市消保委秘书处', '各区县市消保委'];
    const unitMappings = Object.fromEntries((p.unmatchedUnits as string[]).map((n) => [n, outside.includes(n) ? null : office]));
    const r = await h.http().post('/api/v1/plans').set('Authorization', await h.as('admin'))
      .send({ title, year: 2026, text: p.text, unitMappings });
    expect(r.status).toBe(201);
    expect(r.body.tasks).toBe(64);
  });

  it('refuses bad files with 400 naming the field', async () => {
    const gbk = Buffer.from([0xb9, 0xa4, 0xd7, 0xf7, 0xd2, 0xaa, 0xb5, 0xe3, 0x0a]);
    expect(fields(await preview({ title, file: file('要点.pdf', sample) }, 400))).toEqual([['file.name', 'UNSUPPORTED_FILE_TYPE']]);
    expect(fields(await preview({ title, file: file('要点.doc', sample) }, 400))).toEqual([['file.name', 'UNSUPPORTED_FILE_TYPE']]);
    expect(fields(await preview({ title, file: file('要点.txt', gbk) }, 400))).toEqual([['file', 'NOT_UTF8']]);
    expect(fields(await preview({ title, file: file('要点.txt', await planDocx(sample)) }, 400))[0][0]).toBe('file');
    expect(fields(await preview({ title, file: file('要点.docx', sample) }, 400))).toEqual([['file', 'DOCX_UNREADABLE']]);
    expect(fields(await preview({ title, file: file('空.docx', await planDocx('')) }, 400))).toEqual([['file', 'EMPTY_FILE']]);
    expect(fields(await preview({ title, file: { name: '要点.txt', contentBase64: '' } }, 400))).toEqual([['file.contentBase64', 'IS_NOT_EMPTY']]);
    expect(fields(await preview({ title, file: { name: '要点.txt', contentBase64: '不是base64' } }, 400))).toEqual([['file.contentBase64', 'IS_BASE64']]);
    expect(fields(await preview({ title, text: sample, file: file('要点.txt', sample) }, 400))).toEqual([['text', 'NOT_WITH']]);
    const neither = fields(await preview({ title }, 400));
    expect(new Set(neither.map(([f]) => f))).toEqual(new Set(['text']));
    expect(neither.map(([, c]) => c)).toContain('IS_NOT_EMPTY');
    const r = await preview({ title, file: file('要点.docx', sample) }, 400);
    expect(r.fields[0].message).toContain('无法读取');
  });

  it('refuses a file over 5 MB naming file; a body past the route limit is a plain 413', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 1, 0x61);
    expect(fields(await preview({ title, file: file('大.txt', big) }, 400))).toEqual([['file', 'FILE_TOO_LARGE']]);
    const b64 = big.toString('base64');
    const broken = { name: '大.txt', contentBase64: `${b64.slice(0, 3_000_000)}!${b64.slice(3_000_001)}` };
    expect(fields(await preview({ title, file: broken }, 400))).toEqual([['file.contentBase64', 'IS_BASE64']]);
    const huge = await preview({ title, file: file('巨.txt', Buffer.alloc(7 * 1024 * 1024, 0x61)) }, 413);
    expect(huge.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('checks the role before reading the file', async () => {
    const r = await preview({ title, file: file('要点.docx', 'not a docx') }, 403, 'handler.wl');
    expect(r.code).toBe('FORBIDDEN');
  });

  it('publishes the file alternative in OpenAPI', async () => {
    const spec = (await h.http().get('/docs/openapi.json').expect(200)).body as {
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(Object.keys(spec.components.schemas.PreviewPlanDto.properties ?? {}).sort()).toEqual(['file', 'text', 'title']);
    expect(spec.components.schemas.PreviewPlanDto.required).toEqual(['title']);
    expect(spec.components.schemas.PlanFileDto.required).toEqual(['name', 'contentBase64']);
    expect(spec.components.schemas.ConfirmPlanDto.required).toEqual(expect.arrayContaining(['title', 'text', 'year']));
  });
});
