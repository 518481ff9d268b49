import { type LocalDate, addDays, weekday, yearOf } from './china-time.js';

export type DayKind = 'holiday' | 'workday';
export interface CalendarDayEntry {
  date: LocalDate;
  kind: DayKind;
  name?: string;
}

/**
 * The official working-day calendar (HOL): Mon–Fri, minus the notice's holidays, plus its make-up
 * working days (调休上班). Years without a loaded notice fall back to Mon–Fri and are reported as gaps,
 * because the real answer for them is not yet known.
 */
export class WorkingCalendar {
  private readonly exceptions = new Map<LocalDate, DayKind>();
  private readonly years: Set<number>;

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
    const wd = weekday(d);
    return wd !== 0 && wd !== 6;
  }

  isKnownYear(year: number): boolean {
    return this.years.has(year);
  }

  loadedYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** The first working day strictly after d. */
  nextWorkingDay(d: LocalDate): LocalDate {
    let x = addDays(d, 1);
    while (!this.isWorkingDay(x)) x = addDays(x, 1);
    return x;
  }

  /** The working day n working days after d (d itself not counted); also lists the days counted. */
  addWorkingDays(d: LocalDate, n: number): { date: LocalDate; counted: LocalDate[] } {
    const counted: LocalDate[] = [];
    let x = d;
    while (counted.length < n) {
      x = this.nextWorkingDay(x);
      counted.push(x);
    }
    return { date: n === 0 ? d : x, counted };
  }

  /** Working days in (a, b]: the period rule's count of days elapsed from a to b. */
  workingDaysBetween(a: LocalDate, b: LocalDate): number {
    let n = 0;
    for (let x = addDays(a, 1); x <= b; x = addDays(x, 1)) if (this.isWorkingDay(x)) n++;
    return n;
  }

  /** Years touched by the span [a, b] that have no loaded notice. */
  gapsBetween(a: LocalDate, b: LocalDate): number[] {
    const out: number[] = [];
    for (let y = yearOf(a); y <= yearOf(b); y++) if (!this.years.has(y)) out.push(y);
    return out;
  }
}
