// The per-enterprise ODR figures (issue 17 §5) as every page shows them: the dashboard card and the disclosure
// preview (a table), the public 消费投诉信息公示 page (cards, phone-first). Rows and rules come from the API as
// computed by its one formula; this only lays them out.
import { Empty, List, Table, Typography } from 'antd';
import { FigureCard } from '../public/FigureCard';
import type { OdrFiguresRowDto } from '#contracts';
import { pct } from '../format';
import { HeadingUnit } from '../components/bits';

const days = (v: number | null) => (v === null ? '—' : v.toFixed(1));

export function OdrFiguresTable({ rows, rules, loading = false }: { rows: OdrFiguresRowDto[]; rules: readonly string[]; loading?: boolean }) {
  return (
    <>
      <Table size="small" rowKey="enterpriseId" loading={loading} dataSource={rows} pagination={false} scroll={{ x: 640 }} data-testid="odr-figures"
        locale={{ emptyText: '暂无在线解纷企业' }}
        columns={[
          { key: 'name', title: '企业', render: (_, r) => <span data-testid={`odr-fig-${r.creditCode}`}>{r.name}</span> },
          { key: 'received', title: '收到投诉', align: 'right', width: 90, dataIndex: 'received' },
          { key: 'settled', title: '和解', align: 'right', width: 80, dataIndex: 'settled' },
          { key: 'rate', title: '和解率', align: 'right', width: 90, render: (_, r) => pct(r.settlementRate) },
          { key: 'ontime', title: '按时答复率', align: 'right', width: 100, render: (_, r) => pct(r.onTimeReplyRate) },
          // The rules' name, and its unit: calendar days (the disclosure's 平均办理 counts working days).
          { key: 'days', title: <>平均天数<HeadingUnit unit="自然日" /></>, align: 'right', width: 110, render: (_, r) => days(r.averageDays) },
        ]} />
      {rules.map((r) => <Typography.Paragraph key={r} type="secondary" style={{ fontSize: 12, margin: '6px 0 0' }}>{r}</Typography.Paragraph>)}
    </>
  );
}

/** Phone-first cards (the public page). */
export function OdrFiguresCards({ rows }: { rows: OdrFiguresRowDto[] }) {
  if (rows.length === 0) return <Empty description="本季度暂无在线解纷企业数据" />;
  return (
    <List dataSource={rows} data-testid="public-odr"
      renderItem={(r) => (
        <FigureCard name={r.name} creditCode={r.creditCode} columns={3} data-testid="public-odr-enterprise" data-credit-code={r.creditCode} stats={[
          ['收到投诉', r.received], ['和解', r.settled], ['和解率', pct(r.settlementRate)], ['按时答复率', pct(r.onTimeReplyRate)], ['平均天数', days(r.averageDays), '天'],
        ]} />
      )} />
  );
}
