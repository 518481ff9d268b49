// Data a page loads from the API on mount and again whenever its inputs change; a failed load is said in a message.
import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';
import { App } from 'antd';
import { errorText } from './api';

/** `data` is null until the first load; `reload()` fetches again (after a change the page made). */
export function useLoad<T>(fetch: () => Promise<T>, deps: DependencyList): { data: T | null; reload: () => Promise<void> } {
  const { message } = App.useApp();
  const [data, setData] = useState<T | null>(null);
  // Only the latest load's answer is shown: a slower, older one (another year asked before the switch) is dropped.
  const latest = useRef(0);
  // `fetch` is a new closure each render: the caller's `deps` say when it asks for something else.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const reload = useCallback(async () => {
    const mine = ++latest.current;
    try {
      const r = await fetch();
      if (mine === latest.current) setData(r);
    } catch (e) {
      if (mine === latest.current) message.error(errorText(e));
    }
  }, [message, ...deps]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, reload };
}
