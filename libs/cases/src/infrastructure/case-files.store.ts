import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '#platform';

/**
 * Port for attachment bytes. The default keeps them in PostgreSQL (case_attachment_blobs), written in the same
 * transaction as the metadata and the case event; an S3-compatible store can implement the same port (it would
 * return storage 's3' and a key, and write the object before the transaction commits).
 */
export abstract class AttachmentStore {
  abstract put(tx: Tx, attachmentId: string, content: Buffer, thumbnail: Buffer | null): Promise<{ storage: string; key: string | null }>;
  abstract read(attachmentId: string, which: 'content' | 'thumbnail'): Promise<Buffer | null>;
}

@Injectable()
export class PgAttachmentStore extends AttachmentStore {
  constructor(private readonly prisma: PrismaService) { super(); }
  async put(tx: Tx, attachmentId: string, content: Buffer, thumbnail: Buffer | null) {
    await tx.caseAttachmentBlob.create({ data: { attachmentId, content: new Uint8Array(content), thumbnail: thumbnail ? new Uint8Array(thumbnail) : null } });
    return { storage: 'pg', key: null };
  }
  async read(attachmentId: string, which: 'content' | 'thumbnail') {
    const row = await this.prisma.caseAttachmentBlob.findUnique({ where: { attachmentId }, select: { [which]: true } as { content: true } });
    const bytes = (row as Record<string, Uint8Array | null> | null)?.[which];
    return bytes ? Buffer.from(bytes) : null;
  }
}
