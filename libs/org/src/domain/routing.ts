// Routing is data (O121 Art. 13, 29, 41): region code prefix × category × platform flag → unit, and down to a
// township station (市场监管所) by its township code or address keywords. Unmatched items stay in the intake unit's
// dispatch pool for a dispatcher. `routeIntake` is the one function registration and the preview both call.

export interface RoutingRule {
  id: string;
  regionPrefix: string;
  categoryPrefix: string | null;
  /** A township/street (乡镇街道): the 9-digit code under the county's 6 digits; matched against the respondent's. */
  townshipCode?: string | null;
  /** Where township codes are unknown: any of these found in the respondent's address matches. */
  addressKeywords?: string[];
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
  /** The respondent's township code (9 digits), when known. */
  townshipCode?: string | null;
  /** The respondent's address (matched against a rule's keywords). */
  address?: string | null;
}

export interface RouteDecision {
  unitId: string | null;
  ruleId: string | null;
  explanation: string;
}

const keywordsOf = (r: RoutingRule): readonly string[] => r.addressKeywords ?? [];
const isPlaceRule = (r: RoutingRule): boolean => !!r.townshipCode || keywordsOf(r).length > 0;

/** The township a place rule matched on: the code when both sides know one, else a keyword found in the address. */
function placeMatch(r: RoutingRule, x: RoutingInput): string | null {
  if (r.townshipCode && x.townshipCode) return r.townshipCode === x.townshipCode ? `乡镇街道 ${r.townshipCode}` : null;
  const address = (x.address ?? '').replace(/\s+/g, '');
  const hit = keywordsOf(r).find((k) => k && address.includes(k));
  return hit ? `地址含“${hit}”` : null;
}

function matches(r: RoutingRule, x: RoutingInput): boolean {
  return (
    r.enabled &&
    x.regionCode.startsWith(r.regionPrefix) &&
    (r.categoryPrefix === null || x.categoryCode.startsWith(r.categoryPrefix)) &&
    (r.platform === null || r.platform === x.platform) &&
    (r.caseType === null || r.caseType === x.caseType) &&
    (!isPlaceRule(r) || placeMatch(r, x) !== null)
  );
}

/** How precisely a rule names the place: a township code counts as a 9-digit prefix; keywords beat a bare prefix. */
const placeRank = (r: RoutingRule): number =>
  Math.max(r.regionPrefix.length, r.townshipCode ? 9 : 0) * 2 + (keywordsOf(r).length ? 1 : 0);

/** Most specific wins: priority, then the most precise place (township, keywords, longer prefix), then category. */
function compare(a: RoutingRule, b: RoutingRule): number {
  return (
    b.priority - a.priority ||
    placeRank(b) - placeRank(a) ||
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
  const place = isPlaceRule(best) ? placeMatch(best, input) : null;
  if (place) parts.push(place);
  if (best.categoryPrefix) parts.push(`类别 ${best.categoryPrefix}`);
  if (best.platform !== null) parts.push(best.platform ? '电商平台' : '非平台经营者');
  const to = best.unitName ? `派往${best.unitName}` : '派往承办单位';
  return { unitId: best.unitId, ruleId: best.id, explanation: `${to}：派单规则（${parts.join('，')}）${best.note ? `；${best.note}` : ''}` };
}

/** What registration knows about a new item, as far as routing is concerned. */
export interface IntakeRoutingInput {
  type: string;
  category: string;
  respondent: { regionCode: string; townshipCode?: string | null; address?: string | null; platform?: boolean };
  /** Reports: where the violation happened (O121 Art. 29); default the respondent's region. */
  violationRegionCode?: string | null;
  /** Inquiries stay in the pool for the operator unless this asks for routing (O121 Art. 44). */
  routeInquiry?: boolean;
}

export const INQUIRY_STAYS = '咨询由接线员当场答复，或人工分派至承办单位';

/**
 * Where a new item goes: the one routing decision of registration, inquiry conversion and the preview (so the
 * preview always names the unit the save will). A report whose violation happened elsewhere than the respondent's
 * region is routed there, and the respondent's township and address then say nothing about the place.
 */
export function routeIntake(rules: readonly RoutingRule[], x: IntakeRoutingInput): RouteDecision {
  if (x.type === 'inquiry' && !x.routeInquiry) return { unitId: null, ruleId: null, explanation: INQUIRY_STAYS };
  const r = x.respondent;
  const violation = x.type === 'report' ? (x.violationRegionCode ?? null) : null;
  const elsewhere = violation !== null && !violation.startsWith(r.regionCode) && !r.regionCode.startsWith(violation);
  const regionCode = violation ?? r.regionCode;
  // A 9/12-digit region code names its township itself.
  const township = regionCode.length >= 9 ? regionCode.slice(0, 9) : elsewhere ? null : (r.townshipCode ?? null);
  return route(rules, {
    regionCode, categoryCode: x.category, platform: r.platform ?? false, caseType: x.type,
    townshipCode: township, address: elsewhere ? null : (r.address ?? null),
  });
}
