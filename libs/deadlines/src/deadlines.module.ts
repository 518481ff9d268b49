import { CalendarImpact, CalendarRepository } from './application/ports.js';
import { PrismaCalendarImpact, PrismaCalendarRepository } from './infrastructure/prisma-calendar.repository.js';
import { Module } from '@nestjs/common';
import {
  EditCalendarDayHandler, GetCalendarYearHandler, ImportCalendarYearHandler, ListCalendarYearsHandler,
} from './application/calendar.commands.js';
import { ApplyCalendarNoticeHandler, PreviewCalendarNoticeHandler } from './application/calendar-notice.commands.js';
import { ComputeDeadlineHandler, GetTimeLimitsHandler } from './application/deadline.queries.js';
import { CountLivePolicyDeadlinesHandler, ListTimeLimitPoliciesHandler, ListTimeLimitPolicyVersionsHandler, UpdateTimeLimitPolicyHandler } from './application/policy.commands.js';
import { CalendarStore } from './infrastructure/calendar.store.js';

@Module({
  providers: [
    CalendarStore,
    { provide: CalendarRepository, useClass: PrismaCalendarRepository }, { provide: CalendarImpact, useClass: PrismaCalendarImpact }, ComputeDeadlineHandler, GetTimeLimitsHandler,
    ImportCalendarYearHandler, EditCalendarDayHandler, PreviewCalendarNoticeHandler, ApplyCalendarNoticeHandler, ListCalendarYearsHandler, GetCalendarYearHandler,
    ListTimeLimitPoliciesHandler, ListTimeLimitPolicyVersionsHandler, UpdateTimeLimitPolicyHandler, CountLivePolicyDeadlinesHandler,
  ],
  exports: [CalendarStore],
})
export class DeadlinesModule {}
