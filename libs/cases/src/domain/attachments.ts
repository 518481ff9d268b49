// Evidence and attachments (issue 13 §2): which files a case may hold, and how big. The type is what the bytes
// are (sniffed by the application with file-type), never the name or the client's Content-Type header.
import { DomainError } from '#kernel';

/** Types a bureau receives as evidence: photos, scans, PDFs, Word/Excel files. Nothing executable or scriptable. */
export const ATTACHMENT_TYPES: Readonly<Record<string, { label: string; image: boolean; inline: boolean }>> = {
  'image/jpeg': { label: 'JPEG 图片', image: true, inline: true },
  'image/png': { label: 'PNG 图片', image: true, inline: true },
  'image/gif': { label: 'GIF 图片', image: true, inline: true },
  'image/webp': { label: 'WebP 图片', image: true, inline: true },
  'application/pdf': { label: 'PDF 文件', image: false, inline: true },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { label: 'Word 文档（.docx）', image: false, inline: false },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { label: 'Excel 表格（.xlsx）', image: false, inline: false },
};

export const ATTACHMENT_LIMITS = {
  /** Per file: a phone photo is 2–6 MB, a scanned contract PDF a few MB. */
  fileBytes: 10 * 1024 * 1024,
  /** Per case: what a complaint's evidence needs; keeps the database (and its backups) in proportion. */
  caseBytes: 50 * 1024 * 1024,
  /** Per case, files. */
  caseFiles: 50,
  /** Longest side of a thumbnail, px. */
  thumbnailPx: 320,
  /** Decoding guard against decompression bombs (pixels of the source image). */
  maxPixels: 60_000_000,
} as const;

export class AttachmentTypeRefused extends DomainError {
  readonly code = 'ATTACHMENT_TYPE_NOT_ALLOWED';
  readonly field = 'file';
  constructor(detected: string | null) {
    super(`不支持的文件类型${detected ? `（实际为 ${detected}）` : ''}：仅接受 JPEG/PNG/GIF/WebP 图片、PDF、Word（.docx）和 Excel（.xlsx）文件`, { detected });
  }
}
export class AttachmentTooLarge extends DomainError {
  readonly code = 'ATTACHMENT_TOO_LARGE';
  readonly field = 'file';
  constructor(what: 'file' | 'case', limitBytes: number) {
    super(what === 'file'
      ? `文件过大：单个文件不能超过 ${limitBytes / 1024 / 1024} MB`
      : `本案附件总量超限：每件案件的附件合计不能超过 ${limitBytes / 1024 / 1024} MB`, { limitBytes });
  }
}
export class AttachmentCountExceeded extends DomainError {
  readonly code = 'ATTACHMENT_COUNT_EXCEEDED';
  readonly field = 'file';
  constructor(limit: number) { super(`本案附件数量已达上限（${limit} 个）`, { limit }); }
}
export class AttachmentMissing extends DomainError {
  readonly code = 'ATTACHMENT_REQUIRED';
  readonly field = 'file';
  constructor(why: 'missing' | 'empty') { super(why === 'empty' ? '上传的文件是空的' : '请选择要上传的文件（表单字段 file）'); }
}
export class AttachmentNotFound extends DomainError {
  readonly code = 'ATTACHMENT_NOT_FOUND';
  constructor(id: string) { super('附件不存在', { id }); }
}

/** The sniffed type if the allow-list has it; otherwise the refusal. */
export function checkAttachmentType(detected: string | null): string {
  if (!detected || !ATTACHMENT_TYPES[detected]) throw new AttachmentTypeRefused(detected);
  return detected;
}

/** Checks one more file against the per-case totals already stored. */
export function checkAttachmentQuota(size: number, stored: { bytes: number; files: number }): void {
  if (size <= 0) throw new AttachmentMissing('empty');
  if (size > ATTACHMENT_LIMITS.fileBytes) throw new AttachmentTooLarge('file', ATTACHMENT_LIMITS.fileBytes);
  if (stored.files + 1 > ATTACHMENT_LIMITS.caseFiles) throw new AttachmentCountExceeded(ATTACHMENT_LIMITS.caseFiles);
  if (stored.bytes + size > ATTACHMENT_LIMITS.caseBytes) throw new AttachmentTooLarge('case', ATTACHMENT_LIMITS.caseBytes);
}

/** A file name safe to keep and show: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string | undefined | null): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(-200);
  return clean || '未命名文件';
}

/** Content-Disposition with the UTF-8 name (RFC 6266/5987) and an ASCII fallback for old clients. */
export function contentDisposition(name: string, inline: boolean): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
