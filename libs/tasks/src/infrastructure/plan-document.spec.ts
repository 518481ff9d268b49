// .docx → plan text with mammoth, on fixtures built from the Changde sample by test/support/plan-docx.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInput } from '#kernel';
import { planDocx } from '../../../../test/support/plan-docx.js';
import { parsePlan } from '../domain/plan-parser.js';
import { extractPlanText } from './plan-document.js';

const sample = readFileSync(join(__dirname, '..', 'domain', '__fixtures__', 'changde-2023-work-points.txt'), 'utf8');
const expected = parsePlan(sample).items;
const leads = (items: { number: string; leadUnit: string | null }[]) => items.map((i) => i.leadUnit);

async function fieldOf(p: Promise<unknown>): Promise<{ field: string; code: string }> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(InvalidInput);
  const [f] = (e as InvalidInput).fields;
  return { field: f.field, code: f.code };
}

describe('extractPlanText', () => {
  it('a .docx with typed numbers parses to the same 64 items as the .txt', async () => {
    const { kind, text } = await extractPlanText({ name: '要点.docx', content: await planDocx(sample, 'typed') });
    expect(kind).toBe('docx');
    const items = parsePlan(text).items;
    expect(items).toHaveLength(64);
    expect(items).toEqual(expected);
  });

  it('a .docx whose items are Word auto-numbered gets its 1.–64. back and the same items', async () => {
    const { text } = await extractPlanText({ name: '要点.docx', content: await planDocx(sample, 'items') });
    const items = parsePlan(text).items;
    expect(items).toHaveLength(64);
    expect(items).toEqual(expected);
  });

  it('a two-level auto-numbered .docx keeps sections, items and leads; item numbers restart per section (limitation)', async () => {
    const { text } = await extractPlanText({ name: '要点.docx', content: await planDocx(sample, 'multilevel') });
    const items = parsePlan(text).items;
    expect(items).toHaveLength(64);
    expect(leads(items)).toEqual(leads(expected));
    expect(items.map((i) => i.text)).toEqual(expected.map((i) => i.text));
    expect(items.map((i) => i.sectionTitle)).toEqual(expected.map((i) => i.sectionTitle));
    expect(items.filter((i) => i.number === '1')).toHaveLength(7);
  });

  it('a UTF-8 .txt is its content', async () => {
    const { kind, text } = await extractPlanText({ name: 'plan.txt', content: Buffer.from(sample, 'utf8') });
    expect(kind).toBe('txt');
    expect(text).toBe(sample);
  });

  it('refuses a .docx that is not a Word document, and one without text', async () => {
    expect(await fieldOf(extractPlanText({ name: 'x.docx', content: Buffer.from(sample, 'utf8') }))).toEqual({ field: 'file', code: 'DOCX_UNREADABLE' });
    expect(await fieldOf(extractPlanText({ name: 'x.docx', content: await planDocx('\n\n', 'typed') }))).toEqual({ field: 'file', code: 'EMPTY_FILE' });
  });

  it('refuses a .docx renamed to .txt (binary) and other extensions', async () => {
    const docx = await planDocx(sample, 'typed');
    expect((await fieldOf(extractPlanText({ name: 'x.txt', content: docx }))).field).toBe('file');
    expect(await fieldOf(extractPlanText({ name: 'x.pdf', content: docx }))).toEqual({ field: 'file.name', code: 'UNSUPPORTED_FILE_TYPE' });
  });
});
