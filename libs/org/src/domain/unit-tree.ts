import type { UnitLevel } from './vocabulary.js';
export type { UnitLevel } from './vocabulary.js';

export interface UnitNode {
  id: string;
  code: string;
  name: string;
  level: UnitLevel;
  parentId: string | null;
  regionCode: string | null;
  isIntake: boolean;
}

/** The unit and everything below it (市 → 区县 → 所, departments). */
export function subtreeIds(units: readonly UnitNode[], rootId: string): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const out = new Set<string>();
  const stack = [rootId];
  while (stack.length) {
    const id = stack.pop()!;
    if (out.has(id)) continue;
    out.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return out;
}

/** The 市场监管所 directly under a unit (a county bureau's township stations). */
export function stationsOf(units: readonly UnitNode[], unitId: string): UnitNode[] {
  return units.filter((u) => u.parentId === unitId && u.level === 'station');
}

/** Is `stationId` one of `unitId`'s own stations (its parent is the unit and its level is station)? */
export function isStationUnder(units: readonly UnitNode[], stationId: string, unitId: string): boolean {
  return stationsOf(units, unitId).some((u) => u.id === stationId);
}

/**
 * In whose name a unit acts (domain.md §2, O121 Art. 30): a station handles within the powers its county bureau
 * gives it and in that bureau's name, so its legal authority is its parent; every other unit is its own. Used
 * wherever a unit's name goes on legal text (notices, 文号): a station's documents carry the county's name.
 */
export function legalAuthorityOf(units: readonly UnitNode[], unitId: string): UnitNode | undefined {
  const u = units.find((x) => x.id === unitId);
  if (u?.level !== 'station' || !u.parentId) return u;
  return units.find((x) => x.id === u.parentId) ?? u;
}

/**
 * 共同的上一级 (O121 Art. 33): the nearest unit above both `a` and `b`, which designates when they dispute jurisdiction.
 * null when they are the same unit, one is above the other (that is a referral or a recall, not a dispute between
 * peers) or they share no ancestor.
 */
export function commonSuperior(units: readonly UnitNode[], a: string, b: string): UnitNode | null {
  const byId = new Map(units.map((u) => [u.id, u]));
  const above = (id: string): string[] => {
    const out: string[] = [];
    for (let u = byId.get(id); u?.parentId && !out.includes(u.parentId); u = byId.get(u.parentId)) out.push(u.parentId);
    return out;
  };
  const upA = above(a);
  const upB = above(b);
  if (a === b || upA.includes(b) || upB.includes(a)) return null;
  const id = upA.find((x) => upB.includes(x));
  return id ? byId.get(id)! : null;
}
