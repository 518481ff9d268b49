// Admin: time-limit policies (GET /admin/time-limits, PATCH /admin/time-limits/:id) — amount, enabled, legal basis,
// extension cap, allowed pause reasons and the warning/escalation ladder (临期预警/到期/催办/督办/通报, which applies to
// live deadlines too). Validation errors are shown on the fields, ladder rows included (`ladder[2].offset`).
// 历史 lists every version of a policy (GET /admin/time-limits/:id/versions): who changed which field, from what to what.
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  POLICY_SUBJECT_LABELS, DEADLINE_KIND_LABELS, REGULATION_NAMES, REGULATION_SHORT_NAMES, citeLaws, PAUSE_REASONS, PAUSE_REASON_LABELS, PERIOD_UNIT_LABELS, labelOf, type TimeLimitPolicyView,
  DEFAULT_LADDER, RUNGS, RUNG_LABELS, type LadderRungView, POLICY_FIELD_LABELS, type TimeLimitPolicyVersionView,
} from '#contracts';
import { isWindow } from '#window';
import { errorText, get, patch } from '../../api';
import { fmtTime } from '../../format';
import { useAdminList } from '../../useAdminList';
import { PageTitle } from '../../ConsoleLayout';
import { FormDialog } from '../../components/FormDialog';
import { LoadFailed } from '../../components/bits';

/** Ladder offsets count in hours on hour clocks, in working days on every other clock. */
const offsetUnit = (p: TimeLimitPolicyView) => (p.unit === 'hours' ? '小时' : '个工作日');
/** A window (no `due` rung, e.g. the return window) never goes overdue: only a warning can be set on it. */
const isWindowPolicy = (p: TimeLimitPolicyView) => isWindow(p.ladder);
/** "临期预警：到期前2个工作日" — never "-2d". */
const rungText = (r: LadderRungView, unit: string) =>
  r.rung === 'due' || r.offset === 0 ? (r.rung === 'due' ? RUNG_LABELS.due : `${RUNG_LABELS[r.rung]}：到期时`)
    : `${RUNG_LABELS[r.rung]}：到期${r.offset < 0 ? '前' : '后'}${Math.abs(r.offset)}${unit}`;
/** The regulation a policy belongs to, by name (a short tag, the full name on hover). */
const regimeTag = (p: TimeLimitPolicyView) => (
  <Tag color={p.regime === 'LOCAL' ? 'gold' : 'blue'} title={labelOf(REGULATION_NAMES, String(p.regime))}>{labelOf(REGULATION_SHORT_NAMES, String(p.regime))}</Tag>
);

function LadderCell({ p }: { p: TimeLimitPolicyView }) {
  const unit = offsetUnit(p);
  if (!p.ladder) return <span style={{ fontSize: 12 }}>默认：{DEFAULT_LADDER.map((r) => rungText(r, unit)).join(' · ')}</span>;
  if (!p.ladder.length) return <Tag>期间窗口（不计超期）</Tag>;
  return <span style={{ fontSize: 12 }}>{isWindowPolicy(p) ? '期间窗口：' : ''}{p.ladder.map((r) => rungText(r, unit)).join(' · ')}</span>;
}

/** Rows of rung + offset (Form.List `ladder`); the API checks the rules and its errors land on the rows. */
function LadderEditor({ policy }: { policy: TimeLimitPolicyView }) {
  const unit = offsetUnit(policy);
  const window = isWindowPolicy(policy);
  const rungs = window ? (['warn'] as const) : RUNGS;
  return (
    <Form.Item label="预警督办阶梯" required={false}
      extra={`时间相对到期计算（${unit}）：临期预警为负数（如 -2 即到期前2${unit}），到期为0，催办、督办、通报为正数且依次递后。${
        window ? '本环节是期间窗口，不计超期，只能设置临期预警。' : policy.regime !== 'LOCAL' ? `法定时限必须保留“${RUNG_LABELS.due}”档。` : ''}修改后对在办期限立即生效。`}>
      {!window && (
        <Form.Item name="ladderDefault" valuePropName="checked" noStyle>
          <Checkbox data-testid="ladder-default">使用默认阶梯（{DEFAULT_LADDER.map((r) => rungText(r, unit)).join('、')}）</Checkbox>
        </Form.Item>
      )}
      <Form.Item noStyle shouldUpdate={(a, b) => a.ladderDefault !== b.ladderDefault}>
        {({ getFieldValue }) => getFieldValue('ladderDefault') ? null : (
          <Form.List name="ladder">
            {(fields, { add, remove }, { errors }) => (
              <div data-testid="ladder-editor" style={{ marginTop: 8 }}>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" data-testid="ladder-row" style={{ display: 'flex' }}>
                    <Form.Item name={[f.name, 'rung']} rules={[{ required: true, message: '请选择档位' }]} style={{ marginBottom: 8 }}>
                      <Select style={{ width: 130 }} placeholder="档位" options={rungs.map((r) => ({ value: r, label: RUNG_LABELS[r] }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'offset']} rules={[{ required: true, message: '请填写时间' }]} style={{ marginBottom: 8 }}>
                      <InputNumber precision={0} style={{ width: 170 }} addonAfter={unit} placeholder="相对到期" />
                    </Form.Item>
                    <Button aria-label="删除此档" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} disabled={fields.length >= rungs.length} onClick={() => add({ rung: undefined, offset: 0 })}>添加档位</Button>
                <Form.ErrorList errors={errors} />
              </div>
            )}
          </Form.List>
        )}
      </Form.Item>
    </Form.Item>
  );
}

/** One field's value as the history shows it. */
function fieldText(field: string, v: unknown, p: TimeLimitPolicyView): string {
  if (v === null || v === undefined) return field === 'ladder' ? '默认阶梯' : '—';
  if (field === 'ladder') {
    const rungs = v as LadderRungView[];
    return rungs.length ? rungs.map((r) => rungText(r, offsetUnit(p))).join(' · ') : '期间窗口（不计超期）';
  }
  if (field === 'pauseReasons') return (v as string[]).length ? (v as string[]).map((r) => labelOf(PAUSE_REASON_LABELS, r)).join('、') : '无';
  if (field === 'enabled') return v ? '启用' : '停用';
  if (field === 'amount') return `${String(v)}${labelOf(PERIOD_UNIT_LABELS, p.unit)}`;
  if (field === 'regime') return labelOf(REGULATION_NAMES, String(v));
  if (field === 'caseType') return labelOf(POLICY_SUBJECT_LABELS, String(v));
  if (field === 'step') return labelOf(DEADLINE_KIND_LABELS, String(v));
  if (field === 'legalBasis' || field === 'extensionBasis') return citeLaws(String(v));
  return String(v);
}

function PolicyHistory({ policy, onClose }: { policy: TimeLimitPolicyView; onClose: () => void }) {
  const [rows, setRows] = useState<TimeLimitPolicyVersionView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<TimeLimitPolicyVersionView[]>(`/admin/time-limits/${policy.id}/versions`).then(setRows, (e: unknown) => setError(errorText(e)));
  }, [policy.id]);
  return (
    <Modal open title={`修改历史 · ${labelOf(REGULATION_SHORT_NAMES, String(policy.regime))} ${labelOf(DEADLINE_KIND_LABELS, policy.step)}`} footer={null} onCancel={onClose} width={860} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} />}
      <Table<TimeLimitPolicyVersionView> data-testid="policy-history" size="small" rowKey="version" loading={!rows && !error} dataSource={rows ?? []} pagination={false}
        columns={[
          { key: 'v', title: '版本', width: 60, render: (_, v) => `v${v.version}` },
          { key: 'at', title: '时间', width: 150, render: (_, v) => fmtTime(v.changedAt) },
          { key: 'by', title: '修改人', width: 110, render: (_, v) => v.changedBy?.displayName ?? <Typography.Text type="secondary">系统</Typography.Text> },
          {
            key: 'changes', title: '修改内容', render: (_, v, i) => (rows && i === rows.length - 1 && !v.changes.length
              ? <Typography.Text type="secondary">最早记录的版本：{fieldText('amount', v.policy.amount, policy)}，{fieldText('ladder', v.policy.ladder ?? null, policy)}</Typography.Text>
              : v.changes.length ? (
                <ul style={{ margin: 0, paddingLeft: 18 }}>
                  {v.changes.map((c) => (
                    <li key={c.field} data-testid="policy-change">{POLICY_FIELD_LABELS[c.field] ?? c.field}：{fieldText(c.field, c.from, policy)} → {fieldText(c.field, c.to, policy)}</li>
                  ))}
                </ul>
              ) : '未改动内容'),
          },
        ]} />
    </Modal>
  );
}

export function TimeLimitsPage() {
  const { message, modal } = App.useApp();
  /** Before a save: how many live clocks run under this policy, and what the change does to them. */
  const confirmedFor = useRef<string | null>(null); // asked once per edit: a retry after a field error is not asked again
  const confirmLive = async (p: TimeLimitPolicyView): Promise<boolean> => {
    if (confirmedFor.current === p.id) return true;
    const { liveDeadlines } = await get<{ liveDeadlines: number }>(`/admin/time-limits/${p.id}/live`);
    return modal.confirm({
      title: '确认修改时限规则',
      okText: '确认修改', cancelText: '返回',
      content: liveDeadlines
        ? `目前有 ${liveDeadlines} 个在办期限按此规则计时。预警督办阶梯、可暂停事由和延期上限的修改对它们立即生效；期间的修改只适用于此后起算的期限。`
        : '目前没有按此规则计时的在办期限；修改适用于此后起算的期限。',
    }).then((ok) => {
      if (ok) confirmedFor.current = p.id;
      return ok;
    }, () => undefined).then((ok) => ok === true);
  };
  const [editing, setEditing] = useState<TimeLimitPolicyView | null>(null);
  const [history, setHistory] = useState<TimeLimitPolicyView | null>(null);
  const { rows, error, loading, reload: load, setEnabled: toggle } = useAdminList<TimeLimitPolicyView>('/admin/time-limits');

  return (
    <div data-testid="time-limits-page">
      <PageTitle title="时限规则" />
      <Card size="small">
        {error && <LoadFailed what="时限规则" error={error} onRetry={() => void load()} retrying={loading} />}
        <Table<TimeLimitPolicyView> size="small" rowKey="id" loading={!rows && !error} dataSource={rows ?? []} locale={error ? { emptyText: '未能加载，请重试' } : undefined} pagination={false} scroll={{ x: 1120 }} tableLayout="fixed"
          columns={[
            { key: 'regime', title: '规章', width: 86, render: (_, p) => regimeTag(p) },
            { key: 'type', title: '事项', width: 64, render: (_, p) => (p.caseType ? labelOf(POLICY_SUBJECT_LABELS, String(p.caseType)) : '—') },
            { key: 'step', title: '环节', width: 100, render: (_, p) => labelOf(DEADLINE_KIND_LABELS, p.step) },
            { key: 'period', title: '期间', width: 90, render: (_, p) => fieldText('amount', p.amount, p) },
            { key: 'ext', title: '延期上限', width: 110, render: (_, p) => (p.maxExtensions ? `${p.maxExtensions}次，累计${p.maxExtensionUnits ?? '—'}${labelOf(PERIOD_UNIT_LABELS, p.unit)}` : '不可延期') },
            { key: 'pause', title: '可暂停事由', width: 150, render: (_, p) => (p.pauseReasons?.length ? p.pauseReasons.map((r) => <Tag key={r}>{labelOf(PAUSE_REASON_LABELS, r)}</Tag>) : '—') },
            { key: 'ladder', title: '预警督办', width: 190, render: (_, p) => <LadderCell p={p} /> },
            { key: 'basis', title: '依据', render: (_, p) => <span style={{ fontSize: 12 }}>{citeLaws(p.legalBasis)}</span> },
            // 启用 stays in view with the actions when the table scrolls (at 1366 px it sat under them, half hidden).
            { key: 'enabled', title: '启用', width: 56, fixed: 'right', render: (_, p) => <Switch size="small" checked={p.enabled} disabled={p.regime !== 'LOCAL'} title={p.regime !== 'LOCAL' ? '法定时限不可停用' : undefined} onChange={(v) => void toggle(p, v)} /> },
            {
              key: 'act', title: '', width: 110, fixed: 'right', render: (_, p) => (
                <Space size={4}>
                  <Button size="small" onClick={() => { confirmedFor.current = null; setEditing(p); }}>编辑</Button>
                  <Button size="small" type="link" onClick={() => setHistory(p)}>历史</Button>
                </Space>
              ),
            },
          ]} />
      </Card>
      {history && <PolicyHistory policy={history} onClose={() => setHistory(null)} />}
      {editing && (
        <FormDialog title={`编辑时限 · ${labelOf(REGULATION_SHORT_NAMES, String(editing.regime))} ${labelOf(DEADLINE_KIND_LABELS, editing.step)}`} okText="保存" keepEmpty onCancel={() => setEditing(null)}
          confirm={() => confirmLive(editing)}
          initialValues={{
            amount: editing.amount, legalBasis: editing.legalBasis, maxExtensions: editing.maxExtensions ?? 0, maxExtensionUnits: editing.maxExtensionUnits ?? 0,
            pauseReasons: editing.pauseReasons ?? [], enabled: editing.enabled,
            ladderDefault: !editing.ladder, ladder: (editing.ladder ?? DEFAULT_LADDER).map((r) => ({ ...r })),
          }}
          onSubmit={async (v) => {
            const { enabled, ladderDefault, ladder, ...rest } = v;
            const body = { ...rest, ladder: ladderDefault ? null : ((ladder as LadderRungView[] | undefined) ?? []) };
            await patch(`/admin/time-limits/${editing.id}`, editing.regime === 'LOCAL' ? { ...body, enabled } : body);
            message.success('时限规则已保存');
            setEditing(null);
            await load();
          }}>
          <Form.Item name="amount" label={`期间（${labelOf(PERIOD_UNIT_LABELS, editing.unit)}）`} rules={[{ required: true, message: '请填写期间' }, { type: 'number', min: 1, message: '期间至少为1' }, { type: 'number', max: 3650, message: '期间不能超过3650' }]}>
            <InputNumber data-testid="policy-amount" precision={0} />
          </Form.Item>
          <Form.Item name="legalBasis" label="依据" rules={[{ required: true, message: '请填写依据' }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="maxExtensions" label="最多延期次数"><InputNumber min={0} precision={0} /></Form.Item>
          <Form.Item name="maxExtensionUnits" label="延期累计上限"><InputNumber min={0} precision={0} /></Form.Item>
          <Form.Item name="pauseReasons" label="允许暂停计时的事由"><Checkbox.Group options={PAUSE_REASONS.map((r) => ({ value: r, label: PAUSE_REASON_LABELS[r] }))} /></Form.Item>
          <LadderEditor policy={editing} />
          {editing.regime === 'LOCAL' && <Form.Item name="enabled" label="启用（仅本地承诺可停用）" valuePropName="checked"><Switch /></Form.Item>}
        </FormDialog>
      )}
    </div>
  );
}
