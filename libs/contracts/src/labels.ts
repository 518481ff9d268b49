// The console's Chinese labels for API codes (vocabulary of ../shared/domain.md).
import type {
  CaseStatus, CaseType, Channel, CloseOutcome, DeadlineState, PauseReason, PeriodUnit, ReportDecision, ReturnReason, Role, RungName, Satisfaction, SupervisionKind, UnitLevel,
} from './api.js';
import type { AnalysisReportPeriod, TaskCadence } from './ops.js';

export const ROLE_LABELS: Record<Role, string> = {
  operator: '接线员', handler: '承办人', leader: '单位负责人', manager: '管理人员', admin: '系统管理员', auditor: '审计员', enterprise: '企业',
};
export const CASE_TYPE_LABELS: Record<CaseType, string> = { complaint: '投诉', report: '举报', inquiry: '咨询' };
/** What a time-limit policy governs: a case type, or work-plan tasks (progress reports, issue 7). */
export const POLICY_SUBJECT_LABELS: Record<string, string> = { ...CASE_TYPE_LABELS, work_task: '工作任务', supervision: '督办事项' };
export const CHANNEL_LABELS: Record<Channel, string> = {
  hotline: '12315热线', web: '网络', letter: '来信', visit: '来访', hotline12345: '12345转办',
};
export const STATUS_LABELS: Record<CaseStatus, string> = {
  odr: '企业协商中', pendingDispatch: '待分派', dispatched: '待签收', signed: '已签收', accepted: '调解中(受理)', declined: '不予受理',
  closed: '已办结', archived: '已归档', transferredOut: '已移送', merged: '已并单', withdrawn: '已撤回',
};
/** A case's state in words for its kind: a report the unit has signed for is being verified (核查中), not mediated. */
export function caseStatusLabel(status: CaseStatus, type?: CaseType): string {
  if (type === 'report' && (status === 'signed' || status === 'accepted')) return '核查中';
  return STATUS_LABELS[status] ?? status;
}
export const DEADLINE_KIND_LABELS: Record<string, string> = {
  acceptance: '受理决定', mediation: '调解', sign: '签收', callback: '回访', terminationNotice: '终止调解告知',
  verification: '核查', answer: '咨询答复', firstResponse: '首次回应', reporterNotice: '告知举报人', returnWindow: '退回时限',
  progressReport: '进展报告', supervisionReply: '督办反馈', webResponse: '24小时回应', decisionNotice: '决定告知（短信）', odrWindow: '企业协商期限',
  jurisdictionDispute: '管辖争议协商',
};
export const DEADLINE_STATE_LABELS: Record<DeadlineState, string> = { running: '计时中', paused: '暂停计时', met: '已完成', overdue: '超期', cancelled: '已取消' };
export const PERIOD_UNIT_LABELS: Record<PeriodUnit, string> = { workingDays: '个工作日', calendarDays: '日', hours: '小时' };
export const OUTCOME_LABELS: Record<CloseOutcome, string> = { agreement: '调解成功', noAgreement: '调解不成', terminated: '终止调解', odrSettled: '和解（企业协商）' };
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { verySatisfied: '非常满意', satisfied: '满意', neutral: '基本满意', dissatisfied: '不满意' };
export const UNIT_LEVEL_LABELS: Record<UnitLevel, string> = { city: '市局', department: '科室', county: '区县局', station: '市场监管所' };
export const REGIME_LABELS: Record<string, string> = {
  O121: '《市场监督管理投诉举报处理办法》（总局令第121号）',
  O20: '《市场监督管理投诉举报处理暂行办法》（总局令第20号）',
};
export const EVENT_TYPE_LABELS: Record<string, string> = {
  CoUnitsAdded: '添加协办单位', CoReportSubmitted: '提交协办意见', CoUnitReleased: '解除协办', SupervisionAnswered: '答复督办',
  SupervisionOverdue: '督办逾期未答复',
  AttachmentAdded: '上传附件', DocumentIssued: '签发文书',
  OdrConsented: '同意企业协商', OdrHandedOver: '转交企业协商', OdrOffered: '企业提出和解方案', OdrRefused: '企业拒绝和解', OdrSettledByEnterprise: '企业报称已和解',
  OdrAccepted: '消费者确认和解', OdrRejected: '消费者不接受和解', OdrExpired: '企业协商期满', OdrLeft: '转市场监管部门处理', OdrWindowWarning: '企业协商期限临期', OdrCaseClosed: '以和解办结（企业协商）',
  CaseRegistered: '登记', CaseDispatched: '分派', CaseLeftInPool: '进入待分派池', CaseSigned: '签收', CaseAccepted: '受理',
  CaseDeclined: '不予受理', MediationNoted: '调解记录', ComplainantContacted: '首次回应/联系', CaseClosed: '办结', TerminationNotified: '告知终止调解',
  CallbackRecorded: '回访', CallbackUnreachable: '回访未果（无法联系）', CaseArchived: '归档', DeadlineArmed: '期限起算', DeadlineMet: '期限完成', DeadlineOverdue: '期限超期',
  DeadlineWarned: '临期预警', DeadlineMoved: '期限变更', DeadlineCancelled: '期限取消', ClockPaused: '暂停计时', ClockResumed: '恢复计时',
  ExtensionRequested: '申请延期', ExtensionApproved: '批准延期', ExtensionRejected: '不予延期', ExtensionNoticeRecorded: '告知延期',
  ReminderSent: '催办', SupervisionOpened: '督办', NoticeIssued: '通报', CaseReturned: '退回', ReturnRejected: '退回不成立',
  PingPongFlagged: '反复退转标记', CaseTransferred: '转办', CaseTransferredOut: '移送', CaseTakenOver: '提级办理', CaseReferredUp: '报请上级', CaseRecalled: '收回',
  JurisdictionDisputed: '提出管辖争议', JurisdictionAgreed: '管辖争议协商一致', JurisdictionDesignated: '指定管辖',
  CaseLinked: '关联案件', CaseMerged: '并单', InquiryAnswered: '咨询答复', InquiryConverted: '咨询转投诉/举报',
  CaseWithdrawn: '撤回', SupplementAdded: '补充材料', VerificationNoted: '核查记录', VerificationRestarted: '重新核查', ReportDecided: '立案决定', ReporterNotified: '告知举报人',
};

/** The regulations by their names, for texts where a code stood (a regime or a policy's `regime`). */
export const REGULATION_NAMES: Record<string, string> = {
  O121: '《市场监督管理投诉举报处理办法》',
  O20: '《市场监督管理投诉举报处理暂行办法》',
  RCF: '《市场监督管理行政处罚程序规定》',
  LOCAL: '本地规定',
};
/** Short names for a narrow tag (the full name on hover). */
export const REGULATION_SHORT_NAMES: Record<string, string> = { O121: '处理办法', O20: '暂行办法', RCF: '处罚程序规定', LOCAL: '本地承诺' };
/**
 * A text with the regulations named, never their codes: "O121 第十五条" → "《市场监督管理投诉举报处理办法》第十五条".
 * For texts stored before the codes were written out (old events, edited policies); new texts are written in full.
 */
export function citeLaws(text: string | null | undefined): string {
  if (!text) return '';
  return text.replace(/\b(O121|O20|RCF)\b\s*(?=第|[：:；;，,）)]|$)/g, (_m, code: string) => REGULATION_NAMES[code]!).replace(/\bLOCAL\b/g, REGULATION_NAMES.LOCAL!);
}

/** Request fields by their Chinese names, for messages that name a field (`regionPrefix` never reaches a user). */
export const FIELD_LABELS: Record<string, string> = {
  address: '地址', agency: '部门', aliases: '别名', amount: '期间', answer: '答复内容', approve: '审批意见', cadence: '报送周期', caseType: '事项',
  category: '商品或服务类别', categoryPrefix: '类别代码前缀', channel: '渠道', code: '代码', complainant: '投诉人', complainantAddress: '投诉人地址',
  complainantPhone: '投诉人电话', phone: '电话', decision: '决定', description: '诉求内容', displayName: '姓名', dueDate: '完成期限', enabled: '启用',
  evidence: '证据材料', file: '文件', format: '格式', from: '起始日期', to: '截止日期', ground: '法定理由', kind: '类型', ladder: '预警督办阶梯',
  legalBasis: '依据', level: '层级', maxExtensionUnits: '延期累计上限', maxExtensions: '最多延期次数', name: '名称', narrative: '进展情况',
  note: '说明', notice: '通知', outcome: '办结结果', parentId: '上级单位', password: '密码', pauseReasons: '可暂停事由', percent: '完成进度',
  period: '报送月份', priority: '优先级', problemType: '问题类别', reason: '理由', receivedAt: '收到时间', recoveredAmount: '挽回经济损失',
  regionCode: '行政区划代码', regionPrefix: '区划代码前缀', regime: '规章', request: '投诉请求', respondent: '被投诉人', respondentName: '被投诉人名称',
  respondentCreditCode: '统一社会信用代码', role: '角色', rung: '阶梯级别', offset: '时点', satisfaction: '满意度', start: '起始', summary: '摘要',
  targetId: '目标', text: '全文', title: '标题', type: '类型', unit: '单位', unitId: '单位', unitMappings: '单位对应', username: '用户名',
  value: '数值', values: '指标数值', violationRegionCode: '违法行为发生地区划代码', year: '年度', content: '内容', source: '来源', suggestedUnitId: '建议承办单位',
  platform: '平台经营者', realName: '实名', alsoReport: '同时举报', leadUnitId: '牵头单位', attachments: '附件', intoCaseId: '并入案件', tasks: '任务',
  page: '页码', pageSize: '每页条数', cursor: '翻页位置',
};
/** A field path's Chinese name (`ladder[2].offset` → 预警督办阶梯第3项的时点); '' when unknown (the message then stands alone). */
export function fieldLabel(path: string): string {
  const parts = path.split('.');
  return parts.map((p) => {
    const m = /^([^[]*)(?:\[(\d+)\])?$/.exec(p);
    const name = FIELD_LABELS[m?.[1] ?? p] ?? '';
    return m?.[2] !== undefined && name ? `${name}第${Number(m[2]) + 1}项` : name;
  }).filter(Boolean).join('的');
}
/** "<field>：<message>" with the field's Chinese name, or the bare message for an unnamed field. */
export function fieldMessage(path: string, message: string): string {
  const l = fieldLabel(path);
  return l ? `${l}：${message}` : message;
}

/** An instant as people in China write it: "2026年12月4日 20:15" (Beijing time, whatever the zone of the ISO string). */
export function chinaDateTimeText(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(new Date(t + 8 * 3600_000).toISOString())!;
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日 ${m[4]}:${m[5]}`;
}

/** A label for a code, falling back to the code itself (kinds added by later features still show). */
export function labelOf(map: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined || code === '') return '';
  return map[code] ?? code;
}

// ---- deadline engine, hand-offs, indicators, work plans
export const PAUSE_REASON_LABELS: Record<PauseReason, string> = {
  testing: '检验、检测、鉴定', suspension: '中止', awaitingMaterials: '补正材料', rightsHolderIdentification: '权利人辨认',
};
export const RETURN_REASON_LABELS: Record<ReturnReason, string> = { notOurDuty: '非本单位职责', incomplete: '信息不全', duplicate: '重复件', other: '其他' };
export const REPORT_DECISION_LABELS: Record<ReportDecision, string> = { fileCase: '立案', noCase: '不予立案' };
/**
 * How a case ended, as its CaseClosed event says (`data.outcome`): a complaint's outcome, a report's decision, an
 * inquiry answered or converted — the timeline's words for each.
 */
export const CLOSE_TEXT: Record<string, string> = {
  ...OUTCOME_LABELS,
  ...Object.fromEntries(Object.entries(REPORT_DECISION_LABELS).map(([code, label]) => [code, `核查完毕，决定${label}`])),
  answered: '已答复', converted: '已转为投诉/举报',
};
export const EXTENSION_STATUS_LABELS: Record<string, string> = { pending: '待审批', approved: '已批准', rejected: '不予批准' };
/**
 * The one name of each rung of a warning/escalation ladder (docs/deadlines.md): the ladder editor, the rung tables,
 * the inbox and the notices' titles all read it. `due` marks the step overdue and tells the unit leader (超期提醒);
 * `remind` is the later reminder (超期催办), `supervise` the parent unit's 督办 (超期督办), `notice` the city bureau's 通报.
 */
export const RUNG_LABELS: Record<RungName, string> = { warn: '临期预警', due: '超期提醒', remind: '超期催办', supervise: '超期督办', notice: '超期通报' };
/** A supervision item's kind, opened by hand or by a rung: 督办 / 催办. */
export const SUPERVISION_KIND_LABELS: Record<SupervisionKind, string> = { supervise: '督办', remind: '催办' };
/**
 * Every notification kind the API writes: the rungs' own (warn, due, notice), the supervision items' (supervise,
 * remind — written by a rung and by hand alike), co-handling, supervision answers and work-plan report rungs.
 */
export const NOTIFICATION_KIND_LABELS: Record<string, string> = {
  ...RUNG_LABELS, ...SUPERVISION_KIND_LABELS,
  coHandling: '协办通知', supervisionAnswered: '督办反馈', supervisionOverdue: '督办逾期',
  taskReportWarned: '进展报告临期', taskReportOverdue: '进展报告逾期', taskReportEscalated: '进展报告逾期督办',
};
export const CALENDAR_DAY_KIND_LABELS: Record<string, string> = { holiday: '放假', workday: '调休上班', normal: '常规' };
export const TASK_STATUS_LABELS: Record<string, string> = { open: '进行中', completed: '已完成' };
export const TASK_ROLE_LABELS: Record<string, string> = { lead: '牵头', co: '协办' };
export const TASK_CADENCE_LABELS: Record<TaskCadence, string> = { monthly: '按月', quarterly: '按季', none: '不定期' };
export const ANALYSIS_REPORT_PERIOD_LABELS: Record<AnalysisReportPeriod, string> = { month: '月报', quarter: '季报', year: '年报' };
