// 消费投诉信息公示 (issue 16 §5), the manager's side: pick a quarter, generate its preview from the cases as they are,
// review the businesses and the counting rules, then release it (after the quarter has ended). A released quarter is
// frozen and is what the public page (/public/disclosure) shows. All figures come from the API.
import { useState } from 'react';
import { Alert, App, Button, Card, List, Modal, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { DISCLOSURE_STATUS_LABELS, type DisclosureBusinessDto, type DisclosureDto, type DisclosurePeriodDto } from '#contracts';
import { ApiError, errorText, get, post } from '../api';
import { chinaToday, fmtTime, pct } from '../format';
import { PageTitle } from '../ConsoleLayout';
import { OdrFiguresTable } from '../odr/OdrFigures';
import { LoadFailed } from '../components/bits';
import { useLoad } from '../useLoad';

/** The current quarter and the seven before it, newest first ("2026Q4"). */
function recentQuarters(today: string): string[] {
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    out.push(`${y}Q${q}`);
    if (--q === 0) { q = 4; y -= 1; }
  }
  return out;
}
const label = (p: string) => `${p.slice(0, 4)}年第${p.slice(5)}季度`;

export function BusinessTable({ rows, testId }: { rows: DisclosureBusinessDto[]; testId: string }) {
  return (
    <Table<DisclosureBusinessDto> size="small" rowKey="creditCode" dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }} data-testid={testId}
      scroll={{ x: 560 }} locale={{ emptyText: '本季度没有可公示的经营者：没有在本季度作出受理决定、且有统一社会信用代码的被投诉经营者（见下方计数口径）' }}
      columns={[
        { key: 'name', title: '经营者', dataIndex: 'name' },
        { key: 'code', title: '统一社会信用代码', dataIndex: 'creditCode', width: 190 },
        { key: 'received', title: '投诉量', dataIndex: 'received', width: 80, align: 'right' },
        { key: 'accepted', title: '受理量', dataIndex: 'accepted', width: 80, align: 'right' },
        { key: 'rate', title: '调解成功率', width: 100, align: 'right', render: (_, r) => pct(r.mediationSuccessRate) },
        { key: 'days', title: '平均办理天数', width: 110, align: 'right', render: (_, r) => (r.averageDays === null ? '—' : `${r.averageDays}个工作日`) },
      ]} />
  );
}

export function DisclosurePage() {
  const { message } = App.useApp();
  const quarters = recentQuarters(chinaToday());
  const [period, setPeriod] = useState(quarters[1]!);
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  // The quarter's preview (404: none yet) with the quarters' states. Shown only for the quarter it was loaded for:
  // another quarter's figures under this one's name could be released after a look at the wrong preview.
  const { data, error, loading, reload } = useLoad(async () => {
    const [periods, view] = await Promise.all([
      get<DisclosurePeriodDto[]>('/disclosure/periods'),
      get<DisclosureDto>(`/disclosure/periods/${period}`).catch((e) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }),
    ]);
    return { period, periods, view };
  }, [period]);
  const loaded = data?.period === period ? data : null;
  const periods = loaded?.periods ?? data?.periods ?? [];
  const view = loaded?.view ?? null;

  const act = async (what: 'compute' | 'release') => {
    setBusy(true);
    try {
      await post<DisclosureDto>(`/disclosure/periods/${period}/${what}`, {});
      message.success(what === 'compute' ? '已生成预览' : '已发布，社会公众可查看');
      setConfirm(false);
      await reload();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const released = view?.status === 'released';
  return (
    <div data-testid="disclosure-page">
      <PageTitle title="投诉信息公示" extra={<Typography.Text type="secondary">按季度公示经营者投诉量、受理量、调解成功率、平均办理天数；审核发布后对社会公开</Typography.Text>} />
      <Card size="small">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select value={period} onChange={setPeriod} style={{ width: 220 }} data-testid="disclosure-period"
            options={quarters.map((q) => ({ value: q, label: `${label(q)}${periods.find((p) => p.period === q)?.status === 'released' ? '（已发布）' : ''}` }))} />
          <Button onClick={() => void act('compute')} loading={busy} disabled={!loaded || released} data-testid="disclosure-compute">{view ? '重新生成预览' : '生成预览'}</Button>
          <Button type="primary" onClick={() => setConfirm(true)} disabled={!view || released} data-testid="disclosure-release">审核发布</Button>
          {view && <Tag color={released ? 'green' : 'orange'} data-testid="disclosure-status">{DISCLOSURE_STATUS_LABELS[view.status]}</Tag>}
          {view && <Typography.Text type="secondary">生成于 {fmtTime(view.computedAt)}{view.releasedAt ? `，发布于 ${fmtTime(view.releasedAt)}` : ''}</Typography.Text>}
        </Space>
        {error && <LoadFailed what={`${label(period)}的公示数据`} error={error} onRetry={() => void reload()} retrying={loading} />}
        {!loaded && !error && <Spin />}
        {loaded && !view && <Alert type="info" showIcon title={`${label(period)}尚未生成预览`} />}
        {view && (
          <>
            {released && <Alert type="success" showIcon style={{ marginBottom: 12 }} title="已发布：数据已冻结，不再随案件变动" />}
            <BusinessTable rows={view.businesses} testId="disclosure-table" />
            <Typography.Title level={5} style={{ marginTop: 16 }}>计数口径</Typography.Title>
            <List size="small" dataSource={view.rules} renderItem={(r, i) => <List.Item>{i + 1}. {r}</List.Item>} />
            <Typography.Title level={5} style={{ marginTop: 16 }}>在线消费纠纷解决企业</Typography.Title>
            <OdrFiguresTable rows={view.odrEnterprises.rows} rules={view.odrEnterprises.rules} />
          </>
        )}
      </Card>
      <Modal open={confirm} title={`发布${label(period)}投诉信息公示`} onCancel={() => setConfirm(false)} okText="确认发布" cancelText="取消"
        confirmLoading={busy} onOk={() => void act('release')}>
        <Typography.Paragraph>发布后，{view?.businesses.length ?? 0} 家经营者的数据将对社会公开，且不可再修改。请确认已审核。</Typography.Paragraph>
      </Modal>
    </div>
  );
}
