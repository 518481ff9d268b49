import { Injectable } from '@nestjs/common';
import { Clock, Outbox, PrismaService, UnitOfWork } from '#platform';
import { type ReportClockView, reportLadder, rescheduleReportDue } from '../domain/reporting.js';
import { CalendarStore, type Reprojection } from '#deadlines-nest';
import { calendarChangeBasis, liveRungs, toChinaIso } from '#deadlines';
import { appendTaskEvents, reportTimerEntries } from './timeline.js';

/**
 * The report-due subject's re-projection (the engine's `RecomputeDeadlines` calls it through
 * `ReportDueClockSubject.reproject`): after a calendar change, re-compute every live report-due clock the changed
 * year can affect, journal each move on its task's timeline (`ReportDueMoved`, the change as the rule) and re-arm
 * its rungs at the new version through the outbox. Idempotent: a second run finds nothing to move.
 */

interface Row {
  id: string; report_due_id: string; task_id: string; period: string; state: ReportClockView['state']; version: number; start_at: Date;
  amount: number; extended: number; due_at: Date; due_date: string; met_at: Date | null; calendar_gap: boolean; policy_id: string;
}

@Injectable()
export class ReportDueReprojection {
  constructor(
    private readonly prisma: PrismaService,
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly calendars: CalendarStore,
  ) {}

  async run(changeId: string): Promise<Reprojection> {
    const change = await this.prisma.calendarChange.findUnique({ where: { id: changeId } });
    if (!change) return { subjects: 0, moved: 0 };
    const from = new Date(`${change.year}-01-01T00:00:00Z`);
    const to = new Date(`${change.year}-12-31T00:00:00Z`);
    const candidates = await this.prisma.deadline.findMany({
      where: {
        reportDueId: { not: null }, metAt: null, state: { in: ['running', 'overdue'] }, startDate: { lte: to },
        OR: [{ dueDate: { gte: from } }, { calendarGap: true }],
      },
      select: { id: true },
    });
    const [calendar, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const cause = calendarChangeBasis(change);
    const tasks = new Set<string>();
    let moved = 0;
    for (const { id } of candidates) {
      await this.uow.run(async (tx) => {
        const [d] = await tx.$queryRaw<Row[]>`
          SELECT d.id, d.report_due_id, r.task_id, r.period, d.state, d.version, d.start_at, d.amount, d.extended, d.due_at,
                 to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.met_at, d.calendar_gap, d.policy_id
          FROM deadlines d JOIN work_report_dues r ON r.id = d.report_due_id
          WHERE d.id = ${id}::uuid FOR UPDATE OF d`;
        if (!d) return;
        const now = this.clock.now();
        const r = rescheduleReportDue(
          { state: d.state, version: d.version, startAt: d.start_at, amount: d.amount, extended: d.extended, dueAt: d.due_at, dueDate: d.due_date, metAt: d.met_at, calendarGap: d.calendar_gap },
          calendar, now,
        );
        if (!r) return;
        await tx.deadline.update({
          where: { id: d.id },
          data: {
            dueDate: new Date(`${r.dueDate}T00:00:00Z`), dueAt: r.dueAt, calendarGap: r.calendarGap, version: r.version, state: r.state,
            ...(r.reopened ? { overdueAt: null } : {}),
          },
        });
        if (r.reopened) await tx.workReportDue.update({ where: { id: d.report_due_id }, data: { state: 'running', overdueAt: null, escalatedAt: null } });
        if (!r.moved) return;
        moved++;
        tasks.add(d.task_id);
        await appendTaskEvents(tx, [{
          taskId: d.task_id, type: 'ReportDueMoved', actorId: null, unitId: null, at: now, rule: cause,
          data: {
            dueId: d.report_due_id, deadlineId: d.id, period: d.period, changeId, calendarVersion: calendar.version, reopened: r.reopened,
            from: { dueDate: d.due_date, dueAt: toChinaIso(d.due_at) }, to: { dueDate: r.dueDate, dueAt: toChinaIso(r.dueAt) },
          },
        }]);
        const ladder = reportLadder(policies, d.policy_id);
        await this.outbox.append(tx, reportTimerEntries(
          liveRungs(calendar, { state: r.state, unit: 'workingDays', dueAt: r.dueAt, dueDate: r.dueDate }, ladder)
            .map((x) => ({ deadlineId: d.id, version: r.version, ...x })),
        ));
      });
    }
    return { subjects: tasks.size, moved };
  }
}
