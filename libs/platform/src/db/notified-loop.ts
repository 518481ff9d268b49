import pg from 'pg';
import { Logger } from '@nestjs/common';

export interface NotifiedLoopOptions {
  databaseUrl: string;
  /** PostgreSQL NOTIFY channel that wakes the loop (sent at commit by the writers). */
  channel: string;
  /** Fallback poll: the loop also runs this often, so a lost listener or notification only costs latency. */
  pollMs: number;
  /** One drain: do everything pending now. Errors are reported and retried on the next wake-up. */
  run: () => Promise<unknown>;
  warn: (message: string) => void;
  /**
   * Wait this long after a wake-up before draining, so that the rows committed meanwhile leave in the same drain
   * (under load a drain per NOTIFY moved 1–3 rows at a time; its fixed cost dominated). Default 0.
   */
  settleMs?: number;
}

/**
 * "Drain when notified, or every pollMs": LISTEN with reconnection, a poll timer, and coalescing so that at most
 * one drain runs at a time and a wake-up during a drain causes exactly one more. Used by the outbox relays and
 * the analytics rollup.
 */
export class NotifiedLoop {
  private listener: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(private readonly o: NotifiedLoopOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.timer = setInterval(() => this.kick(), this.o.pollMs);
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.listener?.end().catch(() => {});
    this.listener = null;
    await this.idle();
  }

  /** Resolves once no drain is in flight (one that a wake-up during it extends is waited for too). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = (async () => {
      try {
        do {
          if (this.o.settleMs) await new Promise((r) => setTimeout(r, this.o.settleMs));
          this.again = false;
          await this.o.run();
        } while (this.again && !this.stopped);
      } catch (e) {
        this.o.warn(`${this.o.channel}: drain failed, will retry: ${(e as Error).message}`);
      } finally {
        this.running = null;
      }
    })();
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.o.databaseUrl });
    const retry = () => setTimeout(() => { if (!this.stopped) void this.listen(); }, 1000).unref();
    client.on('error', (e) => {
      this.o.warn(`${this.o.channel}: listener lost (${e.message}); polling continues, reconnecting`);
      if (this.listener === client) this.listener = null;
      retry();
    });
    client.on('notification', () => this.kick());
    try {
      await client.connect();
      await client.query(`LISTEN ${this.o.channel}`);
      if (this.stopped) await client.end();
      else this.listener = client;
    } catch (e) {
      this.o.warn(`${this.o.channel}: cannot LISTEN (${(e as Error).message}); polling only, retrying`);
      await client.end().catch(() => {});
      retry();
    }
  }
}

/**
 * Runs `batch(size)` until a batch comes back short of `size` (nothing more pending) or negative (another consumer
 * holds the work); returns how many items were done.
 */
export async function drainInBatches(batch: (size: number) => Promise<number>, size: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await batch(size);
    if (n < 0) return total;
    total += n;
    if (n < size) return total;
  }
}

/** A consumer that a NOTIFY on its channel (or the poll) wakes to drain its backlog; `drain` does the work. */
export abstract class NotifiedConsumer {
  private readonly loop: NotifiedLoop;

  protected constructor(logName: string, options: Omit<NotifiedLoopOptions, 'run' | 'warn'>) {
    const log = new Logger(logName);
    this.loop = new NotifiedLoop({ ...options, run: () => this.drain(), warn: (m) => log.warn(m) });
  }

  /** Does everything pending now; returns how many items it handled. */
  abstract drain(): Promise<number>;

  /**
   * Drains after the loop's own drain, if one is in flight, has finished. A drain beside it would skip the rows it
   * holds locked (SKIP LOCKED) and return before they are done; callers that must see everything pending handled
   * (tests, admin) use this.
   */
  async settle(): Promise<number> {
    await this.loop.idle();
    return this.drain();
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
