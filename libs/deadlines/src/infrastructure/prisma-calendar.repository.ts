// Prisma adapters of the calendar ports: the only writer of calendar_days, calendar_years and calendar_changes (the
// commands' journal, and the count the engine's re-projection records on it).
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '#platform';
import { movableByCalendar } from './live-deadlines.where.js';
import type { PeriodUnit } from '../domain/period.js';
import { CalendarChanges, CalendarImpact, CalendarRepository, type CalendarChangeEntry, type CalendarChangeRecord, type CalendarDayEntry, type CalendarYearRecord, type NoticeClock } from '../application/ports.js';

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const NATIONAL = '';

@Injectable()
export class PrismaCalendarRepository extends CalendarRepository {
  constructor(private readonly prisma: PrismaService) { super(); }

  async replaceDays(tx: Tx, wipeYear: number | null, days: CalendarDayEntry[]): Promise<void> {
    if (wipeYear !== null) await tx.calendarDay.deleteMany({ where: { region: NATIONAL, date: { gte: day(`${wipeYear}-01-01`), lte: day(`${wipeYear}-12-31`) } } });
    await tx.calendarDay.deleteMany({ where: { region: NATIONAL, date: { in: days.map((d) => day(d.date)) } } });
    await tx.calendarDay.createMany({ data: days.map((d) => ({ region: NATIONAL, date: day(d.date), kind: d.kind, name: d.name })) });
  }
  async setDay(tx: Tx, date: string, kind: 'holiday' | 'workday' | 'normal', name: string): Promise<string> {
    const before = await tx.calendarDay.findUnique({ where: { region_date: { region: NATIONAL, date: day(date) } } });
    if (kind === 'normal') await tx.calendarDay.deleteMany({ where: { region: NATIONAL, date: day(date) } });
    else {
      const row = { region: NATIONAL, date: day(date), kind, name };
      await tx.calendarDay.upsert({ where: { region_date: { region: NATIONAL, date: day(date) } }, create: row, update: row });
    }
    return before?.kind ?? 'normal';
  }
  async markYearLoaded(tx: Tx, year: number, source: string, at: Date, overwrite: boolean): Promise<void> {
    const exists = await tx.calendarYear.findUnique({ where: { year } });
    if (exists && overwrite) await tx.calendarYear.update({ where: { year }, data: { source, loadedAt: at } });
    else if (!exists) await tx.calendarYear.create({ data: { year, version: 0, source, loadedAt: at } });
  }
  async journal(tx: Tx, year: number, action: string, detail: object, actorId: string, at: Date): Promise<{ changeId: string; version: number }> {
    const y = await tx.calendarYear.findUnique({ where: { year } });
    const version = (y?.version ?? 0) + 1;
    if (y) await tx.calendarYear.update({ where: { year }, data: { version } });
    const changeId = randomUUID();
    await tx.calendarChange.create({ data: { id: changeId, year, version, action, detail, actorId, at } });
    return { changeId, version };
  }
  years(): Promise<CalendarYearRecord[]> {
    return this.prisma.calendarYear.findMany({ orderBy: { year: 'asc' } });
  }
  async dayCounts(): Promise<{ year: number; kind: string; n: number }[]> {
    const rows = await this.prisma.$queryRaw<{ year: number; kind: string; n: bigint }[]>`
      SELECT extract(year FROM date)::int AS year, kind, count(*) AS n FROM calendar_days WHERE region = '' GROUP BY 1, 2`;
    return rows.map((r) => ({ ...r, n: Number(r.n) }));
  }
  year(year: number): Promise<CalendarYearRecord | null> {
    return this.prisma.calendarYear.findUnique({ where: { year } });
  }
  async days(year: number): Promise<CalendarDayEntry[]> {
    const rows = await this.prisma.calendarDay.findMany({ where: { region: NATIONAL, date: { gte: day(`${year}-01-01`), lte: day(`${year}-12-31`) } }, orderBy: { date: 'asc' } });
    return rows.map((d) => ({ date: d.date.toISOString().slice(0, 10), kind: d.kind as CalendarDayEntry['kind'], name: d.name }));
  }
  async changes(year: number): Promise<CalendarChangeRecord[]> {
    return this.prisma.calendarChange.findMany({ where: { year }, orderBy: { at: 'desc' }, take: 50 });
  }
}

@Injectable()
export class PrismaCalendarChanges extends CalendarChanges {
  constructor(private readonly prisma: PrismaService) { super(); }
  find(id: string): Promise<CalendarChangeEntry | null> {
    return this.prisma.calendarChange.findUnique({ where: { id }, select: { id: true, year: true, version: true, action: true, detail: true } });
  }
  async recorded(id: string, moved: number): Promise<void> {
    await this.prisma.calendarChange.update({ where: { id }, data: { recomputed: moved } });
  }
}

@Injectable()
export class PrismaCalendarImpact extends CalendarImpact {
  constructor(private readonly prisma: PrismaService) { super(); }
  async liveClocks(firstDay: string, lastDay: string): Promise<NoticeClock[]> {
    const rows = await this.prisma.deadline.findMany({
      where: movableByCalendar(day(firstDay), day(lastDay)),
      select: { id: true, caseId: true, step: true, startAt: true, amount: true, unit: true, extended: true },
    });
    const pauses = rows.length
      ? await this.prisma.deadlinePause.findMany({ where: { deadlineId: { in: rows.map((r) => r.id) } }, select: { deadlineId: true, reason: true, pausedAt: true, resumedAt: true } })
      : [];
    return rows.map((r) => ({ ...r, unit: r.unit as PeriodUnit, pauses: pauses.filter((p) => p.deadlineId === r.id).map(({ deadlineId: _, ...p }) => p) }));
  }
  async caseNumbers(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    return new Map((await this.prisma.case.findMany({ where: { id: { in: ids } }, select: { id: true, caseNo: true } })).map((c) => [c.id, c.caseNo]));
  }
}
