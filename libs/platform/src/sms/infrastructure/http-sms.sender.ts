import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/clock.js';
import { SmsSender, type OutgoingSms, type SmsReceipt } from '../sms.js';

export interface HttpSmsConfig {
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Our template name → the provider's template id (unknown names are sent as they are). */
  templates: Record<string, string>;
  timeoutMs?: number;
}

/** `name=id,name=id` (SMS_TEMPLATES) as a map. */
export function parseTemplateIds(v: string): Record<string, string> {
  return Object.fromEntries(v.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    return i < 0 ? [p, p] : [p.slice(0, i).trim(), p.slice(i + 1).trim()];
  }));
}

/**
 * The string the signature covers: method, path, timestamp, nonce and the SHA-256 of the body, one per line.
 * Signature = base64(HMAC-SHA256(accessKeySecret, stringToSign)). This is the shape the common Chinese gateways use
 * ("HTTP + signature + template id + params"); a gateway with another canonical form needs only this function changed.
 */
export function stringToSign(method: string, path: string, timestamp: string, nonce: string, body: string): string {
  return [method.toUpperCase(), path, timestamp, nonce, createHash('sha256').update(body, 'utf8').digest('hex')].join('\n');
}

export function signSms(secret: string, toSign: string): string {
  return createHmac('sha256', secret).update(toSign, 'utf8').digest('base64');
}

export class SmsGatewayError extends Error {}

/**
 * An HTTP SMS gateway: POST JSON {accessKeyId, signName, phoneNumbers, templateCode, templateParam, outId} with the
 * headers X-Sms-Key, X-Sms-Timestamp (ISO 8601), X-Sms-Nonce and X-Sms-Signature. A 2xx answer with `code` "OK"
 * (or no code) is delivery to the gateway; anything else throws, and the queue retries.
 */
export class HttpSmsSender extends SmsSender {
  readonly channel = 'http' as const;
  constructor(private readonly cfg: HttpSmsConfig, private readonly clock: Clock) {
    super();
  }

  async send(sms: OutgoingSms): Promise<SmsReceipt> {
    const url = new URL(this.cfg.url);
    const body = JSON.stringify({
      accessKeyId: this.cfg.accessKeyId, signName: this.cfg.signName, phoneNumbers: sms.to,
      templateCode: this.cfg.templates[sms.template] ?? sms.template, templateParam: sms.params, outId: sms.id,
    });
    const timestamp = this.clock.now().toISOString();
    const nonce = randomUUID();
    const signature = signSms(this.cfg.accessKeySecret, stringToSign('POST', url.pathname + url.search, timestamp, nonce, body));
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST', body, signal: AbortSignal.timeout(this.cfg.timeoutMs ?? 10_000),
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-sms-key': this.cfg.accessKeyId, 'x-sms-timestamp': timestamp, 'x-sms-nonce': nonce, 'x-sms-signature': signature },
      });
    } catch (e) {
      throw new SmsGatewayError(`gateway unreachable: ${(e as Error).message}`);
    }
    const text = await res.text();
    let json: { code?: unknown; message?: unknown; messageId?: unknown; bizId?: unknown } = {};
    try { json = text ? JSON.parse(text) : {}; } catch { /* not JSON: judged by the status */ }
    if (!res.ok || (json.code !== undefined && json.code !== 'OK'))
      throw new SmsGatewayError(`gateway answered ${res.status}${json.code !== undefined ? ` ${String(json.code)}` : ''}${json.message ? `: ${String(json.message)}` : ''}`);
    const id = json.messageId ?? json.bizId;
    return { providerId: typeof id === 'string' ? id : undefined };
  }
}
