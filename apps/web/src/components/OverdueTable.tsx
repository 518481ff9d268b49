// The cases overdue now (GET /indicators/overdue): step, due time, working days overdue, who signed the case in its
// unit, and 催办 (POST /cases/:id/supervisions {kind: 'remind'}) for a unit below the user's own — the API allows it
// to a leader/manager above the unit or the intake unit, and says so in Chinese otherwise.
import { useState } from 'react';
import { Link } from 'react-router';
import { App, Button, Form, Input, Table, Tag, Typography } from 'antd';
import { CASE_TYPE_LABELS, DEADLINE_KIND_LABELS, labelOf, type OverdueResponse } from '#contracts';
import { post } from '../api';
import { fmtTime } from '../format';
import { FormDialog } from './FormDialog';

type Row = OverdueResponse['cases'][number];

export function OverdueTable({ data, ownUnitId, canRemind, pageSize = 20, compact = false }: {
  data: OverdueResponse | null; ownUnitId: string; canRemind: boolean; pageSize?: number; compact?: boolean;
}) {
  const { message } = App.useApp();
  const [reminding, setReminding] = useState<Row | null>(null);
  const [reminded, setReminded] = useState<Set<string>>(new Set());
  const remindable = (c: Row) => canRemind && !!c.unit && c.unit.id !== ownUnitId && c.kind !== 'callback';
  return (
    <>
      <Table<Row>
        size="small" rowKey={(c) => `${c.id}-${c.kind}`} loading={!data} dataSource={data?.cases ?? []}
        pagination={{ pageSize, hideOnSinglePage: true, size: 'small' }} data-testid="unit-overdue" locale={{ emptyText: '没有超期案件' }}
        tableLayout="fixed" scroll={{ x: compact ? 780 : 1050 }}
        columns={[
          { key: 'case', title: '案件编号', width: 150, render: (_, c) => <Link className="fx-case-no" to={`/cases/${c.id}`}>{c.caseNo}</Link> },
          ...(compact ? [] : [{ key: 'type', title: '类型', width: 60, render: (_: unknown, c: Row) => CASE_TYPE_LABELS[c.type] ?? c.type }]),
          { key: 'unit', title: '承办单位', width: 160, render: (_, c) => c.unit?.name ?? '—' },
          { key: 'kind', title: '超期环节', width: 100, render: (_, c) => labelOf(DEADLINE_KIND_LABELS, c.kind) },
          ...(compact ? [] : [{ key: 'due', title: '期限', width: 140, render: (_: unknown, c: Row) => <Typography.Text type="danger">{fmtTime(c.dueAt)}</Typography.Text> }]),
          {
            key: 'late', title: '超期（工作日）', width: 110, align: 'right' as const,
            render: (_, c) => <span data-testid={`overdue-days-${c.caseNo}`}>{c.overdueWorkingDays > 0 ? `${c.overdueWorkingDays}个工作日` : '当日'}</span>,
          },
          { key: 'who', title: '承办人', width: 170, render: (_, c) => c.handler ?? (c.kind === 'callback' ? '接线员' : <Typography.Text type="secondary">未签收</Typography.Text>) },
          {
            key: 'act', title: '操作', width: 90, render: (_, c) => (reminded.has(c.id) ? <Tag color="orange">已催办</Tag>
              : remindable(c) ? <Button size="small" onClick={() => setReminding(c)} data-testid={`remind-${c.caseNo}`}>催办</Button> : null),
          },
        ]}
      />
      {reminding && (
        <FormDialog title={`催办 · ${reminding.caseNo}`} okText="发出催办" onCancel={() => setReminding(null)}
          initialValues={{ note: `该案件${labelOf(DEADLINE_KIND_LABELS, reminding.kind)}已超期，请尽快办理并反馈。` }}
          onSubmit={async (v) => {
            await post(`/cases/${reminding.id}/supervisions`, { kind: 'remind', note: v.note });
            message.success(`${reminding.caseNo} 已催办`);
            setReminded(new Set([...reminded, reminding.id]));
            setReminding(null);
          }}>
          <Typography.Paragraph type="secondary">{reminding.unit?.name}须在3个工作日内反馈办理情况。</Typography.Paragraph>
          <Form.Item name="note" label="催办意见" rules={[{ required: true, message: '请填写催办意见' }]}><Input.TextArea rows={3} /></Form.Item>
        </FormDialog>
      )}
    </>
  );
}
