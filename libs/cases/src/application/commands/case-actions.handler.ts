// The unit's and the operator's steps on a case (签收, 受理, 不予受理, 调解, 办结, 告知, 回访, 分派). Each command
// is one use case; they share CaseWorkflow for the transaction and visibility rules.
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Forbidden, InvalidInput } from '#platform';
import { canDispatch, isStationUnder, stationDispatcherFor } from '#org';
import { OrgDirectory } from '#org-nest';
import type { Actor, CloseOutcome, Satisfaction } from '../../domain/case.js';
import { NotASubordinateStation } from '../../domain/case.errors.js';
import { CaseWorkflow, caseStepHandler, requireHandler, requireHandlingUnit } from '../case-workflow.js';
import { DocumentIssuer } from '../documents.handler.js';

abstract class CaseCommand extends Command<void> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

export class SignCase extends CaseCommand {}
export class AcceptCase extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly note: string | null) { super(caseId, actor); }
}
export class DeclineCase extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly ground: string, readonly note: string | null) { super(caseId, actor); }
}
export class AddMediationNote extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly note: string) { super(caseId, actor); }
}
export class RecordContact extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly note: string) { super(caseId, actor); }
}
export class CloseCase extends CaseCommand {
  constructor(
    caseId: string,
    actor: Actor,
    readonly outcome: CloseOutcome,
    readonly ground: string | null,
    readonly note: string | null,
    readonly recoveredAmount: number | null,
  ) { super(caseId, actor); }
}
export class NotifyTermination extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly note: string | null) { super(caseId, actor); }
}
export class RecordCallback extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly satisfaction: Satisfaction, readonly note: string | null) { super(caseId, actor); }
}
export class RecordCallbackUnreachable extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly note: string) { super(caseId, actor); }
}
export class DispatchCase extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly unitId: string, readonly note: string | null) { super(caseId, actor); }
}

export const SignCaseHandler = caseStepHandler(SignCase, (c, cmd, ctx) => c.sign(cmd.actor, ctx));

@CommandHandler(AcceptCase)
export class AcceptCaseHandler implements ICommandHandler<AcceptCase> {
  constructor(private readonly wf: CaseWorkflow, private readonly docs: DocumentIssuer) {}
  async execute(cmd: AcceptCase) {
    // The 受理告知书 is issued in the acceptance's own transaction: deciding and notifying are one step (O121 Art. 15).
    // Only a complaint is accepted (Case.accept): a report is verified and decided instead.
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => c.accept(cmd.actor, ctx, cmd.note),
      (tx, ctx) => this.docs.issue(tx, cmd.caseId, 'acceptanceNotice', cmd.actor, ctx.now).then(() => undefined));
  }
}

@CommandHandler(DeclineCase)
export class DeclineCaseHandler implements ICommandHandler<DeclineCase> {
  constructor(private readonly wf: CaseWorkflow, private readonly docs: DocumentIssuer) {}
  async execute(cmd: DeclineCase) {
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => c.decline(cmd.ground, cmd.note, cmd.actor, ctx),
      (tx, ctx) => this.docs.issue(tx, cmd.caseId, 'declineNotice', cmd.actor, ctx.now).then(() => undefined));
  }
}

export const AddMediationNoteHandler = caseStepHandler(AddMediationNote, (c, cmd, ctx) => c.addMediationNote(cmd.note, cmd.actor, ctx));

export const RecordContactHandler = caseStepHandler(RecordContact, (c, cmd, ctx) => c.recordContact(cmd.note, cmd.actor, ctx));

@CommandHandler(CloseCase)
export class CloseCaseHandler implements ICommandHandler<CloseCase> {
  constructor(private readonly wf: CaseWorkflow, private readonly docs: DocumentIssuer) {}
  async execute(cmd: CloseCase) {
    if (cmd.outcome === 'terminated' && !cmd.ground)
      throw new InvalidInput([{ field: 'ground', code: 'REQUIRED', message: '终止调解须选择法定理由' }]);
    // 调解成功 → 调解书 (the agreement is the closing note); 终止调解 → 终止调解告知书 with its ground.
    const kind = cmd.outcome === 'agreement' ? 'mediationAgreement' : cmd.outcome === 'terminated' ? 'terminationNotice' : null;
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) =>
      c.close({ outcome: cmd.outcome, ground: cmd.ground, note: cmd.note, recoveredAmount: cmd.recoveredAmount }, cmd.actor, ctx),
    async (tx, ctx) => { if (kind) await this.docs.issue(tx, cmd.caseId, kind, cmd.actor, ctx.now, { extras: { note: cmd.note } }); });
  }
}

export const NotifyTerminationHandler = caseStepHandler(NotifyTermination, (c, cmd, ctx) => c.notifyTermination(cmd.note, cmd.actor, ctx));

export const RecordCallbackHandler = caseStepHandler(RecordCallback, (c, cmd, ctx) => c.recordCallback(cmd.satisfaction, cmd.note, cmd.actor, ctx));
export const RecordCallbackUnreachableHandler = caseStepHandler(RecordCallbackUnreachable, (c, cmd, ctx) => c.recordCallbackUnreachable(cmd.note, cmd.actor, ctx));

/**
 * 分派: from the intake unit's pool to a handling unit (the intake unit), or — for a case a county bureau holds —
 * down to one of its own stations (市场监管所), by that county's handlers or leaders (also from one of its stations
 * to another: a re-dispatch).
 */
@CommandHandler(DispatchCase)
export class DispatchCaseHandler implements ICommandHandler<DispatchCase> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory) {}
  async execute(cmd: DispatchCase) {
    requireHandler(cmd.actor);
    const units = await this.org.units();
    const intake = canDispatch(cmd.actor, units);
    if (!intake && !['handler', 'leader'].includes(cmd.actor.role)) throw new Forbidden('只有投诉举报办或承办案件的县级局可以分派案件');
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => {
      const county = c.assignedUnitId ? stationDispatcherFor(cmd.actor, units, c.assignedUnitId) : null;
      if (county === null || (intake && c.assignedUnitId === null)) {
        if (!intake) throw new Forbidden('只有承办案件的县级局（承办人或负责人）可以将案件分派到所属市场监管所');
        requireHandlingUnit(units, cmd.unitId);
        c.dispatch(cmd.unitId, cmd.actor, ctx, cmd.note);
        return;
      }
      if (!isStationUnder(units, cmd.unitId, county)) throw new NotASubordinateStation();
      c.dispatchToStation(cmd.unitId, county, cmd.actor, ctx, cmd.note);
    });
  }
}
