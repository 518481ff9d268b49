import { canReadIdentityAudit, canSeeReporter, canUseHints, identityQuery, identityUnits, isIdentityProtected, sharesReporter } from './confidentiality.js';
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

describe('protected identities and identity searches (issue 11 §4)', () => {
  it('protects a report and a complaint filed with a report, not a plain complaint or inquiry', () => {
    expect(isIdentityProtected('report', false)).toBe(true);
    expect(isIdentityProtected('complaint', true)).toBe(true);
    expect(isIdentityProtected('complaint', false)).toBe(false);
    expect(isIdentityProtected('inquiry', false)).toBe(false);
    expect(isIdentityProtected('inquiry', true)).toBe(true); // converted into a report
  });

  it('a link is protected when it ties a person’s case to a report', () => {
    expect(sharesReporter('complaintReport', 'complaint', 'report')).toBe(true);
    expect(sharesReporter('convertedTo', 'inquiry', 'report')).toBe(true);
    expect(sharesReporter('convertedFrom', 'report', 'inquiry')).toBe(true);
    expect(sharesReporter('convertedTo', 'inquiry', 'complaint')).toBe(false);
    expect(sharesReporter('mergedInto', 'complaint', 'complaint')).toBe(false);
  });

  it.each([
    ['13700006728', { kind: 'phone', value: '13700006728' }],
    ['137 0000 6728', { kind: 'phone', value: '13700006728' }],
    ['0736-7654321', { kind: 'phone', value: '07367654321' }],
    ['43070219900101123x', { kind: 'idNumber', value: '43070219900101123X' }],
    ['2026', null],
    ['C2026', null],
    ['好运电器', null],
  ] as const)('identityQuery(%s)', (q, expected) => {
    expect(identityQuery(q)).toEqual(expected);
  });

  it('identity units: everything for the intake, the own unit for handlers and leaders, nothing for others', () => {
    expect(identityUnits(v('operator', 'intake'), units)).toBeNull();
    expect(identityUnits(v('handler', 'intake'), units)).toBeNull();
    expect([...identityUnits(v('handler', 'wl-1'), units)!]).toEqual(['wl-1']);
    for (const role of ['manager', 'admin', 'auditor'] as const) expect([...identityUnits(v(role, 'city'), units)!]).toEqual([]);
    expect(identityUnits(v('admin', 'intake'), units)!.size).toBe(0);
  });

  it('hints are for the intake roles only; the identity audit for auditors and admins', () => {
    expect(canUseHints(v('operator', 'intake'), units)).toBe(true);
    expect(canUseHints(v('leader', 'intake'), units)).toBe(true);
    for (const [role, unit] of [['handler', 'wl'], ['leader', 'wl'], ['manager', 'city'], ['admin', 'intake'], ['auditor', 'city']] as const)
      expect([role, canUseHints(v(role, unit), units)]).toEqual([role, false]);
    expect(canReadIdentityAudit(v('auditor', 'city'))).toBe(true);
    expect(canReadIdentityAudit(v('admin', 'city'))).toBe(true);
    expect(canReadIdentityAudit(v('manager', 'city'))).toBe(false);
  });
});
