import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { InvalidInput } from '#platform';
import type { WorkingCalendar } from '../domain/calendar.js';
import { type LocalDate, addDays, chinaDate, daysBetween } from '../domain/china-time.js';
import { clockDue } from '../domain/clock.js';
import { type NoticeDay, type ParsedNotice, noticeEntries, parseNoticeText, resolveNotice } from '../domain/notice-text.js';
import { CalendarStore } from '../infrastructure/calendar.store.js';
import { CalendarEdits } from './calendar.commands.js';
import { CalendarImpact, CalendarRepository } from './ports.js';

export type DayState = 'workingDay' | 'restDay';
export interface NoticeDayChange { date: LocalDate; from: DayState; to: DayState; provisional: boolean; name: string }
export interface NoticeMove { deadlineId: string; caseId: string | null; caseNo: string | null; kind: string; from: LocalDate; to: LocalDate }
export interface NoticePreview {
  year: number;
  title: string;
  supplementary: boolean;
  days: { date: LocalDate; kind: 'holiday' | 'workday'; name: string }[];
  changes: NoticeDayChange[];
  movedDeadlines: number;
  /** The first 200 moves, for the preview table. */
  moves: NoticeMove[];
}
export interface NoticeApplied extends NoticePreview { changeId: string; version: number }

/** What a notice's text would do: its days, the days that change against the calendar in force, the deadlines that move. */
export class PreviewCalendarNotice extends Query<NoticePreview> {
  constructor(readonly text: string) { super(); }
}

/** Applies a notice read from its text (the same reading as the preview); live deadlines are re-projected by the worker. */
export class ApplyCalendarNotice extends Command<NoticeApplied> {
  constructor(readonly text: string, readonly actorId: string) { super(); }
}

const unreadable = (reason: string, sentence: string) =>
  new InvalidInput([{ field: 'text', code: 'NOTICE_UNREADABLE', message: sentence ? `无法读取通知：${reason}（未能读懂：「${sentence}」）` : `无法读取通知：${reason}` }]);

interface Plan { notice: ParsedNotice; days: NoticeDay[]; before: WorkingCalendar; after: WorkingCalendar; preview: NoticePreview }

async function planNotice(impact: CalendarImpact, store: CalendarStore, text: string): Promise<Plan> {
  const parsed = parseNoticeText(text);
  if (!parsed.ok) throw unreadable(parsed.reason, parsed.sentence);
  const notice = parsed.notice;
  store.invalidate();
  const before = await store.calendar();
  if (notice.supplementary && !before.isKnownYear(notice.year))
    throw new InvalidInput([{ field: 'text', code: 'NOTICE_YEAR_NOT_LOADED', message: `《${notice.title}》是对${notice.year}年放假安排的补充，请先导入${notice.year}年部分节假日安排的通知` }]);
  const resolved = resolveNotice(notice, (d) => before.isNamedHoliday(d));
  if (!resolved.ok) throw unreadable(resolved.reason, resolved.sentence);
  const after = before.withNotice(notice.year, noticeEntries(resolved.days), !notice.supplementary);

  // Every day the notice can touch: December of the year before through its own year.
  const first = `${notice.year - 1}-12-01`;
  const changes: NoticeDayChange[] = [];
  const named = new Map(resolved.days.map((d) => [d.date, d.name]));
  for (let i = 0, n = daysBetween(first, `${notice.year}-12-31`); i <= n; i++) {
    const d = addDays(first, i);
    const a = before.isWorkingDay(d);
    const b = after.isWorkingDay(d);
    if (a !== b) changes.push({ date: d, from: a ? 'workingDay' : 'restDay', to: b ? 'workingDay' : 'restDay', provisional: before.isProvisional(d), name: named.get(d) ?? '' });
  }

  // Live clocks the year can reach (as the worker's recompute selects them), each counted on both calendars.
  const rows = await impact.liveClocks(first, `${notice.year}-12-31`);
  const moved: Omit<NoticeMove, 'caseNo'>[] = [];
  for (const r of rows) {
    if (r.unit === 'hours') continue;
    const spec = { startAt: r.startAt, amount: r.amount, unit: r.unit, extended: r.extended, pauses: r.pauses };
    const x = clockDue(before, spec).dueDate;
    const y = clockDue(after, spec).dueDate;
    if (x !== y) moved.push({ deadlineId: r.id, caseId: r.caseId, kind: r.step, from: x, to: y });
  }
  const caseIds = [...new Set(moved.slice(0, 200).map((m) => m.caseId).filter((c): c is string => !!c))];
  const caseNos = await impact.caseNumbers(caseIds);
  const preview: NoticePreview = {
    year: notice.year, title: notice.title, supplementary: notice.supplementary,
    days: resolved.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name })),
    changes, movedDeadlines: moved.length,
    moves: moved.slice(0, 200).map((m) => ({ ...m, caseNo: m.caseId ? (caseNos.get(m.caseId) ?? null) : null })),
  };
  return { notice, days: resolved.days, before, after, preview };
}

@QueryHandler(PreviewCalendarNotice)
export class PreviewCalendarNoticeHandler implements IQueryHandler<PreviewCalendarNotice> {
  constructor(private readonly impact: CalendarImpact, private readonly store: CalendarStore) {}
  async execute(q: PreviewCalendarNotice): Promise<NoticePreview> {
    return (await planNotice(this.impact, this.store, q.text)).preview;
  }
}

@CommandHandler(ApplyCalendarNotice)
export class ApplyCalendarNoticeHandler implements ICommandHandler<ApplyCalendarNotice> {
  constructor(
    private readonly impact: CalendarImpact, private readonly store: CalendarStore, private readonly edits: CalendarEdits,
    private readonly calendars: CalendarRepository,
  ) {}

  async execute(c: ApplyCalendarNotice): Promise<NoticeApplied> {
    const { notice, days, preview } = await planNotice(this.impact, this.store, c.text);
    const y = notice.year;
    const r = await this.edits.record(y, 'notice', c.actorId, async (tx, now) => {
      // A yearly notice replaces its year; any notice overwrites the days it names (December of the year before too).
      await this.calendars.replaceDays(tx, notice.supplementary ? null : y, days.map((d) => ({ date: d.date, kind: d.kind, name: d.name })));
      await this.calendars.markYearLoaded(tx, y, notice.title, now, !notice.supplementary);
      const holidays = days.filter((d) => d.kind === 'holiday').length;
      return {
        title: notice.title, supplementary: notice.supplementary, holidays, workdays: days.length - holidays,
        changedDays: preview.changes.length, movedDeadlines: preview.movedDeadlines, readOn: chinaDate(now),
      };
    });
    return { ...preview, changeId: r.changeId, version: r.version };
  }
}
