// Admin: 「导入放假通知」 — paste the State Council notice (or upload the .txt/.html/.docx saved from the site), see what
// it would change (POST /admin/calendar/notices/preview: its days, the days that change against the calendar in force,
// the live deadlines that would move), then confirm (POST /admin/calendar/notices).
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Input, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { errorText, post } from '../../api';
import { weekday } from '../../format';
import { fileToBase64 } from '../../files';

interface NoticePreview {
  year: number; title: string; supplementary: boolean;
  days: { date: string; kind: 'holiday' | 'workday'; name: string }[];
  changes: { date: string; from: 'workingDay' | 'restDay'; to: 'workingDay' | 'restDay'; provisional: boolean; name: string }[];
  movedDeadlines: number;
  moves: { deadlineId: string; caseId: string | null; caseNo: string | null; kind: string; from: string; to: string }[];
}
type Source = { text: string } | { fileName: string; contentBase64: string };

const STATE = { workingDay: '工作日', restDay: '休息日' } as const;
const KIND = { acceptance: '受理决定', mediation: '调解', sign: '签收', callback: '回访', verification: '核查', answer: '咨询答复', returnWindow: '退回时限', progressReport: '进展报告' } as Record<string, string>;
const wk = (d: string) => `周${'日一二三四五六'[weekday(d)]}`;

export function NoticeImportDialog({ onClose, onApplied }: { onClose: () => void; onApplied: (year: number) => void }) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ fileName: string; contentBase64: string } | null>(null);
  const [preview, setPreview] = useState<NoticePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const source = (): Source => (file ? file : { text });

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setPreview(await post<NoticePreview>('/admin/calendar/notices/preview', source()));
    } catch (e) {
      setPreview(null);
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    setBusy(true);
    try {
      const r = await post<NoticePreview & { version: number }>('/admin/calendar/notices', source());
      message.success(`已导入《${r.title}》：${r.year}年第${r.version}版，${r.movedDeadlines}个在办期限将重新计算`);
      onApplied(r.year);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const holidays = preview?.days.filter((d) => d.kind === 'holiday') ?? [];
  const workdays = preview?.days.filter((d) => d.kind === 'workday') ?? [];
  return (
    <Modal open title="导入放假通知" width={860} onCancel={onClose} maskClosable={false} destroyOnHidden
      footer={preview ? [
        <Button key="back" onClick={() => setPreview(null)}>返回修改</Button>,
        <Button key="ok" type="primary" loading={busy} onClick={() => void apply()} data-testid="notice-apply">确认导入</Button>,
      ] : [
        <Button key="cancel" onClick={onClose}>取消</Button>,
        <Button key="preview" type="primary" loading={busy} disabled={!text.trim() && !file} onClick={() => void run()} data-testid="notice-preview">预览</Button>,
      ]}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="notice-error" />}
      {!preview && (
        <>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            粘贴国务院办公厅关于某年部分节假日安排的通知全文（或补充通知，如延长春节假期、纪念日调休），或上传从政府网站保存的 .txt、.html、.docx 文件。
            系统逐句读取每个放假区间与调休上班日（含上一年12月的日期）；有任何一句读不懂即整体拒绝，不会只导入一部分。
          </Typography.Paragraph>
          <Input.TextArea rows={12} value={text} disabled={!!file} onChange={(e) => setText(e.target.value)} data-testid="notice-text"
            placeholder={'国务院办公厅关于2027年部分节假日安排的通知\n……\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n……'} />
          <Space style={{ marginTop: 8 }}>
            <Upload accept=".txt,.html,.htm,.docx" maxCount={1} showUploadList={false}
              beforeUpload={async (f) => {
                setError(null);
                try {
                  setFile({ fileName: f.name, contentBase64: await fileToBase64(f) });
                } catch (e) {
                  setFile(null);
                  setError(errorText(e));
                }
                return false;
              }}>
              <Button icon={<UploadOutlined />}>上传通知文件</Button>
            </Upload>
            {file && <Tag closable onClose={() => setFile(null)}>{file.fileName}</Tag>}
          </Space>
        </>
      )}
      {preview && (
        <div data-testid="notice-preview-result">
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 12 }}
            items={[
              { key: 't', label: '通知', span: 2, children: `《${preview.title}》${preview.supplementary ? '（补充通知：只改动其点名的日期）' : ''}` },
              { key: 'y', label: '年份', children: `${preview.year}年` },
              { key: 'd', label: '读出的日期', children: `放假 ${holidays.length} 天，调休上班 ${workdays.length} 天` },
              { key: 'c', label: '变动的日期', children: <span data-testid="notice-changes-count">{preview.changes.length} 天</span> },
              { key: 'm', label: '将变动的在办期限', children: <Typography.Text strong type={preview.movedDeadlines ? 'warning' : undefined} data-testid="notice-moved">{preview.movedDeadlines} 个</Typography.Text> },
            ]} />
          <Typography.Text strong>与现行日历相比变动的日期</Typography.Text>
          <Table size="small" rowKey="date" pagination={false} scroll={{ y: 180 }} style={{ margin: '6px 0 12px' }} dataSource={preview.changes}
            locale={{ emptyText: '没有日期变动' }}
            columns={[
              { key: 'd', title: '日期', width: 150, render: (_, c) => `${c.date}（${wk(c.date)}）` },
              { key: 'f', title: '原为', width: 130, render: (_, c) => <span>{STATE[c.from]}{c.provisional && <Tag color="gold" style={{ marginLeft: 4 }}>暂定</Tag>}</span> },
              { key: 't', title: '改为', width: 100, render: (_, c) => <Tag color={c.to === 'restDay' ? 'red' : 'blue'}>{STATE[c.to]}</Tag> },
              { key: 'n', title: '节日', render: (_, c) => c.name },
            ]} />
          <Typography.Text strong>将变动的在办期限</Typography.Text>
          <Table size="small" rowKey="deadlineId" pagination={false} scroll={{ y: 180 }} style={{ marginTop: 6 }} dataSource={preview.moves}
            locale={{ emptyText: '没有在办期限变动' }}
            columns={[
              { key: 'c', title: '案件', width: 200, render: (_, m) => m.caseNo ?? '工作计划进展报告' },
              { key: 'k', title: '期限', width: 120, render: (_, m) => KIND[m.kind] ?? m.kind },
              { key: 'f', title: '原届满日', width: 150, render: (_, m) => m.from },
              { key: 't', title: '新届满日', render: (_, m) => <Typography.Text strong>{m.to}</Typography.Text> },
            ]} />
          {preview.movedDeadlines > preview.moves.length && <Typography.Text type="secondary">仅列出前 {preview.moves.length} 个。</Typography.Text>}
        </div>
      )}
    </Modal>
  );
}
