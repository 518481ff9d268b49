import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '#platform';
import type { Prisma } from '#prisma-client';

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

/**
 * Appends one event to a case's timeline inside a command's transaction (the case row is locked by then, so the
 * next seq is ours). For events whose data is known only after the aggregate was saved (a 文号, a stored file).
 */
export async function appendCaseEvent(
  tx: Tx, caseId: string,
  e: { type: string; at: Date; actorId: string | null; unitId: string | null; rule?: string | null; note?: string | null; data: Record<string, unknown> },
): Promise<void> {
  const [{ max }] = await tx.$queryRaw<{ max: number | null }[]>`SELECT max(seq) AS max FROM case_events WHERE case_id = ${caseId}::uuid`;
  await tx.caseEvent.create({
    data: {
      id: randomUUID(), caseId, seq: (max ?? 0) + 1, type: e.type, actorId: e.actorId, unitId: e.unitId, at: e.at,
      rule: e.rule ?? null, note: e.note ?? null, data: e.data as Prisma.InputJsonValue,
    },
  });
}

/** Next 文号 sequence for (unit, year, kind): the counter row stays locked until the issuing transaction ends. */
export async function nextDocumentSeq(tx: Tx, unitId: string, year: number, kind: string): Promise<number> {
  const [{ last }] = await tx.$queryRaw<{ last: number }[]>`
    INSERT INTO document_counters (unit_id, year, kind, last) VALUES (${unitId}::uuid, ${year}, ${kind}, 1)
    ON CONFLICT (unit_id, year, kind) DO UPDATE SET last = document_counters.last + 1
    RETURNING last`;
  return last;
}
