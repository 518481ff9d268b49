import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, PrismaService, type Rung } from '#platform';
import { Prisma } from '#prisma-client';
import { CalendarStore } from '#deadlines-nest';
import { OrgStore } from '#org-nest';
import type { RungEffect } from '../../domain/case.js';
import { CaseWorkflow } from '../case-workflow.js';
import { Notifier } from '../notifier.js';

export type RungOutcome = 'fired' | 'stale' | 'early' | 'missing' | 'duplicate';

/**
 * A timer rung woke up. The row is the truth: stale versions and finished clocks are skipped, an early
 * wake-up is reported back (with when to wake) so the job re-schedules itself, and the firing claims a unique
 * (deadline, version, rung) row in the same transaction as its effects, so a redelivered or concurrent job can
 * never act twice.
 */
export class FireDeadlineRung extends Command<{ outcome: RungOutcome; fireAt?: Date; lateMs?: number }> {
  constructor(readonly deadlineId: string, readonly version: number, readonly rung: Rung) {
    super();
  }
}

@CommandHandler(FireDeadlineRung)
export class FireDeadlineRungHandler implements ICommandHandler<FireDeadlineRung> {
  constructor(
    private readonly prisma: PrismaService,
    private readonly wf: CaseWorkflow,
    private readonly clock: Clock,
    private readonly calendars: CalendarStore,
    private readonly org: OrgStore,
    private readonly notifier: Notifier,
  ) {}

  async execute({ deadlineId, version, rung }: FireDeadlineRung): Promise<{ outcome: RungOutcome; fireAt?: Date; lateMs?: number }> {
    let d = await this.prisma.deadline.findUnique({ where: { id: deadlineId } });
    if (d && rung !== 'due' && rung !== 'warn' && d.state === 'running' && d.version === version && d.dueAt.getTime() < this.clock.now().getTime()) {
      // Rungs are independent jobs: an escalation may be delivered before the `due` rung. Fire `due` first
      // (it claims its own row), so escalation never depends on delivery order.
      await this.execute(new FireDeadlineRung(deadlineId, version, 'due'));
      d = await this.prisma.deadline.findUnique({ where: { id: deadlineId } });
    }
    if (!d) return { outcome: 'missing' as const };
    if (d.version !== version || (d.state !== 'running' && d.state !== 'overdue')) return { outcome: 'stale' as const };
    const claimed = await this.prisma.deadlineFiring.findUnique({ where: { deadlineId_version_rung: { deadlineId, version, rung } } });
    if (claimed) return { outcome: 'duplicate' as const };
    const units = await this.org.units();
    let fireAt: Date | null = null;
    let effect: RungEffect | null = null;
    let lateMs = 0;
    try {
      await this.wf.transition(
        d.caseId,
        null,
        (c, ctx) => {
          const live = c.deadlines.find((x) => x.id === deadlineId);
          fireAt = live ? c.rungTime(live, rung, ctx) : null;
          effect = c.fireRung(deadlineId, version, rung, ctx);
          return effect !== null;
        },
        async (tx, ctx) => {
          lateMs = Math.max(0, ctx.now.getTime() - (fireAt?.getTime() ?? ctx.now.getTime()));
          await tx.deadlineFiring.create({ data: { deadlineId, version, rung, firedAt: ctx.now, lateMs: Math.min(lateMs, 2 ** 31 - 1) } });
          const c = await tx.case.findUniqueOrThrow({ where: { id: d.caseId }, select: { id: true, caseNo: true, assignedUnitId: true } });
          const due = await tx.deadline.findUniqueOrThrow({ where: { id: deadlineId }, select: { dueDate: true } });
          await this.notifier.notify(tx, effect!, { ...c, dueDate: due.dueDate.toISOString().slice(0, 10) }, units, ctx.calendar, ctx.now);
        },
      );
    } catch (e) {
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') return { outcome: 'duplicate' as const };
      throw e;
    }
    if (effect) return { outcome: 'fired' as const, lateMs };
    const at = fireAt as Date | null;
    if (at && at.getTime() > this.clock.now().getTime()) return { outcome: 'early' as const, fireAt: at };
    return { outcome: 'stale' as const };
  }
}
