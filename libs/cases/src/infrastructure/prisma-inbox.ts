// Prisma adapter of the Inbox port: the only code of libs/cases that writes notifications and notification_reads.
import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '#platform';
import { Inbox, type InboxItem, type InboxReader } from '../application/ports.js';

@Injectable()
export class PrismaInbox extends Inbox {
  constructor(private readonly prisma: PrismaService) { super(); }

  async append(tx: Tx, items: InboxItem[]): Promise<void> {
    if (items.length) await tx.notification.createMany({ data: items });
  }

  async forReader(r: InboxReader, now: Date, unreadOnly: boolean, limit: number) {
    const mine = { unitId: r.unitId, deliverAt: { lte: now }, OR: [{ role: null }, { role: r.role }] };
    const reads = await this.prisma.notificationRead.findMany({ where: { userId: r.userId }, select: { notificationId: true } });
    const readIds = new Set(reads.map((x) => x.notificationId));
    const rows = await this.prisma.notification.findMany({
      where: unreadOnly ? { ...mine, id: { notIn: [...readIds] } } : mine,
      orderBy: { deliverAt: 'desc' },
      take: limit,
    });
    const unread = await this.prisma.notification.count({ where: { ...mine, id: { notIn: [...readIds] } } });
    return { unread, items: rows.map((n) => ({ ...n, read: readIds.has(n.id) })) };
  }

  async markRead(id: string, r: InboxReader, at: Date): Promise<boolean> {
    const n = await this.prisma.notification.findUnique({ where: { id } });
    if (!n || n.unitId !== r.unitId || (n.role !== null && n.role !== r.role)) return false;
    await this.prisma.notificationRead.upsert({
      where: { notificationId_userId: { notificationId: id, userId: r.userId } },
      create: { notificationId: id, userId: r.userId, readAt: at },
      update: {},
    });
    return true;
  }
}
