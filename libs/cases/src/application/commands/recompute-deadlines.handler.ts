import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { PrismaService } from '#platform';
import { CalendarStore } from '#deadlines-nest';
import { RecomputeReportDeadlines } from '#tasks-nest';
import { CaseWorkflow } from '../case-workflow.js';

/**
 * After a calendar change: re-compute every live deadline the changed year can affect, journal each move on its
 * case, and re-arm timers (through the outbox). Idempotent: a second run finds nothing to move.
 */
export class RecomputeDeadlines extends Command<{ cases: number; moved: number; reportDues: number }> {
  constructor(readonly changeId: string) { super(); }
}

@CommandHandler(RecomputeDeadlines)
export class RecomputeDeadlinesHandler implements ICommandHandler<RecomputeDeadlines> {
  constructor(
    private readonly prisma: PrismaService,
    private readonly wf: CaseWorkflow,
    private readonly calendars: CalendarStore,
    // Optional for hand-wired callers: without it, work-plan report dues are not recomputed.
    private readonly commands?: CommandBus,
  ) {}

  async execute({ changeId }: RecomputeDeadlines) {
    const change = await this.prisma.calendarChange.findUnique({ where: { id: changeId } });
    if (!change) return { cases: 0, moved: 0, reportDues: 0 };
    this.calendars.invalidate();
    const from = new Date(`${change.year}-01-01T00:00:00Z`);
    const to = new Date(`${change.year}-12-31T00:00:00Z`);
    const rows = await this.prisma.deadline.findMany({
      where: {
        caseId: { not: null },
        metAt: null,
        state: { in: ['running', 'paused', 'overdue'] },
        startDate: { lte: to },
        OR: [{ dueDate: { gte: from } }, { calendarGap: true }],
      },
      select: { caseId: true },
      distinct: ['caseId'],
    });
    const cause = `日历变更：${change.year}年第${change.version}版（${change.action === 'import' ? '导入放假通知' : '调整单日'}）`;
    let moved = 0;
    for (const { caseId } of rows) {
      await this.wf.transition(caseId!, null, (c, ctx) => {
        const n = c.recomputeDeadlines(ctx, cause);
        moved += n;
        return n > 0;
      });
    }
    // Work-plan report dues run on the same clocks (issue 7): moved and journaled on their task timelines.
    const reports = this.commands ? await this.commands.execute(new RecomputeReportDeadlines(changeId)) : { tasks: 0, moved: 0 };
    await this.prisma.calendarChange.update({ where: { id: changeId }, data: { recomputed: moved + reports.moved } });
    return { cases: rows.length, moved, reportDues: reports.moved };
  }
}
