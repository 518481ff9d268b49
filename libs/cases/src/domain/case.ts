// The case aggregate (lifecycle). Types: ./case.types.ts; the other parts: ./case-*.ts.
import { chinaDate } from '#deadlines';
import { InvalidTransition, NotAssignee, UnknownGround } from './case.errors.js';
import { REGULATION_NAMES } from '#contracts';
import { declineGrounds, terminateGrounds } from './grounds.js';
import { type CloseOutcome, type Satisfaction, type Actor, type CaseProps, type ClockContext, type RouteDecision, type RegisterInput, WITHDRAWABLE } from './case.types.js';
import { CaseDecisions } from './case-decisions.js';
import { bureauReceiptAfterOdr } from './odr.js';

export * from './case.types.js';

/**
 * One complaint, report or inquiry. Records its events and the timers to arm; the application layer
 * commits both with the state in one transaction. Its behaviour is split by concern into one module per layer
 * (issue 12): case-core (state, guards, events), case-clocks (deadlines), case-cohandling (协办, 督办),
 * case-handoffs (hand-offs between units), case-decisions (report decisions, inquiries, merges); this file keeps the
 * lifecycle of a complaint (register → dispatch → sign → accept/decline → mediate → close → callback).
 */
export class Case extends CaseDecisions {
  private constructor(props: CaseProps) {
    super(props);
  }

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
    if (input.channel === 'web') c.startClocks('webReceipt', input.receivedAt, actor, ctx);
    if (route.unitId) {
      c.dispatchTo(route.unitId, actor, ctx, { rule: route.explanation, auto: true, ruleId: route.ruleId });
    } else {
      c.record(ctx, actor, 'CaseLeftInPool', { rule: route.explanation });
    }
    return c;
  }

  /**
   * ODR (issue 17): a complaint the complainant agreed to let an enrolled enterprise settle first. Status `odr`: no
   * unit holds it and no bureau clock runs (that time does not count against the bureau's limits, domain.md §3);
   * the enterprise's own window (odrWindow) is kept by the ODR stage. The consent is an event.
   */
  static registerForOdr(input: RegisterInput, actor: Actor, ctx: ClockContext, odr: { enterpriseId: string; enterpriseName: string }): Case {
    if (input.type !== 'complaint') throw new InvalidTransition(input.id, 'pendingDispatch', 'odr', input.type);
    if (!ctx.policies.regime) throw new Error(`no legal regime in force for ${input.type} received ${chinaDate(input.receivedAt)}`);
    const c = new Case({
      ...input, status: 'odr', regime: ctx.policies.regime, assignedUnitId: null, routingRuleId: null, declineGround: null, outcome: null,
      closeGround: null, recoveredAmount: null, satisfaction: null, registeredAt: ctx.now, dispatchedAt: null, signedAt: null, decidedAt: null,
      closedAt: null, archivedAt: null, version: 0, deadlines: [],
    });
    c.record(ctx, actor, 'CaseRegistered', {
      rule: c.props.regime === 'O121' ? `${REGULATION_NAMES.O121}（2026年4月15日施行）` : `${REGULATION_NAMES.O20}（2026年4月15日前收到的适用）`,
      data: { caseNo: input.caseNo, type: input.type, channel: input.channel, receivedAt: input.receivedAt.toISOString() },
    });
    c.record(ctx, actor, 'OdrConsented', { data: { enterpriseId: odr.enterpriseId } });
    c.record(ctx, actor, 'OdrHandedOver', {
      rule: '在线消费纠纷解决（ODR）：企业先行与消费者协商，协商期间不计入市场监管部门办理时限',
      data: { enterpriseId: odr.enterpriseId, enterpriseName: odr.enterpriseName },
    });
    return c;
  }

  /**
   * The ODR stage ended without a settlement (refusal, the complainant's rejection, the window's expiry): the case
   * goes to the bureau's normal routing, received now — see `bureauReceiptAfterOdr` for the legal reasoning.
   * `ctx` must be the clock context of the new receipt time (its regime and policies).
   */
  leaveOdr(route: RouteDecision, why: 'refused' | 'rejected' | 'expired', actor: Actor, ctx: ClockContext): void {
    this.require('leaveOdr', ['odr']);
    if (!ctx.policies.regime) throw new Error(`no legal regime in force at ${chinaDate(ctx.now)}`);
    const at = bureauReceiptAfterOdr(ctx.now);
    this.props.receivedAt = at;
    this.props.regime = ctx.policies.regime;
    this.props.status = 'pendingDispatch';
    this.record(ctx, actor, 'OdrLeft', {
      rule: '企业协商未和解，转市场监管部门处理；收到时间为离开企业协商之时（协商期间不计入办理时限）',
      data: { why, receivedAt: at.toISOString() },
    });
    this.startClocks('receipt', at, actor, ctx);
    if (this.props.channel === 'web') this.startClocks('webReceipt', at, actor, ctx);
    if (route.unitId) this.dispatchTo(route.unitId, actor, ctx, { rule: route.explanation, auto: true, ruleId: route.ruleId });
    else this.record(ctx, actor, 'CaseLeftInPool', { rule: route.explanation });
  }

  /** The complainant confirmed the enterprise's settlement: closed as 和解 (outcome odrSettled, not the bureau's 调解). */
  closeOdrSettled(agreement: string | null, actor: Actor, ctx: ClockContext): void {
    this.require('closeOdrSettled', ['odr']);
    this.props.status = 'closed';
    this.props.closedAt = ctx.now;
    this.props.outcome = 'odrSettled';
    // Its own event, not CaseClosed: the bureau's indicators (办结, 调解成功率) do not count it (counted apart, docs/odr.md).
    this.record(ctx, actor, 'OdrCaseClosed', { note: agreement, rule: '消费者确认与经营者协商和解（ODR）', data: { outcome: 'odrSettled' } });
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
    this.requireType('accept', 'complaint');
    this.requireAssignee(actor);
    this.require('accept', ['signed']);
    this.requireNoDispute('受理');
    this.props.status = 'accepted';
    this.props.decidedAt = ctx.now;
    this.record(ctx, actor, 'CaseAccepted', { note, rule: `${REGULATION_NAMES[this.props.regime]}${this.props.regime === 'O121' ? '第十五条' : '第十四条'}` });
    this.stopClocks('accepted', actor, ctx);
    this.startClocks('acceptance', ctx.now, actor, ctx);
    this.armNoticeClock(actor, ctx);
  }

  decline(ground: string, note: string | null, actor: Actor, ctx: ClockContext): void {
    this.requireType('decline', 'complaint');
    this.requireAssignee(actor);
    this.require('decline', ['signed']);
    this.requireNoDispute('作出不予受理决定');
    const g = declineGrounds(this.props.regime).find((x) => x.code === ground);
    if (!g) throw new UnknownGround('ground', ground, this.props.regime);
    this.props.status = 'declined';
    this.props.decidedAt = ctx.now;
    this.props.declineGround = ground;
    this.record(ctx, actor, 'CaseDeclined', { note, rule: g.article, data: { ground, groundText: g.text } });
    this.stopClocks('declined', actor, ctx);
    this.armNoticeClock(actor, ctx);
  }

  addMediationNote(note: string, actor: Actor, ctx: ClockContext): void {
    this.requireType('mediate', 'complaint');
    this.requireAssignee(actor);
    this.require('mediate', ['accepted']);
    this.record(ctx, actor, 'MediationNoted', { note });
    this.stopClocks('mediationNoted', actor, ctx);
  }

  /**
   * 记录首次回应/联系: the handling unit has reached the complainant (phone call, visit, message) — what the 24-hour
   * response of an online filing asks for (issue 16 §3). A fact that may be recorded more than once; only the first
   * meets the clock.
   */
  recordContact(note: string, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    this.require('contact', ['dispatched', 'signed', 'accepted']);
    this.record(ctx, actor, 'ComplainantContacted', { note });
    this.stopClocks('contacted', actor, ctx);
  }

  close(
    input: { outcome: CloseOutcome; ground: string | null; note: string | null; recoveredAmount: number | null },
    actor: Actor,
    ctx: ClockContext,
  ): void {
    this.requireType('close', 'complaint');
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
    this.armNoticeClock(actor, ctx);
  }

  /** Both parties told of the termination of mediation (O121 Art. 23: within 7 working days). */
  notifyTermination(note: string | null, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    const pending = this.props.deadlines.find((d) => d.step === 'terminationNotice' && d.state !== 'cancelled' && d.metAt === null);
    if (this.props.outcome !== 'terminated' || !pending) throw new InvalidTransition(this.id, this.props.status, 'notifyTermination');
    // The rule is the step's own legal basis (policy data), so an O20 case does not cite O121.
    this.record(ctx, actor, 'TerminationNotified', { note, rule: pending.legalBasis });
    this.stopClocks('terminationNotified', actor, ctx);
  }

  /**
   * The SMS telling a decision was delivered (the worker, actor null). Meets the running notice clock if the message
   * was queued for the decision that armed it (queued at or after its start); returns false when there is nothing
   * to meet (already met, or a message of an earlier decision) — a repeated delivery report changes nothing.
   */
  noticeDelivered(messageId: string, queuedAt: Date, ctx: ClockContext): boolean {
    const d = this.props.deadlines.find((x) => x.step === 'decisionNotice' && x.metAt === null && (x.state === 'running' || x.state === 'overdue'));
    if (!d || queuedAt.getTime() < d.startAt.getTime()) return false;
    this.record(ctx, null, 'DecisionNoticeDelivered', { rule: d.legalBasis, data: { messageId } });
    this.stopClocks('noticeDelivered', null, ctx);
    return true;
  }

  /**
   * 回访 answered by the complainant through the SMS link (issue 16 §4): the same record as the operator's callback
   * (CallbackRecorded, counted in 满意率 alike), by no staff member; the case is archived as after a phoned callback.
   */
  recordPublicCallback(satisfaction: Satisfaction, comment: string | null, ctx: ClockContext): void {
    this.requireType('callback', 'complaint');
    this.require('callback', ['closed', 'declined']);
    this.props.satisfaction = satisfaction;
    this.record(ctx, null, 'CallbackRecorded', { note: comment, data: { satisfaction, source: 'sms' } });
    this.archive(null, ctx);
  }

  /**
   * 撤回: the complainant withdraws a complaint before the bureau decides to accept or decline it (issue 16). The
   * case ends, its clocks are cancelled and the unit holding it lets it go. After the decision withdrawal is a
   * ground to terminate mediation (O121 Art. 23(1)), which the unit records; so it is refused here.
   */
  withdraw(reason: string | null, actor: Actor | null, ctx: ClockContext): void {
    this.requireType('withdraw', 'complaint');
    this.require('withdraw', WITHDRAWABLE);
    const from = this.props.assignedUnitId;
    if (from) this.leave(from, ctx, actor);
    this.props.status = 'withdrawn';
    this.props.closedAt = ctx.now;
    this.record(ctx, actor, 'CaseWithdrawn', { rule: '投诉人在作出受理决定前撤回投诉', note: reason, data: { fromUnitId: from } });
    this.cancelClocks('withdrawn', actor, ctx);
  }

  recordCallback(satisfaction: Satisfaction, note: string | null, actor: Actor, ctx: ClockContext): void {
    if (actor.role !== 'operator') throw new NotAssignee();
    this.requireType('callback', 'complaint');
    this.require('callback', ['closed', 'declined']);
    this.props.satisfaction = satisfaction;
    this.record(ctx, actor, 'CallbackRecorded', { note, data: { satisfaction } });
    this.archive(actor, ctx);
  }

  /**
   * 回访未果: the operator could not reach the complainant (`note`: the attempts, e.g. 三次电话均未接通). The case is
   * archived without a satisfaction; it is no callback for 满意率 (its own event, not CallbackRecorded).
   */
  recordCallbackUnreachable(note: string, actor: Actor, ctx: ClockContext): void {
    if (actor.role !== 'operator') throw new NotAssignee();
    this.requireType('callback', 'complaint');
    this.require('callback', ['closed', 'declined']);
    this.record(ctx, actor, 'CallbackUnreachable', { note, data: {} });
    this.archive(actor, ctx);
  }

  /** 归档 after the 回访, whichever way it went: the case ends, its clocks stop. */
  private archive(actor: Actor | null, ctx: ClockContext): void {
    this.props.status = 'archived';
    this.props.archivedAt = ctx.now;
    this.record(ctx, actor, 'CaseArchived', {});
    this.stopClocks('archived', actor, ctx);
  }

}
