// The case's evidence (附件: drag-and-drop, paste, previews, downloads) and its written documents (文书: number,
// kind, issue time, PDF/Word), plus the notice preview shown before a deciding click.
import { useCallback, useEffect, useRef, useState } from 'react';
import { App, Button, Card, Checkbox, Form, Image, Input, List, Space, Spin, Table, Tag, Typography, Upload } from 'antd';
import { FileOutlined, FilePdfOutlined, FileWordOutlined, InboxOutlined, LockOutlined } from '@ant-design/icons';
import type { AttachmentDto, DocumentDto, DocumentPreviewDto } from '#contracts';
import { errorText, fetchBlob, get, post, saveBlob, upload } from '../api';
import { FormDialog } from './FormDialog';
import { LoadFailed } from './bits';
import { useLoad } from '../useLoad';
import { fmtTime } from '../format';

const sizeText = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** The thumbnail's place while it loads or when it failed: the image's own size. */
const THUMB_BOX = { width: 96, height: 72, display: 'grid', placeItems: 'center' } as const;

/** An image's thumbnail, loaded with the bearer token; the original only when the preview opens (each is audited). */
function Thumb({ caseId, a }: { caseId: string; a: AttachmentDto }) {
  const { message } = App.useApp();
  const [thumb, setThumb] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [full, setFull] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    let url: string | null = null;
    setFailed(false);
    void fetchBlob(`/cases/${caseId}/attachments/${a.id}?thumb=1`).then((f) => { url = URL.createObjectURL(f.blob); setThumb(url); }, () => setFailed(true));
    return () => { if (url) URL.revokeObjectURL(url); };
  }, [caseId, a.id]);
  useEffect(() => () => { if (full) URL.revokeObjectURL(full); }, [full]);
  const openPreview = async () => {
    try {
      if (!full) setFull(URL.createObjectURL((await fetchBlob(`/cases/${caseId}/attachments/${a.id}`)).blob));
      setOpen(true);
    } catch (e) {
      message.error(`${a.name}：${errorText(e)}`);
    }
  };
  // A thumbnail that failed says so (it spun for ever); the file itself can still be opened or downloaded.
  if (failed) return <div style={{ ...THUMB_BOX, background: '#fafafa', color: '#999', fontSize: 12, borderRadius: 4 }} data-testid="thumb-failed">缩略图未能加载</div>;
  if (!thumb) return <div style={THUMB_BOX}><Spin size="small" /></div>;
  return (
    <Image src={thumb} alt={a.name} width={96} height={72} style={{ objectFit: 'cover', borderRadius: 4 }} data-testid="attachment-thumb"
      preview={{ open, src: full ?? thumb, onOpenChange: (o: boolean) => (o ? void openPreview() : setOpen(false)) }} />
  );
}

export function AttachmentsCard({ caseId, canUpload, onChanged, compact = false }: { caseId: string; canUpload: boolean; onChanged?: () => void; compact?: boolean }) {
  const { message } = App.useApp();
  const { data: items, error, loading, reload: load } = useLoad(() => get<AttachmentDto[]>(`/cases/${caseId}/attachments`), [caseId]);
  const [sensitive, setSensitive] = useState(false);
  const [busy, setBusy] = useState(0);
  const sensitiveRef = useRef(sensitive);
  sensitiveRef.current = sensitive;

  const send = useCallback(async (file: File) => {
    const form = new FormData();
    form.append('sensitive', String(sensitiveRef.current));
    form.append('file', file, file.name || `粘贴的图片.${(file.type.split('/')[1] ?? 'png').replace('jpeg', 'jpg')}`);
    setBusy((n) => n + 1);
    try {
      const a = await upload<AttachmentDto>(`/cases/${caseId}/attachments`, form);
      message.success(`已上传：${a.name}`);
      await load();
      onChanged?.();
    } catch (e) {
      message.error(`${file.name || '文件'}：${errorText(e)}`);
    } finally {
      setBusy((n) => n - 1);
    }
  }, [caseId, load, message, onChanged]);

  // Paste a screenshot (chat records, receipts) anywhere on the page.
  useEffect(() => {
    if (!canUpload) return;
    const onPaste = (e: ClipboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const files = [...(e.clipboardData?.files ?? [])];
      if (!files.length) return;
      e.preventDefault();
      for (const f of files) void send(f);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [canUpload, send]);

  const open = async (a: AttachmentDto) => {
    try {
      const f = await fetchBlob(`/cases/${caseId}/attachments/${a.id}?inline=1`, a.name);
      const url = URL.createObjectURL(f.blob);
      if (!window.open(url, '_blank')) saveBlob(f.blob, f.filename);
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const save = async (a: AttachmentDto) => {
    try {
      const f = await fetchBlob(`/cases/${caseId}/attachments/${a.id}`, a.name);
      saveBlob(f.blob, f.filename);
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <Card size="small" title="附件" style={{ marginTop: 16 }} data-testid="attachments-card"
      extra={<Typography.Text type="secondary" style={{ fontSize: 12 }}>图片、PDF、Word、Excel；单个不超过 10 MB，每件合计不超过 50 MB</Typography.Text>}>
      {canUpload && (
        <div style={{ marginBottom: 12 }}>
          <Upload.Dragger multiple showUploadList={false} data-testid="attachment-dragger"
            customRequest={({ file, onSuccess }) => { void send(file as File).then(() => onSuccess?.({})); }}>
            {!compact && <p className="ant-upload-drag-icon"><InboxOutlined /></p>}
            <p className="ant-upload-text">拖拽文件到这里，或点击选择文件</p>
            <p className="ant-upload-hint">也可以直接粘贴截图（Ctrl+V）{busy > 0 ? ` · 正在上传 ${busy} 个文件…` : ''}</p>
          </Upload.Dragger>
          <Checkbox style={{ marginTop: 8 }} checked={sensitive} onChange={(e) => setSensitive(e.target.checked)} data-testid="attachment-sensitive">
            涉及身份信息（如身份证照片）：仅投诉举报办和承办单位可见
          </Checkbox>
        </div>
      )}
      {error ? <LoadFailed what="附件" error={error} onRetry={() => void load()} retrying={loading} /> : !items ? <Spin /> : (
        <List size="small" dataSource={items} locale={{ emptyText: '暂无附件' }} data-testid="attachment-list"
          renderItem={(a) => (
            <List.Item key={a.id} data-testid="attachment-item"
              actions={[
                ...(a.contentType === 'application/pdf' ? [<Button key="open" type="link" size="small" onClick={() => void open(a)}>在浏览器中打开</Button>] : []),
                <Button key="save" type="link" size="small" onClick={() => void save(a)}>下载</Button>,
              ]}>
              <List.Item.Meta
                avatar={a.thumbnail ? <Thumb caseId={caseId} a={a} /> : a.contentType === 'application/pdf' ? <FilePdfOutlined style={{ fontSize: 32, color: '#d4380d' }} /> : <FileOutlined style={{ fontSize: 32 }} />}
                title={<Space size={4} wrap><span data-testid="attachment-name">{a.name}</span>{a.sensitive && <Tag icon={<LockOutlined />} color="orange">涉及身份信息</Tag>}</Space>}
                description={`${sizeText(a.size)} · ${a.uploadedBy.name}${a.unit ? `（${a.unit.name}）` : ''} · ${fmtTime(a.uploadedAt)}`}
              />
            </List.Item>
          )} />
      )}
    </Card>
  );
}

export function DocumentsCard({ caseId, refreshKey, canCorrect, onChanged }: { caseId: string; refreshKey: unknown; canCorrect: boolean; onChanged?: () => void }) {
  const { message } = App.useApp();
  const [correcting, setCorrecting] = useState<{ doc: DocumentDto; body: string } | null>(null);
  const { data: docs, error, loading, reload: load } = useLoad(() => get<DocumentDto[]>(`/cases/${caseId}/documents`), [caseId, refreshKey]);
  const startCorrection = async (d: DocumentDto) => {
    try {
      setCorrecting({ doc: d, body: (await get<{ body: string }>(`/cases/${caseId}/documents/${d.id}`)).body });
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const fetchDoc = async (d: DocumentDto, format: 'pdf' | 'docx') => {
    try {
      const f = await fetchBlob(`/cases/${caseId}/documents/${d.id}/${format}`, `${d.number}.${format}`);
      if (format === 'pdf') {
        const url = URL.createObjectURL(f.blob);
        if (!window.open(url, '_blank')) saveBlob(f.blob, f.filename);
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } else saveBlob(f.blob, f.filename);
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card size="small" title="文书" style={{ marginTop: 16 }} data-testid="documents-card">
      {error && <LoadFailed what="文书" error={error} onRetry={() => void load()} retrying={loading} />}
      <Table<DocumentDto> size="small" rowKey="id" pagination={false} dataSource={docs ?? []} loading={!docs && !error} locale={{ emptyText: error ? '未能加载，请重试' : '暂无文书' }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: '文号', dataIndex: 'number', render: (n: string, d) => <Space size={4}><span data-testid="document-number" style={{ whiteSpace: 'nowrap' }}>{n}</span>{d.supersededBy && <Tag>已更正</Tag>}{d.supersedesId && <Tag color="blue">更正件</Tag>}</Space> },
          { title: '种类', dataIndex: 'kindName', render: (k: string) => <span style={{ whiteSpace: 'nowrap' }}>{k}</span> },
          { title: '签发机关', render: (_: unknown, d) => <span style={{ whiteSpace: 'nowrap' }}>{d.issuer.name}</span> },
          { title: '签发时间', dataIndex: 'issuedAt', render: (t: string) => <span style={{ whiteSpace: 'nowrap' }}>{fmtTime(t)}</span> },
          {
            title: '文件', render: (_: unknown, d) => (
              <Space size={0}>
                <Button type="link" size="small" icon={<FilePdfOutlined />} onClick={() => void fetchDoc(d, 'pdf')}>PDF</Button>
                <Button type="link" size="small" icon={<FileWordOutlined />} onClick={() => void fetchDoc(d, 'docx')}>Word</Button>
                {canCorrect && !d.supersededBy && <Button type="link" size="small" onClick={() => void startCorrection(d)}>更正</Button>}
              </Space>
            ),
          },
        ]} />
      {correcting && (
        <FormDialog title={`更正 · ${correcting.doc.kindName} ${correcting.doc.number}`} okText="签发更正文书" width={760} onCancel={() => setCorrecting(null)}
          initialValues={{ body: correcting.body }}
          onSubmit={async (v) => {
            const r = await post<{ number: string }>(`/cases/${caseId}/documents/${correcting.doc.id}/corrections`, v);
            message.success(`已签发更正文书 ${r.number}，原文书保留不变`);
            setCorrecting(null);
            void load();
            onChanged?.();
          }}>
          <Typography.Paragraph type="secondary">已签发的文书不能修改：确认后以新文号签发一份更正文书，取代原文书。</Typography.Paragraph>
          <Form.Item name="body" label="更正后的正文" rules={[{ required: true, message: '请填写更正后的正文' }]}>
            <Input.TextArea rows={12} data-testid="correction-body" />
          </Form.Item>
        </FormDialog>
      )}
    </Card>
  );
}

const PREVIEW_BOX = { border: '1px solid #d9d9d9', borderRadius: 6, padding: '12px 16px', height: 260, overflowY: 'auto', background: '#fafafa' } as const;

/**
 * The notice as it will be issued (the number is given on issue), for the handler to read before confirming. A box of
 * fixed height whatever it shows, so the dialog's buttons do not move under a click while the text loads.
 */
export function DocumentPreview({ caseId, kind, ground, note, waitingFor }: {
  caseId: string; kind: DocumentPreviewDto['kind']; ground?: string; note?: string; waitingFor?: string;
}) {
  const [p, setP] = useState<DocumentPreviewDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (waitingFor) return;
    const t = setTimeout(() => {
      get<DocumentPreviewDto>(`/cases/${caseId}/documents/preview`, { kind, ground, note }).then((x) => { setP(x); setError(null); }).catch((e) => setError(errorText(e)));
    }, 200);
    return () => clearTimeout(t);
  }, [caseId, kind, ground, note, waitingFor]);
  if (waitingFor) return <div style={{ ...PREVIEW_BOX, display: 'grid', placeItems: 'center' }}><Typography.Text type="secondary">{waitingFor}</Typography.Text></div>;
  if (error) return <div style={PREVIEW_BOX}><Typography.Text type="danger">{error}</Typography.Text></div>;
  if (!p) return <div style={{ ...PREVIEW_BOX, display: 'grid', placeItems: 'center' }}><Spin size="small" /></div>;
  return (
    <div data-testid="document-preview" style={PREVIEW_BOX}>
      <div style={{ textAlign: 'center', fontWeight: 600, fontSize: 16 }}>{p.title}</div>
      <div style={{ textAlign: 'center', color: '#888', marginBottom: 8 }}>（签发时编号）</div>
      <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.8 }}>{p.body}</div>
      <div style={{ textAlign: 'right', marginTop: 8 }}>{p.issuerName}</div>
    </div>
  );
}
