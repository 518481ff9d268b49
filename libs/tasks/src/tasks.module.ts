import { Module } from '@nestjs/common';
import { DeadlinesModule } from '#deadlines-nest';
import { OrgModule } from '#org-nest';
import { FireReportDeadlineRungHandler } from './application/commands/fire-report-deadline-rung.handler.js';
import { RecomputeReportDeadlinesHandler } from './application/commands/recompute-report-deadlines.handler.js';
import { ConfirmPlanHandler, PreviewPlanHandler } from './application/commands/import-plan.handler.js';
import { CompleteTaskHandler, SubmitProgressReportHandler } from './application/commands/progress.handler.js';
import { SetTaskScheduleHandler } from './application/commands/set-task-schedule.handler.js';
import {
  GetPlanHandler, GetPlanIndicatorsHandler, GetTaskHandler, GetTaskTimelineHandler, ListOverdueProgressReportsHandler, ListPlansHandler,
  ListUnitTasksHandler, ListWorkNoticesHandler,
} from './application/queries/task.queries.js';
import { TaskDirectory } from './infrastructure/task-directory.js';

/** Work-plan tasks (issue 7): import, lead/co units, progress reports, report-due clocks (on the deadline engine), views and indicators. */
@Module({
  imports: [DeadlinesModule, OrgModule],
  providers: [
    TaskDirectory,
    PreviewPlanHandler, ConfirmPlanHandler, SubmitProgressReportHandler, CompleteTaskHandler, FireReportDeadlineRungHandler, RecomputeReportDeadlinesHandler,
    SetTaskScheduleHandler, ListPlansHandler, GetPlanHandler, GetTaskHandler, GetTaskTimelineHandler, ListUnitTasksHandler, ListWorkNoticesHandler,
    ListOverdueProgressReportsHandler, GetPlanIndicatorsHandler,
  ],
  exports: [TaskDirectory],
})
export class TasksModule {}
