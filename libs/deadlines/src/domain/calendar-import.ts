import type { CalendarDayEntry, DayKind } from './calendar.js';
import { type LocalDate, addDays, daysBetween, isLocalDate } from './china-time.js';

/** No holiday event runs longer than this; a longer one is refused rather than walked. */
const MAX_EVENT_DAYS = 60;

/** The days a notice for `year` may name: its own year, and December of the year before (元旦 make-up days). */
export function namedByNotice(year: number, date: LocalDate): boolean {
  const y = Number(date.slice(0, 4));
  return y === year || (y === year - 1 && date.slice(5, 7) === '12');
}

export interface NoticeIssue {
  field: string;
  message: string;
}

export type NoticeResult = { ok: true; entries: CalendarDayEntry[] } | { ok: false; issues: NoticeIssue[] };

type JsonDay = string | { date: string; name?: string };

/**
 * A year's State Council holiday notice (HOL), as admins import it:
 * JSON `{holidays: [{date, name}|date], workdays: [{date, name}|date]}` or an ICS calendar whose all-day events
 * are marked 休 (rest) or 班 (make-up working day) in SUMMARY or DESCRIPTION (the chinese-days format).
 */
export function parseNotice(year: number, format: 'json' | 'ics', content: string): NoticeResult {
  const issues: NoticeIssue[] = [];
  const entries = new Map<LocalDate, CalendarDayEntry>();
  const add = (field: string, date: string, kind: DayKind, name: string) => {
    if (!isLocalDate(date)) return issues.push({ field, message: `日期格式应为 YYYY-MM-DD：${date}` });
    if (!namedByNotice(year, date)) return issues.push({ field, message: `${date} 不属于 ${year} 年（或其前一年12月）` });
    const prev = entries.get(date);
    if (prev && prev.kind !== kind) return issues.push({ field, message: `${date} 同时被标为放假和调休上班` });
    entries.set(date, { date, kind, name });
  };
  if (format === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(content);
    } catch {
      return { ok: false, issues: [{ field: 'content', message: 'JSON 格式不正确' }] };
    }
    const o = doc as { holidays?: unknown; workdays?: unknown };
    if (!o || typeof o !== 'object' || !Array.isArray(o.holidays) || !Array.isArray(o.workdays))
      return { ok: false, issues: [{ field: 'content', message: '应包含 holidays 与 workdays 两个数组' }] };
    for (const [key, kind] of [['holidays', 'holiday'], ['workdays', 'workday']] as const) {
      (o[key] as JsonDay[]).forEach((d, i) => {
        const date = typeof d === 'string' ? d : d?.date;
        const name = typeof d === 'string' ? '' : (d?.name ?? '');
        if (typeof date !== 'string') issues.push({ field: `content.${key}[${i}]`, message: '缺少日期' });
        else add(`content.${key}[${i}]`, date, kind, name);
      });
    }
  } else {
    const events = content.replace(/\r\n[ \t]/g, '').split(/BEGIN:VEVENT/).slice(1);
    if (!events.length) return { ok: false, issues: [{ field: 'content', message: 'ICS 中没有日程（VEVENT）' }] };
    events.forEach((ev, i) => {
      const get = (k: string) => new RegExp(`^${k}(?:;[^:\\r\\n]*)?:(.*)$`, 'm').exec(ev)?.[1]?.trim();
      const start = get('DTSTART');
      const end = get('DTEND');
      const summary = get('SUMMARY') ?? '';
      const desc = get('DESCRIPTION') ?? '';
      const kind: DayKind | null = /班/.test(summary) || desc === '班' ? 'workday' : /休/.test(summary) || desc === '休' ? 'holiday' : null;
      const toIso = (v?: string) => (v && /^\d{8}/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6, 8)}` : null);
      const from = toIso(start);
      if (!from || !kind) return issues.push({ field: `content.events[${i}]`, message: '日程缺少全天日期或“休/班”标记' });
      const until = toIso(end) ?? (isLocalDate(from) ? addDays(from, 1) : null);
      if (!isLocalDate(from) || !until || !isLocalDate(until)) return issues.push({ field: `content.events[${i}]`, message: `日程的日期无效：${start ?? ''}–${end ?? ''}` });
      const name = summary.replace(/[（(][休班][)）]/g, '').trim();
      const length = daysBetween(from, until);
      if (length < 1 || length > MAX_EVENT_DAYS)
        return issues.push({ field: `content.events[${i}]`, message: `日程的结束日期早于开始日期，或超过${MAX_EVENT_DAYS}天` });
      // A calendar of several years keeps this notice's days: the year and the December before it that it names.
      for (let k = 0; k < length; k++) {
        const d = addDays(from, k);
        if (namedByNotice(year, d)) add(`content.events[${i}]`, d, kind, name);
      }
    });
  }
  if (issues.length) return { ok: false, issues };
  if (!entries.size) return { ok: false, issues: [{ field: 'content', message: `没有 ${year} 年的放假或调休日期` }] };
  return { ok: true, entries: [...entries.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}
