import type { LocalDate } from '#deadlines';
import { DomainError } from '#kernel';
import { InvalidPeriod } from './analytics.errors.js';
import { type DayRange, addMonths } from './periods.js';

/**
 * 消费投诉信息公示 (issue 16 §5): per business, per quarter, the figures the Yangtze River Delta bureaus publish.
 * Framework-free; the counting rules (计数口径) are stated here once, restated on the public page and in
 * docs/public.md, and checked by disclosure.spec.ts.
 *
 * - Only complaints (投诉) count; reports and inquiries do not. Merged (并单) and transferred-out cases do not.
 * - Only respondents identified by a 统一社会信用代码 (18 characters) are published: a respondent without one may be a
 *   natural person, and the disclosure carries no personal data — no complainant, no phone, no address, no case number.
 * - 受理决定 is the line: a complaint counts once the unit has decided to accept or decline it ("only cases past the
 *   decision"). `received` = complaints against the business whose accept/decline decision falls in the quarter;
 *   `accepted` = those of them accepted.
 * - `mediationSuccessRate` = complaints against the business closed (办结) in the quarter with an agreement
 *   (调解成功) ÷ complaints closed in the quarter (调解不成 and 终止调解 are not successful) — the same formula as the
 *   indicator 调解成功率; null when none was closed.
 * - `averageDays` = the mean, over the complaints finished in the quarter (closed, or declined), of the working days
 *   from the receipt date to the finishing date (the receipt day not counted), rounded to one decimal; null when none.
 * - Dates are China dates (Asia/Shanghai).
 */
export const DISCLOSURE_RULES: readonly string[] = [
  '仅统计投诉件，不含举报、咨询；已并单、已移出本系统的投诉不计。',
  '仅公示有统一社会信用代码的经营者；不公示任何投诉人信息、联系方式、地址或案件编号。',
  '投诉量：本季度内作出受理或不予受理决定的投诉件数（尚未作出决定的投诉不计）。',
  '受理量：上述投诉中决定受理的件数。',
  '调解成功率：本季度内办结的投诉中调解成功（达成调解协议）的件数 ÷ 本季度内办结的投诉件数；调解不成、终止调解均计为未成功；无办结件时不显示。',
  '平均办理天数：本季度内办结（含不予受理）的投诉，自收到投诉之日（不含当日）至办结之日的工作日数的平均值，保留一位小数。',
  '日期均按北京时间计算；每季度数据经市局分管领导审核发布后公开，发布后不再变动。',
];

export interface Quarter {
  /** e.g. 2026Q3 */
  period: string;
  label: string;
  range: DayRange;
}

const QUARTER = /^(\d{4})Q([1-4])$/;

export function parseQuarter(period: string, field = 'period'): Quarter {
  const m = QUARTER.exec(period);
  if (!m || Number(m[1]) < 2000 || Number(m[1]) > 2999) throw new InvalidPeriod(field, '季度格式应为 YYYYQn，如 2026Q3');
  const q = Number(m[2]);
  const from = `${m[1]}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  return { period, label: `${m[1]}年第${q}季度`, range: { from, to: addMonths(from, 3) } };
}

export function quarterOf(d: LocalDate): string {
  return `${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
}

/** A complaint as the disclosure reads it (China dates). */
export interface DisclosureCase {
  type: string;
  status: string;
  respondentName: string;
  respondentCreditCode: string | null;
  receivedOn: LocalDate;
  /** accept/decline decision */
  decidedOn: LocalDate | null;
  declined: boolean;
  closedOn: LocalDate | null;
  outcome: string | null;
}

export interface DisclosureBusiness {
  name: string;
  creditCode: string;
  received: number;
  accepted: number;
  /** fraction in [0,1]; null when no complaint against it was closed in the quarter */
  mediationSuccessRate: number | null;
  /** working days, one decimal; null when none finished */
  averageDays: number | null;
}

const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export interface DisclosureCalendar {
  workingDaysBetween(a: LocalDate, b: LocalDate): number;
}

const inRange = (d: LocalDate | null, r: DayRange): d is LocalDate => d !== null && d >= r.from && d < r.to;

/** The businesses of one quarter, most complaints first (then by credit code, so the order is stable). */
export function computeDisclosure(cases: readonly DisclosureCase[], range: DayRange, calendar: DisclosureCalendar): DisclosureBusiness[] {
  interface Acc { name: string; nameOn: LocalDate; received: number; accepted: number; closed: number; success: number; finished: number; days: number }
  const by = new Map<string, Acc>();
  for (const c of cases) {
    if (c.type !== 'complaint' || c.status === 'merged' || c.status === 'transferredOut') continue;
    // Settled by an ODR enterprise with the consumer (issue 17): not the bureau's handling; ODR has its own figures.
    if (c.outcome === 'odrSettled' || c.status === 'odr') continue;
    const code = c.respondentCreditCode?.trim().toUpperCase() ?? '';
    if (!CREDIT_CODE.test(code)) continue;
    const decided = inRange(c.decidedOn, range);
    const closed = !c.declined && inRange(c.closedOn, range);
    const finishedOn = c.declined ? c.decidedOn : c.closedOn;
    const finished = inRange(finishedOn, range);
    if (!decided && !closed && !finished) continue;
    let a = by.get(code);
    if (!a) by.set(code, (a = { name: c.respondentName.trim(), nameOn: c.receivedOn, received: 0, accepted: 0, closed: 0, success: 0, finished: 0, days: 0 }));
    if (c.receivedOn > a.nameOn) { a.name = c.respondentName.trim(); a.nameOn = c.receivedOn; } // the latest name used
    if (decided) { a.received++; if (!c.declined) a.accepted++; }
    if (closed) { a.closed++; if (c.outcome === 'agreement') a.success++; }
    if (finished) { a.finished++; a.days += calendar.workingDaysBetween(c.receivedOn, finishedOn!); }
  }
  return [...by.entries()]
    .map(([creditCode, a]) => ({
      name: a.name, creditCode, received: a.received, accepted: a.accepted,
      mediationSuccessRate: a.closed ? a.success / a.closed : null,
      averageDays: a.finished ? Math.round((a.days / a.finished) * 10) / 10 : null,
    }))
    .sort((x, y) => y.received - x.received || (x.creditCode < y.creditCode ? -1 : 1));
}

/** A quarter may be released once it has ended (China date of `today` on or after its end). */
export function assertQuarterEnded(q: Quarter, today: LocalDate): void {
  if (today < q.range.to) throw new DisclosurePeriodOpen(q.period, q.range.to);
}

export type DisclosureStatus = 'draft' | 'released';

export class DisclosureReleased extends DomainError {
  readonly code = 'DISCLOSURE_RELEASED';
  constructor(period: string) {
    super(`${period} 的公示已发布，不能再修改`, { period });
  }
}

export class DisclosurePeriodOpen extends DomainError {
  readonly code = 'DISCLOSURE_PERIOD_OPEN';
  readonly field = 'period';
  constructor(period: string, endsOn: string) {
    super(`${period} 尚未结束（${endsOn} 起方可发布）`, { period, field: 'period' });
  }
}

export class DisclosureNotFound extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(period: string) {
    super('该季度尚未发布公示', { period });
  }
}

export class DisclosureNotComputed extends DomainError {
  readonly code = 'DISCLOSURE_NOT_COMPUTED';
  constructor(period: string) {
    super(`${period} 尚未生成公示预览，请先生成并审核`, { period });
  }
}
