import { Injectable } from '@nestjs/common';
import { PrismaService, ReadThrough } from '#platform';
import { WorkingCalendar } from '../domain/calendar.js';
import type { PeriodUnit } from '../domain/period.js';
import type { CaseType, ClockStart, Regime, TimeLimitPolicy } from '../domain/policy.js';
import type { LadderRung } from '../domain/clock.js';

const TTL_MS = 5_000;
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The database calendar and time-limit policies, cached briefly: both are small, read on every command,
 * and edited rarely (an edit elsewhere is seen within TTL_MS; this process's own edits call invalidate()). Concurrent
 * misses share one read (ReadThrough).
 */
@Injectable()
export class CalendarStore {
  private readonly cal = new ReadThrough<WorkingCalendar>(TTL_MS, () => this.readCalendar());
  private readonly pol = new ReadThrough<TimeLimitPolicy[]>(TTL_MS, () => this.readPolicies());

  constructor(private readonly prisma: PrismaService) {}

  invalidate(): void {
    this.cal.invalidate();
    this.pol.invalidate();
  }

  calendar(): Promise<WorkingCalendar> {
    return this.cal.get();
  }

  policies(): Promise<TimeLimitPolicy[]> {
    return this.pol.get();
  }

  private async readCalendar(): Promise<WorkingCalendar> {
    const [days, years] = await Promise.all([
      this.prisma.calendarDay.findMany({ where: { region: '' } }),
      this.prisma.calendarYear.findMany(),
    ]);
    const version = years.map((y) => `${y.year}.${y.version}`).sort().join(',') || 'empty';
    const value = new WorkingCalendar(
      days.map((d) => ({ date: isoDate(d.date), kind: d.kind as 'holiday' | 'workday', name: d.name })),
      years.map((y) => y.year),
      version,
    );
    return value;
  }

  private async readPolicies(): Promise<TimeLimitPolicy[]> {
    const rows = await this.prisma.timeLimitPolicy.findMany({ orderBy: [{ caseType: 'asc' }, { step: 'asc' }] });
    const value = rows.map<TimeLimitPolicy>((r) => ({
      id: r.id,
      regime: r.regime as Regime | 'LOCAL',
      caseType: r.caseType as CaseType,
      step: r.step,
      amount: r.amount,
      unit: r.unit as PeriodUnit,
      startsAt: r.startsAt as ClockStart,
      legalBasis: r.legalBasis,
      effectiveFrom: isoDate(r.effectiveFrom),
      effectiveTo: r.effectiveTo ? isoDate(r.effectiveTo) : null,
      enabled: r.enabled,
      version: r.version,
      ladder: (r.ladder as LadderRung[] | null) ?? undefined,
      pauseReasons: r.pauseReasons,
      maxExtensions: r.maxExtensions,
      maxExtensionUnits: r.maxExtensionUnits,
      extensionBasis: r.extensionBasis ?? undefined,
    }));
    return value;
  }
}
