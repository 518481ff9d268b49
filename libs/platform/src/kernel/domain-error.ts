/** A rule was broken. Mapped to HTTP once, in the API's error filter; never an HttpException. */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

/** Input that fails a business rule, naming each bad field (400 on the API). */
export class InvalidInput extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly fields: FieldIssue[]) {
    super(fields.map((f) => f.message).join('；'));
  }
}

export class NotFound extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(what: string, id: string) {
    super(`${what}不存在`, { what, id });
  }
}

export class Forbidden extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message = '无权执行此操作') {
    super(message);
  }
}

export class ConcurrentUpdate extends DomainError {
  readonly code = 'CONCURRENT_UPDATE';
  constructor(id: string) {
    super('案件已被他人修改，请刷新后重试', { id });
  }
}

/** What a `domainError` class says: its message, the details the API and logs carry, and the field it names (400s). */
export interface ErrorText {
  message: string;
  details?: Record<string, unknown>;
  field?: string;
}

/**
 * The one shape of most domain errors: a fixed code and a message (and details) built from the constructor's
 * arguments. `class CaseNotFound extends domainError('CASE_NOT_FOUND', (id: string) => ({ message: '案件不存在',
 * details: { id } })) {}` is a DomainError with that code, named `CaseNotFound`, whose `field` the error filter reads.
 */
export function domainError<A extends unknown[]>(code: string, text: (...args: A) => ErrorText) {
  return class extends DomainError {
    readonly code = code;
    readonly field?: string;
    constructor(...args: A) {
      const t = text(...args);
      super(t.message, t.details);
      if (t.field !== undefined) this.field = t.field;
    }
  };
}
