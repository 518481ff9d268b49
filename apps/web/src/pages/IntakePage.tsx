// Operator intake (登记) for a live phone call: keyboard only. Tab walks the fields in the order a call goes, Enter
// (Ctrl+Enter inside a text area) saves, Alt+1/2/3 pick 投诉/举报/咨询, Alt+N starts a new call. Phone and credit
// code are checked as they are typed with the domain's own validators; the routing preview asks the API which unit
// will get the case before it is saved; after saving, the case number and the promised dates are read to the caller.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import {
  Alert, App, AutoComplete, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, List, Modal, Radio, Row, Select,
  Space, Tag, Typography, type InputRef,
} from 'antd';
import { CheckCircleOutlined, SendOutlined } from '@ant-design/icons';
import {
  CASE_TYPE_LABELS, CHANNELS, CHANNEL_LABELS, DEADLINE_KIND_LABELS, PERIOD_UNIT_LABELS, STATUS_LABELS, labelOf,
  type CaseListItem, type CaseType, type CaseView, type Channel, type Page, type RegisterCaseRequest, type RegisterCaseResponse,
  type RoutingPreview,
  citeLaws,
} from '#contracts';
import { checkCreditCode, creditCodeCheckChar, isValidPhone, isValidRegionCode, normalizePhone } from '#parties';
import { ApiError, errorText, get, post } from '../api';
import { chinaInputToIso, chinaNow, fmtDateWeek, fmtTime } from '../format';
import { OdrConsentField, odrPart, type OdrChoice } from '../odr/OdrConsentField';
import { odrApi } from '../odr/odrApi';
import { useCategories } from '../reference';
import { DateField } from '../components/DateField';
import { PageTitle } from '../ConsoleLayout';
import { AttachmentsCard } from '../components/CaseFiles';
import { Kbd, ProvisionalTag } from '../components/bits';
import { useDebounced } from '../useDebounced';

interface IntakeValues {
  type: CaseType;
  channel: Channel;
  receivedAt: string;
  complainant: { name?: string; phone?: string; address?: string };
  respondent: { name?: string; creditCode?: string; regionCode?: string; townshipCode?: string; address?: string; platform?: boolean };
  category?: string;
  description?: string;
  request?: string;
  amount?: number | null;
  odr?: OdrChoice;
}

const PARTY: Record<CaseType, { person: string; target: string }> = {
  complaint: { person: '投诉人', target: '被投诉人' },
  report: { person: '举报人', target: '被举报人' },
  inquiry: { person: '咨询人', target: '涉及经营者' },
};
/** Steps the caller is told about; the others are the bureau's internal pledges (shown, marked 内部). */
const TOLD_TO_CALLER = new Set(['acceptance', 'mediation', 'verification', 'answer', 'firstResponse']);

function initialValues(): IntakeValues {
  return { type: 'complaint', channel: 'hotline', receivedAt: chinaNow(), complainant: {}, respondent: { platform: false } };
}

export function IntakePage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<IntakeValues>();
  const cats = useCategories();
  const firstField = useRef<InputRef>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<RegisterCaseResponse | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const type = Form.useWatch('type', form) ?? 'complaint';
  const inquiry = type === 'inquiry';
  const phone = Form.useWatch(['complainant', 'phone'], form) ?? '';
  const creditCode = Form.useWatch(['respondent', 'creditCode'], form) ?? '';
  const regionCode = Form.useWatch(['respondent', 'regionCode'], form) ?? '';
  const townshipCode = Form.useWatch(['respondent', 'townshipCode'], form) ?? '';
  const respondentAddress = Form.useWatch(['respondent', 'address'], form) ?? '';
  const respondentName = Form.useWatch(['respondent', 'name'], form) ?? '';
  const platform = Form.useWatch(['respondent', 'platform'], form) ?? false;
  const category = Form.useWatch('category', form) ?? '';
  const labels = PARTY[type as CaseType];

  // ---- credit code: format error (rejects) vs checksum warning (accepted, lawful early pilot codes exist)
  const credit = useMemo(() => {
    const v = creditCode.trim();
    if (!v) return null;
    if (v.length < 15) return { status: 'validating' as const, help: `已输入 ${v.length} 位（统一社会信用代码18位，旧注册号15位）` };
    const c = checkCreditCode(v);
    if (!c.ok) return { status: 'error' as const, help: '格式错误：统一社会信用代码为18位（不含 I、O、S、V、Z，第3–8位为行政区划代码），或15位数字注册号' };
    if (c.kind === 'registrationNo') return { status: 'success' as const, help: '15位工商注册号（旧）' };
    if (!c.checksumValid)
      return { status: 'warning' as const, help: `校验位不符（按 GB 32100 应为 ${creditCodeCheckChar(v.toUpperCase().slice(0, 17))}），请与来电人核对；部分早期试点代码合法，仍可登记` };
    return { status: 'success' as const, help: `校验通过 · 登记机关区划 ${c.regionCode}` };
  }, [creditCode]);

  // Fill the region code from a valid credit code when the operator has not typed one.
  useEffect(() => {
    const c = creditCode.trim().length >= 15 ? checkCreditCode(creditCode) : null;
    if (c?.ok && c.regionCode && !form.getFieldValue(['respondent', 'regionCode']) && isValidRegionCode(c.regionCode))
      form.setFieldValue(['respondent', 'regionCode'], c.regionCode);
  }, [creditCode, form]);

  // ---- routing preview (debounced)
  // The routing fields of the registration (township and address can send it straight to a 市场监管所).
  const township = /^\d{9}$/.test(townshipCode.trim()) && townshipCode.trim().startsWith(regionCode.trim()) ? townshipCode.trim() : undefined;
  const previewInput = useDebounced(JSON.stringify({ regionCode: regionCode.trim(), category, platform: !!platform, type, townshipCode: township, address: respondentAddress.trim() || undefined }), 350);
  const [preview, setPreview] = useState<{ key: string; result?: RoutingPreview; error?: string } | null>(null);
  useEffect(() => {
    const p = JSON.parse(previewInput) as { regionCode: string; category: string; platform: boolean; type: CaseType };
    if (!isValidRegionCode(p.regionCode)) {
      setPreview(null);
      return;
    }
    let alive = true;
    post<RoutingPreview>('/routing/preview', p)
      .then((r) => alive && setPreview({ key: previewInput, result: r }))
      .catch((e) => alive && setPreview({ key: previewInput, error: errorText(e) }));
    return () => {
      alive = false;
    };
  }, [previewInput]);

  // ---- earlier cases from the same phone (duplicate / O121 Art. 17 pattern hint; never blocks)
  const phoneKey = useDebounced(isValidPhone(phone) ? normalizePhone(phone) : '', 400);
  const [earlier, setEarlier] = useState<Page<CaseListItem> | null>(null);
  useEffect(() => {
    if (!phoneKey) {
      setEarlier(null);
      return;
    }
    let alive = true;
    get<Page<CaseListItem>>('/cases', { q: phoneKey, pageSize: 5 }).then((r) => alive && setEarlier(r), () => undefined);
    return () => {
      alive = false;
    };
  }, [phoneKey]);
  const sameRespondent = earlier?.items.filter((c) => respondentName.trim() && c.respondentName === respondentName.trim()) ?? [];

  // ---- respondent lookup by name or code from earlier cases
  const nameKey = useDebounced(respondentName.trim(), 350);
  const [respondentOptions, setRespondentOptions] = useState<{ value: string; caseId: string }[]>([]);
  useEffect(() => {
    if (nameKey.length < 2) {
      setRespondentOptions([]);
      return;
    }
    let alive = true;
    get<Page<CaseListItem>>('/cases', { q: nameKey, pageSize: 20 }).then((r) => {
      if (!alive) return;
      const seen = new Map<string, string>();
      for (const c of r.items) if (!seen.has(c.respondentName)) seen.set(c.respondentName, c.id);
      setRespondentOptions([...seen].filter(([n]) => n !== nameKey).slice(0, 8).map(([value, caseId]) => ({ value, caseId })));
    }, () => undefined);
    return () => {
      alive = false;
    };
  }, [nameKey]);
  const pickRespondent = async (caseId: string) => {
    try {
      const c = await get<CaseView>(`/cases/${caseId}`);
      form.setFieldValue('respondent', {
        name: c.respondent.name, creditCode: c.respondent.creditCode ?? undefined, regionCode: c.respondent.regionCode,
        address: c.respondent.address, platform: c.respondent.platform,
      });
    } catch {
      /* the name stays as typed */
    }
  };

  // ---- save
  const save = useCallback(async () => {
    let v: IntakeValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const receivedAt = chinaInputToIso(v.receivedAt);
    if (!receivedAt) {
      form.setFields([{ name: 'receivedAt', errors: ['格式为 YYYY-MM-DD HH:mm'] }]);
      return;
    }
    const body: RegisterCaseRequest = {
      type: v.type,
      channel: v.channel,
      receivedAt,
      complainant: { name: v.complainant.name?.trim() ?? '', phone: normalizePhone(v.complainant.phone ?? ''), address: v.complainant.address?.trim() ?? '' },
      // A general question (咨询) may name no business: only what was filled in is sent.
      respondent: Object.fromEntries([
        ...Object.entries({
          name: v.respondent.name?.trim() ?? '',
          creditCode: v.respondent.creditCode?.trim().toUpperCase() ?? '',
          regionCode: v.respondent.regionCode?.trim() ?? '',
          townshipCode: v.respondent.townshipCode?.trim() ?? '',
          address: v.respondent.address?.trim() ?? '',
        }).filter(([k, x]) => x !== '' || (v.type !== 'inquiry' && k !== 'creditCode' && k !== 'townshipCode')),
        ['platform', !!v.respondent.platform],
      ]) as RegisterCaseRequest['respondent'],
      category: v.category ?? '',
      description: v.description?.trim() ?? '',
      ...(v.request?.trim() ? { request: v.request.trim() } : {}),
      ...(typeof v.amount === 'number' ? { amount: v.amount } : {}),
    };
    setSaving(true);
    setFormError(null);
    try {
      const r = await post<RegisterCaseResponse>('/cases', { ...body, ...(v.type === 'complaint' ? odrPart(v.odr) : {}) });
      setSaved(r);
    } catch (e) {
      if (e instanceof ApiError && e.body.fields?.length) {
        form.setFields(e.body.fields.map((f) => ({ name: f.field.split('.') as never, errors: [f.message] })));
        setFormError(`${e.body.message}：${e.body.fields.map((f) => f.message).join('；')}`);
      } else {
        setFormError(errorText(e));
        message.error(errorText(e));
      }
    } finally {
      setSaving(false);
    }
  }, [form, message]);

  const newCall = useCallback(() => {
    setSaved(null);
    setFormError(null);
    setPreview(null);
    form.resetFields();
    form.setFieldsValue(initialValues());
    setTimeout(() => firstField.current?.focus(), 0);
  }, [form]);

  // ---- shortcuts
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        const t = ({ Digit1: 'complaint', Digit2: 'report', Digit3: 'inquiry', Numpad1: 'complaint', Numpad2: 'report', Numpad3: 'inquiry' } as const)[e.code as 'Digit1'];
        if (t) {
          e.preventDefault();
          form.setFieldValue('type', t);
          return;
        }
        if (e.code === 'KeyN') {
          e.preventDefault();
          newCall();
          return;
        }
        if (e.code === 'KeyS') {
          e.preventDefault();
          void save();
        }
      }
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && !saved) {
        e.preventDefault();
        void save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [form, newCall, save, saved]);

  useEffect(() => {
    firstField.current?.focus();
  }, []);

  const categoryOptions = useMemo(
    () => (cats ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` })),
    [cats],
  );

  const phoneHelp = (() => {
    const p = phone.trim();
    if (!p) return undefined;
    if (isValidPhone(p)) {
      const n = normalizePhone(p);
      return { status: 'success' as const, help: /^1/.test(n) ? `手机号码 ${n}` : `固定电话/服务号码 ${n}` };
    }
    return { status: 'error' as const, help: '号码格式不正确：手机11位；座机须带区号（如 0736-7251234）' };
  })();

  return (
    <div data-testid="intake-page">
      <PageTitle
        title="登记"
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Kbd>Alt+1</Kbd> 投诉 <Kbd>Alt+2</Kbd> 举报 <Kbd>Alt+3</Kbd> 咨询 · <Kbd>Tab</Kbd> 下一项 · <Kbd>Enter</Kbd> 保存（文本框内 <Kbd>Ctrl+Enter</Kbd>）· <Kbd>Alt+N</Kbd> 新来电
          </Typography.Text>
        }
      />
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card size="small">
            <Form<IntakeValues>
              form={form}
              layout="vertical"
              initialValues={initialValues()}
              onFinish={() => void save()}
              requiredMark
              size="middle"
              data-testid="intake-form"
            >
              {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} data-testid="intake-error" />}
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item name="type" label="类型">
                    <Radio.Group optionType="button" buttonStyle="solid" data-testid="case-type"
                      options={(['complaint', 'report', 'inquiry'] as const).map((t, i) => ({ value: t, label: `${CASE_TYPE_LABELS[t]} ${i + 1}` }))} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="channel" label="渠道">
                    <Select options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))} />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name="receivedAt" label="收到时间（北京时间）" rules={[{ required: true, message: '请填写收到时间' }]}>
                    <DateField mode="datetime" max={chinaNow().slice(0, 10)} style={{ width: '100%' }} data-testid="received-at" />
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Text strong>{labels.person}</Typography.Text>
              <Row gutter={12}>
                <Col span={6}>
                  <Form.Item name={['complainant', 'name']} label="姓名" rules={[{ required: true, whitespace: true, message: `请填写${labels.person}姓名` }]}>
                    <Input ref={firstField} maxLength={50} data-testid="complainant-name" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item name={['complainant', 'phone']} label="联系电话" validateStatus={phoneHelp?.status} help={phoneHelp?.help}
                    rules={[{ required: true, message: '请填写联系电话' }, { validator: (_, v: string) => (!v || isValidPhone(v) ? Promise.resolve() : Promise.reject(new Error('号码格式不正确'))) }]}>
                    <Input maxLength={30} data-testid="complainant-phone" inputMode="tel" />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name={['complainant', 'address']} label="地址" rules={[{ required: true, whitespace: true, message: '请填写地址' }]}>
                    <Input maxLength={200} data-testid="complainant-address" />
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Text strong>{labels.target}</Typography.Text>
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name={['respondent', 'name']} label={inquiry ? '名称（选填）' : '名称'} rules={[{ required: !inquiry, whitespace: true, message: `请填写${labels.target}名称` }]}>
                    <AutoComplete options={respondentOptions.map((o) => ({ value: o.value, label: o.value, caseId: o.caseId }))}
                      onSelect={(_: string, o: { caseId?: string }) => o.caseId && void pickRespondent(o.caseId)}>
                      <Input maxLength={100} data-testid="respondent-name" placeholder="可按名称查找以往案件中的经营者" />
                    </AutoComplete>
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name={['respondent', 'creditCode']} label="统一社会信用代码" validateStatus={credit?.status} help={credit?.help}
                    rules={[{ validator: (_, v: string) => (!v?.trim() || checkCreditCode(v).ok ? Promise.resolve() : Promise.reject(new Error('统一社会信用代码格式错误'))) }]}>
                    <Input maxLength={18} data-testid="respondent-credit-code" style={{ textTransform: 'uppercase' }} placeholder="无则留空（个体、摊贩）" />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name={['respondent', 'regionCode']} label={inquiry ? '行政区划代码（选填）' : '行政区划代码'}
                    rules={[{ required: !inquiry, message: '请填写行政区划代码' }, { validator: (_, v: string) => (!v || isValidRegionCode(v.trim()) ? Promise.resolve() : Promise.reject(new Error('应为6位（或9/12位）数字'))) }]}>
                    <Input maxLength={12} data-testid="respondent-region" placeholder="如 430702" />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item name={['respondent', 'townshipCode']} label="乡镇街道代码" tooltip="9位：区县6位 + 乡镇街道3位；知道时填写，派单目录可据此直接派往市场监管所"
                    rules={[{ validator: (_, v: string) => (!v?.trim() || (/^\d{9}$/.test(v.trim()) && v.trim().startsWith(regionCode.trim())) ? Promise.resolve() : Promise.reject(new Error('应为9位数字，并以行政区划代码开头'))) }]}>
                    <Input maxLength={9} data-testid="respondent-township" placeholder="选填（9位）" />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item name={['respondent', 'address']} label={inquiry ? '经营地址（选填）' : '经营地址'} rules={[{ required: !inquiry, whitespace: true, message: '请填写经营地址' }]}>
                    <Input maxLength={200} data-testid="respondent-address" />
                  </Form.Item>
                </Col>
                <Col span={4}>
                  <Form.Item name={['respondent', 'platform']} label="电商平台" valuePropName="checked">
                    <Checkbox data-testid="respondent-platform">平台经营者</Checkbox>
                  </Form.Item>
                </Col>
              </Row>
              {type === 'complaint' && <OdrConsentField name={respondentName} creditCode={creditCode} suggest={odrApi.suggest} complainantSide={false} />}
              <Row gutter={12}>
                <Col span={24}>
                  <Form.Item name="category" label="商品/服务分类" rules={[{ required: true, message: '请选择分类' }]}>
                    <Select showSearch={{ optionFilterProp: 'label' }} options={categoryOptions} placeholder="输入代码或名称筛选，如 G01 或 家电" data-testid="category" loading={!cats} />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="description" label={type === 'inquiry' ? '咨询内容' : '事实经过'} rules={[{ required: true, whitespace: true, message: '请填写具体事实' }]}>
                    <Input.TextArea rows={3} maxLength={5000} data-testid="description" />
                  </Form.Item>
                </Col>
                {type !== 'inquiry' && (
                  <Col span={16}>
                    <Form.Item name="request" label={type === 'report' ? '举报要求' : '投诉请求'}>
                      <Input.TextArea rows={1} autoSize={{ minRows: 1, maxRows: 3 }} maxLength={2000} data-testid="request" />
                    </Form.Item>
                  </Col>
                )}
                <Col span={8}>
                  <Form.Item name="amount" label="涉案金额（元）">
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} data-testid="amount" />
                  </Form.Item>
                </Col>
              </Row>
              <Space>
                <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={saving} data-testid="save-case">保存并派单（Enter）</Button>
                <Button onClick={newCall}>清空（Alt+N）</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card size="small" title="派单预览" style={{ marginBottom: 12 }} data-testid="routing-preview">
            {!preview ? (
              <Typography.Text type="secondary">填写{labels.target}的行政区划代码后显示将派往的单位</Typography.Text>
            ) : preview.error ? (
              <Alert type="error" showIcon title={preview.error} />
            ) : preview.result?.unit ? (
              <>
                <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="routing-unit">
                  <CheckCircleOutlined style={{ color: '#52c41a' }} /> 将派往：{preview.result.unit.name}
                </Typography.Title>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>{preview.result.explanation}</Typography.Paragraph>
              </>
            ) : (
              <Alert type="warning" showIcon data-testid="routing-pool" title="无匹配的派单规则：保存后进入投诉举报办待分派池，人工分派" description={preview.result?.explanation} />
            )}
          </Card>
          <Card size="small" title="来电提示" data-testid="caller-hints">
            {!earlier ? (
              <Typography.Text type="secondary">填写有效电话后显示该号码以往登记的案件</Typography.Text>
            ) : earlier.total === 0 ? (
              <Typography.Text type="secondary">该号码无以往登记</Typography.Text>
            ) : (
              <>
                {sameRespondent.length > 0 && (
                  <Alert type="warning" showIcon style={{ marginBottom: 8 }} data-testid="duplicate-hint"
                    title={`该号码已就「${respondentName.trim()}」登记过 ${sameRespondent.length} 件：可能重复，请核实（并单由承办单位处理）`} />
                )}
                {earlier.total >= 3 && (
                  <Alert type="info" showIcon style={{ marginBottom: 8 }} title={`该号码共有 ${earlier.total} 件登记，请留意是否存在 《市场监督管理投诉举报处理办法》第十七条所列情形（仅提示，不影响登记）`} />
                )}
                <List size="small" dataSource={earlier.items} renderItem={(c) => (
                  <List.Item>
                    <Space size={4} wrap>
                      <Link to={`/cases/${c.id}`} target="_blank" className="fx-case-no" tabIndex={-1}>{c.caseNo}</Link>
                      <span>{c.respondentName}</span>
                      <Tag>{STATUS_LABELS[c.status]}</Tag>
                      <Typography.Text type="secondary">{fmtTime(c.receivedAt)}</Typography.Text>
                    </Space>
                  </List.Item>
                )} />
              </>
            )}
          </Card>
        </Col>
      </Row>
      <SavedDialog saved={saved} onNext={newCall} />
    </div>
  );
}

function SavedDialog({ saved, onNext }: { saved: RegisterCaseResponse | null; onNext: () => void }) {
  const navigate = useNavigate();
  if (!saved) return null;
  const told = saved.deadlines.filter((d) => TOLD_TO_CALLER.has(d.kind));
  const internal = saved.deadlines.filter((d) => !TOLD_TO_CALLER.has(d.kind));
  return (
    <Modal open title="登记成功" width={680} onCancel={onNext} destroyOnHidden
      footer={[
        <Button key="open" onClick={() => navigate(`/cases/${saved.id}`)}>查看案件</Button>,
        <Button key="next" type="primary" autoFocus onClick={onNext} data-testid="next-call">继续登记（Enter）</Button>,
      ]}>
      <div data-testid="saved-result">
        <Typography.Text type="secondary">案件编号（请告知来电人）</Typography.Text>
        <div className="fx-readout" data-testid="saved-case-no">{saved.caseNo}</div>
        <Descriptions size="small" column={1} style={{ marginTop: 8 }} items={[
          { key: 'type', label: '类型', children: CASE_TYPE_LABELS[saved.type] },
          { key: 'unit', label: '承办单位', children: saved.assignedUnit?.name ?? '待分派（投诉举报办人工分派）' },
          { key: 'status', label: '状态', children: STATUS_LABELS[saved.status] },
        ]} />
        {saved.warnings.map((w) => <Alert key={w.code} type="warning" showIcon title={w.message} style={{ marginTop: 8 }} />)}
        <Typography.Title level={5}>承诺期限（请告知来电人）</Typography.Title>
        <List size="small" bordered dataSource={told} data-testid="saved-deadlines" locale={{ emptyText: '无法定时限（《市场监督管理投诉举报处理办法》第四十四条）' }}
          renderItem={(d) => (
            <List.Item>
              <Space orientation="vertical" size={0}>
                <span><b>{labelOf(DEADLINE_KIND_LABELS, d.kind)}</b>：{fmtDateWeek(d.dueDate)}前{d.unit === 'hours' ? `（${fmtTime(d.dueAt)}）` : ''}{d.provisional && <ProvisionalTag years={[]} />}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {d.kind === 'mediation' ? '自受理之日起计算' : `自 ${d.startDate} 起 ${d.amount}${PERIOD_UNIT_LABELS[d.unit]}`} · {citeLaws(d.legalBasis)}
                </Typography.Text>
              </Space>
            </List.Item>
          )} />
        {internal.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
            内部期限：{internal.map((d) => `${labelOf(DEADLINE_KIND_LABELS, d.kind)} ${d.dueDate}`).join('；')}
          </Typography.Paragraph>
        )}
        {/* Evidence that came with the complaint (letters, visits, web forms): uploaded to the case just registered. */}
        <AttachmentsCard caseId={saved.id} canUpload compact />
      </div>
    </Modal>
  );
}
