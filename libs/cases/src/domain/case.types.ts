// The types of the case aggregate (./case.ts) and the vocabulary of its steps.
import { type ClockExtension, type ClockPause, type LocalDate, type PolicySet, type Regime, type WorkingCalendar, type PeriodUnit, type LadderRung } from '#deadlines';
import { type RungEffect } from './rung.js';
import { type ReportDecision } from './handoffs.js';
import { type CoUnit, type Supervision } from './cohandling.js';
import { type Role } from '#org';

import type { CaseIdentity, CaseStatus, CaseType, Channel, CloseOutcome, DeadlineState, Satisfaction } from './vocabulary.js';
export { CASE_STATUSES, CASE_TYPES, CHANNELS, CLOSE_OUTCOMES, PAUSE_REASONS, SATISFACTIONS, type CaseStatus, type Channel, type CloseOutcome, type DeadlineState, type PauseReason, type Satisfaction } from './vocabulary.js';
/** Before the accept/decline decision a complainant may withdraw (撤回); afterwards withdrawal ends mediation instead (O121 Art. 23). */
export const WITHDRAWABLE: readonly CaseStatus[] = ['pendingDispatch', 'dispatched', 'signed'];
export type { Role } from '#org';

export interface Actor {
  userId: string;
  unitId: string;
  role: Role;
  /** Client address (HTTP requests), for the identity-read audit. */
  ip?: string | null;
}

/** A case clock's pauses and extension requests are the engine's records (libs/deadlines/src/domain/clock-state.ts). */
export type DeadlinePause = ClockPause;
export type DeadlineExtension = ClockExtension;
export type { ExtensionStatus } from '#deadlines';

export type { RungEffect } from './rung.js';

export interface CaseDeadline {
  id: string;
  /** The clock's own word, the policy's `step` (acceptance, mediation, …); `deadlines.step`. The API calls it `kind`. */
  step: string;
  policyId: string;
  legalBasis: string;
  startAt: Date;
  startDate: LocalDate;
  amount: number;
  unit: PeriodUnit;
  /** Units added by approved extensions (pauses are derived from `pauses`). */
  extended: number;
  pauses: DeadlinePause[];
  extensions: DeadlineExtension[];
  dueDate: LocalDate;
  dueAt: Date;
  state: DeadlineState;
  version: number;
  calendarGap: boolean;
  metAt: Date | null;
  overdueAt: Date | null;
  createdAt: Date;
}

export interface CaseEvent {
  id: string;
  type: string;
  at: Date;
  actorId: string | null;
  unitId: string | null;
  rule: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

/** A wake-up the worker must arm: the deadline row stays the truth. */
export interface TimerRequest {
  deadlineId: string;
  version: number;
  rung: LadderRung['rung'];
  fireAt: Date;
}

export interface Party {
  name: string;
  phone: string;
  address: string;
}
export interface Respondent {
  name: string;
  creditCode: string | null;
  regionCode: string;
  /** 乡镇街道 (9 digits under regionCode), when known: routes straight to the township's station. */
  townshipCode?: string | null;
  address: string;
  platform: boolean;
}

export interface CaseProps extends CaseIdentity {
  regime: Regime;
  receivedAt: Date;
  complainant: Party;
  respondent: Respondent;
  categoryCode: string;
  problemType: string | null;
  description: string;
  request: string | null;
  amount: number | null;
  assignedUnitId: string | null;
  routingRuleId: string | null;
  declineGround: string | null;
  outcome: CloseOutcome | null;
  closeGround: string | null;
  recoveredAmount: number | null;
  satisfaction: Satisfaction | null;
  registeredBy: string;
  registeredAt: Date;
  dispatchedAt: Date | null;
  signedAt: Date | null;
  decidedAt: Date | null;
  closedAt: Date | null;
  archivedAt: Date | null;
  version: number;
  deadlines: CaseDeadline[];
  // issue 4 (optional: callers that predate hand-offs need not set them)
  /** Reports: the reporter gave a real name (实名). false = anonymous: no name or phone required. */
  realName?: boolean;
  /** Where the reported violation happened (reports are routed there, O121 Art. 29); null = the respondent's region. */
  violationRegionCode?: string | null;
  returnCount?: number;
  /** The unit that last returned the case to the intake pool (for ruling the return unfounded). */
  returnedFromUnitId?: string | null;
  /** Units that held the case and handed it on, in order (ping-pong detection). */
  unitTrail?: string[];
  pingPong?: boolean;
  reportDecision?: ReportDecision | null;
  transferredOutTo?: string | null;
  /** 管辖争议 open on the case (O121 Art. 33), null/absent when none. */
  jurisdictionDispute?: JurisdictionDispute | null;
  answer?: string | null;
  mergedIntoId?: string | null;
  /** 协办 parts and 督办/催办 items (issue 4), loaded and saved with the case. */
  coUnits?: CoUnit[];
  supervisions?: Supervision[];
}

/**
 * 管辖争议: the holder says `otherUnitId` is competent (or both claim the case); the two negotiate, failing which
 * `superiorUnitId` — their nearest common superior, resolved by the caller — designates.
 */
export interface JurisdictionDispute {
  otherUnitId: string;
  superiorUnitId: string;
  reason: string;
  raisedAt: string;
  raisedBy: string;
  raisedByUnitId: string;
}

/** What the case needs from the outside world to arm a clock. */
export interface ClockContext {
  now: Date;
  calendar: WorkingCalendar;
  policies: PolicySet;
  newId: () => string;
}

export interface RouteDecision {
  unitId: string | null;
  ruleId: string | null;
  explanation: string;
}

export const UNIT_TEXT: Record<PeriodUnit, string> = { workingDays: '个工作日', calendarDays: '日', hours: '小时' };

// Which events stop which steps' clocks. Starts come from the policy's startsAt.
export const STOPS: Record<string, readonly string[]> = {
  acceptance: ['accepted', 'declined'],
  sign: ['signed', 'returned'],
  returnWindow: ['signed', 'returned'],
  reporterNotice: ['reporterNotified'],
  firstResponse: ['signed', 'accepted', 'declined'],
  // issue 16 §3: an online filing's first human response — the handling unit's first contact with the complainant.
  webResponse: ['contacted', 'mediationNoted'],
  // issue 16 §3: the SMS telling an online filer a decision was delivered.
  decisionNotice: ['noticeDelivered'],
  mediation: ['closed'],
  verification: ['closed'],
  answer: ['closed'],
  terminationNotice: ['terminationNotified'],
  callback: ['archived'],
  jurisdictionDispute: ['jurisdictionSettled'],
};

export type RegisterInput = Omit<
  CaseProps,
  | 'status' | 'regime' | 'assignedUnitId' | 'routingRuleId' | 'declineGround' | 'outcome' | 'closeGround'
  | 'recoveredAmount' | 'satisfaction' | 'registeredAt' | 'dispatchedAt' | 'signedAt' | 'decidedAt'
  | 'closedAt' | 'archivedAt' | 'version' | 'deadlines'
>;
