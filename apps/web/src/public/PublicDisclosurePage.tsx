// The public page of what the bureau publishes (issue 16 §5), phone-first, no login: 消费投诉信息公示 of the released
// quarters (per business: 投诉量, 受理量, 调解成功率, 平均办理天数) with its counting rules, the ODR enterprises' figures
// frozen with the quarter (issue 17 §5), and the published 消费警示.
import { useEffect, useRef, useState } from 'react';
import { Alert, Collapse, Empty, Input, List, Select, Space, Spin, Typography, type InputRef } from 'antd';
import type { DisclosurePeriodDto, PublicDisclosureDto, PublicWarningDto } from '#contracts';
import { errorText, get } from '../api';
import { fmtTime, pct } from '../format';
import { OdrFiguresCards } from '../odr/OdrFigures';
import { FigureCard } from './FigureCard';

/** Businesses per page: a city's quarter lists hundreds, too long to scroll on a phone. */
const PAGE = 10;

export function PublicDisclosurePage() {
  const [periods, setPeriods] = useState<DisclosurePeriodDto[] | null>(null);
  const [period, setPeriod] = useState<string | null>(null);
  const [data, setData] = useState<PublicDisclosureDto | null>(null);
  const [warnings, setWarnings] = useState<PublicWarningDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  // A consumer looks for one business: by name or credit code, then page through what matches.
  const [find, setFind] = useState('');
  const [page, setPage] = useState(1);
  const findBox = useRef<InputRef>(null);
  useEffect(() => {
    document.title = '消费投诉信息公示';
    Promise.all([get<DisclosurePeriodDto[]>('/public/disclosure/periods'), get<PublicWarningDto[]>('/public/warnings')])
      .then(([p, w]) => { setPeriods(p); setWarnings(w); setPeriod(p[0]?.period ?? null); })
      .catch((e) => setError(errorText(e)));
  }, []);
  useEffect(() => {
    if (!period) return;
    setData(null);
    setPage(1);
    get<PublicDisclosureDto>('/public/disclosure', { period }).then(setData).catch((e) => setError(errorText(e)));
  }, [period]);

  // The pager sits under the list: a new page starts at its top, not where the last one ended (a phone's screen).
  const turn = (p: number) => {
    setPage(p);
    findBox.current?.input?.scrollIntoView({ block: 'start' });
  };
  const needle = find.trim().toUpperCase();
  const shown = (data?.businesses ?? []).filter((b) => !needle || b.name.toUpperCase().includes(needle) || b.creditCode.includes(needle));
  return (
    <div data-testid="public-disclosure">
      <Typography.Title level={4} style={{ textAlign: 'center', marginBottom: 4 }}>消费投诉信息公示</Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center', fontSize: 13 }}>常德市市场监督管理局 · 12315</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!periods && !error && <Spin />}
      {periods && periods.length === 0 && <Empty description="暂无已发布的公示" />}
      {periods && periods.length > 0 && (
        <Space direction="vertical" style={{ width: '100%' }} size={12}>
          <Select value={period} onChange={setPeriod} style={{ width: '100%' }} data-testid="public-period"
            options={periods.map((p) => ({ value: p.period, label: p.label }))} />
          {!data && <Spin />}
          {data && (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="public-published">发布时间：{fmtTime(data.published)}</Typography.Text>
              {data.businesses.length === 0 && <Empty description="本季度无符合口径的投诉" />}
              {data.businesses.length > 0 && (
                <Input.Search ref={findBox} allowClear placeholder="按经营者名称或统一社会信用代码查找" value={find} data-testid="public-find"
                  onChange={(e) => { setFind(e.target.value); setPage(1); }} />
              )}
              {data.businesses.length > 0 && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="public-count">
                  {needle ? `找到 ${shown.length} 家经营者（共 ${data.businesses.length} 家）` : `共 ${data.businesses.length} 家经营者，按投诉量排列`}
                </Typography.Text>
              )}
              {data.businesses.length > 0 && shown.length === 0 && <Empty description="没有找到该经营者" />}
              <List dataSource={shown} data-testid="public-businesses" locale={{ emptyText: <></> }}
                pagination={shown.length > PAGE ? { current: page, pageSize: PAGE, onChange: turn, size: 'small', align: 'center', showSizeChanger: false } : false}
                renderItem={(b) => (
                  <FigureCard name={b.name} creditCode={b.creditCode} columns={4} data-testid="public-business" stats={[
                    ['投诉量', b.received], ['受理量', b.accepted], ['调解成功率', pct(b.mediationSuccessRate)],
                    ['平均办理', b.averageDays === null ? '—' : b.averageDays, '工作日'],
                  ]} />
                )} />
              <Collapse size="small" items={[{ key: 'rules', label: '计数口径', children: (
                <ol style={{ paddingLeft: 18, margin: 0, fontSize: 13 }} data-testid="public-rules">{data.rules.map((r) => <li key={r}>{r}</li>)}</ol>
              ) }]} />
              <Typography.Title level={5} style={{ margin: '8px 0 0' }}>在线消费纠纷解决企业</Typography.Title>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>入驻企业先行与消费者协商和解的情况</Typography.Text>
              <OdrFiguresCards rows={data.odrEnterprises.rows} />
              <Collapse size="small" items={[{ key: 'odr-rules', label: '在线解纷企业计数口径', children: (
                <ol style={{ paddingLeft: 18, margin: 0, fontSize: 13 }} data-testid="public-odr-rules">{data.odrEnterprises.rules.map((r) => <li key={r}>{r}</li>)}</ol>
              ) }]} />
            </>
          )}
        </Space>
      )}
      <Typography.Title level={5} style={{ marginTop: 20 }}>消费警示</Typography.Title>
      {warnings.length === 0 ? <Empty description="暂无消费警示" /> : (
        <Collapse size="small" data-testid="public-warnings"
          items={warnings.map((w) => ({ key: w.id, label: <span>{w.title} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{fmtTime(w.publishedAt).slice(0, 10)}</Typography.Text></span>,
            children: <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 14, margin: 0 }}>{w.body}<br /><Typography.Text type="secondary">— {w.unitName}</Typography.Text></Typography.Paragraph> }))} />
      )}
    </div>
  );
}
