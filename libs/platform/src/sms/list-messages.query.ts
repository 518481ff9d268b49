import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { NotFound } from '../kernel/domain-error.js';
import { SmsMessages, SmsSender } from './sms.js';

export interface SmsMessageView {
  id: string; to: string; template: string; purpose: string; text: string; caseId: string | null;
  status: string; attempts: number; lastError: string | null; createdAt: string; sentAt: string | null;
}

/**
 * The demo channel's messages to one phone, newest first, with their text (codes included). Only the demo channel
 * answers: with a real gateway it is NotFound (404), so no API ever shows a verification code in production.
 */
export class ListSmsMessages extends Query<SmsMessageView[]> {
  constructor(readonly to: string, readonly limit = 50) {
    super();
  }
}

@QueryHandler(ListSmsMessages)
export class ListSmsMessagesHandler implements IQueryHandler<ListSmsMessages> {
  constructor(private readonly messages: SmsMessages, private readonly sender: SmsSender) {}
  async execute(q: ListSmsMessages): Promise<SmsMessageView[]> {
    if (this.sender.channel !== 'demo') throw new NotFound('短信记录', q.to);
    const rows = await this.messages.listTo(q.to, q.limit);
    return rows.map((m) => ({
      id: m.id, to: m.to, template: m.template, purpose: m.purpose, text: m.text, caseId: m.caseId, status: m.status,
      attempts: m.attempts, lastError: m.lastError, createdAt: m.createdAt.toISOString(), sentAt: m.sentAt?.toISOString() ?? null,
    }));
  }
}
