import { CalendarExhausted, MAX_PERIOD_DAYS, WorkingCalendar } from './calendar.js';
import { type LocalDate, addDays, chinaDate, endOfChinaDay } from './china-time.js';

import type { PeriodUnit } from './vocabulary.js';
export { PERIOD_UNITS, type PeriodUnit } from './vocabulary.js';

export interface Due {
  dueDate: LocalDate;
  dueAt: Date;
  /** Days counted toward the period (working days, or calendar days plus any roll-forward). */
  counted: LocalDate[];
  /** Calendar-day period whose last day fell on a rest day and was carried to the next working day. */
  rolledFrom: LocalDate | null;
  /** Years the period touches that have no loaded official notice (counted on the provisional calendar; warned). */
  calendarGaps: number[];
  /** Counted over at least one provisional day: the due date may still move when the notice is loaded. */
  provisional: boolean;
}


/**
 * The period rule (O121 Art. 45; RCF Art. 80, 84): the starting day is not counted; counting begins the
 * next working day (working-day periods) or the next calendar day (calendar-day periods); "within N"
 * includes day N; a calendar-day period whose last day is not a working day ends on the next working day.
 * A period ends at 24:00 China time of its last day. Hour periods run in clock hours from the start instant.
 */
export function computeDue(
  cal: WorkingCalendar,
  start: Date | LocalDate,
  amount: number,
  unit: PeriodUnit,
): Due {
  if (!Number.isInteger(amount) || amount < 0) throw new RangeError(`amount must be a non-negative integer: ${amount}`);
  if (unit === 'hours') {
    if (typeof start === 'string') throw new TypeError('an hour period needs a start instant');
    const dueAt = new Date(start.getTime() + amount * 3600_000);
    const dueDate = chinaDate(dueAt);
    return { dueDate, dueAt, counted: [], rolledFrom: null, calendarGaps: [], provisional: false };
  }
  const startDate = typeof start === 'string' ? start : chinaDate(start);
  if (amount > MAX_PERIOD_DAYS) throw new CalendarExhausted(startDate, `期间不得超过${MAX_PERIOD_DAYS}日`);
  let dueDate: LocalDate;
  let counted: LocalDate[];
  let rolledFrom: LocalDate | null = null;
  if (unit === 'workingDays') {
    ({ date: dueDate, counted } = cal.addWorkingDays(startDate, amount));
  } else {
    counted = Array.from({ length: amount }, (_, i) => addDays(startDate, i + 1));
    dueDate = addDays(startDate, amount);
    if (amount > 0 && !cal.isWorkingDay(dueDate)) {
      rolledFrom = dueDate;
      dueDate = cal.nextWorkingDay(dueDate);
    }
  }
  const calendarGaps = cal.gapsBetween(startDate, dueDate);
  // The start day is not counted: only the days after it can make the answer provisional.
  const provisional = dueDate > startDate && cal.gapsBetween(addDays(startDate, 1), dueDate).length > 0;
  return { dueDate, dueAt: endOfChinaDay(dueDate), counted, rolledFrom, calendarGaps, provisional };
}
