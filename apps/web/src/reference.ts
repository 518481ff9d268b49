// Reference data fetched once per session and shared by every screen.
import { useEffect, useState } from 'react';
import type { CategoryDto, DeadlineComputation, LegalGroundsResponse, NextDeadline, Regime, UnitDto } from '#contracts';
import { get } from './api';
import { chinaToday } from './format';

const cache = new Map<string, Promise<unknown>>();
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}
export function clearReferenceCache(): void {
  cache.clear();
}

/** Reference data a screen waits for; a failed load is tried again (2 s, 4 s … up to 30 s) while the screen is open. */
function useOnce<T>(key: string | null, load: () => Promise<T>): T | undefined {
  const [v, setV] = useState<T>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!key) return;
    let alive = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    // Without it a panel that needs the units (协办与督办) stayed hidden until the page was opened again.
    once(key, load).then((x) => alive && setV(x), () => {
      if (alive) retry = setTimeout(() => setAttempt((a) => a + 1), Math.min(30_000, 2000 * 2 ** attempt));
    });
    return () => {
      alive = false;
      clearTimeout(retry);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);
  return v;
}

export const useUnits = () => useOnce('units', () => get<UnitDto[]>('/units'));
export const useCategories = () => useOnce('categories', () => get<CategoryDto[]>('/categories'));
export const useGrounds = (regime: Regime | null | undefined) =>
  useOnce(regime ? `grounds-${regime}` : null, () => get<LegalGroundsResponse>('/legal-grounds', { regime: regime! }));

/** The 2nd working day after today (China time, on the database calendar): a deadline due by then is 临期. */
export const useWarnLimit = () =>
  useOnce(`warn-${chinaToday()}`, () => get<DeadlineComputation>('/calendar/deadline', { from: chinaToday(), amount: 2, unit: 'workingDays' }).then((r) => r.dueDate));

/** The n-th working/calendar day after `from` (cached: the deadline breakdown's calendar asks for each counted day). */
export function dueAfter(from: string, amount: number, unit: 'workingDays' | 'calendarDays'): Promise<string> {
  return once(`due-${from}-${amount}-${unit}`, () => get<DeadlineComputation>('/calendar/deadline', { from, amount, unit }).then((r) => r.dueDate));
}

export type Light = 'green' | 'yellow' | 'red' | 'none';
/** Traffic light of a deadline: red 超期 (past due or marked overdue), yellow 临期 (due within 2 working days), green. */
export function lightOf(d: Pick<NextDeadline, 'dueAt' | 'state'> | null | undefined, warnLimit: string | undefined, now = Date.now()): Light {
  if (!d || d.state === 'met' || d.state === 'cancelled') return 'none';
  if (d.state === 'overdue' || new Date(d.dueAt).getTime() < now) return 'red';
  if (warnLimit && d.dueAt.slice(0, 10) <= warnLimit) return 'yellow';
  return 'green';
}

/** The class's name alone (lists; the code is in categoryName). */
export function categoryLabel(cats: CategoryDto[] | undefined, code: string): string {
  return cats?.find((x) => x.code === code)?.name ?? code;
}

export function categoryName(cats: CategoryDto[] | undefined, code: string): string {
  const c = cats?.find((x) => x.code === code);
  return c ? `${c.name}（${c.code}）` : code;
}
