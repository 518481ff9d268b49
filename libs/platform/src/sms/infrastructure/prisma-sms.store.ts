import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '../../prisma/prisma.service.js';
import { Outbox } from '../../outbox/outbox.js';
import { Clock } from '../../kernel/clock.js';
import { renderSms, scrubSms, SmsMessages, SmsOutbox, type SmsRequest, type SmsStatus, type StoredSms } from '../sms.js';

type Row = {
  id: string; toPhone: string; template: string; params: unknown; text: string; purpose: string; caseId: string | null;
  status: string; attempts: number; lastError: string | null; channel: string | null; createdAt: Date; sentAt: Date | null;
};
const toStored = (r: Row): StoredSms => ({
  id: r.id, to: r.toPhone, template: r.template, params: r.params as Record<string, string>, text: r.text, purpose: r.purpose,
  caseId: r.caseId, status: r.status as SmsStatus, attempts: r.attempts, lastError: r.lastError, channel: r.channel ?? '',
  createdAt: r.createdAt, sentAt: r.sentAt,
});

/** Queues a message: the row and its `sms.send` outbox entry in the caller's transaction. */
@Injectable()
export class PrismaSmsOutbox extends SmsOutbox {
  constructor(private readonly outbox: Outbox, private readonly clock: Clock) {
    super();
  }
  async enqueue(tx: Tx, req: SmsRequest): Promise<string> {
    const text = renderSms(req.template, req.params);
    const row = await tx.smsMessage.create({
      data: { toPhone: req.to, template: req.template, params: req.params, text, purpose: req.purpose, caseId: req.caseId ?? null, createdAt: this.clock.now() },
      select: { id: true },
    });
    await this.outbox.append(tx, [{ topic: 'sms.send', payload: { messageId: row.id } }]);
    return row.id;
  }
}

/** The one writer of `sms_messages` after creation (delivery state). */
@Injectable()
export class PrismaSmsMessages extends SmsMessages {
  constructor(private readonly prisma: PrismaService) {
    super();
  }
  async get(id: string): Promise<StoredSms | null> {
    const r = await this.prisma.smsMessage.findUnique({ where: { id } });
    return r ? toStored(r) : null;
  }
  async markSent(id: string, at: Date, channel: string, scrub: boolean, providerId?: string): Promise<void> {
    const r = await this.prisma.smsMessage.findUnique({ where: { id }, select: { template: true, params: true } });
    if (!r) return;
    const masked = scrub ? scrubSms(r.template, r.params as Record<string, string>) : null;
    await this.prisma.smsMessage.updateMany({
      where: { id, status: 'queued' },
      data: { status: 'sent', sentAt: at, channel, providerId: providerId ?? null, attempts: { increment: 1 }, lastError: null, ...(masked ?? {}) },
    });
  }
  async recordFailure(id: string, error: string, final: boolean): Promise<void> {
    const r = await this.prisma.smsMessage.findUnique({ where: { id }, select: { template: true, params: true } });
    if (!r) return;
    // A message given up keeps no secret either.
    const masked = final ? scrubSms(r.template, r.params as Record<string, string>) : null;
    await this.prisma.smsMessage.updateMany({
      where: { id, status: 'queued' },
      data: { attempts: { increment: 1 }, lastError: error, ...(final ? { status: 'failed', ...masked } : {}) },
    });
  }
  async listTo(phone: string, limit: number): Promise<StoredSms[]> {
    const rows = await this.prisma.smsMessage.findMany({ where: { toPhone: phone }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: limit });
    return rows.map(toStored);
  }
  async queuedIds(limit: number): Promise<string[]> {
    const rows = await this.prisma.smsMessage.findMany({ where: { status: 'queued' }, orderBy: { createdAt: 'asc' }, take: limit, select: { id: true } });
    return rows.map((r) => r.id);
  }
}
