import { DomainError, domainError } from '#kernel';
import { CASE_TYPE_LABELS, DEADLINE_STATE_LABELS, REGULATION_NAMES, STATUS_LABELS, labelOf } from '#contracts';

/** The actions a refusal names, as the console's buttons call them (a code never reaches the user). */
const ACTION_TEXT: Record<string, string> = {
  absorb: '并入', accept: '受理', addCoUnits: '添加协办单位', answer: '答复', answerSupervision: '答复督办', approveExtension: '审批延期',
  callback: '回访', close: '办结', convert: '转为投诉/举报', decide: '立案决定', decline: '不予受理', dispatch: '分派', mediate: '调解记录',
  merge: '并单', notifyReporter: '告知举报人', notifyTermination: '告知终止调解', pause: '暂停计时', referUp: '报请上级', rejectExtension: '不予延期',
  rejectReturn: '退回不成立', releaseCoUnit: '解除协办', requestExtension: '申请延期', resume: '恢复计时', return: '退回', sign: '签收',
  submitCoReport: '提交协办意见', supervise: '督办', takeOver: '提级办理', transfer: '转办', transferOut: '移送', verify: '核查记录',
  withdraw: '撤回', odr: '转交企业协商', raiseJurisdictionDispute: '提出管辖争议',
};
const STATE_TEXT: Record<string, string> = {
  ...STATUS_LABELS, ...DEADLINE_STATE_LABELS, none: '无此期限', answered: '已答复', notCoUnit: '非协办单位',
};

export class InvalidTransition extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  /** `caseType`: the action belongs to another kind of case (a report is verified and decided, never accepted). */
  constructor(caseId: string, from: string, action: string, caseType?: string) {
    super(caseType
      ? `${labelOf(CASE_TYPE_LABELS, caseType)}案件不能${labelOf(ACTION_TEXT, action)}`
      : `当前状态（${labelOf(STATE_TEXT, from)}）不允许${labelOf(ACTION_TEXT, action)}`, { caseId, from, action, ...(caseType ? { caseType } : {}) });
  }
}

export class CaseNotFound extends domainError('CASE_NOT_FOUND', (id: string) => ({ message: '案件不存在', details: { id } })) {}

export class NotAssignee extends domainError('NOT_ASSIGNEE', () => ({ message: '只有承办单位可以办理此案件' })) {}

export class UnknownGround extends DomainError {
  readonly code = 'UNKNOWN_GROUND';
  constructor(readonly field: string, ground: string, regime: string) {
    super(`所选理由不是${REGULATION_NAMES[regime] ?? regime}规定的法定理由`, { field, ground, regime });
  }
}

/** A time-limit rule refused the request (pause reason not allowed, extension too late or over the cap): the engine's. */
export { ClockRuleViolation } from '#deadlines';

/** 退回 after the policy window (returnWindow, counted from the dispatch) closed. */
export class ReturnWindowClosed extends domainError('RETURN_WINDOW_CLOSED', (dueAt: string) => ({
  message: `已超过退回期限（${dueAt}），不能再退回，请按程序办理或申请转办`, details: { dueAt },
})) {}

/** 分派到所 / 收回 to or from a unit that is not one of the county's own stations. */
export class NotASubordinateStation extends DomainError {
  readonly code = 'NOT_A_SUBORDINATE_STATION';
  readonly field = 'unitId';
  constructor(message = '只能分派到本局所属的市场监管所') {
    super(message, { field: 'unitId' });
  }
}

/** A hand-off that makes no sense (to the unit already holding the case, to the intake unit, …). */
export class HandoffRefused extends domainError('HANDOFF_REFUSED', (field: string, message: string) => ({
  message, details: { field }, field,
})) {}

/** 管辖争议 refused: none open, one already open, or an act that settles jurisdiction while it is disputed. */
export class JurisdictionDisputeRefused extends domainError('JURISDICTION_DISPUTE', (field: string | null, message: string) => ({
  message, details: field ? { field } : {}, ...(field ? { field } : {}),
})) {}

/** Separation of duties: administration and audit do not include handling (admins and auditors act on no case). */
export class NotAHandler extends domainError('NOT_A_HANDLER', () => ({
  message: '系统管理员和审计员不办理案件；办理须使用承办单位的办案账号',
})) {}

/** Separation of duties on approvals: the requester never decides its own request (SELF_APPROVAL, NOT_APPROVER). */
export class DutyRefused extends DomainError {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** Identity searches (phone, ID number) are limited per user; the limit resets after retryAfterS seconds. */
export class IdentitySearchLimited extends DomainError {
  readonly code = 'IDENTITY_SEARCH_LIMITED';
  constructor(readonly retryAfterS: number) {
    super(`按身份信息（电话、证件号）查询过于频繁，请${Math.max(1, Math.ceil(retryAfterS / 60))}分钟后再试`, { retryAfterS, retryAfter: Math.max(1, Math.ceil(retryAfterS)) });
  }
}
