import { type Role, type Viewer, canDispatch, canSee, visibleUnitIds } from './access.js';
import { type UnitNode, subtreeIds } from './unit-tree.js';

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

describe('visibleUnitIds / canSee', () => {
  it('operators and admins see every case, the pool included', () => {
    for (const viewer of [v('operator', 'intake'), v('admin', 'city')]) {
      expect(visibleUnitIds(viewer, UNITS)).toBeNull();
      expect(canSee(viewer, UNITS, 'B1')).toBe(true);
      expect(canSee(viewer, UNITS, null)).toBe(true);
    }
  });

  it('a handler sees only the own unit’s cases', () => {
    const h = v('handler', 'A');
    expect(sorted(visibleUnitIds(h, UNITS))).toEqual(['A']);
    expect(canSee(h, UNITS, 'A')).toBe(true);
    expect(canSee(h, UNITS, 'A1')).toBe(false);
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
    expect(canSee(v('handler', 'B'), UNITS, 'A1', ['B1'])).toBe(false);
    // No co-units: unchanged.
    expect(canSee(v('handler', 'B1'), UNITS, 'A1')).toBe(false);
    expect(canSee(v('handler', 'B1'), UNITS, 'A1', [])).toBe(false);
  });
});
