// A server-paged case list: the page, filters and sort go to GET /cases; nothing is sorted or filtered client-side,
// so a unit with tens of thousands of cases loads one page at a time. Page numbers reach as far as the count (10,000
// cases, a search 1,000); past it the list goes on by position (nextCursor), page after page.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button, Grid, Space, Table, Tag, type TableColumnsType } from 'antd';
import { CASE_TYPE_LABELS, CHANNEL_LABELS, type CaseListItem, type ListCasesQuery, type Page } from '#contracts';
import { get } from '../api';
import { useLoad } from '../useLoad';
import { fmtTime } from '../format';
import { categoryLabel, categoryName, useCategories } from '../reference';
import { LoadFailed, NextDeadlineCell, StatusTag } from './bits';

/** The narrowest the column without a width gets before the table scrolls sideways. */
const FLEX_MIN = 150;

export type CaseColumn = 'caseNo' | 'type' | 'status' | 'deadline' | 'received' | 'complainant' | 'respondent' | 'category' | 'unit' | 'channel';

export interface CaseTableProps {
  query: Omit<ListCasesQuery, 'page' | 'pageSize'>;
  columns: CaseColumn[];
  /** Extra trailing column (actions) given the row and a reload function. */
  actions?: (row: CaseListItem, reload: () => void) => React.ReactNode;
  actionsWidth?: number;
  /** Columns shown from 1600 px up (antd's xxl) only: below it the rest fit the box without scrolling sideways. */
  wideOnly?: CaseColumn[];
  /** Bump to force a reload (after an action elsewhere). */
  refreshKey?: number;
  testId?: string;
  /** What an empty list says (a work list: 「没有待分派的案件」); the filters' case: 「没有符合条件的案件」. */
  emptyText?: string;
}

export function CaseTable({ query, columns, actions, actionsWidth = 220, wideOnly = [], refreshKey = 0, testId = 'case-table', emptyText = '没有符合条件的案件' }: CaseTableProps) {
  const cats = useCategories();
  const wide = Grid.useBreakpoint().xxl === true;
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  // Past the numbered pages: each page by the cursor of the one before, and how many cases came before it.
  const [trail, setTrail] = useState<{ cursor: string; before: number }[]>([]);
  const key = JSON.stringify(query);
  const at = trail.at(-1);

  useEffect(() => {
    setPage(1);
    setTrail([]);
  }, [key]);
  // A failed load is said above the table and keeps no rows: an inbox that failed must not read as "no cases", nor
  // show an earlier query's rows as this one's.
  const { data, error: failed, loading, reload: load } = useLoad(() => get<Page<CaseListItem>>('/cases', {
    ...(JSON.parse(key) as ListCasesQuery as Record<string, never>), ...(at ? { cursor: at.cursor, pageSize } : { page, pageSize }),
  }), [key, page, pageSize, refreshKey, at]);
  const reload = () => void load();

  const all: Record<CaseColumn, TableColumnsType<CaseListItem>[number]> = {
    caseNo: { title: '案件编号', dataIndex: 'caseNo', width: 130, render: (v: string, r) => <Link to={`/cases/${r.id}`} className="fx-case-no">{v}</Link> },
    type: { title: '类型', dataIndex: 'type', width: 64, render: (v: CaseListItem['type']) => CASE_TYPE_LABELS[v] },
    status: { title: '状态', dataIndex: 'status', width: 120, render: (v: CaseListItem['status'], r: CaseListItem) => <><StatusTag status={v} type={r.type} />{r.disputed && <Tag color="orange" data-testid="disputed-tag">管辖争议</Tag>}</> },
    deadline: { title: '最近期限', dataIndex: 'nextDeadline', width: 250, render: (v: CaseListItem['nextDeadline']) => <NextDeadlineCell d={v} /> },
    received: { title: '收到时间', dataIndex: 'receivedAt', width: 140, render: (v: string) => fmtTime(v) },
    // A list of one kind of case names its parties as that kind does (待回访: complaints only).
    complainant: { title: query.type === 'complaint' ? '投诉人' : '投诉/举报人', dataIndex: 'complainantName', width: 110, ellipsis: { showTitle: true } },
    // No width: it takes what the others leave (at least FLEX_MIN), so that at 1366 px the table fits without scrolling.
    respondent: { title: query.type === 'complaint' ? '被投诉人' : '被投诉/举报对象', dataIndex: 'respondentName', ellipsis: { showTitle: true },
      render: (v: string) => v || <span style={{ color: '#999' }}>—</span> },
    // The class's name whole (the longest, 文化、娱乐、体育服务, fits); its code only on hover — with it the name was cut.
    category: { title: '分类', dataIndex: 'category', width: 160, className: 'fx-col-category', ellipsis: { showTitle: false },
      render: (v: string) => <span title={categoryName(cats, v)}>{categoryLabel(cats, v)}</span> },
    // No unit: 待分派 while it waits in the pool; a question answered on the call (or a withdrawal) was held by none.
    unit: { title: '承办单位', dataIndex: 'assignedUnit', width: 170, ellipsis: { showTitle: true },
      render: (v: CaseListItem['assignedUnit'], r) => v?.name ?? <span style={{ color: '#999' }}>{r.status === 'pendingDispatch' ? '待分派' : '—'}</span> },
    channel: { title: '渠道', dataIndex: 'channel', width: 110, render: (v: CaseListItem['channel']) => CHANNEL_LABELS[v] },
  };
  const cols: TableColumnsType<CaseListItem> = columns.filter((c) => wide || !wideOnly.includes(c)).map((c) => ({ key: c, ...all[c] }));
  if (actions) cols.push({ key: 'actions', title: '操作', width: actionsWidth, fixed: 'right', render: (_: unknown, r) => actions(r, reload) });
  const shown = data?.items.length ?? 0;
  const lastNumbered = data?.totalCapped && page === Math.ceil(data.total / pageSize);
  const onward = () => data?.nextCursor && setTrail((t) => [...t, { cursor: data.nextCursor!, before: (at ? at.before : (page - 1) * pageSize) + shown }]);
  const footer = at
    ? () => (
        <Space wrap data-testid={`${testId}-onward`}>
          <span>{shown ? `第 ${at.before + 1}–${at.before + shown} 件` : `第 ${at.before} 件之后没有更多案件`}（超过 {data?.total ?? ''} 件，按位置往后翻）</span>
          <Button size="small" onClick={() => setTrail((t) => t.slice(0, -1))}>上一页</Button>
          <Button size="small" disabled={!data?.nextCursor} onClick={onward}>下一页</Button>
          <Button size="small" type="link" onClick={() => setTrail([])}>回到按页码翻页</Button>
        </Space>
      )
    : lastNumbered && data?.nextCursor
      ? () => (
          <Space wrap data-testid={`${testId}-onward`}>
            <span>页码只列到第 {data.total} 件；</span>
            <Button size="small" onClick={onward}>继续往后翻</Button>
          </Space>
        )
      : undefined;

  return (
    <>
      {failed && <LoadFailed what="案件列表" error={failed} onRetry={reload} retrying={loading} testId={`${testId}-failed`} />}
      <Table<CaseListItem>
        data-testid={testId}
        rowKey="id"
        size="middle"
        loading={loading}
        columns={cols}
        dataSource={data?.items ?? []}
        locale={{ emptyText: failed ? '未能加载，请重试' : emptyText }}
        footer={failed ? undefined : footer}
        // Fixed widths (the respondent: at least FLEX_MIN): the table scrolls inside its box rather than squeezing a column to one character.
        tableLayout="fixed"
        scroll={{ x: cols.reduce((w, c) => w + (Number(c.width) || FLEX_MIN), 0) }}
        pagination={at || failed ? false : {
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (t) => (data?.totalCapped ? `超过 ${t} 件` : `共 ${t} 件`),
          onChange: (p, ps) => {
            setPage(ps !== pageSize ? 1 : p);
            setPageSize(ps);
            setTrail([]);
          },
        }}
      />
    </>
  );
}
