import { SmsSender, type OutgoingSms, type SmsReceipt } from '../sms.js';

/**
 * The demo channel: delivers nothing outside. Every message stays in `sms_messages` (readable by an admin through
 * GET /api/v1/admin/messages in the demo only); `sent` keeps this process's deliveries too, for tests.
 */
export class DemoSmsSender extends SmsSender {
  readonly channel = 'demo' as const;
  readonly sent: OutgoingSms[] = [];
  async send(sms: OutgoingSms): Promise<SmsReceipt> {
    this.sent.push(sms);
    return { providerId: `demo-${sms.id}` };
  }
}
