// 待处理投诉: the enterprise's complaints, the nearest end of its window first; cards (phone-sized) not a table.
import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Empty, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { useLoad } from '../../useLoad';
import { LoadFailed } from '../../components/bits';
import { fmtTime } from '../../format';
import { ODR_OPEN, ODR_STAGE_LABELS, odrApi, type OdrCaseSummaryDto, type OdrStage } from '../../odr/odrApi';

const STAGE_COLORS: Record<OdrStage, string> = {
  waiting: 'processing', offered: 'gold', settled: 'gold', confirmed: 'success', rejected: 'default', refused: 'default', expired: 'red',
};

export function EnterpriseInboxPage() {
  const { data, error, loading, reload } = useLoad(() => odrApi.inbox(), []);
  const { data: notices, error: noticesError, reload: reloadNotices } = useLoad(() => odrApi.notices(), []);
  const [show, setShow] = useState<'open' | 'all'>('open');
  if (error) return <LoadFailed what="待处理投诉" error={error} onRetry={() => void reload()} retrying={loading} />;
  if (!data) return <Spin />;
  const open = (r: OdrCaseSummaryDto) => ODR_OPEN.includes(r.stage);
  // the server sends them nearest deadline first; open ones stay on top when all are shown
  const rows = data.filter((r) => show === 'all' || open(r)).sort((a, b) => Number(open(b)) - Number(open(a)));
  return (
    <div data-testid="odr-inbox">
      {noticesError && <LoadFailed what="协商期限提醒" error={noticesError} onRetry={() => void reloadNotices()} />}
      {/* the window's warnings of complaints still with the enterprise */}
      {notices?.filter((n) => n.urgent && data.some((r) => r.caseId === n.caseId && open(r))).slice(0, 3).map((n) => (
        <Alert key={n.id} type="warning" showIcon style={{ marginBottom: 8 }} data-testid="odr-notice"
          title={n.caseId ? <Link to={`/odr/cases/${n.caseId}`}>{n.title}</Link> : n.title}
          description={<span style={{ fontSize: 13 }}>{n.body}<Typography.Text type="secondary" style={{ fontSize: 12 }}> {fmtTime(n.at)}</Typography.Text></span>} />
      ))}
      <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">按协商期限排序，最近到期的在最前。</Typography.Text>
        <Segmented value={show} onChange={(v) => setShow(v as 'open' | 'all')} data-testid="odr-inbox-filter"
          options={[{ value: 'open', label: '待处理' }, { value: 'all', label: '全部' }]} />
      </Space>
      {rows.length === 0 && <Empty description="暂无投诉" />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {rows.map((r) => <Row key={r.caseId} r={r} />)}
      </Space>
    </div>
  );
}

function Row({ r }: { r: OdrCaseSummaryDto }) {
  return (
    <Link to={`/odr/cases/${r.caseId}`} data-testid="odr-inbox-row" data-case-no={r.caseNo}>
      <Card size="small" hoverable>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Text strong>{r.caseNo}</Typography.Text>
          <Tag color={STAGE_COLORS[r.stage]} style={{ whiteSpace: 'normal' }}>{ODR_STAGE_LABELS[r.stage]}</Tag>
        </Space>
        <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ margin: '6px 0' }}>{r.summary}</Typography.Paragraph>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          投诉人 {r.complainantName} · 收到 <span style={{ whiteSpace: 'nowrap' }}>{fmtTime(r.handedOverAt)}</span>
          {r.dueAt && <> · 协商期限 <span data-testid="odr-due" style={{ whiteSpace: 'nowrap' }}>{fmtTime(r.dueAt)}</span></>}
        </Typography.Text>
      </Card>
    </Link>
  );
}
