import type { FastifyRequest } from 'fastify';
import { ATTACHMENT_LIMITS, AttachmentMissing, AttachmentTooLarge } from '#cases';

/** One uploaded file (multipart field `file`) and the form fields sent with it. */
export interface UploadedFile {
  name: string;
  bytes: Buffer;
  fields: Record<string, unknown>;
}

/**
 * Reads the one file of a multipart upload under the attachment limits, for staff and public uploads alike:
 * no multipart body or no `file` part is AttachmentMissing (400), a file over the size limit AttachmentTooLarge (413).
 */
export async function readUpload(req: FastifyRequest): Promise<UploadedFile> {
  if (!req.isMultipart()) throw new AttachmentMissing('missing');
  const part = await req.file({ limits: { fileSize: ATTACHMENT_LIMITS.fileBytes, files: 1, fields: 5, fieldSize: 1000 } });
  if (!part || part.fieldname !== 'file') throw new AttachmentMissing('missing');
  let bytes: Buffer;
  try {
    bytes = await part.toBuffer();
  } catch (e) {
    if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AttachmentTooLarge('file', ATTACHMENT_LIMITS.fileBytes);
    throw e;
  }
  return { name: part.filename, bytes, fields: part.fields as Record<string, unknown> };
}
