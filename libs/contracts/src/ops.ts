// Request/response shapes of the deadline engine, hand-offs, notifications, indicators, administration and
// work-plan endpoints of /api/v1 (see /docs/openapi.json, docs/deadlines.md, docs/routing.md, docs/indicators.md,
// docs/work-plan.md). Times are +08:00 ISO strings; dates YYYY-MM-DD China days.
import type { CaseType, PauseReason, PeriodUnit, Regime, ReportDecision, ReturnReason, Role, RungName, SupervisionKind, UnitLevel, UnitRef } from './api.js';
import type { AnalysisReportPeriod, HotspotKind } from '../../analytics/src/domain/vocabulary.js';
import type { Cadence as TaskCadence } from '../../tasks/src/domain/vocabulary.js';
export * from '../../analytics/src/domain/vocabulary.js';
export { CADENCES, type Cadence as TaskCadence } from '../../tasks/src/domain/vocabulary.js';

// ---- deadline engine
export interface PauseRequest { reason: PauseReason; evidence?: string; note?: string }
export interface ExtensionRequest { amount: number; reason: string }
export interface ExtensionDecisionRequest { approve: boolean; note?: string }

/** GET /cases/:id/deadlines — "why is my deadline this date?" */
export interface DeadlineExplanation {
  id: string; kind: string; state: string; legalBasis: string; version: number;
  start: { at: string; date: string; rule: string };
  amount: number; unit: PeriodUnit; extended: number; pausedUnits: number; totalUnits: number;
  dueDate: string; dueAt: string; rolledFrom: string | null;
  calendarVersion: string; calendarGaps: number[];
  /** Counted over a provisional day (a year without a loaded notice): 「暂定」 until the notice is loaded. */
  provisional: boolean;
  countedDays: string[]; pausedDays: string[];
  pauses: { id: string; reason: string; evidence: string | null; note: string | null; pausedAt: string; resumedAt: string | null; units: number }[];
  extensions: { id: string; amount: number; reason: string; status: string; lastMinute: boolean; requestedAt: string; decidedAt: string | null; decisionNote: string | null }[];
  moves: { at: string; type: string; rule: string | null; from: unknown; to: unknown; actorId: string | null }[];
  rungs: { rung: string; fireAt: string; firedAt: string | null }[];
  /** The policy in force allows an extension request on this clock now (cap not reached). */
  extendable: boolean;
  /** Pause reasons the policy allows for this clock (empty: it cannot pause). */
  pauseReasons: string[];
}

/** GET /extensions/pending */
export interface PendingExtension {
  id: string; caseId: string; caseNo: string; kind: string; amount: number; unit: PeriodUnit; reason: string; lastMinute: boolean;
  requestedAt: string; dueDate: string; unitName: string;
}

/** GET /notifications */
export interface NotificationView {
  id: string; kind: string; title: string; body: string; caseId: string | null; urgent: boolean; createdAt: string; deliverAt: string; read: boolean;
}
/** `unread` counts up to 100 (then 100 with unreadCapped: the bell shows 99+). */
export interface NotificationsResponse { items: NotificationView[]; unread: number; unreadCapped?: boolean }

// ---- hand-offs, reports, inquiries
export interface ReturnRequest { reason: ReturnReason; note?: string; suggestedUnitId?: string }
export interface TransferRequest { unitId: string; reason: string }
export interface DecideRequest { decision: ReportDecision; note: string }
export interface AnswerRequest { answer: string }
export interface ConvertRequest { type: 'complaint' | 'report'; realName?: boolean; request?: string }

// ---- indicators (issue 6)
export interface AnalyticsUnitRef { id: string; code: string; name: string; level: UnitLevel; parentId: string | null }
export interface IndicatorValue { value: number | null; numerator: number; denominator: number | null }
export interface IndicatorDef { code: string; name: string; kind: 'rate' | 'average' | 'sum'; unit: '%' | '工作日' | '元'; definition: string }
export interface IndicatorsResponse {
  unit: AnalyticsUnitRef; from: string; to: string; groupBy: string[];
  indicators: IndicatorDef[];
  rows: { unit: AnalyticsUnitRef; month: string | null; values: Record<string, IndicatorValue> }[];
}
export interface OverdueResponse {
  unit: AnalyticsUnitRef; total: number;
  units: { unit: AnalyticsUnitRef; own: number; total: number }[];
  cases: {
    id: string; caseNo: string; type: CaseType; unit: AnalyticsUnitRef | null; kind: string; dueAt: string;
    /** Working days past the due day up to today (China time). */
    overdueWorkingDays: number;
    /** Who signed or accepted the case in its unit; null before signing (and for 回访, an operator step). */
    handler: string | null;
  }[];
}
export interface HotspotRow { key: string; name: string; count: number; share: number; previous?: number; change?: number; trend?: string }
export interface HotspotsResponse {
  unit: AnalyticsUnitRef; from: string; to: string; total: number;
  categories: HotspotRow[]; problemTypes: HotspotRow[];
  risers: { categories: HotspotRow[]; problemTypes: HotspotRow[] };
  respondents: HotspotRow[];
  patterns: { sharedPhones: unknown[]; sharedAddresses: unknown[]; repeatComplainants: unknown[] };
}
export interface DraftWarningRequest { unitId?: string; kind: HotspotKind; key: string; from: string; to: string }
export interface WarningView { id: string; unit: AnalyticsUnitRef; title: string; body: string; status: string; source: unknown; createdAt: string }
export interface AnalysisReportSummary { id: string; unit: { id: string; code: string; name: string }; period: AnalysisReportPeriod; periodLabel: string; start: string; end: string; generatedAt: string }
export interface GenerateAnalysisReportRequest { unitId: string; period: AnalysisReportPeriod; start: string }

// ---- administration
export interface RoutingRuleInput {
  regionPrefix: string; categoryPrefix?: string | null; townshipCode?: string | null; addressKeywords?: string[]; platform?: boolean | null; caseType?: CaseType | null;
  unitId: string; priority?: number; enabled?: boolean; note?: string;
}
export interface RoutingRuleView extends RoutingRuleInput { id: string; unit: { id: string; code: string; name: string } | null; createdAt: string }

export type CalendarDayKind = 'holiday' | 'workday' | 'normal';
export interface CalendarYearView { year: number; loaded: boolean; version: number; source: string | null; loadedAt: string | null; holidays: number; workdays: number }
export interface CalendarYearDetail {
  year: number; loaded: boolean; version: number;
  days: { date: string; kind: string; name: string }[];
  /** A year without a notice: the provisional rest days of the law (statutory days and days in lieu). */
  provisional: { date: string; name: string }[];
  changes: { at: string; action: string; version: number; detail: unknown; recomputed: number }[];
}
export interface CalendarImportRequest { year: number; format: 'json' | 'ics'; content: string; source?: string }
export interface CalendarDayRequest { kind: CalendarDayKind; name?: string }

/** GET /admin/time-limits (one policy row). Fields beyond these are shown as they come. */
export interface TimeLimitPolicyView {
  id: string; regime: Regime | 'LOCAL' | string; caseType: CaseType | string | null; step: string; amount: number; unit: PeriodUnit;
  startsAt?: string; legalBasis: string; enabled: boolean; effectiveFrom?: string | null; effectiveTo?: string | null;
  pauseReasons?: string[]; maxExtensions?: number | null; maxExtensionUnits?: number | null;
  /** Warning/escalation ladder; absent = the default ladder (DEFAULT_LADDER); [] or no `due` rung = a window. */
  ladder?: LadderRungView[] | null;
  version?: number;
  [k: string]: unknown;
}
/** One rung: offset in hours for hour clocks, working days otherwise (negative: before due). */
export interface LadderRungView { rung: RungName; offset: number }
/** GET /admin/time-limits/:id/versions (newest first): each version's content, author and changed fields. */
export interface TimeLimitPolicyVersionView {
  version: number; changedAt: string;
  /** null: the seeded state or a change made by an upgrade migration. */
  changedBy: { id: string; displayName: string } | null;
  changes: { field: string; from: unknown; to: unknown }[];
  policy: Omit<TimeLimitPolicyView, 'id' | 'version'>;
}
/** Names of the policy fields a version can change, as the history shows them. */
export const POLICY_FIELD_LABELS: Record<string, string> = {
  amount: '期间', unit: '计时单位', startsAt: '起算', legalBasis: '依据', enabled: '启用', ladder: '预警督办阶梯', pauseReasons: '可暂停事由',
  maxExtensions: '最多延期次数', maxExtensionUnits: '延期累计上限', extensionBasis: '延期依据', effectiveFrom: '施行日', effectiveTo: '废止日',
  regime: '规章', caseType: '事项', step: '环节',
};
export interface TimeLimitPatch {
  amount?: number; enabled?: boolean; legalBasis?: string; maxExtensions?: number; maxExtensionUnits?: number; pauseReasons?: string[];
  /** null: back to the default ladder. */
  ladder?: LadderRungView[] | null;
}

export interface AdminUnitView {
  id: string; code: string; name: string; level: UnitLevel; parentId: string | null; regionCode: string | null; isIntake: boolean;
  aliases?: string[]; active?: boolean;
  [k: string]: unknown;
}
export interface AdminUnitInput { code?: string; name?: string; level?: UnitLevel; parentId?: string | null; regionCode?: string | null; isIntake?: boolean; aliases?: string[] }
export interface AdminUserView {
  id: string; username: string; displayName: string; role: Role; unitId?: string; unit?: { id: string; code: string; name: string } | null; active: boolean;
  /** Sign-in refused until then after repeated wrong passwords; null when not locked (POST …/unlock lifts it). */
  lockedUntil?: string | null;
  [k: string]: unknown;
}
export interface AdminUserInput { username?: string; displayName?: string; role?: Role; unitId?: string; active?: boolean; password?: string }

// ---- work-plan tasks (issue 7)
export interface PlanPreviewItem {
  section: string | null; number: string; text: string; leadUnit: string | null;
  clauses: { units: string[] }[];
  targets: { text: string; comparator: string; value: number; unit: string }[];
}
export interface PlanPreview {
  items: PlanPreviewItem[]; unmatchedUnits: string[]; matchedUnits: { name: string; unitIds: string[]; collective: boolean }[];
  /** Only when a file was uploaded: its extracted text (confirm with it as `text`) and the file's kind. */
  text?: string; file?: { name: string; kind: 'txt' | 'docx' };
}
/** `POST /plans/preview`: either `text` or `file` (base64 of a UTF-8 .txt or a .docx, at most PLAN_FILE_MAX_BYTES). */
export interface PreviewPlanRequest { title: string; text?: string; file?: { name: string; contentBase64: string } }
export const PLAN_FILE_MAX_BYTES = 5 * 1024 * 1024;
/** Per item (by its 1-based position in the preview's items): due date and cadence; others get year end, monthly. */
export interface ConfirmPlanItemSchedule { seq: number; dueDate?: string; cadence?: TaskCadence }
export interface ConfirmPlanRequest { title: string; year: number; text: string; unitMappings?: Record<string, string | null>; items?: ConfirmPlanItemSchedule[] }
/** `PATCH /tasks/:id` (admin, 办公室 leader/manager, city managers). */
export interface TaskScheduleRequest { dueDate?: string; cadence?: TaskCadence }
export interface TaskScheduleResponse {
  id: string; dueDate: string; dueAt: string; cadence: TaskCadence; changed: boolean;
  cancelledDues: { id: string; unitId: string; period: string }[];
  createdDues: { id: string; unitId: string; period: string; dueAt: string }[];
  warnings: { code: string; message: string }[];
}
export interface ConfirmPlanResponse { id: string; title: string; year: number; tasks: number; reportDues: number; aliasesAdded: unknown; warnings: unknown }
export interface PlanListItem { id: string; title: string; year: number; createdAt: string; tasks: number; completed: number }
export interface TaskUnitRef { id: string; code: string; name: string }
export interface TaskTargetView { id: string; text: string; comparator: string; value: number; unit: string; latest: number | null; attained: boolean | null }
export interface TaskProgressView { id: string; period: string; percent: number; role: string; unit: TaskUnitRef | null; submittedAt: string; onTime: boolean }
export interface TaskSummary {
  id: string; planId: string; seq: number; section: string | null; sectionTitle: string | null; number: string; text: string;
  status: string; dueDate: string; dueAt: string; overdue: boolean; cadence: TaskCadence;
  leadUnit: TaskUnitRef | null; coUnits: TaskUnitRef[]; targets: TaskTargetView[];
  latestProgress: TaskProgressView | null; overdueReports: number;
}
export interface UnitTask extends TaskSummary {
  role: 'lead' | 'co';
  myReports: { owed: number; overdue: number; nextDue: { period: string; periodLabel: string; dueAt: string } | null };
}
export interface ProgressReportRequest { period?: string; percent: number; narrative: string; values?: { targetId: string; value: number }[]; attachments?: string[]; cites?: string[] }
export interface WorkIndicators {
  reportsDue: number; reportsOnTime: number; reportsLate: number; reportsMissing: number; onTimeReportRate: number | null;
  leadTasks: number; coTasks: number; tasksCompleted: number; tasksCompletedOnTime: number; tasksOverdue: number; completionRate: number | null;
}
export interface PlanIndicators { planId: string; asOf: string; units: { unit: AnalyticsUnitRef; own: WorkIndicators; rollup: WorkIndicators }[] }

/** 协办: a co-unit's part on a case (GET /api/v1/cases/:id/co-units). */
export interface CoUnitView { unit: UnitRef | null; state: 'pending' | 'submitted' | 'released' | string; addedAt: string; addedBy: string; submittedAt: string | null; text: string | null }
/** 督办/催办 item (GET /api/v1/cases/:id/supervisions). */
export interface SupervisionView {
  id: string; caseId: string; caseNo: string; kind: SupervisionKind; kindText: string; state: 'open' | 'overdue' | 'answered' | string; auto: boolean;
  openedByUnit: UnitRef | null; targetUnit: UnitRef | null; openedAt: string; openedBy: string | null; dueAt: string;
  answeredAt: string | null; answeredBy: string | null; answer: string | null; overdueAt: string | null;
}
export const CO_UNIT_STATE_LABELS: Record<string, string> = { pending: '待提交', submitted: '已提交', released: '已解除' };
export const SUPERVISION_STATE_LABELS: Record<string, string> = { open: '待答复', overdue: '逾期未答复', answered: '已答复' };
