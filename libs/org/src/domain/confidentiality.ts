import type { Viewer } from './access.js';
import type { UnitNode } from './unit-tree.js';

/**
 * The assigned units on whose cases a viewer may see a protected identity (O121 Art. 37): null = every case
 * (operators and the intake unit's staff take the calls), the viewer's own unit for its handlers and leader, none
 * for everyone else (parent units, managers, admins, auditors, co-units).
 */
export function identityUnits(v: Viewer, units: readonly UnitNode[]): Set<string> | null {
  if (v.role === 'operator') return null;
  const own = units.find((u) => u.id === v.unitId);
  if (own?.isIntake && (v.role === 'handler' || v.role === 'leader')) return null;
  if (v.role === 'handler' || v.role === 'leader') return new Set([v.unitId]);
  return new Set();
}

/**
 * Who may see a reporter's identity and contact (O121 Art. 37): the intake unit (operators and its staff) and
 * the handlers of the unit assigned the report. Not other units, not parent units or managers, not admins.
 */
export function canSeeReporter(v: Viewer, units: readonly UnitNode[], assignedUnitId: string | null): boolean {
  const ids = identityUnits(v, units);
  return ids === null || (assignedUnitId !== null && ids.has(assignedUnitId));
}

/**
 * Whose identity is protected like a reporter's: the report's, and the party of a case that shares its person with a
 * report — a complaint filed together with a report (O121 Art. 9), an inquiry converted into a report. It is the same
 * person, so an unmasked complaint or inquiry would name the reporter.
 */
export function isIdentityProtected(type: string, linkedToReport: boolean): boolean {
  return type === 'report' || linkedToReport;
}

/** Whether a link ties one person's two cases, one of them a report (then the link itself is protected). */
export function sharesReporter(kind: string, type: string, otherType: string | null): boolean {
  if (kind === 'complaintReport') return true;
  return (kind === 'convertedTo' || kind === 'convertedFrom') && (type === 'report' || otherType === 'report');
}

/** What a search term says about a person: a phone number (7+ digits) or an ID-card number. Null = not identity. */
export function identityQuery(q: string): { kind: 'phone' | 'idNumber'; value: string } | null {
  const compact = q.replace(/[\s\-()+]/g, '');
  if (/^(\d{17}[\dXx]|\d{15})$/.test(compact)) return { kind: 'idNumber', value: compact.toUpperCase() };
  if (/^\d{7,}$/.test(compact)) return { kind: 'phone', value: compact };
  return null;
}

/** Intake hints (duplicates, O121 Art. 17 patterns) are for the intake roles only: operators and the intake unit's staff. */
export function canUseHints(v: Viewer, units: readonly UnitNode[]): boolean {
  if (v.role === 'operator') return true;
  const own = units.find((u) => u.id === v.unitId);
  return !!own?.isIntake && (v.role === 'handler' || v.role === 'leader');
}

/** Who may list the audit of identity reads: auditors and admins (neither handles cases). */
export function canReadIdentityAudit(v: Viewer): boolean {
  return v.role === 'auditor' || v.role === 'admin';
}
