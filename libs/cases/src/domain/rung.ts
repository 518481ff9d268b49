import {
  type ClockRow, type LadderRung, type PolicySet, type WorkingCalendar, DEFAULT_LADDER, decideClockRung, rungTime as engineRungTime,
} from '#deadlines';
import { RUNG_LABELS } from '#contracts';

export type RungName = LadderRung['rung'];

/** What a fired rung asks the outside world to do (notify whom, open what). */
export interface RungEffect {
  rung: RungName;
  deadlineId: string;
  /** The clock's own word (the policy step). */
  step: string;
  /** Who must hear of it: the assigned unit's handlers, its leader, the parent unit, the city bureau. */
  audience: 'unitHandlers' | 'unitLeader' | 'parentUnit' | 'cityBureau';
  urgent: boolean;
  title: string;
}

/** The few fields of one deadline that decide a rung: enough for the worker to fire without loading the case. */
export interface RungView extends ClockRow {
  caseId: string;
}

/** The timeline event a firing appends (actor: the system). */
export interface RungEvent {
  type: 'DeadlineWarned' | 'DeadlineOverdue' | 'ReminderSent' | 'SupervisionOpened' | 'NoticeIssued';
  rule: string;
  data: Record<string, unknown>;
}

export type RungDecision =
  | { kind: 'fire'; fireAt: Date; newState?: 'overdue'; event: RungEvent; effect: RungEffect }
  | { kind: 'early'; fireAt: Date }
  | { kind: 'skip'; fireAt?: Date };

/** The ladder of a deadline: its own policy's (by id, else the step's policy in force), else the default. */
export function ladderFor(policies: PolicySet, policyId: string, step: string): readonly LadderRung[] {
  const p = policies.steps.find((x) => x.id === policyId) ?? policies.steps.find((x) => x.step === step);
  return p?.ladder ?? DEFAULT_LADDER;
}

/** When `rung` of this deadline fires, on `calendar`; null if the ladder has no such rung (the engine's `rungTime`). */
export const rungTime = engineRungTime;

const ESCALATIONS = {
  remind: { type: 'ReminderSent', rule: '超期催办（本局预警督办规则）', audience: 'unitLeader', title: RUNG_LABELS.remind },
  supervise: { type: 'SupervisionOpened', rule: '上级单位督办（本局预警督办规则）', audience: 'parentUnit', title: RUNG_LABELS.supervise },
  notice: { type: 'NoticeIssued', rule: '超期通报（本局预警督办规则）', audience: 'cityBureau', title: RUNG_LABELS.notice },
} as const;

/** What a fired rung does to a case (the case subject's side of the engine): its timeline event and whom it tells. */
export function caseRungEffect(d: Pick<RungView, 'id' | 'step' | 'dueAt' | 'version' | 'legalBasis'>, rung: RungName): { event: RungEvent; effect: RungEffect } {
  const base = { rung, deadlineId: d.id, step: d.step };
  // Timeline data keeps the key `kind` (the API's name for the step).
  const data = { deadlineId: d.id, kind: d.step, dueAt: d.dueAt.toISOString(), version: d.version, rung };
  if (rung === 'warn') return { event: { type: 'DeadlineWarned', rule: d.legalBasis, data }, effect: { ...base, audience: 'unitHandlers', urgent: false, title: RUNG_LABELS.warn } };
  if (rung === 'due') return { event: { type: 'DeadlineOverdue', rule: d.legalBasis, data }, effect: { ...base, audience: 'unitLeader', urgent: false, title: RUNG_LABELS.due } };
  const e = ESCALATIONS[rung];
  return { event: { type: e.type, rule: e.rule, data }, effect: { ...base, audience: e.audience, urgent: false, title: e.title } };
}

/**
 * A case deadline's rung: the engine's one rule (`decideClockRung`, libs/deadlines) with the case's effect attached.
 * The timing and the state rule live in the engine only.
 */
export function decideRung(d: RungView, rung: RungName, ladder: readonly LadderRung[], calendar: WorkingCalendar, now: Date): RungDecision {
  const r = decideClockRung(d, rung, ladder, calendar, now);
  if (r.kind !== 'fire') return r;
  return { ...r, ...caseRungEffect(d, rung) };
}
