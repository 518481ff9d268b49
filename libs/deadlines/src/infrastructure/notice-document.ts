import { InvalidInput } from '#platform';

/** A notice file is a page of text; anything larger is not one. */
export const NOTICE_FILE_MAX_BYTES = 700 * 1024; // base64 of it stays under the API's 1 MB body limit

const bad = (field: string, code: string, message: string) => new InvalidInput([{ field, code, message }]);

/**
 * The text of an uploaded notice: .txt (UTF-8) and .html/.htm as saved from the government site (the parser strips the
 * tags), .docx through mammoth. Throws InvalidInput naming the field.
 */
export async function noticeFileText(fileName: string, content: Buffer): Promise<string> {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (!ext || !['txt', 'html', 'htm', 'docx'].includes(ext))
    throw bad('fileName', 'UNSUPPORTED_FILE_TYPE', 'fileName：仅支持 .txt、.html、.htm 或 .docx 文件');
  if (!content.length) throw bad('contentBase64', 'EMPTY_FILE', 'contentBase64：文件为空');
  if (content.length > NOTICE_FILE_MAX_BYTES) throw bad('contentBase64', 'FILE_TOO_LARGE', 'contentBase64：文件不得超过 700 KB');
  if (ext === 'docx') {
    // Loaded on the first .docx read, not at start in every process (~12 MB RSS).
    const { default: mammoth } = await import('mammoth');
    try {
      return (await mammoth.extractRawText({ buffer: content })).value;
    } catch {
      throw bad('contentBase64', 'DOCX_UNREADABLE', 'contentBase64：无法读取 .docx 文件（文件已损坏，或不是 Word 2007 及以上格式）');
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content).replace(/^\uFEFF/, '');
  } catch {
    throw bad('contentBase64', 'NOT_UTF8', 'contentBase64：文件不是 UTF-8 编码的文本，请另存为 UTF-8 后再上传');
  }
}
