// ODR (issue 17): the moves of a complaint's ODR stage — the enterprise's reply or settlement, the complainant's
// decision — and where an ended stage sends the case (closed as 和解, or to the bureau's routing).
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OdrCaseDetailDto, OdrCaseStateDto, OdrDecisionResult } from '#contracts';
import { NotFound } from '#platform';
import type { Actor } from '../../domain/case.types.js';
import { OdrTransitionRefused, type OdrAction } from '../../domain/odr.js';
import { DecideOdrCase, GetOdrState, ReplyOdrCase, SettleOdrCase } from './odr.commands.js';
import { OdrCases, OdrEnterprises } from './odr.ports.js';
import { odrDetail, ownEnterprise } from './odr.handlers.js';
import { OdrExits } from './odr-exits.js';
import { PublicProofs } from '../public/public.handlers.js';

@CommandHandler(ReplyOdrCase)
export class ReplyOdrCaseHandler implements ICommandHandler<ReplyOdrCase> {
  constructor(private readonly store: OdrEnterprises, private readonly cases: OdrCases, private readonly exits: OdrExits) {}
  async execute({ actor, caseId, input }: ReplyOdrCase): Promise<OdrCaseDetailDto> {
    const enterpriseId = await ownEnterprise(this.store, actor);
    await odrDetail(this.cases, enterpriseId, caseId);
    await this.exits.act(caseId, input.kind === 'offer' ? 'offer' : 'refuse', input.text, actor);
    return odrDetail(this.cases, enterpriseId, caseId);
  }
}

@CommandHandler(SettleOdrCase)
export class SettleOdrCaseHandler implements ICommandHandler<SettleOdrCase> {
  constructor(private readonly store: OdrEnterprises, private readonly cases: OdrCases, private readonly exits: OdrExits) {}
  async execute({ actor, caseId, agreement }: SettleOdrCase): Promise<OdrCaseDetailDto> {
    const enterpriseId = await ownEnterprise(this.store, actor);
    await odrDetail(this.cases, enterpriseId, caseId);
    await this.exits.act(caseId, 'settle', agreement, actor);
    return odrDetail(this.cases, enterpriseId, caseId);
  }
}

@CommandHandler(DecideOdrCase)
export class DecideOdrCaseHandler implements ICommandHandler<DecideOdrCase> {
  constructor(private readonly cases: OdrCases, private readonly exits: OdrExits, private readonly proofs: PublicProofs) {}
  async execute({ caseId, accept, by }: DecideOdrCase): Promise<OdrDecisionResult> {
    let id = caseId;
    let who: Actor | null = null;
    let note: string | null = null;
    if ('proof' in by) {
      id = (await this.proofs.prove(by.proof)).caseId;
    } else {
      if (!['operator', 'manager', 'admin'].includes(by.actor.role)) throw new NotFound('案件', caseId ?? '');
      who = by.actor;
      note = by.note ?? null;
    }
    const row = await this.cases.get(id!);
    if (!row) throw new OdrTransitionRefused('该案件不在企业协商中');
    const action: OdrAction = accept ? 'accept' : 'reject';
    return this.exits.act(id!, action, note, who);
  }
}

@QueryHandler(GetOdrState)
export class GetOdrStateHandler implements IQueryHandler<GetOdrState> {
  constructor(private readonly cases: OdrCases, private readonly store: OdrEnterprises, private readonly proofs: PublicProofs) {}
  async execute({ caseId, by }: GetOdrState): Promise<OdrCaseStateDto> {
    let id = caseId;
    if ('proof' in by) id = (await this.proofs.prove(by.proof)).caseId;
    else if (!['operator', 'manager', 'admin'].includes(by.actor.role)) throw new NotFound('案件', caseId ?? '');
    const row = await this.cases.get(id!);
    if (!row) throw new NotFound('企业协商记录', id ?? '');
    const e = await this.store.row(row.enterpriseId);
    return {
      enterpriseId: row.enterpriseId, enterpriseName: e?.name ?? '', stage: row.stage, consentAt: row.consentAt.toISOString(),
      handedOverAt: row.handedOverAt.toISOString(), dueAt: row.endedAt ? null : (row.dueAt?.toISOString() ?? null),
      endedAt: row.endedAt?.toISOString() ?? null, proposal: row.proposal,
      awaitingDecision: row.stage === 'offered' || row.stage === 'settled',
    };
  }
}

export const odrCaseHandlers = [ReplyOdrCaseHandler, SettleOdrCaseHandler, DecideOdrCaseHandler, GetOdrStateHandler];
