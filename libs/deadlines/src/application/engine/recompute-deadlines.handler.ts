import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CalendarStore } from '../../infrastructure/calendar.store.js';
import { CalendarChanges } from '../ports.js';
import type { Reprojection } from './clock-subject.js';
import { ClockSubjects } from './clock-subjects.js';

export interface RecomputeResult {
  /** Clocks moved, all subjects. */
  moved: number;
  /** Per subject (`case`, `reportDue`, …). */
  bySubject: Record<string, Reprojection>;
}

/**
 * After a calendar change (job `calendar.recompute`): every subject re-projects its live clocks the changed year can
 * affect (`ClockSubject.reproject`), journaling each move; the change row records how many moved. Idempotent: a
 * second run finds nothing to move.
 */
export class RecomputeDeadlines extends Command<RecomputeResult> {
  constructor(readonly changeId: string) { super(); }
}

@CommandHandler(RecomputeDeadlines)
export class RecomputeDeadlinesHandler implements ICommandHandler<RecomputeDeadlines> {
  constructor(private readonly subjects: ClockSubjects, private readonly calendars: CalendarStore, private readonly changes: CalendarChanges) {}

  async execute({ changeId }: RecomputeDeadlines): Promise<RecomputeResult> {
    const out: RecomputeResult = { moved: 0, bySubject: {} };
    if (!(await this.changes.find(changeId))) return out;
    this.calendars.invalidate();
    for (const s of this.subjects.all()) {
      if (!s.reproject) continue;
      const r = await s.reproject(changeId);
      out.bySubject[s.name] = r;
      out.moved += r.moved;
    }
    await this.changes.recorded(changeId, out.moved);
    return out;
  }
}
