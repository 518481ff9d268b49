import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SmsMessages } from '#platform';
import { CaseWorkflow } from '../case-workflow.js';

/**
 * A message of the `sms` queue was handled (issue 16 §3): if it is a delivered decision notice, its delivery meets the
 * case's notice clock. Re-reads the message and the case; a repeat (job retried, worker restarted) changes nothing.
 */
export class RecordNoticeDelivered extends Command<'met' | 'skipped'> {
  constructor(readonly messageId: string) { super(); }
}

@CommandHandler(RecordNoticeDelivered)
export class RecordNoticeDeliveredHandler implements ICommandHandler<RecordNoticeDelivered> {
  constructor(private readonly messages: SmsMessages, private readonly wf: CaseWorkflow) {}
  async execute({ messageId }: RecordNoticeDelivered): Promise<'met' | 'skipped'> {
    const m = await this.messages.get(messageId);
    if (!m || m.status !== 'sent' || !m.caseId || !m.purpose.startsWith('notice.')) return 'skipped';
    const met = await this.wf.transition(m.caseId, null, (c, ctx) => c.noticeDelivered(m.id, m.createdAt, ctx));
    return met ? 'met' : 'skipped';
  }
}
