import { type RoutingInput, type RoutingRule, route, routeIntake } from './routing.js';

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

describe('down to the station: township code and address keywords (issue 13)', () => {
  const county = rule({ id: 'r-county', regionPrefix: '430702', unitId: 'u-wl', unitName: '武陵区局' });
  const byCode = rule({ id: 'r-dy', regionPrefix: '430702', townshipCode: '430702001', unitId: 'u-dy', unitName: '丹阳所' });
  const byWords = rule({ id: 'r-fp', regionPrefix: '430702', addressKeywords: ['芙蓉街道', '芙蓉路'], unitId: 'u-fp', unitName: '芙蓉所' });
  const foodAtCounty = rule({ id: 'r-food', regionPrefix: '430702', categoryPrefix: 'G05', unitId: 'u-wl-food' });
  const wl = (p: Partial<RoutingInput> = {}): RoutingInput => complaint({ regionCode: '430702', address: '常德市武陵区建设路8号', ...p });
  const all = [county, byCode, byWords, foodAtCounty];

  it('a township code sends the case straight to its station; another township or none stays with the county', () => {
    expect(route(all, wl({ townshipCode: '430702001' }))).toMatchObject({ unitId: 'u-dy', ruleId: 'r-dy' });
    expect(route(all, wl({ townshipCode: '430702001' })).explanation).toBe('派往丹阳所：派单规则（区划以 430702 开头，乡镇街道 430702001）');
    expect(route(all, wl({ townshipCode: '430702009' })).unitId).toBe('u-wl');
    expect(route(all, wl()).unitId).toBe('u-wl');
  });

  it('address keywords match where no code is known; the code wins over a keyword when both sides know one', () => {
    expect(route(all, wl({ address: '常德市武陵区芙蓉路12号' }))).toMatchObject({ unitId: 'u-fp' });
    expect(route(all, wl({ address: '常德市武陵区芙蓉路12号' })).explanation).toContain('地址含“芙蓉路”');
    expect(route(all, wl({ address: '常德市武陵区 芙蓉 街道 3号' })).unitId).toBe('u-fp'); // spaces in the address ignored
    const both = { ...byWords, townshipCode: '430702002' };
    expect(route([county, both], wl({ address: '芙蓉路1号', townshipCode: '430702003' })).unitId).toBe('u-wl');
    expect(route([county, both], wl({ address: '芙蓉路1号', townshipCode: '430702002' })).unitId).toBe('u-fp');
  });

  it('the place is more specific than a category at the county; priority still rules; a disabled or other-county station rule never matches', () => {
    expect(route(all, wl({ townshipCode: '430702001', categoryCode: 'G0501' })).unitId).toBe('u-dy');
    expect(route([county, { ...byCode, priority: -1 }], wl({ townshipCode: '430702001' })).unitId).toBe('u-wl');
    expect(route([county, { ...byCode, enabled: false }], wl({ townshipCode: '430702001' })).unitId).toBe('u-wl');
    expect(route([byCode], complaint({ regionCode: '430703', townshipCode: '430702001' })).unitId).toBeNull();
  });

  it('routeIntake: the one decision of registration and preview — inquiries stay, reports go where the violation happened', () => {
    const r = { regionCode: '430702', townshipCode: '430702001', address: '芙蓉路1号' };
    expect(routeIntake(all, { type: 'complaint', category: 'G01', respondent: r }).unitId).toBe('u-dy');
    expect(routeIntake(all, { type: 'inquiry', category: 'G01', respondent: r })).toMatchObject({ unitId: null });
    expect(routeIntake(all, { type: 'inquiry', category: 'G01', respondent: r, routeInquiry: true }).unitId).toBe('u-dy');
    const dingcheng = rule({ id: 'r-dc', regionPrefix: '430703', unitId: 'u-dc' });
    // The violation happened in another county: the respondent's township and address say nothing there.
    expect(routeIntake([...all, dingcheng], { type: 'report', category: 'G01', respondent: r, violationRegionCode: '430703' }).unitId).toBe('u-dc');
    // A 9-digit violation place names its township itself.
    expect(routeIntake(all, { type: 'report', category: 'G01', respondent: { regionCode: '430702', address: '' }, violationRegionCode: '430702001' }).unitId).toBe('u-dy');
  });
});
