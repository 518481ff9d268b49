// The unread count in the header: polled every 20 s while the console is on screen (a tab in the background asks
// nothing: clerks keep it open all day) and at once when it comes back or a screen marks items read.
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
    const poll = () => { if (document.visibilityState !== 'hidden') void load(); };
    void load();
    const t = setInterval(poll, 20_000);
    window.addEventListener(EVENT, load);
    document.addEventListener('visibilitychange', poll);
    return () => {
      alive = false;
      clearInterval(t);
      window.removeEventListener(EVENT, load);
      document.removeEventListener('visibilitychange', poll);
    };
  }, []);
  return n;
}
