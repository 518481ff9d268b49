import { Injectable } from '@nestjs/common';
import type { Tx } from '../prisma/prisma.service.js';
import { currentRequestId } from '../observability/request-context.js';

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
    // The request that caused the entry travels with it (the relay hands it to the job: docs/operations.md).
    const correlationId = currentRequestId();
    await tx.outboxMessage.createMany({
      data: entries.map((e) => ({ topic: e.topic, payload: (correlationId && e.payload.correlationId === undefined ? { ...e.payload, correlationId } : e.payload) as object })),
    });
    // Delivered at commit, so the relay wakes only for committed rows.
    await tx.$executeRawUnsafe(`NOTIFY ${OUTBOX_CHANNEL}`);
  }
}
