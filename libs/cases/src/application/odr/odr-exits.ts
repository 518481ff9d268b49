// ODR (issue 17): one place moves a complaint's ODR stage, records it on the case's timeline, and carries out the
// end of the stage (closed as 和解, or handed to the bureau's normal routing with its receipt time = now).
import { Injectable } from '@nestjs/common';
import type { OdrDecisionResult, OdrReplyDto } from '#contracts';
import { AppEnv, Clock, SmsOutbox, UnitOfWork, type Tx } from '#platform';
import { routeIntake } from '#org';
import { toChinaIso } from '#deadlines';
import { OrgDirectory } from '#org-nest';
import { odrTransition, OdrTransitionRefused, type OdrAction } from '../../domain/odr.js';
import type { Actor } from '../../domain/case.types.js';
import { CaseWorkflow } from '../case-workflow.js';
import { CaseRepository } from '../ports.js';
import { PublicActor } from '../public/public.handlers.js';
import { OdrCases } from './odr.ports.js';

const EVENT: Record<OdrAction, string> = {
  offer: 'OdrOffered', refuse: 'OdrRefused', settle: 'OdrSettledByEnterprise', accept: 'OdrAccepted', reject: 'OdrRejected', expire: 'OdrExpired',
};

@Injectable()
export class OdrExits {
  constructor(
    private readonly cases: OdrCases, private readonly repo: CaseRepository, private readonly uow: UnitOfWork, private readonly clock: Clock,
    private readonly workflow: CaseWorkflow, private readonly org: OrgDirectory, private readonly publicActor: PublicActor,
    private readonly sms: SmsOutbox, private readonly env: AppEnv,
  ) {}

  /** `who` null: the complainant on the public page (recorded as the online channel's actor). */
  /** `inTx`: more work in the same transaction, first (the clock engine's claim of an expiry rung). */
  async act(caseId: string, action: OdrAction, text: string | null, who: Actor | null, inTx?: (tx: Tx) => Promise<void>): Promise<OdrDecisionResult> {
    const actor = who ?? (await this.publicActor.get());
    const row = await this.cases.get(caseId);
    if (!row) throw new OdrTransitionRefused('该案件不在企业协商中');
    const t = odrTransition(row.stage, action);
    const now = this.clock.now();
    const reply: OdrReplyDto | undefined =
      action === 'offer' || action === 'refuse' || action === 'settle'
        ? { kind: action === 'offer' ? 'offer' : action === 'refuse' ? 'refusal' : 'settled', text: text ?? '', at: toChinaIso(now) }
        : undefined;
    const patch = {
      stage: t.stage, ...(t.end ? { endedAt: now } : {}), ...(reply ? { firstReplyAt: now, reply } : {}),
      ...(action === 'offer' || action === 'settle' ? { proposal: text } : {}),
    };
    const event = { type: EVENT[action], at: now, actorId: actor.userId, unitId: actor.unitId, rule: null, note: text, data: { enterpriseId: row.enterpriseId, from: row.stage, to: t.stage } };
    // Compare-and-set on the stage inside the case's transaction: a second decision or a late reply racing this one
    // finds the stage moved and is refused (409), the whole transaction rolled back. Before the case's own step, so
    // the timeline reads the enterprise's refusal (the complainant's decision) before what followed from it.
    const moveIn = async (tx: Tx) => {
      if (inTx) await inTx(tx);
      if (!(await this.cases.move(tx, caseId, row.stage, patch))) throw new OdrTransitionRefused('协商状态已被更新，请刷新后重试');
      await this.repo.appendEvent(tx, caseId, event);
    };
    if (!t.end) {
      await this.uow.run(async (tx) => {
        const c = (await this.repo.get(caseId, tx)).snapshot(); // locks the case
        await moveIn(tx);
        // The complainant decides on an offer or a settlement: told by SMS (demo channel in tests) with the tracking link.
        if (t.notifyComplainant && c.complainant.phone) {
          const link = `${this.env.PUBLIC_BASE_URL}/public/track?caseNo=${encodeURIComponent(c.caseNo)}`;
          await this.sms.enqueue(tx, {
            to: c.complainant.phone, template: 'odr-proposal', purpose: `odr.${action}`, caseId,
            params: { caseNo: c.caseNo, what: action === 'offer' ? '提出和解方案' : '报称已与您和解', text: (text ?? '').slice(0, 200), link },
          });
        }
      });
    } else if (t.end === 'closeAsSettled') {
      await this.workflow.transition(caseId, null, (c, ctx) => c.closeOdrSettled(row.proposal, actor, ctx), undefined, moveIn);
    } else {
      // To the bureau: the clocks and routing of a complaint received now (bureauReceiptAfterOdr, O121).
      const [ctxNow, rules] = await Promise.all([this.workflow.context('complaint', now), this.org.routingRules()]);
      const why = t.stage as 'refused' | 'rejected' | 'expired';
      await this.workflow.transition(caseId, null, (c) => {
        const p = c.snapshot();
        const route = routeIntake(rules, { type: 'complaint', category: p.categoryCode, respondent: p.respondent, violationRegionCode: p.violationRegionCode });
        c.leaveOdr(route, why, actor, ctxNow);
      }, undefined, moveIn);
    }
    const after = await this.uow.run(async (tx) => (await this.repo.get(caseId, tx)).snapshot());
    return { caseId, caseNo: after.caseNo, stage: t.stage, status: after.status };
  }
}
