// Plan files (issue 7): an uploaded .txt or .docx becomes the plan's text. Plain TypeScript, no framework imports;
// reading the .docx container itself is the infrastructure's job (infrastructure/plan-document.ts, mammoth).
//
// Errors name the request's fields (`file.name`, `file`) so the API answers 400 VALIDATION_FAILED with them.

import { InvalidInput } from '#kernel';
import { fieldMessage } from '#contracts';
import { startsWithItemMarker } from './plan-parser.js';

export type PlanFileKind = 'txt' | 'docx';

/** Largest accepted file, before base64 (a 64-item plan is ~25 kB as .txt and ~15 kB as .docx). */
export const PLAN_FILE_MAX_BYTES = 5 * 1024 * 1024;
/** Same bound as the `text` field of preview/confirm, so an extracted text can always be confirmed. */
export const PLAN_TEXT_MAX_CHARS = 500_000;

function fileError(field: string, code: string, message: string): InvalidInput {
  return new InvalidInput([{ field, code, message: fieldMessage(field, message) }]);
}

/** `.txt` or `.docx` by the file name's extension; anything else (including the old binary `.doc`) is refused. */
export function planFileKind(name: string): PlanFileKind {
  const ext = /\.([^./\\]+)$/.exec(name.trim())?.[1]?.toLowerCase();
  if (ext === 'txt') return 'txt';
  if (ext === 'docx') return 'docx';
  if (ext === 'doc' || ext === 'wps')
    throw fileError('file.name', 'UNSUPPORTED_FILE_TYPE', `不支持 .${ext} 文件，请在 Word/WPS 中另存为 .docx 后上传`);
  throw fileError('file.name', 'UNSUPPORTED_FILE_TYPE', '仅支持 .txt（UTF-8 纯文本）和 .docx 文件');
}

/** Size and emptiness, before any decoding. */
export function checkPlanFileSize(bytes: Uint8Array): void {
  if (bytes.length === 0) throw fileError('file', 'EMPTY_FILE', '文件为空');
  if (bytes.length > PLAN_FILE_MAX_BYTES)
    throw fileError('file', 'FILE_TOO_LARGE', `文件过大（${(bytes.length / 1024 / 1024).toFixed(1)} MB），上限 ${PLAN_FILE_MAX_BYTES / 1024 / 1024} MB`);
}

// C0 controls other than tab, LF, CR (and form feed, which some exports put between pages).
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/;

/**
 * A .txt must be UTF-8 text (a BOM is allowed and dropped). GBK/GB18030 files — still common from older Windows
 * editors — fail strict decoding and are refused rather than turned into mojibake; binary content is refused too.
 */
export function decodeUtf8Text(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileError('file', 'NOT_UTF8', '文件不是 UTF-8 编码的文本（如为 GBK/ANSI 编码，请另存为 UTF-8 后上传，或上传 .docx）');
  }
  if (CONTROL.test(text)) throw fileError('file', 'NOT_TEXT', '文件含有二进制内容，不是纯文本文件');
  return checkPlanText(text);
}

/** The extracted text must have content and fit the `text` field's bound. */
export function checkPlanText(text: string): string {
  if (text.trim() === '') throw fileError('file', 'EMPTY_FILE', '文件中没有文字内容');
  if (text.length > PLAN_TEXT_MAX_CHARS) throw fileError('file', 'TEXT_TOO_LONG', `文件文字超过 ${PLAN_TEXT_MAX_CHARS} 字`);
  return text;
}

/** A paragraph of a word-processor document; `list` when the paragraph is numbered by the program (auto-numbering). */
export interface DocParagraph {
  text: string;
  list?: { level: number; ordered: boolean };
}

/**
 * Joins a document's paragraphs into plan text, writing out the numbers of auto-numbered paragraphs, which text
 * extraction loses (Word stores "1." in the list definition, not in the paragraph).
 *
 * The list's own number format, start value and restart/continue overrides are not available (mammoth exposes only
 * a paragraph's list level and whether it is ordered), so the numbers are recounted: one counter per level, counting
 * on across unnumbered paragraphs (a Word list continues after a heading typed by hand), and a level restarts after
 * a numbered paragraph of a shallower level. Level 0 is written `1.` and level 1 `（1）` — the parser's item and
 * sub-item markers, below hand-typed `一、`/`（一）` headings; deeper levels and bullets get no marker (the parser would
 * fold them into their item anyway). A paragraph whose text already starts with a marker keeps it.
 */
export function paragraphsToPlanText(paragraphs: DocParagraph[]): string {
  const counters: number[] = [];
  const lines: string[] = [];
  for (const p of paragraphs) {
    const text = p.text.replace(/\r\n?/g, '\n');
    if (p.list?.ordered) {
      const level = p.list.level;
      counters.length = Math.min(counters.length, level + 1);
      while (counters.length <= level) counters.push(0);
      counters[level] += 1;
      const n = counters[level];
      const marker = level === 0 ? `${n}.` : level === 1 ? `（${n}）` : '';
      lines.push(marker && !startsWithItemMarker(text) ? marker + text.trimStart() : text);
    } else {
      lines.push(text);
    }
  }
  return lines.join('\n');
}
