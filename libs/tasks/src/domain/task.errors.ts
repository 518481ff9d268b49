import { Forbidden, NotFound, domainError } from '#kernel';

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
export class TaskAlreadyCompleted extends domainError('INVALID_TRANSITION', (id: string) => ({ message: '该任务已办结', details: { id } })) {}

/** No enabled report-due policy (LOCAL work_task/progressReport) is in force: report dues cannot be scheduled. */
export class ReportPolicyMissing extends domainError('REPORT_POLICY_MISSING', () => ({
  message: '未启用工作要点进展报告时限规定（本地承诺：工作任务进展报告），无法安排月度进展报告',
})) {}
