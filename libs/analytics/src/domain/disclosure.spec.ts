import { WorkingCalendar } from '#deadlines';
import { type DisclosureCase, DisclosurePeriodOpen, assertQuarterEnded, computeDisclosure, parseQuarter, quarterOf } from './disclosure.js';

// 2026 National Day: 10-01..07 holidays, 10-10 (Sat) a make-up working day.
const cal = new WorkingCalendar(
  [...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const })), { date: '2026-10-10', kind: 'workday' as const }],
  [2026],
);
const A = '91430700MA4L0000XA'; // format-valid codes (the checksum is not the disclosure's business)
const B = '91430700MA4L0001XB';

function c(over: Partial<DisclosureCase>): DisclosureCase {
  return {
    type: 'complaint', status: 'accepted', respondentName: '甲公司', respondentCreditCode: A,
    receivedOn: '2026-10-09', decidedOn: '2026-10-12', declined: false, closedOn: null, outcome: null, ...over,
  };
}

describe('parseQuarter', () => {
  it('reads YYYYQn into a half-open China date range', () => {
    expect(parseQuarter('2026Q4')).toEqual({ period: '2026Q4', label: '2026年第4季度', range: { from: '2026-10-01', to: '2027-01-01' } });
    expect(parseQuarter('2027Q1').range).toEqual({ from: '2027-01-01', to: '2027-04-01' });
    expect(quarterOf('2026-11-23')).toBe('2026Q4');
    expect(quarterOf('2026-03-31')).toBe('2026Q1');
  });
  it('refuses anything else, naming the field', () => {
    for (const bad of ['2026Q5', '2026q1', '2026-Q1', 'Q1', '', '20261Q1', '1999Q1']) {
      expect(() => parseQuarter(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', fields: [expect.objectContaining({ field: 'period', code: 'INVALID_PERIOD' })] }));
    }
  });
  it('a quarter can be released only once it has ended', () => {
    expect(() => assertQuarterEnded(parseQuarter('2026Q4'), '2026-12-31')).toThrow(DisclosurePeriodOpen);
    expect(() => assertQuarterEnded(parseQuarter('2026Q4'), '2027-01-01')).not.toThrow();
  });
});

describe('computeDisclosure', () => {
  const q4 = parseQuarter('2026Q4').range;

  it('counts decisions, acceptances, mediation success and working days per business', () => {
    const rows = computeDisclosure([
      // accepted in Q4, closed with agreement: received 10-09 (Fri) → closed 10-16 (Fri): 10-10 (make-up), 10-12..16 = 6 working days
      c({ closedOn: '2026-10-16', status: 'closed', outcome: 'agreement' }),
      // accepted, closed without agreement: 09-30 → 10-09: only 10-08, 10-09 are working days after the holiday = 2
      c({ receivedOn: '2026-09-30', decidedOn: '2026-09-30', closedOn: '2026-10-09', status: 'closed', outcome: 'noAgreement' }),
      // declined in Q4: received and finished, not accepted; 10-09 → 10-12 = 2 (10-10 make-up, 10-12)
      c({ declined: true, decidedOn: '2026-10-12', status: 'declined' }),
      // terminated mediation counts as not successful
      c({ closedOn: '2026-11-02', status: 'closed', outcome: 'terminated', receivedOn: '2026-10-26', decidedOn: '2026-10-27' }),
      // another business, decided only
      c({ respondentCreditCode: B, respondentName: '乙商行' }),
    ], q4, cal);
    const a = rows.find((r) => r.creditCode === A)!;
    expect(a).toEqual({
      name: '甲公司', creditCode: A,
      received: 3, // the 09-30 decision is Q3's
      accepted: 2,
      mediationSuccessRate: 1 / 3,
      // (6 + 2 + 2 + 5) / 4 — 10-26 (Mon) → 11-02 (Mon): 10-27..30, 11-02 = 5
      averageDays: 3.8,
    });
    expect(rows.find((r) => r.creditCode === B)).toEqual({ name: '乙商行', creditCode: B, received: 1, accepted: 1, mediationSuccessRate: null, averageDays: null });
    expect(rows.map((r) => r.creditCode)).toEqual([A, B]); // most complaints first
  });

  it('leaves out complaints settled by an ODR enterprise (issue 17: counted apart) and those still with it', () => {
    const base = computeDisclosure([c({ closedOn: '2026-10-16', status: 'closed', outcome: 'agreement' })], q4, cal);
    const withOdr = computeDisclosure([
      c({ closedOn: '2026-10-16', status: 'closed', outcome: 'agreement' }),
      c({ decidedOn: null, closedOn: '2026-10-14', status: 'closed', outcome: 'odrSettled' }),
      c({ decidedOn: null, status: 'odr' }),
    ], q4, cal);
    expect(withOdr).toEqual(base);
  });

  it('counts nothing before the decision, and no reports, inquiries, merged or transferred-out cases', () => {
    const rows = computeDisclosure([
      c({ decidedOn: null, status: 'signed' }),
      c({ type: 'report' }),
      c({ type: 'inquiry' }),
      c({ status: 'merged' }),
      c({ status: 'transferredOut' }),
      c({ decidedOn: '2027-01-04' }),
    ], q4, cal);
    expect(rows).toEqual([]);
  });

  it('publishes only respondents with a 统一社会信用代码 (no natural persons), grouped by code under the latest name', () => {
    const rows = computeDisclosure([
      c({ respondentCreditCode: null, respondentName: '张三（个体摊贩）' }),
      c({ respondentCreditCode: '430702600123456', respondentName: '老注册号商户' }), // 15-digit registration number
      c({ respondentCreditCode: A.toLowerCase(), respondentName: '甲公司（旧名）', receivedOn: '2026-10-01' }),
      c({ respondentName: '甲公司（新名）', receivedOn: '2026-10-20', decidedOn: '2026-10-21' }),
    ], q4, cal);
    expect(rows).toEqual([expect.objectContaining({ creditCode: A, name: '甲公司（新名）', received: 2 })]);
    expect(JSON.stringify(rows)).not.toMatch(/张三|老注册号/);
  });
});
