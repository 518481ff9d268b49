import { clockDue } from '#deadlines';
import { InvalidTransition, NotAssignee, HandoffRefused } from './case.errors.js';
import { InvalidInput, NotFound } from '#kernel';
import { type CoUnit, type Supervision, type SupervisionKind, CoHandlingPending, COHANDLING_RULES, SUPERVISION_KIND_TEXT } from './cohandling.js';
import { type Actor, type ClockContext } from './case.types.js';
import { CaseClocks } from './case-clocks.js';

/** Co-handling (协办) and supervision (督办/催办) of a case (issue 4). */
export abstract class CaseCoHandling extends CaseClocks {
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

}
