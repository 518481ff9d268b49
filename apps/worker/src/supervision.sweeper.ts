import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppEnv } from '#platform';
import { MarkSupervisionsOverdue } from '#cases-nest';

/**
 * 督办/催办 items past their response deadline and unanswered are marked overdue (event SupervisionOverdue, an
 * inbox item for the opener): at start and every SWEEP_INTERVAL_MS, beside the deadline sweeper. Idempotent: the
 * aggregate marks an item once, under the case row lock.
 */
@Injectable()
export class SupervisionSweeper {
  private readonly log = new Logger('supervisions');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(private readonly commands: CommandBus, private readonly env: AppEnv) {}

  async start(): Promise<void> {
    this.timer = setInterval(() => void this.sweep().catch((e) => this.log.warn(`sweep: ${(e as Error).message}`)), this.env.SWEEP_INTERVAL_MS);
    await this.sweep().catch((e) => this.log.warn(`first sweep: ${(e as Error).message}`));
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Returns how many items were marked overdue. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      let total = 0;
      for (;;) {
        const { marked } = await this.commands.execute(new MarkSupervisionsOverdue(500));
        total += marked;
        if (marked < 500) break;
      }
      if (total) this.log.log(`${total} supervision item(s) overdue`);
      return total;
    } finally {
      this.running = false;
    }
  }
}
