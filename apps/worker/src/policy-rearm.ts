import { Injectable, Logger } from '@nestjs/common';
import { PrismaService, type JobMap } from '#platform';
import { DEFAULT_LADDER, liveRungs, type PeriodUnit } from '#deadlines';
import { CalendarStore } from '#deadlines-nest';
import { DeadlineTimers } from './deadline-timers.js';

export interface PolicyRearmResult { deadlines: number; armed: number; retimed: number; cancelled: number }

/**
 * An admin changed a policy's ladder (`policy.changed` → job `policy.rearm`): its live clocks get the new ladder
 * now, not at the next restart. Rungs are read at firing time (`decideRung` via `ladderFor`), so this only moves
 * wake-ups: added rungs are armed, moved ones re-timed, removed ones cancelled. The same selection and arming rule
 * as `DeadlineProcessor.reconcile`, for one policy's clocks.
 */
@Injectable()
export class PolicyRearm {
  private readonly log = new Logger('policy-rearm');

  constructor(private readonly prisma: PrismaService, private readonly timers: DeadlineTimers, private readonly calendars: CalendarStore) {}

  async run(job: JobMap['policy.rearm']): Promise<PolicyRearmResult> {
    // The edit was made by the API: this process's cached policies are older than it.
    this.calendars.invalidate();
    const [cal, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const policy = policies.find((p) => p.id === job.policyId);
    const out: PolicyRearmResult = { deadlines: 0, armed: 0, retimed: 0, cancelled: 0 };
    if (!policy) return out;
    // Against the ladder as it is now, whatever edit this job is for (a later one may have changed it again): every
    // rung is armed (a no-op for a job still in Redis), moved rungs still on it are re-timed, removed ones cancelled.
    const ladder = policy.ladder ?? DEFAULT_LADDER;
    const kept = new Set(ladder.map((r) => r.rung));
    const removed = job.removed.filter((r) => !kept.has(r));
    const pick = (names: readonly string[]) => ladder.filter((r) => names.includes(r.rung));
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.prisma.deadline.findMany({
        where: { policyId: job.policyId, id: { gt: after }, metAt: null, state: { in: ['running', 'overdue'] } },
        select: { id: true, version: true, dueAt: true, dueDate: true, unit: true, state: true },
        orderBy: { id: 'asc' },
        take: 2000,
      });
      if (!rows.length) break;
      const timersOf = (rungs: typeof ladder) => rows.flatMap((d) =>
        liveRungs(cal, { state: d.state, unit: d.unit as PeriodUnit, dueAt: d.dueAt, dueDate: d.dueDate.toISOString().slice(0, 10) }, rungs)
          .map((r) => ({ deadlineId: d.id, version: d.version, rung: r.rung, fireAt: r.fireAt.toISOString() })));
      const added = timersOf(ladder);
      await this.timers.arm(added);
      out.armed += added.length;
      out.retimed += await this.timers.retime(timersOf(pick(job.moved)));
      out.cancelled += await this.timers.cancel(rows.flatMap((d) => removed.map((rung) => ({ deadlineId: d.id, version: d.version, rung }))));
      out.deadlines += rows.length;
      after = rows[rows.length - 1]!.id;
    }
    this.log.log(`policy ${job.policyId} v${job.version}: ${out.deadlines} live deadline(s), ${out.armed} rung(s) armed, ${out.retimed} re-timed, ${out.cancelled} cancelled`);
    return out;
  }
}
