import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RecordNoticeDelivered } from '#cases-nest';
import { Queue, Worker, type JobsOptions } from 'bullmq';
import { AppEnv, DeliverSms, QUEUES, SmsMessages, jobId, type JobMap } from '#platform';
import { redisConnection } from './deadline-timers.js';

const REARM_PAGE = 5000;

/**
 * The `sms` queue: fed by the outbox relay (topic `sms.send`), one job per message (id `sms-<messageId>`), retried
 * with exponential backoff up to SMS_MAX_ATTEMPTS; DeliverSms re-reads the row, so a repeated job sends nothing twice.
 * Every message still queued is re-armed at start and then every SWEEP_INTERVAL_MS (Redis keeps nothing on disk and
 * may be flushed while we run); a job id still in Redis makes that a no-op. A failing re-arm (database or Redis
 * unavailable) is logged and retried at the next tick: it never stops the worker from starting.
 */
@Injectable()
export class SmsDelivery {
  private readonly log = new Logger('sms');
  private readonly connection: ReturnType<typeof redisConnection>;
  readonly queue: Queue<JobMap['sms.send']>;
  private worker: Worker<JobMap['sms.send']> | null = null;
  private workerConnection: ReturnType<typeof redisConnection> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly opts: JobsOptions;

  constructor(private readonly env: AppEnv, private readonly deliver: DeliverSms, private readonly messages: SmsMessages, private readonly commands: CommandBus) {
    this.connection = redisConnection(env.REDIS_URL);
    this.connection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    this.queue = new Queue(QUEUES.sms, { connection: this.connection, prefix: env.QUEUE_PREFIX });
    this.opts = { attempts: env.SMS_MAX_ATTEMPTS, backoff: { type: 'exponential', delay: env.SMS_RETRY_DELAY_MS }, removeOnComplete: true, removeOnFail: 10_000 };
  }

  async enqueue(messageIds: string[]): Promise<void> {
    if (!messageIds.length) return;
    await this.queue.addBulk(messageIds.map((messageId) => {
      const data: JobMap['sms.send'] = { messageId };
      return { name: 'sms.send', data, opts: { ...this.opts, jobId: jobId['sms.send'](data) } };
    }));
  }

  async start(): Promise<void> {
    this.workerConnection = redisConnection(this.env.REDIS_URL);
    this.workerConnection.on('error', (e) => this.log.warn(`redis: ${e.message}`));
    this.worker = new Worker<JobMap['sms.send']>(QUEUES.sms, async (job) => {
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const outcome = await this.deliver.run(job.data.messageId, { finalAttempt });
      // A delivered decision notice meets its case's notice clock (issue 16 §3); also after a 'skipped' re-run, so a
      // job retried because this step failed still meets it. Idempotent (re-reads the message and the case).
      await this.commands.execute(new RecordNoticeDelivered(job.data.messageId));
      return outcome;
    }, { connection: this.workerConnection, prefix: this.env.QUEUE_PREFIX, concurrency: 8 });
    this.worker.on('failed', (job, err) => this.log.warn(`sms ${job?.data.messageId} attempt ${job?.attemptsMade}: ${err.message}`));
    this.worker.on('error', (e) => this.log.warn(`sms worker: ${e.message}`));
    await this.rearm();
    this.timer = setInterval(() => void this.rearm(), this.env.SWEEP_INTERVAL_MS);
  }

  /** Adds a job for every queued message (the oldest REARM_PAGE); returns how many were looked at. */
  async rearm(): Promise<number> {
    try {
      const ids = await this.messages.queuedIds(REARM_PAGE);
      await this.enqueue(ids);
      return ids.length;
    } catch (e) {
      this.log.warn(`sms re-arm: ${(e as Error).message}`);
      return 0;
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}
