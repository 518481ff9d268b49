// A list an admin edits in place: load it, reload after a change, switch a row on or off (PATCH {enabled}).
import { App } from 'antd';
import { errorText, get, patch } from './api';
import { useLoad } from './useLoad';

export function useAdminList<T extends { id: string }>(path: string) {
  const { message } = App.useApp();
  const { data: rows, error, loading, reload } = useLoad(() => get<T[]>(path), [path]);
  const setEnabled = async (row: T, enabled: boolean) => {
    try {
      await patch(`${path}/${row.id}`, { enabled });
      await reload();
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return { rows, error, loading, reload, setEnabled };
}
