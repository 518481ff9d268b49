import { InvalidInput } from '#kernel';
import {
  checkPlanFileSize, checkPlanText, decodeUtf8Text, paragraphsToPlanText, planFileKind, type DocParagraph, type PlanFileKind,
} from '../domain/plan-file.js';

export interface PlanFile {
  name: string;
  content: Uint8Array;
}

export interface ExtractedPlanText {
  kind: PlanFileKind;
  text: string;
}

// The part of mammoth's document model we read (lib/documents.js): paragraphs carry `numbering` ({level, isOrdered})
// when Word numbers them; text lives in `text` elements under runs, hyperlinks, table cells…
interface DocElement {
  type: string;
  value?: string;
  breakType?: string;
  children?: DocElement[];
  numbering?: { level: string | number; isOrdered: boolean } | null;
}

function textOf(el: DocElement): string {
  if (el.type === 'text') return el.value ?? '';
  if (el.type === 'tab') return '\t';
  if (el.type === 'break') return el.breakType === 'line' || el.breakType === undefined ? '\n' : '';
  return (el.children ?? []).map(textOf).join('');
}

function collectParagraphs(el: DocElement, out: DocParagraph[]): void {
  if (el.type === 'paragraph') {
    const n = el.numbering;
    out.push(n ? { text: textOf(el), list: { level: Number(n.level) || 0, ordered: n.isOrdered } } : { text: textOf(el) });
    return;
  }
  for (const c of el.children ?? []) collectParagraphs(c, out);
}

/**
 * The paragraphs of a .docx, read with mammoth (the zip and WordprocessingML are mammoth's business). mammoth's
 * `extractRawText` drops auto-numbering; its document model keeps each paragraph's list level, which
 * `paragraphsToPlanText` turns back into `1.` markers. The HTML mammoth renders is not used; images are skipped.
 */
export async function readDocxParagraphs(content: Uint8Array): Promise<DocParagraph[]> {
  // Loaded on the first .docx read, not at start in every process (~12 MB RSS).
  const { default: mammoth } = await import('mammoth');
  const paragraphs: DocParagraph[] = [];
  await mammoth.convertToHtml(
    { buffer: Buffer.from(content.buffer, content.byteOffset, content.byteLength) },
    {
      convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      transformDocument: (doc: DocElement) => {
        collectParagraphs(doc, paragraphs);
        return doc;
      },
    },
  );
  return paragraphs;
}

/** The text of an uploaded plan file: UTF-8 .txt as is, .docx through mammoth. Throws InvalidInput naming the field. */
export async function extractPlanText(file: PlanFile): Promise<ExtractedPlanText> {
  const kind = planFileKind(file.name);
  checkPlanFileSize(file.content);
  if (kind === 'txt') return { kind, text: decodeUtf8Text(file.content) };
  let paragraphs: DocParagraph[];
  try {
    paragraphs = await readDocxParagraphs(file.content);
  } catch {
    throw new InvalidInput([{ field: 'file', code: 'DOCX_UNREADABLE', message: '文件：无法读取 .docx 文件（文件已损坏，或不是 Word 2007 及以上格式的文档）' }]);
  }
  return { kind, text: checkPlanText(paragraphsToPlanText(paragraphs)) };
}
