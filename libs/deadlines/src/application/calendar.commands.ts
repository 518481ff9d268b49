import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, InvalidInput, Outbox, UnitOfWork, type CalendarChangedPayload, type Tx } from '#platform';
import { isLocalDate, weekday } from '../domain/china-time.js';
import { parseNotice } from '../domain/calendar-import.js';
import { PROVISIONAL_FIRST_YEAR, PROVISIONAL_LAST_YEAR, provisionalYear } from '../domain/statutory.js';
import { CalendarStore } from '../infrastructure/calendar.store.js';
import { CalendarRepository } from './ports.js';

export interface CalendarChangeResult { changeId: string; year: number; version: number; days: number }

/** Load (or reload) a year's official notice. Replaces that year's entries; live deadlines are recomputed by the worker. */
export class ImportCalendarYear extends Command<CalendarChangeResult> {
  constructor(readonly year: number, readonly format: 'json' | 'ics', readonly content: string, readonly source: string, readonly actorId: string) { super(); }
}

/** Edit one day: holiday, make-up working day, or back to the Mon–Fri rule ('normal'). */
export class EditCalendarDay extends Command<CalendarChangeResult> {
  constructor(readonly date: string, readonly kind: 'holiday' | 'workday' | 'normal', readonly name: string, readonly actorId: string) { super(); }
}

/**
 * Every change to the working calendar (import, edit, notice): written in one transaction with its journal row, which
 * bumps the year's version and queues the recompute of live deadlines (calendar.changed); then the cached calendar
 * is dropped.
 */
@Injectable()
export class CalendarEdits {
  constructor(
    private readonly uow: UnitOfWork, private readonly outbox: Outbox, private readonly clock: Clock, private readonly store: CalendarStore,
    private readonly calendars: CalendarRepository,
  ) {}

  /** `write` changes the days and returns the journal's detail. */
  async record(year: number, action: string, actorId: string, write: (tx: Tx, now: Date) => Promise<object>): Promise<CalendarChangeResult> {
    const now = this.clock.now();
    const r = await this.uow.run(async (tx) => {
      const detail = await write(tx, now);
      const { changeId, version } = await this.calendars.journal(tx, year, action, detail, actorId, now);
      await this.outbox.append(tx, [{ topic: 'calendar.changed', payload: { changeId, year } satisfies CalendarChangedPayload }]);
      return { changeId, year, version, days: 0 };
    });
    this.store.invalidate();
    return r;
  }
}

@CommandHandler(ImportCalendarYear)
export class ImportCalendarYearHandler implements ICommandHandler<ImportCalendarYear> {
  constructor(private readonly edits: CalendarEdits, private readonly calendars: CalendarRepository) {}
  async execute(c: ImportCalendarYear): Promise<CalendarChangeResult> {
    const parsed = parseNotice(c.year, c.format, c.content);
    if (!parsed.ok) throw new InvalidInput(parsed.issues.map((i) => ({ field: i.field, code: 'CALENDAR_INVALID', message: i.message })));
    const r = await this.edits.record(c.year, 'import', c.actorId, async (tx, now) => {
      // The year is replaced; the days it names in December of the year before replace what was there.
      await this.calendars.replaceDays(tx, c.year, parsed.entries.map((e) => ({ date: e.date, kind: e.kind, name: e.name ?? '' })));
      await this.calendars.markYearLoaded(tx, c.year, c.source, now, true);
      const holidays = parsed.entries.filter((e) => e.kind === 'holiday').length;
      return { format: c.format, source: c.source, holidays, workdays: parsed.entries.length - holidays };
    });
    return { ...r, days: parsed.entries.length };
  }
}

@CommandHandler(EditCalendarDay)
export class EditCalendarDayHandler implements ICommandHandler<EditCalendarDay> {
  constructor(private readonly edits: CalendarEdits, private readonly calendars: CalendarRepository) {}
  async execute(c: EditCalendarDay): Promise<CalendarChangeResult> {
    if (!isLocalDate(c.date)) throw new InvalidInput([{ field: 'date', code: 'CALENDAR_INVALID', message: '日期格式应为 YYYY-MM-DD' }]);
    const wd = weekday(c.date);
    if (c.kind === 'workday' && wd !== 0 && wd !== 6)
      throw new InvalidInput([{ field: 'kind', code: 'CALENDAR_INVALID', message: `${c.date} 本是工作日，无需设为调休上班` }]);
    const r = await this.edits.record(Number(c.date.slice(0, 4)), 'edit', c.actorId, async (tx) => {
      const before = await this.calendars.setDay(tx, c.date, c.kind, c.name);
      return { date: c.date, from: before, to: c.kind, name: c.name };
    });
    return { ...r, days: 1 };
  }
}

export interface CalendarYearView { year: number; loaded: boolean; version: number; source: string | null; loadedAt: string | null; holidays: number; workdays: number }

export class ListCalendarYears extends Query<CalendarYearView[]> {}

@QueryHandler(ListCalendarYears)
export class ListCalendarYearsHandler implements IQueryHandler<ListCalendarYears> {
  constructor(private readonly calendars: CalendarRepository) {}
  async execute(): Promise<CalendarYearView[]> {
    const [years, counts] = await Promise.all([this.calendars.years(), this.calendars.dayCounts()]);
    const n = (y: number, k: string) => Number(counts.find((c) => c.year === y && c.kind === k)?.n ?? 0);
    return years.map((y) => ({
      year: y.year, loaded: true, version: y.version, source: y.source, loadedAt: y.loadedAt.toISOString(), holidays: n(y.year, 'holiday'), workdays: n(y.year, 'workday'),
    }));
  }
}

export class GetCalendarYear extends Query<{ year: number; loaded: boolean; version: number; days: { date: string; kind: string; name: string }[]; provisional: { date: string; name: string }[]; changes: { at: string; action: string; version: number; detail: unknown; recomputed: number }[] }> {
  constructor(readonly year: number) { super(); }
}

@QueryHandler(GetCalendarYear)
export class GetCalendarYearHandler implements IQueryHandler<GetCalendarYear> {
  constructor(private readonly calendars: CalendarRepository) {}
  async execute({ year }: GetCalendarYear) {
    const [y, days, changes] = await Promise.all([this.calendars.year(year), this.calendars.days(year), this.calendars.changes(year)]);
    return {
      year, loaded: !!y, version: y?.version ?? 0,
      days,
      provisional: y || year < PROVISIONAL_FIRST_YEAR || year > PROVISIONAL_LAST_YEAR ? [] : provisionalYear(year).map((e) => ({ date: e.date, name: e.name ?? '' })),
      changes: changes.map((c) => ({ at: c.at.toISOString(), action: c.action, version: c.version, detail: c.detail, recomputed: c.recomputed })),
    };
  }
}
