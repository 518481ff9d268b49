// 督办与催办: the unit's supervision items (GET /supervisions?state=): those it opened and those it must answer,
// with the answer deadline and state; answering happens on the case detail (协办与督办 panel).
import { useState } from 'react';
import { Link } from 'react-router';
import { Card, Segmented, Table, Tag, Typography } from 'antd';
import { SUPERVISION_STATE_LABELS, labelOf, type SupervisionView } from '#contracts';
import { get } from '../api';
import { useUser } from '../auth';
import { fmtTime } from '../format';
import { PageTitle } from '../ConsoleLayout';
import { LoadFailed } from '../components/bits';
import { useLoad } from '../useLoad';

type Item = SupervisionView & { role: 'opener' | 'target' };
type Filter = 'open' | 'overdue' | 'answered' | 'all';

export function SupervisionsPage() {
  const user = useUser();
  const [state, setState] = useState<Filter>('open');
  const { data, error, loading, reload } = useLoad(() => get<{ items: Item[] }>('/supervisions', { state }), [state]);
  const items = data?.items ?? null;
  return (
    <div data-testid="supervisions-page">
      <PageTitle title={`督办催办 · ${user.unit.name}`} extra={
        <Segmented<Filter> value={state} onChange={setState} data-testid="supervision-filter"
          options={[{ value: 'open', label: '未反馈' }, { value: 'overdue', label: '逾期未反馈' }, { value: 'answered', label: '已反馈' }, { value: 'all', label: '全部' }]} />
      } />
      {error && <LoadFailed what="督办催办事项" error={error} onRetry={() => void reload()} retrying={loading} />}
      <Card size="small">
        <Table<Item> size="small" rowKey="id" loading={loading || (!items && !error)} dataSource={items ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
          data-testid="supervision-list" locale={{ emptyText: error ? '未能加载，请重试' : '没有督办、催办事项' }} tableLayout="fixed" scroll={{ x: 1100 }}
          columns={[
            { key: 'case', title: '案件编号', width: 150, render: (_, s) => <Link className="fx-case-no" to={`/cases/${s.caseId}`}>{s.caseNo}</Link> },
            { key: 'kind', title: '类型', width: 100, render: (_, s) => <Tag color={s.kind === 'supervise' ? 'red' : 'orange'}>{s.kindText}{s.auto ? '（自动）' : ''}</Tag> },
            { key: 'role', title: '本单位', width: 90, render: (_, s) => (s.role === 'target' ? <Tag color="blue">须反馈</Tag> : <Tag>已发出</Tag>) },
            { key: 'from', title: '发起单位', width: 170, ellipsis: { showTitle: true }, render: (_, s) => s.openedByUnit?.name ?? '—' },
            { key: 'to', title: '承办单位', width: 170, ellipsis: { showTitle: true }, render: (_, s) => s.targetUnit?.name ?? '—' },
            { key: 'at', title: '发起时间', width: 140, render: (_, s) => fmtTime(s.openedAt) },
            { key: 'due', title: '反馈期限', width: 140, render: (_, s) => fmtTime(s.dueAt) },
            { key: 'state', title: '状态', width: 110, render: (_, s) => <Tag color={s.state === 'answered' ? 'green' : s.state === 'overdue' ? 'red' : 'blue'}>{labelOf(SUPERVISION_STATE_LABELS, s.state)}</Tag> },
            { key: 'answer', title: '反馈', ellipsis: { showTitle: true }, render: (_, s) => s.answer ?? <Typography.Text type="secondary">—</Typography.Text> },
          ]} />
      </Card>
    </div>
  );
}
