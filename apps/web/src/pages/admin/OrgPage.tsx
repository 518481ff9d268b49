// Admin: units (GET/POST /admin/units, PATCH /admin/units/:id) and users (GET/POST /admin/users,
// PATCH /admin/users/:id, POST /admin/users/:id/unlock). Validation errors ({fields:[{field, message}]}) are shown on the fields.
import { useState } from 'react';
import { App, Button, Card, Form, Input, Select, Space, Switch, Table, Tabs, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import {
  ROLES, ROLE_LABELS, UNIT_LEVEL_LABELS, type AdminUnitView, type AdminUserView, type Role, type UnitLevel,
} from '#contracts';
import { errorText, get, patch, post } from '../../api';
import { clearReferenceCache } from '../../reference';
import { PageTitle } from '../../ConsoleLayout';
import { FormDialog } from '../../components/FormDialog';
import { LoadFailed } from '../../components/bits';
import { useLoad } from '../../useLoad';
import { fmtTime } from '../../format';

const LEVELS: UnitLevel[] = ['city', 'department', 'county', 'station'];

export function OrgPage() {
  return (
    <div data-testid="org-page">
      <PageTitle title="单位与用户" />
      <Card size="small">
        <Tabs items={[{ key: 'units', label: '单位', children: <Units /> }, { key: 'users', label: '用户', children: <Users /> }]} />
      </Card>
    </div>
  );
}

function useList<T>(path: string) {
  const { data: rows, error, loading, reload } = useLoad(() => get<T[] | { items: T[] }>(path).then((r) => (Array.isArray(r) ? r : r.items)), [path]);
  return { rows, error, loading, load: reload };
}

type UnitTreeRow = AdminUnitView & { children?: UnitTreeRow[] };
const LEVEL_ORDER: Record<string, number> = { city: 0, county: 1, station: 2, department: 3 };
/** The units as the tree they are (市局 → 区县局 → 市场监管所, 科室 under their bureau): children by level, then code. */
function unitTree(rows: AdminUnitView[]): UnitTreeRow[] {
  const ids = new Set(rows.map((u) => u.id));
  const kids = (parent: string | null): UnitTreeRow[] => rows
    .filter((u) => (parent === null ? !u.parentId || !ids.has(u.parentId) : u.parentId === parent))
    .sort((a, b) => (LEVEL_ORDER[a.level] ?? 9) - (LEVEL_ORDER[b.level] ?? 9) || a.code.localeCompare(b.code))
    .map((u) => {
      const c = kids(u.id);
      return c.length ? { ...u, children: c } : { ...u };
    });
  return kids(null);
}

function Units() {
  const { message } = App.useApp();
  const { rows, error, loading, load } = useList<AdminUnitView>('/admin/units');
  const [editing, setEditing] = useState<AdminUnitView | 'new' | null>(null);
  const cur = editing && editing !== 'new' ? editing : null;
  const name = (id: string | null) => rows?.find((u) => u.id === id)?.name ?? '—';
  const tree = unitTree(rows ?? []);
  return (
    <>
      <Button type="primary" size="small" icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setEditing('new')}>新增单位</Button>
      {error && <LoadFailed what="单位" error={error} onRetry={() => void load()} retrying={loading} />}
      <Table<UnitTreeRow> size="small" rowKey="id" loading={!rows && !error} dataSource={tree} locale={error ? { emptyText: '未能加载，请重试' } : undefined} pagination={false} scroll={{ x: 1100 }} data-testid="admin-units"
        key={rows ? `tree-${rows.length}` : 'loading'} expandable={{ defaultExpandAllRows: true }}
        columns={[
          { key: 'name', title: '名称', width: 300, render: (_, u) => <span data-testid={`unit-${u.code}`}>{u.name}</span> },
          { key: 'code', title: '代码', width: 100, dataIndex: 'code' },
          { key: 'level', title: '层级', width: 100, render: (_, u) => UNIT_LEVEL_LABELS[u.level] ?? u.level },
          { key: 'parent', title: '上级单位', width: 200, render: (_, u) => name(u.parentId) },
          { key: 'region', title: '区划代码', width: 110, render: (_, u) => u.regionCode ?? '—' },
          { key: 'intake', title: '投诉举报办', width: 90, render: (_, u) => (u.isIntake ? <Tag color="magenta">是</Tag> : '') },
          { key: 'aliases', title: '别名', render: (_, u) => (u.aliases ?? []).join('、') },
          { key: 'act', title: '', width: 70, fixed: 'right', render: (_, u) => <Button size="small" onClick={() => setEditing(u)}>编辑</Button> },
        ]} />
      {editing && (
        <FormDialog title={cur ? `编辑单位 · ${cur.name}` : '新增单位'} okText="保存" keepEmpty onCancel={() => setEditing(null)}
          initialValues={cur ? { ...cur, aliases: (cur.aliases ?? []).join('，') } : { level: 'station' }}
          onSubmit={async (v) => {
            const aliases = typeof v.aliases === 'string' ? v.aliases.split(/[,，、]/).map((s) => s.trim()).filter(Boolean) : [];
            // Code and level are fixed once created; the edit sends only what may change.
            const editable = { name: v.name, parentId: v.parentId ?? null, regionCode: v.regionCode ? v.regionCode : null, aliases };
            if (cur) await patch(`/admin/units/${cur.id}`, editable);
            else await post('/admin/units', { ...editable, code: v.code, level: v.level });
            clearReferenceCache();
            message.success('单位已保存');
            setEditing(null);
            await load();
          }}>
          <Space>
            <Form.Item name="code" label="代码（小写字母、短横线）" rules={[{ required: !cur, message: '请填写代码' }]}><Input disabled={!!cur} style={{ width: 200 }} /></Form.Item>
            <Form.Item name="level" label="层级" rules={[{ required: true }]}><Select disabled={!!cur} style={{ width: 140 }} options={LEVELS.map((l) => ({ value: l, label: UNIT_LEVEL_LABELS[l] }))} /></Form.Item>
          </Space>
          <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}><Input /></Form.Item>
          <Form.Item name="parentId" label="上级单位"><Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(rows ?? []).map((u) => ({ value: u.id, label: u.name }))} /></Form.Item>
          <Form.Item name="regionCode" label="行政区划代码"><Input style={{ width: 200 }} /></Form.Item>
          <Form.Item name="aliases" label="别名（逗号分隔，用于工作要点导入匹配）"><Input /></Form.Item>
        </FormDialog>
      )}
    </>
  );
}

function Users() {
  const { message } = App.useApp();
  const { rows, error, loading, load } = useList<AdminUserView>('/admin/users');
  const units = useList<AdminUnitView>('/admin/units').rows;
  const [editing, setEditing] = useState<AdminUserView | 'new' | null>(null);
  const cur = editing && editing !== 'new' ? editing : null;
  const unitName = (u: AdminUserView) => u.unit?.name ?? units?.find((x) => x.id === u.unitId)?.name ?? '—';
  const toggle = async (u: AdminUserView, active: boolean) => {
    try {
      await patch(`/admin/users/${u.id}`, { active });
      await load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const unlock = async (u: AdminUserView) => {
    try {
      await post(`/admin/users/${u.id}/unlock`);
      message.success(`已解锁 ${u.username}`);
      await load();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <>
      <Button type="primary" size="small" icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setEditing('new')}>新增用户</Button>
      {error && <LoadFailed what="用户" error={error} onRetry={() => void load()} retrying={loading} />}
      <Table<AdminUserView> size="small" rowKey="id" loading={!rows && !error} dataSource={rows ?? []} locale={error ? { emptyText: '未能加载，请重试' } : undefined} pagination={{ pageSize: 50, hideOnSinglePage: true }} scroll={{ x: 800 }} data-testid="admin-users"
        columns={[
          { key: 'username', title: '用户名', width: 160, dataIndex: 'username' },
          { key: 'name', title: '姓名', width: 200, dataIndex: 'displayName' },
          { key: 'role', title: '角色', width: 110, render: (_, u) => ROLE_LABELS[u.role] ?? u.role },
          { key: 'unit', title: '单位', render: (_, u) => unitName(u) },
          { key: 'active', title: '启用', width: 70, render: (_, u) => <Switch size="small" checked={u.active !== false} onChange={(v) => void toggle(u, v)} /> },
          {
            key: 'locked', title: '登录', width: 150, render: (_, u) => u.lockedUntil
              ? (
                <Space size={4} data-testid={`locked-${u.username}`}>
                  <Tooltip title={`连续输错密码，锁定至 ${fmtTime(u.lockedUntil)}`}><Tag color="red">已锁定</Tag></Tooltip>
                  <Button size="small" onClick={() => void unlock(u)}>解锁</Button>
                </Space>
              )
              : <Tag>正常</Tag>,
          },
          { key: 'act', title: '', width: 70, fixed: 'right', render: (_, u) => <Button size="small" onClick={() => setEditing(u)}>编辑</Button> },
        ]} />
      {editing && (
        <FormDialog title={cur ? `编辑用户 · ${cur.username}` : '新增用户'} okText="保存" onCancel={() => setEditing(null)}
          initialValues={cur ? { displayName: cur.displayName, role: cur.role, unitId: cur.unitId ?? cur.unit?.id } : { role: 'handler' }}
          onSubmit={async (v) => {
            if (cur) await patch(`/admin/users/${cur.id}`, v);
            else await post('/admin/users', v);
            message.success('用户已保存');
            setEditing(null);
            await load();
          }}>
          {!cur && <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请填写用户名' }]}><Input autoComplete="off" /></Form.Item>}
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请填写姓名' }]}><Input /></Form.Item>
          <Space>
            <Form.Item name="role" label="角色" rules={[{ required: true }]}><Select style={{ width: 160 }} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} /></Form.Item>
            <Form.Item name="unitId" label="单位" rules={[{ required: true, message: '请选择单位' }]}><Select style={{ width: 280 }} showSearch={{ optionFilterProp: 'label' }} options={(units ?? []).map((u) => ({ value: u.id, label: u.name }))} /></Form.Item>
          </Space>
          <Form.Item name="password" label={cur ? '重置密码（留空不改）' : '初始密码'} extra="至少8位，不能全是数字、不能是常见密码或与用户名相同" rules={[{ required: !cur, message: '请填写密码' }]}><Input.Password autoComplete="new-password" /></Form.Item>
        </FormDialog>
      )}
    </>
  );
}
