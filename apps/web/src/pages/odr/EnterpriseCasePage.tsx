// One complaint as the enterprise sees it: the complainant's name and contact, the facts, the request, the
// evidence — never the bureau's internal notes — and the reply form: an offer, a refusal with its reasons, or
// "settled" with what was agreed (the complainant then confirms or rejects on the tracking page / by phone).
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Spin, Tag, Timeline, Typography } from 'antd';
import { ApiError, errorText } from '../../api';
import { useLoad } from '../../useLoad';
import { LoadFailed } from '../../components/bits';
import { fmtMoney, fmtTime } from '../../format';
import { ODR_OPEN, ODR_REPLY_LABELS, ODR_STAGE_LABELS, odrApi, type OdrReplyDto } from '../../odr/odrApi';

const fileSize = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

type Kind = OdrReplyDto['kind'];
const TEXT_LABEL: Record<Kind, string> = { offer: '和解方案', refusal: '拒绝理由', settled: '双方约定的内容' };
const ENDED: Record<string, string> = {
  confirmed: '投诉人已确认和解，本投诉已结案。',
  rejected: '投诉人不接受，本投诉已转市场监管部门处理。',
  refused: '企业已拒绝，本投诉已转市场监管部门处理。',
  expired: '协商期限已过，本投诉已转市场监管部门处理。',
};

export function EnterpriseCasePage() {
  const { id } = useParams();
  const { message } = App.useApp();
  const { data: c, error, loading, reload } = useLoad(() => odrApi.case(id!), [id]);
  const [form] = Form.useForm<{ kind: Kind; text: string }>();
  const kind = Form.useWatch('kind', form) ?? 'offer';
  const [busy, setBusy] = useState(false);
  if (error) return <LoadFailed what="投诉" error={error} onRetry={() => void reload()} retrying={loading} />;
  if (!c) return <Spin />;
  const open = ODR_OPEN.includes(c.stage);
  const send = async (v: { kind: Kind; text: string }) => {
    setBusy(true);
    try {
      if (v.kind === 'settled') await odrApi.settle(c.caseId, v.text.trim());
      else await odrApi.reply(c.caseId, { kind: v.kind, text: v.text.trim() });
      void message.success(v.kind === 'refusal' ? '已提交，投诉转市场监管部门处理' : '已提交，投诉人将收到短信，请其确认');
      form.resetFields();
      await reload();
    } catch (e) {
      if (e instanceof ApiError && e.body.fields?.length) form.setFields([{ name: 'text', errors: e.body.fields.map((f) => f.message) }]);
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="odr-case">
      <Link to="/odr/inbox">← 返回待处理投诉</Link>
      <Card size="small" style={{ marginTop: 8 }} title={<span>{c.caseNo} <Tag data-testid="odr-stage" style={{ whiteSpace: 'normal' }}>{ODR_STAGE_LABELS[c.stage]}</Tag></span>}>
        <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap', width: 88 } }}>
          <Descriptions.Item label="投诉人"><span data-testid="odr-complainant">{c.complainantName}</span></Descriptions.Item>
          <Descriptions.Item label="联系电话"><a href={`tel:${c.complainantPhone}`}>{c.complainantPhone}</a></Descriptions.Item>
          {c.complainantAddress && <Descriptions.Item label="联系地址">{c.complainantAddress}</Descriptions.Item>}
          <Descriptions.Item label="收到时间">{fmtTime(c.handedOverAt)}</Descriptions.Item>
          {c.dueAt && <Descriptions.Item label="协商期限">{fmtTime(c.dueAt)}</Descriptions.Item>}
          {c.amount !== null && <Descriptions.Item label="涉案金额">{fmtMoney(c.amount)}</Descriptions.Item>}
          <Descriptions.Item label="事实经过"><span style={{ whiteSpace: 'pre-wrap' }} data-testid="odr-facts">{c.description}</span></Descriptions.Item>
          <Descriptions.Item label="具体诉求"><span style={{ whiteSpace: 'pre-wrap' }}>{c.request ?? '未填写'}</span></Descriptions.Item>
          <Descriptions.Item label="证据材料">
            {c.attachments.length === 0 ? '无' : c.attachments.map((a) => (
              <div key={a.id}>
                <Button type="link" size="small" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} data-testid="odr-evidence"
                  onClick={() => odrApi.evidence(c.caseId, a).catch((e) => void message.error(errorText(e)))}>
                  {a.fileName}
                </Button>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>（{fileSize(a.size)}）</Typography.Text>
              </div>
            ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {c.replies.length > 0 && (
        <Card size="small" title="答复记录" style={{ marginTop: 8 }}>
          <Timeline items={c.replies.map((r) => ({
            children: <div data-testid="odr-reply"><Typography.Text strong>{ODR_REPLY_LABELS[r.kind]}</Typography.Text> · {fmtTime(r.at)}<div style={{ whiteSpace: 'pre-wrap' }}>{r.text}</div></div>,
          }))} />
        </Card>
      )}
      {open && c.stage !== 'waiting' && <Alert style={{ marginTop: 8 }} type="info" showIcon message="已答复，等待投诉人确认；确认前可重新答复。" data-testid="odr-awaiting" />}
      {open && (
        <Card size="small" title={c.stage === 'waiting' ? '答复投诉' : '重新答复'} style={{ marginTop: 8 }}>
          <Form form={form} layout="vertical" initialValues={{ kind: 'offer' }} onFinish={(v) => void send(v)}>
            <Form.Item name="kind" label="答复方式">
              <Radio.Group data-testid="odr-reply-kind" options={(['offer', 'refusal', 'settled'] as const).map((k) => ({ value: k, label: ODR_REPLY_LABELS[k] }))} />
            </Form.Item>
            <Form.Item name="text" label={TEXT_LABEL[kind]} rules={[{ required: true, whitespace: true, message: `请填写${TEXT_LABEL[kind]}` }, { max: 2000 }]}>
              <Input.TextArea rows={4} showCount maxLength={2000} data-testid="odr-reply-text" />
            </Form.Item>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {kind === 'refusal' ? '拒绝后投诉转市场监管部门处理。' : '提交后以短信请投诉人确认；投诉人不接受的，转市场监管部门处理。'}
            </Typography.Paragraph>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="odr-reply-submit">提交答复</Button>
          </Form>
        </Card>
      )}
      {!open && <Alert style={{ marginTop: 8 }} type={c.stage === 'confirmed' ? 'success' : 'warning'} showIcon message={ENDED[c.stage]} data-testid="odr-ended" />}
    </div>
  );
}
