import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { computeDue, endOfChinaDayIso, type LocalDate, type PeriodUnit } from '../domain/index.js';
import { policiesFor, type CaseType, type ClockStart, type Regime } from '../domain/policy.js';
import { CalendarStore } from '../infrastructure/calendar.store.js';

export interface DeadlineAnswer { dueDate: LocalDate; dueAt: string; calendarGaps: number[]; provisional: boolean }

/** "If the period starts on `from`, when does it end?" — what operators tell callers. */
export class ComputeDeadline extends Query<DeadlineAnswer> {
  constructor(readonly from: LocalDate, readonly amount: number, readonly unit: Exclude<PeriodUnit, 'hours'>) { super(); }
}

@QueryHandler(ComputeDeadline)
export class ComputeDeadlineHandler implements IQueryHandler<ComputeDeadline> {
  constructor(private readonly store: CalendarStore) {}
  async execute(q: ComputeDeadline): Promise<DeadlineAnswer> {
    const due = computeDue(await this.store.calendar(), q.from, q.amount, q.unit);
    return { dueDate: due.dueDate, dueAt: endOfChinaDayIso(due.dueDate), calendarGaps: due.calendarGaps, provisional: due.provisional };
  }
}

export interface TimeLimitsAnswer {
  regime: Regime | null;
  receivedAt: LocalDate;
  steps: { step: string; amount: number; unit: PeriodUnit; startsAt: ClockStart; legalBasis: string; regime: string; effectiveFrom: LocalDate; effectiveTo: LocalDate | null }[];
}

/** The policy set in force for an item received that day (the regime is keyed on receipt). */
export class GetTimeLimits extends Query<TimeLimitsAnswer> {
  constructor(readonly caseType: CaseType, readonly receivedAt: LocalDate) { super(); }
}

@QueryHandler(GetTimeLimits)
export class GetTimeLimitsHandler implements IQueryHandler<GetTimeLimits> {
  constructor(private readonly store: CalendarStore) {}
  async execute(q: GetTimeLimits): Promise<TimeLimitsAnswer> {
    const set = policiesFor(await this.store.policies(), q.caseType, q.receivedAt);
    return {
      regime: set.regime,
      receivedAt: q.receivedAt,
      steps: set.steps.map((p) => ({
        step: p.step, amount: p.amount, unit: p.unit, startsAt: p.startsAt, legalBasis: p.legalBasis, regime: p.regime,
        effectiveFrom: p.effectiveFrom, effectiveTo: p.effectiveTo,
      })),
    };
  }
}
