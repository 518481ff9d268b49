// The organisation's words: roles and unit levels. The one declaration of each; libs/contracts re-exports them for the
// API and the console, so this file imports nothing.

export type Role = 'operator' | 'handler' | 'leader' | 'manager' | 'admin' | 'auditor';
export const ROLES: readonly Role[] = ['operator', 'handler', 'leader', 'manager', 'admin', 'auditor'];

/** 市局, 科室, 区县局, 市场监管所. */
export type UnitLevel = 'city' | 'department' | 'county' | 'station';
export const UNIT_LEVELS: readonly UnitLevel[] = ['city', 'department', 'county', 'station'];
