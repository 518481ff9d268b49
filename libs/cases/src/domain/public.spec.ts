import { checkCode, filingFingerprint, mayWithdraw, publicStatusText, publicSteps, queryCodeFrom, QUERY_CODE_ALPHABET, smsCodeText, SMS_CODE_RULES, type PublicCaseFacts } from './public.js';

const now = new Date('2026-11-23T02:00:00Z');
const code = (over: Partial<Parameters<typeof checkCode>[0] & object> = {}) => ({ id: 'c1', codeHash: 'h', expiresAt: new Date(now.getTime() + 60_000), attempts: 0, usedAt: null, ...over });

describe('verification codes', () => {
  it('accepts the right code once, before it expires and while tries are left', () => {
    expect(checkCode(code(), (h) => h === 'h', now)).toBe('ok');
    expect(checkCode(code(), () => false, now)).toBe('wrong');
    expect(checkCode(null, () => true, now)).toBe('missing');
    expect(checkCode(code({ usedAt: now }), () => true, now)).toBe('used');
    expect(checkCode(code({ expiresAt: now }), () => true, now)).toBe('expired');
    expect(checkCode(code({ attempts: SMS_CODE_RULES.maxAttempts - 1 }), () => true, now)).toBe('ok');
    expect(checkCode(code({ attempts: SMS_CODE_RULES.maxAttempts }), () => true, now)).toBe('locked');
  });
  it('is six digits', () => {
    expect(smsCodeText(42)).toBe('000042');
    expect(smsCodeText(999_999)).toBe('999999');
  });
});

describe('query codes', () => {
  it('are 8 characters of an alphabet without look-alikes, drawn without bias', () => {
    const q = queryCodeFrom(Uint8Array.from([0, 30, 31, 247, 248, 255, 1, 2, 3, 4]));
    expect(q).toBe(`${QUERY_CODE_ALPHABET[0]}${QUERY_CODE_ALPHABET[30]}${QUERY_CODE_ALPHABET[0]}${QUERY_CODE_ALPHABET[247 % 31]}${QUERY_CODE_ALPHABET[1]}${QUERY_CODE_ALPHABET[2]}${QUERY_CODE_ALPHABET[3]}${QUERY_CODE_ALPHABET[4]}`);
    expect(QUERY_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(() => queryCodeFrom(Uint8Array.from([250, 251]))).toThrow();
  });
});

describe('duplicate filings', () => {
  const f = { type: 'complaint', phone: '13800138000', complainantName: '张三', respondentName: '某商行', respondentRegionCode: '430702', category: 'G01', description: '电水壶 漏电', request: '退货', amount: 199 };
  it('are the same facts, whitespace and letter case aside', () => {
    expect(filingFingerprint({ ...f, description: ' 电水壶漏电 ' })).toBe(filingFingerprint(f));
    expect(filingFingerprint({ ...f, description: '电水壶漏电了' })).not.toBe(filingFingerprint(f));
    expect(filingFingerprint({ ...f, amount: 200 })).not.toBe(filingFingerprint(f));
    expect(filingFingerprint({ ...f, type: 'report' })).not.toBe(filingFingerprint(f));
  });
});

describe('what the public is told', () => {
  const facts = (over: Partial<PublicCaseFacts> = {}): PublicCaseFacts => ({
    type: 'complaint', status: 'dispatched', realName: true, declineGroundText: null, outcome: null, closeGroundText: null, reportDecision: null,
    transferredOutTo: null, answer: null, ...over,
  });
  it('names the status in plain words, with the reason of a refusal', () => {
    expect(publicStatusText(facts({ status: 'pendingDispatch' }))).toBe('已登记，正在分派承办单位');
    expect(publicStatusText(facts({ status: 'accepted' }))).toBe('已受理，调解中');
    expect(publicStatusText(facts({ type: 'inquiry', status: 'pendingDispatch' }))).toBe('已登记，等待答复');
    expect(publicStatusText(facts({ type: 'inquiry', status: 'closed', answer: '七日内起算' }))).toBe('已答复');
    expect(publicStatusText(facts({ status: 'declined', declineGroundText: '不属于市场监督管理部门职责' }))).toBe('不予受理：不属于市场监督管理部门职责');
    expect(publicStatusText(facts({ status: 'closed', outcome: 'agreement' }))).toBe('已办结（调解成功）');
    expect(publicStatusText(facts({ status: 'closed', outcome: 'terminated', closeGroundText: '投诉人撤回投诉' }))).toBe('已办结（终止调解：投诉人撤回投诉）');
    expect(publicStatusText(facts({ status: 'withdrawn' }))).toBe('已撤回');
  });
  it('tells a reporter the 立案 decision only when they left contact details', () => {
    expect(publicStatusText(facts({ type: 'report', status: 'signed' }))).toBe('已登记，核查中');
    expect(publicStatusText(facts({ type: 'report', status: 'closed', reportDecision: 'fileCase' }))).toBe('核查完毕，决定立案');
    expect(publicStatusText(facts({ type: 'report', status: 'closed', reportDecision: 'fileCase', realName: false }))).toBe('核查完毕');
    const events = [
      { type: 'CaseRegistered', at: now, data: {}, note: null, unitName: null },
      { type: 'CaseDispatched', at: now, data: {}, note: null, unitName: '武陵区市场监督管理局' },
      { type: 'CaseSigned', at: now, data: {}, note: null, unitName: null },
      { type: 'ReportDecided', at: now, data: { decision: 'fileCase' }, note: '内部意见', unitName: null },
    ];
    expect(publicSteps(facts({ type: 'report', status: 'closed' }), events).map((s) => s.text)).toEqual(['举报已登记', '决定立案']);
    expect(publicSteps(facts({ type: 'report', status: 'closed', realName: false }), events).map((s) => s.text)).toEqual(['举报已登记']);
    expect(publicSteps(facts(), events.slice(0, 3)).map((s) => s.text)).toEqual(['投诉已登记', '转武陵区市场监督管理局办理', '承办单位已签收']);
  });
  it('says an inquiry was answered once, or converted (it said 已答复 twice, and 已答复 for a conversion)', () => {
    const now = new Date('2026-05-06T09:00:00+08:00');
    const ev = (type: string, data: Record<string, unknown> = {}) => ({ type, at: now, data, note: null, unitName: null });
    const answered = [ev('CaseRegistered'), ev('InquiryAnswered'), ev('CaseClosed', { outcome: 'answered' })];
    expect(publicSteps(facts({ type: 'inquiry', status: 'closed', answer: '七日内' }), answered).map((s) => s.text)).toEqual(['咨询已登记', '已答复']);
    const converted = [ev('CaseRegistered'), ev('InquiryConverted', { toType: 'complaint' }), ev('CaseClosed', { outcome: 'converted' })];
    expect(publicSteps(facts({ type: 'inquiry', status: 'closed' }), converted).map((s) => s.text)).toEqual(['咨询已登记', '已转为投诉办理']);
    const numbered = [ev('CaseRegistered'), ev('InquiryConverted', { toType: 'report', toCaseNo: '202600001234' }), ev('CaseClosed', { outcome: 'converted' })];
    expect(publicSteps(facts({ type: 'inquiry', status: 'closed' }), numbered).map((s) => s.text)).toEqual(['咨询已登记', '已转为举报办理，编号 202600001234']);
    expect(publicStatusText(facts({ type: 'inquiry', status: 'closed', answer: null }))).toBe('已转为投诉或举报办理');
    expect(publicStatusText(facts({ type: 'inquiry', status: 'closed', answer: '七日内' }))).toBe('已答复');
  });
  it('says a callback that could not reach the complainant as such, not as a rating given', () => {
    const now = new Date('2026-05-06T09:00:00+08:00');
    const ev = (type: string, data: Record<string, unknown> = {}) => ({ type, at: now, data, note: '三次电话未接通', unitName: null });
    const steps = publicSteps(facts({ status: 'archived', outcome: 'agreement' }), [ev('CaseRegistered'), ev('CaseClosed', { outcome: 'agreement' }), ev('CallbackUnreachable'), ev('CaseArchived')]);
    expect(steps.map((s) => s.text)).toEqual(['投诉已登记', '办结（调解成功）', '回访时未能联系上您，案件已归档']);
  });
  it('lets a complaint be withdrawn until the decision only', () => {
    for (const s of ['pendingDispatch', 'dispatched', 'signed'] as const) expect(mayWithdraw({ type: 'complaint', status: s })).toBe(true);
    for (const s of ['accepted', 'declined', 'closed', 'withdrawn'] as const) expect(mayWithdraw({ type: 'complaint', status: s })).toBe(false);
    expect(mayWithdraw({ type: 'report', status: 'dispatched' })).toBe(false);
  });
});
