// Work plans (年度工作要点, issue 7): import a plan pasted as text or uploaded as .txt (UTF-8) / .docx (preview → map
// unmatched unit names → confirm; POST /plans/preview with `text` or `file`, then POST /plans with the text), the plans list, a plan's tasks (GET /plans/:id) and its progress chart
// per unit (GET /plans/:id/indicators).
import { lazy, useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import {
  CADENCES, PLAN_FILE_MAX_BYTES, SUPPORTED_DATES, TASK_CADENCE_LABELS, TASK_STATUS_LABELS, labelOf, type ConfirmPlanItemSchedule, type ConfirmPlanResponse, type PlanIndicators,
  type PlanListItem, type PlanPreview, type PreviewPlanRequest, type SessionUser, type TaskCadence, type TaskScheduleRequest, type TaskScheduleResponse,
  type TaskSummary, type UnitDto,
} from '#contracts';
import { ApiError, errorText, get, patch, post } from '../api';
import { useUser } from '../auth';
import { chinaToday, fmtTime, pct } from '../format';
import { fileToBase64 } from '../files';
import { useUnits } from '../reference';
import { PageTitle } from '../ConsoleLayout';
import { FormDialog } from '../components/FormDialog';
import { DateField } from '../components/DateField';
import { LoadFailed } from '../components/bits';
import { useLoad } from '../useLoad';
import type { ChartOption } from '../charts/EChart';
import { ChartSlot } from '../components/ChartSlot';

const EChart = lazy(() => import('../charts/EChart'));
const CADENCE_OPTIONS = CADENCES.map((value) => ({
  value, label: { monthly: '按月（次月第5个工作日前报上月进展）', quarterly: '按季（下季度首月第5个工作日前报上季度进展）', none: '不定期报送（办结时汇总）' }[value],
}));
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Who may change a task's due date and cadence (the API decides, PATCH /tasks/:id): admins, the city bureau's
 * managers, and the leader or manager of the bureau office 办公室.
 */
function canSchedule(user: SessionUser, units: UnitDto[] | null): boolean {
  if (user.role === 'admin') return true;
  const own = units?.find((u) => u.id === user.unit.id);
  if (user.role === 'manager' && own?.level === 'city') return true;
  return (user.role === 'leader' || user.role === 'manager') && /^(局)?办公室$/.test(user.unit.name);
}

export function PlansPage() {
  const user = useUser();
  const [planId, setPlanId] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const { data: plans, error, loading, reload: load } = useLoad(() => get<PlanListItem[]>('/plans'), []);
  useEffect(() => {
    if (plans) setPlanId((cur) => cur ?? plans[0]?.id ?? null);
  }, [plans]);
  return (
    <div data-testid="plans-page">
      <PageTitle title="工作要点" extra={user.role === 'admin' && <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(!importing)}>{importing ? '返回列表' : '导入工作要点'}</Button>} />
      {importing ? <PlanImport onDone={(id) => { setImporting(false); setPlanId(id); void load(); }} /> : (
        <>
          <Card size="small" style={{ marginBottom: 12 }}>
            {error && <LoadFailed what="工作要点" error={error} onRetry={() => void load()} retrying={loading} />}
            <Table<PlanListItem> size="small" rowKey="id" loading={!plans && !error} dataSource={plans ?? []} pagination={false} locale={{ emptyText: error ? '未能加载，请重试' : '尚未导入工作要点' }}
              onRow={(p) => ({ onClick: () => setPlanId(p.id), style: { cursor: 'pointer', background: p.id === planId ? '#fff1f0' : undefined } })}
              columns={[
                { key: 'title', title: '名称', dataIndex: 'title' },
                { key: 'year', title: '年度', width: 80, dataIndex: 'year' },
                { key: 'tasks', title: '任务', width: 80, dataIndex: 'tasks' },
                { key: 'done', title: '已完成', width: 80, dataIndex: 'completed' },
                { key: 'at', title: '导入时间', width: 150, render: (_, p) => fmtTime(p.createdAt) },
              ]} />
          </Card>
          {planId && <PlanDetail id={planId} />}
        </>
      )}
    </div>
  );
}

function PlanDetail({ id }: { id: string }) {
  const { message } = App.useApp();
  const user = useUser();
  const directory = useUnits();
  const [editing, setEditing] = useState<TaskSummary | null>(null);
  const { data, error, loading, reload } = useLoad(
    () => Promise.all([get<{ tasks: TaskSummary[] }>(`/plans/${id}`), get<PlanIndicators>(`/plans/${id}/indicators`)]).then(([p, i]) => ({ id, tasks: p.tasks, ind: i })), [id]);
  const load = () => void reload();
  // Another plan's rows are never shown under this one's name while it loads.
  const { tasks, ind } = data?.id === id ? data : { tasks: null, ind: null };
  const mayEdit = canSchedule(user, directory ?? null);
  const units = (ind?.units ?? []).filter((u) => u.own.leadTasks + u.own.coTasks > 0 || u.own.reportsDue > 0);
  const option = useMemo<ChartOption>(() => ({
    animation: false,
    grid: { left: 48, right: 48, top: 32, bottom: 80 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: units.map((u) => u.unit.name), axisLabel: { interval: 0, rotate: 35 } },
    yAxis: [{ type: 'value', name: '件', minInterval: 1 }, { type: 'value', name: '%', max: 100 }],
    series: [
      { type: 'bar', name: '牵头任务', stack: 't', data: units.map((u) => u.own.leadTasks) },
      { type: 'bar', name: '已完成', data: units.map((u) => u.own.tasksCompleted) },
      { type: 'bar', name: '缺报', data: units.map((u) => u.own.reportsMissing), itemStyle: { color: '#cf1322' } },
      { type: 'line', name: '进展报告按时报送率', yAxisIndex: 1, data: units.map((u) => (u.own.onTimeReportRate === null ? null : Math.round(u.own.onTimeReportRate * 1000) / 10)) },
    ],
  }), [units]);
  if (error) return <LoadFailed what="工作要点的任务与进展" error={error} onRetry={load} retrying={loading} />;
  return (
    <Row gutter={12}>
      <Col xs={24} xxl={12}>
        <Card size="small" title={`各单位进展（截至 ${ind ? fmtTime(ind.asOf) : ''}）`} style={{ marginBottom: 12 }} data-testid="plan-indicators">
          <ChartSlot height={300}><EChart option={option} height={300} testId="plan-chart" /></ChartSlot>
          <Table size="small" rowKey={(u) => u.unit.id} dataSource={units} pagination={{ pageSize: 8, hideOnSinglePage: true, size: 'small' }}
            columns={[
              { key: 'u', title: '单位', render: (_, u) => u.unit.name },
              { key: 'lead', title: '牵头/协办', width: 90, render: (_, u) => `${u.own.leadTasks} / ${u.own.coTasks}` },
              { key: 'rate', title: '按时报送率', width: 100, render: (_, u) => pct(u.own.onTimeReportRate) },
              { key: 'miss', title: '缺报', width: 60, render: (_, u) => u.own.reportsMissing },
              { key: 'done', title: '完成率', width: 80, render: (_, u) => pct(u.own.completionRate) },
            ]} />
        </Card>
      </Col>
      <Col xs={24} xxl={12}>
        <Card size="small" title="任务">
          <Table<TaskSummary> size="small" rowKey="id" loading={!tasks} dataSource={tasks ?? []} pagination={{ pageSize: 15, hideOnSinglePage: true, size: 'small' }} scroll={{ x: 940 }}
            data-testid="plan-tasks"
            columns={[
              { key: 'n', title: '序号', width: 60, dataIndex: 'number' },
              { key: 't', title: '任务', render: (_, t) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: t.text }} style={{ margin: 0 }}>{t.text}</Typography.Paragraph> },
              { key: 'lead', title: '牵头单位', width: 150, render: (_, t) => t.leadUnit?.name ?? '—' },
              { key: 'p', title: '进度', width: 70, render: (_, t) => (t.latestProgress ? `${t.latestProgress.percent}%` : '—') },
              { key: 'due', title: '完成期限', width: 100, render: (_, t) => <span style={{ color: t.overdue ? '#cf1322' : undefined }} data-testid={`task-due-${t.number}`}>{t.dueDate}</span> },
              { key: 'cad', title: '报送周期', width: 80, render: (_, t) => <Tag data-testid={`task-cadence-${t.number}`}>{labelOf(TASK_CADENCE_LABELS, t.cadence)}</Tag> },
              { key: 's', title: '状态', width: 90, render: (_, t) => <Space size={2}><Tag>{labelOf(TASK_STATUS_LABELS, t.status)}</Tag>{t.overdueReports > 0 && <Tag color="red">缺报{t.overdueReports}</Tag>}</Space> },
              ...(mayEdit ? [{
                key: 'act', title: '', width: 64, fixed: 'right' as const, render: (_: unknown, t: TaskSummary) => (t.status === 'open'
                  ? <Button size="small" onClick={() => setEditing(t)} data-testid={`task-schedule-${t.number}`}>调整</Button> : null),
              }] : []),
            ]} />
        </Card>
      </Col>
      {editing && (
        <FormDialog title={`调整完成期限和报送周期 · 第${editing.number}项`} okText="保存" onCancel={() => setEditing(null)}
          initialValues={{ dueDate: editing.dueDate, cadence: editing.cadence }}
          onSubmit={async (v) => {
            const r = await patch<TaskScheduleResponse>(`/tasks/${editing.id}`, { dueDate: String(v.dueDate), cadence: v.cadence as TaskCadence } satisfies TaskScheduleRequest);
            message.success(r.changed ? `已调整：取消 ${r.cancelledDues.length} 期报告，新增 ${r.createdDues.length} 期` : '未作改动');
            for (const w of r.warnings) message.warning(w.message);
            setEditing(null);
            load();
          }}>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{editing.text}</Typography.Paragraph>
          <Form.Item name="dueDate" label="完成期限（当日24时）" extra="不得早于今天，最迟为次年12月31日"
            rules={[{ required: true, message: '请填写完成期限' }, { pattern: DATE, message: '请选择日期' }]}>
            <DateField style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="cadence" label="报送周期" rules={[{ required: true, message: '请选择报送周期' }]}>
            <Select options={CADENCE_OPTIONS} style={{ width: 360 }} data-testid="cadence-select" />
          </Form.Item>
          <Alert type="info" showIcon title="保存后重新安排进展报告：尚未到期且不再要求的报告取消，新的报告期生成报送期限并布设预警、督办；已报送和已到期的报告保留。" />
        </FormDialog>
      )}
    </Row>
  );
}

function PlanImport({ onDone }: { onDone: (id: string) => void }) {
  const { message } = App.useApp();
  const units = useUnits();
  const [form] = Form.useForm();
  const [preview, setPreview] = useState<PlanPreview | null>(null);
  const [mappings, setMappings] = useState<Record<string, string | null | undefined>>({});
  const [error, setError] = useState<string | null>(null);
  /** The API's refusals of the confirm that name a unit name or an item: shown on those rows, not at the top. */
  const [rowIssues, setRowIssues] = useState<RowIssue[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkUnit, setBulkUnit] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  /** Per-item due date / cadence chosen before confirming, by seq (the item's 1-based position); absent = defaults. */
  const [schedules, setSchedules] = useState<Record<number, ConfirmPlanItemSchedule>>({});
  const setSchedule = (seq: number, patchOf: Partial<ConfirmPlanItemSchedule>) =>
    setSchedules((cur) => ({ ...cur, [seq]: { ...cur[seq], ...patchOf, seq } }));
  const runPreview = async (body: PreviewPlanRequest) => {
    setBusy(true);
    setError(null);
    try {
      const p = await post<PlanPreview>('/plans/preview', body);
      setPreview(p);
      setSchedules({});
      setRowIssues([]);
      setSelected([]);
      setMappings(Object.fromEntries(p.unmatchedUnits.map((n) => [n, undefined])));
      // An uploaded file's extracted text is what the confirm step sends (and what the admin can read and correct).
      if (p.text !== undefined) form.setFieldValue('text', p.text);
      return true;
    } catch (e) {
      setPreview(null);
      setError(e instanceof ApiError && e.body.fields?.length ? e.body.fields.map((f) => f.message).join('；') : errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const doPreview = async () => {
    const v = await form.validateFields().catch(() => null);
    if (v) await runPreview({ title: v.title, text: v.text });
  };
  /** Upload = preview from the file: .txt/.docx, ≤ 5 MB, sent as base64; the title defaults to the file name. */
  const uploadFile = async (f: File) => {
    // A refused file is named in the message; the file a preview came from is named under the text (preview.file).
    const refuse = (why: string) => { setPreview(null); setError(`「${f.name}」${why}`); };
    if (!/\.(txt|docx)$/i.test(f.name)) {
      refuse(/\.(doc|wps)$/i.test(f.name) ? '：不支持 .doc/.wps 文件，请在 Word/WPS 中另存为 .docx 后上传' : '：仅支持 .txt（UTF-8）和 .docx 文件');
      return;
    }
    if (f.size > PLAN_FILE_MAX_BYTES) {
      refuse(`：文件过大（${(f.size / 1024 / 1024).toFixed(1)} MB），上限 ${PLAN_FILE_MAX_BYTES / 1024 / 1024} MB`);
      return;
    }
    let contentBase64: string;
    try {
      contentBase64 = await fileToBase64(f);
    } catch (e) {
      setPreview(null);
      setError(errorText(e));
      return;
    }
    // The title defaults to the file's name, and only for a file the preview took.
    const defaulted = !form.getFieldValue('title');
    if (defaulted) form.setFieldValue('title', f.name.replace(/\.[^.]+$/, ''));
    const title = String(form.getFieldValue('title') ?? '').trim();
    const ok = await runPreview({ title, file: { name: f.name, contentBase64 } });
    if (ok) message.success(`已读取 ${f.name}`);
    else if (defaulted) form.setFieldValue('title', undefined);
  };
  const confirm = async () => {
    const v = form.getFieldsValue();
    let items: ConfirmPlanItemSchedule[] = [];
    setBusy(true);
    setError(null);
    setRowIssues([]);
    try {
      const unitMappings = Object.fromEntries(Object.entries(mappings).filter(([, x]) => x !== undefined).map(([k, x]) => [k, x === '__none__' ? null : x]));
      items = Object.values(schedules)
        .map((x) => ({ seq: x.seq, ...(x.dueDate ? { dueDate: x.dueDate } : {}), ...(x.cadence ? { cadence: x.cadence } : {}) }))
        .filter((x) => x.dueDate || x.cadence);
      const r = await post<ConfirmPlanResponse>('/plans', { title: v.title, year: Number(v.year), text: v.text, unitMappings, ...(items.length ? { items } : {}) });
      message.success(`已导入：${r.tasks} 项任务`);
      onDone(r.id);
    } catch (e) {
      // Problems about a name or an item go next to that row; only the rest is said above the form.
      const fields = e instanceof ApiError ? ((e.body.fields ?? []) as RowIssue[]) : [];
      const onRows = fields.filter((f) => f.names?.length || f.seq);
      setRowIssues(onRows);
      const rest = fields.filter((f) => !onRows.includes(f));
      setError(fields.length
        ? [onRows.length ? `有 ${onRows.length} 处需要处理，已在下方对应的名称和事项旁标出` : '', ...rest.map((f) => f.message)].filter(Boolean).join('；')
        : errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const unitOptions = [{ value: '__none__', label: '不是本系统单位（忽略）' }, ...(units ?? []).map((u) => ({ value: u.id, label: u.name }))];
  return (
    <Card size="small" data-testid="plan-import">
      <Steps size="small" current={preview ? 1 : 0} style={{ marginBottom: 12 }} items={[{ title: '粘贴全文或上传文件' }, { title: '核对单位并确认' }]} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ year: Number(chinaToday().slice(0, 4)) }}>
        <Space>
          <Form.Item name="title" label="名称" rules={[{ required: true, message: '请填写名称' }]}><Input style={{ width: 420 }} placeholder="如：常德市市场监督管理局2026年工作要点" /></Form.Item>
          <Form.Item name="year" label="年度" rules={[{ required: true }]}><InputNumber min={SUPPORTED_DATES.minYear} max={SUPPORTED_DATES.maxYear} /></Form.Item>
          <Form.Item label="上传文件（.txt / .docx，≤5 MB）">
            <Upload accept=".txt,.docx" showUploadList={false} maxCount={1} data-testid="plan-upload"
              beforeUpload={(f) => { void uploadFile(f); return Upload.LIST_IGNORE; }}>
              <Button icon={<UploadOutlined />} loading={busy}>选择文件并预览</Button>
            </Upload>
          </Form.Item>
        </Space>
        <Form.Item name="text" label="全文" extra={preview?.file ? `全文为从 ${preview.file.name} 提取的文字，确认导入时以此为准${preview.file.kind === 'docx' ? '（Word 自动编号已按层级补为“1.”“（1）”，请核对序号）' : ''}` : undefined}
          rules={[{ required: true, message: '请粘贴工作要点全文，或上传 .txt / .docx 文件' }]}><Input.TextArea rows={preview ? 4 : 14} /></Form.Item>
      </Form>
      <Button type="primary" loading={busy} onClick={() => void doPreview()}>预览</Button>
      {preview && (
        <div style={{ marginTop: 12 }}>
          {preview.unmatchedUnits.length > 0 && (
            <UnmatchedNames names={preview.unmatchedUnits} mappings={mappings} setMappings={setMappings} unitOptions={unitOptions}
              selected={selected} setSelected={setSelected} bulkUnit={bulkUnit} setBulkUnit={setBulkUnit} issues={rowIssues} />
          )}
          <Table size="small" rowKey={(i) => `${i.section ?? ''}-${i.number}`} dataSource={preview.items} pagination={{ pageSize: 10, size: 'small', showTotal: (t) => `共 ${t} 项` }}
            rowClassName={(i) => (rowIssues.some((x) => x.seq === preview.items.indexOf(i) + 1) ? 'fx-row-error' : '')}
            columns={[
              { key: 'n', title: '序号', width: 60, dataIndex: 'number' },
              { key: 't', title: '内容', render: (_, i) => <Typography.Paragraph ellipsis={{ rows: 2, tooltip: i.text }} style={{ margin: 0 }}>{i.text}</Typography.Paragraph> },
              {
                key: 'lead', title: '牵头', width: 160, render: (_, i) => {
                  const said = rowIssues.filter((x) => x.seq === preview.items.indexOf(i) + 1);
                  return <>{i.leadUnit ?? '—'}{said.map((x) => <div key={x.message} className="fx-inline-error" data-testid="item-error">{x.message}</div>)}</>;
                },
              },
              { key: 'co', title: '责任单位', width: 260, render: (_, i) => i.clauses.flatMap((c) => c.units).join('、') },
              { key: 'tg', title: '目标', width: 120, render: (_, i) => i.targets.map((t) => t.text).join('；') },
              {
                key: 'due', title: '完成期限', width: 130, render: (_, i) => {
                  const seq = preview.items.indexOf(i) + 1;
                  return <DateField size="small" allowClear placeholder={`${form.getFieldValue('year') ?? ''}-12-31`} value={schedules[seq]?.dueDate ?? null} data-testid={`item-due-${seq}`}
                    onChange={(v) => setSchedule(seq, { dueDate: v })} />;
                },
              },
              {
                key: 'cad', title: '报送周期', width: 110, render: (_, i) => {
                  const seq = preview.items.indexOf(i) + 1;
                  return <Select size="small" style={{ width: 96 }} value={schedules[seq]?.cadence ?? 'monthly'} data-testid={`item-cadence-${seq}`}
                    options={CADENCES.map((c) => ({ value: c, label: TASK_CADENCE_LABELS[c] }))}
                    onChange={(c) => setSchedule(seq, { cadence: c })} />;
                },
              },
            ]} />
          <Button type="primary" loading={busy} onClick={() => void confirm()} disabled={preview.unmatchedUnits.some((n) => mappings[n] === undefined)}>确认导入</Button>
        </div>
      )}
    </Card>
  );
}

/** A refusal of the confirm as the API names it: the names and the item (seq) it is about, when it is about rows. */
interface RowIssue { field: string; code: string; message: string; names?: string[]; seq?: number }

/**
 * Names written alike (the same after brackets, a leading 市/各 and a trailing 等 are dropped): "市场主体培育专班" and
 * "市场主体培育专班（牵头）" are one name to map.
 */
export function alikeKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').replace(/[(（<＜〈【\[][^)）>＞〉】\]]*[)）>＞〉】\]]/g, '').replace(/^[市各]/, '').replace(/等$/, '');
}

/**
 * The unmatched names: one pick per name, or many at once — tick names and 应用到所选, 应用到所有相同名称 after a
 * pick, or mark the rest ignored. A name mapped to a unit is remembered as that unit's alias when the plan is confirmed.
 */
function UnmatchedNames({ names, mappings, setMappings, unitOptions, selected, setSelected, bulkUnit, setBulkUnit, issues }: {
  names: string[]; mappings: Record<string, string | null | undefined>; setMappings: (m: Record<string, string | null | undefined>) => void;
  unitOptions: { value: string; label: string }[]; selected: string[]; setSelected: (s: string[]) => void;
  bulkUnit: string | undefined; setBulkUnit: (u: string | undefined) => void; issues: RowIssue[];
}) {
  const open = names.filter((n) => mappings[n] === undefined);
  const alike = (n: string) => names.filter((m) => m !== n && alikeKey(m) === alikeKey(n) && mappings[m] !== mappings[n]);
  const apply = (targets: string[], unit: string) => setMappings({ ...mappings, ...Object.fromEntries(targets.map((t) => [t, unit])) });
  return (
    <Card size="small" type="inner" style={{ marginBottom: 12 }} data-testid="unmatched-names"
      title={`未匹配的单位名称（${names.length}，待对应 ${open.length}）：请对应到本系统单位，或标为“忽略”`}
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>对应到单位的名称在确认导入后记为该单位的别名，下次导入自动匹配</Typography.Text>}>
      <Space wrap style={{ marginBottom: 8 }} data-testid="bulk-map">
        <Checkbox indeterminate={selected.length > 0 && selected.length < names.length} checked={selected.length === names.length}
          onChange={(e) => setSelected(e.target.checked ? [...names] : [])}>全选</Checkbox>
        <Select style={{ width: 260 }} showSearch={{ optionFilterProp: 'label' }} placeholder="批量对应到…" options={unitOptions} value={bulkUnit}
          onChange={setBulkUnit} data-testid="bulk-unit" />
        <Button disabled={!selected.length || !bulkUnit} onClick={() => { apply(selected, bulkUnit!); setSelected([]); }} data-testid="bulk-apply">
          应用到所选（{selected.length}）
        </Button>
        <Button disabled={!open.length} onClick={() => apply(open, '__none__')} data-testid="ignore-rest">其余 {open.length} 个标为忽略</Button>
      </Space>
      {names.map((n) => {
        const others = mappings[n] !== undefined ? alike(n) : [];
        const said = issues.filter((x) => x.names?.includes(n));
        return (
          <div key={n} style={{ marginBottom: 6 }} data-testid={`unmatched-${n}`} className={said.length ? 'fx-row-error' : undefined}>
            <Space>
              <Checkbox checked={selected.includes(n)} onChange={(e) => setSelected(e.target.checked ? [...selected, n] : selected.filter((x) => x !== n))} aria-label={`选择${n}`} />
              <Tag color={mappings[n] === undefined ? 'orange' : 'default'} style={{ minWidth: 160 }}>{n}</Tag>
              <Select style={{ width: 320 }} showSearch={{ optionFilterProp: 'label' }} placeholder="选择单位" options={unitOptions} value={mappings[n] ?? undefined}
                onChange={(x) => setMappings({ ...mappings, [n]: x })} data-testid={`map-${n}`} />
              {others.length > 0 && (
                <Button size="small" type="link" onClick={() => apply(others, mappings[n] as string)} data-testid={`alike-${n}`}>应用到所有相同名称（{others.length}）</Button>
              )}
            </Space>
            {said.map((x) => <div key={x.message} className="fx-inline-error" data-testid="name-error">{x.message}</div>)}
          </div>
        );
      })}
    </Card>
  );
}
