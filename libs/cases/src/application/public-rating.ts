// Issue 16 §4: the public 回访 through the single-use SMS link. The answer is the operator's callback record
// (CallbackRecorded, counted in 满意率 alike); an unanswered case stays on the operator's 待回访 list.
import { Command, CommandHandler, type ICommandHandler, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, DomainError, type Tx } from '#platform';
import { toChinaIso } from '#deadlines';
import { OrgDirectory } from '#org-nest';
import { type Satisfaction, SATISFACTIONS } from '../domain/case.js';
import { InvalidTransition } from '../domain/case.errors.js';
import { NOTICE_TYPE_TEXT } from '../domain/notices.js';
import { CaseWorkflow } from './case-workflow.js';

export interface RatingTarget {
  caseId: string; caseNo: string; type: string; status: string; outcome: string | null; declined: boolean;
  unitId: string | null; expiresAt: Date; usedAt: Date | null;
}

/** Port: the tokens and what the rating page may show of their case (adapter: PrismaRatingTokens). */
export abstract class RatingLinks {
  abstract find(token: string): Promise<RatingTarget | null>;
  /** Marks the token used (unused and unexpired only); false otherwise. */
  abstract use(tx: Tx, token: string, now: Date): Promise<boolean>;
}

export class RatingNotFound extends DomainError {
  readonly code = 'RATING_NOT_FOUND';
  constructor() { super('评价链接无效'); }
}
export class RatingClosed extends DomainError {
  readonly code = 'RATING_CLOSED';
  constructor(reason: 'used' | 'expired' | 'done') {
    super(reason === 'used' ? '该评价链接已使用，每个链接只能评价一次' : reason === 'expired' ? '该评价链接已过期' : '该案件已完成回访', { reason });
  }
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface RatingView { caseNo: string; typeText: string; unitName: string; resultText: string; expiresAt: string }

const result = (t: RatingTarget) => (t.declined ? '不予受理' : t.outcome === 'agreement' ? '调解成功' : t.outcome === 'noAgreement' ? '调解不成' : t.outcome === 'terminated' ? '终止调解' : '已办结');

async function open(links: RatingLinks, token: string, now: Date): Promise<RatingTarget> {
  if (!TOKEN.test(token)) throw new RatingNotFound();
  const t = await links.find(token);
  if (!t) throw new RatingNotFound();
  if (t.usedAt) throw new RatingClosed('used');
  if (t.expiresAt.getTime() <= now.getTime()) throw new RatingClosed('expired');
  if (t.status !== 'closed' && t.status !== 'declined') throw new RatingClosed('done');
  return t;
}

export class GetRating extends Query<RatingView> {
  constructor(readonly token: string) { super(); }
}
@QueryHandler(GetRating)
export class GetRatingHandler implements IQueryHandler<GetRating> {
  constructor(private readonly links: RatingLinks, private readonly org: OrgDirectory, private readonly clock: Clock) {}
  async execute({ token }: GetRating): Promise<RatingView> {
    const t = await open(this.links, token, this.clock.now());
    const unit = t.unitId ? await this.org.unit(t.unitId) : undefined;
    return { caseNo: t.caseNo, typeText: NOTICE_TYPE_TEXT[t.type] ?? '投诉', unitName: unit?.name ?? '', resultText: result(t), expiresAt: toChinaIso(t.expiresAt) };
  }
}

export class SubmitRating extends Command<{ caseNo: string; satisfaction: Satisfaction }> {
  constructor(readonly token: string, readonly satisfaction: Satisfaction, readonly comment: string | null) { super(); }
}
@CommandHandler(SubmitRating)
export class SubmitRatingHandler implements ICommandHandler<SubmitRating> {
  constructor(private readonly links: RatingLinks, private readonly wf: CaseWorkflow, private readonly clock: Clock) {}
  async execute({ token, satisfaction, comment }: SubmitRating): Promise<{ caseNo: string; satisfaction: Satisfaction }> {
    if (!SATISFACTIONS.includes(satisfaction)) throw new RatingNotFound();
    const t = await open(this.links, token, this.clock.now());
    try {
      // One transaction: the case's callback record and the token's single use (a second, concurrent use loses).
      await this.wf.transition(t.caseId, null, (c, ctx) => c.recordPublicCallback(satisfaction, comment, ctx), async (tx, ctx) => {
        if (!(await this.links.use(tx, token, ctx.now))) throw new RatingClosed('used');
      });
    } catch (e) {
      if (e instanceof InvalidTransition) throw new RatingClosed('done');
      throw e;
    }
    return { caseNo: t.caseNo, satisfaction };
  }
}
