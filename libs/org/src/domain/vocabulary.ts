// The organisation's words: roles and unit levels. The one declaration of each; libs/contracts re-exports them for the
// API and the console, so this file imports nothing.

/** The bureau's staff roles (what an admin may give a user). */
export type StaffRole = 'operator' | 'handler' | 'leader' | 'manager' | 'admin' | 'auditor';
/** `enterprise`: an ODR enterprise's account (issue 17), bound to one enterprise; sees only its own ODR pages. */
export type Role = StaffRole | 'enterprise';
export const ROLES: readonly StaffRole[] = ['operator', 'handler', 'leader', 'manager', 'admin', 'auditor'];

/** 市局, 科室, 区县局, 市场监管所. */
export type UnitLevel = 'city' | 'department' | 'county' | 'station';
export const UNIT_LEVELS: readonly UnitLevel[] = ['city', 'department', 'county', 'station'];
