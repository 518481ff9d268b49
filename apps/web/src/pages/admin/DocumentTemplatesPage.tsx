// 文书模板: the text of each notice with placeholders for the case's facts. Saving makes a new version; documents
// already issued keep the text they were issued with.
import { useRef, useState } from 'react';
import { App, Button, Card, Col, Form, Input, List, Modal, Row, Space, Table, Tag, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { DocumentTemplateDto } from '#contracts';
import { errorText, get, put } from '../../api';
import { FormDialog } from '../../components/FormDialog';
import { LoadFailed } from '../../components/bits';
import { useLoad } from '../../useLoad';
import { fmtTime } from '../../format';

export function DocumentTemplatesPage() {
  const { message } = App.useApp();
  const { data: rows, error, loading, reload: load } = useLoad(() => get<DocumentTemplateDto[]>('/admin/document-templates'), []);
  const [editing, setEditing] = useState<DocumentTemplateDto | null>(null);
  const [history, setHistory] = useState<DocumentTemplateDto[] | null>(null);
  const showHistory = async (t: DocumentTemplateDto) => {
    try {
      setHistory(await get<DocumentTemplateDto[]>(`/admin/document-templates/${t.kind}/versions`));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Card title="文书模板" data-testid="document-templates">
      <Typography.Paragraph type="secondary">
        受理、不予受理、调解、终止调解时自动签发的文书按此处的现行模板填入案件信息。修改后保存为新版本，此后签发的文书使用新版本，已签发的文书不变。
      </Typography.Paragraph>
      {error && <LoadFailed what="文书模板" error={error} onRetry={() => void load()} retrying={loading} />}
      <Table<DocumentTemplateDto> rowKey="kind" size="middle" pagination={false} loading={!rows && !error} dataSource={rows ?? []} locale={error ? { emptyText: '未能加载，请重试' } : undefined}
        columns={[
          { title: '文书种类', dataIndex: 'kindName' },
          { title: '标题', dataIndex: 'title' },
          { title: '现行版本', dataIndex: 'version', render: (v: number) => (v === 1 ? <Tag>第1版（系统内置）</Tag> : <Tag color="blue">第{v}版</Tag>) },
          { title: '修改', render: (_: unknown, t) => (t.changedAt ? `${t.changedBy?.name ?? ''} · ${fmtTime(t.changedAt)}` : '—') },
          {
            title: '操作', render: (_: unknown, t) => (
              <Space>
                <Button size="small" type="primary" onClick={() => setEditing(t)}>编辑</Button>
                <Button size="small" onClick={() => void showHistory(t)}>历史版本</Button>
              </Space>
            ),
          },
        ]} />
      {editing && <TemplateEditor t={editing} onCancel={() => setEditing(null)} onSaved={(saved) => { setEditing(null); message.success(`${saved.kindName}已保存为第${saved.version}版`); void load(); }} />}
      {history && (
        <Modal open title={`历史版本 · ${history[0]?.kindName ?? ''}`} footer={null} width={760} onCancel={() => setHistory(null)}>
          <List dataSource={history} renderItem={(v) => (
            <List.Item key={v.version}>
              <List.Item.Meta
                title={<Space><Tag color={v.version === history[0]!.version ? 'blue' : undefined}>第{v.version}版{v.version === 1 ? '（系统内置）' : ''}</Tag>{v.title}</Space>}
                description={<>
                  <div>{v.changedAt ? `${v.changedBy?.name ?? ''} · ${fmtTime(v.changedAt)}` : '系统内置文本'}</div>
                  <div style={{ whiteSpace: 'pre-wrap', color: '#333', marginTop: 4 }}>{v.body}</div>
                </>} />
            </List.Item>
          )} />
        </Modal>
      )}
    </Card>
  );
}

function TemplateEditor({ t, onCancel, onSaved }: { t: DocumentTemplateDto; onCancel: () => void; onSaved: (t: DocumentTemplateDto) => void }) {
  const area = useRef<TextAreaRef>(null);
  return (
    <FormDialog title={`编辑模板 · ${t.kindName}`} okText="保存为新版本" width={1000} onCancel={onCancel} initialValues={{ title: t.title, body: t.body }}
      onSubmit={async (v) => onSaved(await put<DocumentTemplateDto>(`/admin/document-templates/${t.kind}`, v))}>
      <Row gutter={16}>
        <Col span={16}>
          <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }]}><Input maxLength={50} /></Form.Item>
          <Form.Item name="body" label="正文" rules={[{ required: true, message: '请填写正文' }]}>
            <Input.TextArea ref={area} rows={16} data-testid="template-body" />
          </Form.Item>
        </Col>
        <Col span={8}><Placeholders t={t} area={area} /></Col>
      </Row>
    </FormDialog>
  );
}

/** The placeholders, each inserted at the cursor of the body. */
function Placeholders({ t, area }: { t: DocumentTemplateDto; area: React.RefObject<TextAreaRef | null> }) {
  const form = Form.useFormInstance();
  const insert = (name: string) => {
    const el = area.current?.resizableTextArea?.textArea;
    const body = String(form.getFieldValue('body') ?? '');
    const from = el ? el.selectionStart : body.length;
    const to = el ? el.selectionEnd : body.length;
    form.setFieldValue('body', `${body.slice(0, from)}{{${name}}}${body.slice(to)}`);
  };
  return (
    <>
      <Typography.Text strong>可用占位符（点击插入到光标处）</Typography.Text>
      <div style={{ maxHeight: 430, overflowY: 'auto', marginTop: 8 }}>
        {t.placeholders.map((p) => (
          <div key={p.name} style={{ marginBottom: 6 }}>
            <Button size="small" onClick={() => insert(p.name)}>{`{{${p.name}}}`}</Button>
            <div style={{ fontSize: 12, color: '#888' }}>{p.description}</div>
          </div>
        ))}
      </div>
    </>
  );
}
