import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, NotFound } from '#platform';
import { toChinaIso } from '#deadlines';
import type { Viewer } from '#org';
import { Inbox, NOTIFICATION_UNREAD_CAP } from '../ports.js';

export interface NotificationView {
  id: string; kind: string; title: string; body: string; caseId: string | null; urgent: boolean; createdAt: string; deliverAt: string; read: boolean;
}

/** A user's inbox: items for their unit (and role), delivered by now (non-urgent ones wait for working hours). */
export class ListNotifications extends Query<{ items: NotificationView[]; unread: number; unreadCapped?: boolean }> {
  constructor(readonly viewer: Viewer, readonly unreadOnly: boolean, readonly limit: number) { super(); }
}

@QueryHandler(ListNotifications)
export class ListNotificationsHandler implements IQueryHandler<ListNotifications> {
  constructor(private readonly inbox: Inbox, private readonly clock: Clock) {}
  async execute({ viewer, unreadOnly, limit }: ListNotifications) {
    const { items, unread } = await this.inbox.forReader(viewer, this.clock.now(), unreadOnly, limit);
    return {
      unread, ...(unread >= NOTIFICATION_UNREAD_CAP ? { unreadCapped: true } : {}),
      items: items.map((n) => ({
        id: n.id, kind: n.kind, title: n.title, body: n.body, caseId: n.caseId, urgent: n.urgent,
        createdAt: toChinaIso(n.createdAt), deliverAt: toChinaIso(n.deliverAt), read: n.read,
      })),
    };
  }
}

export class MarkNotificationRead extends Command<void> {
  constructor(readonly id: string, readonly viewer: Viewer) { super(); }
}

@CommandHandler(MarkNotificationRead)
export class MarkNotificationReadHandler implements ICommandHandler<MarkNotificationRead> {
  constructor(private readonly inbox: Inbox, private readonly clock: Clock) {}
  async execute({ id, viewer }: MarkNotificationRead) {
    if (!(await this.inbox.markRead(id, viewer, this.clock.now()))) throw new NotFound('通知', id);
  }
}

/** 全部已读: the viewer's notifications delivered by now (those delivered later stay unread). */
export class MarkAllNotificationsRead extends Command<void> {
  constructor(readonly viewer: Viewer) { super(); }
}

@CommandHandler(MarkAllNotificationsRead)
export class MarkAllNotificationsReadHandler implements ICommandHandler<MarkAllNotificationsRead> {
  constructor(private readonly inbox: Inbox, private readonly clock: Clock) {}
  async execute({ viewer }: MarkAllNotificationsRead) {
    await this.inbox.markAllRead(viewer, this.clock.now());
  }
}
