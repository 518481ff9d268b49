// ODR 在线消费纠纷解决 (issue 17; domain.md §3): an enrolled enterprise negotiates with the consumer first, within
// its window; the bureau steps in when it does not settle. Plain TypeScript: no framework, no clock of its own.
import { DomainError } from '#kernel';
import type { OdrEnterpriseStatus, OdrStage } from '#contracts';
import type { CaseType } from './vocabulary.js';

export type { OdrEnterpriseStatus, OdrStage } from '#contracts';

export class OdrTransitionRefused extends DomainError {
  readonly code = 'ODR_TRANSITION';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

export interface OdrCandidate { id: string; status: OdrEnterpriseStatus }

export type OdrRouting =
  | { toOdr: true; enterpriseId: string }
  | { toOdr: false; why: 'notComplaint' | 'alsoReport' | 'noConsent' | 'notEnrolled' | 'notActive' };

/**
 * Does this intake go to the enterprise first? Only a complaint (never a report 举报, never an inquiry 咨询), only
 * when the respondent is an enrolled enterprise that is active now, and only with the complainant's consent.
 * Otherwise it is routed as any other case (routeIntake).
 */
export function odrRouting(x: { type: CaseType; alsoReport?: boolean; consent: boolean; enterprise: OdrCandidate | null }): OdrRouting {
  if (x.type !== 'complaint') return { toOdr: false, why: 'notComplaint' };
  // A complaint also filed as a report against the same business: the enterprise would read the name of its
  // reporter on the complaint (the reporter's identity never leaves the bureau), so the bureau handles both.
  if (x.alsoReport) return { toOdr: false, why: 'alsoReport' };
  if (!x.enterprise) return { toOdr: false, why: 'notEnrolled' };
  if (x.enterprise.status !== 'active') return { toOdr: false, why: 'notActive' };
  if (!x.consent) return { toOdr: false, why: 'noConsent' };
  return { toOdr: true, enterpriseId: x.enterprise.id };
}

/** Stages in which the case is still with the enterprise (on the odrWindow clock, on no bureau clock). */
export const OPEN_STAGES: readonly OdrStage[] = ['waiting', 'offered', 'settled'];
export const isOpenStage = (s: OdrStage) => OPEN_STAGES.includes(s);
/** Stages that ended the ODR stage by sending the case to the bureau. */
export const TO_BUREAU_STAGES: readonly OdrStage[] = ['rejected', 'refused', 'expired'];

export type OdrAction = 'offer' | 'refuse' | 'settle' | 'accept' | 'reject' | 'expire';

export interface OdrTransition {
  stage: OdrStage;
  /** The ODR stage ended: `closeAsSettled` (和解) or `toBureau` (normal routing). */
  end: null | 'closeAsSettled' | 'toBureau';
  /** Tell the complainant by SMS (an offer or a settlement to decide on). */
  notifyComplainant: boolean;
}

const ACTION_TEXT: Record<OdrAction, string> = {
  offer: '提出和解方案', refuse: '拒绝和解', settle: '报称已和解', accept: '确认和解', reject: '不接受和解', expire: '期满转交',
};

/**
 * The ODR stage's state machine. The enterprise may offer (again), refuse, or report settled while the stage is
 * open; the complainant decides only on an offer or a settlement; the window's expiry ends any open stage.
 */
export function odrTransition(from: OdrStage, action: OdrAction): OdrTransition {
  const refuse = () => {
    throw new OdrTransitionRefused(`企业协商当前阶段不允许${ACTION_TEXT[action]}`, { from, action });
  };
  if (!isOpenStage(from)) return refuse() as never;
  switch (action) {
    case 'offer': return { stage: 'offered', end: null, notifyComplainant: true };
    case 'settle': return { stage: 'settled', end: null, notifyComplainant: true };
    case 'refuse': return { stage: 'refused', end: 'toBureau', notifyComplainant: false };
    case 'expire': return { stage: 'expired', end: 'toBureau', notifyComplainant: false };
    case 'accept':
      if (from === 'waiting') return refuse() as never;
      return { stage: 'confirmed', end: 'closeAsSettled', notifyComplainant: false };
    case 'reject':
      if (from === 'waiting') return refuse() as never;
      return { stage: 'rejected', end: 'toBureau', notifyComplainant: false };
  }
}

/**
 * The receipt time (收到) from which the bureau's legal clocks run for a complaint that comes out of ODR.
 *
 * Legal reasoning: O121 lets enrolled businesses settle disputes with consumers themselves first through the
 * online dispute resolution mechanism, and the time of that negotiation does not count against the bureau's
 * limits (domain.md §3: "that time does not count against the bureau's limits"). The bureau's 7-working-day
 * accept/decline period (O121 Art. 15) runs from when the bureau (its intake unit) actually receives the
 * complaint for handling; a complaint held by the enterprise under ODR is not yet before the bureau. So the
 * receipt time for the legal clocks is the moment the case left ODR (refusal, the complainant's rejection, or the
 * window's expiry), never the original filing time, and the ODR stage is attributed to the enterprise as a hop.
 */
export function bureauReceiptAfterOdr(leftOdrAt: Date): Date {
  return new Date(leftOdrAt.getTime());
}

/**
 * The inbox audience of one enterprise: inbox items are kept per unit and role, and an enterprise's accounts read
 * only the items addressed to this role, so no other enterprise (nor staff) ever sees them.
 */
export const odrInboxRole = (enterpriseId: string) => `enterprise:${enterpriseId}`;

/** A mainland mobile number: the window's warning is sent by SMS only to such contacts (a landline gets none). */
export const isMobilePhone = (phone: string) => /^1[3-9]\d{9}$/.test(phone.replace(/[\s-]/g, ''));

/** 9135…1234 → 9135**********1234: the public suggestion list shows only this. */
export function maskCreditCode(code: string): string {
  if (code.length <= 8) return '*'.repeat(code.length);
  return code.slice(0, 4) + '*'.repeat(code.length - 8) + code.slice(-4);
}

/** The next status of an enrolled enterprise: any change but from `removed` (removal is final; its history stays). */
export function enterpriseStatusChange(from: OdrEnterpriseStatus, to: OdrEnterpriseStatus): void {
  if (from === 'removed') throw new OdrTransitionRefused('企业已移除，不能再变更状态', { from, to });
  if (from === to) throw new OdrTransitionRefused('企业已处于该状态', { from, to });
}

/** One ODR stage as the figures read it (no personal data). */
export interface OdrFigureCase {
  enterpriseId: string; stage: OdrStage; handedOverAt: Date; dueAt: Date | null; endedAt: Date | null; firstReplyAt: Date | null;
}
export interface OdrFigureEnterprise { id: string; name: string; creditCode: string }
export interface OdrFigureRow {
  enterpriseId: string; name: string; creditCode: string; received: number; settled: number;
  settlementRate: number | null; onTimeReplyRate: number | null; averageDays: number | null;
}

/** The counting rules of the per-enterprise figures, shown with them (API `rules`, dashboard, report, public page). */
export const ODR_FIGURE_RULES: readonly string[] = [
  '收到：期间内（按转交企业之日，北京时间）转交企业协商的投诉件数',
  '和解：其中消费者确认和解、以“和解”办结的件数（与市场监管部门的调解成功分开统计）',
  '和解率：和解件数 ÷ 协商已结束的件数（和解、消费者不接受、企业拒绝、期满转交）',
  '按时答复率：在协商期限内提出方案、拒绝或报称和解的件数 ÷ 协商已结束的件数',
  '平均天数：协商已结束件从转交企业到结束的平均自然日数',
];

/**
 * The per-enterprise figures (issue 17 §5): the one formula behind `GET /odr/figures`, the dashboard, the analysis
 * report and the public disclosure. `cases` are the stages handed over in the period; every enterprise given gets a
 * row (zeros when none). Most received first, then by name.
 */
export function odrFigures(enterprises: readonly OdrFigureEnterprise[], cases: readonly OdrFigureCase[]): OdrFigureRow[] {
  const acc = new Map(enterprises.map((e) => [e.id, { received: 0, settled: 0, ended: 0, onTime: 0, days: 0 }]));
  for (const c of cases) {
    const a = acc.get(c.enterpriseId);
    if (!a) continue;
    a.received++;
    if (c.stage === 'confirmed') a.settled++;
    if (!c.endedAt) continue;
    a.ended++;
    if (c.firstReplyAt && (!c.dueAt || c.firstReplyAt.getTime() <= c.dueAt.getTime())) a.onTime++;
    a.days += (c.endedAt.getTime() - c.handedOverAt.getTime()) / 86_400_000;
  }
  return enterprises
    .map((e) => {
      const a = acc.get(e.id)!;
      return {
        enterpriseId: e.id, name: e.name, creditCode: e.creditCode, received: a.received, settled: a.settled,
        settlementRate: a.ended ? a.settled / a.ended : null, onTimeReplyRate: a.ended ? a.onTime / a.ended : null,
        averageDays: a.ended ? Math.round((a.days / a.ended) * 10) / 10 : null,
      };
    })
    .sort((x, y) => y.received - x.received || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}
