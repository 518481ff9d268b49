// Issue 16 §3 "Be told": the decisions the law says the complainant (or a real-name reporter) must be told, sent by SMS
// to an online filer (channel `web`), each naming the case number and the decision with a link to the tracking page —
// and, once a complaint is finished, a single-use link to the public 回访 (issue 16 §4). Framework-free.
import type { CaseEvent } from './case.js';

export type NoticeDecision = 'accepted' | 'declined' | 'terminated' | 'closed' | 'reportFiled' | 'reportNotFiled';

export interface DecisionNotice {
  decision: NoticeDecision;
  /** The Chinese words of the decision, as the SMS says them. */
  text: string;
  /** A 回访 link goes with it (a finished complaint). */
  rate: boolean;
}

export interface NoticeSubject {
  channel: string;
  type: string;
  realName: boolean;
  phone: string;
}

const MOBILE = /^1[3-9]\d{9}$/;

/** Which of the events just recorded is a decision to tell, and how (at most one per command: the last decision). */
export function decisionNotices(c: NoticeSubject, events: readonly Pick<CaseEvent, 'type' | 'data'>[]): DecisionNotice[] {
  if (c.channel !== 'web' || !MOBILE.test(c.phone) || (c.type === 'report' && !c.realName) || c.type === 'inquiry') return [];
  const out: DecisionNotice[] = [];
  for (const e of events) {
    if (c.type === 'complaint') {
      if (e.type === 'CaseAccepted') out.push({ decision: 'accepted', text: '已受理，正在组织调解', rate: false });
      else if (e.type === 'CaseDeclined') out.push({ decision: 'declined', text: `不予受理（${String(e.data['groundText'] ?? '')}）`.replace('（）', ''), rate: true });
      else if (e.type === 'CaseClosed') {
        const o = e.data['outcome'];
        out.push(o === 'terminated'
          ? { decision: 'terminated', text: '已终止调解并办结', rate: true }
          : { decision: 'closed', text: o === 'agreement' ? '已办结（调解成功）' : '已办结（调解不成）', rate: true });
      }
    } else if (c.type === 'report' && e.type === 'ReportDecided') {
      out.push(e.data['decision'] === 'fileCase'
        ? { decision: 'reportFiled', text: '经核查已决定立案', rate: false }
        : { decision: 'reportNotFiled', text: '经核查决定不予立案', rate: false });
    }
  }
  return out.slice(-1);
}

export const NOTICE_TYPE_TEXT: Record<string, string> = { complaint: '投诉', report: '举报', inquiry: '咨询' };
