/**
 * Time limits as data (domain.md §4), seeded into time_limit_policies and editable there. Regimes are keyed on
 * the receipt date: O20 (SAMR Order 20) for items received before 2026-04-15, O121 (Order 121) from then on.
 * LOCAL rows are local pledges a bureau may switch on or off.
 */
export interface TimeLimitSeed {
  regime: 'O20' | 'O121' | 'LOCAL';
  caseType: 'complaint' | 'report' | 'inquiry' | 'work_task' | 'supervision';
  step: string;
  amount: number;
  unit: 'workingDays' | 'calendarDays' | 'hours';
  startsAt: 'odrHandover' | 'receipt' | 'webReceipt' | 'webDecision' | 'dispatch' | 'dispute' | 'acceptance' | 'termination' | 'close' | 'decision' | 'periodEnd' | 'opened';
  legalBasis: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  enabled: boolean;
  /** Warning/escalation ladder; omitted = default (warn −2 wd, due, supervise +2 wd, notice +5 wd); [] = a window, never overdue. */
  ladder?: { rung: 'warn' | 'due' | 'remind' | 'supervise' | 'notice'; offset: number }[];
  /** Excluded time the regime allows for this step (domain.md §4). */
  pauseReasons?: string[];
  maxExtensions?: number;
  maxExtensionUnits?: number;
  extensionBasis?: string;
}

const LOCAL_LADDER = [{ rung: 'due' as const, offset: 0 }];
const WEB_RESPONSE_LADDER = [{ rung: 'warn' as const, offset: -4 }, { rung: 'due' as const, offset: 0 }, { rung: 'remind' as const, offset: 2 }, { rung: 'supervise' as const, offset: 8 }];

/** Overdue at the due date, and the common superior is told at once (supervise): 协商不成的，报请共同的上一级指定管辖. */
const DISPUTE_LADDER = [{ rung: 'warn' as const, offset: -2 }, { rung: 'due' as const, offset: 0 }, { rung: 'supervise' as const, offset: 0 }];
const O121_DISPUTE = '《市场监督管理投诉举报处理办法》第三十三条：因管辖权发生争议的，自发生争议之日起七个工作日内协商解决；协商不成的，报请共同的上一级市场监督管理部门指定管辖';
// O20 has no clause of its own: the penalty-procedure rules' identical one.
const RCF_DISPUTE = '《市场监督管理行政处罚程序规定》第十四条：因管辖权发生争议的，自发生争议之日起七个工作日内协商解决；协商不成的，报请共同的上一级市场监督管理部门指定管辖';

const O20_FROM = '2020-01-01';
const O20_TO = '2026-04-14';
const O121_FROM = '2026-04-15';
const LOCAL_FROM = '2020-01-01';

export const TIME_LIMITS: TimeLimitSeed[] = [
  // complaint — O20
  { regime: 'O20', caseType: 'complaint', step: 'acceptance', amount: 7, unit: 'workingDays', startsAt: 'receipt', legalBasis: '《市场监督管理投诉举报处理暂行办法》第十四条：收到投诉之日起七个工作日内作出受理或者不予受理的决定', effectiveFrom: O20_FROM, effectiveTo: O20_TO, enabled: true },
  { regime: 'O20', caseType: 'complaint', step: 'mediation', amount: 45, unit: 'workingDays', startsAt: 'acceptance', legalBasis: '《市场监督管理投诉举报处理暂行办法》第二十一条第（五）项：自投诉受理之日起四十五个工作日内（检定、检验、检测、鉴定时间不计入）', effectiveFrom: O20_FROM, effectiveTo: O20_TO, enabled: true, pauseReasons: ['testing', 'suspension'] },
  // complaint — O121
  { regime: 'O121', caseType: 'complaint', step: 'acceptance', amount: 7, unit: 'workingDays', startsAt: 'receipt', legalBasis: '《市场监督管理投诉举报处理办法》第十五条：收到投诉之日起七个工作日内作出受理或者不予受理的决定', effectiveFrom: O121_FROM, effectiveTo: null, enabled: true },
  { regime: 'O121', caseType: 'complaint', step: 'mediation', amount: 60, unit: 'calendarDays', startsAt: 'acceptance', legalBasis: '《市场监督管理投诉举报处理办法》第二十三条第（五）项：自投诉受理之日起六十日内（鉴定、检测时间不计入）', effectiveFrom: O121_FROM, effectiveTo: null, enabled: true, pauseReasons: ['testing', 'suspension'] },
  { regime: 'O121', caseType: 'complaint', step: 'terminationNotice', amount: 7, unit: 'workingDays', startsAt: 'termination', legalBasis: '《市场监督管理投诉举报处理办法》第二十三条：终止调解的，自作出终止调解决定之日起七个工作日内告知投诉人和被投诉人', effectiveFrom: O121_FROM, effectiveTo: null, enabled: true, ladder: [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }, { rung: 'supervise', offset: 2 }] },
  // report — RCF Art. 18 under both regimes
  { regime: 'O20', caseType: 'report', step: 'verification', amount: 15, unit: 'workingDays', startsAt: 'receipt', legalBasis: '《市场监督管理行政处罚程序规定》第十八条：自收到举报之日起十五个工作日内核查并决定是否立案（经负责人批准可延长十五个工作日）', effectiveFrom: O20_FROM, effectiveTo: O20_TO, enabled: true, pauseReasons: ['testing', 'rightsHolderIdentification', 'suspension'], maxExtensions: 1, maxExtensionUnits: 15, extensionBasis: '《市场监督管理行政处罚程序规定》第十八条：经市场监督管理部门负责人批准，可以延长十五个工作日' },
  { regime: 'O121', caseType: 'report', step: 'verification', amount: 15, unit: 'workingDays', startsAt: 'receipt', legalBasis: '《市场监督管理行政处罚程序规定》第十八条；《市场监督管理投诉举报处理办法》第二十七条：自收到举报之日起十五个工作日内核查并决定是否立案（经负责人批准可延长十五个工作日）', effectiveFrom: O121_FROM, effectiveTo: null, enabled: true, pauseReasons: ['testing', 'rightsHolderIdentification', 'suspension'], maxExtensions: 1, maxExtensionUnits: 15, extensionBasis: '《市场监督管理行政处罚程序规定》第十八条：经市场监督管理部门负责人批准，可以延长十五个工作日' },
  // 管辖争议: 7 working days to negotiate, then the common superior designates (migration 20261216010000 inserts the same rows)
  ...(['complaint', 'report'] as const).flatMap((caseType): TimeLimitSeed[] => [
    { regime: 'O20', caseType, step: 'jurisdictionDispute', amount: 7, unit: 'workingDays', startsAt: 'dispute', legalBasis: RCF_DISPUTE, effectiveFrom: O20_FROM, effectiveTo: O20_TO, enabled: true, ladder: DISPUTE_LADDER },
    { regime: 'O121', caseType, step: 'jurisdictionDispute', amount: 7, unit: 'workingDays', startsAt: 'dispute', legalBasis: O121_DISPUTE, effectiveFrom: O121_FROM, effectiveTo: null, enabled: true, ladder: DISPUTE_LADDER },
  ]),
  // local pledges
  { regime: 'LOCAL', caseType: 'complaint', step: 'sign', amount: 1, unit: 'workingDays', startsAt: 'dispatch', legalBasis: '本局承诺：派单后1个工作日内签收', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: LOCAL_LADDER },
  { regime: 'LOCAL', caseType: 'report', step: 'sign', amount: 1, unit: 'workingDays', startsAt: 'dispatch', legalBasis: '本局承诺：派单后1个工作日内签收', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: LOCAL_LADDER },
  { regime: 'LOCAL', caseType: 'complaint', step: 'callback', amount: 1, unit: 'workingDays', startsAt: 'close', legalBasis: '本局承诺：办结后下一个工作日内回访', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: LOCAL_LADDER },
  { regime: 'LOCAL', caseType: 'complaint', step: 'firstResponse', amount: 24, unit: 'hours', startsAt: 'receipt', legalBasis: '本局承诺：投诉举报24小时回应', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: false, ladder: LOCAL_LADDER },
  // issue 16 §3: every online filing (channel web) gets a first human response within 24 clock hours (投诉举报24小时回应);
  // met by the handling unit's first contact (记录首次回应/联系) or a mediation note. Ladder in hours: warn 4 h before, due,
  // 催办 2 h after, 督办 8 h after.
  { regime: 'LOCAL', caseType: 'complaint', step: 'webResponse', amount: 24, unit: 'hours', startsAt: 'webReceipt', legalBasis: '本局承诺：网上投诉举报24小时内回应（承办单位首次联系投诉人）', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: WEB_RESPONSE_LADDER },
  { regime: 'LOCAL', caseType: 'report', step: 'webResponse', amount: 24, unit: 'hours', startsAt: 'webReceipt', legalBasis: '本局承诺：网上投诉举报24小时内回应（承办单位首次联系举报人）', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: WEB_RESPONSE_LADDER },
  // issue 16 §3: a decision an online filer must be told goes out by SMS; delivery meets this clock (1 working day).
  { regime: 'LOCAL', caseType: 'complaint', step: 'decisionNotice', amount: 1, unit: 'workingDays', startsAt: 'webDecision', legalBasis: '本局规定：网上投诉的受理、不予受理、终止调解、办结决定，作出决定之日起1个工作日内以短信告知投诉人（《市场监督管理投诉举报处理办法》第十五条、第二十三条）', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: [{ rung: 'due', offset: 0 }, { rung: 'supervise', offset: 1 }] },
  { regime: 'LOCAL', caseType: 'report', step: 'decisionNotice', amount: 1, unit: 'workingDays', startsAt: 'webDecision', legalBasis: '本局规定：网上实名举报的是否立案决定，作出决定之日起1个工作日内以短信告知举报人', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: [{ rung: 'due', offset: 0 }, { rung: 'supervise', offset: 1 }] },
  // issue 17: the ODR enterprise's window, from the hand-over (migration 20261205090100_odr inserts the same row).
  { regime: 'LOCAL', caseType: 'complaint', step: 'odrWindow', amount: 10, unit: 'workingDays', startsAt: 'odrHandover', legalBasis: '本局规定：在线解纷企业自收到转交的投诉之日起10个工作日内与消费者协商和解；期满未和解的转市场监管部门处理，协商期间不计入《市场监督管理投诉举报处理办法》规定的办理时限', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }] },
  { regime: 'LOCAL', caseType: 'report', step: 'reporterNotice', amount: 5, unit: 'workingDays', startsAt: 'decision', legalBasis: '《市场监督管理投诉举报处理暂行办法》第三十一条（地方保留步骤）：作出是否立案决定之日起五个工作日内告知实名举报人', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: false, ladder: LOCAL_LADDER },
  { regime: 'LOCAL', caseType: 'complaint', step: 'returnWindow', amount: 2, unit: 'workingDays', startsAt: 'dispatch', legalBasis: '本局规定：承办单位认为不属本单位职责的，自派单之日起2个工作日内签收或退回投诉举报办（《市场监督管理投诉举报处理办法》第四十一条，不得自行转送）', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: [] },
  { regime: 'LOCAL', caseType: 'report', step: 'returnWindow', amount: 2, unit: 'workingDays', startsAt: 'dispatch', legalBasis: '本局规定：承办单位认为不属本单位职责的，自派单之日起2个工作日内签收或退回投诉举报办（《市场监督管理投诉举报处理办法》第四十一条，不得自行转送）', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: [] },
  { regime: 'LOCAL', caseType: 'inquiry', step: 'returnWindow', amount: 2, unit: 'workingDays', startsAt: 'dispatch', legalBasis: '本局规定：承办单位认为不属本单位职责的，自派单之日起2个工作日内签收或退回投诉举报办（《市场监督管理投诉举报处理办法》第四十一条，不得自行转送）', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: [] },
  { regime: 'LOCAL', caseType: 'inquiry', step: 'answer', amount: 3, unit: 'workingDays', startsAt: 'receipt', legalBasis: '本局承诺：咨询3个工作日内答复（《市场监督管理投诉举报处理办法》第四十四条无法定时限）', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: [{ rung: 'warn', offset: -1 }, { rung: 'due', offset: 0 }], maxExtensions: 1, maxExtensionUnits: 5, extensionBasis: '本局规定：经单位负责人批准可延长5个工作日' },
  // work-plan progress reports (issue 7): the same engine and ladder data as case steps; the migration
  // 20261124000000_report_dues_on_deadline_engine inserts the same row for existing installations.
  // supervision replies (issue 12): the item's reply clock on the same engine; migration
  // 20261205010100_supervision_reply_clocks inserts the same row for existing installations.
  { regime: 'LOCAL', caseType: 'supervision', step: 'supervisionReply', amount: 3, unit: 'workingDays', startsAt: 'opened', legalBasis: '本局规定：督办、催办事项自发出之日起3个工作日内反馈', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: [{ rung: 'due', offset: 0 }] },
  { regime: 'LOCAL', caseType: 'work_task', step: 'progressReport', amount: 5, unit: 'workingDays', startsAt: 'periodEnd', legalBasis: '本局工作要点按月调度：当月工作进展于次月第5个工作日24时前报送（工作日按国务院放假安排）', effectiveFrom: LOCAL_FROM, effectiveTo: null, enabled: true, ladder: [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }, { rung: 'supervise', offset: 2 }] },
];
