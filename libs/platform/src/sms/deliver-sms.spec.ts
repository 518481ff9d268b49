import { FixedClock } from '../kernel/clock.js';
import { DeliverSms } from './deliver-sms.js';
import { DemoSmsSender } from './infrastructure/demo-sms.sender.js';
import { renderSms, scrubSms, SmsMessages, SmsSender, type OutgoingSms, type StoredSms } from './sms.js';

class MemoryMessages extends SmsMessages {
  rows = new Map<string, StoredSms>();
  add(id: string, template = 'verification-code', params: Record<string, string> = { code: '123456', minutes: '10', purpose: 'file' }) {
    this.rows.set(id, { id, to: '13812345678', template, params, text: renderSms(template, params), purpose: 'sms-code.file', caseId: null, status: 'queued', attempts: 0, lastError: null, channel: '', createdAt: new Date(0), sentAt: null });
  }
  async get(id: string) { return this.rows.get(id) ?? null; }
  async markSent(id: string, at: Date, channel: string, scrub: boolean) {
    const r = this.rows.get(id)!;
    if (r.status !== 'queued') return;
    Object.assign(r, { status: 'sent', sentAt: at, channel, attempts: r.attempts + 1 }, scrub ? scrubSms(r.template, r.params) : {});
  }
  async recordFailure(id: string, error: string, final: boolean) {
    const r = this.rows.get(id)!;
    Object.assign(r, { attempts: r.attempts + 1, lastError: error }, final ? { status: 'failed', ...scrubSms(r.template, r.params) } : {});
  }
  async listTo() { return [...this.rows.values()]; }
  async queuedIds() { return [...this.rows.values()].filter((r) => r.status === 'queued').map((r) => r.id); }
}

class FlakySender extends SmsSender {
  readonly channel = 'http' as const;
  sent: OutgoingSms[] = [];
  constructor(private failures: number) { super(); }
  async send(sms: OutgoingSms) {
    if (this.failures-- > 0) throw new Error('gateway answered 503');
    this.sent.push(sms);
    return {};
  }
}

const clock = new FixedClock(new Date('2026-11-23T02:00:00Z'));

describe('DeliverSms', () => {
  it('sends once: a second delivery of the same job is skipped', async () => {
    const m = new MemoryMessages(); m.add('a');
    const sender = new DemoSmsSender();
    const d = new DeliverSms(m, sender, clock);
    await expect(d.run('a', { finalAttempt: false })).resolves.toBe('sent');
    await expect(d.run('a', { finalAttempt: false })).resolves.toBe('skipped');
    expect(sender.sent).toHaveLength(1);
    // the demo channel keeps the code in the stored text
    expect(m.rows.get('a')).toMatchObject({ status: 'sent', sentAt: clock.now(), channel: 'demo' });
    expect(m.rows.get('a')!.text).toContain('123456');
  });

  it('records a failure and rethrows (the queue retries); the next attempt sends and masks the code', async () => {
    const m = new MemoryMessages(); m.add('a');
    const sender = new FlakySender(1);
    const d = new DeliverSms(m, sender, clock);
    await expect(d.run('a', { finalAttempt: false })).rejects.toThrow(/503/);
    expect(m.rows.get('a')).toMatchObject({ status: 'queued', attempts: 1, lastError: 'gateway answered 503' });
    await expect(d.run('a', { finalAttempt: false })).resolves.toBe('sent');
    expect(sender.sent[0]!.params.code).toBe('123456');
    expect(m.rows.get('a')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(m.rows.get('a')!.text).not.toContain('123456');
    expect(m.rows.get('a')!.params.code).toBe('******');
  });

  it('gives up on the last attempt: failed, secret masked', async () => {
    const m = new MemoryMessages(); m.add('a');
    const d = new DeliverSms(m, new FlakySender(9), clock);
    await expect(d.run('a', { finalAttempt: true })).rejects.toThrow();
    expect(m.rows.get('a')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(m.rows.get('a')!.text).not.toContain('123456');
    await expect(d.run('a', { finalAttempt: true })).resolves.toBe('skipped');
  });

  it('skips a message that does not exist', async () => {
    await expect(new DeliverSms(new MemoryMessages(), new DemoSmsSender(), clock).run('x', { finalAttempt: true })).resolves.toBe('skipped');
  });
});
