// Admin edits of the dispatch catalogue (派单目录): what a routing rule must satisfy before it is stored.
// Pure: the application layer passes in the unit tree and the category codes.
import type { FieldIssue } from '#kernel';
import type { UnitNode } from './unit-tree.js';

export const MAX_KEYWORDS = 30;

/** Keywords as stored: trimmed, no blanks, no repeats, in the order given. */
export function normalizeKeywords(raw: readonly string[]): string[] {
  return [...new Set(raw.map((k) => (typeof k === 'string' ? k.trim() : k)).filter((k) => k !== ''))];
}

export const CASE_TYPES_ROUTABLE = ['complaint', 'report', 'inquiry'] as const;

export interface RoutingRuleInput {
  regionPrefix: string;
  categoryPrefix: string | null;
  townshipCode: string | null;
  addressKeywords: string[];
  platform: boolean | null;
  caseType: string | null;
  unitId: string;
  priority: number;
  enabled: boolean;
  note: string;
}

/**
 * Every problem with a rule, each naming its field. A rule may only send cases to a handling unit (never back to
 * the intake unit: unmatched items already land in its pool), and its prefixes must be able to match something.
 */
export function validateRoutingRule(
  r: RoutingRuleInput,
  units: readonly UnitNode[],
  categoryCodes: readonly string[],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!/^\d{2,12}$/.test(r.regionPrefix))
    issues.push({ field: 'regionPrefix', code: 'REGION_PREFIX', message: '区划前缀应为2–12位数字（GB/T 2260 行政区划代码的前缀）' });
  if (r.townshipCode !== null) {
    if (!/^\d{9}$/.test(r.townshipCode))
      issues.push({ field: 'townshipCode', code: 'TOWNSHIP_CODE', message: '乡镇街道代码应为9位数字（区县6位代码 + 3位乡镇街道代码）' });
    else if (!r.townshipCode.startsWith(r.regionPrefix))
      issues.push({ field: 'townshipCode', code: 'TOWNSHIP_OUTSIDE_REGION', message: `乡镇街道代码应以区划前缀“${r.regionPrefix}”开头` });
  }
  if (r.addressKeywords.length > MAX_KEYWORDS)
    issues.push({ field: 'addressKeywords', code: 'TOO_MANY_KEYWORDS', message: `地址关键词最多${MAX_KEYWORDS}个` });
  else if (r.addressKeywords.some((k) => typeof k !== 'string' || [...k.trim()].length < 2 || [...k.trim()].length > 30 || /\s/.test(k.trim())))
    issues.push({ field: 'addressKeywords', code: 'KEYWORD_FORMAT', message: '每个地址关键词应为2–30个字、不含空格（过短的词会误配其他地址）' });
  if (r.categoryPrefix !== null && !categoryCodes.some((c) => c.startsWith(r.categoryPrefix!)))
    issues.push({ field: 'categoryPrefix', code: 'UNKNOWN_CATEGORY', message: `没有以“${r.categoryPrefix}”开头的类别代码` });
  if (r.caseType !== null && !(CASE_TYPES_ROUTABLE as readonly string[]).includes(r.caseType))
    issues.push({ field: 'caseType', code: 'UNKNOWN_CASE_TYPE', message: '事项类型应为投诉、举报或咨询' });
  const unit = units.find((u) => u.id === r.unitId);
  if (!unit) issues.push({ field: 'unitId', code: 'UNKNOWN_UNIT', message: '承办单位不存在' });
  else if (unit.isIntake)
    issues.push({ field: 'unitId', code: 'INTAKE_UNIT', message: '不能派往投诉举报办：未匹配的事项本来就进入其待分派池' });
  if (!Number.isInteger(r.priority) || r.priority < -1000 || r.priority > 1000)
    issues.push({ field: 'priority', code: 'PRIORITY_RANGE', message: '优先级应为 -1000 至 1000 的整数' });
  return issues;
}
