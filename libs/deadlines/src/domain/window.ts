// The window rule, alone and dependency-free so that the console imports the very same function (alias `#window` in
// apps/web/vite.config.ts and apps/web/tsconfig.json) instead of rewriting it.

/**
 * A window (e.g. the return window after a dispatch) is a clock whose ladder has no `due` rung: it never goes overdue
 * (the sweeper leaves it alone, the rung rule has no `due` to fire) — it only closes a door. `null` is the default
 * ladder, which has `due`.
 */
export function isWindow<R extends { rung: string }>(ladder: readonly R[] | null | undefined): boolean {
  return !!ladder && !ladder.some((r) => r.rung === 'due');
}
