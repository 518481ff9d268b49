import { type DynamicModule, Module } from '@nestjs/common';
import { AppEnv, Clock, SystemClock, appRootModule } from '#platform';
import { CasesModule } from '#cases-nest';
import { ClockArming, RungTimers } from '#deadlines-nest';
import { DeadlineProcessor } from './deadline.processor.js';
import { DeadlineTimers } from './deadline-timers.js';
import { OutboxRelay } from './outbox-relay.js';
import { SupervisionSweeper } from './supervision.sweeper.js';
import { SmsDelivery } from './sms-delivery.js';
import { WorkerMetrics } from './worker-metrics.js';
import { AnalyticsWorkerModule } from '#analytics-nest';
import { TasksModule } from '#tasks-nest';
@Module({})
export class WorkerModule {
  static forRoot(env: AppEnv, clock: Clock = new SystemClock()): DynamicModule {
    return appRootModule(WorkerModule, env, clock, {
      imports: [
        CasesModule,
        // feature modules: one line each
        AnalyticsWorkerModule,
        // work-plan report dues: a subject of the clock engine (ReportDueClockSubject, issue 7 and 12)
        TasksModule,
      ],
      providers: [
        DeadlineTimers, { provide: RungTimers, useExisting: DeadlineTimers }, ClockArming, OutboxRelay, DeadlineProcessor, SupervisionSweeper,
        SmsDelivery, WorkerMetrics,
      ],
      exports: [DeadlineTimers, OutboxRelay, DeadlineProcessor, SupervisionSweeper, SmsDelivery, WorkerMetrics],
    });
  }
}
