// Case detail: every field, the deadline breakdown (start, period, due, state, legal basis, the counted days on a
// calendar) and the full timeline (who, which unit, when, what, the rule applied).
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  CASE_TYPE_LABELS, CHANNEL_LABELS, CLOSE_TEXT, DEADLINE_KIND_LABELS, DEADLINE_STATE_LABELS, EVENT_TYPE_LABELS, OUTCOME_LABELS, PERIOD_UNIT_LABELS,
  REGIME_LABELS, citeLaws, SATISFACTION_LABELS, labelOf, EXTENSION_STATUS_LABELS, PAUSE_REASON_LABELS, RETURN_REASON_LABELS, REPORT_DECISION_LABELS, RUNG_LABELS,
  type CaseView, type DeadlineExplanation, type LegalGround, type TimelineEntry, type UnitDto, type DeadlineView,
} from '#contracts';
import { ApiError, errorText, get } from '../api';
import { useUser } from '../auth';
import { fmtDateWeek, fmtMoney, fmtTime } from '../format';
import { categoryName, lightOf, useCategories, useGrounds, useUnits, useWarnLimit } from '../reference';
import { CaseActions } from '../components/CaseActions';
import { CoHandlingPanel } from '../components/CoHandlingPanel';
import { LightDot, ProvisionalTag, StatusTag } from '../components/bits';
import { DeadlineCalendar } from '../components/DeadlineCalendar';
import { AttachmentsCard, DocumentsCard } from '../components/CaseFiles';
import { OdrCasePanel } from '../odr/OdrCasePanel';

export function CaseDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const user = useUser();
  const [c, setC] = useState<CaseView | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[] | null>(null);
  const [clocks, setClocks] = useState<DeadlineExplanation[] | null>(null);
  const [error, setError] = useState<{ status: number; text: string } | null>(null);
  const load = useCallback(async () => {
    try {
      const [cv, tl, dl] = await Promise.all([
        get<CaseView>(`/cases/${id}`), get<TimelineEntry[]>(`/cases/${id}/timeline`), get<DeadlineExplanation[]>(`/cases/${id}/deadlines`),
      ]);
      setC(cv);
      setTimeline(tl);
      setClocks(dl);
    } catch (e) {
      setError({ status: e instanceof ApiError ? e.status : 0, text: errorText(e) });
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <Result status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? '案件不存在或无权查看' : error.text} extra={<Button onClick={() => navigate(-1)}>返回</Button>} />;
  if (!c || !timeline || !clocks) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  const pending = (kind: string) => c.deadlines.some((d) => d.kind === kind && d.metAt === null && d.state !== 'cancelled');
  return (
    <div data-testid="case-detail">
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>返回</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          <span className="fx-case-no" data-testid="detail-case-no">{c.caseNo}</span>
        </Typography.Title>
        <Tag>{CASE_TYPE_LABELS[c.type]}</Tag>
        <StatusTag status={c.status} type={c.type} />
        {c.overdue && <Tag color="red">超期</Tag>}
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void load()}>刷新</Button>
        <CaseActions size="middle" role={user.role} unitId={user.unit.id} onDone={() => void load()} onGone={() => navigate('/inbox')}
          target={{
            id: c.id, caseNo: c.caseNo, status: c.status, type: c.type, assignedUnitId: c.assignedUnit?.id ?? null, regime: c.regime, outcome: c.outcome,
            terminationNoticePending: pending('terminationNotice'), reporterNoticePending: pending('reporterNotice'), returnCount: c.returnCount,
            reportDecision: c.reportDecision, clocks, jurisdictionDispute: c.jurisdictionDispute ?? null,
          }} />
      </Space>
      <Row gutter={16}>
        <Col xs={24} xxl={15}>
          {c.jurisdictionDispute && <DisputeNotice c={c} />}
          <CaseFields c={c} />
          {/* only a complaint that went to an ODR enterprise first has an ODR record (else GET …/odr answers 404) */}
          {timeline.some((e) => e.type === 'OdrHandedOver') && ['operator', 'manager', 'admin'].includes(user.role) && (
            <OdrCasePanel caseId={c.id} status={c.status} role={user.role} onChanged={() => void load()} />
          )}
          <DocumentsCard caseId={c.id} refreshKey={timeline.length} onChanged={() => void load()}
            canCorrect={(user.role === 'handler' || user.role === 'leader') && c.assignedUnit?.id === user.unit.id} />
          <AttachmentsCard caseId={c.id} canUpload={user.role !== 'admin' && user.role !== 'auditor'} onChanged={() => void load()} />
          <CoHandlingPanel caseId={c.id} assignedUnitId={c.assignedUnit?.id ?? null} role={user.role} unitId={user.unit.id} onChanged={() => void load()}
            open={['dispatched', 'signed', 'accepted'].includes(c.status)} />
          <DeadlineBreakdown clocks={clocks} withEnterprise={c.status === 'odr'} />
        </Col>
        <Col xs={24} xxl={9}>
          <CaseTimeline entries={timeline} />
        </Col>
      </Row>
    </div>
  );
}

/** 管辖争议 open on the case: who disputes with whom, why, the 7-working-day limit and who designates. */
function DisputeNotice({ c }: { c: CaseView }) {
  const d = c.jurisdictionDispute!;
  const clock = c.deadlines.find((x) => x.kind === 'jurisdictionDispute' && x.metAt === null && x.state !== 'cancelled');
  const overdue = clock?.state === 'overdue';
  return (
    <Alert type={overdue ? 'error' : 'warning'} showIcon style={{ marginBottom: 12 }} data-testid="jurisdiction-dispute"
      title={`管辖争议：${d.raisedBy?.name ?? ''}认为应由${d.other?.name ?? ''}管辖${overdue ? '，协商期限已过' : ''}`}
      description={
        <span>
          {`理由：${d.reason.replace(/[。．.；;，,\s]+$/, '')}。${fmtTime(d.raisedAt)} 提出${clock ? `，应于${fmtDateWeek(clock.dueDate)}前协商解决` : ''}；`}
          {`协商不成的，由${d.superior?.name ?? '共同的上一级单位'}指定管辖（《市场监督管理投诉举报处理办法》第三十三条）。争议解决前不作受理或立案决定。`}
        </span>
      } />
  );
}

function groundText(gs: LegalGround[] | undefined, code: string | null) {
  if (!code) return '';
  const g = gs?.find((x) => x.code === code);
  return g ? `${g.text}（${g.article}）` : code;
}

function CaseFields({ c }: { c: CaseView }) {
  const cats = useCategories();
  // A station handles the case in its county bureau's name (O121 Art. 30).
  const inNameOf = c.legalUnit && c.legalUnit.id !== c.assignedUnit?.id ? c.legalUnit : undefined;
  const grounds = useGrounds(c.regime);
  const person = c.type === 'report' ? '举报人' : c.type === 'inquiry' ? '咨询人' : '投诉人';
  const target = c.type === 'report' ? '被举报人' : c.type === 'inquiry' ? '涉及经营者' : '被投诉人';
  const masked = c.reporterMasked ? <Typography.Text type="secondary">（举报人身份保密，已屏蔽）</Typography.Text> : null;
  const items = [
    { key: 'channel', label: '渠道', children: CHANNEL_LABELS[c.channel] },
    { key: 'received', label: '收到时间', children: fmtTime(c.receivedAt) },
    { key: 'registered', label: '登记时间', children: fmtTime(c.registeredAt) },
    { key: 'regime', label: '适用规章', children: <span>{REGIME_LABELS[c.regime] ?? c.regime}</span> },
    { key: 'unit', label: '承办单位', children: c.assignedUnit ? <>{c.assignedUnit.name}{inNameOf && <Typography.Text type="secondary">（以{inNameOf.name}名义办理）</Typography.Text>}</> : c.status === 'pendingDispatch' ? '待分派' : '—' },
    { key: 'category', label: '分类', children: categoryName(cats, c.category) },
    { key: 'p-name', label: `${person}`, children: masked ?? <>{c.complainant.name}{c.type === 'report' && c.realName === false && <Tag style={{ marginLeft: 4 }}>匿名</Tag>}</> },
    { key: 'p-phone', label: '联系电话', children: masked ?? c.complainant.phone },
    { key: 'p-addr', label: '地址', children: masked ?? c.complainant.address },
    { key: 'r-name', label: target, children: c.respondent.name || '—', span: 2 },
    { key: 'r-code', label: '统一社会信用代码', children: c.respondent.creditCode ?? '—' },
    { key: 'r-region', label: '行政区划代码', children: c.respondent.townshipCode ? `${c.respondent.regionCode}（乡镇街道 ${c.respondent.townshipCode}）` : c.respondent.regionCode || '—' },
    { key: 'r-addr', label: '经营地址', children: c.respondent.address || '—' },
    { key: 'r-platform', label: '电商平台', children: c.respondent.platform ? '是' : '否' },
    { key: 'desc', label: c.type === 'inquiry' ? '咨询内容' : '事实经过', children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.description}</Typography.Paragraph>, span: 3 },
    ...(c.request ? [{ key: 'request', label: c.type === 'report' ? '举报要求' : '投诉请求', children: c.request, span: 2 }] : []),
    { key: 'amount', label: '涉案金额', children: fmtMoney(c.amount) || '—' },
    ...(c.declineGround ? [{ key: 'decline', label: '不予受理理由', children: groundText(grounds?.decline, c.declineGround), span: 3 }] : []),
    ...(c.outcome ? [{ key: 'outcome', label: '办结结果', children: OUTCOME_LABELS[c.outcome] }] : []),
    ...(c.closeGround ? [{ key: 'close-ground', label: '终止调解理由', children: groundText(grounds?.terminate, c.closeGround), span: 2 }] : []),
    ...(c.recoveredAmount !== null ? [{ key: 'recovered', label: '挽回经济损失', children: fmtMoney(c.recoveredAmount) }] : []),
    ...(c.answer ? [{ key: 'answer', label: '答复内容', children: c.answer, span: 3 }] : []),
    ...(c.reportDecision ? [{ key: 'decision', label: '立案决定', children: labelOf(REPORT_DECISION_LABELS, c.reportDecision) }] : []),
    ...(c.transferredOutTo ? [{ key: 'transferred-out', label: '移送', children: c.transferredOutTo }] : []),
    ...(c.returnCount ? [{ key: 'returns', label: '退回次数', children: <>{c.returnCount}{c.pingPong && <Tag color="red" style={{ marginLeft: 4 }}>反复退转</Tag>}</> }] : []),
    ...(c.satisfaction ? [{ key: 'satisfaction', label: '回访满意度', children: SATISFACTION_LABELS[c.satisfaction] }] : []),
  ];
  return (
    <Card size="small" title="案件信息" style={{ marginBottom: 12 }}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} items={items} data-testid="case-fields" />
    </Card>
  );
}

const PLEDGES = new Set(['sign', 'returnWindow', 'callback', 'firstResponse']);

const RULE_NOTE: Record<string, string> = {
  workingDays: '自起算日的下一个工作日起计算，休息日、法定节假日不计入',
  calendarDays: '自起算日次日起计算，期末遇休息日顺延至下一个工作日',
  hours: '自收到时起按小时连续计算',
};

/** 「依据：…」, unless the rule already says 依据 (a notice named as the basis of a calendar move). */
const basisText = (rule: string) => (rule.startsWith('依据') ? rule : `依据：${rule}`);

function moveText(m: DeadlineExplanation['moves'][number]): string {
  const to = m.to as { dueDate?: string } | null;
  const from = m.from as { dueDate?: string } | null;
  const label = labelOf(EVENT_TYPE_LABELS, m.type);
  if (from?.dueDate && to?.dueDate) return `${label}：${from.dueDate} → ${to.dueDate}`;
  if (to?.dueDate) return `${label}：${to.dueDate} 届满`;
  return label;
}

/** "Why is my deadline this date?" — GET /cases/:id/deadlines, per clock. */
function DeadlineBreakdown({ clocks, withEnterprise }: { clocks: DeadlineExplanation[]; withEnterprise: boolean }) {
  const warn = useWarnLimit();
  const [selected, setSelected] = useState<string | null>(null);
  // By default the first open legal step (受理决定, 核查, 调解 …) rather than an internal pledge (签收, 退回时限).
  const open = clocks.filter((d) => d.state === 'running' || d.state === 'overdue');
  const pick = clocks.find((d) => d.id === selected) ?? open.find((d) => !PLEDGES.has(d.kind)) ?? open[0] ?? clocks[0];
  // With an ODR enterprise the bureau's limits have not started (its window is in the 企业在线协商 block).
  if (!clocks.length) return <Card size="small" title="期限"><Empty description={withEnterprise ? '企业协商期间，不计入市场监管部门办理时限' : '无期限'} /></Card>;
  const light = (d: DeadlineExplanation) => lightOf({ dueAt: d.dueAt, state: d.state as DeadlineView['state'] }, warn);
  return (
    <Card size="small" title="期限明细" data-testid="deadline-breakdown">
      <Table<DeadlineExplanation>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={clocks}
        scroll={{ x: 900 }}
        onRow={(d) => ({ onClick: () => setSelected(d.id), style: { cursor: 'pointer', background: d.id === pick?.id ? '#fff1f0' : undefined } })}
        columns={[
          { key: 'kind', title: '期限', width: 120, render: (_, d) => <span><LightDot light={light(d)} />{labelOf(DEADLINE_KIND_LABELS, d.kind)}</span> },
          { key: 'start', title: '起算日', width: 105, render: (_, d) => d.start.date },
          {
            key: 'period', title: '期间', width: 150, render: (_, d) => (
              <span>
                {d.amount}{PERIOD_UNIT_LABELS[d.unit]}
                {d.extended > 0 && <Tag color="purple" style={{ marginLeft: 4 }}>延期 +{d.extended}</Tag>}
                {d.pausedUnits > 0 && <Tag color="cyan" style={{ marginLeft: 4 }}>暂停 +{d.pausedUnits}</Tag>}
                {d.pauses.some((p) => p.resumedAt === null) && <Tag color="orange" style={{ marginLeft: 4 }}>暂停中</Tag>}
              </span>
            ),
          },
          {
            key: 'due', title: '届满', width: 200, render: (_, d) => (
              <span data-testid={`due-${d.kind}`} data-due={d.dueDate}>
                {d.unit === 'hours' ? fmtTime(d.dueAt) : <span title={d.dueAt}>{fmtDateWeek(d.dueDate)}</span>}
                {d.provisional && <ProvisionalTag years={d.calendarGaps} />}
                {d.rolledFrom && <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>由 {d.rolledFrom} 顺延</Typography.Text>}
              </span>
            ),
          },
          {
            key: 'state', title: '状态', width: 110, render: (_, d) => (
              <Tag color={d.state === 'overdue' ? 'red' : d.state === 'met' ? 'green' : d.state === 'running' ? 'blue' : 'default'}>{labelOf(DEADLINE_STATE_LABELS, d.state)}</Tag>
            ),
          },
          { key: 'basis', title: '依据', render: (_, d) => <span style={{ fontSize: 12 }}>{citeLaws(d.legalBasis)}{d.calendarGaps.length > 0 && <Tag color="orange" style={{ marginLeft: 4 }}>含未载入放假安排的年份</Tag>}</span> },
        ]}
      />
      {pick && <ClockDetail d={pick} />}
    </Card>
  );
}

function ClockDetail({ d }: { d: DeadlineExplanation }) {
  const name = labelOf(DEADLINE_KIND_LABELS, d.kind);
  const unit = labelOf(PERIOD_UNIT_LABELS, d.unit);
  return (
    <div style={{ marginTop: 12 }} data-testid="clock-detail" data-kind={d.kind} title={`日历版本 ${d.calendarVersion}`}>
      <Typography.Text strong>{name}期限的计算</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        自 {fmtTime(d.start.at)} 起算（起算日 {d.start.date} 不计入），{RULE_NOTE[d.unit] ?? ''}：法定/承诺 {d.amount}{unit}
        {d.extended > 0 && ` + 批准延期 ${d.extended}${unit}`}{d.pausedUnits > 0 && ` + 暂停 ${d.pausedUnits}${unit}`}
        {' '}= {d.totalUnits}{unit}，{d.dueDate} 24:00（北京时间）届满{d.rolledFrom ? `（${d.rolledFrom} 为休息日，顺延）` : ''}。
        规则：{citeLaws(d.start.rule)}。点击上表中的期限可查看其日历。
      </Typography.Paragraph>
      {d.calendarGaps.length > 0 && <Alert type="warning" showIcon title={`该期限跨入尚未载入国务院放假安排的年份（${d.calendarGaps.join('、')}），暂按法定节假日（含补假、未含调休）推算，载入放假通知后将重新计算。`} style={{ marginBottom: 8 }} />}
      <Row gutter={16}>
        <Col xs={24} xl={12}><DeadlineCalendar deadline={d} /></Col>
        <Col xs={24} xl={12}>
          {d.pauses.length > 0 && (
            <Section title="暂停计时">
              {d.pauses.map((p) => (
                <div key={p.id} data-testid="clock-pause">
                  {labelOf(PAUSE_REASON_LABELS, p.reason)}：{fmtTime(p.pausedAt)} 起{p.resumedAt ? `，${fmtTime(p.resumedAt)} 恢复，顺延 ${p.units}${unit}` : '，暂停中'}
                  {p.evidence && <Typography.Text type="secondary">（证据：{p.evidence}）</Typography.Text>}{p.note && ` ${p.note}`}
                </div>
              ))}
            </Section>
          )}
          {d.extensions.length > 0 && (
            <Section title="延期">
              {d.extensions.map((e) => (
                <div key={e.id} data-testid="clock-extension">
                  <Tag color={e.status === 'approved' ? 'green' : e.status === 'rejected' ? 'red' : 'gold'}>{labelOf(EXTENSION_STATUS_LABELS, e.status)}</Tag>
                  延长 {e.amount}{unit}，{fmtTime(e.requestedAt)} 申请{e.lastMinute && <Tag color="orange" style={{ marginLeft: 4 }}>临期申请</Tag>}：{e.reason}
                  {e.decidedAt && <Typography.Text type="secondary">；{fmtTime(e.decidedAt)} 审批{e.decisionNote ? `：${e.decisionNote}` : ''}</Typography.Text>}
                </div>
              ))}
            </Section>
          )}
          <Section title="每次变动及依据">
            {d.moves.length ? d.moves.map((m, i) => (
              <div key={i} data-testid="clock-move" style={{ marginBottom: 4 }}>
                <Typography.Text type="secondary">{fmtTime(m.at)}</Typography.Text> {moveText(m)}
                {m.rule && <div style={{ fontSize: 12, color: '#888' }} data-testid="move-rule">{basisText(citeLaws(m.rule))}</div>}
              </div>
            )) : <Typography.Text type="secondary">—</Typography.Text>}
          </Section>
          <Section title="预警督办阶梯">
            <Table size="small" pagination={false} rowKey="rung" dataSource={d.rungs} data-testid="clock-rungs"
              columns={[
                { key: 'rung', title: '环节', render: (_, r) => labelOf(RUNG_LABELS, r.rung) },
                { key: 'at', title: '触发时间', render: (_, r) => fmtTime(r.fireAt) },
                // A clock met or cancelled before a rung's time never reaches it: 「不再触发」, not 「未触发」 (still to come).
                { key: 'fired', title: '执行', render: (_, r) => (r.firedAt ? <Tag color="volcano">已触发 {fmtTime(r.firedAt)}</Tag>
                  : <Tag>{d.state === 'met' || d.state === 'cancelled' ? '不再触发' : '未触发'}</Tag>) },
              ]} />
          </Section>
        </Col>
      </Row>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div style={{ marginBottom: 10, fontSize: 13 }}>
      <Typography.Text strong style={{ display: 'block', marginBottom: 4 }}>{title}</Typography.Text>
      {children}
    </div>
  );
}

function describeEvent(e: TimelineEntry, units: UnitDto[] | undefined): React.ReactNode {
  const d = e.data ?? {};
  const unitName = (id: unknown) => units?.find((u) => u.id === id)?.name ?? '';
  switch (e.type) {
    case 'CaseDispatched': return `派往 ${unitName(d.toUnitId)}${d.auto ? '（自动派单）' : '（人工分派）'}`;
    case 'DeadlineArmed': return `${labelOf(DEADLINE_KIND_LABELS, String(d.kind))}：自 ${String(d.startDate)} 起 ${String(d.amount)}${labelOf(PERIOD_UNIT_LABELS, String(d.unit))}，${String(d.dueDate)} 届满`;
    case 'DeadlineMet': return `${labelOf(DEADLINE_KIND_LABELS, String(d.kind))}${d.onTime ? '按期完成' : '超期完成'}`;
    case 'DeadlineOverdue': return `${labelOf(DEADLINE_KIND_LABELS, String(d.kind))}期限已过仍未完成`;
    case 'CaseDeclined': return String(d.groundText ?? '');
    case 'CaseClosed': return `${labelOf(CLOSE_TEXT, String(d.outcome))}${d.recoveredAmount ? `，挽回经济损失 ${String(d.recoveredAmount)} 元` : ''}`;
    case 'CallbackRecorded': return `满意度：${labelOf(SATISFACTION_LABELS, String(d.satisfaction))}`;
    case 'CaseReturned': return `退回理由：${labelOf(RETURN_REASON_LABELS, String(d.reason ?? ''))}`;
    case 'CaseTransferred': return `转至 ${unitName(d.toUnitId)}`;
    case 'JurisdictionDisputed': return `认为应由 ${unitName(d.otherUnitId)} 管辖；协商不成由 ${unitName(d.superiorUnitId)} 指定管辖`;
    case 'JurisdictionAgreed': return `协商一致，由 ${unitName(d.unitId)}${d.moved ? '' : '继续'}办理`;
    case 'JurisdictionDesignated': return `指定 ${unitName(d.unitId)} 管辖`;
    case 'ReportDecided': return labelOf(REPORT_DECISION_LABELS, String(d.decision ?? ''));
    case 'ClockPaused': return `${labelOf(DEADLINE_KIND_LABELS, String(d.kind))}暂停计时：${labelOf(PAUSE_REASON_LABELS, String(d.reason ?? ''))}`;
    case 'ClockResumed': return `${labelOf(DEADLINE_KIND_LABELS, String(d.kind))}恢复计时`;
    case 'ExtensionRequested': return `${labelOf(DEADLINE_KIND_LABELS, String(d.kind))}申请延期 ${String(d.amount ?? '')}`;
    case 'DocumentIssued': return `${String(d.kindName ?? '')} ${String(d.number ?? '')}${d.supersedesId ? '（更正件）' : ''}`;
    case 'AttachmentAdded': return String(d.name ?? '');
    case 'ExtensionApproved': return `${labelOf(DEADLINE_KIND_LABELS, String(d.kind))}延期已批准`;
    default: return null;
  }
}

function CaseTimeline({ entries }: { entries: TimelineEntry[] }) {
  const units = useUnits();
  const [showClock, setShowClock] = useState(true);
  const shown = showClock ? entries : entries.filter((e) => !e.type.startsWith('Deadline'));
  return (
    <Card size="small" title="办理过程" data-testid="case-timeline" extra={<Button size="small" type="link" onClick={() => setShowClock(!showClock)}>{showClock ? '隐藏期限事件' : '显示期限事件'}</Button>}>
      <Timeline
        items={shown.map((e) => ({
          key: e.seq,
          color: e.type === 'DeadlineOverdue' ? 'red' : e.type.startsWith('Deadline') ? 'gray' : 'blue',
          title: <span><b>{labelOf(EVENT_TYPE_LABELS, e.type)}</b> <Typography.Text type="secondary">{fmtTime(e.at)}</Typography.Text></span>,
          content: (
            <div style={{ fontSize: 13 }}>
              <div>{e.actor ? `${e.actor.name}` : '系统'}{e.unit ? ` · ${e.unit.name}` : e.enterprise ? ` · ${e.enterprise.name}` : ''}</div>
              {describeEvent(e, units) && <div>{describeEvent(e, units)}</div>}
              {e.note && <div>说明：{e.note}</div>}
              {e.rule && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{basisText(citeLaws(e.rule))}</Typography.Text>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
