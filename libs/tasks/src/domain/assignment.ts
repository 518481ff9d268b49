// From a parsed plan and the unit directory to tasks with a lead unit and co-units. Plain TypeScript.
import type { FieldIssue } from '#kernel';
import { isCollectiveUnitName, type ParsedItem, type ParsedPlan } from './plan-parser.js';
import { matchUnitNames, normalizeUnitName } from './unit-matcher.js';

export type DirectoryLevel = 'city' | 'department' | 'county' | 'station';

export interface DirectoryEntry {
  id: string;
  code: string;
  name: string;
  level: DirectoryLevel;
  parentId: string | null;
  aliases: string[];
}

/** How a name as written resolved. */
export type Resolution =
  | { kind: 'unit'; unitId: string; via: 'mapping' | 'directory' }
  | { kind: 'collective'; unitIds: string[]; group: CollectiveGroup }
  | { kind: 'ignored' }
  | { kind: 'unmatched' };

export type CollectiveGroup = 'counties' | 'stations' | 'departments';

const COUNTY_WORDS = /区县|县区|县市|县\(市\)|县\(市、区\)|县\(区\)|县级/;
const BUREAU_END = /(?:局|分局|市场监管部门|市场监督管理部门)$/;
const STATION_END = /(?:市场监管所|市场监督管理所|监管所)$/;
const DEPARTMENTS = /^(?:机关)?各(?:科室|处室|科\(室\)|处\(室\))$|^机关各(?:科室|处室|部门)$/;

/**
 * Collective names that stand for a level of the unit tree: 各区县（市）市场监管局 / 各县级局 → every county-level
 * bureau; 各市场监管所 → every station; 机关各科室 → every department of the bureau. Other collective names
 * (相关科室, 各直属单位, 各区县市消保委) name no definite set and must be mapped by the admin.
 */
export function collectiveGroup(name: string): CollectiveGroup | null {
  if (!isCollectiveUnitName(name)) return null;
  const key = normalizeUnitName(name);
  if (COUNTY_WORDS.test(key) && BUREAU_END.test(key)) return 'counties';
  if (STATION_END.test(key)) return 'stations';
  if (DEPARTMENTS.test(key)) return 'departments';
  return null;
}

const GROUP_LEVEL: Record<CollectiveGroup, DirectoryLevel> = { counties: 'county', stations: 'station', departments: 'department' };

export function collectiveMembers(group: CollectiveGroup, directory: readonly DirectoryEntry[]): string[] {
  return directory
    .filter((u) => u.level === GROUP_LEVEL[group])
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((u) => u.id);
}

/** unitId, or null = "not a unit of ours: leave it out" (e.g. 市消保委秘书处, an outside body). */
export type UnitMappings = Record<string, string | null>;

/**
 * Resolves every name as written. Order: the admin's mapping, then the directory (names and aliases, see
 * unit-matcher), then collective expansion. A mapping of a collective name overrides its expansion.
 */
export function resolveUnitNames(
  names: readonly string[],
  directory: readonly DirectoryEntry[],
  mappings: UnitMappings = {},
): Map<string, Resolution> {
  const out = new Map<string, Resolution>();
  const mapped = new Map(Object.entries(mappings).map(([k, v]) => [normalizeUnitName(k), v]));
  const { matched } = matchUnitNames(names.filter((n) => !mapped.has(normalizeUnitName(n))), [...directory]);
  for (const name of names) {
    const key = normalizeUnitName(name);
    if (mapped.has(key)) {
      const v = mapped.get(key);
      out.set(name, v === null || v === undefined ? { kind: 'ignored' } : { kind: 'unit', unitId: v, via: 'mapping' });
      continue;
    }
    if (matched[name]) {
      out.set(name, { kind: 'unit', unitId: matched[name]!, via: 'directory' });
      continue;
    }
    const group = collectiveGroup(name);
    const members = group ? collectiveMembers(group, directory) : [];
    out.set(name, group && members.length ? { kind: 'collective', unitIds: members, group } : { kind: 'unmatched' });
  }
  return out;
}

export interface TaskAssignment {
  leadUnitId: string;
  /** In the order written, without duplicates or the lead. */
  coUnitIds: string[];
  /** unit id → the name it was written as in this item (collective members carry the collective name). */
  writtenAs: Record<string, string>;
}

export type AssignmentProblem = { kind: 'unmatched'; name: string } | { kind: 'collectiveLead'; name: string } | { kind: 'noLead' };

/**
 * The lead (牵头单位) is the parser's lead: the first unit of the first clause (or the one a 牵头单位：label
 * names); every other listed unit is a co-unit (domain.md §8). A collective lead names no single unit, and an
 * ignored lead leaves the next listed unit to lead only if the admin ignored it on purpose.
 */
export function assignItem(item: ParsedItem, resolved: ReadonlyMap<string, Resolution>): TaskAssignment | AssignmentProblem[] {
  const problems: AssignmentProblem[] = [];
  const names = item.clauses.flatMap((c) => c.units);
  const ordered = item.leadUnit ? [item.leadUnit, ...names.filter((n) => n !== item.leadUnit)] : names;
  const ids: string[] = [];
  const writtenAs: Record<string, string> = {};
  let leadUnitId: string | null = null;
  ordered.forEach((name, i) => {
    const r = resolved.get(name) ?? { kind: 'unmatched' as const };
    if (r.kind === 'unmatched') { problems.push({ kind: 'unmatched', name }); return; }
    if (r.kind === 'ignored') return;
    if (r.kind === 'collective' && i === 0) { problems.push({ kind: 'collectiveLead', name }); return; }
    const add = r.kind === 'unit' ? [r.unitId] : r.unitIds;
    for (const id of add) {
      if (ids.includes(id)) continue;
      ids.push(id);
      writtenAs[id] = name;
    }
    if (leadUnitId === null && r.kind === 'unit') leadUnitId = r.unitId;
  });
  if (problems.length) return problems;
  if (leadUnitId === null) return [{ kind: 'noLead' }];
  return { leadUnitId, coUnitIds: ids.filter((id) => id !== leadUnitId), writtenAs };
}

export interface DraftTask {
  seq: number;
  item: ParsedItem;
  assignment: TaskAssignment;
}

export interface PlanDraft {
  tasks: DraftTask[];
  /** Names the admin must still map, in first-seen order. */
  unmatched: string[];
  problems: PlanIssue[];
  resolved: Map<string, Resolution>;
}

/** A problem with the names it is about and the item (seq, 1-based) it is on, so the console shows it on that row. */
export type PlanIssue = FieldIssue & { names?: string[]; seq?: number };

/** Every item of the plan assigned, or the problems that block confirming it (all named at once). */
export function draftPlan(parsed: ParsedPlan, directory: readonly DirectoryEntry[], mappings: UnitMappings = {}): PlanDraft {
  const problems: PlanIssue[] = [];
  const known = new Set(directory.map((u) => u.id));
  for (const [name, id] of Object.entries(mappings)) {
    if (id !== null && !known.has(id))
      problems.push({ field: `unitMappings.${name}`, code: 'UNKNOWN_UNIT', message: `“${name}”对应的单位不存在`, names: [name] });
  }
  const resolved = resolveUnitNames(parsed.unitNames, directory, mappings);
  const unmatched = parsed.unitNames.filter((n) => resolved.get(n)?.kind === 'unmatched');
  if (unmatched.length)
    problems.push({ field: 'unitMappings', code: 'UNMATCHED_UNITS', message: `以下责任单位尚未对应到单位目录：${unmatched.join('、')}`, names: unmatched });
  const tasks: DraftTask[] = [];
  const label = (item: ParsedItem) => (item.section ? `${item.section}.${item.number}` : item.number);
  parsed.items.forEach((item, seq) => {
    const a = assignItem(item, resolved);
    if (Array.isArray(a)) {
      for (const p of a) {
        if (p.kind === 'collectiveLead')
          problems.push({ field: 'unitMappings', code: 'COLLECTIVE_LEAD', message: `第${label(item)}项的牵头单位“${p.name}”是集合名称，请对应到一个具体单位`, names: [p.name], seq: seq + 1 });
        else if (p.kind === 'noLead')
          problems.push({ field: 'unitMappings', code: 'NO_LEAD', message: `第${label(item)}项没有可作为牵头单位的责任单位`, seq: seq + 1 });
      }
      return;
    }
    tasks.push({ seq: seq + 1, item, assignment: a });
  });
  if (!parsed.items.length) problems.push({ field: 'text', code: 'NO_ITEMS', message: '全文：未识别出任何编号的工作要点' });
  return { tasks, unmatched, problems, resolved };
}

/**
 * Mappings worth remembering as aliases: to a unit, not already that unit's name or alias, and not a collective
 * name (相关科室 means another unit in every item; remembering it would silently misassign the next plan).
 */
export function aliasesToRemember(directory: readonly DirectoryEntry[], mappings: UnitMappings): { unitId: string; alias: string }[] {
  const out: { unitId: string; alias: string }[] = [];
  for (const [name, unitId] of Object.entries(mappings)) {
    if (!unitId || !name.trim() || isCollectiveUnitName(name)) continue;
    const u = directory.find((x) => x.id === unitId);
    if (!u) continue;
    const key = normalizeUnitName(name);
    if ([u.name, ...u.aliases].some((a) => normalizeUnitName(a) === key)) continue;
    if (out.some((o) => o.unitId === unitId && normalizeUnitName(o.alias) === key)) continue;
    out.push({ unitId, alias: name.trim() });
  }
  return out;
}

/** The bureau office (办公室) the escalation rung goes to: a department so named under the root, else the root. */
export function bureauOffice(directory: readonly DirectoryEntry[]): string | null {
  const root = directory.find((u) => u.level === 'city' && u.parentId === null) ?? directory.find((u) => u.parentId === null);
  const isOffice = (u: DirectoryEntry) => [u.name, ...u.aliases].some((n) => /^(?:局)?办公室$/.test(normalizeUnitName(n)));
  const office = directory.find((u) => u.level === 'department' && (!root || u.parentId === root.id) && isOffice(u));
  return office?.id ?? root?.id ?? null;
}
