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
    CalendarStore, ComputeDeadlineHandler, GetTimeLimitsHandler,
    ImportCalendarYearHandler, EditCalendarDayHandler, PreviewCalendarNoticeHandler, ApplyCalendarNoticeHandler, ListCalendarYearsHandler, GetCalendarYearHandler,
    ListTimeLimitPoliciesHandler, ListTimeLimitPolicyVersionsHandler, UpdateTimeLimitPolicyHandler, CountLivePolicyDeadlinesHandler,
  ],
  exports: [CalendarStore],
})
export class DeadlinesModule {}
