import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock } from '#platform';
import { ClockArming, FireDeadlineRungs } from '#deadlines-nest';
import { SUPERVISION_REPLY_POLICY } from '#cases-nest';

const PAGE = 500;

/**
 * 督办/催办 items past their response deadline and unanswered are marked overdue — by the clock engine: an item's reply
 * is a clock (`SupervisionClockSubject`), armed and swept with every other clock by `DeadlineProcessor`. This asks the
 * engine for the reply clocks whose `due` has come and fires them now (at start, and on demand); it holds no rule.
 */
@Injectable()
export class SupervisionSweeper {
  private readonly log = new Logger('supervisions');
  private running = false;

  constructor(private readonly commands: CommandBus, private readonly arming: ClockArming, private readonly clock: Clock) {}

  async start(): Promise<void> {
    await this.sweep().catch((e) => this.log.warn(`first sweep: ${(e as Error).message}`));
  }

  stop(): void {}

  /** Returns how many items were marked overdue. */
  async sweep(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      let total = 0;
      const isReply = (p: { regime: string; caseType: string; step: string }) =>
        p.regime === SUPERVISION_REPLY_POLICY.regime && p.caseType === SUPERVISION_REPLY_POLICY.caseType && p.step === SUPERVISION_REPLY_POLICY.step;
      for (;;) {
        const refs = await this.arming.pastUnclaimed(this.clock.now(), PAGE, isReply);
        if (!refs.length) break;
        const fired = (await this.commands.execute(new FireDeadlineRungs(refs))).filter((r) => r.outcome === 'fired').length;
        total += fired;
        if (refs.length < PAGE || fired === 0) break;
      }
      if (total) this.log.log(`${total} supervision item(s) overdue`);
      return total;
    } finally {
      this.running = false;
    }
  }
}
