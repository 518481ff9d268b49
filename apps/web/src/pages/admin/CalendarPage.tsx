// Admin: the working-day calendar — a year view with holidays (休) and make-up working days (班) from the database
// (GET /admin/calendar/years, /admin/calendar/years/:year), a day editor (PUT /admin/calendar/days/:date) and the
// import of a year's State Council notice (POST /admin/calendar/import, JSON or ICS). After each change the worker
// recomputes every live deadline the year can affect.
import { useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { FileTextOutlined, UploadOutlined } from '@ant-design/icons';
import { CALENDAR_DAY_KIND_LABELS, type CalendarDayKind, type CalendarYearDetail, type CalendarYearView } from '#contracts';
import { get, post, put } from '../../api';
import { addDays, chinaToday, fmtTime, weekday } from '../../format';
import { PageTitle } from '../../ConsoleLayout';
import { FormDialog } from '../../components/FormDialog';
import { LoadFailed } from '../../components/bits';
import { useLoad } from '../../useLoad';
import { NoticeImportDialog } from './NoticeImport';

const CHANGE_ACTIONS: Record<string, string> = { import: '导入 JSON/ICS', edit: '调整单日', notice: '导入放假通知' };

function changeDetail(action: string, detail: unknown): string {
  const d = (detail ?? {}) as { title?: string; holidays?: number; workdays?: number };
  if (action === 'notice' && d.title) return `《${d.title}》放假 ${d.holidays ?? 0} 天、上班 ${d.workdays ?? 0} 天`;
  return typeof detail === 'object' && detail ? JSON.stringify(detail).slice(0, 80) : '';
}

export function CalendarPage() {
  const { message } = App.useApp();
  const [year, setYear] = useState(Number(chinaToday().slice(0, 4)));
  const [day, setDay] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [noticeOpen, setNoticeOpen] = useState(false);
  const { data, error, loading, reload: load } = useLoad(
    () => Promise.all([get<CalendarYearView[]>('/admin/calendar/years'), get<CalendarYearDetail>(`/admin/calendar/years/${year}`)]), [year]);
  const [years, detail] = data ?? [null, null];
  // A year without a notice shows the law's provisional rest days (暂定) under the days an admin set.
  const kinds = new Map<string, { kind: string; name: string; provisional?: boolean }>([
    ...(detail?.provisional ?? []).map((d) => [d.date, { kind: 'holiday', name: `${d.name}（暂定）`, provisional: true }] as const),
    ...(detail?.days ?? []).map((d) => [d.date, d] as const),
  ]);
  const yearOptions = [...new Set([...(years ?? []).map((y) => y.year), year, year + 1])].sort().map((y) => ({ value: y, label: `${y}年` }));
  const cur = day ? kinds.get(day) : undefined;
  return (
    <div data-testid="calendar-page">
      <PageTitle title="工作日历" extra={
        <Space>
          <Select value={year} onChange={setYear} options={yearOptions} style={{ width: 110 }} data-testid="calendar-year" />
          <Button type="primary" icon={<FileTextOutlined />} onClick={() => setNoticeOpen(true)} data-testid="notice-import">导入放假通知</Button>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>导入 JSON/ICS</Button>
        </Space>
      } />
      {/* Without the year's days the grid would show no holiday at all: it is not drawn until they are loaded. */}
      {error && <LoadFailed what="工作日历" error={error} onRetry={() => void load()} retrying={loading} />}
      {detail && !detail.loaded && <Alert type="warning" showIcon title={`${year}年国务院放假安排尚未载入：该年暂按法定节假日（含补假、未含调休）推算工作日（图中浅色“休”），涉及该年的期限标注「暂定」。请导入放假通知。`} style={{ marginBottom: 12 }} />}
      <Row gutter={12}>
        <Col xs={24} xxl={18}>
          <Card size="small" title={<Space>{year}年 <Tag color="red">休 放假</Tag><Tag color="blue">班 调休上班</Tag><Typography.Text type="secondary" style={{ fontSize: 12 }}>点击日期调整</Typography.Text></Space>}
            extra={detail && <Typography.Text type="secondary">版本 {detail.version}</Typography.Text>}>
            <div className="fx-year" data-testid="calendar-grid">
              {detail && Array.from({ length: 12 }, (_, i) => <YearMonth key={i} year={year} month={i + 1} kinds={kinds} onPick={setDay} />)}
              {error && <Typography.Text type="secondary">未能加载，请重试</Typography.Text>}
            </div>
          </Card>
        </Col>
        <Col xs={24} xxl={6}>
          <Card size="small" title="已载入年份" style={{ marginBottom: 12 }}>
            <Table size="small" rowKey="year" pagination={false} dataSource={years ?? []} loading={!years && !error} locale={error ? { emptyText: '未能加载，请重试' } : undefined}
              columns={[
                { key: 'y', title: '年份', render: (_, y) => <a onClick={() => setYear(y.year)}>{y.year}</a> },
                { key: 'n', title: '放假/调休', render: (_, y) => `${y.holidays} / ${y.workdays}` },
                { key: 'v', title: '版本', dataIndex: 'version' },
              ]} />
          </Card>
          <Card size="small" title="变更记录">
            {(detail?.changes ?? []).slice(-10).reverse().map((c, i) => (
              <div key={i} style={{ fontSize: 12, marginBottom: 6 }} data-testid="calendar-change">
                <Typography.Text type="secondary">{fmtTime(c.at)}</Typography.Text> {CHANGE_ACTIONS[c.action] ?? c.action} · v{c.version}
                {' '}<Typography.Text type="secondary">{changeDetail(c.action, c.detail)}</Typography.Text>
                {c.recomputed > 0 && <Tag style={{ marginLeft: 4 }}>重算期限 {c.recomputed}</Tag>}
              </div>
            ))}
          </Card>
        </Col>
      </Row>
      {day && (
        <FormDialog title={`调整 ${day}（周${'日一二三四五六'[weekday(day)]}）`} okText="保存" width={480} onCancel={() => setDay(null)}
          initialValues={{ kind: cur?.kind ?? (weekday(day) === 0 || weekday(day) === 6 ? 'workday' : 'holiday'), name: cur?.name ?? '' }}
          onSubmit={async (v) => {
            await put(`/admin/calendar/days/${day}`, { kind: v.kind as CalendarDayKind, ...(v.name ? { name: v.name } : {}) });
            message.success(`${day} 已设为${CALENDAR_DAY_KIND_LABELS[String(v.kind)]}，在办期限将重新计算`);
            setDay(null);
            await load();
          }}>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Radio.Group data-testid="day-kind" options={(['holiday', 'workday', 'normal'] as const).map((k) => ({ value: k, label: CALENDAR_DAY_KIND_LABELS[k] }))} />
          </Form.Item>
          <Form.Item name="name" label="名称"><Input placeholder="如：国庆节、国庆节调休" /></Form.Item>
        </FormDialog>
      )}
      {noticeOpen && (
        <NoticeImportDialog onClose={() => setNoticeOpen(false)}
          onApplied={(y) => {
            setNoticeOpen(false);
            // Another year: switching to it loads it (a load() here would ask for the year shown until now).
            if (y === year) void load();
            else setYear(y);
          }} />
      )}
      {importing && (
        <FormDialog title="导入年度放假安排" okText="导入" onCancel={() => setImporting(false)} initialValues={{ year: year + 1, format: 'json' }}
          onSubmit={async (v) => {
            await post('/admin/calendar/import', { year: Number(v.year), format: v.format, content: v.content, ...(v.source ? { source: v.source } : {}) });
            message.success(`${String(v.year)}年放假安排已导入`);
            setImporting(false);
            setYear(Number(v.year));
            await load();
          }}>
          <Space>
            <Form.Item name="year" label="年份" rules={[{ required: true }]}><Input type="number" style={{ width: 120 }} /></Form.Item>
            <Form.Item name="format" label="格式"><Radio.Group options={[{ value: 'json', label: 'JSON' }, { value: 'ics', label: 'ICS' }]} /></Form.Item>
          </Space>
          <Form.Item name="content" label="内容" rules={[{ required: true, message: '请粘贴或选择文件' }]}
            extra='JSON：{"holidays":[{"date":"2027-01-01","name":"元旦"}],"workdays":[{"date":"2027-02-07","name":"春节调休"}]}；ICS：全天事件，标题含“休/班”'>
            <Input.TextArea rows={8} style={{ fontFamily: 'monospace', fontSize: 12 }} />
          </Form.Item>
          <Form.Item name="source" label="来源文号"><Input placeholder="如：国办发明电〔2026〕X号" /></Form.Item>
        </FormDialog>
      )}
    </div>
  );
}

function YearMonth({ year, month, kinds, onPick }: { year: number; month: number; kinds: Map<string, { kind: string; name: string; provisional?: boolean }>; onPick: (d: string) => void }) {
  const first = `${year}-${String(month).padStart(2, '0')}-01`;
  const lead = (weekday(first) + 6) % 7;
  const days: string[] = [];
  for (let x = first; x.startsWith(first.slice(0, 7)); x = addDays(x, 1)) days.push(x);
  return (
    <div className="fx-month">
      <div className="fx-month-title">{month}月</div>
      <div className="fx-month-grid">
        {['一', '二', '三', '四', '五', '六', '日'].map((w) => <div key={w} className="fx-day fx-day-head">{w}</div>)}
        {Array.from({ length: lead }, (_, i) => <div key={`l${i}`} className="fx-day" />)}
        {days.map((d) => {
          const k = kinds.get(d);
          const weekend = weekday(d) === 0 || weekday(d) === 6;
          const cls = k?.kind === 'holiday' ? 'fx-cal-holiday' : k?.kind === 'workday' ? 'fx-cal-workday' : weekend ? 'fx-cal-weekend' : 'fx-cal-normal';
          return (
            <button type="button" key={d} className={`fx-day fx-cal-day ${cls}`} style={k?.provisional ? { opacity: 0.6 } : undefined} title={`${d}${k?.name ? ` ${k.name}` : ''}`}
              data-date={d} data-kind={k?.kind ?? (weekend ? 'rest' : 'work')} data-provisional={k?.provisional ? 'true' : undefined} onClick={() => onPick(d)}>
              {Number(d.slice(8))}
              <small>{k?.kind === 'holiday' ? '休' : k?.kind === 'workday' ? '班' : ''}</small>
            </button>
          );
        })}
      </div>
    </div>
  );
}
