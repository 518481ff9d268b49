// Request/response shapes of /api/v1 as served by apps/api (see /docs/openapi.json).
// Times are ISO-8601 strings in China time (+08:00); dates are YYYY-MM-DD (China calendar days).

// The codes (enums) are the domain's own, declared once in each lib's dependency-free `domain/vocabulary.ts` and
// re-exported here: the API, the console and the domain speak one word per concept.
import type { CaseIdentity, CaseStatus, CaseType, Channel, CloseOutcome, DeadlineState, Satisfaction } from '../../cases/src/domain/vocabulary.js';
import type { PeriodUnit, Regime } from '../../deadlines/src/domain/vocabulary.js';
import type { Role, UnitLevel } from '../../org/src/domain/vocabulary.js';
export * from '../../cases/src/domain/vocabulary.js';
export * from '../../deadlines/src/domain/vocabulary.js';
export * from '../../org/src/domain/vocabulary.js';

// ---- errors
export interface FieldError { field: string; code: string; message: string }
export interface ApiErrorBody { code: string; message: string; fields?: FieldError[]; errorId?: string }
export interface Warning { code: string; field?: string; message: string }

// ---- auth
export interface UnitRef { id: string; code: string; name: string }
export interface LoginRequest { username: string; password: string }
export interface SessionUser { id: string; username: string; displayName: string; role: Role; unit: UnitRef }
export interface LoginResponse { accessToken: string; user: SessionUser }

// ---- reference data
export interface UnitDto { id: string; code: string; name: string; level: UnitLevel; parentId: string | null; regionCode: string | null; isIntake: boolean }
export interface CategoryDto { code: string; name: string; kind: string; parentCode: string | null }
export interface LegalGround { code: string; text: string; article: string }
export interface LegalGroundsResponse { regime: Regime; decline: LegalGround[]; terminate: LegalGround[]; otherRoutesNotice: string }
export interface TimeLimitStep { step: string; amount: number; unit: PeriodUnit; startsAt: string; legalBasis: string; local: boolean }
export interface TimeLimitsResponse { regime: Regime | null; steps: TimeLimitStep[] }
export interface DeadlineComputation { dueDate: string; dueAt: string; warnings?: { code: string; years: number[]; message: string }[] }
/** The routing fields of a registration (`POST /routing/preview`): the preview runs the save's routing function. */
export interface RoutingPreviewRequest {
  regionCode: string; category: string; platform?: boolean; type?: CaseType; townshipCode?: string; address?: string;
  /** Reports: where the violation happened (they are routed there). */
  violationRegionCode?: string;
  /** Inquiries: route by the rules instead of staying with the operator. */
  routeInquiry?: boolean;
}
export interface RoutingPreview { unitId: string | null; ruleId: string | null; explanation: string; unit: UnitRef | null }

// ---- cases
export interface DeadlineView {
  id: string;
  kind: string;
  state: DeadlineState;
  startDate: string;
  amount: number;
  unit: PeriodUnit;
  dueDate: string;
  dueAt: string;
  legalBasis: string;
  calendarGap: boolean;
  /** Counted over a year without a loaded notice (the provisional calendar of the law): 「暂定」. */
  provisional: boolean;
  metAt: string | null;
  overdueAt: string | null;
  version: number;
}

export interface CaseView extends CaseIdentity {
  regime: Regime;
  receivedAt: string;
  registeredAt: string;
  complainant: { name: string; phone: string; address: string };
  respondent: { name: string; creditCode: string | null; regionCode: string; townshipCode: string | null; address: string; platform: boolean };
  category: string;
  problemType: string | null;
  description: string;
  request: string | null;
  amount: number | null;
  assignedUnit: UnitRef | null;
  /** In whose name the holder acts: a 市场监管所's county bureau (O121 Art. 30), else the holder itself. */
  legalUnit?: UnitRef | null;
  declineGround: string | null;
  outcome: CloseOutcome | null;
  closeGround: string | null;
  recoveredAmount: number | null;
  satisfaction: Satisfaction | null;
  overdue: boolean;
  deadlines: DeadlineView[];
  /** Reports: real-name or anonymous; reporterMasked = the complainant block is masked for this viewer (O121 Art. 37). */
  realName?: boolean;
  reporterMasked?: boolean;
  violationRegionCode?: string | null;
  returnCount?: number;
  pingPong?: boolean;
  reportDecision?: string | null;
  transferredOutTo?: string | null;
  answer?: string | null;
  mergedIntoId?: string | null;
  /** 管辖争议 open on the case (O121 Art. 33): the units, the reason; its time limit is the `jurisdictionDispute` deadline. */
  jurisdictionDispute?: JurisdictionDisputeView | null;
}

export interface JurisdictionDisputeView {
  /** The unit that raised it (the holder then). */
  raisedBy: UnitRef | null;
  other: UnitRef | null;
  /** Their nearest common superior: it designates when they do not agree. */
  superior: UnitRef | null;
  reason: string;
  raisedAt: string;
}

export interface RegisterCaseRequest {
  type: CaseType;
  channel: Channel;
  receivedAt: string;
  complainant: { name: string; phone: string; address: string };
  respondent: { name: string; creditCode?: string; regionCode: string; townshipCode?: string; address: string; platform?: boolean };
  category: string;
  problemType?: string;
  description: string;
  request?: string;
  amount?: number;
}
export interface RegisterCaseResponse extends CaseView { warnings: Warning[] }

export interface NextDeadline { kind: string; dueAt: string; state: DeadlineState }
export interface CaseListItem {
  id: string;
  caseNo: string;
  type: CaseType;
  channel: Channel;
  status: CaseStatus;
  receivedAt: string;
  complainantName: string;
  respondentName: string;
  category: string;
  assignedUnit: UnitRef | null;
  overdue: boolean;
  nextDeadline: NextDeadline | null;
  /** A 管辖争议 is open: the unit's decisions wait for it (the case page shows it). */
  disputed?: boolean;
}
/** GET /cases/load: a unit's cases in hand by status (dispatched, signed, accepted, in that order), the overdue among them. */
export interface CaseLoadResponse { items: { status: CaseStatus; total: number; overdue: number }[] }
export interface Page<T> {
  items: T[];
  /** Matching items; for the case list exact up to 10,000 (then 10,000 with totalCapped: true), with q up to 1,000. */
  total: number;
  page: number;
  pageSize: number;
  /** The case list stops counting at 10,000 matches, a q search at 1,000 (issue 15: counting 1,000,000 rows on every page costs ~0.5 s). */
  totalCapped?: boolean;
  /** The case list: when this page is full and more may follow, the `cursor` of the page after it (keyset, any depth). */
  nextCursor?: string;
}
export interface ListCasesQuery {
  unit?: string;
  status?: CaseStatus[];
  type?: CaseType;
  overdue?: boolean;
  /** an open 管辖争议 */
  disputed?: boolean;
  q?: string;
  /** received (default): newest first; deadline: nearest open deadline first. */
  sort?: 'received' | 'deadline';
  page?: number;
  pageSize?: number;
  /** A page's nextCursor: the page after it (page numbers reach only as far as the count: 10,000, with q 1,000). */
  cursor?: string;
}

export interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  actor: { id: string; name: string } | null;
  unit: UnitRef | null;
  /** The ODR enterprise whose account acted (then `unit` is null: an enterprise is none of the bureau's units). */
  enterprise: { id: string; name: string } | null;
  rule: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

export interface DispatchRequest { unitId: string; note?: string }
export interface NoteRequest { note?: string }
export interface DeclineRequest { ground: string; note?: string }
export interface CloseRequest { outcome: CloseOutcome; ground?: string; note?: string; recoveredAmount?: number }
export interface CallbackRequest { satisfaction: Satisfaction; note?: string }

/** GET /api/v1/admin/identity-reads: one read of a protected identity (O121 Art. 37). Auditors and admins. */
export interface IdentityReadView {
  id: string;
  /** +08:00 */
  at: string;
  /** GET /cases/:id, GET /cases?q, POST /cases/hints */
  via: string;
  /** name,phone,address | search:phone | search:idNumber | hints */
  fields: string;
  /** the search term, masked */
  query: string | null;
  ip: string | null;
  role: Role;
  user: { id: string; username: string; displayName: string } | null;
  unit: { id: string; code: string; name: string } | null;
  case: { id: string; caseNo: string; type: CaseType } | null;
}
