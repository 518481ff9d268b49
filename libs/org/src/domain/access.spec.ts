import { type Role, type Viewer, canDispatch, canSee, stationDispatcherFor, visibleUnitIds } from './access.js';
import { type UnitNode, commonSuperior, isStationUnder, legalAuthorityOf, stationsOf, subtreeIds } from './unit-tree.js';

const unit = (id: string, level: UnitNode['level'], parentId: string | null, isIntake = false): UnitNode => ({
  id, code: id, name: id, level, parentId, regionCode: null, isIntake,
});
// 市局 → 投诉举报办 (intake), 价监科; 区县局 A → 所 A1, A2; 区县局 B → 所 B1.
const UNITS: UnitNode[] = [
  unit('city', 'city', null),
  unit('intake', 'department', 'city', true),
  unit('price', 'department', 'city'),
  unit('A', 'county', 'city'),
  unit('A1', 'station', 'A'),
  unit('A2', 'station', 'A'),
  unit('B', 'county', 'city'),
  unit('B1', 'station', 'B'),
];
const v = (role: Role, unitId: string): Viewer => ({ userId: `${role}@${unitId}`, unitId, role });
const sorted = (s: Set<string> | null) => (s === null ? null : [...s].sort());

describe('subtreeIds', () => {
  it('collects the unit and everything below it', () => {
    expect(sorted(subtreeIds(UNITS, 'A'))).toEqual(['A', 'A1', 'A2']);
    expect(sorted(subtreeIds(UNITS, 'A1'))).toEqual(['A1']);
    expect(subtreeIds(UNITS, 'city').size).toBe(UNITS.length);
  });

  it('survives a cycle in bad data', () => {
    const cyclic = [unit('x', 'county', 'y'), unit('y', 'station', 'x')];
    expect(sorted(subtreeIds(cyclic, 'x'))).toEqual(['x', 'y']);
  });
});

describe('commonSuperior (管辖争议 is designated by the nearest unit above both)', () => {
  const sup = (a: string, b: string) => commonSuperior(UNITS, a, b)?.id ?? null;
  it('two stations of one county: the county; of two counties: the city; a county and a city department: the city', () => {
    expect(sup('A1', 'A2')).toBe('A');
    expect(sup('A1', 'B1')).toBe('city');
    expect(sup('B1', 'A2')).toBe('city');
    expect(sup('A', 'B')).toBe('city');
    expect(sup('price', 'B')).toBe('city');
  });
  it('none between a unit and itself, its own superior or subordinate, or units of two trees', () => {
    expect(sup('A', 'A')).toBeNull();
    expect(sup('A1', 'A')).toBeNull();
    expect(sup('city', 'B1')).toBeNull();
    expect(commonSuperior([...UNITS, unit('other', 'city', null)], 'A', 'other')).toBeNull();
    expect(sup('A', 'nowhere')).toBeNull();
  });
  it('survives a cycle in bad data', () => {
    expect(commonSuperior([unit('x', 'county', 'y'), unit('y', 'county', 'x')], 'x', 'y')).toBeNull();
  });
});

describe('visibleUnitIds / canSee', () => {
  it('operators and admins see every case, the pool included', () => {
    for (const viewer of [v('operator', 'intake'), v('admin', 'city')]) {
      expect(visibleUnitIds(viewer, UNITS)).toBeNull();
      expect(canSee(viewer, UNITS, 'B1')).toBe(true);
      expect(canSee(viewer, UNITS, null)).toBe(true);
    }
  });

  it('a handler sees the own unit’s cases, and a county’s handler those of its stations (issue 13)', () => {
    const h = v('handler', 'A');
    expect(sorted(visibleUnitIds(h, UNITS))).toEqual(['A', 'A1', 'A2']);
    expect(canSee(h, UNITS, 'A')).toBe(true);
    expect(canSee(h, UNITS, 'A1')).toBe(true);
    expect(canSee(h, UNITS, 'B1')).toBe(false);
    expect(sorted(visibleUnitIds(v('handler', 'A1'), UNITS))).toEqual(['A1']);
    expect(canSee(v('handler', 'A1'), UNITS, 'A2')).toBe(false);
    expect(canSee(h, UNITS, 'B')).toBe(false);
    expect(canSee(h, UNITS, null)).toBe(false);
    expect(canSee(v('handler', 'A1'), UNITS, 'A')).toBe(false);
  });

  it('a leader sees the own subtree', () => {
    const l = v('leader', 'A');
    expect(sorted(visibleUnitIds(l, UNITS))).toEqual(['A', 'A1', 'A2']);
    expect(canSee(l, UNITS, 'A2')).toBe(true);
    expect(canSee(l, UNITS, 'B1')).toBe(false);
    expect(canSee(l, UNITS, null)).toBe(false);
  });

  it('a city manager sees everything; a county manager the county’s subtree', () => {
    expect(visibleUnitIds(v('manager', 'city'), UNITS)).toBeNull();
    expect(canSee(v('manager', 'city'), UNITS, null)).toBe(true);
    expect(sorted(visibleUnitIds(v('manager', 'B'), UNITS))).toEqual(['B', 'B1']);
    expect(canSee(v('manager', 'B'), UNITS, 'A')).toBe(false);
  });

  it('the intake unit’s handlers and leaders see the dispatch pool they work', () => {
    expect(canSee(v('handler', 'intake'), UNITS, null)).toBe(true);
    expect(canSee(v('leader', 'intake'), UNITS, null)).toBe(true);
    expect(canSee(v('handler', 'intake'), UNITS, 'A')).toBe(false);
    expect(canSee(v('handler', 'price'), UNITS, null)).toBe(false);
  });

  it('a user of an unknown unit sees only that unit id', () => {
    expect(sorted(visibleUnitIds(v('leader', 'ghost'), UNITS))).toEqual(['ghost']);
    expect(sorted(visibleUnitIds(v('manager', 'ghost'), UNITS))).toEqual(['ghost']);
  });
});

describe('canDispatch', () => {
  it.each([
    ['admin', 'city', false], // administration is not handling (issue 11 §5)
    ['auditor', 'city', false],
    ['operator', 'intake', true],
    ['handler', 'intake', true],
    ['leader', 'intake', true],
    ['manager', 'intake', false],
    ['handler', 'A', false],
    ['leader', 'A', false],
    ['manager', 'city', false],
  ] as const)('%s of %s → %s', (role, unitId, expected) => {
    expect(canDispatch(v(role, unitId), UNITS)).toBe(expected);
  });
});

describe('canSee with co-units (协办)', () => {
  it('co-units (and units above them) see the case; other units still do not', () => {
    expect(canSee(v('handler', 'B1'), UNITS, 'A1', ['B1'])).toBe(true);
    expect(canSee(v('leader', 'B'), UNITS, 'A1', ['B1'])).toBe(true);
    expect(canSee(v('handler', 'A2'), UNITS, 'A1', ['B1'])).toBe(false);
    expect(canSee(v('handler', 'B'), UNITS, 'A1', ['B1'])).toBe(true); // B1 is B's station
    expect(canSee(v('handler', 'price'), UNITS, 'A1', ['B1'])).toBe(false);
    // No co-units: unchanged.
    expect(canSee(v('handler', 'B1'), UNITS, 'A1')).toBe(false);
    expect(canSee(v('handler', 'B1'), UNITS, 'A1', [])).toBe(false);
  });
});

describe('stationDispatcherFor (分派到所 / 收回)', () => {
  it('the holder county’s handlers and leaders, or the county above a holding station; never a station, another county or a manager', () => {
    expect(stationDispatcherFor(v('handler', 'A'), UNITS, 'A')).toBe('A');
    expect(stationDispatcherFor(v('leader', 'A'), UNITS, 'A1')).toBe('A');
    expect(stationDispatcherFor(v('handler', 'A'), UNITS, 'B1')).toBeNull();
    expect(stationDispatcherFor(v('handler', 'A1'), UNITS, 'A1')).toBeNull();
    expect(stationDispatcherFor(v('handler', 'A2'), UNITS, 'A1')).toBeNull();
    expect(stationDispatcherFor(v('manager', 'A'), UNITS, 'A')).toBeNull();
    expect(stationDispatcherFor(v('operator', 'intake'), UNITS, 'A')).toBeNull();
    expect(stationDispatcherFor(v('admin', 'city'), UNITS, 'A1')).toBeNull();
    expect(stationDispatcherFor(v('handler', 'A'), UNITS, 'nope')).toBeNull();
  });

  it('stations, subordination and legal authority (a station acts in its county’s name)', () => {
    expect(stationsOf(UNITS, 'A').map((u) => u.id)).toEqual(['A1', 'A2']);
    expect(isStationUnder(UNITS, 'A1', 'A')).toBe(true);
    expect(isStationUnder(UNITS, 'B1', 'A')).toBe(false);
    expect(isStationUnder(UNITS, 'price', 'city')).toBe(false); // a department is not a station
    expect(legalAuthorityOf(UNITS, 'A1')?.id).toBe('A');
    expect(legalAuthorityOf(UNITS, 'A')?.id).toBe('A');
    expect(legalAuthorityOf(UNITS, 'city')?.id).toBe('city');
    expect(legalAuthorityOf(UNITS, 'nope')).toBeUndefined();
  });
});
