import {
  type CaseType,
  type LocalDate,
  type PolicySet,
  type Regime,
  type TimeLimitPolicy,
  type WorkingCalendar,
  type ClockStart,
  type PeriodUnit,
  type LadderRung,
  chinaDate,
  clockDue,
  rungFireAt,
} from '#deadlines';
import { InvalidTransition, NotAssignee, UnknownGround, ClockRuleViolation } from './case.errors.js';
import { DEADLINE_KIND_LABELS, PAUSE_REASON_LABELS, REGULATION_NAMES, labelOf } from '#contracts';
import { declineGrounds, terminateGrounds } from './grounds.js';
import { HandoffRefused, ReturnWindowClosed } from './case.errors.js';
import { InvalidInput, NotFound } from '#kernel';
import { type RungEffect, decideRung, ladderFor, rungTime } from './rung.js';
import { RETURN_REASONS, REPORT_DECISIONS, RULES, type LinkKind, type ReturnReason, type ReportDecision } from './handoffs.js';
import { type CoUnit, type Supervision, type SupervisionKind, CoHandlingPending, COHANDLING_RULES, SUPERVISION_KIND_TEXT } from './cohandling.js';

import type { CaseStatus, Channel, CloseOutcome, DeadlineState, Satisfaction } from './vocabulary.js';
export { CASE_STATUSES, CASE_TYPES, CHANNELS, CLOSE_OUTCOMES, PAUSE_REASONS, SATISFACTIONS, type CaseStatus, type Channel, type CloseOutcome, type DeadlineState, type PauseReason, type Satisfaction } from './vocabulary.js';
export type { Role } from '#org';
import type { Role } from '#org';

export interface Actor {
  userId: string;
  unitId: string;
  role: Role;
  /** Client address (HTTP requests), for the identity-read audit. */
  ip?: string | null;
}

export interface DeadlinePause {
  id: string;
  reason: string;
  evidence: string | null;
  note: string | null;
  pausedAt: Date;
  pausedBy: string | null;
  resumedAt: Date | null;
  resumedBy: string | null;
}

export type ExtensionStatus = 'pending' | 'approved' | 'rejected';
export interface DeadlineExtension {
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

export type { RungEffect } from './rung.js';

export interface CaseDeadline {
  id: string;
  kind: string;
  policyId: string;
  legalBasis: string;
  startAt: Date;
  startDate: LocalDate;
  amount: number;
  unit: PeriodUnit;
  /** Units added by approved extensions (pauses are derived from `pauses`). */
  extended: number;
  pauses: DeadlinePause[];
  extensions: DeadlineExtension[];
  dueDate: LocalDate;
  dueAt: Date;
  state: DeadlineState;
  version: number;
  calendarGap: boolean;
  metAt: Date | null;
  overdueAt: Date | null;
  createdAt: Date;
}

export interface CaseEvent {
  id: string;
  type: string;
  at: Date;
  actorId: string | null;
  unitId: string | null;
  rule: string | null;
  note: string | null;
  data: Record<string, unknown>;
}

/** A wake-up the worker must arm: the deadline row stays the truth. */
export interface TimerRequest {
  deadlineId: string;
  version: number;
  rung: LadderRung['rung'];
  fireAt: Date;
}

export interface Party {
  name: string;
  phone: string;
  address: string;
}
export interface Respondent {
  name: string;
  creditCode: string | null;
  regionCode: string;
  /** 乡镇街道 (9 digits under regionCode), when known: routes straight to the township's station. */
  townshipCode?: string | null;
  address: string;
  platform: boolean;
}

export interface CaseProps {
  id: string;
  caseNo: string;
  type: CaseType;
  channel: Channel;
  status: CaseStatus;
  regime: Regime;
  receivedAt: Date;
  complainant: Party;
  respondent: Respondent;
  categoryCode: string;
  problemType: string | null;
  description: string;
  request: string | null;
  amount: number | null;
  assignedUnitId: string | null;
  routingRuleId: string | null;
  declineGround: string | null;
  outcome: CloseOutcome | null;
  closeGround: string | null;
  recoveredAmount: number | null;
  satisfaction: Satisfaction | null;
  registeredBy: string;
  registeredAt: Date;
  dispatchedAt: Date | null;
  signedAt: Date | null;
  decidedAt: Date | null;
  closedAt: Date | null;
  archivedAt: Date | null;
  version: number;
  deadlines: CaseDeadline[];
  // issue 4 (optional: callers that predate hand-offs need not set them)
  /** Reports: the reporter gave a real name (实名). false = anonymous: no name or phone required. */
  realName?: boolean;
  /** Where the reported violation happened (reports are routed there, O121 Art. 29); null = the respondent's region. */
  violationRegionCode?: string | null;
  returnCount?: number;
  /** The unit that last returned the case to the intake pool (for ruling the return unfounded). */
  returnedFromUnitId?: string | null;
  /** Units that held the case and handed it on, in order (ping-pong detection). */
  unitTrail?: string[];
  pingPong?: boolean;
  reportDecision?: ReportDecision | null;
  transferredOutTo?: string | null;
  answer?: string | null;
  mergedIntoId?: string | null;
  /** 协办 parts and 督办/催办 items (issue 4), loaded and saved with the case. */
  coUnits?: CoUnit[];
  supervisions?: Supervision[];
}

/** What the case needs from the outside world to arm a clock. */
export interface ClockContext {
  now: Date;
  calendar: WorkingCalendar;
  policies: PolicySet;
  newId: () => string;
}

export interface RouteDecision {
  unitId: string | null;
  ruleId: string | null;
  explanation: string;
}

const UNIT_TEXT: Record<PeriodUnit, string> = { workingDays: '个工作日', calendarDays: '日', hours: '小时' };

// Which events stop which steps' clocks. Starts come from the policy's startsAt.
const STOPS: Record<string, readonly string[]> = {
  acceptance: ['accepted', 'declined'],
  sign: ['signed', 'returned'],
  returnWindow: ['signed', 'returned'],
  reporterNotice: ['reporterNotified'],
  firstResponse: ['signed', 'accepted', 'declined'],
  mediation: ['closed'],
  verification: ['closed'],
  answer: ['closed'],
  terminationNotice: ['terminationNotified'],
  callback: ['archived'],
};

export type RegisterInput = Omit<
  CaseProps,
  | 'status' | 'regime' | 'assignedUnitId' | 'routingRuleId' | 'declineGround' | 'outcome' | 'closeGround'
  | 'recoveredAmount' | 'satisfaction' | 'registeredAt' | 'dispatchedAt' | 'signedAt' | 'decidedAt'
  | 'closedAt' | 'archivedAt' | 'version' | 'deadlines'
>;

/**
 * One complaint, report or inquiry. Records its events and the timers to arm; the application layer
 * commits both with the state in one transaction.
 */
export class Case {
  private events: CaseEvent[] = [];
  private timers: TimerRequest[] = [];

  private constructor(private props: CaseProps) {}

  static restore(props: CaseProps): Case {
    return new Case({
      ...props,
      deadlines: props.deadlines.map((d) => ({ ...d, pauses: d.pauses.map((p) => ({ ...p })), extensions: d.extensions.map((e) => ({ ...e })) })),
    });
  }

  static register(input: RegisterInput, route: RouteDecision, actor: Actor, ctx: ClockContext): Case {
    if (!ctx.policies.regime) throw new Error(`no legal regime in force for ${input.type} received ${chinaDate(input.receivedAt)}`);
    const c = new Case({
      ...input,
      status: 'pendingDispatch',
      regime: ctx.policies.regime,
      assignedUnitId: null,
      routingRuleId: null,
      declineGround: null,
      outcome: null,
      closeGround: null,
      recoveredAmount: null,
      satisfaction: null,
      registeredAt: ctx.now,
      dispatchedAt: null,
      signedAt: null,
      decidedAt: null,
      closedAt: null,
      archivedAt: null,
      version: 0,
      deadlines: [],
    });
    c.record(ctx, actor, 'CaseRegistered', {
      rule: c.props.regime === 'O121' ? `${REGULATION_NAMES.O121}（2026年4月15日施行）` : `${REGULATION_NAMES.O20}（2026年4月15日前收到的适用）`,
      data: { caseNo: input.caseNo, type: input.type, channel: input.channel, receivedAt: input.receivedAt.toISOString() },
    });
    c.startClocks('receipt', input.receivedAt, actor, ctx);
    if (route.unitId) {
      c.dispatchTo(route.unitId, actor, ctx, { rule: route.explanation, auto: true, ruleId: route.ruleId });
    } else {
      c.record(ctx, actor, 'CaseLeftInPool', { rule: route.explanation });
    }
    return c;
  }

  get id() { return this.props.id; }
  get status() { return this.props.status; }
  get regime() { return this.props.regime; }
  get assignedUnitId() { return this.props.assignedUnitId; }
  get type() { return this.props.type; }
  get receivedAt() { return this.props.receivedAt; }
  get version() { return this.props.version; }
  get deadlines(): readonly CaseDeadline[] { return this.props.deadlines; }
  get overdue(): boolean {
    return this.props.deadlines.some((d) => d.state === 'overdue' && d.metAt === null);
  }
  snapshot(): Readonly<CaseProps> { return this.props; }

  pullEvents(): CaseEvent[] {
    const e = this.events;
    this.events = [];
    return e;
  }
  pullTimers(): TimerRequest[] {
    const t = this.timers;
    this.timers = [];
    return t;
  }

  /** Manual dispatch from the intake unit's pool (分派). */
  dispatch(unitId: string, actor: Actor, ctx: ClockContext, note: string | null): void {
    this.require('dispatch', ['pendingDispatch']);
    this.dispatchTo(unitId, actor, ctx, { rule: '人工分派（《市场监督管理投诉举报处理办法》第四十一条）', auto: false, ruleId: null, note });
  }

  sign(actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    this.require('sign', ['dispatched']);
    this.props.status = 'signed';
    this.props.signedAt = ctx.now;
    this.record(ctx, actor, 'CaseSigned', {});
    this.stopClocks('signed', actor, ctx);
  }

  accept(actor: Actor, ctx: ClockContext, note: string | null): void {
    this.requireAssignee(actor);
    this.require('accept', ['signed']);
    this.props.status = 'accepted';
    this.props.decidedAt = ctx.now;
    this.record(ctx, actor, 'CaseAccepted', { note, rule: `${REGULATION_NAMES[this.props.regime]}${this.props.regime === 'O121' ? '第十五条' : '第十四条'}` });
    this.stopClocks('accepted', actor, ctx);
    this.startClocks('acceptance', ctx.now, actor, ctx);
  }

  decline(ground: string, note: string | null, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    this.require('decline', ['signed']);
    const g = declineGrounds(this.props.regime).find((x) => x.code === ground);
    if (!g) throw new UnknownGround('ground', ground, this.props.regime);
    this.props.status = 'declined';
    this.props.decidedAt = ctx.now;
    this.props.declineGround = ground;
    this.record(ctx, actor, 'CaseDeclined', { note, rule: g.article, data: { ground, groundText: g.text } });
    this.stopClocks('declined', actor, ctx);
  }

  addMediationNote(note: string, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    this.require('mediate', ['accepted']);
    this.record(ctx, actor, 'MediationNoted', { note });
  }

  close(
    input: { outcome: CloseOutcome; ground: string | null; note: string | null; recoveredAmount: number | null },
    actor: Actor,
    ctx: ClockContext,
  ): void {
    this.requireAssignee(actor);
    this.require('close', ['accepted']);
    this.requireCoHandlingDone();
    let rule: string | null = null;
    if (input.outcome === 'terminated') {
      const g = terminateGrounds(this.props.regime).find((x) => x.code === input.ground);
      if (!g) throw new UnknownGround('ground', input.ground ?? '', this.props.regime);
      rule = g.article;
    }
    this.props.status = 'closed';
    this.props.closedAt = ctx.now;
    this.props.outcome = input.outcome;
    this.props.closeGround = input.outcome === 'terminated' ? input.ground : null;
    this.props.recoveredAmount = input.recoveredAmount;
    this.record(ctx, actor, 'CaseClosed', {
      note: input.note,
      rule,
      data: { outcome: input.outcome, ground: this.props.closeGround, recoveredAmount: input.recoveredAmount },
    });
    this.stopClocks('closed', actor, ctx);
    if (input.outcome === 'terminated') this.startClocks('termination', ctx.now, actor, ctx);
    this.startClocks('close', ctx.now, actor, ctx);
  }

  /** Both parties told of the termination of mediation (O121 Art. 23: within 7 working days). */
  notifyTermination(note: string | null, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    const pending = this.props.deadlines.find((d) => d.kind === 'terminationNotice' && d.state !== 'cancelled' && d.metAt === null);
    if (this.props.outcome !== 'terminated' || !pending) throw new InvalidTransition(this.id, this.props.status, 'notifyTermination');
    // The rule is the step's own legal basis (policy data), so an O20 case does not cite O121.
    this.record(ctx, actor, 'TerminationNotified', { note, rule: pending.legalBasis });
    this.stopClocks('terminationNotified', actor, ctx);
  }

  recordCallback(satisfaction: Satisfaction, note: string | null, actor: Actor, ctx: ClockContext): void {
    if (actor.role !== 'operator') throw new NotAssignee();
    this.require('callback', ['closed', 'declined']);
    this.props.satisfaction = satisfaction;
    this.record(ctx, actor, 'CallbackRecorded', { note, data: { satisfaction } });
    this.props.status = 'archived';
    this.props.archivedAt = ctx.now;
    this.record(ctx, actor, 'CaseArchived', {});
    this.stopClocks('archived', actor, ctx);
  }

  /**
   * A timer rung of a deadline woke up. Returns null (and changes nothing) for a stale version, a finished
   * clock, a rung that no longer applies, or an early wake-up: the row, not the job, is the truth.
   * `due` marks the step overdue; later rungs escalate only while the step is still undone.
   */
  fireRung(deadlineId: string, version: number, rung: LadderRung['rung'], ctx: ClockContext): RungEffect | null {
    const d = this.props.deadlines.find((x) => x.id === deadlineId);
    if (!d || d.version !== version) return null;
    // One rule for both paths: the worker's lean firing calls decideRung on the row alone.
    const r = decideRung({ ...d, caseId: this.id }, rung, this.ladderOf(d, ctx), ctx.calendar, ctx.now);
    if (r.kind !== 'fire') return null;
    if (r.newState) {
      d.state = r.newState;
      d.overdueAt = ctx.now;
    }
    this.record(ctx, null, r.event.type, { rule: r.event.rule, data: r.event.data });
    return r.effect;
  }

  /** Kept for callers that only know the `due` rung. */
  markOverdue(deadlineId: string, version: number, ctx: ClockContext): boolean {
    return this.fireRung(deadlineId, version, 'due', ctx) !== null;
  }

  /** When a rung of one of this case's deadlines is due to fire, on the current calendar; null if none. */
  rungTime(d: CaseDeadline, rung: LadderRung['rung'], ctx: ClockContext): Date | null {
    return rungTime(d, rung, this.ladderOf(d, ctx), ctx.calendar);
  }

  /** 中止 / 检验检测鉴定 / 补正材料: stop a clock with a reason the regime allows for that step. */
  pauseClock(kind: string, input: { reason: string; evidence: string | null; note: string | null }, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    const d = this.liveDeadline(kind, 'pause');
    if (d.state !== 'running') throw new InvalidTransition(this.id, d.state, 'pause');
    const allowed = this.policyOf(d, ctx)?.pauseReasons ?? [];
    if (!allowed.includes(input.reason))
      throw new ClockRuleViolation('reason', 'PAUSE_NOT_ALLOWED', `${REGULATION_NAMES[this.policyOf(d, ctx)?.regime ?? this.props.regime]}对“${labelOf(DEADLINE_KIND_LABELS, kind)}”期限不允许以“${labelOf(PAUSE_REASON_LABELS, input.reason)}”为由暂停计时`);
    d.pauses.push({ id: ctx.newId(), reason: input.reason, evidence: input.evidence, note: input.note, pausedAt: ctx.now, pausedBy: actor.userId, resumedAt: null, resumedBy: null });
    d.state = 'paused';
    d.version++;
    this.record(ctx, actor, 'ClockPaused', { note: input.note, rule: d.legalBasis, data: { deadlineId: d.id, kind, reason: input.reason, evidence: input.evidence } });
  }

  resumeClock(kind: string, note: string | null, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    const d = this.liveDeadline(kind, 'resume');
    const open = d.pauses.find((p) => p.resumedAt === null);
    if (d.state !== 'paused' || !open) throw new InvalidTransition(this.id, d.state, 'resume');
    open.resumedAt = ctx.now;
    open.resumedBy = actor.userId;
    d.state = 'running';
    this.record(ctx, actor, 'ClockResumed', { note, rule: d.legalBasis, data: { deadlineId: d.id, kind, reason: open.reason } });
    this.reschedule(d, ctx, actor, `暂停计时（${labelOf(PAUSE_REASON_LABELS, open.reason)}）不计入期限`, true);
  }

  /** 申请延期: before expiry, with a reason, within the policy's cap. */
  requestExtension(kind: string, amount: number, reason: string, actor: Actor, ctx: ClockContext): DeadlineExtension {
    this.requireAssignee(actor);
    const d = this.liveDeadline(kind, 'requestExtension');
    if (d.state !== 'running') throw new InvalidTransition(this.id, d.state, 'requestExtension');
    if (ctx.now.getTime() > d.dueAt.getTime()) throw new ClockRuleViolation('kind', 'EXTENSION_TOO_LATE', '期限已届满，不能再申请延期');
    if (d.extensions.some((e) => e.status === 'pending')) throw new ClockRuleViolation('kind', 'EXTENSION_PENDING', '已有待审批的延期申请');
    this.checkCap(d, amount, ctx, 'amount');
    const today = chinaDate(ctx.now);
    const e: DeadlineExtension = {
      id: ctx.newId(), amount, reason, requestedAt: ctx.now, requestedBy: actor.userId,
      // Less than one working day left: the request is flagged for the approver.
      lastMinute: ctx.calendar.workingDaysBetween(today, d.dueDate) < 1,
      status: 'pending', decidedAt: null, decidedBy: null, decisionNote: null,
    };
    d.extensions.push(e);
    this.record(ctx, actor, 'ExtensionRequested', {
      note: reason, rule: this.policyOf(d, ctx)?.extensionBasis ?? d.legalBasis,
      data: { deadlineId: d.id, kind, extensionId: e.id, amount, unit: d.unit, lastMinute: e.lastMinute },
    });
    return e;
  }

  /** The unit leader or the level above approves or rejects; approval moves the deadline and notifies the party. */
  decideExtension(extensionId: string, approve: boolean, note: string | null, actor: Actor, ctx: ClockContext): void {
    const d = this.props.deadlines.find((x) => x.extensions.some((e) => e.id === extensionId));
    const e = d?.extensions.find((x) => x.id === extensionId);
    if (!d || !e) throw new ClockRuleViolation('extensionId', 'UNKNOWN_EXTENSION', '延期申请不存在');
    if (e.status !== 'pending') throw new InvalidTransition(this.id, e.status, approve ? 'approveExtension' : 'rejectExtension');
    e.decidedAt = ctx.now;
    e.decidedBy = actor.userId;
    e.decisionNote = note;
    if (!approve || d.state === 'met' || d.state === 'cancelled' || d.metAt !== null) {
      e.status = 'rejected';
      this.record(ctx, actor, 'ExtensionRejected', { note, data: { deadlineId: d.id, kind: d.kind, extensionId } });
      return;
    }
    this.checkCap(d, e.amount, ctx, 'extensionId', e.id);
    e.status = 'approved';
    d.extended += e.amount;
    if (d.state === 'overdue') {
      d.state = 'running';
      d.overdueAt = null;
    }
    const basis = this.policyOf(d, ctx)?.extensionBasis ?? d.legalBasis;
    this.record(ctx, actor, 'ExtensionApproved', { note, rule: basis, data: { deadlineId: d.id, kind: d.kind, extensionId, amount: e.amount, unit: d.unit } });
    this.reschedule(d, ctx, actor, `延期${e.amount}${UNIT_TEXT[d.unit]}（${basis}）`, true);
    const party = this.props.type === 'report' ? '举报人' : '投诉人';
    this.record(ctx, actor, 'ExtensionNoticeRecorded', {
      rule: basis,
      data: { deadlineId: d.id, to: party, text: `您的${this.props.type === 'report' ? '举报' : '投诉'}（${this.props.caseNo}）办理期限已依法延长至${d.dueDate}。` },
    });
  }

  /**
   * The calendar changed (a year loaded, a day edited): recompute every live clock on the new calendar and
   * journal each move. Returns how many deadlines moved.
   */
  recomputeDeadlines(ctx: ClockContext, cause: string): number {
    let moved = 0;
    for (const d of this.props.deadlines) {
      if (d.metAt !== null || d.state === 'met' || d.state === 'cancelled') continue;
      if (this.reschedule(d, ctx, null, cause, false)) moved++;
    }
    return moved;
  }

  // ---- hand-offs, reports, inquiries (issue 4)

  get realName(): boolean { return this.props.realName ?? true; }
  get caseNo() { return this.props.caseNo; }

  /**
   * 退回: the assigned unit hands the case back to the intake unit's pool with a reason, within the local
   * return window counted from the dispatch — never sideways to another unit (O121 Art. 41).
   */
  returnToIntake(input: { reason: ReturnReason; note: string | null; suggestedUnitId: string | null }, actor: Actor, ctx: ClockContext, toUnitId: string | null = null): void {
    this.requireAssignee(actor);
    this.require('return', ['dispatched', 'signed']);
    if (!(input.reason in RETURN_REASONS)) throw new InvalidInput([{ field: 'reason', code: 'UNKNOWN_REASON', message: '退回理由不在分类中' }]);
    if (input.reason === 'other' && !input.note?.trim())
      throw new InvalidInput([{ field: 'note', code: 'REQUIRED', message: '退回理由为“其他”时须说明具体原因' }]);
    const window = this.props.deadlines.find((d) => d.kind === 'returnWindow' && d.state !== 'cancelled');
    if (window && ctx.now.getTime() > window.dueAt.getTime()) throw new ReturnWindowClosed(window.dueDate);
    const from = this.props.assignedUnitId!;
    this.leave(from);
    this.props.returnCount = (this.props.returnCount ?? 0) + 1;
    this.props.returnedFromUnitId = from;
    this.props.assignedUnitId = toUnitId;
    this.props.routingRuleId = null;
    this.props.status = toUnitId ? 'dispatched' : 'pendingDispatch';
    if (toUnitId) {
      this.props.dispatchedAt = ctx.now;
      this.props.signedAt = null;
    }
    this.record(ctx, actor, 'CaseReturned', {
      rule: toUnitId ? RULES.returnToCounty : RULES.returnToIntake,
      note: input.note,
      data: {
        fromUnitId: from, ...(toUnitId ? { toUnitId } : {}), reason: input.reason, reasonText: RETURN_REASONS[input.reason],
        suggestedUnitId: input.suggestedUnitId, returnCount: this.props.returnCount,
      },
    });
    this.stopClocks('returned', actor, ctx);
    // Back at the county it is a fresh receipt there: its sign pledge and return window run again.
    if (toUnitId) this.startClocks('dispatch', ctx.now, actor, ctx);
    this.checkPingPong(null, actor, ctx, toUnitId);
  }

  /**
   * 分派到所: the county bureau `countyId` hands its case — or one of its stations' (a re-dispatch) — to one of its
   * stations (the caller checked that the station is under the county). Handing its own case on is taking it in:
   * a case the county has not signed for is signed for by it first; then the station's sign pledge and return window run from now, as for any dispatch. The acceptance and
   * mediation clocks keep running (they count from receipt / acceptance, not from a hop).
   */
  dispatchToStation(stationId: string, countyId: string, actor: Actor, ctx: ClockContext, note: string | null): void {
    this.require('dispatchToStation', ['dispatched', 'signed', 'accepted']);
    const from = this.props.assignedUnitId!;
    if (stationId === from) throw new HandoffRefused('unitId', '案件已在该市场监管所');
    if (this.props.status === 'accepted') {
      // Accepted by the county, mediated by the station: in the station's hands at once (nothing left to sign for
      // or return), the mediation clock runs on.
      this.leave(from);
      this.props.assignedUnitId = stationId;
      this.props.routingRuleId = null;
      this.record(ctx, actor, 'CaseDispatched', {
        rule: RULES.dispatchToStation, note,
        data: { toUnitId: stationId, auto: false, routingRuleId: null, fromUnitId: from, signed: true },
      });
      this.checkPingPong(stationId, actor, ctx, countyId);
      return;
    }
    if (this.props.status === 'dispatched' && from === countyId) this.sign({ ...actor, unitId: from }, ctx);
    this.leave(from);
    this.dispatchTo(stationId, actor, ctx, { rule: RULES.dispatchToStation, auto: false, ruleId: null, note, fromUnitId: from });
    this.props.signedAt = null;
    this.checkPingPong(stationId, actor, ctx, countyId);
  }

  /** 收回: the county takes a case back from its station (the caller checked the holder is its station). */
  recall(countyId: string, reason: string, actor: Actor, ctx: ClockContext): void {
    this.require('recall', ['dispatched', 'signed', 'accepted']);
    this.pullBack(countyId, 'CaseRecalled', RULES.recall, reason, actor, ctx);
  }

  /** The intake unit rules the last return unfounded and sends the case back to the unit that returned it. */
  rejectReturn(note: string, actor: Actor, ctx: ClockContext): void {
    this.require('rejectReturn', ['pendingDispatch']);
    const back = this.props.returnedFromUnitId;
    if (!back) throw new InvalidTransition(this.id, this.props.status, 'rejectReturn');
    this.record(ctx, actor, 'ReturnRejected', { rule: RULES.rejectReturn, note, data: { toUnitId: back } });
    this.dispatchTo(back, actor, ctx, { rule: RULES.rejectReturn, auto: false, ruleId: null, note });
  }

  /** 转办: the intake unit moves the case from the unit holding it to another unit in the system. */
  transfer(toUnitId: string, reason: string, actor: Actor, ctx: ClockContext): void {
    this.require('transfer', ['dispatched', 'signed']);
    const from = this.props.assignedUnitId!;
    if (toUnitId === from) throw new HandoffRefused('unitId', '案件已在该单位，无需转办');
    this.handTo(toUnitId, 'CaseTransferred', RULES.transfer, reason, actor, ctx);
    this.checkPingPong(toUnitId, actor, ctx);
  }

  /**
   * 移送: out of the system to another agency; the notice text to the complainant/reporter is recorded. The
   * intake unit (asIntake, checked by the caller) or the assigned unit may do it.
   */
  transferOut(input: { agency: string; notice: string; note: string | null }, asIntake: boolean, actor: Actor, ctx: ClockContext): void {
    if (!asIntake) this.requireAssignee(actor);
    this.require('transferOut', ['pendingDispatch', 'dispatched', 'signed']);
    const from = this.props.assignedUnitId;
    if (from) this.leave(from);
    this.props.status = 'transferredOut';
    this.props.transferredOutTo = input.agency;
    this.props.closedAt = ctx.now;
    this.record(ctx, actor, 'CaseTransferredOut', {
      rule: RULES.transferOut, note: input.note, data: { fromUnitId: from, agency: input.agency, notice: input.notice },
    });
    this.cancelClocks('transferredOut', actor, ctx);
  }

  /** 提级办理: a higher unit (the caller checked it is above the holder) takes the case over, in hand at once. */
  takeOver(reason: string, actor: Actor, ctx: ClockContext): void {
    this.require('takeOver', ['dispatched', 'signed', 'accepted']);
    this.pullBack(actor.unitId, 'CaseTakenOver', RULES.takeOver, reason, actor, ctx);
  }

  /** A unit above the holder takes the case into its own hands, in hand at once (a dispatched case is signed). */
  private pullBack(toUnitId: string, event: string, rule: string, reason: string, actor: Actor, ctx: ClockContext): void {
    const from = this.props.assignedUnitId!;
    if (from === toUnitId) throw new HandoffRefused('unitId', '案件已由本单位办理');
    this.leave(from);
    this.props.assignedUnitId = toUnitId;
    this.props.routingRuleId = null;
    this.record(ctx, actor, event, { rule, note: reason, data: { fromUnitId: from, toUnitId, signed: true } });
    if (this.props.status === 'dispatched') {
      this.props.status = 'signed';
      this.props.signedAt = ctx.now;
      this.stopClocks('signed', actor, ctx);
    }
  }

  /** 报请上级: the assigned unit refers the case to its parent unit (resolved by the caller), which must sign for it. */
  referUp(toUnitId: string, reason: string, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    this.require('referUp', ['dispatched', 'signed']);
    const from = this.props.assignedUnitId!;
    if (toUnitId === from) throw new HandoffRefused('unitId', '没有上级单位可报请');
    this.handTo(toUnitId, 'CaseReferredUp', RULES.referUp, reason, actor, ctx);
  }

  /** The unit holding the case hands it to another (transfer, referral up): a fresh dispatch there. */
  private handTo(toUnitId: string, event: string, rule: string, reason: string, actor: Actor, ctx: ClockContext): void {
    const from = this.props.assignedUnitId!;
    this.leave(from);
    this.props.assignedUnitId = toUnitId;
    this.props.routingRuleId = null;
    this.props.status = 'dispatched';
    this.props.dispatchedAt = ctx.now;
    this.props.signedAt = null;
    this.record(ctx, actor, event, { rule, note: reason, data: { fromUnitId: from, toUnitId } });
    this.startClocks('dispatch', ctx.now, actor, ctx);
  }

  /** 核查记录: what the unit found while verifying a report. */
  addVerificationNote(note: string, actor: Actor, ctx: ClockContext): void {
    this.requireReport('verify');
    this.requireAssignee(actor);
    this.require('verify', ['signed']);
    this.record(ctx, actor, 'VerificationNoted', { note });
  }

  /**
   * 立案 / 不予立案 within the verification deadline; closes the report. For a real-name reporter the local
   * reporterNotice step (if enabled) starts now.
   */
  decideReport(decision: ReportDecision, note: string, actor: Actor, ctx: ClockContext): void {
    this.requireReport('decide');
    this.requireAssignee(actor);
    this.require('decide', ['signed']);
    this.requireCoHandlingDone();
    if (!(decision in REPORT_DECISIONS)) throw new InvalidInput([{ field: 'decision', code: 'UNKNOWN_DECISION', message: '决定应为立案或不予立案' }]);
    this.props.status = 'closed';
    this.props.reportDecision = decision;
    this.props.decidedAt = ctx.now;
    this.props.closedAt = ctx.now;
    this.record(ctx, actor, 'ReportDecided', { rule: RULES.reportDecision, note, data: { decision, decisionText: REPORT_DECISIONS[decision] } });
    this.record(ctx, actor, 'CaseClosed', { rule: RULES.reportDecision, data: { outcome: decision, ground: null, recoveredAmount: null } });
    this.stopClocks('closed', actor, ctx);
    if (this.realName) this.startClocks('decision', ctx.now, actor, ctx);
  }

  /** The real-name reporter was told of the decision (O20 Art. 31, kept as a local step). */
  notifyReporter(note: string | null, actor: Actor, ctx: ClockContext): void {
    this.requireReport('notifyReporter');
    if (actor.role !== 'operator') this.requireAssignee(actor);
    if (!this.props.reportDecision || !this.realName) throw new InvalidTransition(this.id, this.props.status, 'notifyReporter');
    const pending = this.props.deadlines.find((d) => d.kind === 'reporterNotice' && d.state !== 'cancelled' && d.metAt === null);
    this.record(ctx, actor, 'ReporterNotified', {
      note, rule: pending?.legalBasis ?? '《市场监督管理投诉举报处理暂行办法》第三十一条（地方保留步骤）', data: { decision: this.props.reportDecision },
    });
    this.stopClocks('reporterNotified', actor, ctx);
  }

  /**
   * 咨询答复: the operator answers from the pool on the call (asIntake), or the unit it was routed to answers
   * after signing. Closes the inquiry.
   */
  answerInquiry(answer: string, asIntake: boolean, actor: Actor, ctx: ClockContext): void {
    if (this.props.type !== 'inquiry') throw new InvalidTransition(this.id, this.props.status, 'answer');
    if (this.props.status === 'pendingDispatch') {
      if (!asIntake) throw new NotAssignee();
    } else {
      this.requireAssignee(actor);
      this.require('answer', ['signed']);
    }
    this.props.status = 'closed';
    this.props.answer = answer;
    this.props.closedAt = ctx.now;
    this.record(ctx, actor, 'InquiryAnswered', { rule: RULES.inquiryAnswered, note: answer });
    this.record(ctx, actor, 'CaseClosed', { data: { outcome: 'answered', ground: null, recoveredAmount: null } });
    this.stopClocks('closed', actor, ctx);
  }

  /** 咨询转投诉/举报: the inquiry closes, pointing at the new case (the caller registers it and links it back). */
  convertInquiry(to: { id: string; caseNo: string; type: string }, asIntake: boolean, actor: Actor, ctx: ClockContext): void {
    if (this.props.type !== 'inquiry') throw new InvalidTransition(this.id, this.props.status, 'convert');
    if (!asIntake) this.requireAssignee(actor);
    this.require('convert', ['pendingDispatch', 'dispatched', 'signed']);
    this.props.status = 'closed';
    this.props.closedAt = ctx.now;
    this.record(ctx, actor, 'InquiryConverted', { rule: RULES.inquiryConverted, data: { toCaseId: to.id, toCaseNo: to.caseNo, toType: to.type } });
    this.linkTo('convertedTo', to, actor, ctx);
    this.record(ctx, actor, 'CaseClosed', { data: { outcome: 'converted', ground: null, recoveredAmount: null } });
    this.stopClocks('closed', actor, ctx);
  }

  /** Records a link to another case (written to case_links by the repository). */
  linkTo(kind: LinkKind, other: { id: string; caseNo: string }, actor: Actor | null, ctx: ClockContext, rule: string | null = null): void {
    this.record(ctx, actor, 'CaseLinked', { rule, data: { kind, otherCaseId: other.id, otherCaseNo: other.caseNo } });
  }

  /** 并单 (source side): this case is merged into an open one and is not handled again. */
  mergeInto(target: { id: string; caseNo: string }, newFacts: boolean, actor: Actor, ctx: ClockContext): void {
    if (target.id === this.id) throw new HandoffRefused('intoCaseId', '不能并入本案');
    this.require('merge', ['pendingDispatch', 'dispatched', 'signed']);
    const rule = this.props.type === 'report' ? (newFacts ? RULES.newFacts : RULES.repeatReport) : RULES.merge;
    this.props.status = 'merged';
    this.props.mergedIntoId = target.id;
    this.props.closedAt = ctx.now;
    this.record(ctx, actor, 'CaseMerged', { rule, data: { intoCaseId: target.id, intoCaseNo: target.caseNo, newFacts } });
    this.linkTo(this.props.type === 'report' && !newFacts ? 'repeatOf' : 'mergedInto', target, actor, ctx);
    this.cancelClocks('merged', actor, ctx);
  }

  /**
   * 并单 (target side). A report with new facts from the same reporter takes them in and its verification
   * clock restarts from the new report's receipt (O121 Art. 35); the same facts are only linked.
   */
  absorb(source: { id: string; caseNo: string; type: string; description: string; receivedAt: Date }, newFacts: boolean, actor: Actor, ctx: ClockContext): void {
    this.require('absorb', ['pendingDispatch', 'dispatched', 'signed', 'accepted']);
    if (this.props.type === 'report' && source.type === 'report') {
      if (newFacts) {
        this.props.description = `${this.props.description}\n\n【${source.caseNo} 补充的新事实】${source.description}`;
        this.linkTo('mergedFrom', source, actor, ctx, RULES.newFacts);
        const p = ctx.policies.steps.find((s) => s.step === 'verification');
        if (p) {
          this.record(ctx, actor, 'VerificationRestarted', { rule: RULES.newFacts, data: { fromCaseId: source.id, startAt: source.receivedAt.toISOString() } });
          this.arm(p, source.receivedAt, actor, ctx);
        }
      } else {
        this.linkTo('repeatedBy', source, actor, ctx, RULES.repeatReport);
      }
      return;
    }
    this.linkTo('mergedFrom', source, actor, ctx, RULES.merge);
  }

  private requireReport(action: string): void {
    if (this.props.type !== 'report') throw new InvalidTransition(this.id, this.props.status, action);
  }

  private leave(unitId: string): void {
    const trail = (this.props.unitTrail ??= []);
    trail.push(unitId);
  }

  /** Returned twice or more, or sent back to a unit that had already handed it on (A→B→A): flag once. */
  private checkPingPong(toUnitId: string | null, actor: Actor, ctx: ClockContext, county: string | null = null): void {
    if (this.props.pingPong) return;
    const trail = this.props.unitTrail ?? [];
    const bounced = toUnitId !== null && trail.slice(0, -1).includes(toUnitId);
    if ((this.props.returnCount ?? 0) < 2 && !bounced) return;
    this.props.pingPong = true;
    this.record(ctx, actor, 'PingPongFlagged', {
      rule: RULES.pingPong,
      // Between a county and its stations it is the county's leader who should look (the intake unit is not involved).
      data: { returnCount: this.props.returnCount ?? 0, unitTrail: [...trail], ...(county ? { audience: 'countyLeader', countyId: county } : { audience: 'intakeLeader' }) },
    });
  }

  /** Ends every live clock without meeting it: the case left the system or was merged away. */
  private cancelClocks(cause: string, actor: Actor | null, ctx: ClockContext): void {
    for (const d of this.props.deadlines) {
      if (d.metAt !== null || d.state === 'met' || d.state === 'cancelled') continue;
      d.state = 'cancelled';
      d.version++;
      this.record(ctx, actor, 'DeadlineCancelled', { rule: cause, data: { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt.toISOString() } });
    }
  }

  // ---- co-handling and supervision (issue 4)

  get coUnits(): readonly CoUnit[] { return this.props.coUnits ?? []; }
  get supervisions(): readonly Supervision[] { return this.props.supervisions ?? []; }
  /** Units with a part on the case (any state): they may see it, with the reporter masked. */
  get coUnitIds(): string[] { return this.coUnits.map((u) => u.unitId); }

  /**
   * 协办: the intake unit (asIntake, checked by the caller) or the lead unit's leader adds co-units. The caller
   * checked the ids are handling units. A co-unit whose part is still pending cannot be added again; one whose
   * part was submitted or released gets a new pending part.
   */
  addCoUnits(unitIds: readonly string[], note: string | null, asIntake: boolean, actor: Actor, ctx: ClockContext): void {
    const lead = this.props.assignedUnitId;
    const isLeadLeader = actor.role === 'leader' && actor.unitId === lead;
    if (!asIntake && !isLeadLeader) throw new NotAssignee();
    this.require('addCoUnits', ['dispatched', 'signed', 'accepted']);
    const ids = [...new Set(unitIds)];
    if (!ids.length) throw new InvalidInput([{ field: 'unitIds', code: 'REQUIRED', message: '请选择协办单位' }]);
    if (ids.includes(lead!)) throw new HandoffRefused('unitIds', '主办单位不能同时为协办单位');
    const list = (this.props.coUnits ??= []);
    const pending = ids.filter((id) => list.some((u) => u.unitId === id && u.state === 'pending'));
    if (pending.length) throw new HandoffRefused('unitIds', '该单位已是本案协办单位，尚未反馈');
    for (const unitId of ids) {
      const part: CoUnit = { unitId, addedAt: ctx.now, addedBy: actor.userId, state: 'pending', submittedAt: null, text: null };
      const i = list.findIndex((u) => u.unitId === unitId);
      if (i >= 0) list[i] = part;
      else list.push(part);
    }
    this.record(ctx, actor, 'CoUnitsAdded', { rule: COHANDLING_RULES.coUnits, note, data: { leadUnitId: lead, unitIds: ids } });
  }

  /** A co-unit (its handlers or leader) submits its part; one open part per co-unit. */
  submitCoReport(text: string, actor: Actor, ctx: ClockContext): void {
    if (!['handler', 'leader'].includes(actor.role)) throw new NotAssignee();
    const part = this.coUnits.find((u) => u.unitId === actor.unitId && u.state === 'pending');
    if (!part) throw new InvalidTransition(this.id, this.coUnits.find((u) => u.unitId === actor.unitId)?.state ?? 'notCoUnit', 'submitCoReport');
    this.require('submitCoReport', ['dispatched', 'signed', 'accepted']);
    part.state = 'submitted';
    part.submittedAt = ctx.now;
    part.text = text;
    this.record(ctx, actor, 'CoReportSubmitted', { rule: COHANDLING_RULES.coUnits, note: text, data: { unitId: actor.unitId } });
  }

  /** The lead unit ends a co-unit's pending part without waiting for it (so the case may be closed). */
  releaseCoUnit(unitId: string, note: string, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    const part = this.coUnits.find((u) => u.unitId === unitId);
    if (!part || part.state !== 'pending') throw new InvalidTransition(this.id, part?.state ?? 'notCoUnit', 'releaseCoUnit');
    part.state = 'released';
    this.record(ctx, actor, 'CoUnitReleased', { rule: COHANDLING_RULES.coUnits, note, data: { unitId } });
  }

  /** Closing (办结, 立案/不予立案) waits for every co-unit's part, unless the lead released it. */
  requireCoHandlingDone(): void {
    const pending = this.coUnits.filter((u) => u.state === 'pending').map((u) => u.unitId);
    if (pending.length) throw new CoHandlingPending(pending);
  }

  /**
   * 督办/催办 by a unit above the assigned unit or by the intake unit (the caller checked which, and passes the
   * opening unit). The assigned unit must answer within `responseDays` working days on the current calendar.
   */
  openSupervision(
    input: { kind: SupervisionKind; note: string; responseDays: number; openedByUnitId: string },
    actor: Actor,
    ctx: ClockContext,
  ): Supervision {
    if (!(input.kind in SUPERVISION_KIND_TEXT)) throw new InvalidInput([{ field: 'kind', code: 'UNKNOWN_KIND', message: '应为督办或催办' }]);
    if (!Number.isInteger(input.responseDays) || input.responseDays < 1 || input.responseDays > 30)
      throw new InvalidInput([{ field: 'responseDays', code: 'OUT_OF_RANGE', message: '反馈期限应为1至30个工作日' }]);
    this.require('supervise', ['dispatched', 'signed', 'accepted']);
    const target = this.props.assignedUnitId!;
    if (target === input.openedByUnitId) throw new HandoffRefused('unitId', '不能督办本单位承办的案件');
    const due = clockDue(ctx.calendar, { startAt: ctx.now, amount: input.responseDays, unit: 'workingDays', pauses: [], extended: 0 });
    const s: Supervision = {
      id: ctx.newId(), kind: input.kind, openedByUnitId: input.openedByUnitId, targetUnitId: target, openedAt: ctx.now,
      openedBy: actor.userId, dueAt: due.dueAt, answeredAt: null, answeredBy: null, answer: null, auto: false, overdueAt: null,
    };
    (this.props.supervisions ??= []).push(s);
    this.record(ctx, actor, 'SupervisionOpened', {
      rule: COHANDLING_RULES[input.kind], note: input.note,
      data: { supervisionId: s.id, kind: s.kind, kindText: SUPERVISION_KIND_TEXT[s.kind], openedByUnitId: s.openedByUnitId, targetUnitId: target, dueAt: s.dueAt.toISOString(), dueDate: due.dueDate, auto: false },
    });
    return s;
  }

  /** The target unit (its handlers or leader) answers a supervision item, late or not. */
  answerSupervision(supervisionId: string, answer: string, actor: Actor, ctx: ClockContext): void {
    const s = this.supervisions.find((x) => x.id === supervisionId);
    if (!s) throw new NotFound('督办事项', supervisionId);
    const ok = ['handler', 'leader'].includes(actor.role) && actor.unitId === s.targetUnitId;
    if (!ok) throw new NotAssignee();
    if (s.answeredAt) throw new InvalidTransition(this.id, 'answered', 'answerSupervision');
    s.answeredAt = ctx.now;
    s.answeredBy = actor.userId;
    s.answer = answer;
    this.record(ctx, actor, 'SupervisionAnswered', {
      rule: COHANDLING_RULES[s.kind], note: answer,
      data: { supervisionId: s.id, kind: s.kind, onTime: ctx.now.getTime() <= s.dueAt.getTime(), dueAt: s.dueAt.toISOString() },
    });
  }

  /** The sweep found an unanswered item past its due time: marked overdue once (the system acts). */
  markSupervisionOverdue(supervisionId: string, ctx: ClockContext): boolean {
    const s = this.supervisions.find((x) => x.id === supervisionId);
    if (!s || s.answeredAt || s.overdueAt || s.dueAt.getTime() >= ctx.now.getTime()) return false;
    s.overdueAt = ctx.now;
    this.record(ctx, null, 'SupervisionOverdue', {
      rule: COHANDLING_RULES.overdue,
      data: { supervisionId: s.id, kind: s.kind, targetUnitId: s.targetUnitId, openedByUnitId: s.openedByUnitId, dueAt: s.dueAt.toISOString(), auto: s.auto },
    });
    return true;
  }

    // ---- internals

  private dispatchTo(
    unitId: string,
    actor: Actor,
    ctx: ClockContext,
    how: { rule: string; auto: boolean; ruleId: string | null; note?: string | null; fromUnitId?: string },
  ): void {
    this.props.assignedUnitId = unitId;
    this.props.routingRuleId = how.ruleId;
    this.props.status = 'dispatched';
    this.props.dispatchedAt = ctx.now;
    this.record(ctx, actor, 'CaseDispatched', {
      rule: how.rule,
      note: how.note ?? null,
      data: { toUnitId: unitId, auto: how.auto, routingRuleId: how.ruleId, ...(how.fromUnitId ? { fromUnitId: how.fromUnitId } : {}) },
    });
    this.startClocks('dispatch', ctx.now, actor, ctx);
  }

  private startClocks(start: ClockStart, at: Date, actor: Actor | null, ctx: ClockContext): void {
    for (const p of ctx.policies.steps.filter((s) => s.startsAt === start)) this.arm(p, at, actor, ctx);
  }

  private arm(p: TimeLimitPolicy, at: Date, actor: Actor | null, ctx: ClockContext): void {
    const due = clockDue(ctx.calendar, { startAt: at, amount: p.amount, unit: p.unit, pauses: [], extended: 0 });
    const existing = this.props.deadlines.find((d) => d.kind === p.step);
    const d: CaseDeadline = {
      id: existing?.id ?? ctx.newId(),
      kind: p.step,
      policyId: p.id,
      legalBasis: p.legalBasis,
      startAt: at,
      startDate: chinaDate(at),
      amount: p.amount,
      unit: p.unit,
      extended: 0,
      pauses: [],
      extensions: [],
      dueDate: due.dueDate,
      dueAt: due.dueAt,
      state: 'running',
      version: (existing?.version ?? 0) + 1,
      calendarGap: due.calendarGaps.length > 0,
      metAt: null,
      overdueAt: null,
      createdAt: ctx.now,
    };
    if (existing) Object.assign(existing, d);
    else this.props.deadlines.push(d);
    this.armTimers(d, ctx);
    this.record(ctx, actor, 'DeadlineArmed', {
      rule: p.legalBasis,
      data: {
        deadlineId: d.id, kind: d.kind, startDate: d.startDate, amount: d.amount, unit: d.unit,
        dueDate: d.dueDate, dueAt: d.dueAt.toISOString(), calendarGaps: due.calendarGaps, rolledFrom: due.rolledFrom,
        calendarVersion: ctx.calendar.version,
      },
    });
  }

  private policyOf(d: CaseDeadline, ctx: ClockContext): TimeLimitPolicy | undefined {
    return ctx.policies.steps.find((p) => p.id === d.policyId) ?? ctx.policies.steps.find((p) => p.step === d.kind);
  }

  private ladderOf(d: CaseDeadline, ctx: ClockContext): readonly LadderRung[] {
    return ladderFor(ctx.policies, d.policyId, d.kind);
  }

  private armTimers(d: CaseDeadline, ctx: ClockContext): void {
    if (d.state !== 'running') return;
    for (const r of this.ladderOf(d, ctx)) {
      this.timers.push({ deadlineId: d.id, version: d.version, rung: r.rung, fireAt: rungFireAt(ctx.calendar, d.unit, d.dueAt, d.dueDate, r) });
    }
  }

  private liveDeadline(kind: string, action: string): CaseDeadline {
    const d = this.props.deadlines.find((x) => x.kind === kind);
    if (!d || d.metAt !== null || d.state === 'met' || d.state === 'cancelled') throw new InvalidTransition(this.id, d?.state ?? 'none', action);
    return d;
  }

  private checkCap(d: CaseDeadline, amount: number, ctx: ClockContext, field: string, excluding?: string): void {
    const p = this.policyOf(d, ctx);
    const approved = d.extensions.filter((e) => e.status === 'approved' && e.id !== excluding);
    const max = p?.maxExtensions ?? 0;
    const maxUnits = p?.maxExtensionUnits ?? 0;
    if (approved.length + 1 > max)
      throw new ClockRuleViolation(field, 'EXTENSION_CAP', max === 0 ? '该期限不允许延期' : `该期限最多延期${max}次`);
    if (approved.reduce((s, e) => s + e.amount, 0) + amount > maxUnits)
      throw new ClockRuleViolation(field, 'EXTENSION_CAP', `延期累计不得超过${maxUnits}${UNIT_TEXT[d.unit]}`);
  }

  /**
   * Recomputes a clock's due date from its start, pauses and approved extensions on the current calendar.
   * A move bumps the version (stale timers die) and is journaled with its cause; returns whether it moved.
   */
  private reschedule(d: CaseDeadline, ctx: ClockContext, actor: Actor | null, cause: string, force: boolean): boolean {
    const due = clockDue(ctx.calendar, { startAt: d.startAt, amount: d.amount, unit: d.unit, pauses: d.pauses, extended: d.extended });
    const moved = due.dueAt.getTime() !== d.dueAt.getTime();
    if (!moved && !force) return false;
    const from = { dueDate: d.dueDate, dueAt: d.dueAt.toISOString() };
    d.dueDate = due.dueDate;
    d.dueAt = due.dueAt;
    d.calendarGap = due.calendarGaps.length > 0;
    d.version++;
    if (d.state === 'overdue' && d.metAt === null && d.dueAt.getTime() >= ctx.now.getTime()) {
      d.state = 'running';
      d.overdueAt = null;
    }
    this.armTimers(d, ctx);
    if (moved)
      this.record(ctx, actor, 'DeadlineMoved', {
        rule: cause,
        data: {
          deadlineId: d.id, kind: d.kind, from, to: { dueDate: d.dueDate, dueAt: d.dueAt.toISOString() },
          pausedUnits: due.pausedUnits, extended: d.extended, calendarVersion: ctx.calendar.version, calendarGaps: due.calendarGaps,
        },
      });
    return moved;
  }

  private stopClocks(event: string, actor: Actor | null, ctx: ClockContext): void {
    for (const d of this.props.deadlines) {
      if (d.metAt !== null || d.state === 'cancelled' || !(STOPS[d.kind] ?? []).includes(event)) continue;
      const open = d.pauses.find((p) => p.resumedAt === null);
      if (open) {
        // Finishing the step ends an open pause; the clock was stopped, so it is met on time.
        open.resumedAt = ctx.now;
        open.resumedBy = actor?.userId ?? null;
        d.state = 'running';
        this.reschedule(d, ctx, actor, `暂停计时（${labelOf(PAUSE_REASON_LABELS, open.reason)}）不计入期限`, false);
      }
      if (d.state === 'running' && d.dueAt.getTime() < ctx.now.getTime()) {
        d.state = 'overdue';
        d.overdueAt = ctx.now;
      }
      if (d.state === 'running') d.state = 'met';
      d.metAt = ctx.now;
      this.record(ctx, actor, 'DeadlineMet', {
        rule: d.legalBasis,
        data: { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt.toISOString(), onTime: d.state === 'met' },
      });
    }
  }

  private require(action: string, allowed: readonly CaseStatus[]): void {
    if (!allowed.includes(this.props.status)) throw new InvalidTransition(this.id, this.props.status, action);
  }

  private requireAssignee(actor: Actor): void {
    const ok = ['handler', 'leader'].includes(actor.role) && actor.unitId === this.props.assignedUnitId;
    if (!ok) throw new NotAssignee();
  }

  private record(
    ctx: ClockContext,
    actor: Actor | null,
    type: string,
    e: { rule?: string | null; note?: string | null; data?: Record<string, unknown> },
  ): void {
    this.events.push({
      id: ctx.newId(),
      type,
      at: ctx.now,
      actorId: actor?.userId ?? null,
      unitId: actor?.unitId ?? null,
      rule: e.rule ?? null,
      note: e.note ?? null,
      data: e.data ?? {},
    });
  }
}
