// Unit leader: extension requests to approve (GET /extensions/pending; POST /cases/:id/extensions/:extId/decision)
// and the unit's currently overdue cases (GET /indicators/overdue?unit=<own>).
import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Card, Form, Input, Radio, Space, Table, Tag, Typography } from 'antd';
import {
  CASE_TYPE_LABELS, DEADLINE_KIND_LABELS, PERIOD_UNIT_LABELS, labelOf, type OverdueResponse, type PendingExtension,
} from '#contracts';
import { get, post } from '../api';
import { useUser } from '../auth';
import { fmtTime } from '../format';
import { PageTitle } from '../ConsoleLayout';
import { FormDialog } from '../components/FormDialog';
import { OverdueTable } from '../components/OverdueTable';
import { LoadFailed } from '../components/bits';
import { useLoad } from '../useLoad';

export function ApprovalsPage() {
  const user = useUser();
  const { message } = App.useApp();
  const [deciding, setDeciding] = useState<PendingExtension | null>(null);
  const { data, error, loading, reload: load } = useLoad(
    () => Promise.all([get<PendingExtension[]>('/extensions/pending'), get<OverdueResponse>('/indicators/overdue', { unit: user.unit.id })]), [user.unit.id]);
  const [pending, overdue] = data ?? [null, null];
  return (
    <div data-testid="approvals-page">
      <PageTitle title={`审批与超期 · ${user.unit.name}`} />
      {error && <LoadFailed what="延期申请与超期案件" error={error} onRetry={() => void load()} retrying={loading} />}
      <Card size="small" title={`待审批的延期申请${pending ? `（${pending.length}）` : ''}`} style={{ marginBottom: 12 }}>
        <Table<PendingExtension>
          size="small" rowKey="id" loading={loading || (!pending && !error)} dataSource={pending ?? []} pagination={false} scroll={{ x: 900 }} data-testid="pending-extensions"
          locale={{ emptyText: error ? '未能加载，请重试' : '没有待审批的延期申请' }}
          columns={[
            { key: 'case', title: '案件编号', width: 140, render: (_, e) => <Link className="fx-case-no" to={`/cases/${e.caseId}`}>{e.caseNo}</Link> },
            { key: 'unit', title: '承办单位', width: 180, dataIndex: 'unitName' },
            { key: 'kind', title: '期限', width: 100, render: (_, e) => labelOf(DEADLINE_KIND_LABELS, e.kind) },
            { key: 'due', title: '现届满日', width: 110, dataIndex: 'dueDate' },
            { key: 'amount', title: '申请延长', width: 120, render: (_, e) => <span>{e.amount}{labelOf(PERIOD_UNIT_LABELS, e.unit)}{e.lastMinute && <Tag color="orange" style={{ marginLeft: 4 }}>临期申请</Tag>}</span> },
            { key: 'reason', title: '理由', dataIndex: 'reason' },
            { key: 'at', title: '申请时间', width: 140, render: (_, e) => fmtTime(e.requestedAt) },
            { key: 'act', title: '操作', width: 90, fixed: 'right', render: (_, e) => <Button size="small" type="primary" onClick={() => setDeciding(e)}>审批</Button> },
          ]}
        />
      </Card>
      <Card size="small" title={<Space>本单位超期案件{overdue && <Tag color="red" data-testid="overdue-total">{overdue.total}</Tag>}</Space>}>
        {error ? <Typography.Text type="secondary">未能加载，请重试</Typography.Text>
          : <OverdueTable data={overdue} ownUnitId={user.unit.id} canRemind={user.role === 'leader' || user.role === 'manager'} />}
      </Card>
      {deciding && (
        <FormDialog title={`审批延期 · ${deciding.caseNo}`} okText="提交审批" initialValues={{ approve: true }} keepEmpty onCancel={() => setDeciding(null)}
          onSubmit={async (v) => {
            await post(`/cases/${deciding.caseId}/extensions/${deciding.id}/decision`, { approve: v.approve, ...(v.note ? { note: v.note } : {}) });
            message.success(`${deciding.caseNo} 延期申请已${v.approve ? '批准' : '不予批准'}`);
            setDeciding(null);
            await load();
          }}>
          <Typography.Paragraph>
            {labelOf(DEADLINE_KIND_LABELS, deciding.kind)}期限（现 {deciding.dueDate} 届满）申请延长 {deciding.amount}{labelOf(PERIOD_UNIT_LABELS, deciding.unit)}：{deciding.reason}
          </Typography.Paragraph>
          <Form.Item name="approve" label="审批意见" rules={[{ required: true }]}>
            <Radio.Group data-testid="extension-decision" options={[{ value: true, label: '批准' }, { value: false, label: '不予批准' }]} />
          </Form.Item>
          <Form.Item name="note" label="说明"><Input.TextArea rows={2} /></Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>批准后期限顺延，并在办理过程中记录向投诉人/举报人告知延期。</Typography.Text>
        </FormDialog>
      )}
    </div>
  );
}
