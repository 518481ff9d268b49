// Routing is data (O121 Art. 13, 29, 41): region code prefix × category × platform flag → unit.
// Unmatched items stay in the intake unit's dispatch pool for a dispatcher.

export interface RoutingRule {
  id: string;
  regionPrefix: string;
  categoryPrefix: string | null;
  platform: boolean | null;
  caseType: string | null;
  unitId: string;
  unitName?: string;
  priority: number;
  enabled: boolean;
  note: string;
}

export interface RoutingInput {
  regionCode: string;
  categoryCode: string;
  platform: boolean;
  caseType: string;
}

export interface RouteDecision {
  unitId: string | null;
  ruleId: string | null;
  explanation: string;
}

function matches(r: RoutingRule, x: RoutingInput): boolean {
  return (
    r.enabled &&
    x.regionCode.startsWith(r.regionPrefix) &&
    (r.categoryPrefix === null || x.categoryCode.startsWith(r.categoryPrefix)) &&
    (r.platform === null || r.platform === x.platform) &&
    (r.caseType === null || r.caseType === x.caseType)
  );
}

/** Most specific wins: priority, then the longer region prefix, then a category-specific rule. */
function compare(a: RoutingRule, b: RoutingRule): number {
  return (
    b.priority - a.priority ||
    b.regionPrefix.length - a.regionPrefix.length ||
    (b.categoryPrefix?.length ?? -1) - (a.categoryPrefix?.length ?? -1) ||
    Number(b.platform !== null) - Number(a.platform !== null) ||
    a.id.localeCompare(b.id)
  );
}

export function route(rules: readonly RoutingRule[], input: RoutingInput): RouteDecision {
  const best = rules.filter((r) => matches(r, input)).sort(compare)[0];
  if (!best) {
    return { unitId: null, ruleId: null, explanation: `无匹配的派单规则（区划 ${input.regionCode}），进入投诉举报办待分派池` };
  }
  const parts = [`区划以 ${best.regionPrefix} 开头`];
  if (best.categoryPrefix) parts.push(`类别 ${best.categoryPrefix}`);
  if (best.platform !== null) parts.push(best.platform ? '电商平台' : '非平台经营者');
  const to = best.unitName ? `派往${best.unitName}` : '派往承办单位';
  return { unitId: best.unitId, ruleId: best.id, explanation: `${to}：派单规则（${parts.join('，')}）${best.note ? `；${best.note}` : ''}` };
}
