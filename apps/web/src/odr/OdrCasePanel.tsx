// The ODR block of a case in the staff console (issue 17 §4): the enterprise, the stage, its proposal; an operator
// (or manager/admin) records the complainant's decision given by phone: confirm → closed as 和解, reject → bureau.
import { App, Button, Card, Descriptions, Input, Space, Typography } from 'antd';
import type { Role } from '#contracts';
import { useEffect, useState } from 'react';
import { get, post } from '../api';
import { useConfirmOk } from '../useConfirmOk';
import { fmtTime } from '../format';
import { ODR_STAGE_LABELS, type OdrCaseStateDto } from './odrApi';

export function OdrCasePanel({ caseId, status, role, onChanged }: { caseId: string; status: string; role: Role; onChanged: () => void }) {
  const { modal } = App.useApp();
  const confirmOk = useConfirmOk();
  // GET /cases/:id/odr answers 404 for a case that never went to ODR: no panel then
  const [odr, setOdr] = useState<OdrCaseStateDto | null>(null);
  useEffect(() => {
    let alive = true;
    get<OdrCaseStateDto>(`/cases/${caseId}/odr`).then((x) => alive && setOdr(x), () => alive && setOdr(null));
    return () => {
      alive = false;
    };
  }, [caseId, status]);
  if (!odr) return null;
  const canDecide = odr.awaitingDecision && (role === 'operator' || role === 'manager' || role === 'admin');
  const decide = (accept: boolean) => {
    let note = '';
    modal.confirm({
      title: accept ? '投诉人确认和解' : '投诉人不接受企业的处理结果',
      okText: accept ? '确认和解结案' : '转市场监管部门', cancelText: '取消', okButtonProps: accept ? {} : { danger: true },
      content: (
        <>
          <Typography.Paragraph>{accept ? '记录投诉人的确认后，本投诉以和解结案。' : '记录后本投诉转入正常派单。'}</Typography.Paragraph>
          <Input.TextArea rows={2} placeholder="说明（选填，如来电时间）" onChange={(e) => { note = e.target.value; }} />
        </>
      ),
      onOk: confirmOk(async () => {
        await post(`/cases/${caseId}/odr-decision`, { accept, ...(note.trim() ? { note: note.trim() } : {}) });
        return '已记录';
      }, onChanged),
    });
  };
  return (
    <Card size="small" title="企业在线协商" style={{ marginBottom: 12 }} data-testid="case-odr">
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label="企业">{odr.enterpriseName}</Descriptions.Item>
        <Descriptions.Item label="阶段"><span data-testid="case-odr-stage">{ODR_STAGE_LABELS[odr.stage]}</span></Descriptions.Item>
        <Descriptions.Item label="投诉人同意">{fmtTime(odr.consentAt)}</Descriptions.Item>
        <Descriptions.Item label="转交企业">{fmtTime(odr.handedOverAt)}</Descriptions.Item>
        {odr.dueAt && <Descriptions.Item label="协商期限">{fmtTime(odr.dueAt)}</Descriptions.Item>}
        {odr.endedAt && <Descriptions.Item label="协商结束">{fmtTime(odr.endedAt)}</Descriptions.Item>}
        {odr.proposal && <Descriptions.Item label="企业方案" span={2}><span style={{ whiteSpace: 'pre-wrap' }}>{odr.proposal}</span></Descriptions.Item>}
      </Descriptions>
      {canDecide && (
        <Space wrap style={{ marginTop: 8 }}>
          <Button type="primary" size="small" onClick={() => decide(true)} data-testid="case-odr-accept">投诉人确认和解</Button>
          <Button danger size="small" onClick={() => decide(false)} data-testid="case-odr-reject">投诉人不接受</Button>
        </Space>
      )}
    </Card>
  );
}
