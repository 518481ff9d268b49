import { normalizeKeywords, validateRoutingRule, type RoutingRuleInput } from './routing-admin.js';
import { route } from './routing.js';
import type { UnitNode } from './unit-tree.js';

const units: UnitNode[] = [
  { id: 'city', code: 'cd', name: '市局', level: 'city', parentId: null, regionCode: '430700', isIntake: false },
  { id: 'intake', code: 'cd-xbk', name: '消保科', level: 'department', parentId: 'city', regionCode: '430700', isIntake: true },
  { id: 'wl', code: 'wl', name: '武陵区局', level: 'county', parentId: 'city', regionCode: '430702', isIntake: false },
];
const cats = ['G01', 'G0501', 'S03'];
const ok: RoutingRuleInput = { regionPrefix: '430702', categoryPrefix: null, townshipCode: null, addressKeywords: [], platform: null, caseType: null, unitId: 'wl', priority: 0, enabled: true, note: '' };

describe('validateRoutingRule', () => {
  it('accepts a well-formed rule', () => {
    expect(validateRoutingRule(ok, units, cats)).toEqual([]);
    expect(validateRoutingRule({ ...ok, categoryPrefix: 'G05', caseType: 'report', platform: true, priority: -5 }, units, cats)).toEqual([]);
  });

  it('names every bad field', () => {
    const issues = validateRoutingRule({ ...ok, regionPrefix: '43x', categoryPrefix: 'Z9', caseType: 'petition', unitId: 'nope', priority: 1.5 }, units, cats);
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      'regionPrefix:REGION_PREFIX', 'categoryPrefix:UNKNOWN_CATEGORY', 'caseType:UNKNOWN_CASE_TYPE', 'unitId:UNKNOWN_UNIT', 'priority:PRIORITY_RANGE',
    ]);
  });

  it('refuses a rule that would send cases to the intake unit (unmatched items already land in its pool)', () => {
    expect(validateRoutingRule({ ...ok, unitId: 'intake' }, units, cats)).toEqual([expect.objectContaining({ field: 'unitId', code: 'INTAKE_UNIT' })]);
  });

  it('a report-only rule routes reports but not complaints (reports go where the violation happened, O121 Art. 29)', () => {
    const rules = [{ ...ok, id: 'r1', caseType: 'report', unitId: 'wl' }];
    expect(route(rules, { regionCode: '430702', categoryCode: 'G01', platform: false, caseType: 'report' }).unitId).toBe('wl');
    expect(route(rules, { regionCode: '430702', categoryCode: 'G01', platform: false, caseType: 'complaint' }).unitId).toBeNull();
    expect(route([{ ...rules[0]!, enabled: false }], { regionCode: '430702', categoryCode: 'G01', platform: false, caseType: 'report' }).unitId).toBeNull();
  });
});

describe('validateRoutingRule: township code and keywords (issue 13)', () => {
  it('accepts a township under the prefix and clean keywords; names the field of each problem', () => {
    expect(validateRoutingRule({ ...ok, townshipCode: '430702001', addressKeywords: ['丹阳街道'] }, units, cats)).toEqual([]);
    expect(validateRoutingRule({ ...ok, townshipCode: '43070200' }, units, cats)).toMatchObject([{ field: 'townshipCode', code: 'TOWNSHIP_CODE' }]);
    expect(validateRoutingRule({ ...ok, townshipCode: '430703001' }, units, cats)).toMatchObject([{ field: 'townshipCode', code: 'TOWNSHIP_OUTSIDE_REGION' }]);
    expect(validateRoutingRule({ ...ok, addressKeywords: ['镇'] }, units, cats)).toMatchObject([{ field: 'addressKeywords', code: 'KEYWORD_FORMAT' }]);
    expect(validateRoutingRule({ ...ok, addressKeywords: ['丹阳 街道'] }, units, cats)).toMatchObject([{ field: 'addressKeywords' }]);
    expect(validateRoutingRule({ ...ok, addressKeywords: Array.from({ length: 31 }, (_, i) => `关键词${i}`) }, units, cats)).toMatchObject([{ code: 'TOO_MANY_KEYWORDS' }]);
    expect(normalizeKeywords([' 丹阳 ', '', '丹阳', '白马湖'])).toEqual(['丹阳', '白马湖']);
  });
});
