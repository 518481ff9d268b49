// Hand-offs between units, report decisions and inquiry answers (issue 4). Each command is one use case; they
// share CaseWorkflow for the transaction and visibility rules. Who may act as the intake unit is `canDispatch`.
import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Forbidden, Outbox, UnitOfWork, type Tx } from '#platform';
import { canDispatch, canSee, commonSuperior, routeIntake, stationDispatcherFor, subtreeIds, type UnitNode } from '#org';
import { OrgDirectory } from '#org-nest';
import { chinaDate } from '#deadlines';
import type { CaseType } from '../../domain/vocabulary.js';
import { Case, type Actor } from '../../domain/case.js';
import { CaseNotFound, HandoffRefused, NotASubordinateStation } from '../../domain/case.errors.js';
import type { ReportDecision, ReturnReason } from '../../domain/handoffs.js';
import { RULES } from '../../domain/handoffs.js';
import { CaseWorkflow, caseStepHandler, timerEntries, requireHandler, requireHandlingUnit } from '../case-workflow.js';
import { DocumentIssuer } from '../documents.handler.js';
import { CaseRepository } from '../ports.js';

abstract class CaseCommand extends Command<void> {
  constructor(readonly caseId: string, readonly actor: Actor) { super(); }
}

export class ReturnCase extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly reason: ReturnReason, readonly note: string | null, readonly suggestedUnitId: string | null) { super(caseId, actor); }
}
export class RejectReturn extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly note: string) { super(caseId, actor); }
}
export class TransferCase extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly unitId: string, readonly reason: string) { super(caseId, actor); }
}
export class TransferCaseOut extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly agency: string, readonly notice: string, readonly note: string | null) { super(caseId, actor); }
}
export class TakeOverCase extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly reason: string) { super(caseId, actor); }
}
export class RecallCase extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly reason: string) { super(caseId, actor); }
}
export class ReferCaseUp extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly reason: string) { super(caseId, actor); }
}
export class RaiseJurisdictionDispute extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly otherUnitId: string, readonly reason: string) { super(caseId, actor); }
}
export class SettleJurisdictionDispute extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly unitId: string, readonly note: string) { super(caseId, actor); }
}
export class DesignateJurisdiction extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly unitId: string, readonly note: string) { super(caseId, actor); }
}
export class AddVerificationNote extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly note: string) { super(caseId, actor); }
}
export class DecideReport extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly decision: ReportDecision, readonly note: string) { super(caseId, actor); }
}
export class NotifyReporter extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly note: string | null) { super(caseId, actor); }
}
export class AnswerInquiry extends CaseCommand {
  constructor(caseId: string, actor: Actor, readonly answer: string) { super(caseId, actor); }
}

function requireIntake(actor: Actor, units: readonly UnitNode[], what: string): void {
  requireHandler(actor);
  if (!canDispatch(actor, units)) throw new Forbidden(`只有投诉举报办可以${what}`);
}

@CommandHandler(ReturnCase)
export class ReturnCaseHandler implements ICommandHandler<ReturnCase> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory) {}
  async execute(cmd: ReturnCase) {
    const units = await this.org.units();
    if (cmd.suggestedUnitId) requireHandlingUnit(units, cmd.suggestedUnitId);
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => {
      // A station's return goes to its county bureau, which dispatches it again or handles it (O121 Art. 30).
      const holder = units.find((u) => u.id === c.assignedUnitId);
      const county = holder?.level === 'station' ? holder.parentId : null;
      c.returnToIntake({ reason: cmd.reason, note: cmd.note, suggestedUnitId: cmd.suggestedUnitId }, cmd.actor, ctx, county);
    });
  }
}

@CommandHandler(RejectReturn)
export class RejectReturnHandler implements ICommandHandler<RejectReturn> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory) {}
  async execute(cmd: RejectReturn) {
    requireIntake(cmd.actor, await this.org.units(), '审核退回');
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => c.rejectReturn(cmd.note, cmd.actor, ctx));
  }
}

@CommandHandler(TransferCase)
export class TransferCaseHandler implements ICommandHandler<TransferCase> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory) {}
  async execute(cmd: TransferCase) {
    const units = await this.org.units();
    requireIntake(cmd.actor, units, '转办案件（承办单位请退回投诉举报办）');
    requireHandlingUnit(units, cmd.unitId);
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => c.transfer(cmd.unitId, cmd.reason, cmd.actor, ctx));
  }
}

@CommandHandler(TransferCaseOut)
export class TransferCaseOutHandler implements ICommandHandler<TransferCaseOut> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory, private readonly docs: DocumentIssuer) {}
  async execute(cmd: TransferCaseOut) {
    const asIntake = canDispatch(cmd.actor, await this.org.units());
    // 移送函 in the name of the unit that transfers (the intake office acts in its bureau's name)
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) =>
      c.transferOut({ agency: cmd.agency, notice: cmd.notice, note: cmd.note }, asIntake, cmd.actor, ctx),
    async (tx, ctx) => { await this.docs.issue(tx, cmd.caseId, 'transferLetter', cmd.actor, ctx.now, { extras: { agency: cmd.agency }, issuerUnitId: cmd.actor.unitId }); });
  }
}

@CommandHandler(TakeOverCase)
export class TakeOverCaseHandler implements ICommandHandler<TakeOverCase> {
  constructor(private readonly wf: CaseWorkflow) {}
  async execute(cmd: TakeOverCase) {
    requireHandler(cmd.actor);
    if (cmd.actor.role !== 'leader') throw new Forbidden('只有上级单位负责人可以提级办理');
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx, units) => {
      // Only a unit above the holder (市 → 区县 → 所) may take a case over (O121 Art. 13).
      const below = subtreeIds(units, cmd.actor.unitId);
      if (!c.assignedUnitId || c.assignedUnitId === cmd.actor.unitId || !below.has(c.assignedUnitId))
        throw new HandoffRefused('unitId', '只能提级办理下级单位承办的案件');
      c.takeOver(cmd.reason, cmd.actor, ctx);
    });
  }
}

/** 收回: the county bureau (its handlers or leaders) takes a case back from one of its stations. */
@CommandHandler(RecallCase)
export class RecallCaseHandler implements ICommandHandler<RecallCase> {
  constructor(private readonly wf: CaseWorkflow) {}
  async execute(cmd: RecallCase) {
    requireHandler(cmd.actor);
    if (!['handler', 'leader'].includes(cmd.actor.role)) throw new Forbidden('只有县级局承办人或负责人可以收回案件');
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx, units) => {
      const county = c.assignedUnitId ? stationDispatcherFor(cmd.actor, units, c.assignedUnitId) : null;
      if (county === null) throw new Forbidden('只能收回本局所属市场监管所承办的案件');
      if (county === c.assignedUnitId) throw new NotASubordinateStation('案件不在所属市场监管所，无需收回');
      c.recall(county, cmd.reason, cmd.actor, ctx);
    });
  }
}

@CommandHandler(ReferCaseUp)
export class ReferCaseUpHandler implements ICommandHandler<ReferCaseUp> {
  constructor(private readonly wf: CaseWorkflow) {}
  async execute(cmd: ReferCaseUp) {
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx, units) => {
      const holder = units.find((u) => u.id === c.assignedUnitId);
      const parent = holder?.parentId ? units.find((u) => u.id === holder.parentId) : undefined;
      if (!parent) throw new HandoffRefused('unitId', '没有上级单位可报请');
      c.referUp(parent.id, cmd.reason, cmd.actor, ctx);
    });
  }
}

/** 提出管辖争议: the holder names the unit it disputes with; their nearest common superior will designate. */
@CommandHandler(RaiseJurisdictionDispute)
export class RaiseJurisdictionDisputeHandler implements ICommandHandler<RaiseJurisdictionDispute> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory) {}
  async execute(cmd: RaiseJurisdictionDispute) {
    const units = await this.org.units();
    requireHandlingUnit(units, cmd.otherUnitId, 'otherUnitId', '争议对方单位不存在或不能承办案件');
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => {
      const holder = c.assignedUnitId ?? cmd.actor.unitId;
      const superior = cmd.otherUnitId === holder ? null : commonSuperior(units, holder, cmd.otherUnitId);
      if (cmd.otherUnitId !== holder && !superior)
        throw new HandoffRefused('otherUnitId', '与本单位的上级或下级之间不是管辖争议：请报请上级，或由上级收回、提级办理');
      c.raiseJurisdictionDispute({ otherUnitId: cmd.otherUnitId, superiorUnitId: superior?.id ?? holder, reason: cmd.reason }, cmd.actor, ctx);
    });
  }
}

export const SettleJurisdictionDisputeHandler = caseStepHandler(SettleJurisdictionDispute, (c, cmd, ctx) => c.settleJurisdictionDispute(cmd.unitId, cmd.note, cmd.actor, ctx));

/** 指定管辖: a leader or manager of the common superior, or of a unit above it, designates a unit under it. */
@CommandHandler(DesignateJurisdiction)
export class DesignateJurisdictionHandler implements ICommandHandler<DesignateJurisdiction> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory) {}
  async execute(cmd: DesignateJurisdiction) {
    requireHandler(cmd.actor);
    if (!['leader', 'manager'].includes(cmd.actor.role)) throw new Forbidden('只有争议双方共同的上级单位负责人可以指定管辖');
    const units = await this.org.units();
    requireHandlingUnit(units, cmd.unitId);
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => {
      const d = c.jurisdictionDispute;
      if (d) {
        const mine = subtreeIds(units, cmd.actor.unitId);
        if (!mine.has(d.superiorUnitId)) throw new Forbidden('只有争议双方共同的上级单位负责人可以指定管辖');
        if (!subtreeIds(units, d.superiorUnitId).has(cmd.unitId)) throw new HandoffRefused('unitId', '只能指定共同上级单位所辖的单位');
      }
      c.designateJurisdiction(cmd.unitId, cmd.note, cmd.actor, ctx);
    });
  }
}

export const AddVerificationNoteHandler = caseStepHandler(AddVerificationNote, (c, cmd, ctx) => c.addVerificationNote(cmd.note, cmd.actor, ctx));

@CommandHandler(DecideReport)
export class DecideReportHandler implements ICommandHandler<DecideReport> {
  constructor(private readonly wf: CaseWorkflow, private readonly docs: DocumentIssuer) {}
  async execute(cmd: DecideReport) {
    let realName = false;
    // 立案/不予立案告知: a real-name reporter is told in writing; an anonymous one cannot be.
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => { c.decideReport(cmd.decision, cmd.note, cmd.actor, ctx); realName = c.realName; },
      async (tx, ctx) => { if (realName) await this.docs.issue(tx, cmd.caseId, 'reportDecisionNotice', cmd.actor, ctx.now); });
  }
}

export const NotifyReporterHandler = caseStepHandler(NotifyReporter, (c, cmd, ctx) => c.notifyReporter(cmd.note, cmd.actor, ctx));

@CommandHandler(AnswerInquiry)
export class AnswerInquiryHandler implements ICommandHandler<AnswerInquiry> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory) {}
  async execute(cmd: AnswerInquiry) {
    const asIntake = canDispatch(cmd.actor, await this.org.units());
    await this.wf.transition(cmd.caseId, cmd.actor, (c, ctx) => c.answerInquiry(cmd.answer, asIntake, cmd.actor, ctx));
  }
}

/** 并单: the source case is merged into an open one (both locked in one transaction, in id order). */
export class MergeCase extends Command<void> {
  constructor(readonly caseId: string, readonly actor: Actor, readonly intoCaseId: string, readonly newFacts: boolean) { super(); }
}

@CommandHandler(MergeCase)
export class MergeCaseHandler implements ICommandHandler<MergeCase> {
  constructor(
    private readonly uow: UnitOfWork, private readonly cases: CaseRepository, private readonly outbox: Outbox,
    private readonly wf: CaseWorkflow, private readonly org: OrgDirectory,
  ) {}
  async execute(cmd: MergeCase) {
    const units = await this.org.units();
    requireIntake(cmd.actor, units, '并单');
    if (cmd.caseId === cmd.intoCaseId) throw new HandoffRefused('intoCaseId', '不能并入本案');
    await this.uow.run(async (tx: Tx) => {
      const [a, b] = [cmd.caseId, cmd.intoCaseId].sort();
      const loaded = new Map<string, Case>();
      for (const id of [a!, b!]) {
        const c = await this.cases.get(id, tx);
        if (!canSee(cmd.actor, units, c.assignedUnitId)) throw new CaseNotFound(id);
        loaded.set(id, c);
      }
      const source = loaded.get(cmd.caseId)!;
      const target = loaded.get(cmd.intoCaseId)!;
      if (source.type !== target.type)
        throw new HandoffRefused('intoCaseId', '只能合并同类事项（投诉并投诉、举报并举报）');
      const s = source.snapshot();
      const t = target.snapshot();
      source.mergeInto({ id: t.id, caseNo: t.caseNo }, cmd.newFacts, cmd.actor, await this.wf.context(source.type, source.receivedAt));
      target.absorb(
        { id: s.id, caseNo: s.caseNo, type: s.type, description: s.description, receivedAt: s.receivedAt },
        cmd.newFacts, cmd.actor, await this.wf.context(target.type, target.receivedAt),
      );
      for (const c of [source, target]) {
        await this.cases.save(c, tx);
        await this.outbox.append(tx, timerEntries(c.pullTimers()));
      }
    });
  }
}

/** 咨询转投诉/举报: registers the new case from the inquiry's data (received now) and links both ways. */
export class ConvertInquiry extends Command<{ id: string }> {
  constructor(readonly caseId: string, readonly actor: Actor, readonly toType: Exclude<CaseType, 'inquiry'>, readonly realName: boolean, readonly request: string | null) { super(); }
}

@CommandHandler(ConvertInquiry)
export class ConvertInquiryHandler implements ICommandHandler<ConvertInquiry> {
  constructor(
    private readonly uow: UnitOfWork, private readonly cases: CaseRepository, private readonly outbox: Outbox,
    private readonly wf: CaseWorkflow, private readonly org: OrgDirectory,
  ) {}
  async execute(cmd: ConvertInquiry): Promise<{ id: string }> {
    requireHandler(cmd.actor);
    const [units, rules] = await Promise.all([this.org.units(), this.org.routingRules()]);
    const asIntake = canDispatch(cmd.actor, units);
    const id = randomUUID();
    await this.uow.run(async (tx: Tx) => {
      const inquiry = await this.cases.get(cmd.caseId, tx);
      if (!canSee(cmd.actor, units, inquiry.assignedUnitId)) throw new CaseNotFound(cmd.caseId);
      const q = inquiry.snapshot();
      const ictx = await this.wf.context(q.type, q.receivedAt);
      const ctx = await this.wf.context(cmd.toType, ictx.now);
      const caseNo = await this.cases.nextCaseNo(Number(chinaDate(ictx.now).slice(0, 4)), tx);
      inquiry.convertInquiry({ id, caseNo, type: cmd.toType }, asIntake, cmd.actor, ictx);
      const decision = routeIntake(rules, { type: cmd.toType, category: q.categoryCode, respondent: q.respondent, violationRegionCode: q.violationRegionCode });
      const c = Case.register(
        {
          id, caseNo, type: cmd.toType, channel: q.channel, receivedAt: ictx.now, complainant: { ...q.complainant },
          respondent: { ...q.respondent }, categoryCode: q.categoryCode, problemType: q.problemType, description: q.description,
          request: cmd.request ?? q.request, amount: q.amount, registeredBy: cmd.actor.userId,
          realName: cmd.toType === 'report' ? cmd.realName : true, violationRegionCode: q.violationRegionCode ?? null,
        },
        decision, cmd.actor, ctx,
      );
      c.linkTo('convertedFrom', { id: q.id, caseNo: q.caseNo }, cmd.actor, ctx, RULES.inquiryConverted);
      await this.cases.insert(c, tx);
      await this.outbox.append(tx, timerEntries(c.pullTimers()));
      await this.cases.save(inquiry, tx);
      await this.outbox.append(tx, timerEntries(inquiry.pullTimers()));
    });
    return { id };
  }
}
