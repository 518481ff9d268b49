import { toChinaIso } from '#deadlines';
import type { CaseRow, DeadlineRow } from '../ports.js';

// The response shapes are the contract shared with the console (libs/contracts): one definition of each.
import type { CaseStatus, CaseType, Channel, CloseOutcome, DeadlineState, PeriodUnit, Regime, Satisfaction, UnitRef, DeadlineView, CaseView as ContractCaseView } from '#contracts';
export type { UnitRef, DeadlineView };
/** What the server always sends (the contract marks the hand-off fields optional for older payloads). */
export type CaseView = ContractCaseView & Required<Pick<ContractCaseView, 'realName' | 'reporterMasked' | 'violationRegionCode' | 'returnCount' | 'pingPong' | 'reportDecision' | 'transferredOutTo' | 'answer' | 'mergedIntoId' | 'jurisdictionDispute'>>;

type Row = CaseRow;
const ci = (d: Date | null) => (d ? toChinaIso(d) : null);

export function deadlineView(d: DeadlineRow): DeadlineView {
  return {
    id: d.id, kind: d.step, state: d.state as DeadlineState, startDate: d.startDate.toISOString().slice(0, 10), amount: d.amount, unit: d.unit as PeriodUnit,
    dueDate: d.dueDate.toISOString().slice(0, 10), dueAt: toChinaIso(d.dueAt), legalBasis: d.legalBasis, calendarGap: d.calendarGap, provisional: d.calendarGap,
    metAt: ci(d.metAt), overdueAt: ci(d.overdueAt), version: d.version,
  };
}

const KIND_ORDER = ['firstResponse', 'sign', 'jurisdictionDispute', 'acceptance', 'verification', 'answer', 'mediation', 'terminationNotice', 'callback'];

export function caseView(r: Row, deadlines: DeadlineRow[], unit: UnitRef | null, ref: (id: string) => UnitRef | null = () => null): CaseView {
  const jd = r.jurisdictionDispute;
  return {
    id: r.id, caseNo: r.caseNo, type: r.type as CaseType, channel: r.channel as Channel, status: r.status as CaseStatus, regime: r.regime as Regime,
    receivedAt: toChinaIso(r.receivedAt), registeredAt: toChinaIso(r.registeredAt),
    complainant: { name: r.complainantName, phone: r.complainantPhone, address: r.complainantAddress },
    respondent: {
      name: r.respondentName, creditCode: r.respondentCreditCode, regionCode: r.respondentRegionCode,
      address: r.respondentAddress, platform: r.respondentPlatform, townshipCode: r.respondentTownshipCode,
    },
    category: r.categoryCode, problemType: r.problemType, description: r.description, request: r.request, amount: r.amount,
    assignedUnit: unit, declineGround: r.declineGround, outcome: r.outcome as CloseOutcome | null, closeGround: r.closeGround,
    recoveredAmount: r.recoveredAmount, satisfaction: r.satisfaction as Satisfaction | null, overdue: r.overdue,
    realName: r.realName, reporterMasked: false, violationRegionCode: r.violationRegionCode, returnCount: r.returnCount, pingPong: r.pingPong,
    reportDecision: r.reportDecision, transferredOutTo: r.transferredOutTo, answer: r.answer, mergedIntoId: r.mergedIntoId,
    jurisdictionDispute: jd ? { raisedBy: ref(jd.raisedByUnitId), other: ref(jd.otherUnitId), superior: ref(jd.superiorUnitId), reason: jd.reason, raisedAt: toChinaIso(new Date(jd.raisedAt)) } : null,
    deadlines: deadlines
      .map(deadlineView)
      .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.dueAt.localeCompare(b.dueAt)),
  };
}
