import { InvalidTransition, NotAssignee, HandoffRefused } from './case.errors.js';
import { InvalidInput } from '#kernel';
import { REPORT_DECISIONS, RULES, type LinkKind, type ReportDecision } from './handoffs.js';
import { type Actor, type ClockContext } from './case.types.js';
import { CaseHandoffs } from './case-handoffs.js';

/**
 * A report under verification: signed. `accepted` only for a report accepted as a complaint before that was refused
 * (the API took it until 2026-12): it is verified and decided like any other, never left without a way out.
 */
const REPORT_OPEN = ['signed', 'accepted'] as const;

/** Report decisions (举报: verify, decide 立案, tell the reporter), inquiry answers and conversions, links and merges (issue 4). */
export abstract class CaseDecisions extends CaseHandoffs {
  /** 核查记录: what the unit found while verifying a report. */
  addVerificationNote(note: string, actor: Actor, ctx: ClockContext): void {
    this.requireType('verify', 'report');
    this.requireAssignee(actor);
    this.require('verify', REPORT_OPEN);
    this.record(ctx, actor, 'VerificationNoted', { note });
  }

  /**
   * 立案 / 不予立案 within the verification deadline; closes the report. For a real-name reporter the local
   * reporterNotice step (if enabled) starts now.
   */
  decideReport(decision: ReportDecision, note: string, actor: Actor, ctx: ClockContext): void {
    this.requireType('decide', 'report');
    this.requireAssignee(actor);
    this.require('decide', REPORT_OPEN);
    this.requireNoDispute('作出立案决定');
    this.requireCoHandlingDone();
    if (!(decision in REPORT_DECISIONS)) throw new InvalidInput([{ field: 'decision', code: 'UNKNOWN_DECISION', message: '决定应为立案或不予立案' }]);
    this.props.status = 'closed';
    this.props.reportDecision = decision;
    this.props.decidedAt = ctx.now;
    this.props.closedAt = ctx.now;
    this.record(ctx, actor, 'ReportDecided', { rule: RULES.reportDecision, note, data: { decision, decisionText: REPORT_DECISIONS[decision] } });
    this.record(ctx, actor, 'CaseClosed', { rule: RULES.reportDecision, data: { outcome: decision, ground: null, recoveredAmount: null } });
    this.stopClocks('closed', actor, ctx);
    if (this.realName) this.startClocks('decision', ctx.now, actor, ctx);
    this.armNoticeClock(actor, ctx);
  }

  /** The real-name reporter was told of the decision (O20 Art. 31, kept as a local step). */
  notifyReporter(note: string | null, actor: Actor, ctx: ClockContext): void {
    this.requireType('notifyReporter', 'report');
    if (actor.role !== 'operator') this.requireAssignee(actor);
    if (!this.props.reportDecision || !this.realName) throw new InvalidTransition(this.id, this.props.status, 'notifyReporter');
    const pending = this.props.deadlines.find((d) => d.step === 'reporterNotice' && d.state !== 'cancelled' && d.metAt === null);
    this.record(ctx, actor, 'ReporterNotified', {
      note, rule: pending?.legalBasis ?? '《市场监督管理投诉举报处理暂行办法》第三十一条（地方保留步骤）', data: { decision: this.props.reportDecision },
    });
    this.stopClocks('reporterNotified', actor, ctx);
  }

  /**
   * 咨询答复: the operator answers from the pool on the call (asIntake), or the unit it was routed to answers
   * after signing. Closes the inquiry.
   */
  answerInquiry(answer: string, asIntake: boolean, actor: Actor, ctx: ClockContext): void {
    this.requireType('answer', 'inquiry');
    if (this.props.status === 'pendingDispatch') {
      if (!asIntake) throw new NotAssignee();
    } else {
      this.requireAssignee(actor);
      this.require('answer', ['signed']);
    }
    this.props.status = 'closed';
    this.props.answer = answer;
    this.props.closedAt = ctx.now;
    this.record(ctx, actor, 'InquiryAnswered', { rule: RULES.inquiryAnswered, note: answer });
    this.record(ctx, actor, 'CaseClosed', { data: { outcome: 'answered', ground: null, recoveredAmount: null } });
    this.stopClocks('closed', actor, ctx);
  }

  /** 咨询转投诉/举报: the inquiry closes, pointing at the new case (the caller registers it and links it back). */
  convertInquiry(to: { id: string; caseNo: string; type: string }, asIntake: boolean, actor: Actor, ctx: ClockContext): void {
    this.requireType('convert', 'inquiry');
    if (!asIntake) this.requireAssignee(actor);
    this.require('convert', ['pendingDispatch', 'dispatched', 'signed']);
    this.props.status = 'closed';
    this.props.closedAt = ctx.now;
    this.record(ctx, actor, 'InquiryConverted', { rule: RULES.inquiryConverted, data: { toCaseId: to.id, toCaseNo: to.caseNo, toType: to.type } });
    this.linkTo('convertedTo', to, actor, ctx);
    this.record(ctx, actor, 'CaseClosed', { data: { outcome: 'converted', ground: null, recoveredAmount: null } });
    this.stopClocks('closed', actor, ctx);
  }

  /** Records a link to another case (written to case_links by the repository). */
  linkTo(kind: LinkKind, other: { id: string; caseNo: string }, actor: Actor | null, ctx: ClockContext, rule: string | null = null): void {
    this.record(ctx, actor, 'CaseLinked', { rule, data: { kind, otherCaseId: other.id, otherCaseNo: other.caseNo } });
  }

  /** 并单 (source side): this case is merged into an open one and is not handled again. */
  mergeInto(target: { id: string; caseNo: string }, newFacts: boolean, actor: Actor, ctx: ClockContext): void {
    if (target.id === this.id) throw new HandoffRefused('intoCaseId', '不能并入本案');
    this.require('merge', ['pendingDispatch', 'dispatched', 'signed']);
    const rule = this.props.type === 'report' ? (newFacts ? RULES.newFacts : RULES.repeatReport) : RULES.merge;
    this.props.status = 'merged';
    this.props.mergedIntoId = target.id;
    this.props.closedAt = ctx.now;
    this.record(ctx, actor, 'CaseMerged', { rule, data: { intoCaseId: target.id, intoCaseNo: target.caseNo, newFacts } });
    this.linkTo(this.props.type === 'report' && !newFacts ? 'repeatOf' : 'mergedInto', target, actor, ctx);
    this.cancelClocks('merged', actor, ctx);
  }

  /**
   * 并单 (target side). A report with new facts from the same reporter takes them in and its verification
   * clock restarts from the new report's receipt (O121 Art. 35); the same facts are only linked.
   */
  absorb(source: { id: string; caseNo: string; type: string; description: string; receivedAt: Date }, newFacts: boolean, actor: Actor, ctx: ClockContext): void {
    this.require('absorb', ['pendingDispatch', 'dispatched', 'signed', 'accepted']);
    if (this.props.type === 'report' && source.type === 'report') {
      if (newFacts) {
        this.props.description = `${this.props.description}\n\n【${source.caseNo} 补充的新事实】${source.description}`;
        this.linkTo('mergedFrom', source, actor, ctx, RULES.newFacts);
        const p = ctx.policies.steps.find((s) => s.step === 'verification');
        if (p) {
          this.record(ctx, actor, 'VerificationRestarted', { rule: RULES.newFacts, data: { fromCaseId: source.id, startAt: source.receivedAt.toISOString() } });
          this.arm(p, source.receivedAt, actor, ctx);
        }
      } else {
        this.linkTo('repeatedBy', source, actor, ctx, RULES.repeatReport);
      }
      return;
    }
    this.linkTo('mergedFrom', source, actor, ctx, RULES.merge);
  }
}
