import { toChinaIso } from '#deadlines';
import type { Prisma } from '#prisma-client';

export interface UnitRef { id: string; code: string; name: string }

export interface DeadlineView {
  id: string;
  kind: string;
  state: string;
  startDate: string;
  amount: number;
  unit: string;
  dueDate: string;
  dueAt: string;
  legalBasis: string;
  calendarGap: boolean;
  metAt: string | null;
  overdueAt: string | null;
  version: number;
}

export interface CaseView {
  id: string;
  caseNo: string;
  type: string;
  channel: string;
  status: string;
  regime: string;
  receivedAt: string;
  registeredAt: string;
  complainant: { name: string; phone: string; address: string };
  respondent: { name: string; creditCode: string | null; regionCode: string; address: string; platform: boolean };
  category: string;
  problemType: string | null;
  description: string;
  request: string | null;
  amount: number | null;
  assignedUnit: UnitRef | null;
  declineGround: string | null;
  outcome: string | null;
  closeGround: string | null;
  recoveredAmount: number | null;
  satisfaction: string | null;
  overdue: boolean;
  deadlines: DeadlineView[];
  // issue 4
  /** Reports: real-name or anonymous; `reporterMasked` = the complainant block is masked for this viewer (O121 Art. 37). */
  realName: boolean;
  reporterMasked: boolean;
  violationRegionCode: string | null;
  returnCount: number;
  pingPong: boolean;
  reportDecision: string | null;
  transferredOutTo: string | null;
  answer: string | null;
  mergedIntoId: string | null;
}

type Row = Prisma.CaseGetPayload<object>;
type DeadlineRow = Prisma.DeadlineGetPayload<object>;
const n = (d: Prisma.Decimal | null) => (d === null ? null : Number(d));
const ci = (d: Date | null) => (d ? toChinaIso(d) : null);

export function deadlineView(d: DeadlineRow): DeadlineView {
  return {
    id: d.id, kind: d.kind, state: d.state, startDate: d.startDate.toISOString().slice(0, 10), amount: d.amount, unit: d.unit,
    dueDate: d.dueDate.toISOString().slice(0, 10), dueAt: toChinaIso(d.dueAt), legalBasis: d.legalBasis, calendarGap: d.calendarGap,
    metAt: ci(d.metAt), overdueAt: ci(d.overdueAt), version: d.version,
  };
}

const KIND_ORDER = ['firstResponse', 'sign', 'acceptance', 'verification', 'answer', 'mediation', 'terminationNotice', 'callback'];

export function caseView(r: Row, deadlines: DeadlineRow[], unit: UnitRef | null): CaseView {
  return {
    id: r.id, caseNo: r.caseNo, type: r.type, channel: r.channel, status: r.status, regime: r.regime,
    receivedAt: toChinaIso(r.receivedAt), registeredAt: toChinaIso(r.registeredAt),
    complainant: { name: r.complainantName, phone: r.complainantPhone, address: r.complainantAddress },
    respondent: {
      name: r.respondentName, creditCode: r.respondentCreditCode, regionCode: r.respondentRegionCode,
      address: r.respondentAddress, platform: r.respondentPlatform,
    },
    category: r.categoryCode, problemType: r.problemType, description: r.description, request: r.request, amount: n(r.amount),
    assignedUnit: unit, declineGround: r.declineGround, outcome: r.outcome, closeGround: r.closeGround,
    recoveredAmount: n(r.recoveredAmount), satisfaction: r.satisfaction, overdue: r.overdue,
    realName: r.realName, reporterMasked: false, violationRegionCode: r.violationRegionCode, returnCount: r.returnCount, pingPong: r.pingPong,
    reportDecision: r.reportDecision, transferredOutTo: r.transferredOutTo, answer: r.answer, mergedIntoId: r.mergedIntoId,
    deadlines: deadlines
      .map(deadlineView)
      .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.dueAt.localeCompare(b.dueAt)),
  };
}
