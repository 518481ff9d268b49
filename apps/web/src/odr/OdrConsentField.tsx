// For a complaint (never a report or an inquiry) against a business enrolled in ODR (issue 17 §2): the suggestion
// list (matched by credit code, or by name as typed) and the consent question. Used by the operator's intake form
// and the public filing page; the form's value is `odr: { enterpriseId, consent }`, sent only when one is picked.
import { useEffect, useState } from 'react';
import { Alert, Form, Radio, Typography } from 'antd';
import { useDebounced } from '../useDebounced';
/** A staff suggestion carries the full credit code and stores; the public one only a masked code. */
export interface OdrPick { id: string; name: string; creditCode?: string; creditCodeMasked?: string; stores?: string[] }

export interface OdrChoice { enterpriseId?: string; consent?: boolean }
/** The request's `odr` part from the form's value: only a picked enterprise with an answered question. */
export function odrPart(v: OdrChoice | undefined): { odr?: { enterpriseId: string; consent: boolean } } {
  return v?.enterpriseId && typeof v.consent === 'boolean' ? { odr: { enterpriseId: v.enterpriseId, consent: v.consent } } : {};
}

export function OdrConsentField({ name, creditCode, suggest, complainantSide }: {
  name: string; creditCode: string; suggest: (q: string) => Promise<OdrPick[]>; complainantSide: boolean;
}) {
  const form = Form.useFormInstance();
  const code = creditCode.trim().toUpperCase();
  const q = useDebounced(code.length === 18 ? code : name.trim(), 350);
  const [list, setList] = useState<OdrPick[]>([]);
  useEffect(() => {
    if (q.length < 2) {
      setList([]);
      return;
    }
    let alive = true;
    suggest(q).then((r) => alive && setList(r), () => alive && setList([]));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);
  const picked = Form.useWatch(['odr', 'enterpriseId'], form) as string | undefined;
  // A credit-code match is the enterprise itself: pick it. A pick that left the list is cleared.
  useEffect(() => {
    const exact = list.find((e) => e.creditCode === code);
    if (exact && picked !== exact.id) form.setFieldValue(['odr', 'enterpriseId'], exact.id);
    else if (picked && !list.some((e) => e.id === picked)) form.setFieldValue('odr', {});
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list, code]);
  if (list.length === 0) return null;
  const you = complainantSide ? '您' : '投诉人';
  return (
    <div data-testid="odr-suggest">
      <Alert type="info" showIcon style={{ marginBottom: 8 }}
        message="该经营者已入驻在线消费纠纷解决机制"
        description={`可先由企业在线协商处理：企业应在10个工作日内与${you}协商，和解的由${you}确认后结案；企业未按期处理、拒绝或${you}不接受的，转市场监管部门依法处理。`} />
      <Form.Item name={['odr', 'enterpriseId']} label="被投诉的入驻企业">
        <Radio.Group data-testid="odr-enterprise">
          {list.map((e) => (
            <Radio key={e.id} value={e.id} style={{ display: 'flex', whiteSpace: 'normal' }}>
              {e.name}<Typography.Text type="secondary" style={{ fontSize: 12 }}> {e.creditCode ?? e.creditCodeMasked ?? ''}{e.stores?.length ? ` · ${e.stores.join('、')}` : ''}</Typography.Text>
            </Radio>
          ))}
          <Radio value="" style={{ display: 'flex' }}>不是以上企业</Radio>
        </Radio.Group>
      </Form.Item>
      {picked && (
        <Form.Item name={['odr', 'consent']} label="同意先由企业在线协商处理吗？" rules={[{ required: true, message: '请选择是否同意' }]}>
          <Radio.Group data-testid="odr-consent" options={[{ value: true, label: '同意' }, { value: false, label: '不同意，直接由市场监管部门处理' }]} />
        </Form.Item>
      )}
    </div>
  );
}
