import { type TimeLimitPolicy, type ClockStart, type LadderRung, chinaDate, clockDue, liveRungs } from '#deadlines';
import { InvalidTransition, ClockRuleViolation } from './case.errors.js';
import { DEADLINE_KIND_LABELS, PAUSE_REASON_LABELS, REGULATION_NAMES, labelOf } from '#contracts';
import { decideRung, ladderFor, rungTime } from './rung.js';
import { type NoticeSubject, decisionNotices } from './notices.js';
import { type Actor, type DeadlineExtension, type CaseDeadline, type ClockContext, UNIT_TEXT, STOPS } from './case.types.js';
import { CaseCore } from './case-core.js';

/** A case's clocks (its steps' deadlines): arming from the policies in force, pauses, extensions, re-computation, stopping — the case side of the clock engine (libs/deadlines fires the rungs). */
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
      this.record(ctx, actor, 'ExtensionRejected', { note, data: { deadlineId: d.id, kind: d.step, extensionId } });
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
      if (d.metAt !== null || d.state === 'met' || d.state === 'cancelled') continue;
      if (this.reschedule(d, ctx, null, cause, false)) moved++;
    }
    return moved;
  }

  /** Ends every live clock without meeting it: the case left the system or was merged away. */
  protected cancelClocks(cause: string, actor: Actor | null, ctx: ClockContext): void {
    for (const d of this.props.deadlines) {
      if (d.metAt !== null || d.state === 'met' || d.state === 'cancelled') continue;
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
    const d = this.props.deadlines.find((x) => x.step === kind);
    if (!d || d.metAt !== null || d.state === 'met' || d.state === 'cancelled') throw new InvalidTransition(this.id, d?.state ?? 'none', action);
    return d;
  }

  protected checkCap(d: CaseDeadline, amount: number, ctx: ClockContext, field: string, excluding?: string): void {
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
  protected reschedule(d: CaseDeadline, ctx: ClockContext, actor: Actor | null, cause: string, force: boolean): boolean {
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
          deadlineId: d.id, kind: d.step, from, to: { dueDate: d.dueDate, dueAt: d.dueAt.toISOString() },
          pausedUnits: due.pausedUnits, extended: d.extended, calendarVersion: ctx.calendar.version, calendarGaps: due.calendarGaps,
        },
      });
    return moved;
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
