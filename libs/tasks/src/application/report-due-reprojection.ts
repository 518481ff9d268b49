import { Injectable } from '@nestjs/common';
import { Clock, Outbox, UnitOfWork } from '#platform';
import { reportLadder, rescheduleReportDue } from '../domain/reporting.js';
import { type CalendarMove, CalendarChanges, CalendarStore, type Reprojection, SubjectReprojection } from '#deadlines-nest';
import { liveRungs, toChinaIso } from '#deadlines';
import { reportTimerEntries } from './timeline.js';
import { ReportDueClocks, TaskRepository } from './ports.js';

/**
 * The report-due subject's re-projection (the engine's `RecomputeDeadlines` calls it through
 * `ReportDueClockSubject.reproject`): after a calendar change, re-compute every live report-due clock the changed
 * year can affect, journal each move on its task's timeline (`ReportDueMoved`, the change as the rule) and re-arm
 * its rungs at the new version through the outbox. Idempotent: a second run finds nothing to move.
 */
@Injectable()
export class ReportDueReprojection extends SubjectReprojection {
  constructor(
    changes: CalendarChanges, private readonly clocks: ReportDueClocks, private readonly tasks: TaskRepository, private readonly uow: UnitOfWork,
    private readonly outbox: Outbox, private readonly clock: Clock, private readonly calendars: CalendarStore,
  ) {
    super(changes);
  }

  protected async reproject(change: CalendarMove): Promise<Reprojection> {
    const candidates = await this.clocks.liveIn(new Date(`${change.year}-01-01T00:00:00Z`), new Date(`${change.year}-12-31T00:00:00Z`));
    const [calendar, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const { cause, id: changeId } = change;
    const tasks = new Set<string>();
    let moved = 0;
    for (const id of candidates) {
      await this.uow.run(async (tx) => {
        const d = await this.clocks.lock(tx, id);
        if (!d) return;
        const now = this.clock.now();
        const r = rescheduleReportDue(d, calendar, now);
        if (!r) return;
        await this.clocks.reschedule(tx, d, r);
        if (!r.moved) return;
        moved++;
        tasks.add(d.taskId);
        await this.tasks.appendEvents(tx, [{
          taskId: d.taskId, type: 'ReportDueMoved', actorId: null, unitId: null, at: now, rule: cause,
          data: {
            dueId: d.reportDueId, deadlineId: d.id, period: d.period, changeId, calendarVersion: calendar.version, reopened: r.reopened,
            from: { dueDate: d.dueDate, dueAt: toChinaIso(d.dueAt) }, to: { dueDate: r.dueDate, dueAt: toChinaIso(r.dueAt) },
          },
        }]);
        const ladder = reportLadder(policies, d.policyId);
        await this.outbox.append(tx, reportTimerEntries(
          liveRungs(calendar, { state: r.state, unit: 'workingDays', dueAt: r.dueAt, dueDate: r.dueDate }, ladder)
            .map((x) => ({ deadlineId: d.id, version: r.version, ...x })),
        ));
      });
    }
    return { subjects: tasks.size, moved };
  }
}
