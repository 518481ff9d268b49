// Manager: ODR enterprises (issue 17 §1) — the list, enrolment (name, 统一社会信用代码 checked as the intake form
// checks it, stores/brands, contact people), its accounts (enterprise role), suspend / resume / remove. A removed
// enterprise keeps its history: it stays in the list, greyed.
import { useState } from 'react';
import { App, Button, Card, Form, Input, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { checkCreditCode } from '#parties';
import { errorText } from '../../api';
import { useLoad } from '../../useLoad';
import { fmtTime, pct } from '../../format';
import { PageTitle } from '../../ConsoleLayout';
import { FormDialog } from '../../components/FormDialog';
import { LoadFailed } from '../../components/bits';
import { ODR_ENTERPRISE_STATUS_LABELS, odrApi, type OdrContactDto, type OdrEnterpriseDto } from '../../odr/odrApi';
import { OdrFiguresTable } from '../../odr/OdrFigures';

const STATUS_COLORS = { active: 'green', suspended: 'orange', removed: 'default' } as const;

export function OdrEnterprisesPage() {
  const { message, modal } = App.useApp();
  const { data, error, loading, reload } = useLoad(() => odrApi.enterprises(), []);
  const [editing, setEditing] = useState<OdrEnterpriseDto | 'new' | null>(null);
  const [account, setAccount] = useState<OdrEnterpriseDto | null>(null);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      void message.success(done);
      await reload();
    } catch (e) {
      void message.error(errorText(e));
    }
  };
  const cur = editing && editing !== 'new' ? editing : null;
  return (
    <div data-testid="odr-enterprises-page">
      <PageTitle title="在线消费纠纷解决企业" extra={<Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="odr-enrol">入驻企业</Button>} />
      <Card size="small">
        <Typography.Paragraph type="secondary">
          入驻在线消费纠纷解决机制的企业先行与消费者协商处理针对本企业的投诉（经投诉人同意）；协商期限内未和解、企业拒绝或投诉人不接受的，转市场监管部门处理。
        </Typography.Paragraph>
        {error && <LoadFailed what="入驻企业名单" error={error} onRetry={() => void reload()} retrying={loading} />}
        <Table<OdrEnterpriseDto> size="small" rowKey="id" loading={loading || (!data && !error)} dataSource={data ?? []} pagination={false} scroll={{ x: 1130 }} data-testid="odr-enterprises"
          locale={{ emptyText: error ? '未能加载，请重试' : '尚无入驻企业。点击右上角「入驻企业」，为企业开通先行和解账号' }}
          rowClassName={(r) => (r.status === 'removed' ? 'fx-muted' : '')}
          columns={[
            { key: 'name', title: '企业名称', width: 160, render: (_, r) => <span data-testid={`odr-ent-${r.creditCode}`}>{r.name}</span> },
            { key: 'code', title: '统一社会信用代码', width: 165, dataIndex: 'creditCode' },
            { key: 'stores', title: '门店/品牌', width: 150, render: (_, r) => r.stores.join('、') || '—' },
            { key: 'contacts', title: '联系人', width: 140, render: (_, r) => r.contacts.map((c) => `${c.name} ${c.phone}`).join('；') },
            { key: 'accounts', title: '企业账号', width: 100, render: (_, r) => r.users.map((a) => a.username).join('、') || '—' },
            { key: 'status', title: '状态', width: 70, render: (_, r) => <Tag color={STATUS_COLORS[r.status]} data-testid="odr-ent-status">{ODR_ENTERPRISE_STATUS_LABELS[r.status]}</Tag> },
            { key: 'at', title: '入驻时间', width: 110, render: (_, r) => fmtTime(r.createdAt) },
            {
              key: 'ops', title: '操作', width: 240, fixed: 'right', render: (_, r) => r.status === 'removed' ? null : (
                // one line: four buttons that wrapped read as two rows of the table
                <Space size={4} data-testid="odr-ent-ops">
                  <Button size="small" onClick={() => setEditing(r)}>修改</Button>
                  <Button size="small" onClick={() => setAccount(r)} data-testid="odr-add-account">{r.users.length ? '新增账号' : '开通账号'}</Button>
                  {r.status === 'active'
                    ? <Button size="small" onClick={() => void act(() => odrApi.update(r.id, { status: 'suspended' }), '已暂停')}>暂停</Button>
                    : <Button size="small" onClick={() => void act(() => odrApi.update(r.id, { status: 'active' }), '已恢复')}>恢复</Button>}
                  <Button size="small" danger onClick={() => modal.confirm({
                    title: `移除“${r.name}”？`, content: '移除后不再接收新投诉，不可恢复；历史记录保留。', okText: '移除', cancelText: '取消',
                    onOk: () => act(() => odrApi.update(r.id, { status: 'removed' }), '已移除'),
                  })}>移除</Button>
                </Space>
              ),
            },
          ]} />
      </Card>
      {editing && (
        <FormDialog title={cur ? `修改 ${cur.name}` : '入驻企业'} okText="保存" onCancel={() => setEditing(null)}
          initialValues={cur ? { name: cur.name, creditCode: cur.creditCode, stores: cur.stores.join('\n'), contacts: cur.contacts } : { contacts: [{}] }}
          onSubmit={async (v) => {
            const body = {
              name: String(v.name).trim(), creditCode: String(v.creditCode).trim().toUpperCase(),
              stores: String(v.stores ?? '').split(/\n|、|，|,/).map((s) => s.trim()).filter(Boolean),
              contacts: ((v.contacts as OdrContactDto[] | undefined) ?? []).filter(Boolean).map((c) => ({ name: c.name.trim(), phone: c.phone.trim() })),
            };
            if (cur) await odrApi.update(cur.id, { stores: body.stores, contacts: body.contacts });
            else await odrApi.enrol(body);
            setEditing(null);
            void message.success('已保存');
            await reload();
          }}>
          <Form.Item name="name" label="企业名称" extra={cur ? '名称与统一社会信用代码登记后不能修改' : undefined} rules={[{ required: true, whitespace: true, message: '请填写企业名称' }, { max: 100 }]}>
            <Input data-testid="odr-name" disabled={!!cur} />
          </Form.Item>
          <Form.Item name="creditCode" label="统一社会信用代码" validateFirst rules={[
            { required: true, message: '请填写统一社会信用代码' },
            { validator: (_, x?: string) => {
              const c = checkCreditCode((x ?? '').trim());
              return c.ok && c.kind !== 'registrationNo' ? Promise.resolve() : Promise.reject(new Error('格式不正确：18位，不含I、O、S、V、Z，第3–8位为行政区划代码'));
            } },
            { warningOnly: true, validator: (_, x?: string) => {
              const c = checkCreditCode((x ?? '').trim());
              return c.ok && !c.checksumValid ? Promise.reject(new Error('校验位不符，请核对（部分早期代码合法但校验不通过，仍可登记）')) : Promise.resolve();
            } },
          ]}>
            <Input maxLength={18} data-testid="odr-credit-code" disabled={!!cur} style={{ textTransform: 'uppercase' }} />
          </Form.Item>
          <Form.Item name="stores" label="门店/品牌（每行一个）">
            <Input.TextArea rows={3} data-testid="odr-stores" />
          </Form.Item>
          <Form.List name="contacts">
            {(fields, { add, remove }) => (
              <>
                <Typography.Text>联系人</Typography.Text>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex', marginTop: 8 }} wrap>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, whitespace: true, message: '请填写姓名' }]} style={{ marginBottom: 0 }}>
                      <Input placeholder="姓名" data-testid="odr-contact-name" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'phone']} rules={[{ required: true, message: '请填写手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '应为11位手机号' }]} style={{ marginBottom: 0 }}>
                      <Input placeholder="手机号" maxLength={11} data-testid="odr-contact-phone" />
                    </Form.Item>
                    {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} aria-label="删除联系人" />}
                  </Space>
                ))}
                <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({})} style={{ marginTop: 8 }}>添加联系人</Button>
              </>
            )}
          </Form.List>
        </FormDialog>
      )}
      {account && (
        <FormDialog title={`开通企业账号 · ${account.name}`} okText="开通" onCancel={() => setAccount(null)}
          onSubmit={async (v) => {
            await odrApi.createUser(account.id, { username: String(v.username).trim(), displayName: String(v.displayName).trim(), password: String(v.password) });
            setAccount(null);
            void message.success('账号已开通');
            await reload();
          }}>
          <Form.Item name="username" label="登录名" rules={[{ required: true, whitespace: true, message: '请填写登录名' }, { pattern: /^[a-zA-Z0-9_.-]{3,32}$/, message: '3–32位字母、数字或 _ . -' }]}>
            <Input data-testid="odr-account-username" autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input data-testid="odr-account-name" />
          </Form.Item>
          <Form.Item name="password" label="初始密码" rules={[{ required: true, message: '请填写初始密码' }, { min: 8, message: '至少8位' }]}>
            <Input.Password data-testid="odr-account-password" autoComplete="new-password" />
          </Form.Item>
        </FormDialog>
      )}
    </div>
  );
}

/** The per-enterprise figures (issue 17 §5) as the dashboard shows them. */
export function OdrFiguresCard({ from, to }: { from: string; to: string }) {
  const { data: figures, error, loading, reload } = useLoad(() => odrApi.figures({ from, to }), [from, to]);
  return (
    <Card size="small" title="在线消费纠纷解决企业" style={{ marginBottom: 12 }}>
      {error && <LoadFailed what="企业数据" error={error} onRetry={() => void reload()} retrying={loading} />}
      {!error && <OdrFiguresTable rows={figures?.rows ?? []} rules={figures?.rules ?? []} loading={!figures} />}
    </Card>
  );
}
