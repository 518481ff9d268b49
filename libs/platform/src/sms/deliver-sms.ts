import type { Clock } from '../kernel/clock.js';
import { SmsMessages, SmsSender, SMS_TEMPLATES } from './sms.js';

export type DeliveryOutcome = 'sent' | 'skipped';

/**
 * Delivers one stored message (a job of the `sms` queue). Re-reads the row: a message already sent or given up is
 * skipped, so a job delivered twice sends once. A failure is recorded and rethrown (BullMQ retries with backoff);
 * on the last attempt the message is marked failed.
 */
export class DeliverSms {
  constructor(private readonly messages: SmsMessages, private readonly sender: SmsSender, private readonly clock: Clock) {}

  async run(id: string, opts: { finalAttempt: boolean }): Promise<DeliveryOutcome> {
    const m = await this.messages.get(id);
    if (!m || m.status !== 'queued') return 'skipped';
    try {
      const receipt = await this.sender.send({ id: m.id, to: m.to, template: m.template, params: m.params, text: m.text });
      const scrub = this.sender.channel !== 'demo' && (SMS_TEMPLATES[m.template]?.secret.length ?? 0) > 0;
      await this.messages.markSent(id, this.clock.now(), this.sender.channel, scrub, receipt.providerId);
      return 'sent';
    } catch (e) {
      await this.messages.recordFailure(id, (e as Error).message.slice(0, 500), opts.finalAttempt);
      throw e;
    }
  }
}
