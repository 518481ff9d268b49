import { InvalidTransition, HandoffRefused, JurisdictionDisputeRefused, ReturnWindowClosed } from './case.errors.js';
import { InvalidInput } from '#kernel';
import { RETURN_REASONS, RULES, type ReturnReason } from './handoffs.js';
import { type Actor, type ClockContext } from './case.types.js';
import { CaseCoHandling } from './case-cohandling.js';

/** Hand-offs between units (issue 4): dispatch, return to intake, station dispatch and recall, transfer, take-over, refer up. */
export abstract class CaseHandoffs extends CaseCoHandling {
  /** 签收 (the lifecycle, ./case.ts): a county dispatching on to its station signs for the case first. */
  abstract sign(actor: Actor, ctx: ClockContext): void;

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
    const window = this.props.deadlines.find((d) => d.step === 'returnWindow' && d.state !== 'cancelled');
    if (window && ctx.now.getTime() > window.dueAt.getTime()) throw new ReturnWindowClosed(window.dueDate);
    const from = this.props.assignedUnitId!;
    this.leave(from, ctx, actor);
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
      this.leave(from, ctx, actor);
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
    this.leave(from, ctx, actor);
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
    if (from) this.leave(from, ctx, actor);
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
  protected pullBack(toUnitId: string, event: string, rule: string, reason: string, actor: Actor, ctx: ClockContext): void {
    const from = this.props.assignedUnitId!;
    if (from === toUnitId) throw new HandoffRefused('unitId', '案件已由本单位办理');
    this.leave(from, ctx, actor);
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

  /**
   * 提出管辖争议 (O121 Art. 33): the holder says `otherUnitId` is competent, or both claim the case. The case stays
   * with the holder (its acceptance or verification clock runs on); the dispute's own clock gives the two units 7
   * working days to agree, then the common superior is told (the `supervise` rung) and designates.
   */
  raiseJurisdictionDispute(input: { otherUnitId: string; superiorUnitId: string; reason: string }, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    this.require('raiseJurisdictionDispute', ['dispatched', 'signed']);
    if (this.props.jurisdictionDispute) throw new JurisdictionDisputeRefused(null, '本案已有未解决的管辖争议');
    if (input.otherUnitId === this.props.assignedUnitId) throw new HandoffRefused('otherUnitId', '争议对方不能是本单位');
    if (!input.reason.trim()) throw new InvalidInput([{ field: 'reason', code: 'REQUIRED', message: '请说明争议理由' }]);
    this.props.jurisdictionDispute = {
      otherUnitId: input.otherUnitId, superiorUnitId: input.superiorUnitId, reason: input.reason,
      raisedAt: ctx.now.toISOString(), raisedBy: actor.userId, raisedByUnitId: actor.unitId,
    };
    this.record(ctx, actor, 'JurisdictionDisputed', {
      rule: RULES.jurisdictionDispute, note: input.reason,
      data: { fromUnitId: this.props.assignedUnitId, otherUnitId: input.otherUnitId, superiorUnitId: input.superiorUnitId },
    });
    this.startClocks('dispute', ctx.now, actor, ctx);
  }

  /**
   * 协商一致: the holder records the units' agreement — it keeps the case, or the other unit takes it (a fresh
   * dispatch there, which signs for it). Either way the dispute's clock is met.
   */
  settleJurisdictionDispute(unitId: string, note: string, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    const d = this.openDispute();
    if (unitId !== d.otherUnitId && unitId !== this.props.assignedUnitId) throw new HandoffRefused('unitId', '协商结果只能是争议双方之一');
    this.endDispute('JurisdictionAgreed', RULES.jurisdictionAgreed, unitId, note, actor, ctx);
  }

  /** 指定管辖: the common superior (or a unit above it: the caller checked) designates the unit that handles the case. */
  designateJurisdiction(unitId: string, note: string, actor: Actor, ctx: ClockContext): void {
    this.openDispute();
    this.endDispute('JurisdictionDesignated', RULES.jurisdictionDesignated, unitId, note, actor, ctx);
  }

  get jurisdictionDispute() {
    return this.props.jurisdictionDispute ?? null;
  }

  /** Acts that settle jurisdiction themselves (受理, 不予受理, 立案决定) wait until the dispute is resolved. */
  protected requireNoDispute(action: string): void {
    if (this.props.jurisdictionDispute) throw new JurisdictionDisputeRefused(null, `管辖争议尚未解决，协商一致或指定管辖后才能${action}`);
  }

  private openDispute() {
    const d = this.props.jurisdictionDispute;
    if (!d) throw new JurisdictionDisputeRefused(null, '本案没有待解决的管辖争议');
    return d;
  }

  private endDispute(event: string, rule: string, unitId: string, note: string, actor: Actor, ctx: ClockContext): void {
    const from = this.props.assignedUnitId!;
    this.props.jurisdictionDispute = null;
    this.record(ctx, actor, event, { rule, note, data: { unitId, fromUnitId: from, moved: unitId !== from } });
    this.stopClocks('jurisdictionSettled', actor, ctx);
    if (unitId !== from) this.handTo(unitId, 'CaseTransferred', rule, note, actor, ctx);
  }

  /** The unit holding the case hands it to another (transfer, referral up): a fresh dispatch there. */
  protected handTo(toUnitId: string, event: string, rule: string, reason: string, actor: Actor, ctx: ClockContext): void {
    const from = this.props.assignedUnitId!;
    this.leave(from, ctx, actor);
    this.props.assignedUnitId = toUnitId;
    this.props.routingRuleId = null;
    this.props.status = 'dispatched';
    this.props.dispatchedAt = ctx.now;
    this.props.signedAt = null;
    this.record(ctx, actor, event, { rule, note: reason, data: { fromUnitId: from, toUnitId } });
    this.startClocks('dispatch', ctx.now, actor, ctx);
  }

  protected leave(unitId: string, ctx: ClockContext, actor: Actor | null): void {
    const trail = (this.props.unitTrail ??= []);
    trail.push(unitId);
    // The case left the disputing unit another way (returned, transferred, taken over): the dispute is moot.
    if (this.props.jurisdictionDispute) {
      this.props.jurisdictionDispute = null;
      this.cancelClocks('案件已离开提出争议的单位，管辖争议不再处理', actor, ctx, ['jurisdictionDispute']);
    }
  }

  /** Returned twice or more, or sent back to a unit that had already handed it on (A→B→A): flag once. */
  protected checkPingPong(toUnitId: string | null, actor: Actor, ctx: ClockContext, county: string | null = null): void {
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

  protected dispatchTo(
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

}
