import { Module } from '@nestjs/common';
import { DeadlinesModule } from '#deadlines-nest';
import { OrgModule } from '#org-nest';
import { ReportDueReprojection } from './application/report-due-reprojection.js';
import { ConfirmPlanHandler, PreviewPlanHandler } from './application/commands/import-plan.handler.js';
import { CompleteTaskHandler, SubmitProgressReportHandler } from './application/commands/progress.handler.js';
import { SetTaskScheduleHandler } from './application/commands/set-task-schedule.handler.js';
import {
  GetPlanHandler, GetPlanIndicatorsHandler, GetTaskHandler, GetTaskTimelineHandler, ListOverdueProgressReportsHandler, ListPlansHandler,
  ListUnitTasksHandler, ListWorkNoticesHandler,
} from './application/queries/task.queries.js';
import { TaskDirectory } from './infrastructure/task-directory.js';
import { ReportDueClockSubject } from './infrastructure/report-due-clock.subject.js';
import { TaskRepository, TaskViews } from './application/ports.js';
import { PrismaTaskViews } from './infrastructure/prisma-task-views.js';
import { PrismaTaskRepository } from './infrastructure/prisma-task.repository.js';

/** Work-plan tasks (issue 7): import, lead/co units, progress reports, report-due clocks (on the deadline engine), views and indicators. */
@Module({
  imports: [DeadlinesModule, OrgModule],
  providers: [
    TaskDirectory, { provide: TaskRepository, useClass: PrismaTaskRepository }, { provide: TaskViews, useClass: PrismaTaskViews },
    PreviewPlanHandler, ConfirmPlanHandler, SubmitProgressReportHandler, CompleteTaskHandler, ReportDueReprojection,
    // issue 12: report dues are a subject of the clock engine (libs/deadlines fires them)
    ReportDueClockSubject,
    SetTaskScheduleHandler, ListPlansHandler, GetPlanHandler, GetTaskHandler, GetTaskTimelineHandler, ListUnitTasksHandler, ListWorkNoticesHandler,
    ListOverdueProgressReportsHandler, GetPlanIndicatorsHandler,
  ],
  exports: [TaskDirectory],
})
export class TasksModule {}
