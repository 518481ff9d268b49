import { chinaDate } from '#deadlines';
import { printPdf } from '#platform';
import { chineseDate } from '../domain/documents.js';

export interface RenderableDocument { title: string; number: string | null; body: string; issuerName: string; issuedAt: Date | null }

const esc = (s: string) => s.replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]!);
const dateLine = (d: RenderableDocument) => (d.issuedAt ? chineseDate(chinaDate(d.issuedAt)) : '（签发日期）');
/** A line that addresses someone (ends with ：) or is a form field (contains ：early) is not indented. */
const indented = (line: string, i: number) => !(i === 0 && /：$/.test(line)) && !/^[^，。]{1,12}：/.test(line);

/** The printable A4 page: 仿宋-like serif body, title in bold, 文号 under it, the authority and date at the end. */
export function documentHtml(d: RenderableDocument): string {
  const lines = d.body.split(/\r?\n/);
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(d.title)}</title><style>
  @page { size: A4; margin: 30mm 26mm 28mm 28mm; }
  body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 16pt; line-height: 1.75; color: #000; margin: 0; }
  h1 { font-family: 'Noto Sans CJK SC', sans-serif; font-size: 22pt; text-align: center; margin: 0 0 6pt; letter-spacing: 2pt; }
  .no { text-align: center; font-size: 14pt; margin-bottom: 18pt; }
  p { margin: 0; white-space: pre-wrap; word-break: break-all; } p.i { text-indent: 2em; }
  .sign { margin-top: 36pt; text-align: right; } .seal { color: #999; font-size: 11pt; text-align: right; }
</style></head><body>
<h1>${esc(d.title)}</h1>
<div class="no">${esc(d.number ?? '（签发时编号）')}</div>
${lines.map((l, i) => `<p class="${indented(l, i) ? 'i' : ''}">${esc(l) || '&nbsp;'}</p>`).join('\n')}
<div class="sign">${esc(d.issuerName)}<br>${esc(dateLine(d))}</div>
<div class="seal">（加盖印章）</div>
</body></html>`;
}

/** Prints the page with Chromium (env CHROMIUM_PATH), as the analysis reports are printed: CJK fonts embedded. */
export function renderDocumentPdf(d: RenderableDocument, executablePath: string): Promise<Buffer> {
  return printPdf(documentHtml(d), executablePath, { preferCSSPageSize: true });
}

/** .docx for a bureau that edits before printing: the same parts, 仿宋/宋体 sizes of official documents. */
export async function renderDocumentDocx(d: RenderableDocument): Promise<Buffer> {
  // Loaded on the first .docx asked for, not at start in every API process.
  const { AlignmentType, Document, Packer, Paragraph, TextRun } = await import('docx');
  const run = (text: string, size: number, bold = false) => new TextRun({ text, size, bold, font: { eastAsia: '仿宋', ascii: 'Times New Roman' } });
  const lines = d.body.split(/\r?\n/);
  const doc = new Document({
    creator: d.issuerName,
    title: d.title,
    sections: [{
      properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } },
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: d.title, size: 44, bold: true, font: { eastAsia: '宋体' } })] }),
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360 }, children: [run(d.number ?? '（签发时编号）', 28)] }),
        ...lines.map((l, i) => new Paragraph({ indent: indented(l, i) ? { firstLine: 640 } : undefined, children: [run(l, 32)] })),
        new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 720 }, children: [run(d.issuerName, 32)] }),
        new Paragraph({ alignment: AlignmentType.RIGHT, children: [run(dateLine(d), 32)] }),
      ],
    }],
  });
  return Buffer.from(await Packer.toBuffer(doc));
}
