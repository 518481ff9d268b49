// 我的数据: the enterprise's own figures this year (the API answers an enterprise account with its own row only).
import { Card, Col, Empty, Row, Spin, Statistic, Typography } from 'antd';
import { useLoad } from '../../useLoad';
import { LoadFailed } from '../../components/bits';
import { chinaToday, pct } from '../../format';
import { odrApi } from '../../odr/odrApi';

export function EnterpriseFiguresPage() {
  const to = chinaToday();
  const from = `${to.slice(0, 4)}-01-01`;
  const { data, error, loading, reload } = useLoad(() => odrApi.figures({ from, to }), [from, to]);
  if (error) return <LoadFailed what="我的数据" error={error} onRetry={() => void reload()} retrying={loading} />;
  if (!data) return <Spin />;
  const f = data.rows[0];
  if (!f) return <Empty description="暂无数据" />;
  return (
    <Card size="small" title={f.name} data-testid="odr-own-figures">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{data.from} 至 {data.to}</Typography.Paragraph>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={8}><Statistic title="收到投诉" value={f.received} suffix="件" /></Col>
        <Col xs={12} md={8}><Statistic title="和解" value={f.settled} suffix="件" /></Col>
        <Col xs={12} md={8}><Statistic title="和解率" value={pct(f.settlementRate)} /></Col>
        <Col xs={12} md={8}><Statistic title="按时答复率" value={pct(f.onTimeReplyRate)} /></Col>
        <Col xs={12} md={8}><Statistic title="平均天数" value={f.averageDays === null ? '—' : f.averageDays.toFixed(1)} suffix={f.averageDays === null ? undefined : '天'} /></Col>
      </Row>
      {data.rules.map((r) => <Typography.Paragraph key={r} type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>{r}</Typography.Paragraph>)}
    </Card>
  );
}
