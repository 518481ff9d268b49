import { decisionNotices } from './notices.js';

const web = { channel: 'web', type: 'complaint', realName: true, phone: '13912345678' };
const ev = (type: string, data: Record<string, unknown> = {}) => ({ type, data });

describe('decisionNotices: what an online filer is told by SMS', () => {
  it('tells complaint decisions, the finished ones with a 回访 link', () => {
    expect(decisionNotices(web, [ev('CaseAccepted'), ev('DeadlineMet')])).toEqual([{ decision: 'accepted', text: '已受理，正在组织调解', rate: false }]);
    expect(decisionNotices(web, [ev('CaseDeclined', { groundText: '不属于市场监督管理部门职责范围' })])).toEqual([{ decision: 'declined', text: '不予受理（不属于市场监督管理部门职责范围）', rate: true }]);
    expect(decisionNotices(web, [ev('CaseClosed', { outcome: 'agreement' })])[0]).toMatchObject({ decision: 'closed', text: '已办结（调解成功）', rate: true });
    expect(decisionNotices(web, [ev('CaseClosed', { outcome: 'noAgreement' })])[0]).toMatchObject({ text: '已办结（调解不成）' });
    expect(decisionNotices(web, [ev('CaseClosed', { outcome: 'terminated' })])[0]).toMatchObject({ decision: 'terminated', rate: true });
    expect(decisionNotices(web, [ev('CaseSigned'), ev('MediationNoted')])).toEqual([]);
  });
  it('tells a real-name reporter the 立案 decision, never an anonymous one', () => {
    const report = { ...web, type: 'report' };
    expect(decisionNotices(report, [ev('ReportDecided', { decision: 'fileCase' }), ev('CaseClosed', { outcome: 'fileCase' })])).toEqual([{ decision: 'reportFiled', text: '经核查已决定立案', rate: false }]);
    expect(decisionNotices(report, [ev('ReportDecided', { decision: 'noCase' })])[0]!.decision).toBe('reportNotFiled');
    expect(decisionNotices({ ...report, realName: false }, [ev('ReportDecided', { decision: 'fileCase' })])).toEqual([]);
  });
  it('only online filings with a mobile phone; inquiries never', () => {
    expect(decisionNotices({ ...web, channel: 'hotline' }, [ev('CaseAccepted')])).toEqual([]);
    expect(decisionNotices({ ...web, phone: '0736-1234567' }, [ev('CaseAccepted')])).toEqual([]);
    expect(decisionNotices({ ...web, type: 'inquiry' }, [ev('InquiryAnswered')])).toEqual([]);
  });
});
