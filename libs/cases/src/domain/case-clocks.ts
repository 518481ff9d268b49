import {
  type TimeLimitPolicy, type ClockStart, type LadderRung, ClockStateRefused, chinaDate, clockDue, decideExtension, extensionBasis, isLive,
  liveRungs, pauseClock, reprojectClock, requestExtension, requireLive, resumeClock,
} from '#deadlines';
import { InvalidTransition, ClockRuleViolation } from './case.errors.js';
import { PAUSE_REASON_LABELS, labelOf } from '#contracts';
import { decideRung, ladderFor, rungTime } from './rung.js';
import { type NoticeSubject, decisionNotices } from './notices.js';
import { type Actor, type DeadlineExtension, type CaseDeadline, type ClockContext, UNIT_TEXT, STOPS } from './case.types.js';
import { CaseCore } from './case-core.js';

/**
 * A case's clocks (its steps' deadlines): arming from the policies in force, stopping, and the case's side of pauses,
 * extensions and re-computation — who may act, the timeline, the party's notice. The clock-state rules are the
 * engine's (libs/deadlines/src/domain/clock-state.ts), and so is firing the rungs.
 */
export abstract class CaseClocks extends CaseCore {
  /**
   * The `due` rung of one of this case's deadlines, in memory — for the demo seed only (prisma/seed/demo.ts ages its
   * cases before they are written). Production fires every rung through the clock engine (libs/deadlines:
   * `FireDeadlineRungs` → `CaseClockSubject`), with the same rule (`decideRung` = the engine's `decideClockRung`).
   * false (nothing changed) for an unknown id, a stale version, a finished clock or an early wake-up.
   */
  markOverdue(deadlineId: string, version: number, ctx: ClockContext): boolean {
    const d = this.props.deadlines.find((x) => x.id === deadlineId);
    if (!d || d.version !== version) return false;
    const r = decideRung({ ...d, caseId: this.id }, 'due', this.ladderOf(d, ctx), ctx.calendar, ctx.now);
    if (r.kind !== 'fire') return false;
    d.state = 'overdue';
    d.overdueAt = ctx.now;
    this.record(ctx, null, r.event.type, { rule: r.event.rule, data: r.event.data });
    return true;
  }

  /** When a rung of one of this case's deadlines is due to fire, on the current calendar; null if none. */
  rungTime(d: CaseDeadline, rung: LadderRung['rung'], ctx: ClockContext): Date | null {
    return rungTime(d, rung, this.ladderOf(d, ctx), ctx.calendar);
  }

  /** 中止 / 检验检测鉴定 / 补正材料: stop a clock with a reason the regime allows for that step. */
  pauseClock(kind: string, input: { reason: string; evidence: string | null; note: string | null }, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    const d = this.liveDeadline(kind, 'pause');
    this.clockRule(() => pauseClock(d, this.policyOf(d, ctx), this.props.regime, { ...input, newId: ctx.newId, by: actor.userId, at: ctx.now }));
    this.record(ctx, actor, 'ClockPaused', { note: input.note, rule: d.legalBasis, data: { deadlineId: d.id, kind, reason: input.reason, evidence: input.evidence } });
  }

  resumeClock(kind: string, note: string | null, actor: Actor, ctx: ClockContext): void {
    this.requireAssignee(actor);
    const d = this.liveDeadline(kind, 'resume');
    const open = this.clockRule(() => resumeClock(d, actor.userId, ctx.now));
    this.record(ctx, actor, 'ClockResumed', { note, rule: d.legalBasis, data: { deadlineId: d.id, kind, reason: open.reason } });
    this.reschedule(d, ctx, actor, `暂停计时（${labelOf(PAUSE_REASON_LABELS, open.reason)}）不计入期限`, true);
  }

  /** 申请延期: before expiry, with a reason, within the policy's cap. */
  requestExtension(kind: string, amount: number, reason: string, actor: Actor, ctx: ClockContext): DeadlineExtension {
    this.requireAssignee(actor);
    const d = this.liveDeadline(kind, 'requestExtension');
    const policy = this.policyOf(d, ctx);
    const e = this.clockRule(() => requestExtension(d, policy, ctx.calendar, { newId: ctx.newId, amount, reason, by: actor.userId, at: ctx.now }));
    this.record(ctx, actor, 'ExtensionRequested', {
      note: reason, rule: extensionBasis(d, policy),
      data: { deadlineId: d.id, kind, extensionId: e.id, amount, unit: d.unit, lastMinute: e.lastMinute },
    });
    return e;
  }

  /** The unit leader or the level above approves or rejects; approval moves the deadline and notifies the party. */
  decideExtension(extensionId: string, approve: boolean, note: string | null, actor: Actor, ctx: ClockContext): void {
    const d = this.props.deadlines.find((x) => x.extensions.some((e) => e.id === extensionId));
    const e = d?.extensions.find((x) => x.id === extensionId);
    if (!d || !e) throw new ClockRuleViolation('extensionId', 'UNKNOWN_EXTENSION', '延期申请不存在');
    const policy = this.policyOf(d, ctx);
    if (this.clockRule(() => decideExtension(d, e, policy, approve, { by: actor.userId, note, at: ctx.now })) === 'rejected') {
      this.record(ctx, actor, 'ExtensionRejected', { note, data: { deadlineId: d.id, kind: d.step, extensionId } });
      return;
    }
    const basis = extensionBasis(d, policy);
    this.record(ctx, actor, 'ExtensionApproved', { note, rule: basis, data: { deadlineId: d.id, kind: d.step, extensionId, amount: e.amount, unit: d.unit } });
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
      if (!isLive(d)) continue;
      if (this.reschedule(d, ctx, null, cause, false)) moved++;
    }
    return moved;
  }

  /** Ends every live clock (or those of `steps`) without meeting it: the case left the system or was merged away. */
  protected cancelClocks(cause: string, actor: Actor | null, ctx: ClockContext, steps?: readonly string[]): void {
    for (const d of this.props.deadlines) {
      if (!isLive(d) || (steps && !steps.includes(d.step))) continue;
      d.state = 'cancelled';
      d.version++;
      this.record(ctx, actor, 'DeadlineCancelled', { rule: cause, data: { deadlineId: d.id, kind: d.step, dueAt: d.dueAt.toISOString() } });
    }
  }

  /** Who is told of decisions by SMS, and whether they may be (notices.ts). */
  noticeSubject(): NoticeSubject {
    return { channel: this.props.channel, type: this.props.type, realName: this.props.realName ?? true, phone: this.props.complainant.phone };
  }

  /**
   * A decision to tell an online filer arms the notice obligation's clock (startsAt `webDecision`, issue 16 §3); the
   * SMS is queued with the decision (CaseWorkflow) and its delivery meets the clock (Case.noticeDelivered).
   */
  protected armNoticeClock(actor: Actor | null, ctx: ClockContext): void {
    if (decisionNotices(this.noticeSubject(), this.events).length) this.startClocks('webDecision', ctx.now, actor, ctx);
  }

  protected startClocks(start: ClockStart, at: Date, actor: Actor | null, ctx: ClockContext): void {
    for (const p of ctx.policies.steps.filter((s) => s.startsAt === start)) this.arm(p, at, actor, ctx);
  }

  protected arm(p: TimeLimitPolicy, at: Date, actor: Actor | null, ctx: ClockContext): void {
    const due = clockDue(ctx.calendar, { startAt: at, amount: p.amount, unit: p.unit, pauses: [], extended: 0 });
    const existing = this.props.deadlines.find((d) => d.step === p.step);
    const d: CaseDeadline = {
      id: existing?.id ?? ctx.newId(),
      step: p.step,
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
        deadlineId: d.id, kind: d.step, startDate: d.startDate, amount: d.amount, unit: d.unit,
        dueDate: d.dueDate, dueAt: d.dueAt.toISOString(), calendarGaps: due.calendarGaps, rolledFrom: due.rolledFrom,
        calendarVersion: ctx.calendar.version,
      },
    });
  }

  protected policyOf(d: CaseDeadline, ctx: ClockContext): TimeLimitPolicy | undefined {
    return ctx.policies.steps.find((p) => p.id === d.policyId) ?? ctx.policies.steps.find((p) => p.step === d.step);
  }

  protected ladderOf(d: CaseDeadline, ctx: ClockContext): readonly LadderRung[] {
    return ladderFor(ctx.policies, d.policyId, d.step);
  }

  protected armTimers(d: CaseDeadline, ctx: ClockContext): void {
    if (d.state !== 'running') return;
    // Which rungs a live clock arms, and when: the engine's ladder rule.
    for (const r of liveRungs(ctx.calendar, d, this.ladderOf(d, ctx))) this.timers.push({ deadlineId: d.id, version: d.version, rung: r.rung, fireAt: r.fireAt });
  }

  protected liveDeadline(kind: string, action: string): CaseDeadline {
    return this.clockRule(() => requireLive(this.props.deadlines.find((x) => x.step === kind), action));
  }

  /** Runs one of the engine's clock rules; a clock in the wrong state is refused as this case's transition. */
  private clockRule<T>(rule: () => T): T {
    try {
      return rule();
    } catch (e) {
      if (e instanceof ClockStateRefused) throw new InvalidTransition(this.id, e.from, e.action);
      throw e;
    }
  }

  /**
   * Re-projects a clock (the engine's `reprojectClock`: start, pauses and approved extensions on the current calendar);
   * a move re-arms its rungs and is journaled with its cause. Returns whether it moved.
   */
  protected reschedule(d: CaseDeadline, ctx: ClockContext, actor: Actor | null, cause: string, force: boolean): boolean {
    const m = reprojectClock(d, ctx.calendar, ctx.now, force);
    if (!m) return false;
    this.armTimers(d, ctx);
    if (m.moved)
      this.record(ctx, actor, 'DeadlineMoved', {
        rule: cause,
        data: {
          deadlineId: d.id, kind: d.step, from: m.from, to: { dueDate: d.dueDate, dueAt: d.dueAt.toISOString() },
          pausedUnits: m.due.pausedUnits, extended: d.extended, calendarVersion: ctx.calendar.version, calendarGaps: m.due.calendarGaps,
        },
      });
    return m.moved;
  }

  protected stopClocks(event: string, actor: Actor | null, ctx: ClockContext): void {
    for (const d of this.props.deadlines) {
      if (d.metAt !== null || d.state === 'cancelled' || !(STOPS[d.step] ?? []).includes(event)) continue;
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
        data: { deadlineId: d.id, kind: d.step, dueAt: d.dueAt.toISOString(), onTime: d.state === 'met' },
      });
    }
  }

}
