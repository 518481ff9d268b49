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
