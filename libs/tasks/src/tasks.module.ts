import { Module } from '@nestjs/common';
import { CasesModule } from '#cases-nest';
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
import { PrismaReportDueClocks, ReportDueClockSubject } from './infrastructure/report-due-clock.subject.js';
import { ReportDueClocks, TaskRepository, TaskViews } from './application/ports.js';
import { ReportDueArming } from './application/report-due-arming.js';
import { PrismaTaskViews } from './infrastructure/prisma-task-views.js';
import { PrismaTaskRepository } from './infrastructure/prisma-task.repository.js';

/** Work-plan tasks (issue 7): import, lead/co units, progress reports, report-due clocks (on the deadline engine), views and indicators. */
@Module({
  // CasesModule for the Inbox port: report-due rungs tell units in the same inbox as case deadlines (one writer of notifications).
  imports: [DeadlinesModule, OrgModule, CasesModule],
  providers: [
    TaskDirectory, { provide: TaskRepository, useClass: PrismaTaskRepository }, { provide: TaskViews, useClass: PrismaTaskViews },
    ReportDueArming, PreviewPlanHandler, ConfirmPlanHandler, SubmitProgressReportHandler, CompleteTaskHandler, ReportDueReprojection,
    // issue 12: report dues are a subject of the clock engine (libs/deadlines fires them)
    ReportDueClockSubject, { provide: ReportDueClocks, useClass: PrismaReportDueClocks },
    SetTaskScheduleHandler, ListPlansHandler, GetPlanHandler, GetTaskHandler, GetTaskTimelineHandler, ListUnitTasksHandler, ListWorkNoticesHandler,
    ListOverdueProgressReportsHandler, GetPlanIndicatorsHandler,
  ],
  exports: [TaskDirectory],
})
export class TasksModule {}
