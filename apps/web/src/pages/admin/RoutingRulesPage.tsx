// Admin: the routing directory (派单目录) — GET/POST /admin/routing-rules, PATCH/DELETE /admin/routing-rules/:id.
import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Popconfirm, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { CASE_TYPE_LABELS, type RoutingRuleView } from '#contracts';
import { del, errorText, patch, post } from '../../api';
import { useAdminList } from '../../useAdminList';
import { useUnits } from '../../reference';
import { PageTitle } from '../../ConsoleLayout';
import { FormDialog } from '../../components/FormDialog';
import { LoadFailed } from '../../components/bits';

/** The columns' widths (864 px) and at least 256 px for 说明: no horizontal scroll at 1366 px. */
const RULES_WIDTH = 1120;

export function RoutingRulesPage() {
  const { message } = App.useApp();
  const units = useUnits();
  const [editing, setEditing] = useState<RoutingRuleView | 'new' | null>(null);
  const { rows: rules, error, loading, reload: load, setEnabled: toggle } = useAdminList<RoutingRuleView>('/admin/routing-rules');

  const remove = async (r: RoutingRuleView) => {
    try {
      await del(`/admin/routing-rules/${r.id}`);
      message.success('已删除');
      await load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const unitOptions = (units ?? []).filter((u) => !u.isIntake).map((u) => ({ value: u.id, label: u.name }));
  const cur = editing && editing !== 'new' ? editing : null;
  return (
    <div data-testid="routing-rules-page">
      <PageTitle title="派单规则" extra={<Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>新增规则</Button>} />
      <Card size="small">
        {error && <LoadFailed what="派单目录" error={error} onRetry={() => void load()} retrying={loading} />}
        <Table<RoutingRuleView> size="small" rowKey="id" loading={!rules && !error} dataSource={rules ?? []} locale={error ? { emptyText: '未能加载，请重试' } : undefined} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: RULES_WIDTH }} tableLayout="fixed" data-testid="routing-rules"
          columns={[
            { key: 'region', title: '区划前缀', width: 90, dataIndex: 'regionPrefix' },
            { key: 'township', title: '乡镇街道', width: 150, render: (_, r) => (
              <Space size={2} wrap>
                {r.townshipCode && <Tag>{r.townshipCode}</Tag>}
                {(r.addressKeywords ?? []).map((k) => <Tag key={k} color="geekblue">{k}</Tag>)}
                {!r.townshipCode && !r.addressKeywords?.length && '全部'}
              </Space>
            ) },
            { key: 'cat', title: '类别前缀', width: 80, render: (_, r) => r.categoryPrefix ?? '全部' },
            { key: 'platform', title: '电商平台', width: 80, render: (_, r) => (r.platform === null || r.platform === undefined ? '不限' : r.platform ? '仅平台' : '非平台') },
            { key: 'type', title: '事项', width: 64, render: (_, r) => (r.caseType ? CASE_TYPE_LABELS[r.caseType] : '不限') },
            { key: 'unit', title: '承办单位', width: 160, render: (_, r) => r.unit?.name ?? r.unitId },
            { key: 'priority', title: '优先级', width: 64, dataIndex: 'priority' },
            { key: 'enabled', title: '启用', width: 56, render: (_, r) => <Switch size="small" checked={r.enabled !== false} onChange={(v) => void toggle(r, v)} /> },
            // The rest of the width: at 1366 px it had ~80 px and a rule's legal basis ran 20 lines down.
            { key: 'note', title: '说明', dataIndex: 'note' },
            {
              key: 'act', title: '操作', width: 120, fixed: 'right', render: (_, r) => (
                <Space size={4}>
                  <Button size="small" onClick={() => setEditing(r)}>编辑</Button>
                  <Popconfirm title="删除该规则？（停用请用开关）" okText="删除" cancelText="取消" onConfirm={() => void remove(r)}><Button size="small" danger>删除</Button></Popconfirm>
                </Space>
              ),
            },
          ]} />
      </Card>
      {editing && (
        <FormDialog title={cur ? '编辑派单规则' : '新增派单规则'} okText="保存" keepEmpty onCancel={() => setEditing(null)}
          initialValues={cur ? { ...cur, platform: cur.platform === null || cur.platform === undefined ? 'any' : String(cur.platform), caseType: cur.caseType ?? 'any' } : { platform: 'any', caseType: 'any', priority: 0, enabled: true, addressKeywords: [] }}
          onSubmit={async (v) => {
            const body = {
              regionPrefix: v.regionPrefix, categoryPrefix: v.categoryPrefix ? v.categoryPrefix : null,
              townshipCode: typeof v.townshipCode === 'string' && v.townshipCode.trim() ? v.townshipCode.trim() : null,
              addressKeywords: Array.isArray(v.addressKeywords) ? v.addressKeywords : [],
              platform: v.platform === 'any' ? null : v.platform === 'true', caseType: v.caseType === 'any' ? null : v.caseType,
              unitId: v.unitId, priority: v.priority ?? 0, enabled: v.enabled !== false, ...(v.note ? { note: v.note } : {}),
            };
            if (cur) await patch(`/admin/routing-rules/${cur.id}`, body);
            else await post('/admin/routing-rules', body);
            message.success('派单规则已保存');
            setEditing(null);
            await load();
          }}>
          <Form.Item name="regionPrefix" label="行政区划代码前缀（2–12位数字）" rules={[{ required: true, message: '请填写区划前缀' }]}><Input placeholder="如 430702" /></Form.Item>
          <Space size="large" align="start">
            <Form.Item name="townshipCode" label="乡镇街道代码（9位，空 = 不限）" tooltip="区县6位代码 + 乡镇街道3位；登记时被投诉人的乡镇街道代码与之相同即派往该单位（一般为该乡镇街道的市场监管所）">
              <Input placeholder="如 430702001" maxLength={9} style={{ width: 200 }} data-testid="rule-township" />
            </Form.Item>
            <Form.Item name="addressKeywords" label="地址关键词（乡镇街道代码不明时）" tooltip="被投诉人地址含其中任一词即匹配；每个词2–30字，输入后回车">
              <Select mode="tags" open={false} tokenSeparators={[',', '，', ' ']} placeholder="如 丹阳街道" style={{ width: 300 }} data-testid="rule-keywords" />
            </Form.Item>
          </Space>
          <Form.Item name="categoryPrefix" label="类别代码前缀（空 = 所有类别）"><Input placeholder="如 G05" /></Form.Item>
          <Space size="large">
            <Form.Item name="platform" label="电商平台"><Select style={{ width: 140 }} options={[{ value: 'any', label: '不限' }, { value: 'true', label: '仅平台' }, { value: 'false', label: '非平台' }]} /></Form.Item>
            <Form.Item name="caseType" label="事项类型"><Select style={{ width: 140 }} options={[{ value: 'any', label: '不限' }, ...Object.entries(CASE_TYPE_LABELS).map(([value, label]) => ({ value, label }))]} /></Form.Item>
            <Form.Item name="priority" label="优先级"><InputNumber min={-1000} max={1000} precision={0} /></Form.Item>
            <Form.Item name="enabled" label="启用" valuePropName="checked"><Switch /></Form.Item>
          </Space>
          <Form.Item name="unitId" label="承办单位" rules={[{ required: true, message: '请选择承办单位' }]}><Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} /></Form.Item>
          <Form.Item name="note" label="依据与说明"><Input.TextArea rows={2} /></Form.Item>
          <Tag color="blue" style={{ whiteSpace: 'normal' }}>最具体的规则优先：优先级 → 乡镇街道代码 → 地址关键词 → 区划前缀更长 → 类别前缀更长 → 区分平台</Tag>
        </FormDialog>
      )}
    </div>
  );
}
