// 暂停/恢复计时 and 延期 (request, approve, reject) on one of a case's clocks.
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { extensionDecisionRefusal } from '#org';
import { OrgDirectory } from '#org-nest';
import type { Actor } from '../../domain/case.js';
import { DutyRefused } from '../../domain/case.errors.js';
import { CaseWorkflow, caseStepHandler } from '../case-workflow.js';
import { CaseReads } from '../ports.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PauseClock extends Command<void> {
  constructor(readonly caseId: string, readonly kind: string, readonly reason: string, readonly evidence: string | null, readonly note: string | null, readonly actor: Actor) { super(); }
}
export class ResumeClock extends Command<void> {
  constructor(readonly caseId: string, readonly kind: string, readonly note: string | null, readonly actor: Actor) { super(); }
}
export class RequestExtension extends Command<{ extensionId: string; lastMinute: boolean }> {
  constructor(readonly caseId: string, readonly kind: string, readonly amount: number, readonly reason: string, readonly actor: Actor) { super(); }
}
export class DecideExtension extends Command<void> {
  constructor(readonly caseId: string, readonly extensionId: string, readonly approve: boolean, readonly note: string | null, readonly actor: Actor) { super(); }
}

export const PauseClockHandler = caseStepHandler(PauseClock, (c, cmd, ctx) =>
  c.pauseClock(cmd.kind, { reason: cmd.reason, evidence: cmd.evidence, note: cmd.note }, cmd.actor, ctx));

export const ResumeClockHandler = caseStepHandler(ResumeClock, (c, cmd, ctx) => c.resumeClock(cmd.kind, cmd.note, cmd.actor, ctx));

@CommandHandler(RequestExtension)
export class RequestExtensionHandler implements ICommandHandler<RequestExtension> {
  constructor(private readonly wf: CaseWorkflow) {}
  async execute(c: RequestExtension) {
    let out = { extensionId: '', lastMinute: false };
    await this.wf.transition(c.caseId, c.actor, (x, ctx) => {
      const e = x.requestExtension(c.kind, c.amount, c.reason, c.actor, ctx);
      out = { extensionId: e.id, lastMinute: e.lastMinute };
    });
    return out;
  }
}

/**
 * Approval belongs to the assigned unit's leader or the level above, never to the requester; a unit leader's own
 * request goes up the tree (extensionDecisionRefusal, libs/org duties.ts). The requester's role and unit are read
 * from their account now.
 */
@CommandHandler(DecideExtension)
export class DecideExtensionHandler implements ICommandHandler<DecideExtension> {
  constructor(private readonly wf: CaseWorkflow, private readonly org: OrgDirectory, private readonly reads: CaseReads) {}
  async execute(c: DecideExtension) {
    const units = await this.org.units();
    const requester = !UUID.test(c.extensionId) ? null : await this.reads.extensionRequester(c.extensionId);
    await this.wf.transition(c.caseId, c.actor, (x, ctx) => {
      if (requester) {
        const refusal = extensionDecisionRefusal(c.actor, { userId: requester.id, unitId: requester.unitId, role: requester.role }, x.assignedUnitId, units);
        if (refusal) throw new DutyRefused(refusal.code, refusal.message);
      }
      // An unknown id falls through to the aggregate, which answers UNKNOWN_EXTENSION.
      x.decideExtension(c.extensionId, c.approve, c.note, c.actor, ctx);
    });
  }
}
