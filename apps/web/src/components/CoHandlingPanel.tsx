// 协办 and 督办/催办 on the case detail: co-units' parts and supervision items, with the actions each user may take.
import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { CO_UNIT_STATE_LABELS, SUPERVISION_KINDS, SUPERVISION_KIND_LABELS, SUPERVISION_STATE_LABELS, labelOf, type CoUnitView, type Role, type SupervisionView } from '#contracts';
import { errorText, get, post } from '../api';
import { fmtTime } from '../format';
import { useUnits } from '../reference';
import { LoadFailed } from './bits';
import { useLoad } from '../useLoad';

type Dialog = null | 'addCo' | 'coReport' | 'supervise' | { answer: SupervisionView };

export function CoHandlingPanel({ caseId, assignedUnitId, open: caseOpen, role, unitId, onChanged }: {
  caseId: string; assignedUnitId: string | null; open: boolean; role: Role; unitId: string; onChanged: () => void;
}) {
  const { message } = App.useApp();
  const units = useUnits();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  // A failed load is said, with 重试: shown as "no 协办, no 督办" it would hide a unit's pending part.
  const { data, error: failed, reload: load } = useLoad(
    () => Promise.all([get<CoUnitView[]>(`/cases/${caseId}/co-units`), get<SupervisionView[]>(`/cases/${caseId}/supervisions`)]), [caseId]);
  const [co, sups] = data ?? [null, null];

  if (failed) {
    return (
      <Card size="small" title="协办与督办" style={{ marginBottom: 12 }} data-testid="cohandling-panel">
        <LoadFailed what="协办与督办情况" error={failed} onRetry={() => void load()} testId="cohandling-failed" />
      </Card>
    );
  }
  if (!co || !sups || !units) return null;
  const intake = role === 'operator' || (!!units.find((u) => u.id === unitId)?.isIntake && (role === 'handler' || role === 'leader'));
  const isLead = assignedUnitId === unitId && (role === 'handler' || role === 'leader');
  const myPart = co.find((p) => p.unit?.id === unitId && p.state === 'pending');
  const canAddCo = caseOpen && assignedUnitId !== null && (intake || (role === 'leader' && assignedUnitId === unitId));
  const canSupervise = caseOpen && assignedUnitId !== null && assignedUnitId !== unitId && (intake || role === 'leader' || role === 'manager');
  if (!co.length && !sups.length && !canAddCo && !canSupervise) return null;

  const act = async (path: string, body: unknown, ok: string) => {
    setBusy(true);
    try {
      await post(`/cases/${caseId}/${path}`, body);
      message.success(ok);
      setDialog(null);
      form.resetFields();
      await load();
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const handling = units.filter((u) => !u.isIntake && u.level !== 'city' && u.id !== assignedUnitId);

  return (
    <Card size="small" title="协办与督办" style={{ marginBottom: 12 }} data-testid="cohandling-panel"
      extra={<Space>
        {canAddCo && <Button size="small" onClick={() => setDialog('addCo')}>添加协办单位</Button>}
        {myPart && <Button size="small" type="primary" onClick={() => setDialog('coReport')}>提交协办意见</Button>}
        {canSupervise && <Button size="small" onClick={() => setDialog('supervise')}>督办/催办</Button>}
      </Space>}>
      {co.length > 0 && (
        <Table<CoUnitView> size="small" rowKey={(r) => `${r.unit?.id}-${r.addedAt}`} pagination={false} dataSource={co} data-testid="co-units"
          columns={[
            { title: '协办单位', render: (_, r) => r.unit?.name ?? '' },
            { title: '状态', render: (_, r) => <Tag color={r.state === 'pending' ? 'orange' : 'green'}>{labelOf(CO_UNIT_STATE_LABELS, r.state)}</Tag> },
            { title: '协办意见', render: (_, r) => r.text ?? '' },
            { title: '', render: (_, r) => isLead && r.state === 'pending' && r.unit
              ? <Button size="small" onClick={() => void act(`co-units/${r.unit!.id}/release`, { note: '承办单位解除协办' }, '已解除协办')}>解除</Button> : null },
          ]} />
      )}
      {sups.length > 0 && (
        <Table<SupervisionView> size="small" rowKey="id" pagination={false} dataSource={sups} data-testid="supervisions" style={{ marginTop: co.length ? 12 : 0 }}
          columns={[
            { title: '类型', render: (_, s) => <Tag color={s.kind === 'supervise' ? 'red' : 'orange'}>{s.kindText}{s.auto ? '（自动）' : ''}</Tag> },
            { title: '发起单位', render: (_, s) => s.openedByUnit?.name ?? '' },
            { title: '答复期限', render: (_, s) => fmtTime(s.dueAt) },
            { title: '状态', render: (_, s) => <Tag color={s.state === 'answered' ? 'green' : s.state === 'overdue' ? 'red' : 'blue'}>{labelOf(SUPERVISION_STATE_LABELS, s.state)}</Tag> },
            { title: '答复', render: (_, s) => s.answer ?? '' },
            { title: '', render: (_, s) => s.state !== 'answered' && s.targetUnit?.id === unitId && (role === 'handler' || role === 'leader')
              ? <Button size="small" type="primary" onClick={() => setDialog({ answer: s })}>答复</Button> : null },
          ]} />
      )}
      <Modal title="添加协办单位" open={dialog === 'addCo'} confirmLoading={busy} okText="添加" onCancel={() => setDialog(null)} destroyOnHidden
        onOk={() => form.validateFields().then((v) => act('co-units', { unitIds: v.unitIds, note: v.note || undefined }, '已添加协办单位'))}>
        <Form form={form} layout="vertical">
          <Form.Item name="unitIds" label="协办单位" rules={[{ required: true, message: '请选择协办单位' }]}>
            <Select mode="multiple" data-testid="co-unit-select" showSearch optionFilterProp="label" options={handling.map((u) => ({ value: u.id, label: u.name }))} />
          </Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} /></Form.Item>
        </Form>
      </Modal>
      <Modal title="提交协办意见" open={dialog === 'coReport'} confirmLoading={busy} okText="提交" onCancel={() => setDialog(null)} destroyOnHidden
        onOk={() => form.validateFields().then((v) => act('co-reports', { text: v.text }, '协办意见已提交'))}>
        <Form form={form} layout="vertical">
          <Form.Item name="text" label="协办意见" rules={[{ required: true, message: '请填写协办意见' }]}><Input.TextArea rows={4} data-testid="co-report-text" /></Form.Item>
        </Form>
      </Modal>
      <Modal title="督办/催办" open={dialog === 'supervise'} confirmLoading={busy} okText="发出" onCancel={() => setDialog(null)} destroyOnHidden
        onOk={() => form.validateFields().then((v) => act('supervisions', { kind: v.kind, note: v.note }, '已发出'))}>
        <Form form={form} layout="vertical" initialValues={{ kind: 'supervise' }}>
          <Form.Item name="kind" label="类型"><Radio.Group options={SUPERVISION_KINDS.map((k) => ({ value: k, label: SUPERVISION_KIND_LABELS[k] }))} /></Form.Item>
          <Form.Item name="note" label="督办意见" rules={[{ required: true, message: '请填写督办意见' }]}><Input.TextArea rows={3} data-testid="supervision-note" /></Form.Item>
        </Form>
      </Modal>
      <Modal title="答复督办" open={typeof dialog === 'object' && dialog !== null} confirmLoading={busy} okText="答复" onCancel={() => setDialog(null)} destroyOnHidden
        onOk={() => form.validateFields().then(async (v) => { if (typeof dialog === 'object' && dialog) await act(`supervisions/${dialog.answer.id}/answer`, { answer: v.answer }, '已答复'); })}>
        <Form form={form} layout="vertical">
          <Form.Item name="answer" label="答复" rules={[{ required: true, message: '请填写答复' }]}><Input.TextArea rows={3} data-testid="supervision-answer" /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
