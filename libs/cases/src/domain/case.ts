import {
  type CaseType,
  type LocalDate,
  type PolicySet,
  type Regime,
  type TimeLimitPolicy,
  type WorkingCalendar,
  type ClockStart,
  type PeriodUnit,
  chinaDate,
  computeDue,
} from '#deadlines';
import { InvalidTransition, NotAssignee, UnknownGround } from './case.errors.js';
import { declineGrounds, terminateGrounds } from './grounds.js';

export type CaseStatus = 'pendingDispatch' | 'dispatched' | 'signed' | 'accepted' | 'declined' | 'closed' | 'archived';
export const CASE_STATUSES: readonly CaseStatus[] = ['pendingDispatch', 'dispatched', 'signed', 'accepted', 'declined', 'closed', 'archived'];
export type Channel = 'hotline' | 'web' | 'letter' | 'visit' | 'hotline12345';
export const CHANNELS: readonly Channel[] = ['hotline', 'web', 'letter', 'visit', 'hotline12345'];
export type CloseOutcome = 'agreement' | 'noAgreement' | 'terminated';
export const CLOSE_OUTCOMES: readonly CloseOutcome[] = ['agreement', 'noAgreement', 'terminated'];
export type Satisfaction = 'verySatisfied' | 'satisfied' | 'neutral' | 'dissatisfied';
export const SATISFACTIONS: readonly Satisfaction[] = ['verySatisfied', 'satisfied', 'neutral', 'dissatisfied'];
export type { Role } from '#org';
import type { Role } from '#org';

export interface Actor {
  userId: string;
  unitId: string;
  role: Role;
}

export type DeadlineState = 'running' | 'met' | 'overdue' | 'cancelled';

export interface CaseDeadline {
  id: string;
  kind: string;
  policyId: string;
  legalBasis: string;
  startDate: LocalDate;
  amount: number;
  unit: PeriodUnit;
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
  dueAt: Date;
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

// Which events stop which steps' clocks. Starts come from the policy's startsAt.
const STOPS: Record<string, readonly string[]> = {
  acceptance: ['accepted', 'declined'],
  sign: ['signed'],
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
    return new Case({ ...props, deadlines: props.deadlines.map((d) => ({ ...d })) });
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
      rule: c.props.regime === 'O121' ? 'O121（2026-04-15施行）' : 'O20（2026-04-15前收到的适用）',
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
    this.dispatchTo(unitId, actor, ctx, { rule: '人工分派（O121 第四十一条）', auto: false, ruleId: null, note });
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
    this.record(ctx, actor, 'CaseAccepted', { note, rule: `${this.props.regime} ${this.props.regime === 'O121' ? '第十五条' : '第十四条'}` });
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
    if (!['operator', 'admin'].includes(actor.role)) throw new NotAssignee();
    this.require('callback', ['closed', 'declined']);
    this.props.satisfaction = satisfaction;
    this.record(ctx, actor, 'CallbackRecorded', { note, data: { satisfaction } });
    this.props.status = 'archived';
    this.props.archivedAt = ctx.now;
    this.record(ctx, actor, 'CaseArchived', {});
    this.stopClocks('archived', actor, ctx);
  }

  /**
   * A timer says this deadline passed. Returns false (and changes nothing) for a stale version, a finished
   * clock, or an early wake-up: the row, not the job, is the truth.
   */
  markOverdue(deadlineId: string, version: number, ctx: ClockContext): boolean {
    const d = this.props.deadlines.find((x) => x.id === deadlineId);
    if (!d || d.version !== version || d.state !== 'running' || d.dueAt.getTime() >= ctx.now.getTime()) return false;
    d.state = 'overdue';
    d.overdueAt = ctx.now;
    this.record(ctx, null, 'DeadlineOverdue', {
      rule: d.legalBasis,
      data: { deadlineId: d.id, kind: d.kind, dueAt: d.dueAt.toISOString(), version: d.version },
    });
    return true;
  }

  // ---- internals

  private dispatchTo(
    unitId: string,
    actor: Actor,
    ctx: ClockContext,
    how: { rule: string; auto: boolean; ruleId: string | null; note?: string | null },
  ): void {
    this.props.assignedUnitId = unitId;
    this.props.routingRuleId = how.ruleId;
    this.props.status = 'dispatched';
    this.props.dispatchedAt = ctx.now;
    this.record(ctx, actor, 'CaseDispatched', {
      rule: how.rule,
      note: how.note ?? null,
      data: { toUnitId: unitId, auto: how.auto, routingRuleId: how.ruleId },
    });
    this.startClocks('dispatch', ctx.now, actor, ctx);
  }

  private startClocks(start: ClockStart, at: Date, actor: Actor | null, ctx: ClockContext): void {
    for (const p of ctx.policies.steps.filter((s) => s.startsAt === start)) this.arm(p, at, actor, ctx);
  }

  private arm(p: TimeLimitPolicy, at: Date, actor: Actor | null, ctx: ClockContext): void {
    const due = computeDue(ctx.calendar, at, p.amount, p.unit);
    const existing = this.props.deadlines.find((d) => d.kind === p.step);
    const d: CaseDeadline = {
      id: existing?.id ?? ctx.newId(),
      kind: p.step,
      policyId: p.id,
      legalBasis: p.legalBasis,
      startDate: chinaDate(at),
      amount: p.amount,
      unit: p.unit,
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
    this.timers.push({ deadlineId: d.id, version: d.version, dueAt: d.dueAt });
    this.record(ctx, actor, 'DeadlineArmed', {
      rule: p.legalBasis,
      data: {
        deadlineId: d.id, kind: d.kind, startDate: d.startDate, amount: d.amount, unit: d.unit,
        dueDate: d.dueDate, dueAt: d.dueAt.toISOString(), calendarGaps: due.calendarGaps, rolledFrom: due.rolledFrom,
        calendarVersion: ctx.calendar.version,
      },
    });
  }

  private stopClocks(event: string, actor: Actor | null, ctx: ClockContext): void {
    for (const d of this.props.deadlines) {
      if (d.metAt !== null || d.state === 'cancelled' || !(STOPS[d.kind] ?? []).includes(event)) continue;
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
    if (!ok && actor.role !== 'admin') throw new NotAssignee();
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
