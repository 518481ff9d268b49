// Data a page loads from the API on mount and again whenever its inputs change. A failed load leaves `data` null and
// `error` set: the page shows it (LoadFailed, with 重试) where the data would be, so that it never spins for ever nor
// passes for an empty list.
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from './api';

/** `data` is null until the first load and after a failed one; `reload()` fetches again (after a change the page made, or 重试). */
export function useLoad<T>(fetch: () => Promise<T>, deps: DependencyList): { data: T | null; error: string | null; loading: boolean; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // Only the latest load's answer is shown: a slower, older one (another year asked before the switch) is dropped.
  const latest = useRef(0);
  // `fetch` is a new closure each render: the caller's `deps` say when it asks for something else.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    setLoading(true);
    try {
      const r = await fetch();
      if (mine === latest.current) {
        setData(r);
        setError(null);
      }
    } catch (e) {
      if (mine === latest.current) {
        // What was shown may be another query's or out of date: not kept under the message.
        setData(null);
        setError(errorText(e));
      }
    } finally {
      if (mine === latest.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload };
}
