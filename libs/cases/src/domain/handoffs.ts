// Hand-offs between units (issue 4): return reasons, report decisions, links between cases, and the per-hop
// attribution derived from the case's events (docs/routing.md). Pure: no framework, no database.
import type { CaseEvent } from './case.js';

import { REPORT_DECISION_LABELS, RETURN_REASON_LABELS } from '#contracts';
import type { ReportDecision, ReturnReason } from './vocabulary.js';
export { REPORT_DECISION_CODES, RETURN_REASON_CODES, type ReportDecision, type ReturnReason } from './vocabulary.js';

/** 退回理由 by code: the one label map of libs/contracts (the codes: vocabulary.ts). */
export const RETURN_REASONS: Readonly<Record<ReturnReason, string>> = RETURN_REASON_LABELS;
/** 立案 / 不予立案 by code: the one label map of libs/contracts. */
export const REPORT_DECISIONS: Readonly<Record<ReportDecision, string>> = REPORT_DECISION_LABELS;

/** How a case and another are related (case_links.kind). */
export type LinkKind = 'complaintReport' | 'convertedFrom' | 'convertedTo' | 'mergedInto' | 'mergedFrom' | 'repeatOf' | 'repeatedBy';

export const RULES = {
  returnToIntake: '《市场监督管理投诉举报处理办法》第四十一条：无管辖权的，退回统一接收单位，不得自行转送',
  returnToCounty: '《市场监督管理投诉举报处理办法》第三十条：市场监管所以县级局名义办理；非本所职责的，退回县级局，由其分派或自行办理',
  dispatchToStation: '《市场监督管理投诉举报处理办法》第三十条：县级市场监督管理部门分派所属市场监管所，以县级局名义办理',
  recall: '《市场监督管理投诉举报处理办法》第三十条：县级局收回所属市场监管所承办的案件',
  rejectReturn: '《市场监督管理投诉举报处理办法》第四十一条：投诉举报办审核退回理由不成立，退回原承办单位办理',
  transfer: '《市场监督管理投诉举报处理办法》第四十一条：经投诉举报办转办至有管辖权的单位',
  transferOut: '《市场监督管理投诉举报处理办法》第十六条第（一）项、第四十一条：不属于市场监督管理部门职责的，告知投诉举报人向有关部门反映',
  takeOver: '《市场监督管理投诉举报处理办法》第十三条：上级市场监督管理部门认为有必要的，可以直接办理下级部门管辖的事项',
  referUp: '《市场监督管理投诉举报处理办法》第十三条：下级市场监督管理部门认为需要由上级部门办理的，可以报请上级部门决定',
  jurisdictionDispute: '《市场监督管理投诉举报处理办法》第三十三条：因管辖权发生争议的，自发生争议之日起七个工作日内协商解决',
  jurisdictionAgreed: '《市场监督管理投诉举报处理办法》第三十三条：管辖争议经协商解决',
  jurisdictionDesignated: '《市场监督管理投诉举报处理办法》第三十三条：协商不成的，由共同的上一级市场监督管理部门指定管辖',
  pingPong: '退单往返（本局规定：同一案件退回两次及以上，或在两个单位之间往返，提请投诉举报办负责人关注）',
  reportDecision: '《市场监督管理行政处罚程序规定》第十八条；《市场监督管理投诉举报处理办法》第二十七条：核查并决定是否立案',
  repeatReport: '《市场监督管理投诉举报处理办法》第三十五条：同一举报人就同一事实重复举报的，不再重复处理',
  newFacts: '《市场监督管理投诉举报处理办法》第三十五条：同一举报人提供新的事实、证据的，并案处理，核查期限自收到新举报之日起重新计算',
  complaintAndReport: '《市场监督管理投诉举报处理办法》第九条：同时具有投诉和举报内容的，分别按投诉、举报处理',
  merge: '并单：重复诉求合并办理（国办函〔2025〕66号）',
  inquiryAnswered: '《市场监督管理投诉举报处理办法》第四十四条：咨询答复（无法定时限，按本局承诺）',
  inquiryConverted: '咨询转为投诉/举报，保留关联',
} as const;

// ---- per-hop attribution

/** How a hop was opened. `intake` = the intake unit's dispatch pool at registration (not routed). */
export type HopHow = 'intake' | 'dispatch' | 'return' | 'transfer' | 'takeover' | 'referral' | 'recall' | 'odr';

export type HopOp =
  /** unitId null = the intake unit's pool (the repository resolves the intake unit). */
  /** enterpriseId: the ODR stage (issue 17), attributed to the enterprise, not to a unit. */
  | { op: 'open'; unitId: string | null; how: HopHow; at: Date; by: string | null; signed: boolean; enterpriseId?: string }
  | { op: 'close'; at: Date; by: string | null; reason: string }
  | { op: 'sign'; at: Date };

const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

const HANDOFF: Record<string, { how: HopHow; reason: string }> = {
  CaseDispatched: { how: 'dispatch', reason: 'dispatched' },
  CaseTransferred: { how: 'transfer', reason: 'transferred' },
  CaseTakenOver: { how: 'takeover', reason: 'takenOver' },
  CaseReferredUp: { how: 'referral', reason: 'referred' },
  CaseRecalled: { how: 'recall', reason: 'recalled' },
};
const ENDS: Record<string, string> = {
  CaseClosed: 'closed',
  OdrCaseClosed: 'closed',
  CaseDeclined: 'declined',
  CaseTransferredOut: 'transferredOut',
  CaseMerged: 'merged',
  CaseWithdrawn: 'withdrawn',
};

/**
 * The hop changes a batch of events implies, in order: each dispatch, return, transfer, take-over and
 * referral closes the open hop and opens the next; sign-for stamps the open hop; closing, declining,
 * transferring out or merging closes it. The time of each is the event's time, so the indicators can charge
 * each period to the unit that held the case.
 */
export function hopOps(events: readonly CaseEvent[]): HopOp[] {
  const ops: HopOp[] = [];
  for (const e of events) {
    const h = HANDOFF[e.type];
    if (h) {
      ops.push({ op: 'close', at: e.at, by: e.actorId, reason: h.reason });
      ops.push({ op: 'open', unitId: str(e.data['toUnitId']), how: h.how, at: e.at, by: e.actorId, signed: e.data['signed'] === true });
    } else if (e.type === 'CaseReturned') {
      // To the intake pool (no toUnitId; in hand at once), or from a station to its county (which must sign).
      const to = str(e.data['toUnitId']);
      ops.push({ op: 'close', at: e.at, by: e.actorId, reason: 'returned' });
      ops.push({ op: 'open', unitId: to, how: 'return', at: e.at, by: e.actorId, signed: to === null });
    } else if (e.type === 'OdrHandedOver') {
      ops.push({ op: 'open', unitId: null, how: 'odr', at: e.at, by: e.actorId, signed: true, enterpriseId: str(e.data['enterpriseId']) ?? undefined });
    } else if (e.type === 'OdrLeft') {
      ops.push({ op: 'close', at: e.at, by: e.actorId, reason: 'leftOdr' });
    } else if (e.type === 'CaseLeftInPool') {
      ops.push({ op: 'open', unitId: null, how: 'intake', at: e.at, by: e.actorId, signed: true });
    } else if (e.type === 'CaseSigned') {
      ops.push({ op: 'sign', at: e.at });
    } else if (ENDS[e.type]) {
      ops.push({ op: 'close', at: e.at, by: e.actorId, reason: ENDS[e.type]! });
    }
  }
  return ops;
}

/** Links a batch of events records (CaseLinked events), as rows of case_links. */
export function linkOps(events: readonly CaseEvent[]): { otherCaseId: string; kind: LinkKind; at: Date; by: string | null }[] {
  return events
    .filter((e) => e.type === 'CaseLinked' && str(e.data['otherCaseId']) && str(e.data['kind']))
    .map((e) => ({ otherCaseId: String(e.data['otherCaseId']), kind: e.data['kind'] as LinkKind, at: e.at, by: e.actorId }));
}

/** 匿名 / masked identity shown to those who may not see a reporter (O121 Art. 37). */
export function maskName(name: string): string {
  if (!name) return '';
  return `${[...name][0]}**`;
}
export function maskPhone(phone: string): string {
  if (!phone) return '';
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
