// 在线投诉举报 (issue 16 part 1): a phone-sized form with the intake's checks, SMS code, and the result with the
// case number and query code, where evidence can be added at once.
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Radio, Result, Select, TreeSelect, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { checkCreditCode } from '#parties';
import { ApiError, errorText } from '../api';
import { publicApi, type FilingResult, type PublicReference } from './publicApi';
import { SmsCodeButton } from './SmsCodeField';
import { OdrConsentField, odrPart, type OdrChoice } from '../odr/OdrConsentField';
import { odrApi } from '../odr/odrApi';

interface Values {
  type: 'complaint' | 'report' | 'inquiry';
  complainant: { name: string; phone: string; address: string };
  respondent: { name: string; creditCode?: string; regionCode: string; address: string };
  category: string; description: string; request?: string; amount?: number; smsCode: string;
  odr?: OdrChoice;
}

const TYPE_HELP: Record<string, string> = {
  complaint: '与经营者发生消费纠纷，请求调解',
  report: '反映经营者的违法行为，请求查处',
  inquiry: '咨询法律法规或办事流程',
};

export function PublicFilePage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [ref, setRef] = useState<PublicReference | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<(FilingResult & { phone: string }) | null>(null);
  const phone = Form.useWatch(['complainant', 'phone'], form) ?? '';
  const type = Form.useWatch('type', form) ?? 'complaint';
  const respondentName = Form.useWatch(['respondent', 'name'], form) ?? '';
  const respondentCode = Form.useWatch(['respondent', 'creditCode'], form) ?? '';
  useEffect(() => { void publicApi.reference().then(setRef, (e) => void message.error(errorText(e))); }, [message]);

  const tree = useMemo(() => {
    const cats = ref?.categories ?? [];
    const node = (c: PublicReference['categories'][number]): object => {
      const children = cats.filter((x) => x.parentCode === c.code).map(node);
      return { value: c.code, title: `${c.name}`, ...(children.length ? { children } : {}) };
    };
    const roots = cats.filter((c) => !c.parentCode);
    return [
      { value: 'goods', title: '商品', selectable: false, children: roots.filter((c) => c.kind === 'goods').map(node) },
      { value: 'services', title: '服务', selectable: false, children: roots.filter((c) => c.kind === 'services').map(node) },
    ];
  }, [ref]);

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const r = await publicApi.file({
        type: v.type, smsCode: v.smsCode.trim(), complainant: v.complainant,
        respondent: { ...v.respondent, creditCode: v.respondent.creditCode?.trim() || undefined },
        category: v.category, description: v.description, request: v.request?.trim() || undefined, amount: v.amount ?? undefined,
        ...(v.type === 'complaint' ? odrPart(v.odr) : {}),
      });
      setDone({ ...r, phone: v.complainant.phone.trim() });
      window.scrollTo(0, 0);
    } catch (e) {
      if (e instanceof ApiError && e.body.fields?.length)
        form.setFields(e.body.fields.map((f) => ({ name: f.field.split('.') as never, errors: [f.message] })));
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  if (done) return <Filed result={done} />;

  return (
    <Card title="在线投诉举报" size="small">
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message="请如实填写。提交后将以短信告知案件编号和查询码，凭此查询办理进度。" />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ type: 'complaint' }} scrollToFirstError requiredMark>
        <Form.Item name="type" label="类型" extra={TYPE_HELP[type]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="public-type"
            options={[{ value: 'complaint', label: '投诉' }, { value: 'report', label: '举报' }, { value: 'inquiry', label: '咨询' }]} />
        </Form.Item>
        <Typography.Title level={5}>您的信息</Typography.Title>
        <Form.Item name={['complainant', 'name']} label="姓名" rules={[{ required: true, message: '请填写姓名' }, { max: 50 }]}>
          <Input data-testid="complainant-name" autoComplete="name" />
        </Form.Item>
        <Form.Item name={['complainant', 'address']} label="联系地址" rules={[{ required: true, message: '请填写联系地址' }, { max: 200 }]}>
          <Input data-testid="complainant-address" />
        </Form.Item>
        <Typography.Title level={5}>被投诉（举报）的经营者</Typography.Title>
        <Form.Item name={['respondent', 'name']} label="经营者名称" rules={[{ required: true, message: '请填写经营者名称' }, { max: 100 }]}>
          <Input data-testid="respondent-name" />
        </Form.Item>
        <Form.Item name={['respondent', 'creditCode']} label="统一社会信用代码（选填）" validateFirst
          rules={[{ validator: (_, v?: string) => {
            if (!v?.trim()) return Promise.resolve();
            const c = checkCreditCode(v);
            return c.ok ? Promise.resolve() : Promise.reject(new Error('格式不正确：18位，不含I、O、S、V、Z'));
          } }, { warningOnly: true, validator: (_, v?: string) => {
            const c = v?.trim() ? checkCreditCode(v) : null;
            return c?.ok && !c.checksumValid ? Promise.reject(new Error('校验位不符，请核对（部分早期代码合法但校验不通过）')) : Promise.resolve();
          } }]}>
          <Input maxLength={18} data-testid="respondent-credit-code" />
        </Form.Item>
        <Form.Item name={['respondent', 'regionCode']} label="经营者所在区县" rules={[{ required: true, message: '请选择经营者所在区县' }]}>
          <Select options={(ref?.regions ?? []).map((r) => ({ value: r.code, label: r.name }))} placeholder="请选择" data-testid="respondent-region" loading={!ref} />
        </Form.Item>
        <Form.Item name={['respondent', 'address']} label="经营地址" rules={[{ required: true, message: '请填写经营地址' }, { max: 200 }]}>
          <Input data-testid="respondent-address" />
        </Form.Item>
        {type === 'complaint' && <OdrConsentField name={respondentName} creditCode={respondentCode} suggest={odrApi.publicSuggest} complainantSide />}
        <Typography.Title level={5}>事情经过</Typography.Title>
        <Form.Item name="category" label="商品或服务类别" rules={[{ required: true, message: '请选择类别' }]}>
          <TreeSelect treeData={tree} showSearch treeNodeFilterProp="title" placeholder="请选择" data-testid="category" loading={!ref}
            styles={{ popup: { root: { maxHeight: 320, overflow: 'auto' } } }} />
        </Form.Item>
        <Form.Item name="description" label="事实经过" rules={[{ required: true, message: '请填写事实经过' }, { max: 5000 }]}>
          <Input.TextArea rows={4} showCount maxLength={5000} data-testid="description" />
        </Form.Item>
        {type !== 'inquiry' && (
          <Form.Item name="request" label="具体诉求（选填）" rules={[{ max: 2000 }]}>
            <Input.TextArea rows={2} data-testid="request" />
          </Form.Item>
        )}
        {type === 'complaint' && (
          <Form.Item name="amount" label="涉案金额（元，选填）">
            <InputNumber min={0} max={999999999999} precision={2} style={{ width: '100%' }} data-testid="amount" />
          </Form.Item>
        )}
        <Typography.Title level={5}>手机验证</Typography.Title>
        <Form.Item name={['complainant', 'phone']} label="手机号" rules={[{ required: true, message: '请填写手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '应为11位手机号' }]}>
          <Input inputMode="tel" maxLength={11} data-testid="complainant-phone" autoComplete="tel" />
        </Form.Item>
        <Form.Item><SmsCodeButton phone={phone} purpose="file" /></Form.Item>
        <Form.Item name="smsCode" label="短信验证码" rules={[{ required: true, message: '请填写短信验证码' }, { pattern: /^\d{6}$/, message: '应为6位数字' }]}>
          <Input inputMode="numeric" maxLength={6} data-testid="sms-code" autoComplete="one-time-code" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="public-submit">提交</Button>
      </Form>
    </Card>
  );
}

function Filed({ result }: { result: FilingResult & { phone: string } }) {
  const { message } = App.useApp();
  const [files, setFiles] = useState<string[]>([]);
  return (
    <Card size="small">
      <Result status="success" title="提交成功" subTitle={result.duplicate ? '您已提交过相同内容，以下为首次提交的案件编号和查询码' : '案件编号和查询码已通过短信发送到您的手机'} style={{ padding: '16px 0' }} />
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label="案件编号"><Typography.Text copyable strong data-testid="filed-case-no">{result.caseNo}</Typography.Text></Descriptions.Item>
        <Descriptions.Item label="查询码"><Typography.Text copyable strong data-testid="filed-query-code">{result.queryCode}</Typography.Text></Descriptions.Item>
      </Descriptions>
      {result.warnings.map((w) => <Alert key={w.code} type="warning" showIcon message={w.message} style={{ marginTop: 8 }} />)}
      <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>请妥善保管查询码。可凭案件编号、手机号和查询码查询办理进度。</Typography.Paragraph>
      <Card size="small" title="上传证据材料（选填）" style={{ marginTop: 12 }}>
        <Typography.Paragraph type="secondary">发票、照片、聊天记录等，单个文件不超过10MB。</Typography.Paragraph>
        <Upload className="block-upload" accept="image/*,.pdf,.doc,.docx" showUploadList={false}
          customRequest={async ({ file, onSuccess, onError }) => {
            try {
              const r = await publicApi.evidence(result.caseNo, { phone: result.phone, queryCode: result.queryCode }, file as File);
              setFiles((f) => [...f, r.name]);
              onSuccess?.(r);
              void message.success(`已上传：${r.name}`);
            } catch (e) {
              onError?.(e as Error);
              void message.error(errorText(e));
            }
          }}>
          <Button icon={<UploadOutlined />} block data-testid="public-evidence">选择文件上传</Button>
        </Upload>
        {files.map((f) => <div key={f} data-testid="uploaded-file">已上传：{f}</div>)}
      </Card>
      <Link to={`/public/track?caseNo=${result.caseNo}`}><Button block type="primary" style={{ marginTop: 12 }} data-testid="go-track">查询办理进度</Button></Link>
    </Card>
  );
}
