// A modal form whose API field errors land on the fields (400 {fields}), other refusals (409 …) above them.
import { useState } from 'react';
import { Alert, Form, Modal } from 'antd';
import { ApiError, errorText } from '../api';

/** An API field path (`ladder[2].offset`) as an antd name path (['ladder', 2, 'offset']). */
const namePath = (field: string): (string | number)[] => field.split(/\.|\[(\d+)\]/).filter((x) => x !== undefined && x !== '').map((x) => (/^\d+$/.test(x) ? Number(x) : x));

/**
 * A modal form whose API field errors land on the fields, other errors above them. `confirm` (optional) is asked
 * after the form validates and before it is sent: false stops there (e.g. "this applies to 12 live cases").
 */
export function FormDialog({ title, okText, onCancel, onSubmit, children, initialValues, onValuesChange, width = 640, keepEmpty = false, confirm }: {
  title: string; okText: string; onCancel: () => void; onSubmit: (v: Record<string, unknown>) => Promise<void>;
  children: React.ReactNode; initialValues?: Record<string, unknown>; onValuesChange?: (changed: Record<string, unknown>, all: Record<string, unknown>) => void;
  width?: number; keepEmpty?: boolean; confirm?: (v: Record<string, unknown>) => Promise<boolean>;
}) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (confirm && !(await confirm(values))) return;
      const clean = keepEmpty ? values : Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== null && v !== ''));
      await onSubmit(clean);
    } catch (e) {
      if (e instanceof ApiError && e.body.fields?.length) {
        const known = new Set(Object.keys(form.getFieldsValue()));
        const onForm = (f: { field: string }) => known.has(String(namePath(f.field)[0]));
        form.setFields(e.body.fields.filter(onForm).map((f) => ({ name: namePath(f.field), errors: [f.message] })));
        const rest = e.body.fields.filter((f) => !onForm(f));
        // A refusal (409) is also said above the form, so it is read even when its field is off screen.
        setError(rest.length ? rest.map((f) => f.message).join('；') : e.status === 409 ? e.body.message : null);
      } else setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    // A save under way cannot be taken back: 取消 (and the close button, Esc, the mask) wait until it has answered.
    <Modal open title={title} okText={okText} cancelText="取消" onOk={ok} onCancel={() => { if (!busy) onCancel(); }} confirmLoading={busy} destroyOnHidden width={width}
      cancelButtonProps={{ disabled: busy }} closable={!busy} mask={{ closable: !busy }} keyboard={!busy}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="dialog-error" />}
      <Form form={form} layout="vertical" initialValues={initialValues} onValuesChange={onValuesChange}>
        {children}
      </Form>
    </Modal>
  );
}

