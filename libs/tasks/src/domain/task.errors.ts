import { DomainError, Forbidden, NotFound } from '#kernel';

export class PlanNotFound extends NotFound {
  constructor(id: string) {
    super('工作计划', id);
  }
}

export class TaskNotFound extends NotFound {
  constructor(id: string) {
    super('工作任务', id);
  }
}

/** Only the task's lead unit and co-units report on it; only the lead consolidates and closes it. */
export class NotResponsibleUnit extends Forbidden {
  constructor(what: string) {
    super(what);
  }
}

/** The task is completed: no more reports, no second close. Mapped to 409 like other illegal transitions. */
export class TaskAlreadyCompleted extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(id: string) {
    super('该任务已办结', { id });
  }
}
