// ODR 在线消费纠纷解决 (issue 17): the HTTP shapes shared by apps/api and the console's enterprise pages.
// Times are ISO-8601 strings in China time (+08:00). See docs/odr.md (flow, time limits and their legal basis).

/** An enrolled enterprise's state; history is kept (a removed enterprise's rows and figures stay). */
export type OdrEnterpriseStatus = 'active' | 'suspended' | 'removed';
export const ODR_ENTERPRISE_STATUSES: readonly OdrEnterpriseStatus[] = ['active', 'suspended', 'removed'];
export const ODR_ENTERPRISE_STATUS_LABELS: Record<OdrEnterpriseStatus, string> = { active: '正常', suspended: '已暂停', removed: '已移除' };

/**
 * Where a case stands in its ODR stage: `waiting` (with the enterprise, no answer yet), `offered` (offer made, the
 * complainant decides), `settled` (enterprise says settled, the complainant confirms), `refused` (enterprise refused),
 * then the end: `confirmed` (和解, case closed), `rejected` / `refused` / `expired` (left ODR to the bureau).
 */
export type OdrStage = 'waiting' | 'offered' | 'settled' | 'confirmed' | 'rejected' | 'refused' | 'expired';
export const ODR_STAGE_LABELS: Record<OdrStage, string> = {
  waiting: '待企业处理', offered: '企业已提出方案', settled: '企业报称已和解', confirmed: '消费者确认和解',
  rejected: '消费者不接受（转市场监管部门）', refused: '企业拒绝（转市场监管部门）', expired: '企业逾期（转市场监管部门）',
};
/** Case status label while the complaint is with the enterprise. */
export const ODR_STATUS_LABEL = '企业协商中';

export interface OdrContactDto { name: string; phone: string }
export interface OdrStatusChangeDto { status: OdrEnterpriseStatus; at: string; byUserId: string; reason: string | null }
export interface OdrEnterpriseUserDto { id: string; username: string; displayName: string; active: boolean }

export interface OdrEnterpriseDto {
  id: string;
  name: string;
  creditCode: string;
  /** The credit code is well-formed but its check character fails (lawful early pilot codes): a warning, not an error. */
  creditCodeChecksumValid: boolean;
  stores: string[];
  contacts: OdrContactDto[];
  status: OdrEnterpriseStatus;
  history: OdrStatusChangeDto[];
  users: OdrEnterpriseUserDto[];
  createdAt: string;
}

/** `POST /api/v1/odr/enterprises` (manager/admin). */
export interface CreateOdrEnterpriseRequest { name: string; creditCode: string; stores: string[]; contacts: OdrContactDto[] }
/** `PATCH /api/v1/odr/enterprises/:id`: change state (suspend / remove / reactivate) and/or the stores and contacts. */
export interface UpdateOdrEnterpriseRequest { status?: OdrEnterpriseStatus; reason?: string; stores?: string[]; contacts?: OdrContactDto[] }
/** `POST /api/v1/odr/enterprises/:id/users`: an account with role `enterprise` bound to this enterprise. */
export interface CreateOdrEnterpriseUserRequest { username: string; displayName: string; password: string }

/** `GET /api/v1/odr/enterprises/suggest?q=` (staff): active enterprises by name, store or credit code. */
export interface OdrSuggestionDto { id: string; name: string; creditCode: string; stores: string[] }
/** `GET /api/v1/public/odr/enterprises/suggest?q=` (no login): name and masked credit code only. */
export interface PublicOdrSuggestionDto { id: string; name: string; creditCodeMasked: string }

/** The ODR part of an intake body (`POST /api/v1/cases`, `POST /api/v1/public/cases`). */
export interface OdrIntakeInput {
  /** Picked from the suggestion list; else the respondent's credit code is matched against active enterprises. */
  enterpriseId?: string;
  /** The complainant agrees the enterprise handles the complaint first (recorded as an event). */
  consent: boolean;
}

export interface OdrReplyDto { kind: 'offer' | 'refusal' | 'settled'; text: string; at: string }

/** The enterprise's list (`GET /api/v1/odr/cases`, nearest deadline first). */
export interface OdrCaseSummaryDto {
  caseId: string;
  caseNo: string;
  enterpriseId: string;
  stage: OdrStage;
  handedOverAt: string;
  /** The window's end (odrWindow clock); null once the stage is over. */
  dueAt: string | null;
  complainantName: string;
  summary: string;
}

/** What the enterprise needs to settle (no bureau notes, no handling details, no reporter data). */
export interface OdrCaseDetailDto extends OdrCaseSummaryDto {
  complainantPhone: string;
  complainantAddress: string | null;
  respondentName: string;
  description: string;
  request: string | null;
  amount: number | null;
  /**
   * The evidence the enterprise may read and download (`GET /api/v1/odr/cases/:id/attachments/:aid`): the files the
   * case held while it was with the enterprise, never identity-bearing ones nor what the bureau adds afterwards.
   */
  attachments: { id: string; fileName: string; size: number; contentType: string }[];
  replies: OdrReplyDto[];
  endedAt: string | null;
}

/** `GET /api/v1/odr/notices` (role enterprise): the enterprise's reminders (e.g. its window ends in 2 working days). */
export interface OdrNoticeDto { id: string; caseId: string | null; kind: string; title: string; body: string; urgent: boolean; at: string; read: boolean }

/** `POST /api/v1/odr/cases/:id/reply` (role enterprise). */
export interface OdrReplyRequest { kind: 'offer' | 'refusal'; text: string }
/** `POST /api/v1/odr/cases/:id/settle` (role enterprise). */
export interface OdrSettleRequest { agreement: string }
/** Staff records the complainant's decision (`POST /api/v1/cases/:id/odr-decision`). */
export interface OdrStaffDecisionRequest { accept: boolean; note?: string }
/** The complainant decides on the tracking page (`POST /api/v1/public/cases/:caseNo/odr-decision`). */
export interface PublicOdrDecisionRequest { accept: boolean; phone: string; queryCode?: string; smsCode?: string; token?: string }
export interface OdrDecisionResult { caseId: string; caseNo: string; stage: OdrStage; status: string }

/** The ODR block of a case (`GET /api/v1/cases/:id/odr` staff; `POST /api/v1/public/cases/:caseNo/odr` with the tracking proof). */
export interface OdrCaseStateDto {
  enterpriseId: string;
  enterpriseName: string;
  stage: OdrStage;
  consentAt: string;
  handedOverAt: string;
  dueAt: string | null;
  endedAt: string | null;
  /** The latest offer or settlement text the complainant decides on. */
  proposal: string | null;
  /** The complainant may decide now (stage offered or settled). */
  awaitingDecision: boolean;
}

/** Per-enterprise figures (`GET /api/v1/odr/figures?from&to`; manager: all, enterprise: its own). */
export interface OdrFiguresRowDto {
  enterpriseId: string;
  name: string;
  creditCode: string;
  /** complaints handed over to the enterprise in the period */
  received: number;
  /** of those, confirmed as 和解 by the complainant */
  settled: number;
  /** settled / (received whose ODR stage ended); null when none ended */
  settlementRate: number | null;
  /** (replied or settled within the window) / (stages ended); null when none ended */
  onTimeReplyRate: number | null;
  /** calendar days from hand-over to end of the ODR stage, over ended stages; null when none */
  averageDays: number | null;
}
export interface OdrFiguresDto { from: string; to: string; rows: OdrFiguresRowDto[]; rules: string[] }
