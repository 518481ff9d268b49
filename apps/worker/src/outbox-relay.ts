import { Injectable, Optional } from '@nestjs/common';
import { AppEnv, NotifiedConsumer, OUTBOX_CHANNEL, drainInBatches, PrismaService, type CalendarChangedPayload, type DeadlineArmPayload, type PolicyChangedPayload, type SmsSendPayload } from '#platform';
import { DeadlineTimers } from './deadline-timers.js';
import { SmsDelivery } from './sms-delivery.js';
import { WorkerMetrics } from './worker-metrics.js';

const correlationOf = (p: unknown) => {
  const id = (p as { correlationId?: unknown }).correlationId;
  return typeof id === 'string' ? id : undefined;
};

const BATCH = 500;
// Rows of a topic no relay route knows stay pending (visible, never silently dropped).
const KNOWN_TOPICS = ['deadline.arm', 'calendar.changed', 'policy.changed', 'sms.send'];

/**
 * Moves committed outbox rows to BullMQ. Rows are locked (SKIP LOCKED, so several workers can run) and
 * marked dispatched in the same transaction as the enqueue: a crash in between re-sends, never loses.
 */
@Injectable()
export class OutboxRelay extends NotifiedConsumer {
  constructor(
    private readonly prisma: PrismaService, private readonly timers: DeadlineTimers, env: AppEnv, private readonly sms: SmsDelivery,
    @Optional() private readonly metrics?: WorkerMetrics,
  ) {
    // Rows committed within 50 ms leave in one drain (one transaction, one addBulk): rungs fire hours later.
    super('outbox', { databaseUrl: env.DATABASE_URL, channel: OUTBOX_CHANNEL, pollMs: env.OUTBOX_POLL_MS, settleMs: 50 });
  }

  /** Drains everything pending now; returns how many rows were relayed. */
  drain(): Promise<number> {
    return drainInBatches(() => this.relayBatch(), BATCH);
  }

  private async relayBatch(): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: bigint; topic: string; payload: Record<string, unknown> }[]>`
        SELECT id, topic, payload FROM outbox WHERE dispatched_at IS NULL AND topic = ANY(${KNOWN_TOPICS}::text[])
        ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      if (!rows.length) return 0;
      const arms = rows
        .filter((r) => r.topic === 'deadline.arm')
        .flatMap((r) => {
          const p = r.payload as { timers?: DeadlineArmPayload[] } & Partial<DeadlineArmPayload>;
          // Far rungs wait in PostgreSQL: the worker's horizon sweep arms them when they come near. The row's request
          // id goes into each job's meta (the worker logs with it).
          return (p.timers ?? [p as DeadlineArmPayload]).filter((t) => this.timers.isNear(t.fireAt))
            .map((t) => (t.correlationId || !p.correlationId ? t : { ...t, correlationId: p.correlationId }));
        });
      await this.timers.arm(arms);
      for (const r of rows.filter((x) => x.topic === 'calendar.changed'))
        await this.timers.recomputeAfter((r.payload as unknown as CalendarChangedPayload).changeId, correlationOf(r.payload));
      for (const r of rows.filter((x) => x.topic === 'policy.changed'))
        await this.timers.rearmPolicyAfter(r.payload as unknown as PolicyChangedPayload, correlationOf(r.payload));
      await this.sms.enqueue(rows.filter((x) => x.topic === 'sms.send').map((r) => (r.payload as unknown as SmsSendPayload).messageId));
      await tx.$executeRaw`UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`;
      this.metrics?.relayed.inc(rows.length);
      return rows.length;
    }, { timeout: 60_000 });
  }
}
