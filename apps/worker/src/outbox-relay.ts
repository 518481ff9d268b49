import { Injectable, Logger } from '@nestjs/common';
import pg from 'pg';
import { AppEnv, OUTBOX_CHANNEL, PrismaService, type CalendarChangedPayload, type DeadlineArmPayload } from '#platform';
import { DeadlineTimers } from './deadline-timers.js';

const BATCH = 500;
// Rows of a topic no relay route knows stay pending (visible, never silently dropped).
const KNOWN_TOPICS = ['deadline.arm', 'calendar.changed'];

/**
 * Moves committed outbox rows to BullMQ. Rows are locked (SKIP LOCKED, so several workers can run) and
 * marked dispatched in the same transaction as the enqueue: a crash in between re-sends, never loses.
 */
@Injectable()
export class OutboxRelay {
  private readonly log = new Logger('outbox');
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(private readonly prisma: PrismaService, private readonly timers: DeadlineTimers, private readonly env: AppEnv) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.timer = setInterval(() => void this.kick(), this.env.OUTBOX_POLL_MS);
    void this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.listener?.end().catch(() => {});
    this.listener = null;
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Drains everything pending now; returns how many rows were relayed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.env.DATABASE_URL });
    client.on('error', (e) => {
      this.log.warn(`listener lost: ${e.message}; polling continues`);
      this.listener = null;
      setTimeout(() => { if (!this.stopped) void this.listen().catch(() => {}); }, 1000).unref();
    });
    client.on('notification', () => void this.kick());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (e) {
      this.log.warn(`cannot LISTEN (${(e as Error).message}); polling only`);
      await client.end().catch(() => {});
      setTimeout(() => { if (!this.stopped) void this.listen().catch(() => {}); }, 2000).unref();
    }
  }

  private async kick(): Promise<void> {
    if (this.stopped) return;
    if (this.running) { this.again = true; return; }
    this.running = true;
    try {
      do {
        this.again = false;
        await this.drain();
      } while (this.again && !this.stopped);
    } catch (e) {
      this.log.warn(`relay failed, will retry: ${(e as Error).message}`);
    } finally {
      this.running = false;
    }
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
          return p.timers ?? [p as DeadlineArmPayload];
        });
      await this.timers.arm(arms);
      for (const r of rows.filter((x) => x.topic === 'calendar.changed'))
        await this.timers.recomputeAfter((r.payload as unknown as CalendarChangedPayload).changeId);
      await tx.$executeRaw`UPDATE outbox SET dispatched_at = now(), attempts = attempts + 1 WHERE id = ANY(${rows.map((r) => r.id)}::bigint[])`;
      return rows.length;
    }, { timeout: 60_000 });
  }
}
