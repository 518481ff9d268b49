// The cases' words (domain.md §3): the codes of statuses, channels, outcomes and reasons. The one declaration of each;
// libs/contracts re-exports them for the API and the console, so this file imports nothing (it runs in the browser).

/** The kinds of case (domain.md §1): 投诉, 举报 and 咨询. */
export type CaseType = 'complaint' | 'report' | 'inquiry';
export const CASE_TYPES: readonly CaseType[] = ['complaint', 'report', 'inquiry'];

/**
 * Every status a case can be in, `transferredOut` (移送), `merged` (并单) and `withdrawn` (撤回 by the complainant) included.
 * `odr` (企业协商中, issue 17): a complaint with an enrolled ODR enterprise first; on no bureau unit's clocks yet.
 */
export type CaseStatus = 'odr' | 'pendingDispatch' | 'dispatched' | 'signed' | 'accepted' | 'declined' | 'closed' | 'archived' | 'transferredOut' | 'merged' | 'withdrawn';
export const CASE_STATUSES: readonly CaseStatus[] = ['odr', 'pendingDispatch', 'dispatched', 'signed', 'accepted', 'declined', 'closed', 'archived', 'transferredOut', 'merged', 'withdrawn'];

export type Channel = 'hotline' | 'web' | 'letter' | 'visit' | 'hotline12345';
export const CHANNELS: readonly Channel[] = ['hotline', 'web', 'letter', 'visit', 'hotline12345'];

/** What names a case wherever it stands: the aggregate's state and the API's case view. */
export interface CaseIdentity {
  id: string;
  caseNo: string;
  type: CaseType;
  channel: Channel;
  status: CaseStatus;
}

/** `odrSettled` (和解, issue 17): the complainant confirmed the ODR enterprise's settlement; counted apart from mediation. */
export type CloseOutcome = 'agreement' | 'noAgreement' | 'terminated' | 'odrSettled';
/** The outcomes a unit may choose when it closes a case (odrSettled comes only from the complainant's ODR confirmation). */
export const CLOSE_OUTCOMES: readonly Exclude<CloseOutcome, 'odrSettled'>[] = ['agreement', 'noAgreement', 'terminated'];

export type Satisfaction = 'verySatisfied' | 'satisfied' | 'neutral' | 'dissatisfied';
export const SATISFACTIONS: readonly Satisfaction[] = ['verySatisfied', 'satisfied', 'neutral', 'dissatisfied'];

/** The state of one clock (a `deadlines` row). */
export type DeadlineState = 'running' | 'paused' | 'met' | 'overdue' | 'cancelled';

/** Why a clock may pause (excluded time: 检验检测鉴定, 中止, …). */
export const PAUSE_REASONS = ['testing', 'suspension', 'awaitingMaterials', 'rightsHolderIdentification'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

/** A supervision item: 督办 by a higher unit, or 催办 (opened by hand, or by the ladder's supervise/remind rungs). */
export type SupervisionKind = 'supervise' | 'remind';
export const SUPERVISION_KINDS: readonly SupervisionKind[] = ['supervise', 'remind'];

/** 退回理由 (taxonomy): the unit says why it cannot handle the case; `other` needs a text. */
export const RETURN_REASON_CODES = ['notOurDuty', 'incomplete', 'duplicate', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASON_CODES)[number];

/** A report's decision: 立案 / 不予立案 (RCF Art. 18-19; O121 Art. 27). */
export const REPORT_DECISION_CODES = ['fileCase', 'noCase'] as const;
export type ReportDecision = (typeof REPORT_DECISION_CODES)[number];
