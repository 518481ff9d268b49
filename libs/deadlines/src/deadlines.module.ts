import { Module } from '@nestjs/common';
import { ComputeDeadlineHandler, GetTimeLimitsHandler } from './application/deadline.queries.js';
import { CalendarStore } from './infrastructure/calendar.store.js';

@Module({ providers: [CalendarStore, ComputeDeadlineHandler, GetTimeLimitsHandler], exports: [CalendarStore] })
export class DeadlinesModule {}
