import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, PrismaService } from '#platform';
import { CaseWorkflow } from '../case-workflow.js';

export type OverdueOutcome = 'fired' | 'stale' | 'early' | 'missing';

/**
 * A deadline timer woke up. The row is the truth: stale versions and finished clocks are skipped, an early
 * wake-up is reported back so the job re-schedules itself, and the firing claims a unique
 * (deadline, version, rung) row in the same transaction, so a redelivered job can never act twice.
 */
export class MarkDeadlineOverdue extends Command<{ outcome: OverdueOutcome; dueAt?: Date; lateMs?: number }> {
  constructor(
    readonly deadlineId: string,
    readonly version: number,
  ) {
    super();
  }
}

@CommandHandler(MarkDeadlineOverdue)
export class MarkDeadlineOverdueHandler implements ICommandHandler<MarkDeadlineOverdue> {
  constructor(
    private readonly prisma: PrismaService,
    private readonly wf: CaseWorkflow,
    private readonly clock: Clock,
  ) {}

  async execute({ deadlineId, version }: MarkDeadlineOverdue) {
    const d = await this.prisma.deadline.findUnique({ where: { id: deadlineId } });
    if (!d) return { outcome: 'missing' as const };
    if (d.version !== version || d.state !== 'running') return { outcome: 'stale' as const };
    if (d.dueAt.getTime() >= this.clock.now().getTime()) return { outcome: 'early' as const, dueAt: d.dueAt };
    let lateMs = 0;
    const fired = await this.wf.transition(
      d.caseId,
      null,
      (c, ctx) => c.markOverdue(deadlineId, version, ctx),
      async (tx, ctx) => {
        lateMs = Math.max(0, ctx.now.getTime() - d.dueAt.getTime());
        await tx.deadlineFiring.create({ data: { deadlineId, version, rung: 'due', firedAt: ctx.now, lateMs: Math.min(lateMs, 2 ** 31 - 1) } });
      },
    );
    return fired ? { outcome: 'fired' as const, lateMs } : { outcome: 'stale' as const };
  }
}
