// Issue 16 §3–4: the SMS that tells an online filer a decision, queued in the decision's own transaction (with the
// notice obligation's clock armed by the aggregate); for a finished complaint, with a single-use 回访 link.
import { Injectable } from '@nestjs/common';
import { AppEnv, SmsOutbox, type Tx } from '#platform';
import type { Case } from '../domain/case.js';
import { NOTICE_TYPE_TEXT, decisionNotices } from '../domain/notices.js';

/** Port: single-use 回访 tokens (adapter: PrismaRatingTokens). */
export abstract class RatingTokens {
  /** Stores a new token for the case (only its hash is kept) and returns the token itself, for the link. */
  abstract issue(tx: Tx, caseId: string, now: Date, expiresAt: Date): Promise<string>;
}

@Injectable()
export class DecisionNotifier {
  constructor(private readonly sms: SmsOutbox, private readonly tokens: RatingTokens, private readonly env: AppEnv) {}

  /** Reads the events the command recorded (call before saving the case); queues what must be told. */
  async queue(tx: Tx, c: Case, now: Date): Promise<number> {
    const subject = c.noticeSubject();
    const notices = decisionNotices(subject, c.peekEvents());
    for (const n of notices) {
      const link = `${this.env.PUBLIC_BASE_URL}/public/track?caseNo=${encodeURIComponent(c.caseNo)}`;
      const params: Record<string, string> = { typeText: NOTICE_TYPE_TEXT[c.type] ?? '投诉举报', caseNo: c.caseNo, decisionText: n.text, link };
      let template = 'case-decision';
      if (n.rate) {
        const token = await this.tokens.issue(tx, c.id, now, new Date(now.getTime() + this.env.RATE_LINK_DAYS * 86_400_000));
        template = 'case-decision-rate';
        Object.assign(params, { rateLink: `${this.env.PUBLIC_BASE_URL}/public/rate/${token}`, days: String(this.env.RATE_LINK_DAYS) });
      }
      await this.sms.enqueue(tx, { to: subject.phone, template, params, purpose: `notice.${n.decision}`, caseId: c.id });
    }
    return notices.length;
  }
}
