import { Injectable } from '@nestjs/common';
import type { Tx } from '../prisma/prisma.service.js';

export interface OutboxEntry {
  topic: string;
  payload: Record<string, unknown>;
}

export const OUTBOX_CHANNEL = 'fangxin_outbox';

/** Written in the caller's transaction; the worker's relay moves entries to BullMQ after commit. */
@Injectable()
export class Outbox {
  async append(tx: Tx, entries: OutboxEntry[]): Promise<void> {
    if (!entries.length) return;
    await tx.outboxMessage.createMany({ data: entries.map((e) => ({ topic: e.topic, payload: e.payload as object })) });
    // Delivered at commit, so the relay wakes only for committed rows.
    await tx.$executeRawUnsafe(`NOTIFY ${OUTBOX_CHANNEL}`);
  }
}
