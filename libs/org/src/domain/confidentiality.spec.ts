import { canSeeReporter } from './confidentiality.js';
import type { Role } from './access.js';
import type { UnitNode } from './unit-tree.js';

const units: UnitNode[] = [
  { id: 'city', code: 'cd', name: '市局', level: 'city', parentId: null, regionCode: '430700', isIntake: false },
  { id: 'intake', code: 'cd-xbk', name: '消保科', level: 'department', parentId: 'city', regionCode: '430700', isIntake: true },
  { id: 'wl', code: 'wl', name: '武陵区局', level: 'county', parentId: 'city', regionCode: '430702', isIntake: false },
  { id: 'wl-1', code: 'wl-1', name: '丹阳所', level: 'station', parentId: 'wl', regionCode: '430702001', isIntake: false },
  { id: 'dc', code: 'dc', name: '鼎城区局', level: 'county', parentId: 'city', regionCode: '430703', isIntake: false },
];
const v = (role: Role, unitId: string) => ({ userId: 'u', role, unitId });

describe('canSeeReporter (O121 Art. 37)', () => {
  it.each([
    ['operator at the intake', v('operator', 'intake'), 'wl-1', true],
    ['intake handler', v('handler', 'intake'), 'wl-1', true],
    ['intake leader, report still in the pool', v('leader', 'intake'), null, true],
    ['handler of the assigned unit', v('handler', 'wl-1'), 'wl-1', true],
    ['leader of the assigned unit', v('leader', 'wl-1'), 'wl-1', true],
    ['leader of the parent county bureau', v('leader', 'wl'), 'wl-1', false],
    ['handler of another unit', v('handler', 'dc'), 'wl-1', false],
    ['city manager', v('manager', 'city'), 'wl-1', false],
    ['admin', v('admin', 'city'), 'wl-1', false],
    ['handler of the unit, report not assigned', v('handler', 'wl-1'), null, false],
  ] as const)('%s → %s', (_, viewer, assigned, expected) => {
    expect(canSeeReporter(viewer, units, assigned)).toBe(expected);
  });
});

describe('canSeeReporter for co-units (协办)', () => {
  // A co-unit sees the case (canSee) but never the reporter: only the assigned (lead) unit does.
  it.each([
    ['handler of a co-unit', v('handler', 'dc')],
    ['leader of a co-unit', v('leader', 'dc')],
  ] as const)('%s → masked', (_, viewer) => {
    expect(canSeeReporter(viewer, units, 'wl-1')).toBe(false);
  });
});
