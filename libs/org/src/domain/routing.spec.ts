import { type RoutingInput, type RoutingRule, route } from './routing.js';

function rule(p: Partial<RoutingRule> & Pick<RoutingRule, 'id' | 'regionPrefix' | 'unitId'>): RoutingRule {
  return { categoryPrefix: null, platform: null, caseType: null, priority: 0, enabled: true, note: '', ...p };
}
const complaint = (p: Partial<RoutingInput> = {}): RoutingInput => ({
  regionCode: '350102', categoryCode: 'S0301', platform: false, caseType: 'complaint', ...p,
});

describe('route', () => {
  const city = rule({ id: 'r-city', regionPrefix: '3501', unitId: 'u-city', unitName: '市局' });
  const gulou = rule({ id: 'r-gulou', regionPrefix: '350102', unitId: 'u-gulou', unitName: '鼓楼区局' });
  const cangshan = rule({ id: 'r-cangshan', regionPrefix: '350104', unitId: 'u-cangshan', unitName: '仓山区局' });

  it('picks the longest matching region prefix', () => {
    expect(route([city, gulou, cangshan], complaint())).toMatchObject({ unitId: 'u-gulou', ruleId: 'r-gulou' });
    expect(route([city, gulou, cangshan], complaint({ regionCode: '350104' })).unitId).toBe('u-cangshan');
    expect(route([city, gulou, cangshan], complaint({ regionCode: '350111' })).unitId).toBe('u-city');
    // A township code under the county still belongs to it.
    expect(route([city, gulou], complaint({ regionCode: '350102001' })).unitId).toBe('u-gulou');
  });

  it('lets priority beat a longer prefix', () => {
    const urgent = rule({ id: 'r-urgent', regionPrefix: '35', unitId: 'u-special', priority: 10 });
    expect(route([gulou, urgent], complaint()).unitId).toBe('u-special');
    expect(route([gulou, { ...urgent, priority: -1 }], complaint()).unitId).toBe('u-gulou');
  });

  it('prefers a category-specific rule, the longer category prefix first, and only for matching categories', () => {
    const food = rule({ id: 'r-food', regionPrefix: '350102', categoryPrefix: 'G05', unitId: 'u-food' });
    const dairy = rule({ id: 'r-dairy', regionPrefix: '350102', categoryPrefix: 'G0501', unitId: 'u-dairy' });
    expect(route([gulou, food, dairy], complaint({ categoryCode: 'G0501' })).unitId).toBe('u-dairy');
    expect(route([gulou, food, dairy], complaint({ categoryCode: 'G0502' })).unitId).toBe('u-food');
    expect(route([gulou, food, dairy], complaint({ categoryCode: 'S0301' })).unitId).toBe('u-gulou');
    // The region prefix still counts before the category.
    const cityFood = rule({ id: 'r-cityfood', regionPrefix: '3501', categoryPrefix: 'G05', unitId: 'u-cityfood' });
    expect(route([gulou, cityFood], complaint({ categoryCode: 'G0501' })).unitId).toBe('u-gulou');
  });

  it('routes platforms by the platform flag, preferring the flagged rule', () => {
    const online = rule({ id: 'r-online', regionPrefix: '350102', platform: true, unitId: 'u-net', unitName: '网监科' });
    const offline = rule({ id: 'r-offline', regionPrefix: '350102', platform: false, unitId: 'u-gulou-2' });
    expect(route([gulou, online], complaint({ platform: true })).unitId).toBe('u-net');
    expect(route([gulou, online], complaint({ platform: false })).unitId).toBe('u-gulou');
    expect(route([gulou, online, offline], complaint({ platform: false })).unitId).toBe('u-gulou-2');
    expect(route([gulou, online], complaint({ platform: true })).explanation).toContain('电商平台');
    expect(route([offline], complaint()).explanation).toContain('非平台经营者');
  });

  it('filters by case type', () => {
    const reports = rule({ id: 'r-reports', regionPrefix: '350102', caseType: 'report', unitId: 'u-enforce', priority: 5 });
    expect(route([gulou, reports], complaint({ caseType: 'report' })).unitId).toBe('u-enforce');
    expect(route([gulou, reports], complaint()).unitId).toBe('u-gulou');
  });

  it('ignores disabled rules', () => {
    expect(route([city, { ...gulou, enabled: false }], complaint()).unitId).toBe('u-city');
  });

  it('breaks a full tie by rule id, whatever the input order', () => {
    const a = rule({ id: 'a', regionPrefix: '350102', unitId: 'u-a' });
    const b = rule({ id: 'b', regionPrefix: '350102', unitId: 'u-b' });
    expect(route([b, a], complaint()).unitId).toBe('u-a');
    expect(route([a, b], complaint()).unitId).toBe('u-a');
  });

  it('leaves an unmatched item in the intake pool, saying why', () => {
    const d = route([gulou, cangshan], complaint({ regionCode: '110105' }));
    expect(d).toEqual({ unitId: null, ruleId: null, explanation: expect.stringContaining('110105') });
    expect(d.explanation).toContain('待分派池');
    expect(route([], complaint()).unitId).toBeNull();
  });

  it('explains the rule it applied', () => {
    const food = rule({ id: 'r-food', regionPrefix: '350102', categoryPrefix: 'G05', unitId: 'u-food', unitName: '食品科', note: '派单目录第3项' });
    expect(route([food], complaint({ categoryCode: 'G0501' })).explanation).toBe('派往食品科：派单规则（区划以 350102 开头，类别 G05）；派单目录第3项');
    expect(route([{ ...gulou, unitName: undefined }], complaint()).explanation).toBe('派往承办单位：派单规则（区划以 350102 开头）');
  });

  it('does not mutate the rule list', () => {
    const rules = [city, gulou, cangshan];
    route(rules, complaint());
    expect(rules.map((r) => r.id)).toEqual(['r-city', 'r-gulou', 'r-cangshan']);
  });
});
