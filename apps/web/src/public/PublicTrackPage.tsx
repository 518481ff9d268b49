// 查询办理进度 (issue 16 part 2): case number + phone + query code (or an SMS code) → status in plain words, steps,
// documents; 补充材料 and 撤回 with the same proof.
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, List, Modal, Radio, Tag, Timeline, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { errorText, saveBlob } from '../api';
import { useConfirmOk } from '../useConfirmOk';
import { fmtTime } from '../format';
import { publicApi, type Proof, type PublicCase } from './publicApi';
import { ODR_STAGE_LABELS, type OdrCaseStateDto } from '../odr/odrApi';
import { SmsCodeButton } from './SmsCodeField';

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');
const STATUS_COLOR: Record<string, string> = { odr: 'gold', accepted: 'processing', closed: 'success', archived: 'success', declined: 'error', withdrawn: 'default' };

export function PublicTrackPage() {
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<{ caseNo: string; phone: string; by: 'queryCode' | 'smsCode'; code: string }>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ view: PublicCase; phone: string } | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const staleRef = useRef<HTMLDivElement>(null);
  // The action was taken at the foot of the page, on a phone: bring the notice into view.
  useEffect(() => { if (stale) staleRef.current?.scrollIntoView({ block: 'center' }); }, [stale]);
  const by = Form.useWatch('by', form) ?? 'queryCode';
  const phone = Form.useWatch('phone', form) ?? '';

  const look = async (v: { caseNo: string; phone: string; by: 'queryCode' | 'smsCode'; code: string }) => {
    setBusy(true);
    try {
      const view = await publicApi.track(v.caseNo.trim(), { phone: v.phone.trim(), [v.by]: v.code.trim() });
      setResult({ view, phone: v.phone.trim() });
      setStale(null);
    } catch (e) {
      setResult(null);
      void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  // After an action (补充材料, 撤回, 在线解纷): the case is read again. If that fails, the progress shown is from
  // before the action, and the page says so with 重新查询 (it failed silently: a withdrawn case still read 办理中).
  const refresh = async () => {
    if (!result) return;
    setRefreshing(true);
    try {
      setResult({ view: await publicApi.track(result.view.caseNo, { phone: result.phone, token: result.view.token }), phone: result.phone });
      setStale(null);
    } catch (e) {
      setStale(errorText(e));
    } finally {
      setRefreshing(false);
    }
  };

  return (
    <>
      <Card title="查询办理进度" size="small">
        <Form form={form} layout="vertical" onFinish={(v) => void look(v)} initialValues={{ caseNo: params.get('caseNo') ?? '', by: 'queryCode' }}>
          <Form.Item name="caseNo" label="案件编号" rules={[{ required: true, message: '请填写案件编号' }]}>
            <Input inputMode="numeric" maxLength={20} data-testid="track-case-no" />
          </Form.Item>
          <Form.Item name="phone" label="手机号" rules={[{ required: true, message: '请填写手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '应为11位手机号' }]}>
            <Input inputMode="tel" maxLength={11} data-testid="track-phone" />
          </Form.Item>
          <Form.Item name="by" label="验证方式">
            <Radio.Group optionType="button" options={[{ value: 'queryCode', label: '查询码' }, { value: 'smsCode', label: '短信验证码' }]} data-testid="track-by" />
          </Form.Item>
          {by === 'smsCode' && <Form.Item><SmsCodeButton phone={phone} purpose="track" /></Form.Item>}
          <Form.Item name="code" label={by === 'queryCode' ? '查询码' : '短信验证码'} rules={[{ required: true, message: '请填写' }]}>
            <Input maxLength={by === 'queryCode' ? 8 : 6} data-testid="track-code" style={{ textTransform: by === 'queryCode' ? 'uppercase' : undefined }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="track-submit">查询</Button>
        </Form>
      </Card>
      {result && stale && (
        <div ref={staleRef}>
          <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="track-stale" title="办理进度未能刷新，以下为操作前的进度" description={stale}
            action={<Button size="small" loading={refreshing} onClick={() => void refresh()}>重新查询</Button>} />
        </div>
      )}
      {result && <CaseView view={result.view} phone={result.phone} onChanged={() => void refresh()} />}
    </>
  );
}

function CaseView({ view, phone, onChanged }: { view: PublicCase; phone: string; onChanged: () => void }) {
  const { message, modal } = App.useApp();
  const confirmOk = useConfirmOk();
  const proof: Proof = { phone, token: view.token };
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const supplement = async () => {
    setSending(true);
    try {
      await publicApi.supplement(view.caseNo, proof, text.trim());
      setText('');
      void message.success('补充材料已提交');
      onChanged();
    } catch (e) {
      void message.error(errorText(e));
    } finally {
      setSending(false);
    }
  };
  const withdraw = () => {
    let reason = '';
    modal.confirm({
      title: '撤回投诉', okText: '确认撤回', cancelText: '取消', okButtonProps: { danger: true },
      content: (<><Typography.Paragraph>撤回后本投诉不再处理。确定撤回吗？</Typography.Paragraph><Input.TextArea rows={2} placeholder="撤回原因（选填）" onChange={(e) => { reason = e.target.value; }} /></>),
      onOk: confirmOk(async () => {
        await publicApi.withdraw(view.caseNo, proof, reason.trim() || undefined);
        return '已撤回';
      }, onChanged),
    });
  };
  return (
    <Card size="small" style={{ marginTop: 12 }} title={<>案件 {view.caseNo}</>} data-testid="track-result">
      <Descriptions column={1} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
        <Descriptions.Item label="类型">{view.typeText}</Descriptions.Item>
        <Descriptions.Item label="状态"><Tag color={STATUS_COLOR[view.status] ?? 'blue'} data-testid="track-status" style={{ whiteSpace: 'normal' }}>{view.statusText}</Tag></Descriptions.Item>
        {view.unitName && <Descriptions.Item label="承办单位"><span data-testid="track-unit">{view.unitName}</span></Descriptions.Item>}
      </Descriptions>
      {view.type === 'complaint' && <OdrStage caseNo={view.caseNo} proof={proof} status={view.status} onChanged={onChanged} />}
      {view.deadlines.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 12 }}>办理时限</Typography.Title>
          {view.deadlines.map((d) => (
            <Typography.Paragraph key={d.name} style={{ marginBottom: 4 }}>{d.name}：{when(d.dueAt)} 前<br /><Typography.Text type="secondary" style={{ fontSize: 12 }}>{d.legalBasis}</Typography.Text></Typography.Paragraph>
          ))}
        </>
      )}
      <Typography.Title level={5} style={{ marginTop: 12 }}>办理过程</Typography.Title>
      <Timeline items={view.steps.map((s) => ({ children: <div data-testid="track-step"><b>{s.name}</b> {when(s.at)}<br />{s.text}</div> }))} />
      <Typography.Title level={5}>文书</Typography.Title>
      {view.documents.length ? (
        <List size="small" dataSource={view.documents} renderItem={(d) => (
          <List.Item actions={[<Button key="dl" size="small" icon={<DownloadOutlined />} data-testid={`doc-${d.kind}`} onClick={() => void publicApi.document(view.caseNo, proof, d.id).then((f) => saveBlob(f.blob, f.filename), (e) => void message.error(errorText(e)))}>下载</Button>]}>
            <List.Item.Meta title={d.kindName} description={`${d.number} · ${when(d.issuedAt)}`} />
          </List.Item>
        )} />
      ) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无文书" />}
      {view.canSupplement && (
        <>
          <Typography.Title level={5}>补充材料</Typography.Title>
          <Input.TextArea rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} placeholder="补充说明（如新的证据、经营者联系方式）" data-testid="supplement-text" />
          <Button block style={{ marginTop: 8 }} disabled={!text.trim()} loading={sending} onClick={() => void supplement()} data-testid="supplement-submit">提交补充说明</Button>
          <Upload className="block-upload" showUploadList={false} customRequest={async ({ file, onSuccess, onError }) => {
            try {
              const r = await publicApi.evidence(view.caseNo, proof, file as File);
              onSuccess?.(r);
              void message.success(`已上传：${r.name}`);
              onChanged();
            } catch (e) {
              onError?.(e as Error);
              void message.error(errorText(e));
            }
          }}>
            <Button block icon={<UploadOutlined />} style={{ marginTop: 8 }}>上传证据文件</Button>
          </Upload>
        </>
      )}
      {view.canWithdraw && <Button danger block style={{ marginTop: 16 }} onClick={withdraw} data-testid="withdraw">撤回投诉</Button>}
    </Card>
  );
}

/** The ODR stage (issue 17 §4): the enterprise's window, its proposal, and the complainant's confirm / reject. */
function OdrStage({ caseNo, proof, status, onChanged }: { caseNo: string; proof: Proof; status: string; onChanged: () => void }) {
  const { modal } = App.useApp();
  const confirmOk = useConfirmOk();
  // Asked for while the complaint is with the enterprise or once closed (perhaps as 和解), with the view's proof,
  // again when the status moves (404: it never went to ODR); a stage shown stays when the case moves on to the bureau.
  const [odr, setOdr] = useState<OdrCaseStateDto | null>(null);
  useEffect(() => {
    if (status !== 'odr' && status !== 'closed') return;
    let alive = true;
    publicApi.odrState(caseNo, proof).then((x) => alive && setOdr(x), () => undefined);
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caseNo, proof.token, status]);
  const decide = (accept: boolean) => {
    modal.confirm({
      title: accept ? '接受企业的处理结果' : '不接受企业的处理结果',
      okText: accept ? '确认接受' : '不接受', cancelText: '取消', okButtonProps: accept ? {} : { danger: true },
      content: <Typography.Paragraph>{accept ? '确认后本投诉以和解结案。' : '不接受的，本投诉转市场监管部门依法处理。'}</Typography.Paragraph>,
      onOk: confirmOk(async () => {
        const r = await publicApi.odrDecision(caseNo, proof, accept);
        setOdr((o) => (o ? { ...o, stage: r.stage, awaitingDecision: false } : o));
        return accept ? '已确认，投诉以和解结案' : '已转市场监管部门处理';
      }, onChanged),
    });
  };
  if (!odr) return null;
  return (
    <Card size="small" type="inner" title="企业在线协商" style={{ marginTop: 12 }} data-testid="track-odr">
      <Descriptions column={1} size="small">
        <Descriptions.Item label="被投诉企业">{odr.enterpriseName}</Descriptions.Item>
        <Descriptions.Item label="协商阶段"><span data-testid="track-odr-stage" data-stage={odr.stage}>{ODR_STAGE_LABELS[odr.stage]}</span></Descriptions.Item>
        <Descriptions.Item label="转交企业">{fmtTime(odr.handedOverAt)}</Descriptions.Item>
        {odr.dueAt && <Descriptions.Item label="协商期限">{fmtTime(odr.dueAt)} 前</Descriptions.Item>}
      </Descriptions>
      {odr.proposal && (
        <Typography.Paragraph style={{ marginTop: 8 }}>
          <b>{odr.stage === 'settled' ? '企业报称已与您协商一致' : odr.stage === 'confirmed' ? '和解内容' : '企业提出的方案'}：</b><br /><span style={{ whiteSpace: 'pre-wrap' }} data-testid="track-odr-proposal">{odr.proposal}</span>
        </Typography.Paragraph>
      )}
      {odr.awaitingDecision && (
        <>
          <Button type="primary" block onClick={() => decide(true)} data-testid="odr-accept">接受，以和解结案</Button>
          <Button block danger style={{ marginTop: 8 }} onClick={() => decide(false)} data-testid="odr-reject">不接受，转市场监管部门</Button>
        </>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        企业应在10个工作日内与您协商；企业未按期处理、拒绝或您不接受的，转市场监管部门处理，企业协商的时间不计入市场监管部门的处理时限。
      </Typography.Paragraph>
    </Card>
  );
}
