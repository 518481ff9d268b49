import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Job, Queue, Worker } from 'bullmq';
import { AppEnv, Clock, createRedis, queuePrefix, type RedisClient } from '#platform';
import { chinaDate } from '#deadlines';
import { OrgDirectory } from '#org-nest';
import { type AnalysisReportPeriod, previousPeriod } from '../domain/index.js';
import { GenerateAnalysisReport } from '../application/analytics.commands.js';

export const REPORT_QUEUE = 'analytics-reports';
export const REPORT_JOB = 'analysis.report';
export type AnalysisReportJob = { period: AnalysisReportPeriod };

/** Cron patterns in China time: 00:30 on the 1st of each month / quarter / year (O121 Art. 38 reports). */
export const REPORT_SCHEDULES: Record<AnalysisReportPeriod, string> = {
  month: '30 0 1 * *',
  quarter: '30 0 1 1,4,7,10 *',
  year: '30 0 1 1 *',
};

/**
 * BullMQ job schedulers for the periodic analysis reports, and their processor. The job carries only the period
 * kind; the handler works out the period just ended from the Clock and (re)produces the report of every bureau
 * (city and county level). Re-running replaces (unique key), so a redelivered job is harmless.
 */
@Injectable()
export class AnalysisReportScheduler {
  private readonly log = new Logger('reports');
  private connection: RedisClient | null = null;
  private queue: Queue<AnalysisReportJob> | null = null;
  private worker: Worker<AnalysisReportJob> | null = null;
  private workerConnection: RedisClient | null = null;
  /** Told of every analysis-report job this process finishes (the worker's metrics count them per queue). */
  onJobFinished?: (result: 'completed' | 'failed') => void;

  constructor(private readonly env: AppEnv, private readonly clock: Clock, private readonly commands: CommandBus, private readonly org: OrgDirectory) {}

  async start(): Promise<void> {
    this.connection = createRedis(this.env.REDIS_URL, { maxRetriesPerRequest: null });
    this.connection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    this.queue = new Queue<AnalysisReportJob>(REPORT_QUEUE, { connection: this.connection, prefix: queuePrefix(this.env.QUEUE_PREFIX) });
    // Without a listener a lost Redis is an unhandled 'error' event on the queue (printed, not logged).
    this.queue.on('error', (e) => this.log.warn(`queue: ${e.message}`));
    for (const [period, pattern] of Object.entries(REPORT_SCHEDULES) as [AnalysisReportPeriod, string][]) {
      await this.queue.upsertJobScheduler(`analysis-report-${period}`, { pattern, tz: 'Asia/Shanghai' },
        { name: REPORT_JOB, data: { period }, opts: { attempts: 5, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 1000 } });
    }
    this.workerConnection = createRedis(this.env.REDIS_URL, { maxRetriesPerRequest: null });
    this.workerConnection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    this.worker = new Worker<AnalysisReportJob>(REPORT_QUEUE, (job) => this.handle(job), { connection: this.workerConnection, prefix: queuePrefix(this.env.QUEUE_PREFIX), concurrency: 1 });
    this.worker.on('error', (e) => this.log.warn(`worker: ${e.message}`));
    this.worker.on('completed', () => this.onJobFinished?.('completed'));
    this.worker.on('failed', () => this.onJobFinished?.('failed'));
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
    this.workerConnection?.disconnect();
    this.connection?.disconnect();
    this.worker = null;
    this.queue = null;
  }

  async schedulers(): Promise<{ key: string; pattern?: string | null; tz?: string | null }[]> {
    return (await this.queue?.getJobSchedulers()) ?? [];
  }

  /** Produces the reports of the period just ended; errors propagate so BullMQ retries. */
  async handle(job: Pick<Job<AnalysisReportJob>, 'data'>): Promise<number> {
    const range = previousPeriod(job.data.period, chinaDate(this.clock.now()));
    const bureaus = (await this.org.units()).filter((u) => u.level === 'city' || u.level === 'county');
    for (const u of bureaus) await this.commands.execute(new GenerateAnalysisReport(null, { unitId: u.id, period: job.data.period, start: range.from }));
    this.log.log(`${job.data.period} reports ${range.from}..${range.to}: ${bureaus.length} unit(s)`);
    return bureaus.length;
  }
}
