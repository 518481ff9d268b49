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
 * At start every message still queued is re-armed (Redis keeps nothing on disk).
 */
@Injectable()
export class SmsDelivery {
  private readonly log = new Logger('sms');
  private readonly connection: ReturnType<typeof redisConnection>;
  readonly queue: Queue<JobMap['sms.send']>;
  private worker: Worker<JobMap['sms.send']> | null = null;
  private workerConnection: ReturnType<typeof redisConnection> | null = null;
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
    await this.enqueue(await this.messages.queuedIds(REARM_PAGE)).catch((e) => this.log.warn(`sms re-arm: ${(e as Error).message}`));
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}
