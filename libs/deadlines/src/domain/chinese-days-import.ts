import type { CalendarDayEntry } from './calendar.js';
import { type LocalDate, isLocalDate, yearOf } from './china-time.js';

/**
 * The shape of `chinese-days/dist/chinese-days.json` (npm `chinese-days`, MIT; also `dist/years/YYYY.json`):
 * date → "English name,中文名,n". `holidays` are the notice's rest days (放假), `workdays` its make-up working
 * days (调休上班). `inLieuDays` are the holidays that were swapped for a make-up day: already in `holidays`.
 */
export interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays?: Record<string, string>;
}

function nameOf(raw: string): string | undefined {
  const parts = raw.split(',').map((s) => s.trim());
  return parts[1] || parts[0] || undefined;
}

/**
 * Days the package misses that a notice names (checked against the notice texts): the 2006 notice makes Saturday
 * 2005-12-31 a working day (元旦调休). Added by the converter, and to existing databases by a migration.
 */
export const NOTICE_CORRECTIONS: readonly (CalendarDayEntry & { notice: number })[] = [{ date: '2005-12-31', kind: 'workday', name: '元旦', notice: 2006 }];

/**
 * Pure converter from the package's JSON to calendar entries (one per date, sorted). Rejects malformed dates
 * and a date listed both as a holiday and as a make-up working day, rather than guessing.
 */
export function calendarEntriesFromChineseDays(json: ChineseDaysJson): CalendarDayEntry[] {
  const out = new Map<LocalDate, CalendarDayEntry>();
  const add = (map: Record<string, string> | undefined, kind: CalendarDayEntry['kind']) => {
    for (const [date, raw] of Object.entries(map ?? {})) {
      if (!isLocalDate(date)) throw new RangeError(`chinese-days: not a date: ${date}`);
      const prev = out.get(date);
      if (prev && prev.kind !== kind) throw new RangeError(`chinese-days: ${date} is both a holiday and a working day`);
      const name = typeof raw === 'string' ? nameOf(raw) : undefined;
      out.set(date, name ? { date, kind, name } : { date, kind });
    }
  };
  add(json.holidays, 'holiday');
  add(json.workdays, 'workday');
  const years = new Set([...out.keys()].map(yearOf));
  for (const { notice, ...c } of NOTICE_CORRECTIONS) if (years.has(notice) && !out.has(c.date)) out.set(c.date, c);
  return [...out.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** The years that entries cover (the notices loaded), ascending. */
export function yearsIn(entries: readonly CalendarDayEntry[]): number[] {
  return [...new Set(entries.map((e) => yearOf(e.date)))].sort((a, b) => a - b);
}
