import { calendarChangeBasis } from '../../domain/notice-text.js';
import { type CalendarChangeEntry, CalendarChanges } from '../ports.js';
import type { Reprojection } from './clock-subject.js';

/** A calendar change as a subject re-projects it: the journal row and the basis every move is journalled with. */
export interface CalendarMove extends CalendarChangeEntry {
  /** The rule text of each move's timeline event ("why this date"). */
  cause: string;
}

/**
 * The engine's half of a subject's re-projection (`ClockSubject.reproject`): reads the change (an unknown one moves
 * nothing) and names its basis; the subject says which of its live clocks the change's year can move and how it
 * journals and re-arms them (`reproject`).
 */
export abstract class SubjectReprojection {
  constructor(private readonly changes: CalendarChanges) {}

  async run(changeId: string): Promise<Reprojection> {
    const change = await this.changes.find(changeId);
    if (!change) return { subjects: 0, moved: 0 };
    return this.reproject({ ...change, cause: calendarChangeBasis(change) });
  }

  protected abstract reproject(change: CalendarMove): Promise<Reprojection>;
}
