// The intake unit's dispatch pool (待分派): cases no routing rule matched, dispatched by hand (O121 Art. 41).
import { useMemo, useState } from 'react';
import { App, Button, Select, Space, Typography } from 'antd';
import { UNIT_LEVEL_LABELS, type CaseView, type UnitDto } from '#contracts';
import { errorText, post } from '../api';
import { useUnits } from '../reference';
import { CaseTable } from '../components/CaseTable';
import { PageTitle } from '../ConsoleLayout';
import { CaseActions } from '../components/CaseActions';
import { useUser } from '../auth';

export function PoolPage() {
  const units = useUnits();
  const user = useUser();
  const [refresh, setRefresh] = useState(0);
  const options = useMemo(() => unitOptions(units ?? []), [units]);
  return (
    <div data-testid="pool-page">
      <PageTitle title="待分派" extra={<Typography.Text type="secondary">无匹配派单规则的案件，由投诉举报办人工分派至有管辖权的单位（《市场监督管理投诉举报处理办法》第四十一条）</Typography.Text>} />
      <CaseTable
        query={{ status: ['pendingDispatch'], sort: 'deadline' }}
        columns={['caseNo', 'type', 'deadline', 'received', 'respondent', 'category', 'channel']}
        refreshKey={refresh}
        testId="pool-table"
        emptyText="没有待分派的案件"
        // The unit picker, 分派 and an inquiry’s 答复 / 更多 on one line (at 360 the last two wrapped under it), and the
        // table still whole at 1366 px.
        actionsWidth={400}
        wideOnly={['received', 'channel']}
        actions={(row, reload) => (
          <Space size={4}>
            <DispatchControl caseId={row.id} caseNo={row.caseNo} options={options} onDone={() => { reload(); setRefresh((x) => x + 1); }} />
            <CaseActions role={user.role} unitId={user.unit.id} onDone={() => { reload(); setRefresh((x) => x + 1); }}
              target={{ id: row.id, caseNo: row.caseNo, status: row.status, type: row.type, assignedUnitId: row.assignedUnit?.id ?? null }} />
          </Space>
        )}
      />
    </div>
  );
}

/** Units a case may be dispatched to, grouped by level (市局科室, 区县局, 市场监管所). */
function unitOptions(units: UnitDto[]) {
  const groups = (['department', 'county', 'station', 'city'] as const).map((level) => ({
    label: UNIT_LEVEL_LABELS[level],
    title: level,
    options: units.filter((u) => u.level === level && !u.isIntake).map((u) => ({ value: u.id, label: u.name })),
  }));
  return groups.filter((g) => g.options.length);
}

function DispatchControl({ caseId, caseNo, options, onDone }: { caseId: string; caseNo: string; options: ReturnType<typeof unitOptions>; onDone: () => void }) {
  const { message } = App.useApp();
  const [unitId, setUnitId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const dispatch = async () => {
    if (!unitId) return;
    setBusy(true);
    try {
      const c = await post<CaseView>(`/cases/${caseId}/dispatch`, { unitId });
      message.success(`${caseNo} 已分派至 ${c.assignedUnit?.name ?? ''}`);
      onDone();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select size="small" style={{ width: 210 }} placeholder="选择承办单位" showSearch={{ optionFilterProp: 'label' }} options={options} value={unitId} onChange={setUnitId} data-testid="dispatch-unit" />
      <Button size="small" type="primary" disabled={!unitId} loading={busy} onClick={dispatch}>分派</Button>
    </Space.Compact>
  );
}
