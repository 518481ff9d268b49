// 回访 by the complainant (issue 16 §4): the single-use link from the SMS opens this one page — four-point satisfaction
// and a comment. The answer is the same callback record as the operator's (counted in 满意率).
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Result, Spin } from 'antd';
import { SATISFACTION_LABELS, type Satisfaction } from '#contracts';
import { ApiError, errorText, get, post } from '../api';

interface RatingView { caseNo: string; typeText: string; unitName: string; resultText: string; expiresAt: string }
const CHOICES: Satisfaction[] = ['verySatisfied', 'satisfied', 'neutral', 'dissatisfied'];

export function PublicRatePage() {
  const { token = '' } = useParams();
  const [view, setView] = useState<RatingView | null>(null);
  const [closed, setClosed] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    document.title = '回访评价';
    get<RatingView>(`/public/ratings/${encodeURIComponent(token)}`).then(setView).catch((e) => setClosed(errorText(e)));
  }, [token]);
  const submit = async (v: { satisfaction: Satisfaction; comment?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await post(`/public/ratings/${encodeURIComponent(token)}`, { satisfaction: v.satisfaction, ...(v.comment?.trim() ? { comment: v.comment.trim() } : {}) });
      setDone(true);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 410 || e.status === 404)) setClosed(e.body.message);
      else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  if (done) return <Result status="success" title="感谢您的评价" subTitle={`案件 ${view?.caseNo ?? ''} 的回访已记录。`} data-testid="rate-done" />;
  if (closed) return <Result status="warning" title="无法评价" subTitle={closed} data-testid="rate-closed" />;
  if (!view) return <Spin />;
  return (
    <Card size="small" title="办理结果回访" data-testid="rate-page">
      <Descriptions size="small" column={1} items={[
        { key: 'no', label: '案件编号', children: view.caseNo },
        { key: 'unit', label: '承办单位', children: view.unitName },
        { key: 'res', label: '办理结果', children: view.resultText },
      ]} />
      <Form layout="vertical" onFinish={(v) => void submit(v)} style={{ marginTop: 12 }} requiredMark={false}>
        <Form.Item name="satisfaction" label={`您对本次${view.typeText}办理的满意程度`} rules={[{ required: true, message: '请选择满意度' }]}>
          <Radio.Group style={{ width: '100%' }}>
            <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
              {CHOICES.map((s) => <Radio.Button key={s} value={s} style={{ textAlign: 'center', height: 44, lineHeight: '42px' }}><span data-testid={`rate-${s}`}>{SATISFACTION_LABELS[s]}</span></Radio.Button>)}
            </div>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="comment" label="意见建议（可选）" rules={[{ max: 500, message: '不超过500字' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount data-testid="rate-comment" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="rate-submit">提交评价</Button>
      </Form>
    </Card>
  );
}
