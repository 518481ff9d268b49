// SMS (issue 16 "SMS, for real"): a port for sending, the templates with their Chinese text, and the store of
// outbound messages. Messages are written in the transaction that decides to send them (with an outbox entry), and
// the worker delivers them through a BullMQ queue with retries (DeliverSms re-reads the row: idempotent).
import type { Tx } from '../prisma/prisma.service.js';

/** What the gateway gets: a phone, a template (our name; the adapter maps it to the provider's id), params and the text. */
export interface OutgoingSms {
  id: string;
  to: string;
  template: string;
  params: Record<string, string>;
  /** The rendered Chinese text (what the demo channel shows; the gateway renders its own from template + params). */
  text: string;
}

export interface SmsReceipt {
  /** The gateway's message id, when it returns one. */
  providerId?: string;
}

/** Port: sends one message or throws (the queue retries). */
export abstract class SmsSender {
  /** `demo` keeps messages in the database only; `http` calls the gateway. */
  abstract readonly channel: 'demo' | 'http';
  abstract send(sms: OutgoingSms): Promise<SmsReceipt>;
}

export interface SmsTemplate {
  /** Renders the Chinese text from the params. */
  render(p: Record<string, string>): string;
  /** Params that are secrets (codes): scrubbed from the stored row once delivered, except on the demo channel. */
  secret: string[];
}

const PURPOSE_TEXT: Record<string, string> = { file: '在线投诉举报', track: '查询案件办理进度' };

/**
 * The templates. Another feature adds its own here (one entry each); the provider's template ids come from
 * SMS_TEMPLATES in the environment (`name=providerId,…`).
 */
export const SMS_TEMPLATES: Record<string, SmsTemplate> = {
  'verification-code': {
    render: (p) => `您正在${PURPOSE_TEXT[p.purpose ?? ''] ?? '办理业务'}，验证码${p.code}，${p.minutes}分钟内有效。请勿告诉他人，如非本人操作请忽略。`,
    secret: ['code'],
  },
  // issue 16 §3–4: a decision an online filer is told (受理/不予受理, 终止调解, 办结, 举报立案), with the tracking link;
  // a finished complaint's notice also carries the single-use 回访 link (a secret: scrubbed once delivered).
  'case-decision': {
    render: (p) => `您的${p.typeText ?? '投诉举报'}（案件编号${p.caseNo}）${p.decisionText}。办理进度：${p.link}`,
    secret: [],
  },
  'case-decision-rate': {
    render: (p) => `您的${p.typeText ?? '投诉'}（案件编号${p.caseNo}）${p.decisionText}。请对办理情况评价：${p.rateLink}（${p.days}日内有效，仅可评价一次）。办理进度：${p.link}`,
    secret: ['rateLink'],
  },
  // issue 17: the ODR enterprise made an offer or reports a settlement; the complainant confirms or rejects it online.
  'odr-proposal': {
    render: (p) => `您的投诉（案件编号${p.caseNo}）经营者${p.what}：${p.text}。请凭手机号和查询码确认是否接受：${p.link}`,
    secret: [],
  },
  // issue 17: the ODR window's warn rung, to the enterprise's contact people.
  'odr-window-warning': {
    render: (p) => `${p.enterpriseName}：投诉（案件编号${p.caseNo}）的企业协商期限将于${p.dueText}届满，请及时登录在线解纷企业平台处理；逾期未和解将转交市场监管部门处理。`,
    secret: [],
  },
  'case-filed': {
    render: (p) => `您的${p.typeText ?? '投诉举报'}已登记，案件编号${p.caseNo}，查询码${p.queryCode}。凭案件编号、手机号和查询码可查询办理进度，请妥善保管查询码。`,
    secret: ['queryCode'],
  },
};

export type SmsTemplateName = keyof typeof SMS_TEMPLATES & string;

export class UnknownSmsTemplate extends Error {
  constructor(name: string) {
    super(`unknown SMS template ${name}`);
  }
}

export function renderSms(template: string, params: Record<string, string>): string {
  const t = SMS_TEMPLATES[template];
  if (!t) throw new UnknownSmsTemplate(template);
  return t.render(params);
}

/** The params with secrets masked, and the text rendered from them: what is kept once a message is delivered. */
export function scrubSms(template: string, params: Record<string, string>): { params: Record<string, string>; text: string } {
  const t = SMS_TEMPLATES[template];
  if (!t) throw new UnknownSmsTemplate(template);
  const masked = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, t.secret.includes(k) ? '******' : v]));
  return { params: masked, text: t.render(masked) };
}

/** What a feature asks to send. */
export interface SmsRequest {
  to: string;
  template: string;
  params: Record<string, string>;
  /** Why (e.g. `sms-code.file`, `case-filed`, `notice.accepted`): kept with the message. */
  purpose: string;
  caseId?: string | null;
}

export type SmsStatus = 'queued' | 'sent' | 'failed';

export interface StoredSms extends OutgoingSms {
  purpose: string;
  caseId: string | null;
  status: SmsStatus;
  attempts: number;
  lastError: string | null;
  channel: string;
  createdAt: Date;
  sentAt: Date | null;
}

/** Port: queues a message in the caller's transaction (the row and its outbox entry commit with the decision). */
export abstract class SmsOutbox {
  abstract enqueue(tx: Tx, req: SmsRequest): Promise<string>;
}

/** Port: the stored messages (one writer: this port's adapter). */
export abstract class SmsMessages {
  abstract get(id: string): Promise<StoredSms | null>;
  abstract markSent(id: string, at: Date, channel: string, scrub: boolean, providerId?: string): Promise<void>;
  abstract recordFailure(id: string, error: string, final: boolean): Promise<void>;
  /** Newest first. */
  abstract listTo(phone: string, limit: number): Promise<StoredSms[]>;
  /** Ids still queued (re-armed at the worker's start: Redis may have lost their jobs). */
  abstract queuedIds(limit: number): Promise<string[]>;
}
