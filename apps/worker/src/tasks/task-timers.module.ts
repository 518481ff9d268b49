import { Module } from '@nestjs/common';
import { TasksModule } from '#tasks-nest';
import { TaskReportProcessor, TaskReportTimers } from './task-report.timers.js';

/** Work-plan report-due timers (issue 7): their own outbox topic, queue, processor, reconciler and sweeper. */
@Module({
  imports: [TasksModule],
  providers: [TaskReportTimers, TaskReportProcessor],
  exports: [TaskReportTimers, TaskReportProcessor],
})
export class TaskTimersModule {}
