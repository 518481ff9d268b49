// Case search (案件查询): everything the user may see, filtered and paged on the server.
import { useState } from 'react';
import { Card, Input, Select, Space, Switch } from 'antd';
import { CASE_STATUSES, CASE_TYPES, CASE_TYPE_LABELS, STATUS_LABELS, type CaseStatus, type CaseType, type ListCasesQuery } from '#contracts';
import { CaseTable } from '../components/CaseTable';
import { PageTitle } from '../ConsoleLayout';
import { useUser } from '../auth';
import { useUnits } from '../reference';

export interface CaseFiltersValue { q?: string; type?: CaseType; status: CaseStatus[]; overdue?: boolean; disputed?: boolean; unit?: string }

/** A county bureau's people filter by the unit holding the case: the bureau itself or one of its 市场监管所. */
function StationFilter({ value, onChange }: { value?: string; onChange: (unit: string | undefined) => void }) {
  const user = useUser();
  const stations = (useUnits() ?? []).filter((u) => u.level === 'station' && u.parentId === user.unit.id);
  if (!stations.length) return null;
  return (
    <Select allowClear placeholder="承办单位（本局及各所）" style={{ width: 220 }} value={value} onChange={onChange} data-testid="filter-station"
      options={[{ value: user.unit.id, label: `${user.unit.name}（本局）` }, ...stations.map((u) => ({ value: u.id, label: u.name }))]} />
  );
}

export function CaseFilters({ value, onChange, statuses = CASE_STATUSES, byStation = false, byDispute = false }: {
  value: CaseFiltersValue; onChange: (v: CaseFiltersValue) => void; statuses?: readonly CaseStatus[]; byStation?: boolean; byDispute?: boolean;
}) {
  const [q, setQ] = useState(value.q ?? '');
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="case-filters">
      {byStation && <StationFilter value={value.unit} onChange={(unit) => onChange({ ...value, unit })} />}
      <Input.Search allowClear placeholder="案件编号 / 被投诉人 / 来电号码" value={q} onChange={(e) => setQ(e.target.value)} onSearch={(s) => onChange({ ...value, q: s.trim() || undefined })} style={{ width: 280 }} />
      <Select allowClear placeholder="类型" style={{ width: 110 }} value={value.type} onChange={(t) => onChange({ ...value, type: t })}
        options={CASE_TYPES.map((t) => ({ value: t, label: CASE_TYPE_LABELS[t] }))} data-testid="filter-type" />
      <Select mode="multiple" allowClear placeholder="状态（全部）" style={{ minWidth: 260 }} value={value.status} onChange={(s) => onChange({ ...value, status: s })}
        options={statuses.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} maxTagCount="responsive" data-testid="filter-status" />
      <Space size={4}>
        <Switch size="small" checked={!!value.overdue} onChange={(on) => onChange({ ...value, overdue: on || undefined })} data-testid="filter-overdue" />
        <span>仅超期</span>
      </Space>
      {byDispute && (
        <Space size={4}>
          <Switch size="small" checked={!!value.disputed} onChange={(on) => onChange({ ...value, disputed: on || undefined })} data-testid="filter-disputed" />
          <span>仅管辖争议</span>
        </Space>
      )}
    </Space>
  );
}

export function CasesPage() {
  const [f, setF] = useState<CaseFiltersValue>({ status: [] });
  const [sort, setSort] = useState<ListCasesQuery['sort']>('received');
  return (
    <div data-testid="cases-page">
      <PageTitle title="案件查询" extra={
        <Select value={sort} onChange={setSort} style={{ width: 210 }} options={[{ value: 'received', label: '按收到时间（新→旧）' }, { value: 'deadline', label: '按最近期限' }]} />
      } />
      <Card size="small">
        <CaseFilters value={f} onChange={setF} byStation byDispute />
        <CaseTable query={{ ...f, sort }} columns={['caseNo', 'type', 'status', 'deadline', 'received', 'complainant', 'respondent', 'unit']} />
      </Card>
    </div>
  );
}
