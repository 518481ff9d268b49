// Work-plan words: how often a task's units report progress (进展报告). The one declaration; libs/contracts re-exports
// it for the API and the console (as `TaskCadence`), so this file imports nothing.

/** 按月 / 按季 / 不定期 (at completion only). */
export type Cadence = 'monthly' | 'quarterly' | 'none';
export const CADENCES: readonly Cadence[] = ['monthly', 'quarterly', 'none'];
