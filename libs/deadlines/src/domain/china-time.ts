// All legal dates are China dates (Asia/Shanghai, UTC+8, no DST since 1991): computed by offset,
// never by the server's time zone.
export type LocalDate = string; // 'YYYY-MM-DD'

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(s: string): boolean {
  const m = LOCAL_DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The China calendar date of an instant. */
export function chinaDate(instant: Date): LocalDate {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** 00:00 China time of a date. */
export function startOfChinaDay(d: LocalDate): Date {
  return new Date(Date.parse(`${d}T00:00:00Z`) - CHINA_OFFSET_MS);
}

/** A deadline ends at 24:00 China time of its last day (O121 Art. 45): the last millisecond of that day. */
export function endOfChinaDay(d: LocalDate): Date {
  return new Date(startOfChinaDay(d).getTime() + DAY_MS - 1);
}

/** ISO text of the last instant of a China day, with the +08:00 offset spelled out. */
export function endOfChinaDayIso(d: LocalDate): string {
  return `${d}T23:59:59.999+08:00`;
}

export function addDays(d: LocalDate, n: number): LocalDate {
  return new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: LocalDate): number {
  return new Date(`${d}T00:00:00Z`).getUTCDay();
}

export function yearOf(d: LocalDate): number {
  return Number(d.slice(0, 4));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** China wall-clock minutes since midnight of an instant. */
export function chinaMinuteOfDay(instant: Date): number {
  const ms = (instant.getTime() + CHINA_OFFSET_MS) % DAY_MS;
  return Math.floor((ms < 0 ? ms + DAY_MS : ms) / 60_000);
}

/** An instant as ISO-8601 in China time, e.g. 2026-05-06T23:59:59.999+08:00. */
export function toChinaIso(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().replace('Z', '+08:00');
}
