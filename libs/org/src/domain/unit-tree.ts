export type UnitLevel = 'city' | 'department' | 'county' | 'station';

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
