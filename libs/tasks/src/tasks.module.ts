import { Module } from '@nestjs/common';
import { DeadlinesModule } from '#deadlines-nest';
import { OrgModule } from '#org-nest';
import { FireReportDueHandler } from './application/commands/fire-report-due.handler.js';
import { ConfirmPlanHandler, PreviewPlanHandler } from './application/commands/import-plan.handler.js';
import { CompleteTaskHandler, SubmitProgressReportHandler } from './application/commands/progress.handler.js';
import {
  GetPlanHandler, GetPlanIndicatorsHandler, GetTaskHandler, GetTaskTimelineHandler, ListOverdueReportsHandler, ListPlansHandler,
  ListUnitTasksHandler, ListWorkNoticesHandler,
} from './application/queries/task.queries.js';
import { TaskDirectory } from './infrastructure/task-directory.js';

/** Work-plan tasks (issue 7): import, lead/co units, progress reports, report-due timers, views and indicators. */
@Module({
  imports: [DeadlinesModule, OrgModule],
  providers: [
    TaskDirectory,
    PreviewPlanHandler, ConfirmPlanHandler, SubmitProgressReportHandler, CompleteTaskHandler, FireReportDueHandler,
    ListPlansHandler, GetPlanHandler, GetTaskHandler, GetTaskTimelineHandler, ListUnitTasksHandler, ListWorkNoticesHandler,
    ListOverdueReportsHandler, GetPlanIndicatorsHandler,
  ],
  exports: [TaskDirectory],
})
export class TasksModule {}
