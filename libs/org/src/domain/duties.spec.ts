import { extensionDecisionRefusal, mayHandleCases } from './duties.js';
import type { Role } from './access.js';
import type { UnitNode } from './unit-tree.js';

const units: UnitNode[] = [
  { id: 'city', code: 'cd', name: '市局', level: 'city', parentId: null, regionCode: '430700', isIntake: false },
  { id: 'wl', code: 'wl', name: '武陵区局', level: 'county', parentId: 'city', regionCode: '430702', isIntake: false },
  { id: 'wl-1', code: 'wl-1', name: '丹阳所', level: 'station', parentId: 'wl', regionCode: '430702001', isIntake: false },
  { id: 'dc', code: 'dc', name: '鼎城区局', level: 'county', parentId: 'city', regionCode: '430703', isIntake: false },
];
const v = (userId: string, role: Role, unitId: string) => ({ userId, role, unitId });

describe('separation of duties (issue 11 §5)', () => {
  it('admins and auditors handle no case; every other role may (subject to the case rules)', () => {
    expect(mayHandleCases(v('a', 'admin', 'city'))).toBe(false);
    expect(mayHandleCases(v('a', 'auditor', 'city'))).toBe(false);
    for (const role of ['operator', 'handler', 'leader', 'manager'] as const) expect(mayHandleCases(v('a', role, 'wl'))).toBe(true);
  });

  const handlerAsks = { userId: 'h', role: 'handler', unitId: 'wl' };
  const leaderAsks = { userId: 'L', role: 'leader', unitId: 'wl' };
  it.each([
    ['the requester itself (a leader)', v('L', 'leader', 'wl'), leaderAsks, 'SELF_APPROVAL'],
    ['the requester itself (a handler)', v('h', 'handler', 'wl'), handlerAsks, 'SELF_APPROVAL'],
    ['the unit leader, for a handler', v('L', 'leader', 'wl'), handlerAsks, null],
    ['another leader of the unit, for its leader', v('L2', 'leader', 'wl'), leaderAsks, 'NOT_APPROVER'],
    ['the parent unit leader, for the unit leader', v('C', 'leader', 'city'), leaderAsks, null],
    ['a city manager, for the unit leader', v('M', 'manager', 'city'), leaderAsks, null],
    ['a handler of the unit', v('h2', 'handler', 'wl'), handlerAsks, 'NOT_APPROVER'],
    ['a leader of a unit below', v('S', 'leader', 'wl-1'), handlerAsks, 'NOT_APPROVER'],
    ['a leader of another district', v('D', 'leader', 'dc'), handlerAsks, 'NOT_APPROVER'],
    ['an admin', v('A', 'admin', 'city'), handlerAsks, 'NOT_APPROVER'],
  ] as const)('%s → %s', (_, decider, requester, expected) => {
    expect(extensionDecisionRefusal(decider, requester, 'wl', units)?.code ?? null).toBe(expected);
  });
});
