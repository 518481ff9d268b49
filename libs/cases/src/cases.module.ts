import { Module } from '@nestjs/common';
import { DeadlinesModule } from '#deadlines-nest';
import { OrgModule } from '#org-nest';
import { CaseWorkflow } from './application/case-workflow.js';
import {
  AcceptCaseHandler, AddMediationNoteHandler, CloseCaseHandler, DeclineCaseHandler, DispatchCaseHandler,
  NotifyTerminationHandler, RecordCallbackHandler, SignCaseHandler,
} from './application/commands/case-actions.handler.js';
import { MarkDeadlineOverdueHandler } from './application/commands/mark-deadline-overdue.handler.js';
import { RegisterCaseHandler } from './application/commands/register-case.handler.js';
import { GetCaseHandler, GetTimelineHandler, ListCasesHandler } from './application/queries/case.queries.js';
import { CaseRepository } from './application/ports.js';
import { PrismaCaseRepository } from './infrastructure/prisma-case.repository.js';

@Module({
  imports: [DeadlinesModule, OrgModule],
  providers: [
    { provide: CaseRepository, useClass: PrismaCaseRepository },
    CaseWorkflow,
    RegisterCaseHandler, SignCaseHandler, AcceptCaseHandler, DeclineCaseHandler, AddMediationNoteHandler, CloseCaseHandler,
    NotifyTerminationHandler, RecordCallbackHandler, DispatchCaseHandler, MarkDeadlineOverdueHandler,
    GetCaseHandler, ListCasesHandler, GetTimelineHandler,
  ],
  exports: [DeadlinesModule, OrgModule],
})
export class CasesModule {}
