// The clock engine's words: period units, the regulations' regimes and the rungs of a ladder. The one declaration of
// each; libs/contracts re-exports them for the API and the console, so this file imports nothing.

export type PeriodUnit = 'workingDays' | 'calendarDays' | 'hours';
export const PERIOD_UNITS: readonly PeriodUnit[] = ['workingDays', 'calendarDays', 'hours'];

/** The regulation a case is handled under, by its receipt date (domain.md: O20 before 2026-04-15, then O121). */
export type Regime = 'O20' | 'O121';
export const REGIMES: readonly Regime[] = ['O20', 'O121'];

/** The rungs of a warning/escalation ladder, in ladder order: one warning before due, due, then the escalations. */
export const RUNGS = ['warn', 'due', 'remind', 'supervise', 'notice'] as const;
export type RungName = (typeof RUNGS)[number];

/** The ladder of a policy without its own (`ladder: null`): warn −2, due, supervise +2, notice +5 working days. */
export const DEFAULT_LADDER: readonly { rung: RungName; offset: number }[] = [
  { rung: 'warn', offset: -2 },
  { rung: 'due', offset: 0 },
  { rung: 'supervise', offset: 2 },
  { rung: 'notice', offset: 5 },
];
