// The public side's rules (issue 16): verification codes, query codes, duplicate filings, and what a complainant or
// reporter is told about their case in plain words. Plain TypeScript: time and randomness are passed in.
import { DOCUMENT_KIND_INFO, type DocumentKind } from './documents.js';
import { REPORT_DECISIONS } from './handoffs.js';
import type { CaseStatus } from './case.js';
import { DomainError, domainError } from '#kernel';

/** A verification code that does not prove the phone: 400 naming `smsCode` (filing). */
export class SmsCodeRefused extends DomainError {
  readonly code = 'SMS_CODE_INVALID';
  readonly field = 'smsCode';
  constructor(readonly reason: Exclude<CodeCheck, 'ok'>) {
    super(CODE_CHECK_TEXT[reason], { reason });
  }
}

/** Wrong case number, phone or code: the same 404 whether the case exists or not. */
export class PublicCaseNotFound extends domainError('PUBLIC_CASE_NOT_FOUND', () => ({
  message: '未找到案件，请核对案件编号、手机号和查询码（或验证码）',
})) {}

export class PublicActionRefused extends domainError('PUBLIC_ACTION_REFUSED', (message: string, field: string) => ({ message, field })) {}

export type CodePurpose = 'file' | 'track';
export const CODE_PURPOSES: readonly CodePurpose[] = ['file', 'track'];

/** A verification code lives 10 minutes, is used once, and allows 5 wrong tries. */
export const SMS_CODE_RULES = { ttlMs: 10 * 60_000, maxAttempts: 5, length: 6 } as const;
/** The same filing again within this window is the first one (a double tap, a retry after a lost answer). */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

export interface StoredCode {
  id: string;
  codeHash: string;
  expiresAt: Date;
  attempts: number;
  usedAt: Date | null;
}

export type CodeCheck = 'ok' | 'missing' | 'expired' | 'used' | 'locked' | 'wrong';

/** Judges a code against the newest one sent for that phone and purpose (hash compared by the caller's `matches`). */
export function checkCode(code: StoredCode | null, matches: (hash: string) => boolean, now: Date): CodeCheck {
  if (!code) return 'missing';
  if (code.usedAt) return 'used';
  if (code.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (code.attempts >= SMS_CODE_RULES.maxAttempts) return 'locked';
  return matches(code.codeHash) ? 'ok' : 'wrong';
}

export const CODE_CHECK_TEXT: Record<Exclude<CodeCheck, 'ok'>, string> = {
  missing: '验证码不正确或已失效，请重新获取',
  wrong: '验证码不正确',
  expired: '验证码已过期，请重新获取',
  used: '验证码已使用，请重新获取',
  locked: '验证码错误次数过多，请重新获取',
};

/** The 6-digit text of a code drawn uniformly from [0, 10^6) (crypto.randomInt in the application). */
export function smsCodeText(n: number): string {
  return String(n).padStart(SMS_CODE_RULES.length, '0');
}

/** Query codes: 8 characters without look-alikes (0/O, 1/I/L), so they can be read out on the phone. */
export const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function queryCodeFrom(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) {
    if (b >= 248) continue; // 248 = 8 × 31: keeps the draw uniform
    out += QUERY_CODE_ALPHABET[b % QUERY_CODE_ALPHABET.length];
    if (out.length === 8) return out;
  }
  throw new Error('not enough random bytes for a query code');
}
export function normalizeQueryCode(raw: string): string {
  return raw.trim().toUpperCase();
}

export interface FilingFacts {
  type: string;
  phone: string;
  complainantName: string;
  respondentName: string;
  respondentRegionCode: string;
  category: string;
  description: string;
  request?: string | null;
  amount?: number | null;
}

/** Two filings are "the same" when these facts match once whitespace and case are ignored. */
export function filingFingerprint(f: FilingFacts): string {
  const n = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, '').toUpperCase();
  return JSON.stringify([f.type, n(f.phone), n(f.complainantName), n(f.respondentName), f.respondentRegionCode, f.category, n(f.description), n(f.request), f.amount ?? null]);
}

// ---- what the public is told

export interface PublicCaseFacts {
  type: 'complaint' | 'report' | 'inquiry';
  status: CaseStatus;
  realName: boolean;
  declineGroundText: string | null;
  outcome: string | null;
  closeGroundText: string | null;
  reportDecision: string | null;
  transferredOutTo: string | null;
  answer: string | null;
}

export interface PublicEvent {
  type: string;
  at: Date;
  data: Record<string, unknown>;
  note: string | null;
  unitName: string | null;
}

export interface PublicStep {
  name: string;
  at: Date;
  text: string;
}

const OUTCOME_TEXT: Record<string, string> = { agreement: '调解成功', noAgreement: '调解不成', terminated: '终止调解', odrSettled: '与经营者和解' };

/** The status in plain words (已登记/已受理/不予受理 and why/调解中/已办结 …). */
export function publicStatusText(c: PublicCaseFacts): string {
  if (c.type === 'report') return reportStatusText(c);
  switch (c.status) {
    case 'odr': return '已转交经营者（在线消费纠纷解决企业）协商处理，协商期间不计入市场监管部门办理时限';
    case 'pendingDispatch': return c.type === 'inquiry' ? '已登记，等待答复' : '已登记，正在分派承办单位';
    case 'dispatched': return '已登记，已转承办单位';
    case 'signed': return c.type === 'inquiry' ? '承办单位正在答复' : '承办单位已签收，正在审查是否受理';
    case 'accepted': return '已受理，调解中';
    case 'declined': return `不予受理${c.declineGroundText ? `：${c.declineGroundText}` : ''}`;
    case 'closed':
    case 'archived':
      // An inquiry closes answered, or converted into a complaint or report (no answer of its own).
      if (c.type === 'inquiry') return c.answer ? '已答复' : '已转为投诉或举报办理';
      return `已办结${c.outcome && OUTCOME_TEXT[c.outcome] ? `（${OUTCOME_TEXT[c.outcome]}${c.outcome === 'terminated' && c.closeGroundText ? `：${c.closeGroundText}` : ''}）` : ''}`;
    case 'transferredOut': return `已移送${c.transferredOutTo ?? '其他机关'}处理`;
    case 'merged': return '已与同一事项合并办理';
    case 'withdrawn': return '已撤回';
  }
}

/**
 * A reporter is told that the report was received and is being verified, and — only if they left their contact
 * details (实名) — the 立案 decision (O121 Art. 37; O20 Art. 31). Nothing else of the handling, nothing of the business.
 */
function reportStatusText(c: PublicCaseFacts): string {
  if (c.status === 'transferredOut') return '已移送其他机关处理';
  if (c.status === 'merged') return '已与同一事项合并办理';
  if ((c.status === 'closed' || c.status === 'archived') && c.reportDecision && c.realName)
    return `核查完毕，决定${(REPORT_DECISIONS as Record<string, string>)[c.reportDecision] ?? ''}`;
  if (c.status === 'closed' || c.status === 'archived') return '核查完毕';
  return c.status === 'pendingDispatch' ? '已登记' : '已登记，核查中';
}

/** The steps a member of the public sees, oldest first. Reports: registration and (real name) the decision only. */
export function publicSteps(c: PublicCaseFacts, events: readonly PublicEvent[]): PublicStep[] {
  const steps: PublicStep[] = [];
  const push = (e: PublicEvent, name: string, text: string) => steps.push({ name, at: e.at, text });
  for (const e of events) {
    if (c.type === 'report') {
      if (e.type === 'CaseRegistered') push(e, '登记', '举报已登记');
      else if (e.type === 'ReportDecided' && c.realName)
        push(e, '处理决定', `决定${(REPORT_DECISIONS as Record<string, string>)[String(e.data.decision)] ?? ''}`);
      else if (e.type === 'SupplementAdded') push(e, '补充材料', '已收到您补充的材料');
      else if (e.type === 'DecisionNoticeDelivered' && c.realName) push(e, '短信告知', '处理决定已短信告知您');
      continue;
    }
    switch (e.type) {
      case 'CaseRegistered': push(e, '登记', `${c.type === 'inquiry' ? '咨询' : '投诉'}已登记`); break;
      case 'CaseDispatched': push(e, '分派', `转${e.unitName ?? '承办单位'}办理`); break;
      case 'CaseSigned': push(e, '签收', '承办单位已签收'); break;
      case 'CaseAccepted': push(e, '受理', '决定受理，进入调解'); break;
      case 'CaseDeclined': push(e, '不予受理', `决定不予受理：${String(e.data.groundText ?? '')}`); break;
      // An inquiry's close is said by its answer or its conversion (the step before it): not twice.
      case 'CaseClosed': if (c.type !== 'inquiry') push(e, '办结', `办结（${OUTCOME_TEXT[String(e.data.outcome)] ?? '已办结'}）`); break;
      case 'InquiryAnswered': push(e, '答复', '已答复'); break;
      // the new case's number, by which the filer follows it from now on (phone + SMS code)
      case 'InquiryConverted': push(e, '转为投诉/举报', `已转为${e.data.toType === 'report' ? '举报' : '投诉'}办理${e.data.toCaseNo ? `，编号 ${String(e.data.toCaseNo)}` : ''}`); break;
      case 'CaseTransferredOut': push(e, '移送', `移送${String(e.data.agency ?? '其他机关')}处理`); break;
      case 'CaseWithdrawn': push(e, '撤回', '您已撤回投诉'); break;
      case 'SupplementAdded': push(e, '补充材料', '已收到您补充的材料'); break;
      // issue 16 §3–4: the first contact, the SMS telling a decision, the 回访
      case 'ComplainantContacted': push(e, '联系', '承办单位已与您联系'); break;
      case 'DecisionNoticeDelivered': push(e, '短信告知', '处理决定已短信告知您'); break;
      case 'CallbackRecorded': push(e, '回访', '已完成回访评价'); break;
      case 'CallbackUnreachable': push(e, '回访', '回访时未能联系上您，案件已归档'); break;
      case 'DocumentIssued': {
        const kind = String(e.data.kind) as DocumentKind;
        if (PUBLIC_DOCUMENT_KINDS.includes(kind)) push(e, '文书', `制发${DOCUMENT_KIND_INFO[kind]?.name ?? '文书'}`);
        break;
      }
    }
  }
  return steps;
}

/** The documents a complainant receives (告知书, 调解书); a reporter receives none through this page. */
export const PUBLIC_DOCUMENT_KINDS: readonly DocumentKind[] = ['acceptanceNotice', 'declineNotice', 'mediationAgreement', 'terminationNotice'];

/** Withdrawal (撤回) is for a complaint still awaiting the accept/decline decision. */
export function mayWithdraw(c: Pick<PublicCaseFacts, 'type' | 'status'>): boolean {
  return c.type === 'complaint' && (c.status === 'pendingDispatch' || c.status === 'dispatched' || c.status === 'signed');
}

/** Supplementary material is taken while the case is open. */
export function maySupplement(c: Pick<PublicCaseFacts, 'status'>): boolean {
  return ['pendingDispatch', 'dispatched', 'signed', 'accepted'].includes(c.status);
}
