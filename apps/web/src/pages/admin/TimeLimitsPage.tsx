// Admin: time-limit policies (GET /admin/time-limits, PATCH /admin/time-limits/:id) — amount, enabled, legal basis,
// extension cap and allowed pause reasons. Validation errors are shown on the fields.
import { useState } from 'react';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Switch, Table, Tag } from 'antd';
import {
  POLICY_SUBJECT_LABELS, DEADLINE_KIND_LABELS, PAUSE_REASONS, PAUSE_REASON_LABELS, PERIOD_UNIT_LABELS, labelOf, type TimeLimitPolicyView,
} from '#contracts';
import { errorText, patch } from '../../api';
import { useAdminList } from '../../useAdminList';
import { PageTitle } from '../../ConsoleLayout';
import { FormDialog } from '../../components/FormDialog';

export function TimeLimitsPage() {
  const { message } = App.useApp();
  const [editing, setEditing] = useState<TimeLimitPolicyView | null>(null);
  const { rows: rows, reload: load, setEnabled: toggle } = useAdminList<TimeLimitPolicyView>('/admin/time-limits');

  return (
    <div data-testid="time-limits-page">
      <PageTitle title="时限规则" />
      <Card size="small">
        <Table<TimeLimitPolicyView> size="small" rowKey="id" loading={!rows} dataSource={rows ?? []} pagination={false} scroll={{ x: 1100 }}
          columns={[
            { key: 'regime', title: '规章', width: 70, render: (_, p) => <Tag color={p.regime === 'LOCAL' ? 'gold' : 'blue'}>{p.regime === 'LOCAL' ? '本地承诺' : p.regime}</Tag> },
            { key: 'type', title: '事项', width: 60, render: (_, p) => (p.caseType ? labelOf(POLICY_SUBJECT_LABELS, String(p.caseType)) : '—') },
            { key: 'step', title: '环节', width: 100, render: (_, p) => labelOf(DEADLINE_KIND_LABELS, p.step) },
            { key: 'period', title: '期间', width: 100, render: (_, p) => `${p.amount}${labelOf(PERIOD_UNIT_LABELS, p.unit)}` },
            { key: 'ext', title: '延期上限', width: 110, render: (_, p) => (p.maxExtensions ? `${p.maxExtensions}次 / ${p.maxExtensionUnits ?? '—'}` : '不可延期') },
            { key: 'pause', title: '可暂停事由', width: 200, render: (_, p) => (p.pauseReasons?.length ? p.pauseReasons.map((r) => <Tag key={r}>{labelOf(PAUSE_REASON_LABELS, r)}</Tag>) : '—') },
            { key: 'basis', title: '依据', render: (_, p) => <span style={{ fontSize: 12 }}>{p.legalBasis}</span> },
            { key: 'enabled', title: '启用', width: 60, render: (_, p) => <Switch size="small" checked={p.enabled} disabled={p.regime !== 'LOCAL'} title={p.regime !== 'LOCAL' ? '法定时限不可停用' : undefined} onChange={(v) => void toggle(p, v)} /> },
            { key: 'act', title: '', width: 70, fixed: 'right', render: (_, p) => <Button size="small" onClick={() => setEditing(p)}>编辑</Button> },
          ]} />
      </Card>
      {editing && (
        <FormDialog title={`编辑时限 · ${editing.regime} ${labelOf(DEADLINE_KIND_LABELS, editing.step)}`} okText="保存" keepEmpty onCancel={() => setEditing(null)}
          initialValues={{ amount: editing.amount, legalBasis: editing.legalBasis, maxExtensions: editing.maxExtensions ?? 0, maxExtensionUnits: editing.maxExtensionUnits ?? 0, pauseReasons: editing.pauseReasons ?? [], enabled: editing.enabled }}
          onSubmit={async (v) => {
            const { enabled, ...rest } = v;
            await patch(`/admin/time-limits/${editing.id}`, editing.regime === 'LOCAL' ? { ...rest, enabled } : rest);
            message.success('时限规则已保存');
            setEditing(null);
            await load();
          }}>
          <Form.Item name="amount" label={`期间（${labelOf(PERIOD_UNIT_LABELS, editing.unit)}）`} rules={[{ required: true, message: '请填写期间' }]}><InputNumber min={1} precision={0} /></Form.Item>
          <Form.Item name="legalBasis" label="依据" rules={[{ required: true, message: '请填写依据' }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="maxExtensions" label="最多延期次数"><InputNumber min={0} precision={0} /></Form.Item>
          <Form.Item name="maxExtensionUnits" label="延期累计上限"><InputNumber min={0} precision={0} /></Form.Item>
          <Form.Item name="pauseReasons" label="允许暂停计时的事由"><Checkbox.Group options={PAUSE_REASONS.map((r) => ({ value: r, label: PAUSE_REASON_LABELS[r] }))} /></Form.Item>
          {editing.regime === 'LOCAL' && <Form.Item name="enabled" label="启用（仅本地承诺可停用）" valuePropName="checked"><Switch /></Form.Item>}
        </FormDialog>
      )}
    </div>
  );
}
