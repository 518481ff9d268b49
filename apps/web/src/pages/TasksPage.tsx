// A unit's work-plan tasks (GET /units/:id/tasks?role=lead|co) with its reports owed, and the monthly progress
// report form (POST /tasks/:id/reports): percent, narrative, target values.
import { useState } from 'react';
import { App, Button, Card, Form, Input, InputNumber, Segmented, Space, Table, Tag, Typography } from 'antd';
import { TASK_CADENCE_LABELS, TASK_ROLE_LABELS, TASK_STATUS_LABELS, labelOf, type UnitTask } from '#contracts';
import { get, post } from '../api';
import { useUser } from '../auth';
import { fmtTime } from '../format';
import { PageTitle } from '../ConsoleLayout';
import { FormDialog } from '../components/FormDialog';
import { DateField } from '../components/DateField';
import { LoadFailed } from '../components/bits';
import { useLoad } from '../useLoad';

export function TasksPage() {
  const user = useUser();
  const { message } = App.useApp();
  const [role, setRole] = useState<'all' | 'lead' | 'co'>('all');
  const [reporting, setReporting] = useState<UnitTask | null>(null);
  const { data: tasks, error, loading, reload: load } = useLoad(() => get<UnitTask[]>(`/units/${user.unit.id}/tasks`, { role: role === 'all' ? undefined : role }), [user.unit.id, role]);
  return (
    <div data-testid="tasks-page">
      <PageTitle title={`工作任务 · ${user.unit.name}`} extra={
        <Segmented value={role} onChange={(v) => setRole(v as typeof role)} options={[{ value: 'all', label: '全部' }, { value: 'lead', label: '牵头' }, { value: 'co', label: '协办' }]} />
      } />
      <Card size="small">
        {error && <LoadFailed what="工作任务" error={error} onRetry={() => void load()} retrying={loading} />}
        <Table<UnitTask> size="small" rowKey="id" loading={loading || (!tasks && !error)} dataSource={tasks ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 1100 }}
          locale={{ emptyText: error ? '未能加载，请重试' : '本单位没有工作任务' }} data-testid="unit-tasks"
          columns={[
            { key: 'n', title: '序号', width: 60, dataIndex: 'number' },
            { key: 'role', title: '本单位', width: 70, render: (_, t) => <Tag color={t.role === 'lead' ? 'red' : 'blue'}>{labelOf(TASK_ROLE_LABELS, t.role)}</Tag> },
            { key: 't', title: '任务', render: (_, t) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: t.text }} style={{ margin: 0 }}>{t.text}</Typography.Paragraph> },
            { key: 'lead', title: '牵头单位', width: 150, render: (_, t) => t.leadUnit?.name ?? '—' },
            { key: 'due', title: '完成期限', width: 100, render: (_, t) => <span style={{ color: t.overdue ? '#cf1322' : undefined }}>{t.dueDate}</span> },
            { key: 'cad', title: '报送周期', width: 80, render: (_, t) => <Tag>{labelOf(TASK_CADENCE_LABELS, t.cadence)}</Tag> },
            {
              key: 'progress', title: '最新进度', width: 90, render: (_, t) => (t.latestProgress ? (
                <>
                  <div>{t.latestProgress.percent}%</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>{t.latestProgress.period}</Typography.Text>
                </>
              ) : '—'),
            },
            {
              key: 'owed', title: '本单位报告', width: 190, render: (_, t) => (
                <Space size={2} wrap>
                  {t.myReports.overdue > 0 && <Tag color="red">逾期未报 {t.myReports.overdue}</Tag>}
                  {t.myReports.nextDue ? <span style={{ fontSize: 12 }}>{t.myReports.nextDue.periodLabel}进展 {fmtTime(t.myReports.nextDue.dueAt).slice(0, 10)} 前报送</span> : '—'}
                </Space>
              ),
            },
            { key: 's', title: '状态', width: 80, render: (_, t) => <Tag>{labelOf(TASK_STATUS_LABELS, t.status)}</Tag> },
            { key: 'act', title: '', width: 100, fixed: 'right', render: (_, t) => (t.status !== 'completed' && (user.role === 'handler' || user.role === 'leader' || user.role === 'admin') ? <Button size="small" type="primary" onClick={() => setReporting(t)}>报送进展</Button> : null) },
          ]} />
      </Card>
      {reporting && (
        <FormDialog title={`报送进展 · 第${reporting.number}项`} okText="报送" onCancel={() => setReporting(null)} initialValues={{ period: reporting.myReports.nextDue?.period }}
          onSubmit={async (v) => {
            const values = reporting.targets.map((t) => ({ targetId: t.id, value: v[`target-${t.id}`] })).filter((x) => typeof x.value === 'number') as { targetId: string; value: number }[];
            await post(`/tasks/${reporting.id}/reports`, {
              ...(v.period ? { period: v.period } : {}), percent: v.percent, narrative: v.narrative,
              ...(values.length ? { values } : {}),
              ...(v.attachments ? { attachments: String(v.attachments).split(/[,，\n]/).map((s) => s.trim()).filter(Boolean) } : {}),
            });
            message.success('进展已报送');
            setReporting(null);
            await load();
          }}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{reporting.text}</Typography.Paragraph>
          <Space>
            <Form.Item name="period" label={reporting.cadence === 'quarterly' ? '报告月份（按季报送时选季度内任一月份）' : '报告月份'}><DateField mode="month" allowClear style={{ width: 160 }} placeholder="默认最早未报月份" /></Form.Item>
            <Form.Item name="percent" label="完成进度（%）" rules={[{ required: true, message: '请填写进度' }]}><InputNumber min={0} max={100} precision={0} /></Form.Item>
          </Space>
          <Form.Item name="narrative" label="进展情况" rules={[{ required: true, message: '请填写进展情况' }]}><Input.TextArea rows={4} /></Form.Item>
          {reporting.targets.map((t) => (
            <Form.Item key={t.id} name={`target-${t.id}`} label={`目标：${t.text}（${t.unit}）`}><InputNumber style={{ width: 160 }} /></Form.Item>
          ))}
          <Form.Item name="attachments" label="附件（文件名，逗号分隔）"><Input /></Form.Item>
        </FormDialog>
      )}
    </div>
  );
}
