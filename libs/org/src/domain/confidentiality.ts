import type { Viewer } from './access.js';
import type { UnitNode } from './unit-tree.js';

/**
 * Who may see a reporter's identity and contact (O121 Art. 37): the intake unit (operators and its staff) and
 * the handlers of the unit assigned the report. Not other units, not parent units or managers, not admins.
 */
export function canSeeReporter(v: Viewer, units: readonly UnitNode[], assignedUnitId: string | null): boolean {
  if (v.role === 'operator') return true;
  const own = units.find((u) => u.id === v.unitId);
  if (own?.isIntake && v.role !== 'admin') return true;
  return (v.role === 'handler' || v.role === 'leader') && assignedUnitId !== null && v.unitId === assignedUnitId;
}
