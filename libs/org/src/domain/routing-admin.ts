// Admin edits of the dispatch catalogue (派单目录): what a routing rule must satisfy before it is stored.
// Pure: the application layer passes in the unit tree and the category codes.
import type { FieldIssue } from '#kernel';
import type { UnitNode } from './unit-tree.js';

export const CASE_TYPES_ROUTABLE = ['complaint', 'report', 'inquiry'] as const;

export interface RoutingRuleInput {
  regionPrefix: string;
  categoryPrefix: string | null;
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
