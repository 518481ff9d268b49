// ODR (issue 17): the moves of a complaint's ODR stage — the enterprise's reply or settlement, the complainant's
// decision — and where an ended stage sends the case (closed as 和解, or to the bureau's routing).
import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { OdrCaseDetailDto, OdrCaseStateDto, OdrDecisionResult, OdrNoticeDto } from '#contracts';
import { Clock, NotFound } from '#platform';
import { toChinaIso } from '#deadlines';
import type { Actor } from '../../domain/case.types.js';
import { odrInboxRole, OdrTransitionRefused, type OdrAction } from '../../domain/odr.js';
import { AttachmentNotFound } from '../../domain/attachments.js';
import { AttachmentStore } from '../../infrastructure/case-files.store.js';
import { AttachmentRepository, Inbox } from '../ports.js';
import { AnswerOdrCase, DecideOdrCase, DownloadOdrEvidence, GetOdrState, ListOdrNotices, type OdrAnswer } from './odr.commands.js';
import { OdrCases, OdrEnterprises } from './odr.ports.js';
import { odrDetail, ownCase, ownEnterprise } from './odr.handlers.js';
import { OdrExits } from './odr-exits.js';
import { PublicProofs } from '../public/public.handlers.js';

const ACTION = { offer: 'offer', refusal: 'refuse', settled: 'settle' } as const satisfies Record<OdrAnswer['kind'], OdrAction>;

@CommandHandler(AnswerOdrCase)
export class AnswerOdrCaseHandler implements ICommandHandler<AnswerOdrCase> {
  constructor(private readonly store: OdrEnterprises, private readonly cases: OdrCases, private readonly exits: OdrExits) {}
  async execute({ actor, caseId, answer }: AnswerOdrCase): Promise<OdrCaseDetailDto> {
    const own = await ownCase(this.store, this.cases, actor, caseId);
    await this.exits.act(caseId, ACTION[answer.kind], answer.text, actor);
    return odrDetail(this.cases, own.enterpriseId, caseId);
  }
}

@QueryHandler(DownloadOdrEvidence)
export class DownloadOdrEvidenceHandler implements IQueryHandler<DownloadOdrEvidence> {
  constructor(
    private readonly store: OdrEnterprises, private readonly cases: OdrCases, private readonly files: AttachmentStore,
    private readonly attachments: AttachmentRepository, private readonly clock: Clock,
  ) {}
  async execute({ actor, ref, ip }: DownloadOdrEvidence) {
    const own = await ownCase(this.store, this.cases, actor, ref.caseId);
    // only a file of the enterprise's evidence list; any other id is not there for it (no hint that it exists)
    const a = own.attachments.find((x) => x.id === ref.attachmentId) ? await this.attachments.find(ref.caseId, ref.attachmentId) : null;
    const bytes = a ? await this.files.read(a.id, 'content') : null;
    if (!a || !bytes) throw new AttachmentNotFound(ref.attachmentId);
    await this.attachments.recordDownload({
      attachmentId: a.id, caseId: ref.caseId, userId: actor.userId, unitId: actor.unitId, role: actor.role, at: this.clock.now(), ip, thumbnail: false,
    });
    return { name: a.name, contentType: a.contentType, bytes };
  }
}

@QueryHandler(ListOdrNotices)
export class ListOdrNoticesHandler implements IQueryHandler<ListOdrNotices> {
  constructor(private readonly store: OdrEnterprises, private readonly inbox: Inbox, private readonly clock: Clock) {}
  async execute({ actor }: ListOdrNotices): Promise<OdrNoticeDto[]> {
    const enterpriseId = await ownEnterprise(this.store, actor);
    const { items } = await this.inbox.forReader({ userId: actor.userId, unitId: actor.unitId, role: odrInboxRole(enterpriseId) }, this.clock.now(), false, 50);
    return items.map((n) => ({ id: n.id, caseId: n.caseId, kind: n.kind, title: n.title, body: n.body, urgent: n.urgent, at: toChinaIso(n.deliverAt), read: n.read }));
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
      enterpriseId: row.enterpriseId, enterpriseName: e?.name ?? '', stage: row.stage, consentAt: toChinaIso(row.consentAt),
      handedOverAt: toChinaIso(row.handedOverAt), dueAt: row.endedAt || !row.dueAt ? null : toChinaIso(row.dueAt),
      endedAt: row.endedAt ? toChinaIso(row.endedAt) : null, proposal: row.proposal,
      awaitingDecision: row.stage === 'offered' || row.stage === 'settled',
    };
  }
}

export const odrCaseHandlers = [AnswerOdrCaseHandler, DownloadOdrEvidenceHandler, ListOdrNoticesHandler, DecideOdrCaseHandler, GetOdrStateHandler];
