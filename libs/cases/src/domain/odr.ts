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
  | { toOdr: false; why: 'notComplaint' | 'noConsent' | 'notEnrolled' | 'notActive' };

/**
 * Does this intake go to the enterprise first? Only a complaint (never a report 举报, never an inquiry 咨询), only
 * when the respondent is an enrolled enterprise that is active now, and only with the complainant's consent.
 * Otherwise it is routed as any other case (routeIntake).
 */
export function odrRouting(x: { type: CaseType; consent: boolean; enterprise: OdrCandidate | null }): OdrRouting {
  if (x.type !== 'complaint') return { toOdr: false, why: 'notComplaint' };
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
