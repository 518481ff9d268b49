// The unread count in the header: polled every 20 s and refreshed at once when a screen marks items read.
import { useEffect, useState } from 'react';
import type { NotificationsResponse } from '#contracts';
import { get } from './api';

const EVENT = 'fx-notifications-changed';
export function notificationsChanged(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function useUnreadCount(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    let alive = true;
    const load = () => get<NotificationsResponse>('/notifications', { unread: true, limit: 1 }).then((r) => alive && setN(r.unread), () => undefined);
    void load();
    const t = setInterval(load, 20_000);
    window.addEventListener(EVENT, load);
    return () => {
      alive = false;
      clearInterval(t);
      window.removeEventListener(EVENT, load);
    };
  }, []);
  return n;
}
