// ODR (issue 17): one place moves a complaint's ODR stage, records it on the case's timeline, and carries out the
// end of the stage (closed as 和解, or handed to the bureau's routing).
import { Injectable } from '@nestjs/common';
import type { OdrDecisionResult, OdrReplyDto } from '#contracts';
import { Clock, UnitOfWork } from '#platform';
import { odrTransition, OdrTransitionRefused, type OdrAction } from '../../domain/odr.js';
import { CaseRepository } from '../ports.js';
import { OdrCases } from './odr.ports.js';

const EVENT: Record<OdrAction, string> = {
  offer: 'OdrOffered', refuse: 'OdrRefused', settle: 'OdrSettledByEnterprise', accept: 'OdrAccepted', reject: 'OdrRejected', expire: 'OdrExpired',
};

@Injectable()
export class OdrExits {
  constructor(private readonly cases: OdrCases, private readonly repo: CaseRepository, private readonly uow: UnitOfWork, private readonly clock: Clock) {}

  async act(caseId: string, action: OdrAction, text: string | null, who: { userId: string | null; unitId: string | null }): Promise<OdrDecisionResult> {
    const now = this.clock.now();
    return this.uow.run(async (tx) => {
      const c = await this.repo.get(caseId, tx); // locks the case
      const row = await this.cases.get(caseId, tx);
      if (!row) throw new OdrTransitionRefused('该案件不在企业协商中');
      const t = odrTransition(row.stage, action);
      const reply: OdrReplyDto | undefined =
        action === 'offer' || action === 'refuse' || action === 'settle'
          ? { kind: action === 'offer' ? 'offer' : action === 'refuse' ? 'refusal' : 'settled', text: text ?? '', at: now.toISOString() }
          : undefined;
      const moved = await this.cases.move(tx, caseId, row.stage, {
        stage: t.stage,
        ...(t.end ? { endedAt: now } : {}),
        ...(reply ? { firstReplyAt: now, reply } : {}),
        ...(action === 'offer' || action === 'settle' ? { proposal: text } : {}),
      });
      if (!moved) throw new OdrTransitionRefused('协商状态已被更新，请刷新后重试');
      await this.repo.appendEvent(tx, caseId, {
        type: EVENT[action], at: now, actorId: who.userId, unitId: who.unitId, rule: null, note: text,
        data: { enterpriseId: row.enterpriseId, from: row.stage, to: t.stage },
      });
      return { caseId, caseNo: c.snapshot().caseNo, stage: t.stage, status: c.snapshot().status };
    });
  }
}
