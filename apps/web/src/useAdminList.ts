// A list an admin edits in place: load it, reload after a change, switch a row on or off (PATCH {enabled}).
import { useCallback, useEffect, useState } from 'react';
import { App } from 'antd';
import { errorText, get, patch } from './api';

export function useAdminList<T extends { id: string }>(path: string) {
  const { message } = App.useApp();
  const [rows, setRows] = useState<T[] | null>(null);
  const reload = useCallback(async () => {
    try {
      setRows(await get<T[]>(path));
    } catch (e) {
      message.error(errorText(e));
    }
  }, [message, path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const setEnabled = async (row: T, enabled: boolean) => {
    try {
      await patch(`${path}/${row.id}`, { enabled });
      await reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return { rows, reload, setEnabled };
}
