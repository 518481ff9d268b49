import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_UNITS } from '../../../../prisma/seed-data/demo-city.js';
import { aliasesToRemember, assignItem, bureauOffice, collectiveGroup, draftPlan, resolveUnitNames, type DirectoryEntry } from './assignment.js';
import { parsePlan } from './plan-parser.js';

// The demo city's directory, with unit codes as ids so expectations read naturally.
const directory: DirectoryEntry[] = DEMO_UNITS.map((u) => ({
  id: u.code, code: u.code, name: u.name, level: u.level, parentId: u.parentCode, aliases: u.aliases,
}));
const counties = DEMO_UNITS.filter((u) => u.level === 'county').map((u) => u.code).sort();
const sample = parsePlan(readFileSync(join(__dirname, '__fixtures__', 'changde-2023-work-points.txt'), 'utf8'));

describe('collective names', () => {
  it.each([
    ['各区县（市）市场监管局', 'counties'],
    ['各区县(市)市场监督管理局', 'counties'],
    ['各县级局', 'counties'],
    ['各县（市、区）市场监管局', 'counties'],
    ['各市场监管所', 'stations'],
    ['机关各科室', 'departments'],
    ['各区县市消保委', null], // county consumer associations: not bureaus of ours
    ['相关科室', null],
    ['各直属单位', null],
    ['各县级局长', null],
    ['县级局', null], // not collective without 各
  ])('%s → %s', (name, group) => {
    expect(collectiveGroup(name)).toBe(group);
  });

  it('expands to every unit of that level, and a mapping overrides the expansion', () => {
    const r = resolveUnitNames(['各区县（市）市场监管局', '各县级局'], directory, { 各县级局: 'cd-bgs' });
    expect(r.get('各区县（市）市场监管局')).toEqual({ kind: 'collective', group: 'counties', unitIds: counties });
    expect(r.get('各县级局')).toEqual({ kind: 'unit', unitId: 'cd-bgs', via: 'mapping' });
  });
});

describe('lead and co-units', () => {
  const item = (clauses: string[][], leadUnit = clauses[0]![0]!) => ({
    section: '一', sectionTitle: null, number: '1', text: '…', leadUnit, clauses: clauses.map((units) => ({ units })), targets: [],
  });

  it('makes the first unit of the first clause the lead and every other listed unit a co-unit, in order, once', () => {
    const names = ['消保科<投诉举报办>', '价监科', '网监科', '消保科'];
    const a = assignItem(item([names.slice(0, 2), names.slice(2)]), resolveUnitNames(names, directory));
    expect(a).toEqual({
      leadUnitId: 'cd-xbk', coUnitIds: ['cd-jjk', 'cd-wjk'],
      writtenAs: { 'cd-xbk': '消保科<投诉举报办>', 'cd-jjk': '价监科', 'cd-wjk': '网监科' },
    });
  });

  it('uses the parser lead when a 牵头单位 label names a later unit', () => {
    const a = assignItem(item([['网监科'], ['价监科']], '价监科'), resolveUnitNames(['网监科', '价监科'], directory));
    expect(a).toMatchObject({ leadUnitId: 'cd-jjk', coUnitIds: ['cd-wjk'] });
  });

  it('expands a collective co-unit to all county-level bureaus', () => {
    const names = ['计量科', '各区县（市）市场监管局'];
    const a = assignItem(item([names]), resolveUnitNames(names, directory));
    expect(a).toMatchObject({ leadUnitId: 'cd-jlk', coUnitIds: counties });
  });

  it('refuses a collective lead and unmatched names; an ignored lead passes the lead to the next unit', () => {
    const names = ['各县级局', '价监科', '市消保委秘书处'];
    expect(assignItem(item([names]), resolveUnitNames(names, directory))).toEqual([
      { kind: 'collectiveLead', name: '各县级局' }, { kind: 'unmatched', name: '市消保委秘书处' },
    ]);
    const ignored = resolveUnitNames(names, directory, { 各县级局: null, 市消保委秘书处: null });
    expect(assignItem(item([names]), ignored)).toMatchObject({ leadUnitId: 'cd-jjk', coUnitIds: [] });
  });
});

describe('draftPlan on the Changde 2023 sample', () => {
  it('lists the names the directory does not know, but not the county collective', () => {
    const d = draftPlan(sample, directory);
    expect(d.unmatched).toEqual(expect.arrayContaining(['市场主体培育专班', '行政审批办<登记注册科>', '相关科室', '市消保委秘书处']));
    expect(d.unmatched).not.toContain('各县级局');
    expect(d.unmatched).not.toContain('消保科<投诉举报办>');
    expect(d.problems).toContainEqual(expect.objectContaining({ field: 'unitMappings', code: 'UNMATCHED_UNITS' }));
  });

  it('assigns all 64 items once every name is mapped', () => {
    const first = draftPlan(sample, directory);
    const mappings = Object.fromEntries(first.unmatched.map((n) => [n, n === '市消保委秘书处' ? null : 'cd-bgs']));
    const d = draftPlan(sample, directory, mappings);
    expect(d.problems).toEqual([]);
    expect(d.tasks).toHaveLength(64);
    const task = (n: string) => d.tasks.find((t) => t.item.number === n)!.assignment;
    expect(task('45')).toEqual({ leadUnitId: 'cd-xbk', coUnitIds: [], writtenAs: { 'cd-xbk': '消保科<投诉举报办>' } });
    expect(task('8').leadUnitId).toBe('cd-spsck');
    expect(task('47').leadUnitId).toBe('cd-zfzd');
    for (const t of d.tasks) expect(t.assignment.coUnitIds).not.toContain(t.assignment.leadUnitId);
    // 各县级局 among the co-units of some item expands to the four county bureaus.
    const withCounties = d.tasks.filter((t) => t.item.clauses.some((c) => c.units.includes('各县级局')));
    expect(withCounties.length).toBeGreaterThan(0);
    for (const t of withCounties) expect(t.assignment.coUnitIds).toEqual(expect.arrayContaining(counties));
  });

  it('rejects a mapping to a unit that does not exist, naming it', () => {
    const d = draftPlan(sample, directory, { 市场主体培育专班: 'nope' });
    expect(d.problems).toContainEqual(expect.objectContaining({ field: 'unitMappings.市场主体培育专班', code: 'UNKNOWN_UNIT' }));
  });
});

describe('aliases and the bureau office', () => {
  it('remembers new, non-collective names only', () => {
    expect(aliasesToRemember(directory, { 市场主体培育专班: 'cd-bgs', 局办公室: 'cd-bgs', 市消保委秘书处: null, 消保科: 'cd-xbk', 相关科室: 'cd-bgs' }))
      .toEqual([{ unitId: 'cd-bgs', alias: '市场主体培育专班' }]);
  });

  it('finds 办公室 under the city bureau, else falls back to the city bureau', () => {
    expect(bureauOffice(directory)).toBe('cd-bgs');
    expect(bureauOffice(directory.filter((u) => u.id !== 'cd-bgs'))).toBe('cd');
  });
});
