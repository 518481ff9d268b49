// Co-handling (协办) and supervision items (督办/催办), issue 4 (docs/routing.md). Each command is one use case on
// CaseWorkflow (load + lock, visibility incl. co-units, act, save); inbox items are written in the same transaction.
import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Forbidden } from '#platform';
import { canDispatch, subtreeIds, type UnitNode } from '#org';
import { OrgDirectory } from '#org-nest';
import type { Actor, Case } from '../../domain/case.js';
import { DEFAULT_RESPONSE_DAYS, SUPERVISION_KIND_TEXT, type SupervisionKind } from '../../domain/cohandling.js';
import { CaseWorkflow, caseStepHandler, requireHandler, requireHandlingUnit } from '../case-workflow.js';
import { Inbox, type InboxItem } from '../ports.js';

abstract class CaseCommand<R = void> extends Command<R> {
  constructor(readonly caseId: string, readonly actor: Actor) { super(); }
}

export class AddCoUnits extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly unitIds: string[], readonly note: string | null) { super(caseId, actor); }
}
export class SubmitCoReport extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly text: string) { super(caseId, actor); }
}
export class ReleaseCoUnit extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly unitId: string, readonly note: string) { super(caseId, actor); }
}
export class OpenSupervision extends CaseCommand<{ id: string }> {
  constructor(caseId: string, actor: Actor, readonly kind: SupervisionKind, readonly note: string, readonly responseDays: number | null) { super(caseId, actor); }
}
export class AnswerSupervision extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly supervisionId: string, readonly answer: string) { super(caseId, actor); }
}

interface Note { unitId: string; caseId: string; kind: string; title: string; body: string }
/** An inbox item for a whole unit, delivered at once (a supervision or co-handling request is work to do now). */
const item = (now: Date, n: Note): InboxItem => ({ id: randomUUID(), role: null, deadlineId: null, urgent: true, createdAt: now, deliverAt: now, ...n });
const unitName = (units: readonly UnitNode[], id: string | null) => units.find((u) => u.id === id)?.name ?? '';

@CommandHandler(AddCoUnits)
export class AddCoUnitsHandler implements ICommandHandler<AddCoUnits> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory, private readonly inbox: Inbox) {}
  async execute(cmd: AddCoUnits) {
    requireHandler(cmd.actor);
    const units = await this.org.units();
    for (const id of cmd.unitIds) requireHandlingUnit(units, id, 'unitIds', '协办单位不存在或不能承办案件');
    const asIntake = canDispatch(cmd.actor, units);
    let c!: Case;
    await this.wf.transition(cmd.caseId, cmd.actor, (x, ctx) => {
      c = x;
      x.addCoUnits(cmd.unitIds, cmd.note, asIntake, cmd.actor, ctx);
    }, async (tx, ctx) => {
      await this.inbox.append(tx, [...new Set(cmd.unitIds)].map((unitId) => item(ctx.now, {
        unitId, caseId: c.id, kind: 'coHandling', title: '协办通知',
        body: `${unitName(units, c.assignedUnitId)}主办的案件${c.caseNo}请贵单位协办，请按职责办理并反馈协办情况。${cmd.note ? `说明：${cmd.note}` : ''}`,
      })));
    });
  }
}

export const SubmitCoReportHandler = caseStepHandler(SubmitCoReport, (c, cmd, ctx) => c.submitCoReport(cmd.text, cmd.actor, ctx));

export const ReleaseCoUnitHandler = caseStepHandler(ReleaseCoUnit, (c, cmd, ctx) => c.releaseCoUnit(cmd.unitId, cmd.note, cmd.actor, ctx));

/**
 * Who may open a supervision item: the intake unit (canDispatch), or a leader/manager of a unit above the assigned
 * unit (its subtree holds it). Returns the opening unit; anyone else who can see the case is refused (403).
 */
export function supervisingUnit(actor: Actor, units: readonly UnitNode[], assignedUnitId: string | null): string {
  if (canDispatch(actor, units)) return actor.unitId;
  const above = ['leader', 'manager'].includes(actor.role) && !!assignedUnitId && assignedUnitId !== actor.unitId
    && subtreeIds(units, actor.unitId).has(assignedUnitId);
  if (!above) throw new Forbidden('只有上级单位负责人或投诉举报办可以督办、催办');
  return actor.unitId;
}

@CommandHandler(OpenSupervision)
export class OpenSupervisionHandler implements ICommandHandler<OpenSupervision> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory, private readonly inbox: Inbox) {}
  async execute(cmd: OpenSupervision): Promise<{ id: string }> {
    const units = await this.org.units();
    let c!: Case;
    let id = '';
    let target = '';
    let due = '';
    await this.wf.transition(cmd.caseId, cmd.actor, (x, ctx) => {
      c = x;
      const openedByUnitId = supervisingUnit(cmd.actor, units, x.assignedUnitId);
      const s = x.openSupervision({ kind: cmd.kind, note: cmd.note, responseDays: cmd.responseDays ?? DEFAULT_RESPONSE_DAYS, openedByUnitId }, cmd.actor, ctx);
      id = s.id;
      target = s.targetUnitId;
      due = s.dueAt.toISOString();
    }, async (tx, ctx) => {
      const what = SUPERVISION_KIND_TEXT[cmd.kind];
      await this.inbox.append(tx, [item(ctx.now, {
        unitId: target, caseId: c.id, kind: cmd.kind, title: `案件${what}`,
        body: `${unitName(units, cmd.actor.unitId)}对案件${c.caseNo}${what}：${cmd.note}。请于${due.slice(0, 10)}前反馈办理情况。`,
      })]);
    });
    return { id };
  }
}

@CommandHandler(AnswerSupervision)
export class AnswerSupervisionHandler implements ICommandHandler<AnswerSupervision> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory, private readonly inbox: Inbox) {}
  async execute(cmd: AnswerSupervision) {
    const units = await this.org.units();
    let c!: Case;
    await this.wf.transition(cmd.caseId, cmd.actor, (x, ctx) => {
      c = x;
      x.answerSupervision(cmd.supervisionId, cmd.answer, cmd.actor, ctx);
    }, async (tx, ctx) => {
      const s = c.supervisions.find((x) => x.id === cmd.supervisionId)!;
      await this.inbox.append(tx, [item(ctx.now, {
        unitId: s.openedByUnitId, caseId: c.id, kind: 'supervisionAnswered', title: `${SUPERVISION_KIND_TEXT[s.kind]}已反馈`,
        body: `${unitName(units, s.targetUnitId)}已反馈案件${c.caseNo}的${SUPERVISION_KIND_TEXT[s.kind]}：${cmd.answer}`,
      })]);
    });
  }
}
