// Case detail: every field, the deadline breakdown (start, period, due, state, legal basis, the counted days on a
// calendar) and the full timeline (who, which unit, when, what, the rule applied).
import { useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Button, Card, Col, Descriptions, Empty, Result, Row, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  CASE_TYPE_LABELS, CHANNEL_LABELS, DEADLINE_KIND_LABELS, DEADLINE_STATE_LABELS, EVENT_TYPE_LABELS, OUTCOME_LABELS, PERIOD_UNIT_LABELS,
  REGIME_LABELS, SATISFACTION_LABELS, labelOf, type CaseView, type DeadlineView, type LegalGround, type TimelineEntry, type UnitDto,
} from '#contracts';
import { ApiError, errorText, get } from '../api';
import { useUser } from '../auth';
import { fmtDateWeek, fmtMoney, fmtTime } from '../format';
import { categoryName, lightOf, useCategories, useGrounds, useUnits, useWarnLimit } from '../reference';
import { CaseActions } from '../components/CaseActions';
import { LightDot, StatusTag } from '../components/bits';
import { DeadlineCalendar } from '../components/DeadlineCalendar';

export function CaseDetailPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const user = useUser();
  const [c, setC] = useState<CaseView | null>(null);
  const [timeline, setTimeline] = useState<TimelineEntry[] | null>(null);
  const [error, setError] = useState<{ status: number; text: string } | null>(null);
  const load = useCallback(async () => {
    try {
      const [cv, tl] = await Promise.all([get<CaseView>(`/cases/${id}`), get<TimelineEntry[]>(`/cases/${id}/timeline`)]);
      setC(cv);
      setTimeline(tl);
    } catch (e) {
      setError({ status: e instanceof ApiError ? e.status : 0, text: errorText(e) });
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <Result status={error.status === 404 ? '404' : 'error'} title={error.status === 404 ? '案件不存在或无权查看' : error.text} extra={<Button onClick={() => navigate(-1)}>返回</Button>} />;
  if (!c || !timeline) return <Spin style={{ display: 'block', marginTop: 80 }} />;
  const terminationPending = c.deadlines.some((d) => d.kind === 'terminationNotice' && d.metAt === null && d.state !== 'cancelled');
  return (
    <div data-testid="case-detail">
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>返回</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          <span className="fx-case-no" data-testid="detail-case-no">{c.caseNo}</span>
        </Typography.Title>
        <Tag>{CASE_TYPE_LABELS[c.type]}</Tag>
        <StatusTag status={c.status} />
        {c.overdue && <Tag color="red">超期</Tag>}
        <Button size="small" icon={<ReloadOutlined />} onClick={() => void load()}>刷新</Button>
        <CaseActions size="middle" role={user.role} unitId={user.unit.id} onDone={() => void load()}
          target={{ id: c.id, caseNo: c.caseNo, status: c.status, assignedUnitId: c.assignedUnit?.id ?? null, regime: c.regime, outcome: c.outcome, terminationNoticePending: terminationPending }} />
      </Space>
      <Row gutter={16}>
        <Col xs={24} xxl={15}>
          <CaseFields c={c} />
          <DeadlineBreakdown c={c} />
        </Col>
        <Col xs={24} xxl={9}>
          <CaseTimeline entries={timeline} />
        </Col>
      </Row>
    </div>
  );
}

function groundText(gs: LegalGround[] | undefined, code: string | null) {
  if (!code) return '';
  const g = gs?.find((x) => x.code === code);
  return g ? `${g.text}（${g.article}）` : code;
}

function CaseFields({ c }: { c: CaseView }) {
  const cats = useCategories();
  const grounds = useGrounds(c.regime);
  const person = c.type === 'report' ? '举报人' : c.type === 'inquiry' ? '咨询人' : '投诉人';
  const target = c.type === 'report' ? '被举报人' : c.type === 'inquiry' ? '涉及经营者' : '被投诉人';
  const masked = c.reporterMasked ? <Typography.Text type="secondary">（举报人身份保密，已屏蔽）</Typography.Text> : null;
  const items = [
    { key: 'channel', label: '渠道', children: CHANNEL_LABELS[c.channel] },
    { key: 'received', label: '收到时间', children: fmtTime(c.receivedAt) },
    { key: 'registered', label: '登记时间', children: fmtTime(c.registeredAt) },
    { key: 'regime', label: '适用规章', children: <span title={REGIME_LABELS[c.regime]}>{c.regime}</span> },
    { key: 'unit', label: '承办单位', children: c.assignedUnit?.name ?? '待分派' },
    { key: 'category', label: '分类', children: categoryName(cats, c.category) },
    { key: 'p-name', label: `${person}`, children: masked ?? <>{c.complainant.name}{c.type === 'report' && c.realName === false && <Tag style={{ marginLeft: 4 }}>匿名</Tag>}</> },
    { key: 'p-phone', label: '联系电话', children: masked ?? c.complainant.phone },
    { key: 'p-addr', label: '地址', children: masked ?? c.complainant.address },
    { key: 'r-name', label: target, children: c.respondent.name, span: 2 },
    { key: 'r-code', label: '统一社会信用代码', children: c.respondent.creditCode ?? '—' },
    { key: 'r-region', label: '行政区划代码', children: c.respondent.regionCode },
    { key: 'r-addr', label: '经营地址', children: c.respondent.address },
    { key: 'r-platform', label: '电商平台', children: c.respondent.platform ? '是' : '否' },
    { key: 'desc', label: c.type === 'inquiry' ? '咨询内容' : '事实经过', children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{c.description}</Typography.Paragraph>, span: 3 },
    ...(c.request ? [{ key: 'request', label: '请求', children: c.request, span: 2 }] : []),
    { key: 'amount', label: '涉案金额', children: fmtMoney(c.amount) || '—' },
    ...(c.declineGround ? [{ key: 'decline', label: '不予受理理由', children: groundText(grounds?.decline, c.declineGround), span: 3 }] : []),
    ...(c.outcome ? [{ key: 'outcome', label: '办结结果', children: OUTCOME_LABELS[c.outcome] }] : []),
    ...(c.closeGround ? [{ key: 'close-ground', label: '终止调解理由', children: groundText(grounds?.terminate, c.closeGround), span: 2 }] : []),
    ...(c.recoveredAmount !== null ? [{ key: 'recovered', label: '挽回经济损失', children: fmtMoney(c.recoveredAmount) }] : []),
    ...(c.answer ? [{ key: 'answer', label: '答复内容', children: c.answer, span: 3 }] : []),
    ...(c.returnCount ? [{ key: 'returns', label: '退回次数', children: <>{c.returnCount}{c.pingPong && <Tag color="red" style={{ marginLeft: 4 }}>反复退转</Tag>}</> }] : []),
    ...(c.satisfaction ? [{ key: 'satisfaction', label: '回访满意度', children: SATISFACTION_LABELS[c.satisfaction] }] : []),
  ];
  return (
    <Card size="small" title="案件信息" style={{ marginBottom: 12 }}>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} items={items} data-testid="case-fields" />
    </Card>
  );
}

function DeadlineBreakdown({ c }: { c: CaseView }) {
  const warn = useWarnLimit();
  const [selected, setSelected] = useState<string | null>(null);
  const pick = c.deadlines.find((d) => d.id === selected) ?? c.deadlines.find((d) => d.state === 'running' || d.state === 'overdue') ?? c.deadlines[0];
  if (!c.deadlines.length) return <Card size="small" title="期限"><Empty description="无期限" /></Card>;
  return (
    <Card size="small" title="期限明细" data-testid="deadline-breakdown">
      <Table<DeadlineView>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={c.deadlines}
        scroll={{ x: 900 }}
        onRow={(d) => ({ onClick: () => setSelected(d.id), style: { cursor: 'pointer', background: d.id === pick?.id ? '#fff1f0' : undefined } })}
        columns={[
          { key: 'kind', title: '期限', width: 120, render: (_, d) => <span><LightDot light={lightOf(d, warn)} />{labelOf(DEADLINE_KIND_LABELS, d.kind)}</span> },
          { key: 'start', title: '起算日', width: 105, dataIndex: 'startDate' },
          { key: 'period', title: '期间', width: 100, render: (_, d) => `${d.amount}${PERIOD_UNIT_LABELS[d.unit]}` },
          { key: 'due', title: '届满', width: 200, render: (_, d) => (d.unit === 'hours' ? fmtTime(d.dueAt) : <span title={d.dueAt}>{fmtDateWeek(d.dueDate)}</span>) },
          {
            key: 'state', title: '状态', width: 150, render: (_, d) => (
              <Space orientation="vertical" size={0}>
                <Tag color={d.state === 'overdue' ? 'red' : d.state === 'met' ? 'green' : d.state === 'running' ? 'blue' : 'default'}>{DEADLINE_STATE_LABELS[d.state]}</Tag>
                {d.metAt && <Typography.Text type="secondary" style={{ fontSize: 12 }}>完成于 {fmtTime(d.metAt)}</Typography.Text>}
                {d.overdueAt && <Typography.Text type="danger" style={{ fontSize: 12 }}>超期于 {fmtTime(d.overdueAt)}</Typography.Text>}
              </Space>
            ),
          },
          { key: 'basis', title: '依据', render: (_, d) => <span style={{ fontSize: 12 }}>{d.legalBasis}{d.calendarGap && <Tag color="orange" style={{ marginLeft: 4 }}>含未载入放假安排的年份</Tag>}</span> },
        ]}
      />
      {pick && (
        <div style={{ marginTop: 12 }}>
          <Typography.Text strong>{labelOf(DEADLINE_KIND_LABELS, pick.kind)}期限的计算</Typography.Text>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
            起算日 {pick.startDate} 不计入，{pick.unit === 'workingDays' ? '自下一个工作日起计算' : pick.unit === 'calendarDays' ? '自次日起计算，期末遇休息日顺延至下一个工作日' : '按小时连续计算'}，
            共 {pick.amount}{PERIOD_UNIT_LABELS[pick.unit]}，{pick.dueDate} 24:00（北京时间）届满（O121 第四十五条）。点击上表中的期限可查看其日历。
          </Typography.Paragraph>
          {pick.calendarGap && <Alert type="warning" showIcon title="该期限跨入尚未载入国务院放假安排的年份，暂按周一至周五推算，载入后将重新计算。" style={{ marginBottom: 8 }} />}
          <DeadlineCalendar deadline={pick} />
        </div>
      )}
    </Card>
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
    case 'CaseClosed': return `${labelOf(OUTCOME_LABELS, String(d.outcome))}${d.recoveredAmount ? `，挽回经济损失 ${String(d.recoveredAmount)} 元` : ''}`;
    case 'CallbackRecorded': return `满意度：${labelOf(SATISFACTION_LABELS, String(d.satisfaction))}`;
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
              <div>{e.actor ? `${e.actor.name}` : '系统'}{e.unit ? ` · ${e.unit.name}` : ''}</div>
              {describeEvent(e, units) && <div>{describeEvent(e, units)}</div>}
              {e.note && <div>说明：{e.note}</div>}
              {e.rule && <Typography.Text type="secondary" style={{ fontSize: 12 }}>依据：{e.rule}</Typography.Text>}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
