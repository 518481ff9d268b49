import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, NotFound, PrismaService } from '#platform';
import { toChinaIso } from '#deadlines';
import type { Viewer } from '#org';

export interface NotificationView {
  id: string; kind: string; title: string; body: string; caseId: string | null; urgent: boolean; createdAt: string; deliverAt: string; read: boolean;
}

/** A user's inbox: items for their unit (and role), delivered by now (non-urgent ones wait for working hours). */
export class ListNotifications extends Query<{ items: NotificationView[]; unread: number }> {
  constructor(readonly viewer: Viewer, readonly unreadOnly: boolean, readonly limit: number) { super(); }
}

@QueryHandler(ListNotifications)
export class ListNotificationsHandler implements IQueryHandler<ListNotifications> {
  constructor(private readonly prisma: PrismaService, private readonly clock: Clock) {}
  async execute({ viewer, unreadOnly, limit }: ListNotifications) {
    const now = this.clock.now();
    const mine = { unitId: viewer.unitId, deliverAt: { lte: now }, OR: [{ role: null }, { role: viewer.role }] };
    const reads = await this.prisma.notificationRead.findMany({ where: { userId: viewer.userId }, select: { notificationId: true } });
    const readIds = new Set(reads.map((r) => r.notificationId));
    const rows = await this.prisma.notification.findMany({
      where: unreadOnly ? { ...mine, id: { notIn: [...readIds] } } : mine,
      orderBy: { deliverAt: 'desc' },
      take: limit,
    });
    const unread = await this.prisma.notification.count({ where: { ...mine, id: { notIn: [...readIds] } } });
    return {
      unread,
      items: rows.map((n) => ({
        id: n.id, kind: n.kind, title: n.title, body: n.body, caseId: n.caseId, urgent: n.urgent,
        createdAt: toChinaIso(n.createdAt), deliverAt: toChinaIso(n.deliverAt), read: readIds.has(n.id),
      })),
    };
  }
}

export class MarkNotificationRead extends Command<void> {
  constructor(readonly id: string, readonly viewer: Viewer) { super(); }
}

@CommandHandler(MarkNotificationRead)
export class MarkNotificationReadHandler implements ICommandHandler<MarkNotificationRead> {
  constructor(private readonly prisma: PrismaService, private readonly clock: Clock) {}
  async execute({ id, viewer }: MarkNotificationRead) {
    const n = await this.prisma.notification.findUnique({ where: { id } });
    if (!n || n.unitId !== viewer.unitId || (n.role !== null && n.role !== viewer.role)) throw new NotFound('通知', id);
    await this.prisma.notificationRead.upsert({
      where: { notificationId_userId: { notificationId: id, userId: viewer.userId } },
      create: { notificationId: id, userId: viewer.userId, readAt: this.clock.now() },
      update: {},
    });
  }
}
