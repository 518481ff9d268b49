import {
  bureauReceiptAfterOdr, enterpriseStatusChange, isMobilePhone, maskCreditCode, odrFigures, odrRouting, odrTransition, OdrTransitionRefused, type OdrFigureCase,
} from './odr.js';

const active = { id: 'e1', status: 'active' as const };

describe('ODR routing decision', () => {
  it('sends a complaint against an active enrolled enterprise to it first, with consent only', () => {
    expect(odrRouting({ type: 'complaint', consent: true, enterprise: active })).toEqual({ toOdr: true, enterpriseId: 'e1' });
    expect(odrRouting({ type: 'complaint', consent: false, enterprise: active })).toEqual({ toOdr: false, why: 'noConsent' });
  });
  it('never a report (举报) nor an inquiry (咨询), whatever the consent', () => {
    expect(odrRouting({ type: 'report', consent: true, enterprise: active })).toEqual({ toOdr: false, why: 'notComplaint' });
    expect(odrRouting({ type: 'inquiry', consent: true, enterprise: active })).toEqual({ toOdr: false, why: 'notComplaint' });
    // the enterprise must never read the name of the one who also reported it
    expect(odrRouting({ type: 'complaint', alsoReport: true, consent: true, enterprise: active })).toEqual({ toOdr: false, why: 'alsoReport' });
  });
  it('not for an unknown, suspended or removed enterprise', () => {
    expect(odrRouting({ type: 'complaint', consent: true, enterprise: null })).toEqual({ toOdr: false, why: 'notEnrolled' });
    expect(odrRouting({ type: 'complaint', consent: true, enterprise: { id: 'e1', status: 'suspended' } })).toEqual({ toOdr: false, why: 'notActive' });
    expect(odrRouting({ type: 'complaint', consent: true, enterprise: { id: 'e1', status: 'removed' } })).toEqual({ toOdr: false, why: 'notActive' });
  });
});

describe('ODR stage transitions', () => {
  it('offer / settle keep the stage open and tell the complainant; refusal and expiry send it to the bureau', () => {
    expect(odrTransition('waiting', 'offer')).toEqual({ stage: 'offered', end: null, notifyComplainant: true });
    expect(odrTransition('offered', 'offer')).toEqual({ stage: 'offered', end: null, notifyComplainant: true });
    expect(odrTransition('waiting', 'settle')).toEqual({ stage: 'settled', end: null, notifyComplainant: true });
    expect(odrTransition('waiting', 'refuse')).toEqual({ stage: 'refused', end: 'toBureau', notifyComplainant: false });
    expect(odrTransition('offered', 'expire')).toEqual({ stage: 'expired', end: 'toBureau', notifyComplainant: false });
  });
  it('the complainant confirms (和解, closed) or rejects (bureau) only an offer or a settlement', () => {
    expect(odrTransition('settled', 'accept')).toEqual({ stage: 'confirmed', end: 'closeAsSettled', notifyComplainant: false });
    expect(odrTransition('offered', 'accept').end).toBe('closeAsSettled');
    expect(odrTransition('offered', 'reject')).toEqual({ stage: 'rejected', end: 'toBureau', notifyComplainant: false });
    expect(() => odrTransition('waiting', 'accept')).toThrow(OdrTransitionRefused);
    expect(() => odrTransition('waiting', 'reject')).toThrow(OdrTransitionRefused);
  });
  it('nothing moves an ended stage (a late reply, a second decision, an expiry after the decision)', () => {
    for (const from of ['confirmed', 'rejected', 'refused', 'expired'] as const)
      for (const a of ['offer', 'refuse', 'settle', 'accept', 'reject', 'expire'] as const) expect(() => odrTransition(from, a)).toThrow(OdrTransitionRefused);
  });
});

describe('receipt time for the legal clocks after ODR (O121: ODR time does not count)', () => {
  it('is the instant the case left ODR, not the filing time', () => {
    const left = new Date('2026-12-08T15:30:00+08:00');
    expect(bureauReceiptAfterOdr(left).toISOString()).toBe(left.toISOString());
    expect(bureauReceiptAfterOdr(left)).not.toBe(left); // a copy: the caller may not alias the stage's end
  });
});

describe('enrolment rules', () => {
  it('masks the middle of a credit code for the public list', () => {
    expect(maskCreditCode('91430702MA4L1A2B3B')).toBe('9143**********2B3B');
    expect(maskCreditCode('123')).toBe('***');
  });
  it('removal is final; a status change must change the status', () => {
    expect(() => enterpriseStatusChange('active', 'suspended')).not.toThrow();
    expect(() => enterpriseStatusChange('suspended', 'active')).not.toThrow();
    expect(() => enterpriseStatusChange('removed', 'active')).toThrow(OdrTransitionRefused);
    expect(() => enterpriseStatusChange('active', 'active')).toThrow(OdrTransitionRefused);
  });
});

describe('odrFigures: the one formula of the per-enterprise figures', () => {
  const e = (id: string, name: string) => ({ id, name, creditCode: `CODE-${id}` });
  const t = (d: string) => new Date(`2026-11-${d}T10:00:00+08:00`);
  const stage = (over: Partial<OdrFigureCase>): OdrFigureCase => ({
    enterpriseId: 'a', stage: 'waiting', handedOverAt: t('02'), dueAt: t('16'), endedAt: null, firstReplyAt: null, ...over,
  });
  it('counts received, settled; rates and average days over the ended stages only; most received first', () => {
    const rows = odrFigures([e('b', '乙'), e('a', '甲')], [
      stage({ stage: 'confirmed', firstReplyAt: t('03'), endedAt: t('05') }), // on time, 3 days
      stage({ stage: 'expired', endedAt: t('16') }), // no reply, 14 days
      stage({ stage: 'refused', firstReplyAt: t('17'), dueAt: t('16'), endedAt: t('17') }), // late reply, 15 days
      stage({}), // still open: received only
      stage({ enterpriseId: 'unknown' }), // not among the enterprises asked for
    ]);
    expect(rows).toEqual([
      { enterpriseId: 'a', name: '甲', creditCode: 'CODE-a', received: 4, settled: 1, settlementRate: 1 / 3, onTimeReplyRate: 1 / 3, averageDays: 10.7 },
      { enterpriseId: 'b', name: '乙', creditCode: 'CODE-b', received: 0, settled: 0, settlementRate: null, onTimeReplyRate: null, averageDays: null },
    ]);
  });
  it('SMS goes to mobile numbers only', () => {
    expect(['13812340001', '138-1234-0001', '0592-1234567', '12'].map(isMobilePhone)).toEqual([true, true, false, false]);
  });
});
