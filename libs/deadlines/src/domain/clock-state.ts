// The clock engine's state rules for a live clock (issue 12): pause, resume, extension request and decision, and
// re-projection after any of them. Plain functions over a clock record and the policy in force; they change the
// record they are given and throw the engine's refusals. Who may act, what the subject's timeline says and who is
// told stay with the subject (e.g. libs/cases/src/domain/case-clocks.ts).
import { DomainError } from '#kernel';
import { DEADLINE_KIND_LABELS, PAUSE_REASON_LABELS, PERIOD_UNIT_LABELS, REGULATION_NAMES, labelOf } from '#contracts';
import type { WorkingCalendar } from './calendar.js';
import { chinaDate, type LocalDate } from './china-time.js';
import { type ClockDue, type Pause, clockDue } from './clock.js';
import type { PeriodUnit } from './period.js';
import type { TimeLimitPolicy } from './policy.js';
import type { ClockState } from './rung.js';

/** One pause of a clock (`deadline_pauses`). */
export interface ClockPause extends Pause {
  id: string;
  evidence: string | null;
  note: string | null;
  pausedBy: string | null;
  resumedBy: string | null;
}

export type ExtensionStatus = 'pending' | 'approved' | 'rejected';

/** One extension request of a clock (`deadline_extensions`). */
export interface ClockExtension {
  id: string;
  amount: number;
  reason: string;
  requestedAt: Date;
  requestedBy: string;
  lastMinute: boolean;
  status: ExtensionStatus;
  decidedAt: Date | null;
  decidedBy: string | null;
  decisionNote: string | null;
}

/** A clock with its pauses and extensions, as the state rules read and change it. */
export interface ClockRecord {
  startAt: Date;
  amount: number;
  unit: PeriodUnit;
  extended: number;
  pauses: ClockPause[];
  extensions: ClockExtension[];
  dueDate: LocalDate;
  dueAt: Date;
  state: ClockState;
  version: number;
  calendarGap: boolean;
  metAt: Date | null;
  overdueAt: Date | null;
}

/** A clock in a state that does not allow the action (`from`: its state, or an extension's status). */
export class ClockStateRefused extends DomainError {
  readonly code = 'INVALID_TRANSITION';
  constructor(readonly from: string, readonly action: string) {
    super('当前状态不允许此操作', { from, action });
  }
}

/** A time-limit rule refused the request (pause reason not allowed, extension too late or over the cap). */
export class ClockRuleViolation extends DomainError {
  readonly code: string;
  constructor(readonly field: string, code: string, message: string) {
    super(message, { field });
    this.code = code;
  }
}

/** Neither met nor ended: its state may still change. */
export function isLive(c: ClockRecord): boolean {
  return c.metAt === null && c.state !== 'met' && c.state !== 'cancelled';
}

/** The clock for `action`, refused if there is none or it is finished (`none` names the missing one). */
export function requireLive<C extends ClockRecord>(c: C | undefined, action: string): C {
  if (!c || !isLive(c)) throw new ClockStateRefused(c?.state ?? 'none', action);
  return c;
}

/**
 * Stops a running clock for a reason its policy allows for the step (`regime`: whose regulation the refusal names
 * when the clock's policy is not in force).
 */
export function pauseClock(
  c: ClockRecord & { step: string }, policy: TimeLimitPolicy | undefined, regime: string,
  p: { newId: () => string; reason: string; evidence: string | null; note: string | null; by: string; at: Date },
): ClockPause {
  if (c.state !== 'running') throw new ClockStateRefused(c.state, 'pause');
  if (!(policy?.pauseReasons ?? []).includes(p.reason))
    throw new ClockRuleViolation('reason', 'PAUSE_NOT_ALLOWED', `${REGULATION_NAMES[policy?.regime ?? regime]}对“${labelOf(DEADLINE_KIND_LABELS, c.step)}”期限不允许以“${labelOf(PAUSE_REASON_LABELS, p.reason)}”为由暂停计时`);
  const pause: ClockPause = { id: p.newId(), reason: p.reason, evidence: p.evidence, note: p.note, pausedAt: p.at, pausedBy: p.by, resumedAt: null, resumedBy: null };
  c.pauses.push(pause);
  c.state = 'paused';
  c.version++;
  return pause;
}

/** Closes the open pause of a paused clock; the caller re-projects it (`reprojectClock`, forced). */
export function resumeClock(c: ClockRecord, by: string, at: Date): ClockPause {
  const open = c.pauses.find((p) => p.resumedAt === null);
  if (c.state !== 'paused' || !open) throw new ClockStateRefused(c.state, 'resume');
  open.resumedAt = at;
  open.resumedBy = by;
  c.state = 'running';
  return open;
}

/** The basis an extension is journalled with: the policy's extension rule, else the clock's own. */
export function extensionBasis(c: { legalBasis: string }, policy: TimeLimitPolicy | undefined): string {
  return policy?.extensionBasis ?? c.legalBasis;
}

/** 申请延期: a running clock, before its due instant, one pending request at a time, within the policy's cap. */
export function requestExtension(
  c: ClockRecord, policy: TimeLimitPolicy | undefined, cal: WorkingCalendar,
  r: { newId: () => string; amount: number; reason: string; by: string; at: Date },
): ClockExtension {
  if (c.state !== 'running') throw new ClockStateRefused(c.state, 'requestExtension');
  if (r.at.getTime() > c.dueAt.getTime()) throw new ClockRuleViolation('kind', 'EXTENSION_TOO_LATE', '期限已届满，不能再申请延期');
  if (c.extensions.some((e) => e.status === 'pending')) throw new ClockRuleViolation('kind', 'EXTENSION_PENDING', '已有待审批的延期申请');
  checkExtensionCap(c, policy, r.amount, 'amount');
  const e: ClockExtension = {
    id: r.newId(), amount: r.amount, reason: r.reason, requestedAt: r.at, requestedBy: r.by,
    // Less than one working day left: the request is flagged for the approver.
    lastMinute: cal.workingDaysBetween(chinaDate(r.at), c.dueDate) < 1,
    status: 'pending', decidedAt: null, decidedBy: null, decisionNote: null,
  };
  c.extensions.push(e);
  return e;
}

/**
 * Decides a pending request. Rejected when asked, or when the clock finished meanwhile; an approval re-checks the cap,
 * adds the units and brings an overdue clock back to running — the caller re-projects it (`reprojectClock`, forced).
 */
export function decideExtension(
  c: ClockRecord, e: ClockExtension, policy: TimeLimitPolicy | undefined, approve: boolean, d: { by: string; note: string | null; at: Date },
): 'approved' | 'rejected' {
  if (e.status !== 'pending') throw new ClockStateRefused(e.status, approve ? 'approveExtension' : 'rejectExtension');
  e.decidedAt = d.at;
  e.decidedBy = d.by;
  e.decisionNote = d.note;
  if (!approve || c.state === 'met' || c.state === 'cancelled' || c.metAt !== null) return (e.status = 'rejected');
  checkExtensionCap(c, policy, e.amount, 'extensionId', e.id);
  e.status = 'approved';
  c.extended += e.amount;
  if (c.state === 'overdue') {
    c.state = 'running';
    c.overdueAt = null;
  }
  return 'approved';
}

/** The policy's cap on approved extensions (count and units), counting this one (`excluding`: already in the list). */
export function checkExtensionCap(c: ClockRecord, policy: TimeLimitPolicy | undefined, amount: number, field: string, excluding?: string): void {
  const approved = c.extensions.filter((e) => e.status === 'approved' && e.id !== excluding);
  const max = policy?.maxExtensions ?? 0;
  const maxUnits = policy?.maxExtensionUnits ?? 0;
  if (approved.length + 1 > max)
    throw new ClockRuleViolation(field, 'EXTENSION_CAP', max === 0 ? '该期限不允许延期' : `该期限最多延期${max}次`);
  if (approved.reduce((s, x) => s + x.amount, 0) + amount > maxUnits)
    throw new ClockRuleViolation(field, 'EXTENSION_CAP', `延期累计不得超过${maxUnits}${PERIOD_UNIT_LABELS[c.unit]}`);
}

/** What a re-projection did: the due before, and the new due with its pauses and gaps. */
export interface ClockMove {
  moved: boolean;
  from: { dueDate: LocalDate; dueAt: string };
  due: ClockDue;
}

/**
 * Re-computes a clock's due from its start, pauses and approved extensions on the current calendar. A move (or
 * `force`: a pause or extension changed it) bumps the version, so stale wake-ups die, and brings an overdue clock whose
 * new due is still ahead back to running. null: nothing moved and nothing forced.
 */
export function reprojectClock(c: ClockRecord, cal: WorkingCalendar, now: Date, force: boolean): ClockMove | null {
  const due = clockDue(cal, { startAt: c.startAt, amount: c.amount, unit: c.unit, pauses: c.pauses, extended: c.extended });
  const moved = due.dueAt.getTime() !== c.dueAt.getTime();
  if (!moved && !force) return null;
  const from = { dueDate: c.dueDate, dueAt: c.dueAt.toISOString() };
  c.dueDate = due.dueDate;
  c.dueAt = due.dueAt;
  c.calendarGap = due.calendarGaps.length > 0;
  c.version++;
  if (c.state === 'overdue' && c.metAt === null && c.dueAt.getTime() >= now.getTime()) {
    c.state = 'running';
    c.overdueAt = null;
  }
  return { moved, from, due };
}
