// A unit's inbox (待办): its open cases, nearest deadline first (sorted by the server across all pages), with
// traffic lights and the actions each state allows.
import { lazy, useState } from 'react';
import { Card, Col, Row, Space, Typography } from 'antd';
import { useUser } from '../auth';
import { CaseTable } from '../components/CaseTable';
import { CaseActions } from '../components/CaseActions';
import { LightDot } from '../components/bits';
import { PageTitle } from '../ConsoleLayout';
import { CaseFilters, type CaseFiltersValue } from './CasesPage';
import type { CaseStatus } from '#contracts';
import { ChartSlot } from '../components/ChartSlot';

const OPEN: CaseStatus[] = ['dispatched', 'signed', 'accepted'];
const InboxLoadChart = lazy(() => import('../charts/InboxLoadChart'));

export function InboxPage() {
  const user = useUser();
  const [f, setF] = useState<CaseFiltersValue>({ status: OPEN });
  const [refresh, setRefresh] = useState(0);
  const unit = user.role === 'handler' ? user.unit.id : undefined;
  return (
    <div data-testid="inbox-page">
      <PageTitle title={`待办 · ${user.unit.name}`} extra={
        <Space size="middle">
          <span><LightDot light="green" />正常</span>
          <span><LightDot light="yellow" />临期（2个工作日内到期）</span>
          <span><LightDot light="red" />超期</span>
        </Space>
      } />
      <Card size="small">
        <Row gutter={16} align="middle">
          <Col flex="auto">
            <CaseFilters value={f} onChange={setF} statuses={['dispatched', 'signed', 'accepted', 'declined', 'closed', 'archived']} />
            <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>按最近的未完成期限排序，超期的在最前。</Typography.Paragraph>
          </Col>
          <Col flex="360px">
            <ChartSlot height={96}>
              <InboxLoadChart unit={unit} refreshKey={refresh} />
            </ChartSlot>
          </Col>
        </Row>
        <CaseTable
          testId="inbox-table"
          emptyText={f.q || f.type || f.overdue || (f.status.length > 0 && f.status.length < OPEN.length) ? '没有符合条件的待办案件' : '没有待办案件'}
          query={{ ...f, status: f.status.length ? f.status : OPEN, sort: 'deadline', ...(unit ? { unit } : {}) }}
          columns={['deadline', 'caseNo', 'type', 'status', 'received', 'complainant', 'respondent', 'category']}
          actionsWidth={224}
          wideOnly={['received', 'complainant']}
          actions={(r, reload) => (
            <CaseActions role={user.role} unitId={user.unit.id} onDone={() => { reload(); setRefresh((x) => x + 1); }}
              target={{ id: r.id, caseNo: r.caseNo, status: r.status, type: r.type, assignedUnitId: r.assignedUnit?.id ?? null, disputed: r.disputed }} />
          )}
        />
      </Card>
    </div>
  );
}
