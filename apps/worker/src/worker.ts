import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppEnv, Clock, createLogger, PinoNestLogger, pinoLevel, SystemClock } from '#platform';
import type { DestinationStream, Level } from 'pino';
import { DeadlineProcessor } from './deadline.processor.js';
import { OutboxRelay } from './outbox-relay.js';
import { SupervisionSweeper } from './supervision.sweeper.js';
import { SmsDelivery } from './sms-delivery.js';
import { WorkerModule } from './worker.module.js';
import { WorkerMetrics } from './worker-metrics.js';
import { REPORT_QUEUE, AnalysisReportScheduler } from '#analytics-nest';

export interface RunningWorker {
  app: INestApplicationContext;
  relay: OutboxRelay;
  deadlines: DeadlineProcessor;
  /** 督办/催办 overdue sweep (issue 4). */
  supervisions: SupervisionSweeper;
  /** Outbound SMS delivery (issue 16). */
  sms: SmsDelivery;
  stop(): Promise<void>;
}

/** Boots the worker: reconcile timers from PostgreSQL, then relay the outbox and process wake-ups. */
export async function startWorker(
  env: AppEnv, clock: Clock = new SystemClock(), opts: { logger?: boolean; logDestination?: DestinationStream } = {},
): Promise<RunningWorker> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env, clock), {
    logger: new PinoNestLogger(createLogger(pinoLevel(opts.logger === false ? false : undefined, env.LOG_LEVEL as Level), opts.logDestination)),
  });
  const relay = app.get(OutboxRelay);
  const sms = app.get(SmsDelivery);
  await sms.start();
  const deadlines = app.get(DeadlineProcessor);
  await relay.start();
  await deadlines.start();
  const supervisions = app.get(SupervisionSweeper);
  await supervisions.start();
  // The analysis-report queue's worker lives in the analytics module: its results count with the others'.
  const metrics = app.get(WorkerMetrics);
  app.get(AnalysisReportScheduler).onJobFinished = (result) => metrics.jobs.inc({ queue: REPORT_QUEUE, result });
  return {
    app, relay, deadlines, supervisions, sms,
    async stop() {
      supervisions.stop();
      await relay.stop();
      await sms.stop();
      await deadlines.stop();
      await app.close();
    },
  };
}
