import { type LocalDate, type WorkingCalendar, chinaDate } from '#deadlines';
import type { CounterName } from './counters.js';

/** One case event as the rollup sees it (a row of case_events). */
export interface FoldEvent {
  id: string;
  seq: number;
  type: string;
  at: Date;
  unitId: string | null;
  data: Record<string, unknown>;
}

export interface Increment {
  unitId: string;
  day: LocalDate;
  counter: CounterName;
  delta: number;
  eventId: string;
}

/**
 * Event types of the hand-offs and deadline moves being built elsewhere (routing issue 4, deadline engine
 * issue 3). Until they are emitted these simply never occur and count zero.
 */
export const FOLD_TYPES = {
  /** The case leaves its holder for another unit (data.toUnitId) or back to the intake unit (no toUnitId). */
  returns: ['CaseReturned'],
  transfers: ['CaseTransferred', 'CaseTakenOver', 'CaseReferredUp', 'CaseRecalled'],
  /** An approved extension of a running clock (data.kind). */
  extensions: ['ExtensionApproved'],
} as const;

/**
 * The event types whose own increments foldCase may emit: the only ones queued for the rollup (the trigger on
 * case_events, migration 20261212020000, lists the same). The others (DeadlineArmed, CaseRegistered, …) count
 * nothing themselves; the rollup still reads them as the history before a counted event.
 */
export const COUNTED_TYPES: readonly string[] = [
  'CaseDispatched', ...FOLD_TYPES.returns, 'DeadlineMet', 'DeadlineOverdue', 'CaseClosed', 'CaseDeclined', 'CallbackRecorded',
];
const COUNTED = new Set(COUNTED_TYPES);

/** Which timed steps feed which on-time indicator; other steps (callback, notices) are not rated. */
export const STEP_GROUP: Record<string, 'sign' | 'accept' | 'close' | 'verify' | 'respond'> = {
  sign: 'sign',
  acceptance: 'accept',
  mediation: 'close',
  answer: 'close',
  verification: 'verify',
  /** issue 16 §3: an online filing's first human response within 24 hours */
  webResponse: 'respond',
};
const DUE: Record<string, CounterName> = { sign: 'signDue', accept: 'acceptDue', close: 'closeDue', verify: 'verifyDue', respond: 'respondDue' };
const ON_TIME: Record<string, CounterName> = { sign: 'signOnTime', accept: 'acceptOnTime', close: 'closeOnTime', verify: 'verifyOnTime', respond: 'respondOnTime' };
const SATISFIED = new Set(['verySatisfied', 'satisfied']);

interface StepCycle {
  open: boolean;
  extended: boolean;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/**
 * Folds one case's events (in seq order) into counter increments, each charged to the unit holding the case
 * when the event happened (per-hop attribution: the holder changes on registration, dispatch, return,
 * transfer). An event's increments depend only on the events before it, so the worker may apply events in any
 * order and the result is the same: `emit` selects the events whose increments are wanted.
 *
 * Rules (docs/indicators.md):
 * - a timed step's cycle opens at its first DeadlineArmed; re-arming a running clock (extension, pause,
 *   calendar change) keeps the cycle; the cycle settles once: on time at DeadlineMet{onTime} (counted on the
 *   day it was met), late at DeadlineOverdue or DeadlineMet{!onTime} (counted on the due day). A later
 *   DeadlineMet of a late step changes nothing; an arming after settlement (重办, re-dispatch) opens a new cycle.
 * - an approved extension marks the open cycle; the closing/verification settlement then counts as extended.
 */
export function foldCase(events: readonly FoldEvent[], calendar: WorkingCalendar, emit: (e: FoldEvent) => boolean = () => true): Increment[] {
  const out: Increment[] = [];
  let caseType: string | null = null;
  let intake: string | null = null;
  let holder: string | null = null;
  let since: LocalDate | null = null;
  const steps = new Map<string, StepCycle>();

  for (const e of events) {
    const day = chinaDate(e.at);
    const on = emit(e);
    const inc = (unitId: string | null, d: LocalDate, counter: CounterName, delta = 1) => {
      // An increment of a type not queued would never reach the rollup: a fault of this file, caught by its tests.
      if (!COUNTED.has(e.type)) throw new Error(`foldCase: ${e.type} counts ${counter} but is not in COUNTED_TYPES`);
      if (on && unitId && delta !== 0) out.push({ unitId, day: d, counter, delta, eventId: e.id });
    };
    const kind = str(e.data.kind);

    if (e.type === 'CaseRegistered') {
      caseType = str(e.data.type);
      intake = e.unitId;
      holder = e.unitId;
      since = day;
    } else if (e.type === 'CaseDispatched') {
      holder = str(e.data.toUnitId);
      since = day;
      inc(holder, day, 'dispatched');
    } else if ((FOLD_TYPES.returns as readonly string[]).includes(e.type)) {
      inc(holder, day, 'returned');
      holder = str(e.data.toUnitId) ?? intake;
      since = day;
    } else if ((FOLD_TYPES.transfers as readonly string[]).includes(e.type)) {
      holder = str(e.data.toUnitId) ?? intake;
      since = day;
    } else if (e.type === 'DeadlineArmed' && kind && STEP_GROUP[kind]) {
      const s = steps.get(kind);
      if (!s || !s.open) steps.set(kind, { open: true, extended: false });
    } else if ((FOLD_TYPES.extensions as readonly string[]).includes(e.type) && kind) {
      const s = steps.get(kind);
      if (s?.open) s.extended = true;
    } else if ((e.type === 'DeadlineMet' || e.type === 'DeadlineOverdue') && kind && STEP_GROUP[kind]) {
      const s = steps.get(kind);
      if (s?.open) {
        s.open = false;
        const group = STEP_GROUP[kind]!;
        const onTime = e.type === 'DeadlineMet' && e.data.onTime === true;
        const dueAt = str(e.data.dueAt);
        const d = onTime || !dueAt ? day : chinaDate(new Date(dueAt));
        inc(holder, d, DUE[group]!);
        if (onTime) inc(holder, d, ON_TIME[group]!);
        if (s.extended && (group === 'close' || group === 'verify')) inc(holder, d, 'extended');
      }
    } else if (e.type === 'CaseClosed' || e.type === 'CaseDeclined') {
      inc(holder, day, 'finished');
      if (since) inc(holder, day, 'handlingDays', calendar.workingDaysBetween(since, day));
      if (e.type === 'CaseClosed') {
        if (caseType === 'complaint') {
          inc(holder, day, 'mediationClosed');
          if (e.data.outcome === 'agreement') inc(holder, day, 'mediationSuccess');
        }
        const amount = Number(e.data.recoveredAmount ?? 0);
        if (Number.isFinite(amount) && amount > 0) inc(holder, day, 'recoveredCents', Math.round(amount * 100));
      }
    } else if (e.type === 'CallbackRecorded') {
      inc(holder, day, 'callbacks');
      if (SATISFIED.has(String(e.data.satisfaction))) inc(holder, day, 'satisfied');
    }
  }
  return out;
}
