// The clock side of scheduling report dues, shared by the plan import and the schedule change.
import { Injectable } from '@nestjs/common';
import { Clock, Outbox, type Tx } from '#platform';
import type { LadderRung, TimeLimitPolicy, WorkingCalendar } from '#deadlines';
import { CalendarStore } from '#deadlines-nest';
import { reportRungTimes, type ReportDueTimes } from '../domain/reporting.js';
import { reportTimerEntries } from './timeline.js';

/** A report due's clock as it is armed: its id, its version (1 when opened, the next one when revived), its times. */
export interface ArmedReportDue { deadlineId: string; version: number; times: ReportDueTimes }

/**
 * Now, the calendar and policies report dues are computed on, and arming their rungs on the policy's ladder in the
 * caller's transaction (`deadline.arm` through the outbox; the relay turns them into BullMQ jobs).
 */
@Injectable()
export class ReportDueArming {
  constructor(private readonly clock: Clock, private readonly calendars: CalendarStore, private readonly outbox: Outbox) {}

  now(): Date {
    return this.clock.now();
  }

  async rules(): Promise<{ calendar: WorkingCalendar; policies: TimeLimitPolicy[] }> {
    const [calendar, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    return { calendar, policies };
  }

  async arm(tx: Tx, dues: readonly ArmedReportDue[], ladder: readonly LadderRung[], calendar: WorkingCalendar, correlationId?: string): Promise<void> {
    const timers = dues.flatMap((d) => reportRungTimes(d.times, ladder, calendar).map((r) => ({ deadlineId: d.deadlineId, version: d.version, ...r })));
    await this.outbox.append(tx, reportTimerEntries(timers, correlationId));
  }
}
