import type { Viewer } from './access.js';
import { type UnitNode, subtreeIds } from './unit-tree.js';

/**
 * Separation of duties: administration (users, calendar, rules) and audit do not include handling. Admins and
 * auditors never act on a case, whatever unit they belong to; a person who must handle holds a handling account.
 */
export function mayHandleCases(v: Viewer): boolean {
  return v.role !== 'admin' && v.role !== 'auditor';
}

export interface Requester { userId: string; unitId: string; role: string }

/**
 * Who decides an extension request (延期审批, RCF Art. 18 / domain.md §4): never the requester; the leader of the
 * assigned unit, or — when the requester is that leader — a leader or manager of a unit above it. Leaders and
 * managers above the unit may always decide. Returns null when allowed, else the reason (Chinese, for the user).
 */
export function extensionDecisionRefusal(
  decider: Viewer, requester: Requester, assignedUnitId: string | null, units: readonly UnitNode[],
): { code: 'SELF_APPROVAL' | 'NOT_APPROVER'; message: string } | null {
  if (decider.userId === requester.userId) return { code: 'SELF_APPROVAL', message: '不能审批本人提出的延期申请，须由本单位负责人或上级单位审批' };
  const refuse = { code: 'NOT_APPROVER' as const, message: '延期须由承办单位负责人或上级单位审批' };
  if (!assignedUnitId || (decider.role !== 'leader' && decider.role !== 'manager')) return refuse;
  if (!subtreeIds(units, decider.unitId).has(assignedUnitId)) return refuse;
  const requesterLeadsUnit = requester.role === 'leader' && requester.unitId === assignedUnitId;
  if (decider.unitId === assignedUnitId && requesterLeadsUnit) return { code: 'NOT_APPROVER', message: '本单位负责人的延期申请须由上级单位审批' };
  return null;
}
