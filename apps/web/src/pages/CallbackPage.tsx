// Callbacks (回访): closed or declined complaints waiting for the operator's satisfaction call, nearest deadline first
// (reports and inquiries have no callback: domain.md §3).
import { useState } from 'react';
import { useUser } from '../auth';
import { Card, Input, Typography } from 'antd';
import { CaseTable } from '../components/CaseTable';
import { CaseActions } from '../components/CaseActions';
import { PageTitle } from '../ConsoleLayout';

export function CallbackPage() {
  const user = useUser();
  const [q, setQ] = useState<string | undefined>(undefined);
  return (
    <div data-testid="callback-page">
      <PageTitle title="待回访" extra={<Typography.Text type="secondary">已办结、不予受理的投诉，回访后归档</Typography.Text>} />
      <Card size="small">
        <Input.Search allowClear placeholder="案件编号 / 被投诉人 / 来电号码" onSearch={(s) => setQ(s.trim() || undefined)} style={{ width: 300, marginBottom: 12 }} data-testid="callback-search" />
        <CaseTable
          query={{ type: 'complaint', status: ['closed', 'declined'], sort: 'deadline', ...(q ? { q } : {}) }}
          columns={['caseNo', 'status', 'deadline', 'complainant', 'respondent', 'unit']}
          actionsWidth={100}
          emptyText={q ? '没有符合条件的待回访投诉' : '没有待回访的投诉'}
          actions={(r, reload) => (
            <CaseActions role={user.role} unitId={user.unit.id} onDone={reload}
              target={{ id: r.id, caseNo: r.caseNo, type: r.type, status: r.status, assignedUnitId: r.assignedUnit?.id ?? null }} />
          )}
        />
      </Card>
    </div>
  );
}
