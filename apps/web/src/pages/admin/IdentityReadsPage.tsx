// Audit: every read of a protected identity (O121 Art. 37) — GET /admin/identity-reads. Auditors and admins.
// Click a person or a case to see only their reads.
import { useState } from 'react';
import { Card, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CASE_TYPE_LABELS, ROLE_LABELS, type IdentityReadView, type Page } from '#contracts';
import { get } from '../../api';
import { PageTitle } from '../../ConsoleLayout';
import { LoadFailed } from '../../components/bits';
import { useLoad } from '../../useLoad';
import { addDays, chinaToday, fmtTime } from '../../format';

const VIA_LABELS: Record<string, string> = {
  'GET /cases/:id': '查看案件详情',
  'GET /cases?q': '按身份信息查询',
  'POST /cases/hints': '登记提示',
};
const FIELD_LABELS: Record<string, string> = {
  'name,phone,address': '姓名、电话、地址',
  'search:phone': '电话号码查询',
  'search:idNumber': '证件号码查询',
  hints: '来电号码比对',
};

interface Filter { from: string; to: string; userId?: { id: string; name: string }; caseId?: { id: string; caseNo: string } }

export function IdentityReadsPage() {
  const [f, setF] = useState<Filter>(() => ({ from: addDays(chinaToday(), -30), to: chinaToday() }));
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  // A failed load keeps no rows: an earlier filter's records must not pass for this one's (an audit trail).
  const { data, error, loading, reload } = useLoad(() => get<Page<IdentityReadView>>('/admin/identity-reads', {
    from: f.from || undefined, to: f.to || undefined, userId: f.userId?.id, caseId: f.caseId?.id, page: page.page, pageSize: page.pageSize,
  }), [f, page]);
  const set = (next: Partial<Filter>) => {
    setF({ ...f, ...next });
    setPage({ ...page, page: 1 });
  };

  return (
    <div data-testid="identity-reads-page">
      <PageTitle title="身份信息查阅记录" />
      <Card size="small">
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          举报人身份及与举报同时提出的投诉人身份受保护（《市场监督管理投诉举报处理办法》第三十七条）。每次查看、按电话或证件号码查询、登记提示比对均记录在此，记录不可修改或删除。点击查阅人或案件编号可只看其记录。
        </Typography.Paragraph>
        <Space wrap style={{ marginBottom: 12 }} data-testid="identity-reads-filters">
          <span>日期</span>
          <Input type="date" size="small" style={{ width: 150 }} value={f.from} max={f.to || undefined} onChange={(e) => set({ from: e.target.value })} data-testid="reads-from" />
          <span>至</span>
          <Input type="date" size="small" style={{ width: 150 }} value={f.to} min={f.from || undefined} onChange={(e) => set({ to: e.target.value })} data-testid="reads-to" />
          {f.userId && <Tag closable color="blue" onClose={() => set({ userId: undefined })}>查阅人：{f.userId.name}</Tag>}
          {f.caseId && <Tag closable color="purple" onClose={() => set({ caseId: undefined })}>案件：{f.caseId.caseNo}</Tag>}
        </Space>
        {error && <LoadFailed what="查阅记录" error={error} onRetry={() => void reload()} retrying={loading} />}
        <Table<IdentityReadView> size="small" rowKey="id" loading={loading || (!data && !error)} dataSource={data?.items ?? []} data-testid="identity-reads" scroll={{ x: 1100 }}
          locale={error ? { emptyText: '未能加载，请重试' } : undefined}
          pagination={error ? false : {
            current: page.page, pageSize: page.pageSize, total: data?.total ?? 0, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200],
            showTotal: (t) => `共 ${t} 条`, onChange: (p, s) => setPage({ page: p, pageSize: s }),
          }}
          columns={[
            { key: 'at', title: '时间', width: 150, render: (_, r) => fmtTime(r.at) },
            {
              key: 'user', title: '查阅人', width: 270, render: (_, r) => (r.user
                ? <Typography.Link onClick={() => set({ userId: { id: r.user!.id, name: r.user!.displayName } })}>{r.user.displayName}（{r.user.username}）</Typography.Link>
                : '—'),
            },
            { key: 'role', title: '角色', width: 100, render: (_, r) => ROLE_LABELS[r.role] ?? r.role },
            { key: 'unit', title: '所在单位', width: 180, render: (_, r) => r.unit?.name ?? '—' },
            {
              key: 'case', title: '案件', width: 210, render: (_, r) => (r.case
                ? <Space size={4}><Typography.Link onClick={() => set({ caseId: { id: r.case!.id, caseNo: r.case!.caseNo } })}>{r.case.caseNo}</Typography.Link><Tag>{CASE_TYPE_LABELS[r.case.type]}</Tag></Space>
                : <Tooltip title="查询或比对未显示任何受保护的身份"><span>（无匹配案件）</span></Tooltip>),
            },
            { key: 'via', title: '方式', width: 130, render: (_, r) => VIA_LABELS[r.via] ?? r.via },
            { key: 'fields', title: '查阅内容', width: 210, render: (_, r) => (<span>{FIELD_LABELS[r.fields] ?? r.fields}{r.query ? `：${r.query}` : ''}</span>) },
            { key: 'ip', title: '来源地址', width: 140, render: (_, r) => r.ip ?? '—' },
          ]} />
      </Card>
    </div>
  );
}
