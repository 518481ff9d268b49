import { DomainError } from '#kernel';

export class InvalidTransition extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(caseId: string, from: string, action: string) {
    super(`当前状态（${from}）不允许执行此操作（${action}）`, { caseId, from, action });
  }
}

export class CaseNotFound extends DomainError {
  readonly code = 'CASE_NOT_FOUND';
  constructor(id: string) {
    super('案件不存在', { id });
  }
}

export class NotAssignee extends DomainError {
  readonly code = 'NOT_ASSIGNEE';
  constructor() {
    super('只有承办单位可以办理此案件');
  }
}

export class UnknownGround extends DomainError {
  readonly code = 'UNKNOWN_GROUND';
  constructor(readonly field: string, ground: string, regime: string) {
    super(`“${ground}”不是${regime}规定的法定理由`, { field, ground, regime });
  }
}

/** A time-limit rule refused the request (pause reason not allowed, extension too late or over the cap). */
export class ClockRuleViolation extends DomainError {
  readonly code: string;
  constructor(readonly field: string, code: string, message: string) {
    super(message, { field });
    this.code = code;
  }
}

/** 退回 after the policy window (returnWindow, counted from the dispatch) closed. */
export class ReturnWindowClosed extends DomainError {
  readonly code = 'RETURN_WINDOW_CLOSED';
  constructor(dueAt: string) {
    super(`已超过退回期限（${dueAt}），不能再退回，请按程序办理或申请转办`, { dueAt });
  }
}

/** A hand-off that makes no sense (to the unit already holding the case, to the intake unit, …). */
export class HandoffRefused extends DomainError {
  readonly code = 'HANDOFF_REFUSED';
  constructor(readonly field: string, message: string) {
    super(message, { field });
  }
}

/** Separation of duties: administration and audit do not include handling (admins and auditors act on no case). */
export class NotAHandler extends DomainError {
  readonly code = 'NOT_A_HANDLER';
  constructor() {
    super('系统管理员和审计员不办理案件；办理须使用承办单位的办案账号');
  }
}

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
    super(`按身份信息（电话、证件号）查询过于频繁，请${Math.max(1, Math.ceil(retryAfterS / 60))}分钟后再试`, { retryAfterS });
  }
}
