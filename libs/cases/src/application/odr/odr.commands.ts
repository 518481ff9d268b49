// ODR (issue 17): the commands and queries the API hands to. Handlers in ./odr.handlers.ts.
import { Command, Query } from '@nestjs/cqrs';
import type {
  CreateOdrEnterpriseRequest, CreateOdrEnterpriseUserRequest, OdrCaseDetailDto, OdrCaseSummaryDto, OdrDecisionResult, OdrEnterpriseDto,
  OdrEnterpriseUserDto, OdrFiguresDto, OdrNoticeDto, OdrReplyRequest, OdrSuggestionDto, PublicOdrSuggestionDto, UpdateOdrEnterpriseRequest, OdrCaseStateDto,
} from '#contracts';
import type { Actor } from '../../domain/case.types.js';
import type { PublicProof } from '../public/public.handlers.js';

export class ListOdrEnterprises extends Query<OdrEnterpriseDto[]> {
  constructor(readonly actor: Actor, readonly status?: string) { super(); }
}
export class GetOdrEnterprise extends Query<OdrEnterpriseDto> {
  constructor(readonly actor: Actor, readonly id: string) { super(); }
}
export class EnrolOdrEnterprise extends Command<OdrEnterpriseDto> {
  constructor(readonly actor: Actor, readonly input: CreateOdrEnterpriseRequest) { super(); }
}
export class UpdateOdrEnterprise extends Command<OdrEnterpriseDto> {
  constructor(readonly actor: Actor, readonly id: string, readonly input: UpdateOdrEnterpriseRequest) { super(); }
}
export class CreateOdrEnterpriseUser extends Command<OdrEnterpriseUserDto> {
  constructor(readonly actor: Actor, readonly enterpriseId: string, readonly input: CreateOdrEnterpriseUserRequest) { super(); }
}
/** Staff suggestion list (actor given) or the public one (actor null: name + masked credit code only). */
export class SuggestOdrEnterprises extends Query<OdrSuggestionDto[] | PublicOdrSuggestionDto[]> {
  constructor(readonly actor: Actor | null, readonly q: string) { super(); }
}
/** The enterprise's own profile (role enterprise). */
export class GetMyOdrEnterprise extends Query<OdrEnterpriseDto> {
  constructor(readonly actor: Actor) { super(); }
}
export class ListOdrCases extends Query<OdrCaseSummaryDto[]> {
  constructor(readonly actor: Actor) { super(); }
}
export class GetOdrCase extends Query<OdrCaseDetailDto> {
  constructor(readonly actor: Actor, readonly caseId: string) { super(); }
}
/** The enterprise answers: an offer or a refusal with its reasons (reply), or "settled" with what was agreed (settle). */
export type OdrAnswer = OdrReplyRequest | { kind: 'settled'; text: string };
export class AnswerOdrCase extends Command<OdrCaseDetailDto> {
  constructor(readonly actor: Actor, readonly caseId: string, readonly answer: OdrAnswer) { super(); }
}
/** One evidence file of the enterprise's own case (audited like every download). */
export class DownloadOdrEvidence extends Query<{ name: string; contentType: string; bytes: Buffer }> {
  constructor(readonly actor: Actor, readonly ref: { caseId: string; attachmentId: string }, readonly ip: string | null) { super(); }
}
/** The enterprise's reminders (its inbox: the window's warnings). */
export class ListOdrNotices extends Query<OdrNoticeDto[]> {
  constructor(readonly actor: Actor) { super(); }
}
/** The complainant's decision, recorded by staff (actor) or proven on the public page (caseId null: resolved from the proof's case number). */
export class DecideOdrCase extends Command<OdrDecisionResult> {
  constructor(readonly caseId: string | null, readonly accept: boolean, readonly by: { actor: Actor; note?: string } | { proof: PublicProof }) { super(); }
}
export class GetOdrFigures extends Query<OdrFiguresDto> {
  constructor(readonly actor: Actor | null, readonly from: string, readonly to: string, readonly enterpriseId?: string) { super(); }
}
/** The ODR block of a case: staff (actor) or the complainant with the tracking proof. */
export class GetOdrState extends Query<OdrCaseStateDto> {
  constructor(readonly caseId: string | null, readonly by: { actor: Actor } | { proof: PublicProof }) { super(); }
}
