import { DomainError } from '#kernel';
import { type LocalDate, addDays, daysBetween, weekday, yearOf } from './china-time.js';
import { provisionalDays } from './statutory.js';

export type DayKind = 'holiday' | 'workday';
export interface CalendarDayEntry {
  date: LocalDate;
  kind: DayKind;
  name?: string;
}

/**
 * The longest run of rest days any calendar may hold before a count gives up: the longest real one is 10 days
 * (2020 Spring Festival with its extension); 60 leaves room for any notice yet keeps every loop bounded.
 */
export const MAX_REST_RUN = 60;
/** A day period longer than this (100 years) is refused: no time limit is that long, and every count stays bounded. */
export const MAX_PERIOD_DAYS = 36_600;

/** A count that cannot finish: the calendar has no working day within reach (or the dates leave 0001–9999). */
export class CalendarExhausted extends DomainError {
  readonly code = 'CALENDAR_EXHAUSTED';
  constructor(from: LocalDate, reason: string) {
    super(`自${from}起无法推算期限：${reason}`, { from });
  }
}

/**
 * The official working-day calendar (HOL): Mon–Fri, minus the notice's holidays, plus its make-up working days
 * (调休上班). A year without a loaded notice counts on the provisional calendar of the law (statutory days and days
 * in lieu, `statutory.ts`), never plain Mon–Fri, and is reported as a gap: its make-up days are not known yet.
 */
const NEXT_MEMO_MAX = 50_000;

export class WorkingCalendar {
  private readonly exceptions = new Map<LocalDate, DayKind>();
  private readonly years: Set<number>;
  /**
   * nextWorkingDay's answers: this calendar never changes (a notice makes a new one), and every registration counts
   * the same few dozen days again (each day's step is date text parsed and printed). Bounded: cleared when full.
   */
  private readonly nextMemo = new Map<LocalDate, LocalDate>();

  constructor(
    entries: readonly CalendarDayEntry[],
    loadedYears: Iterable<number>,
    readonly version = 'v0',
  ) {
    for (const e of entries) this.exceptions.set(e.date, e.kind);
    this.years = new Set(loadedYears);
  }

  isWorkingDay(d: LocalDate): boolean {
    const ex = this.exceptions.get(d);
    if (ex) return ex === 'workday';
    if (!this.years.has(yearOf(d)) && provisionalDays(yearOf(d)).has(d)) return false;
    const wd = weekday(d);
    return wd !== 0 && wd !== 6;
  }

  /** A holiday the calendar names (a notice's or an admin's, or a provisional one) — not a plain weekend. */
  isNamedHoliday(d: LocalDate): boolean {
    const ex = this.exceptions.get(d);
    if (ex) return ex === 'holiday';
    return !this.years.has(yearOf(d)) && provisionalDays(yearOf(d)).has(d);
  }

  /** A day whose kind comes from the provisional calendar (its year has no loaded notice). */
  isProvisional(d: LocalDate): boolean {
    return !this.years.has(yearOf(d));
  }

  isKnownYear(year: number): boolean {
    return this.years.has(year);
  }

  loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /**
   * This calendar with a notice applied: a yearly notice (`replace`) drops the year's entries first; either way the
   * notice's days (its year and the December before it) win over what was there, and the year counts as loaded.
   */
  withNotice(year: number, entries: readonly CalendarDayEntry[], replace: boolean): WorkingCalendar {
    const kept = [...this.exceptions]
      .filter(([date]) => !(replace && yearOf(date) === year))
      .map(([date, kind]) => ({ date, kind }));
    return new WorkingCalendar([...kept, ...entries], [...this.years, year], `${this.version}+${year}`);
  }

  /** The first working day strictly after d; at most MAX_REST_RUN days ahead. */
  nextWorkingDay(d: LocalDate): LocalDate {
    const known = this.nextMemo.get(d);
    if (known !== undefined) return known;
    let x = step(d, 1);
    for (let i = 1; !this.isWorkingDay(x); i++) {
      if (i >= MAX_REST_RUN) throw new CalendarExhausted(d, `其后${MAX_REST_RUN}天内没有工作日`);
      x = step(x, 1);
    }
    if (this.nextMemo.size >= NEXT_MEMO_MAX) this.nextMemo.clear();
    this.nextMemo.set(d, x);
    return x;
  }

  /** The working day n working days after d (d itself not counted); also lists the days counted. */
  addWorkingDays(d: LocalDate, n: number): { date: LocalDate; counted: LocalDate[] } {
    if (n > MAX_PERIOD_DAYS) throw new CalendarExhausted(d, `期间不得超过${MAX_PERIOD_DAYS}日`);
    const counted: LocalDate[] = [];
    let x = d;
    // n steps, each bounded by nextWorkingDay.
    for (let i = 0; i < n; i++) {
      x = this.nextWorkingDay(x);
      counted.push(x);
    }
    return { date: n === 0 ? d : x, counted };
  }

  /** n working days before d (d itself not counted); each step bounded like nextWorkingDay. */
  subtractWorkingDays(d: LocalDate, n: number): LocalDate {
    if (n > MAX_PERIOD_DAYS) throw new CalendarExhausted(d, `期间不得超过${MAX_PERIOD_DAYS}日`);
    let x = d;
    for (let i = 0; i < n; i++) {
      x = step(x, -1);
      for (let j = 1; !this.isWorkingDay(x); j++) {
        if (j >= MAX_REST_RUN) throw new CalendarExhausted(d, `其前${MAX_REST_RUN}天内没有工作日`);
        x = step(x, -1);
      }
    }
    return x;
  }

  /** Working days in (a, b]: the period rule's count of days elapsed from a to b. */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    let n = 0;
    const span = daysBetween(a, b);
    for (let i = 1; i <= span; i++) if (this.isWorkingDay(addDays(a, i))) n++;
    return n;
  }

  /** Years touched by the span [a, b] that have no loaded notice. */
  gapsBetween(a: LocalDate, b: LocalDate): number[] {
    const out: number[] = [];
    for (let y = yearOf(a); y <= yearOf(b); y++) if (!this.years.has(y)) out.push(y);
    return out;
  }
}

/** One day on, refusing to leave the four-digit years (past 9999-12-31 the date text would stop advancing). */
function step(d: LocalDate, n: 1 | -1): LocalDate {
  const x = addDays(d, n);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(x)) throw new CalendarExhausted(d, '日期超出 0001—9999 年');
  return x;
}
