// Matches unit names as written in a plan against the unit directory. Plain TypeScript.

export interface DirectoryUnit {
  id: string;
  name: string;
  aliases: string[];
}

export interface UnitMatch {
  /** name as written -> unit id */
  matched: Record<string, string>;
  /** names with no match, or matching several units; in first-seen order */
  unmatched: string[];
}

const ANGLE_OPEN = /[〈＜‹]/g;
const ANGLE_CLOSE = /[〉＞›]/g;

/** Width-, space- and bracket-insensitive key: `消保科＜投诉举报办＞ ` -> `消保科<投诉举报办>`. */
export function normalizeUnitName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(ANGLE_OPEN, '<')
    .replace(ANGLE_CLOSE, '>')
    .replace(/[【\[]/g, '(')
    .replace(/[】\]]/g, ')')
    .replace(/\s+/g, '')
    .replace(/^[、,;。:]+|[、,;。:]+$/g, '')
    .toLowerCase();
}

/** `主名<别名>` -> [主名, 别名]; other names -> []. */
function angleParts(key: string): string[] {
  const m = /^(.+)<([^<>]+)>$/.exec(key);
  return m ? [m[1], m[2]] : [];
}

type Index = Map<string, Set<string>>;

function add(index: Index, key: string, id: string): void {
  if (!key) return;
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}

export function matchUnitNames(names: string[], directory: DirectoryUnit[]): UnitMatch {
  const byName: Index = new Map();
  const byAlias: Index = new Map();
  const byPart: Index = new Map();
  for (const unit of directory) {
    const name = normalizeUnitName(unit.name);
    add(byName, name, unit.id);
    for (const alias of unit.aliases) add(byAlias, normalizeUnitName(alias), unit.id);
    for (const written of [unit.name, ...unit.aliases]) {
      for (const part of angleParts(normalizeUnitName(written))) add(byPart, part, unit.id);
    }
  }

  // first step giving a single unit wins; an ambiguous step stops the search
  const resolve = (name: string): string | null => {
    const key = normalizeUnitName(name);
    const keys = [key, ...angleParts(key)];
    for (const k of keys) {
      for (const index of [byName, byAlias, byPart]) {
        const ids = index.get(k);
        if (ids?.size === 1) return [...ids][0];
        if (ids && ids.size > 1) return null;
      }
    }
    return null;
  };

  const matched: Record<string, string> = {};
  const unmatched: string[] = [];
  for (const name of new Set(names)) {
    const id = resolve(name);
    if (id) matched[name] = id;
    else unmatched.push(name);
  }
  return { matched, unmatched };
}
