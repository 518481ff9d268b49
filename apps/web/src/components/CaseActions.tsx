// The actions a case allows in its state, for the user's role (the API enforces the same; 409/403 are shown).
import { useState } from 'react';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import {
  CLOSE_OUTCOMES, OUTCOME_LABELS, SATISFACTIONS, SATISFACTION_LABELS,
  type CaseStatus, type CaseView, type CloseOutcome, type LegalGround, type Regime, type Role,
} from '#contracts';
import { ApiError, errorText, get, post } from '../api';
import { useGrounds } from '../reference';

export interface ActionTarget {
  id: string;
  caseNo: string;
  status: CaseStatus;
  assignedUnitId: string | null;
  /** Known on the detail page; fetched on demand from a list row. */
  regime?: Regime;
  outcome?: CloseOutcome | null;
  terminationNoticePending?: boolean;
}

type Dialog = 'decline' | 'mediate' | 'close' | 'notify' | 'callback' | null;

export function CaseActions({ target, role, unitId, onDone, size = 'small' }: {
  target: ActionTarget; role: Role; unitId: string; onDone: (c: CaseView) => void; size?: 'small' | 'middle';
}) {
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [regime, setRegime] = useState<Regime | undefined>(target.regime);
  const isAssignee = role === 'admin' || ((role === 'handler' || role === 'leader') && target.assignedUnitId === unitId);
  const canCallback = role === 'operator' || role === 'admin';

  const run = async (key: string, path: string, body: unknown, ok: string) => {
    setBusy(key);
    try {
      const c = await post<CaseView>(`/cases/${target.id}/${path}`, body);
      message.success(`${target.caseNo} ${ok}`);
      onDone(c);
      return c;
    } catch (e) {
      if (!(e instanceof ApiError && e.body.fields?.length)) message.error(errorText(e));
      throw e;
    } finally {
      setBusy(null);
    }
  };
  const open = async (d: Dialog) => {
    if ((d === 'decline' || d === 'close') && !regime) {
      try {
        setRegime((await get<CaseView>(`/cases/${target.id}`)).regime);
      } catch (e) {
        message.error(errorText(e));
        return;
      }
    }
    setDialog(d);
  };

  const buttons: React.ReactNode[] = [];
  if (isAssignee && target.status === 'dispatched')
    buttons.push(<Button key="sign" type="primary" size={size} loading={busy === 'sign'} onClick={() => run('sign', 'sign', {}, '已签收').catch(() => undefined)}>签收</Button>);
  if (isAssignee && target.status === 'signed') {
    buttons.push(<Button key="accept" type="primary" size={size} loading={busy === 'accept'} onClick={() => run('accept', 'accept', {}, '已受理').catch(() => undefined)}>受理</Button>);
    buttons.push(<Button key="decline" size={size} danger onClick={() => open('decline')}>不予受理</Button>);
  }
  if (isAssignee && target.status === 'accepted') {
    buttons.push(<Button key="mediate" size={size} onClick={() => open('mediate')}>调解记录</Button>);
    buttons.push(<Button key="close" type="primary" size={size} onClick={() => open('close')}>办结</Button>);
  }
  if (isAssignee && target.status === 'closed' && target.outcome === 'terminated' && target.terminationNoticePending)
    buttons.push(<Button key="notify" type="primary" size={size} onClick={() => open('notify')}>告知终止调解</Button>);
  if (canCallback && (target.status === 'closed' || target.status === 'declined'))
    buttons.push(<Button key="callback" type="primary" size={size} onClick={() => open('callback')}>回访</Button>);

  const close = () => setDialog(null);
  const submit = (path: string, ok: string) => async (body: Record<string, unknown>) => {
    await run(path, path, body, ok);
    close();
  };
  return (
    <>
      <Space size={4} wrap data-testid="case-actions">{buttons.length ? buttons : <Typography.Text type="secondary">—</Typography.Text>}</Space>
      {dialog === 'decline' && <DeclineDialog regime={regime!} caseNo={target.caseNo} onCancel={close} onSubmit={submit('decline', '已决定不予受理')} />}
      {dialog === 'mediate' && (
        <FormDialog title={`调解记录 · ${target.caseNo}`} okText="保存" onCancel={close} onSubmit={submit('mediation-notes', '调解记录已保存')}>
          <Form.Item name="note" label="调解情况" rules={[{ required: true, message: '请填写调解情况' }]}>
            <Input.TextArea rows={4} autoFocus placeholder="时间、方式、双方意见、进展" />
          </Form.Item>
        </FormDialog>
      )}
      {dialog === 'close' && <CloseDialog regime={regime!} caseNo={target.caseNo} onCancel={close} onSubmit={submit('close', '已办结')} />}
      {dialog === 'notify' && (
        <FormDialog title={`告知终止调解 · ${target.caseNo}`} okText="确认已告知" onCancel={close} onSubmit={submit('termination-notice', '已记录告知')}>
          <Typography.Paragraph>终止调解的，应自作出终止调解决定之日起七个工作日内告知投诉人和被投诉人（O121 第二十三条）。</Typography.Paragraph>
          <Form.Item name="note" label="告知方式及情况"><Input.TextArea rows={3} autoFocus placeholder="如：已电话及书面告知双方" /></Form.Item>
        </FormDialog>
      )}
      {dialog === 'callback' && (
        <FormDialog title={`回访 · ${target.caseNo}`} okText="保存回访并归档" onCancel={close} onSubmit={submit('callback', '回访已记录，案件已归档')}>
          <Form.Item name="satisfaction" label="满意度" rules={[{ required: true, message: '请选择满意度' }]}>
            <Radio.Group options={SATISFACTIONS.map((s) => ({ value: s, label: SATISFACTION_LABELS[s] }))} />
          </Form.Item>
          <Form.Item name="note" label="回访记录"><Input.TextArea rows={3} /></Form.Item>
        </FormDialog>
      )}
    </>
  );
}

/** A modal form whose API field errors land on the fields, other errors above them. */
function FormDialog({ title, okText, onCancel, onSubmit, children, initialValues, onValuesChange }: {
  title: string; okText: string; onCancel: () => void; onSubmit: (v: Record<string, unknown>) => Promise<void>;
  children: React.ReactNode; initialValues?: Record<string, unknown>; onValuesChange?: (changed: Record<string, unknown>, all: Record<string, unknown>) => void;
}) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
      await onSubmit(clean);
    } catch (e) {
      if (e instanceof ApiError && e.body.fields?.length) {
        const known = new Set(Object.keys(form.getFieldsValue()));
        form.setFields(e.body.fields.filter((f) => known.has(f.field)).map((f) => ({ name: f.field, errors: [f.message] })));
        const rest = e.body.fields.filter((f) => !known.has(f.field));
        setError(rest.length ? rest.map((f) => f.message).join('；') : null);
      } else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={title} okText={okText} cancelText="取消" onOk={ok} onCancel={onCancel} confirmLoading={busy} destroyOnHidden width={640}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={initialValues} onValuesChange={onValuesChange}>
        {children}
      </Form>
    </Modal>
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

function DeclineDialog({ regime, caseNo, onCancel, onSubmit }: { regime: Regime; caseNo: string; onCancel: () => void; onSubmit: (v: Record<string, unknown>) => Promise<void> }) {
  const grounds = useGrounds(regime);
  return (
    <FormDialog title={`不予受理 · ${caseNo}`} okText="决定不予受理" onCancel={onCancel} onSubmit={onSubmit}>
      <Form.Item name="ground" label={`不予受理理由（${regime === 'O121' ? 'O121 第十六条' : 'O20 第十五条'}）`} rules={[{ required: true, message: '请选择法定理由' }]}>
        <Select data-testid="decline-ground" options={groundOptions(grounds?.decline)} loading={!grounds} showSearch={{ optionFilterProp: 'search' }} placeholder="选择法定理由" autoFocus />
      </Form.Item>
      <Form.Item name="note" label="说明"><Input.TextArea rows={3} /></Form.Item>
      {grounds && <Alert type="info" showIcon title="告知投诉人的其他解决途径" description={grounds.otherRoutesNotice} />}
    </FormDialog>
  );
}

function CloseDialog({ regime, caseNo, onCancel, onSubmit }: { regime: Regime; caseNo: string; onCancel: () => void; onSubmit: (v: Record<string, unknown>) => Promise<void> }) {
  const grounds = useGrounds(regime);
  const [outcome, setOutcome] = useState<CloseOutcome>('agreement');
  return (
    <FormDialog title={`办结 · ${caseNo}`} okText="办结" onCancel={onCancel} onSubmit={onSubmit} initialValues={{ outcome: 'agreement' }}
      onValuesChange={(c) => c.outcome && setOutcome(c.outcome as CloseOutcome)}>
      <Form.Item name="outcome" label="办结结果" rules={[{ required: true }]}>
        <Radio.Group data-testid="close-outcome" options={CLOSE_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))} />
      </Form.Item>
      {outcome === 'terminated' && (
        <Form.Item name="ground" label={`终止调解理由（${regime === 'O121' ? 'O121 第二十三条' : 'O20 第二十二条'}）`} rules={[{ required: true, message: '终止调解须选择法定理由' }]}>
          <Select data-testid="terminate-ground" options={groundOptions(grounds?.terminate)} loading={!grounds} showSearch={{ optionFilterProp: 'search' }} placeholder="选择法定理由" />
        </Form.Item>
      )}
      <Form.Item name="recoveredAmount" label="挽回经济损失（元）">
        <InputNumber min={0} precision={2} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="note" label="办结说明"><Input.TextArea rows={3} /></Form.Item>
      {outcome === 'terminated' && <Alert type="warning" showIcon title="终止调解后，须在7个工作日内告知投诉人和被投诉人。" />}
    </FormDialog>
  );
}
