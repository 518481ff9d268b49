import { CalendarChanges, CalendarImpact, CalendarRepository, PolicyRepository } from './application/ports.js';
import { PrismaPolicyRepository } from './infrastructure/prisma-policy.repository.js';
import { PrismaCalendarChanges, PrismaCalendarImpact, PrismaCalendarRepository } from './infrastructure/prisma-calendar.repository.js';
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import {
  CalendarEdits, EditCalendarDayHandler, GetCalendarYearHandler, ImportCalendarYearHandler, ListCalendarYearsHandler,
} from './application/calendar.commands.js';
import { ApplyCalendarNoticeHandler, PreviewCalendarNoticeHandler } from './application/calendar-notice.commands.js';
import { ComputeDeadlineHandler, GetTimeLimitsHandler } from './application/deadline.queries.js';
import { CountLivePolicyDeadlinesHandler, ListTimeLimitPoliciesHandler, ListTimeLimitPolicyVersionsHandler, UpdateTimeLimitPolicyHandler } from './application/policy.commands.js';
import { CalendarStore } from './infrastructure/calendar.store.js';
import { RungClaim } from './infrastructure/rung-claim.js';
import { ClockRows } from './infrastructure/clock-rows.js';
import { ClockSubjects } from './application/engine/clock-subjects.js';
import { FireDeadlineRungHandler, FireDeadlineRungsHandler } from './application/engine/fire-rungs.handler.js';
import { RecomputeDeadlinesHandler } from './application/engine/recompute-deadlines.handler.js';
import { LiveClocks } from './application/engine/live-clocks.js';
import { PrismaLiveClocks } from './infrastructure/prisma-live-clocks.js';

@Module({
  imports: [DiscoveryModule],
  providers: [
    CalendarStore,
    { provide: CalendarRepository, useClass: PrismaCalendarRepository }, { provide: CalendarImpact, useClass: PrismaCalendarImpact }, ComputeDeadlineHandler, GetTimeLimitsHandler,
    CalendarEdits, ImportCalendarYearHandler, EditCalendarDayHandler, PreviewCalendarNoticeHandler, ApplyCalendarNoticeHandler, ListCalendarYearsHandler, GetCalendarYearHandler,
    { provide: PolicyRepository, useClass: PrismaPolicyRepository }, ListTimeLimitPoliciesHandler, ListTimeLimitPolicyVersionsHandler, UpdateTimeLimitPolicyHandler, CountLivePolicyDeadlinesHandler,
    // issue 12: the clock engine — subjects plug in as ClockSubject providers (found by ClockSubjects); one fire use case, one claim.
    ClockSubjects, ClockRows, RungClaim, FireDeadlineRungsHandler, FireDeadlineRungHandler, { provide: CalendarChanges, useClass: PrismaCalendarChanges }, RecomputeDeadlinesHandler,
    { provide: LiveClocks, useClass: PrismaLiveClocks },
  ],
  exports: [CalendarStore, CalendarChanges, ClockSubjects, ClockRows, RungClaim, FireDeadlineRungsHandler, LiveClocks],
})
export class DeadlinesModule {}
