// The actions a case allows in its state, for the user's role (the API enforces the same; 409/403 are shown in place):
// 签收 · 受理/不予受理 · 调解/办结 · 告知终止调解 · 回访, the deadline engine's 申请延期 / 暂停计时 / 恢复计时, the
// hand-offs 退回 (assigned unit), 转办 / 退回不成立 (intake unit), reports' 核查记录 / 立案决定 / 告知举报人 and
// inquiries' 答复 / 转为投诉·举报, and between a county bureau and its 市场监管所: 分派到所 / 收回 (county), 退回区县局 (station).
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, AutoComplete, Button, Dropdown, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { DownOutlined } from '@ant-design/icons';
import {
  CLOSE_OUTCOMES, DEADLINE_KIND_LABELS, OUTCOME_LABELS, PAUSE_REASONS, PAUSE_REASON_LABELS, PERIOD_UNIT_LABELS, REPORT_DECISION_CODES, REPORT_DECISION_LABELS,
  RETURN_REASON_CODES, RETURN_REASON_LABELS, SATISFACTIONS, SATISFACTION_LABELS, labelOf, CASE_TYPE_LABELS, caseStatusLabel,
  type AttachmentDto, type CaseListItem, type JurisdictionDisputeView, type Page, type CaseStatus, type CaseType, type CaseView, type CloseOutcome, type DeadlineExplanation, type LegalGround, type Regime, type Role,
} from '#contracts';
import { errorText, get, post } from '../api';
import { useGrounds, useUnits } from '../reference';
import { FormDialog } from './FormDialog';
import { useLoad } from '../useLoad';
import { DocumentPreview } from './CaseFiles';

export interface ActionTarget {
  id: string;
  caseNo: string;
  status: CaseStatus;
  assignedUnitId: string | null;
  type?: CaseType;
  /** Known on the detail page; fetched on demand from a list row. */
  regime?: Regime;
  outcome?: CloseOutcome | null;
  terminationNoticePending?: boolean;
  returnCount?: number;
  reportDecision?: string | null;
  reporterNoticePending?: boolean;
  /** The deadline explanations (detail page): which clocks run and which are paused. */
  clocks?: DeadlineExplanation[];
  /** 管辖争议 open on the case (detail page); a list row knows only that one is open. */
  jurisdictionDispute?: JurisdictionDisputeView | null;
  disputed?: boolean;
}

type Dialog = 'accept' | 'decline' | 'mediate' | 'contact' | 'close' | 'notify' | 'callback' | 'extend' | 'pause' | 'resume' | 'return' | 'rejectReturn'
  | 'transfer' | 'verify' | 'decide' | 'reporterNotice' | 'answer' | 'convert' | 'dispatchStation' | 'recall' | 'merge' | 'transferOut' | 'takeOver' | 'referUp'
  | 'dispute' | 'settleDispute' | 'designate' | null;

const OPEN: readonly string[] = ['dispatched', 'signed', 'accepted'];
/** A clock with an open pause: its state is `paused` (not running), so it is looked for among all clocks. */
const isPaused = (d: DeadlineExplanation) => d.state === 'paused' || d.pauses.some((p) => p.resumedAt === null);
const canExtend = (d: DeadlineExplanation) => d.extendable && !isPaused(d);
const canPause = (d: DeadlineExplanation) => d.state === 'running' && !isPaused(d) && d.pauseReasons.length > 0;

export function CaseActions({ target, role, unitId, onDone, onGone, size = 'small' }: {
  target: ActionTarget; role: Role; unitId: string; onDone: (c: CaseView | null) => void; size?: 'small' | 'middle';
  /** The case left the user's sight (returned or referred away): the API answered `{visible: false}`. */
  onGone?: () => void;
}) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const units = useUnits();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [regime, setRegime] = useState<Regime | undefined>(target.regime);
  // The detail page passes its clocks (reloaded after every action); a list row fetches them when a dialog opens.
  const [fetchedClocks, setClocks] = useState<DeadlineExplanation[] | undefined>(undefined);
  const clocks = target.clocks ?? fetchedClocks;
  // Admins handle no case (issue 11 §5): no actions for them.
  const isAssignee = (role === 'handler' || role === 'leader') && target.assignedUnitId === unitId;
  const canCallback = role === 'operator';
  const intake = role === 'operator' || ((role === 'handler' || role === 'leader') && !!units?.find((u) => u.id === unitId)?.isIntake);
  const open_ = OPEN.includes(target.status);
  // A county bureau and its stations (市场监管所): the county hands its case down or takes it back; a station's
  // return goes to the county (the API decides the same with stationDispatcherFor).
  const holder = units?.find((u) => u.id === target.assignedUnitId);
  const atStation = holder?.level === 'station';
  const county = atStation ? holder.parentId : (holder?.id ?? null);
  const actsForCounty = county !== null && (role === 'handler' || role === 'leader') && unitId === county;
  const stations = (units ?? []).filter((u) => u.level === 'station' && u.parentId === county && u.id !== target.assignedUnitId);

  const run = async (key: string, path: string, body: unknown, ok: string) => {
    setBusy(key);
    try {
      const c = await post<CaseView>(`/cases/${target.id}/${path}`, body);
      message.success(`${target.caseNo} ${ok}`);
      if (onGone && c && typeof c === 'object' && (c as { visible?: boolean }).visible === false) onGone();
      else onDone(c && typeof c === 'object' && 'caseNo' in c ? c : null);
      return c;
    } finally {
      setBusy(null);
    }
  };
  const open = async (d: Dialog) => {
    try {
      if ((d === 'decline' || d === 'close') && !regime) setRegime((await get<CaseView>(`/cases/${target.id}`)).regime);
      if ((d === 'extend' || d === 'pause' || d === 'resume') && !target.clocks) setClocks(await get<DeadlineExplanation[]>(`/cases/${target.id}/deadlines`));
    } catch (e) {
      message.error(errorText(e));
      return;
    }
    setDialog(d);
  };
  const quick = (key: string, path: string, ok: string) => () => run(key, path, {}, ok).catch((e) => message.error(errorText(e)));

  const buttons: React.ReactNode[] = [];
  /** Less frequent actions: buttons on the detail page, a 更多 menu in a list row. */
  const more: { key: Dialog & string; label: string; danger?: boolean }[] = [];
  if (isAssignee && target.status === 'dispatched')
    buttons.push(<Button key="sign" type="primary" size={size} loading={busy === 'sign'} onClick={quick('sign', 'sign', '已签收')}>签收</Button>);
  const complaintLike = target.type === undefined || target.type === 'complaint';
  // 管辖争议 open: the decisions wait for the units' agreement or the superior's designation (the API refuses them too).
  const dispute = target.jurisdictionDispute ?? null;
  const disputed = !!dispute || !!target.disputed;
  if (dispute && isAssignee)
    buttons.push(<Button key="settleDispute" type="primary" size={size} onClick={() => open('settleDispute')} data-testid="settle-dispute">协商结果</Button>);
  /** A unit and the units above it, nearest first (市 → 区县 → 所 read upwards). */
  const lineOf = (id: string | null | undefined): string[] => {
    const out: string[] = [];
    for (let u = units?.find((x) => x.id === id); u && !out.includes(u.id); u = units?.find((x) => x.id === u!.parentId)) out.push(u.id);
    return out;
  };
  // The common superior, or a unit above it: its leaders and the bureau's managers designate.
  if (dispute && (role === 'leader' || role === 'manager') && lineOf(dispute.superior?.id).includes(unitId))
    buttons.push(<Button key="designate" type="primary" size={size} onClick={() => open('designate')} data-testid="designate">指定管辖</Button>);
  if (isAssignee && target.status === 'signed' && complaintLike && !disputed) {
    buttons.push(<Button key="accept" type="primary" size={size} loading={busy === 'accept'} onClick={() => open('accept')}>受理</Button>);
    buttons.push(<Button key="decline" size={size} danger onClick={() => open('decline')}>不予受理</Button>);
  }
  if (isAssignee && target.status === 'accepted' && complaintLike) {
    buttons.push(<Button key="mediate" size={size} onClick={() => open('mediate')}>调解记录</Button>);
    buttons.push(<Button key="close" type="primary" size={size} onClick={() => open('close')}>办结</Button>);
  }
  // 24-hour response of an online filing (issue 16 §3): the unit records its first contact with the complainant.
  const contactPending = target.clocks?.some((d) => d.kind === 'webResponse' && (d.state === 'running' || d.state === 'overdue'));
  if (isAssignee && open_ && contactPending)
    buttons.push(<Button key="contact" size={size} type={target.clocks?.some((d) => d.kind === 'webResponse' && d.state === 'overdue') ? 'primary' : 'default'} danger={target.clocks?.some((d) => d.kind === 'webResponse' && d.state === 'overdue')} onClick={() => open('contact')} data-testid="record-contact">记录首次回应/联系</Button>);
  else if (isAssignee && open_ && !target.clocks) more.push({ key: 'contact', label: '记录首次回应/联系' });
  if (isAssignee && target.type === 'report' && open_) {
    more.push({ key: 'verify', label: '核查记录' });
    if (!disputed) buttons.push(<Button key="decide" type="primary" size={size} onClick={() => open('decide')}>立案决定</Button>);
  }
  if (isAssignee && target.type === 'report' && target.status === 'closed' && target.reporterNoticePending)
    buttons.push(<Button key="reporterNotice" type="primary" size={size} onClick={() => open('reporterNotice')}>告知举报人</Button>);
  if (target.type === 'inquiry' && ((intake && target.status === 'pendingDispatch') || (isAssignee && open_))) {
    buttons.push(<Button key="answer" type="primary" size={size} onClick={() => open('answer')}>答复</Button>);
    more.push({ key: 'convert', label: '转为投诉/举报' });
  }
  if (isAssignee && target.status === 'closed' && target.outcome === 'terminated' && target.terminationNoticePending)
    buttons.push(<Button key="notify" type="primary" size={size} onClick={() => open('notify')}>告知终止调解</Button>);
  if (canCallback && (target.status === 'closed' || target.status === 'declined') && target.type !== 'report' && target.type !== 'inquiry')
    buttons.push(<Button key="callback" type="primary" size={size} onClick={() => open('callback')}>回访</Button>);
  // The deadline engine: extension requests and clock pauses by the assigned unit.
  // Only what the policy in force allows (the API says per clock): no 申请延期 on a clock that cannot be extended.
  if (isAssignee && open_) {
    if (!target.clocks || target.clocks.some(canExtend)) more.push({ key: 'extend', label: '申请延期' });
    if (!target.clocks || target.clocks.some(canPause)) more.push({ key: 'pause', label: '暂停计时' });
    if (!target.clocks || target.clocks.some(isPaused)) more.push({ key: 'resume', label: '恢复计时' });
  }
  // A button on the detail page; in a list row (the county's inbox) it waits in 更多 next to 签收.
  if (actsForCounty && stations.length && open_) {
    if (size === 'middle') buttons.push(<Button key="dispatchStation" size={size} data-testid="dispatch-station" onClick={() => open('dispatchStation')}>分派到所</Button>);
    else more.push({ key: 'dispatchStation', label: '分派到所' });
  }
  if (actsForCounty && atStation && open_) more.push({ key: 'recall', label: '收回' });
  // Hand-offs: the assigned unit returns to the intake pool (a station: to its county); the intake unit transfers
  // or rules a return unfounded.
  if (isAssignee && (target.status === 'dispatched' || target.status === 'signed'))
    more.push({ key: 'return', label: atStation ? '退回区县局' : '退回', danger: true });
  if (intake && (target.status === 'dispatched' || target.status === 'signed')) more.push({ key: 'transfer', label: '转办' });
  if (intake && target.status === 'pendingDispatch' && (target.returnCount ?? 1) > 0) more.push({ key: 'rejectReturn', label: '退回不成立' });
  // 并单 (intake), 移送 out of the system (intake or the assigned unit), 提级办理 (a leader above the unit), 报请上级.
  const early = ['pendingDispatch', 'dispatched', 'signed'].includes(target.status);
  if (intake && early) more.push({ key: 'merge', label: '并单' });
  if ((intake || isAssignee) && early) more.push({ key: 'transferOut', label: '移送' });
  if (role === 'leader' && ['dispatched', 'signed', 'accepted'].includes(target.status) && target.assignedUnitId !== unitId && lineOf(target.assignedUnitId).slice(1).includes(unitId))
    more.push({ key: 'takeOver', label: '提级办理' });
  const parent = units?.find((u) => u.id === units?.find((x) => x.id === target.assignedUnitId)?.parentId);
  if (isAssignee && (target.status === 'dispatched' || target.status === 'signed') && parent) more.push({ key: 'referUp', label: '报请上级' });
  if (isAssignee && (target.status === 'dispatched' || target.status === 'signed') && target.type !== 'inquiry' && !disputed) more.push({ key: 'dispute', label: '管辖争议' });

  if (more.length) {
    if (size === 'middle') for (const m of more) buttons.push(<Button key={m.key} size={size} danger={m.danger} onClick={() => open(m.key)}>{m.label}</Button>);
    else buttons.push(
      <Dropdown key="more" trigger={['click']} menu={{ items: more.map((m) => ({ key: m.key, label: m.label, danger: m.danger })), onClick: (e) => open(e.key as Dialog) }}>
        <Button size={size}>更多 <DownOutlined /></Button>
      </Dropdown>,
    );
  }

  const close = () => setDialog(null);
  const submit = (path: string, ok: string) => async (body: Record<string, unknown>) => {
    await run(path, path, body, ok);
    close();
  };
  /** Deadline-engine calls answer with the explanations, not the case. */
  const clock = (verb: string, ok: string) => async (v: Record<string, unknown>) => {
    const { kind, ...body } = v;
    setBusy(verb);
    try {
      await post<unknown>(`/cases/${target.id}/deadlines/${String(kind)}/${verb}`, body);
      message.success(`${target.caseNo} ${ok}`);
      close();
      onDone(null);
    } finally {
      setBusy(null);
    }
  };
  const all = clocks ?? [];
  const extendable = all.filter(canExtend);
  const units_ = [...new Set(extendable.map((d) => d.unit))];
  const extendUnit = units_.length === 1 ? labelOf(PERIOD_UNIT_LABELS, units_[0]) : undefined;
  const pausable = all.filter(canPause);
  const paused = all.filter(isPaused);
  const kindOptions = (ds: DeadlineExplanation[]) => ds.map((d) => ({
    value: d.kind,
    label: `${labelOf(DEADLINE_KIND_LABELS, d.kind)}（${d.dueDate} 届满，${d.totalUnits}${labelOf(PERIOD_UNIT_LABELS, d.unit)}）`,
  }));
  const firstKind = (ds: DeadlineExplanation[]) => (ds.find((d) => d.kind === 'verification' || d.kind === 'mediation' || d.kind === 'answer') ?? ds[0])?.kind;
  const unitOptions = (units ?? []).filter((u) => !u.isIntake && u.id !== target.assignedUnitId && u.level !== 'department').map((u) => ({ value: u.id, label: u.name }));
  // A dispute is between peers: not the holder's own superiors (报请上级) or subordinates (分派到所 / 收回).
  const holderLine = lineOf(target.assignedUnitId);
  const peerOptions = (units ?? []).filter((u) => !u.isIntake && !holderLine.includes(u.id) && !lineOf(u.id).includes(target.assignedUnitId ?? ''))
    .map((u) => ({ value: u.id, label: u.name }));
  const disputeParties = dispute ? [dispute.raisedBy, dispute.other].filter((u): u is NonNullable<typeof u> => !!u) : [];
  return (
    <>
      <Space size={4} wrap data-testid="case-actions">{buttons.length ? buttons : <Typography.Text type="secondary">—</Typography.Text>}</Space>
      {dialog === 'accept' && (
        <FormDialog title={`受理 · ${target.caseNo}`} okText="确认受理并签发告知书" onCancel={close} onSubmit={submit('accept', '已受理，受理告知书已签发')} width={720}>
          <Form.Item label="受理告知书（确认后编号签发）"><DocumentPreview caseId={target.id} kind="acceptanceNotice" /></Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} /></Form.Item>
        </FormDialog>
      )}
      {dialog === 'decline' && <DeclineDialog caseId={target.id} regime={regime!} caseNo={target.caseNo} onCancel={close} onSubmit={submit('decline', '已决定不予受理，告知书已签发')} />}
      {dialog === 'mediate' && (
        <TextDialog title={`调解记录 · ${target.caseNo}`} okText="保存" onCancel={close} onSubmit={submit('mediation-notes', '调解记录已保存')}
          label="调解情况" required="请填写调解情况" rows={4} placeholder="时间、方式、双方意见、进展" />
      )}
      {dialog === 'contact' && (
        <TextDialog title={`记录首次回应/联系 · ${target.caseNo}`} okText="保存" onCancel={close} onSubmit={submit('contacts', '已记录联系')}
          label="联系情况" required="请填写联系情况" placeholder="时间、方式（电话/短信/上门）、沟通内容"
          intro={<Typography.Paragraph type="secondary">网上投诉举报应在收到后24小时内由承办单位首次联系投诉（举报）人。</Typography.Paragraph>} />
      )}
      {dialog === 'close' && <CloseDialog caseId={target.id} regime={regime!} caseNo={target.caseNo} onCancel={close} onSubmit={submit('close', '已办结')} />}
      {dialog === 'notify' && (
        <TextDialog title={`告知终止调解 · ${target.caseNo}`} okText="确认已告知" onCancel={close} onSubmit={submit('termination-notice', '已记录告知')}
          label="告知方式及情况" placeholder="如：已电话及书面告知双方"
          intro={<Typography.Paragraph>终止调解的，应自作出终止调解决定之日起七个工作日内告知投诉人和被投诉人（《市场监督管理投诉举报处理办法》第二十三条）。</Typography.Paragraph>} />
      )}
      {dialog === 'callback' && (
        <FormDialog title={`回访 · ${target.caseNo}`} okText="保存回访并归档" onCancel={close} initialValues={{ reached: true }}
          onSubmit={({ reached, satisfaction, note }) => (reached === false
            ? submit('callback-unreachable', '已记录回访未果，案件已归档')({ note })
            : submit('callback', '回访已记录，案件已归档')({ satisfaction, ...(note ? { note } : {}) }))}>
          <Form.Item name="reached" label="回访结果">
            <Radio.Group options={[{ value: true, label: '已联系上投诉人' }, { value: false, label: '无法联系（多次联系未果）' }]} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.reached !== b.reached}>
            {({ getFieldValue }) => (getFieldValue('reached') === false ? (
              <Form.Item name="note" label="联系情况" rules={[{ required: true, whitespace: true, message: '请写明联系情况' }]}
                extra="不计入满意率；案件归档。">
                <Input.TextArea rows={3} placeholder="如：12月3日、4日、5日三次电话均未接通，短信未回复" />
              </Form.Item>
            ) : (
              <>
                <Form.Item name="satisfaction" label="满意度" rules={[{ required: true, message: '请选择满意度' }]}>
                  <Radio.Group options={SATISFACTIONS.map((s) => ({ value: s, label: SATISFACTION_LABELS[s] }))} />
                </Form.Item>
                <Form.Item name="note" label="回访记录"><Input.TextArea rows={3} /></Form.Item>
              </>
            ))}
          </Form.Item>
        </FormDialog>
      )}
      {dialog === 'extend' && (
        <FormDialog title={`申请延期 · ${target.caseNo}`} okText="提交申请" onCancel={close} onSubmit={clock('extensions', '延期申请已提交，待负责人审批')}
          initialValues={{ kind: firstKind(extendable) }}>
          {!extendable.length && <Alert type="info" showIcon title="没有可以申请延期的期限（依规定不可延期或已达延期上限）" style={{ marginBottom: 8 }} />}
          <Form.Item name="kind" label="延期的期限" rules={[{ required: true, message: '请选择期限' }]}>
            <Select data-testid="extension-kind" options={kindOptions(extendable)} />
          </Form.Item>
          <Form.Item name="amount" label="延长" extra={extendUnit ? undefined : '单位与所选期限相同'} rules={[{ required: true, message: '请填写延长的数量' }]}>
            <InputNumber data-testid="extension-amount" min={1} max={365} precision={0} style={{ width: 200 }} suffix={extendUnit} />
          </Form.Item>
          <Form.Item name="reason" label="延期理由" rules={[{ required: true, message: '请填写延期理由' }]}>
            <Input.TextArea rows={3} placeholder="如：案情复杂，需进一步调查取证" />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>须在期限届满前申请，由承办单位负责人审批；举报核查可延长一次、不超过15个工作日（《市场监督管理行政处罚程序规定》第十八条）。</Typography.Text>
        </FormDialog>
      )}
      {dialog === 'pause' && <PauseDialog caseId={target.id} caseNo={target.caseNo} clocks={pausable} options={kindOptions(pausable)} initial={firstKind(pausable)} onCancel={close} onSubmit={clock('pause', '已暂停计时')} />}
      {dialog === 'resume' && (
        <FormDialog title={`恢复计时 · ${target.caseNo}`} okText="恢复计时" onCancel={close} onSubmit={clock('resume', '已恢复计时')}
          initialValues={{ kind: paused[0]?.kind }}>
          {!paused.length && <Alert type="info" showIcon title="没有暂停中的期限" style={{ marginBottom: 8 }} />}
          <Form.Item name="kind" label="恢复的期限" rules={[{ required: true, message: '请选择期限' }]}>
            <Select data-testid="resume-kind" options={kindOptions(paused)} />
          </Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} /></Form.Item>
        </FormDialog>
      )}
      {dialog === 'dispatchStation' && (
        <FormDialog title={`分派到所 · ${target.caseNo}`} okText="分派" onCancel={close} onSubmit={submit('dispatch', '已分派到所')}>
          <Form.Item name="unitId" label="市场监管所" rules={[{ required: true, message: '请选择市场监管所' }]}>
            <Select data-testid="station-select" showSearch={{ optionFilterProp: 'label' }} options={stations.map((u) => ({ value: u.id, label: u.name }))} placeholder="选择本局所属的市场监管所" />
          </Form.Item>
          <Form.Item name="note" label="分派说明"><Input.TextArea rows={3} placeholder="如：被投诉人在丹阳街道，请所办理" /></Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>市场监管所以本局名义办理（《市场监督管理投诉举报处理办法》第三十条）。所的签收、退回期限自分派时起算；受理、调解期限照常自收到、受理时起算。</Typography.Text>
        </FormDialog>
      )}
      {dialog === 'recall' && (
        <TextDialog title={`收回 · ${target.caseNo}`} okText="收回" onCancel={close} onSubmit={submit('recall', '已收回')}
          name="reason" label="收回理由" required="请填写收回理由" placeholder="如：案情复杂，由本局直接办理" hint="收回后由本局办理，或再分派到所；期限照常计算。" />
      )}
      {dialog === 'return' && atStation && (
        <FormDialog title={`退回区县局 · ${target.caseNo}`} okText="退回区县局" onCancel={close} onSubmit={submit('return', '已退回区县局')} initialValues={{ reason: 'notOurDuty' }}>
          <Form.Item name="reason" label="退回理由" rules={[{ required: true, message: '请选择退回理由' }]}>
            <Radio.Group data-testid="return-reason" options={RETURN_REASON_CODES.map((r) => ({ value: r, label: RETURN_REASON_LABELS[r] }))} />
          </Form.Item>
          <Form.Item name="suggestedUnitId" label="建议承办的市场监管所（供区县局参考）">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={stations.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={3} placeholder="选择“其他”时必填" /></Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>市场监管所退回的案件回到{units?.find((u) => u.id === county)?.name ?? '区县局'}，由其再分派或自行办理；须在分派后2个工作日内提出。</Typography.Text>
        </FormDialog>
      )}
      {dialog === 'return' && !atStation && (
        <FormDialog title={`退回 · ${target.caseNo}`} okText="退回投诉举报办" onCancel={close} onSubmit={submit('return', '已退回')} initialValues={{ reason: 'notOurDuty' }}>
          <Form.Item name="reason" label="退回理由" rules={[{ required: true, message: '请选择退回理由' }]}>
            <Radio.Group data-testid="return-reason" options={RETURN_REASON_CODES.map((r) => ({ value: r, label: RETURN_REASON_LABELS[r] }))} />
          </Form.Item>
          <Form.Item name="suggestedUnitId" label="建议承办单位（供投诉举报办参考）">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
          </Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={3} placeholder="选择“其他”时必填" /></Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>退回只能退至投诉举报办（不得直接转给其他单位），须在分派后2个工作日内提出。</Typography.Text>
        </FormDialog>
      )}
      {dialog === 'rejectReturn' && (
        <TextDialog title={`退回不成立 · ${target.caseNo}`} okText="发回原单位" onCancel={close} onSubmit={submit('reject-return', '退回不成立，已发回原承办单位')}
          label="不成立的理由" required="请填写理由" />
      )}
      {dialog === 'transfer' && (
        <FormDialog title={`转办 · ${target.caseNo}`} okText="转办" onCancel={close} onSubmit={submit('transfer', '已转办')}>
          <Form.Item name="unitId" label="转至承办单位" rules={[{ required: true, message: '请选择单位' }]}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} />
          </Form.Item>
          <Form.Item name="reason" label="转办理由" rules={[{ required: true, message: '请填写理由' }]}><Input.TextArea rows={3} /></Form.Item>
        </FormDialog>
      )}
      {dialog === 'merge' && <MergeDialog target={target} onCancel={close} onSubmit={submit('merge', '已并单')} />}
      {dialog === 'transferOut' && (
        <FormDialog title={`移送 · ${target.caseNo}`} okText="移送" onCancel={close} onSubmit={submit('transfer-out', '已移送')}
          initialValues={{ notice: '您反映的事项不属于市场监督管理部门职责，已移送有关部门处理，请留意其答复。' }}>
          <Form.Item name="agency" label="移送至（系统外的部门）" rules={[{ required: true, message: '请填写接收部门' }]}>
            <Input autoFocus placeholder="如：常德市公安局武陵分局" data-testid="transfer-out-agency" />
          </Form.Item>
          <Form.Item name="notice" label="告知投诉人/举报人的内容" rules={[{ required: true, message: '请填写告知内容' }]}><Input.TextArea rows={3} /></Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} /></Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>移送后本案办结，期限不再计算（《市场监督管理投诉举报处理办法》第四十一条）。</Typography.Text>
        </FormDialog>
      )}
      {dialog === 'takeOver' && (
        <TextDialog title={`提级办理 · ${target.caseNo}`} okText="提级办理" onCancel={close} onSubmit={submit('take-over', '已提级，由本单位办理')}
          name="reason" label="提级理由" required="请填写理由"
          intro={<Typography.Paragraph>本单位接手下级单位的案件，直接由本单位办理（《市场监督管理投诉举报处理办法》第十三条）。</Typography.Paragraph>} />
      )}
      {dialog === 'referUp' && (
        <FormDialog title={`报请上级 · ${target.caseNo}`} okText="报请上级办理" onCancel={close} onSubmit={async (body) => {
          // The case leaves this unit: back to the inbox (its page would now answer 404 to this user).
          await post(`/cases/${target.id}/refer-up`, body);
          message.success(`${target.caseNo} 已报请${parent?.name ?? '上级单位'}办理`);
          close();
          navigate('/inbox');
        }}>
          <Typography.Paragraph>报请{parent?.name ?? '上级单位'}办理，由其签收（《市场监督管理投诉举报处理办法》第十三条）。</Typography.Paragraph>
          <Form.Item name="reason" label="报请理由" rules={[{ required: true, message: '请填写理由' }]}><Input.TextArea rows={3} autoFocus /></Form.Item>
        </FormDialog>
      )}
      {dialog === 'dispute' && (
        <FormDialog title={`管辖争议 · ${target.caseNo}`} okText="提出管辖争议" onCancel={close} onSubmit={submit('jurisdiction-dispute', '已提出管辖争议')}>
          <Typography.Paragraph>本单位认为另一单位有管辖权，或双方均主张管辖的，自争议之日起7个工作日内协商；协商不成的，由双方共同的上一级单位指定管辖（《市场监督管理投诉举报处理办法》第三十三条）。争议解决前本单位不作受理或立案决定，受理、核查期限照常计算。</Typography.Paragraph>
          <Form.Item name="otherUnitId" label="争议对方单位" rules={[{ required: true, message: '请选择争议对方单位' }]}>
            <Select data-testid="dispute-unit" showSearch={{ optionFilterProp: 'label' }} options={peerOptions} placeholder="选择认为有管辖权的单位" />
          </Form.Item>
          <Form.Item name="reason" label="争议理由" rules={[{ required: true, whitespace: true, message: '请填写争议理由' }]}>
            <Input.TextArea rows={3} placeholder="如：被投诉人实际经营地在鼎城区，应由鼎城区局管辖" />
          </Form.Item>
        </FormDialog>
      )}
      {(dialog === 'settleDispute' || dialog === 'designate') && (
        <FormDialog title={`${dialog === 'designate' ? '指定管辖' : '管辖争议协商结果'} · ${target.caseNo}`} okText={dialog === 'designate' ? '指定管辖' : '记录协商结果'}
          onCancel={close} initialValues={{ unitId: dispute?.other?.id }}
          onSubmit={async (body) => {
            // handed to the other unit: the API answers {visible: false} and run() leaves the page (onGone)
            await run(dialog, dialog === 'designate' ? 'jurisdiction-dispute/designate' : 'jurisdiction-dispute/settle', body,
              `已${dialog === 'designate' ? '指定' : '协商由'}${disputeParties.find((u) => u.id === body.unitId)?.name ?? ''}${dialog === 'designate' ? '管辖' : '办理'}`);
            close();
          }}>
          <Form.Item name="unitId" label={dialog === 'designate' ? '指定管辖单位' : '协商由哪一单位办理'} rules={[{ required: true, message: '请选择单位' }]}>
            <Radio.Group data-testid="dispute-outcome" options={disputeParties.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="note" label={dialog === 'designate' ? '指定理由' : '协商情况'} rules={[{ required: true, whitespace: true, message: '请填写说明' }]}>
            <Input.TextArea rows={3} placeholder={dialog === 'designate' ? '如：被投诉人实际经营地在鼎城区' : '如：12月8日与鼎城区局电话协商一致'} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>由另一单位办理的，案件派往该单位，由其签收；其签收、退回期限重新计算。</Typography.Text>
        </FormDialog>
      )}
      {dialog === 'verify' && (
        <TextDialog title={`核查记录 · ${target.caseNo}`} okText="保存" onCancel={close} onSubmit={submit('verification-notes', '核查记录已保存')}
          label="核查情况" required="请填写核查情况" rows={4} />
      )}
      {dialog === 'decide' && (
        <FormDialog title={`立案决定 · ${target.caseNo}`} okText="作出决定" onCancel={close} onSubmit={submit('decide', '已作出决定')} initialValues={{ decision: 'fileCase' }}>
          <Form.Item name="decision" label="决定" rules={[{ required: true }]}>
            <Radio.Group options={REPORT_DECISION_CODES.map((d) => ({ value: d, label: REPORT_DECISION_LABELS[d] }))} />
          </Form.Item>
          <Form.Item name="note" label="依据与说明" rules={[{ required: true, message: '请填写依据与说明' }]}><Input.TextArea rows={3} /></Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>应自收到举报之日起15个工作日内核查并决定是否立案（可依法延长）。</Typography.Text>
        </FormDialog>
      )}
      {dialog === 'reporterNotice' && (
        <TextDialog title={`告知举报人 · ${target.caseNo}`} okText="确认已告知" onCancel={close} onSubmit={submit('reporter-notice', '已记录告知举报人')}
          label="告知方式及情况" />
      )}
      {dialog === 'answer' && (
        <TextDialog title={`答复咨询 · ${target.caseNo}`} okText="答复并办结" onCancel={close} onSubmit={submit('answer', '已答复')}
          name="answer" label="答复内容" required="请填写答复内容" rows={4} />
      )}
      {dialog === 'convert' && (
        <FormDialog title={`咨询转为投诉/举报 · ${target.caseNo}`} okText="转换" onCancel={close} onSubmit={submit('convert', '已转换并登记新案件')} initialValues={{ type: 'complaint', realName: true }}>
          <Form.Item name="type" label="转为" rules={[{ required: true }]}>
            <Radio.Group options={(['complaint', 'report'] as const).map((t) => ({ value: t, label: CASE_TYPE_LABELS[t] }))} />
          </Form.Item>
          <Form.Item name="realName" label="举报是否实名"><Radio.Group options={[{ value: true, label: '实名' }, { value: false, label: '匿名' }]} /></Form.Item>
          <Form.Item name="request" label="投诉请求"><Input /></Form.Item>
        </FormDialog>
      )}
      
    </>
  );
}

/** 并单: the case this one goes into, found by case number (GET /cases?q=); a report says whether it brings new facts. */
/** An action whose form is one text (a note, reason or answer); `required` is what is said when it is left empty. */
function TextDialog({ title, okText, onCancel, onSubmit, name = 'note', label, required, rows = 3, placeholder, intro, hint }: {
  title: string; okText: string; onCancel: () => void; onSubmit: (v: Record<string, unknown>) => Promise<void>;
  name?: string; label: string; required?: string; rows?: number; placeholder?: string; intro?: React.ReactNode; hint?: string;
}) {
  return (
    <FormDialog title={title} okText={okText} onCancel={onCancel} onSubmit={onSubmit}>
      {intro}
      <Form.Item name={name} label={label} rules={required ? [{ required: true, message: required }] : undefined}>
        <Input.TextArea rows={rows} autoFocus placeholder={placeholder} />
      </Form.Item>
      {hint && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{hint}</Typography.Text>}
    </FormDialog>
  );
}

function MergeDialog({ target, onCancel, onSubmit }: { target: ActionTarget; onCancel: () => void; onSubmit: (v: Record<string, unknown>) => Promise<void> }) {
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [searching, setSearching] = useState(false);
  const search = async (q: string) => {
    if (q.trim().length < 2) return;
    setSearching(true);
    try {
      const r = await get<Page<CaseListItem>>('/cases', { q: q.trim(), pageSize: 10 });
      setOptions(r.items.filter((c) => c.id !== target.id && !['closed', 'archived', 'declined', 'merged', 'transferredOut', 'withdrawn'].includes(c.status))
        .map((c) => ({ value: c.id, label: `${c.caseNo} · ${CASE_TYPE_LABELS[c.type]} · ${c.respondentName || '—'} · ${caseStatusLabel(c.status, c.type)}` })));
    } finally {
      setSearching(false);
    }
  };
  return (
    <FormDialog title={`并单 · ${target.caseNo}`} okText="并入" onCancel={onCancel} onSubmit={onSubmit} initialValues={{ newFacts: false }}>
      <Form.Item name="intoCaseId" label="并入的案件（输入案件编号、被投诉人或来电号码查找）" rules={[{ required: true, message: '请选择并入的案件' }]}>
        <Select showSearch={{ filterOption: false, onSearch: (q) => void search(q) }} options={options} loading={searching} placeholder="如 202600000123" data-testid="merge-into" notFoundContent={searching ? '查找中…' : '没有可并入的未办结案件'} />
      </Form.Item>
      {target.type === 'report' && (
        <Form.Item name="newFacts" label="是否含新的事实、证据" extra="含新事实的并案处理，核查期限自收到新举报之日起重新计算；否则仅关联，不再重复处理">
          <Radio.Group options={[{ value: false, label: '同一事实（仅关联）' }, { value: true, label: '含新的事实、证据' }]} />
        </Form.Item>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>并入后本案不再单独办理，两案相互关联。</Typography.Text>
    </FormDialog>
  );
}

/**
 * 暂停计时: the reasons offered are the chosen clock's (the policy's), not every reason there is. 证据材料 offers the
 * case's attachments by name (the 检验委托书 uploaded under 附件), or takes the name of a paper document.
 */
function PauseDialog({ caseId, caseNo, clocks, options, initial, onCancel, onSubmit }: {
  caseId: string; caseNo: string; clocks: DeadlineExplanation[]; options: { value: string; label: string }[]; initial: string | undefined;
  onCancel: () => void; onSubmit: (v: Record<string, unknown>) => Promise<void>;
}) {
  const [kind, setKind] = useState(initial);
  const reasons = PAUSE_REASONS.filter((r) => clocks.find((d) => d.kind === kind)?.pauseReasons.includes(r));
  // Suggestions only: if they fail to load, the field still takes a typed name.
  const { data: files } = useLoad(() => get<AttachmentDto[]>(`/cases/${caseId}/attachments`), [caseId]);
  const evidenceOptions = [...new Set((files ?? []).map((f) => f.name))].map((name) => ({ value: name }));
  return (
    <FormDialog title={`暂停计时 · ${caseNo}`} okText="暂停计时" onCancel={onCancel} onSubmit={onSubmit} initialValues={{ kind: initial }}
      onValuesChange={(c) => { if (c.kind) setKind(String(c.kind)); }}>
      {!clocks.length && <Alert type="info" showIcon title="没有可以暂停的期限（依规定不可暂停）" style={{ marginBottom: 8 }} />}
      <Form.Item name="kind" label="暂停的期限" rules={[{ required: true, message: '请选择期限' }]}>
        <Select data-testid="pause-kind" options={options} />
      </Form.Item>
      <Form.Item name="reason" label="暂停事由（依规定可暂停的事由）" rules={[{ required: true, message: '请选择事由' }]}>
        <Radio.Group data-testid="pause-reason" options={reasons.map((r) => ({ value: r, label: PAUSE_REASON_LABELS[r] }))} />
      </Form.Item>
      <Form.Item name="evidence" label="证据材料" extra={evidenceOptions.length ? '可选本案附件，或填写纸质材料名称' : '本案尚无附件：可先在“附件”中上传，或填写纸质材料名称'}>
        <AutoComplete options={evidenceOptions} maxLength={200} placeholder="如：检验委托书.pdf" data-testid="pause-evidence"
          showSearch={{ filterOption: (input, o) => String(o?.value ?? '').includes(input) }} />
      </Form.Item>
      <Form.Item name="note" label="说明"><Input.TextArea rows={2} /></Form.Item>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>暂停期间不计入期限，恢复后期限按暂停的天数顺延。</Typography.Text>
    </FormDialog>
  );
}

function groundOptions(gs: LegalGround[] | undefined) {
  return (gs ?? []).map((g) => ({
    value: g.code,
    label: (
      <div style={{ whiteSpace: 'normal' }}>
        <div>{g.text}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>{g.article}</Typography.Text>
      </div>
    ),
    search: `${g.text} ${g.article}`,
  }));
}

function DeclineDialog({ caseId, regime, caseNo, onCancel, onSubmit }: { caseId: string; regime: Regime; caseNo: string; onCancel: () => void; onSubmit: (v: Record<string, unknown>) => Promise<void> }) {
  const grounds = useGrounds(regime);
  const [ground, setGround] = useState<string | undefined>();
  return (
    <FormDialog title={`不予受理 · ${caseNo}`} okText="决定不予受理" onCancel={onCancel} onSubmit={onSubmit} width={720}
      onValuesChange={(c) => { if ('ground' in c) setGround(c.ground as string); }}>
      <Form.Item name="ground" label={`不予受理理由（${regime === 'O121' ? '《市场监督管理投诉举报处理办法》第十六条' : '《市场监督管理投诉举报处理暂行办法》第十五条'}）`} rules={[{ required: true, message: '请选择法定理由' }]}>
        <Select data-testid="decline-ground" options={groundOptions(grounds?.decline)} loading={!grounds} showSearch={{ optionFilterProp: 'search' }} placeholder="选择法定理由" autoFocus />
      </Form.Item>
      <Form.Item name="note" label="说明"><Input.TextArea rows={3} /></Form.Item>
      <Form.Item label="不予受理告知书（确认后编号签发；含告知投诉人的其他解决途径）">
        <DocumentPreview caseId={caseId} kind="declineNotice" ground={ground} waitingFor={ground ? undefined : '选择法定理由后显示告知书'} />
      </Form.Item>
    </FormDialog>
  );
}

function CloseDialog({ caseId, regime, caseNo, onCancel, onSubmit }: { caseId: string; regime: Regime; caseNo: string; onCancel: () => void; onSubmit: (v: Record<string, unknown>) => Promise<void> }) {
  const grounds = useGrounds(regime);
  const [outcome, setOutcome] = useState<CloseOutcome>('agreement');
  const [v, setV] = useState<{ ground?: string; note?: string }>({});
  return (
    <FormDialog title={`办结 · ${caseNo}`} okText="办结" onCancel={onCancel} onSubmit={onSubmit} initialValues={{ outcome: 'agreement' }} width={720}
      onValuesChange={(c, all) => { if (c.outcome) setOutcome(c.outcome as CloseOutcome); setV({ ground: all.ground as string | undefined, note: all.note as string | undefined }); }}>
      <Form.Item name="outcome" label="办结结果" rules={[{ required: true }]}>
        <Radio.Group data-testid="close-outcome" options={CLOSE_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} />
      </Form.Item>
      {outcome === 'terminated' && (
        <Form.Item name="ground" label={`终止调解理由（${regime === 'O121' ? '《市场监督管理投诉举报处理办法》第二十三条' : '《市场监督管理投诉举报处理暂行办法》第二十二条'}）`} rules={[{ required: true, message: '终止调解须选择法定理由' }]}>
          <Select data-testid="terminate-ground" options={groundOptions(grounds?.terminate)} loading={!grounds} showSearch={{ optionFilterProp: 'search' }} placeholder="选择法定理由" />
        </Form.Item>
      )}
      <Form.Item name="recoveredAmount" label="挽回经济损失（元）">
        <InputNumber min={0} precision={2} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="note" label="办结说明"><Input.TextArea rows={3} /></Form.Item>
      {outcome === 'terminated' && <Alert type="warning" showIcon title="终止调解后，须在7个工作日内告知投诉人和被投诉人。" />}
      {(outcome === 'agreement' || outcome === 'terminated') && (
        <Form.Item label={outcome === 'agreement' ? '调解书（确认后编号签发；协议内容取“办结说明”）' : '终止调解告知书（确认后编号签发）'} style={{ marginTop: 12 }}>
          <DocumentPreview caseId={caseId} kind={outcome === 'agreement' ? 'mediationAgreement' : 'terminationNotice'} ground={v.ground} note={v.note}
            waitingFor={outcome === 'terminated' && !v.ground ? '选择终止调解理由后显示告知书' : undefined} />
        </Form.Item>
      )}
    </FormDialog>
  );
}
