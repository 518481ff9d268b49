import { type PolicyState, type TimeLimitPolicy, inForce, policiesFor, policyChanges, regimeOn } from './policy.js';

let seq = 0;
function policy(p: Partial<TimeLimitPolicy> & Pick<TimeLimitPolicy, 'regime' | 'step'>): TimeLimitPolicy {
  return {
    id: `p${++seq}`,
    caseType: 'complaint',
    amount: 7,
    unit: 'workingDays',
    startsAt: 'receipt',
    legalBasis: '',
    effectiveFrom: '2019-07-01',
    effectiveTo: null,
    enabled: true,
    version: 1,
    ...p,
  };
}

// The two legal regimes of domain.md §4, as the seed is meant to hold them.
const O20_TO = '2026-04-14';
const O121_FROM = '2026-04-15';
const o20Accept = policy({ regime: 'O20', step: 'acceptance', effectiveTo: O20_TO, legalBasis: 'O20 第十四条' });
const o20Mediation = policy({ regime: 'O20', step: 'mediation', amount: 45, startsAt: 'acceptance', effectiveTo: O20_TO });
const o121Accept = policy({ regime: 'O121', step: 'acceptance', effectiveFrom: O121_FROM, legalBasis: 'O121 第十五条' });
const o121Mediation = policy({ regime: 'O121', step: 'mediation', amount: 60, unit: 'calendarDays', startsAt: 'acceptance', effectiveFrom: O121_FROM });
const o121Termination = policy({ regime: 'O121', step: 'terminationNotice', startsAt: 'termination', effectiveFrom: O121_FROM });
const o20Report = policy({ regime: 'O20', caseType: 'report', step: 'verification', amount: 15, effectiveTo: O20_TO });
const o121Report = policy({ regime: 'O121', caseType: 'report', step: 'verification', amount: 15, effectiveFrom: O121_FROM });
const localFirstResponse = policy({ regime: 'LOCAL', step: 'firstResponse', amount: 24, unit: 'hours', effectiveFrom: '2020-01-01' });
const localSign = policy({ regime: 'LOCAL', step: 'sign', amount: 1, startsAt: 'dispatch', effectiveFrom: '2020-01-01', enabled: false });
const legal = [o20Accept, o20Mediation, o121Accept, o121Mediation, o121Termination, o20Report, o121Report];

describe('inForce', () => {
  it('includes both ends of the effective range', () => {
    expect(inForce(o20Accept, '2019-07-01')).toBe(true);
    expect(inForce(o20Accept, '2019-06-30')).toBe(false);
    expect(inForce(o20Accept, O20_TO)).toBe(true);
    expect(inForce(o20Accept, O121_FROM)).toBe(false);
    expect(inForce(o121Accept, '2099-12-31')).toBe(true); // open-ended
  });
});

describe('regimeOn', () => {
  it('keys on the receipt date: O20 up to 2026-04-14, O121 from 2026-04-15', () => {
    expect(regimeOn(legal, 'complaint', '2025-06-01')).toBe('O20');
    expect(regimeOn(legal, 'complaint', '2026-04-14')).toBe('O20');
    expect(regimeOn(legal, 'complaint', '2026-04-15')).toBe('O121');
    expect(regimeOn(legal, 'report', '2026-04-14')).toBe('O20');
    expect(regimeOn(legal, 'report', '2026-04-15')).toBe('O121');
  });

  it('is null before any regime', () => {
    expect(regimeOn(legal, 'complaint', '2019-06-30')).toBeNull();
  });

  it('ignores local pledges', () => {
    expect(regimeOn([localFirstResponse], 'complaint', '2026-05-01')).toBeNull();
  });

  it('for a kind with no statutory step (inquiries, O121 Art. 44) takes the regime of the law in force that day', () => {
    expect(regimeOn([...legal, localFirstResponse], 'inquiry', '2026-04-14')).toBe('O20');
    expect(regimeOn([...legal, localFirstResponse], 'inquiry', '2026-04-15')).toBe('O121');
  });

  it('prefers the later regime if ranges overlap by mistake', () => {
    const overlapping = [policy({ regime: 'O20', step: 'acceptance' }), o121Accept];
    expect(regimeOn(overlapping, 'complaint', '2026-05-01')).toBe('O121');
  });
});

describe('policiesFor', () => {
  const all = [...legal, localFirstResponse, localSign];
  const steps = (set: ReturnType<typeof policiesFor>) => set.steps.map((p) => `${p.regime}:${p.step}`);

  it('gives O20 steps for an item received 2026-04-14', () => {
    const set = policiesFor(all, 'complaint', '2026-04-14');
    expect(set.regime).toBe('O20');
    expect(steps(set)).toEqual(['O20:acceptance', 'LOCAL:firstResponse', 'O20:mediation']);
    expect(set.steps.find((p) => p.step === 'mediation')).toMatchObject({ amount: 45, unit: 'workingDays' });
  });

  it('gives O121 steps for an item received 2026-04-15', () => {
    const set = policiesFor(all, 'complaint', '2026-04-15');
    expect(set.regime).toBe('O121');
    expect(steps(set)).toEqual(['O121:acceptance', 'LOCAL:firstResponse', 'O121:mediation', 'O121:terminationNotice']);
    expect(set.steps.find((p) => p.step === 'mediation')).toMatchObject({ amount: 60, unit: 'calendarDays' });
  });

  it('includes a local pledge only when enabled', () => {
    expect(steps(policiesFor(all, 'complaint', '2026-05-01'))).not.toContain('LOCAL:sign');
    const enabled = [...legal, localFirstResponse, { ...localSign, enabled: true }];
    expect(steps(policiesFor(enabled, 'complaint', '2026-05-01'))).toContain('LOCAL:sign');
  });

  it('lets a regime step override a local pledge of the same name, in either order', () => {
    const localAccept = policy({ regime: 'LOCAL', step: 'acceptance', amount: 3 });
    for (const ps of [[localAccept, ...legal], [...legal, localAccept]]) {
      const set = policiesFor(ps, 'complaint', '2026-05-01');
      expect(set.steps.filter((p) => p.step === 'acceptance')).toEqual([o121Accept]);
    }
    // …but a local pledge for a step the regime does not have stays.
    const localCallback = policy({ regime: 'LOCAL', step: 'callback', amount: 1, startsAt: 'close' });
    expect(steps(policiesFor([...legal, localCallback], 'complaint', '2026-05-01'))).toContain('LOCAL:callback');
  });

  it('honours effectiveTo inclusively for local pledges too', () => {
    const ending = policy({ regime: 'LOCAL', step: 'callback', effectiveFrom: '2026-01-01', effectiveTo: '2026-06-30' });
    expect(steps(policiesFor([...legal, ending], 'complaint', '2026-06-30'))).toContain('LOCAL:callback');
    expect(steps(policiesFor([...legal, ending], 'complaint', '2026-07-01'))).not.toContain('LOCAL:callback');
  });

  it('keeps other case types out', () => {
    const set = policiesFor(all, 'report', '2026-05-01');
    expect(steps(set)).toEqual(['O121:verification']);
  });

  it('leaves out a disabled legal step and another regime’s steps', () => {
    const disabled = legal.map((p) => (p === o121Mediation ? { ...p, enabled: false } : p));
    const set = policiesFor(disabled, 'complaint', '2026-05-01');
    expect(set.regime).toBe('O121');
    expect(steps(set)).toEqual(['O121:acceptance', 'O121:terminationNotice']);
  });

  it('returns no regime and only local pledges when no law is in force', () => {
    const set = policiesFor([...legal, localFirstResponse], 'complaint', '2019-06-30');
    expect(set.regime).toBeNull();
    expect(set.steps).toEqual([]); // localFirstResponse starts 2020-01-01
  });
});

describe('policyChanges (a policy version against the one before)', () => {
  const base: PolicyState = {
    regime: 'O121', caseType: 'complaint', step: 'acceptance', amount: 7, unit: 'workingDays', startsAt: 'receipt',
    legalBasis: 'O121 第十九条', effectiveFrom: '2026-04-15', effectiveTo: null, enabled: true, pauseReasons: [], maxExtensions: 0, maxExtensionUnits: 0,
  };
  it('names each changed field with its old and new value, nothing else', () => {
    expect(policyChanges(base, { ...base })).toEqual([]);
    expect(policyChanges(base, { ...base, amount: 5, legalBasis: '新依据' })).toEqual([
      { field: 'amount', from: 7, to: 5 }, { field: 'legalBasis', from: 'O121 第十九条', to: '新依据' },
    ]);
  });
  it('an absent ladder is the default (null); rungs compare by value whatever their keys\' order', () => {
    const ladder = [{ rung: 'warn' as const, offset: -3 }, { rung: 'due' as const, offset: 0 }];
    expect(policyChanges(base, { ...base, ladder })).toEqual([{ field: 'ladder', from: null, to: ladder }]);
    const reordered = JSON.parse('[{"offset":-3,"rung":"warn"},{"offset":0,"rung":"due"}]');
    expect(policyChanges({ ...base, ladder }, { ...base, ladder: reordered })).toEqual([]);
    expect(policyChanges({ ...base, ladder }, { ...base, ladder: [...ladder].reverse() })).toHaveLength(1);
    expect(policyChanges({ ...base, pauseReasons: ['testing'] }, { ...base, pauseReasons: ['testing', 'suspension'] }))
      .toEqual([{ field: 'pauseReasons', from: ['testing'], to: ['testing', 'suspension'] }]);
  });
});
