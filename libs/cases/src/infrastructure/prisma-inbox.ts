// Prisma adapter of the Inbox port: the only code of libs/cases that writes notifications, notification_reads and
// notification_read_marks.
import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '#platform';
import { Prisma } from '#prisma-client';
import { Inbox, NOTIFICATION_UNREAD_CAP, type InboxItem, type InboxReader } from '../application/ports.js';

type Row = InboxItem & { read: boolean; unread: number };

/**
 * A reader's items delivered by `now`, and which of those are unread: delivered after their mark (全部已读; none:
 * all) and not read one by one. The mark is a value, not a subquery: with an unknown lower bound the planner
 * estimates the unit's range at 0.5 % and takes a bitmap of its whole history (15,345 entries) over the ordered walk.
 */
function inboxSql(r: InboxReader, now: Date, mark: Date | null) {
  const mine = Prisma.sql`n.unit_id = ${r.unitId}::uuid AND n.deliver_at <= ${now}::timestamptz AND (n.role IS NULL OR n.role = ${r.role})`;
  const readOne = Prisma.sql`EXISTS (SELECT 1 FROM notification_reads x WHERE x.notification_id = n.id AND x.user_id = ${r.userId}::uuid)`;
  const after = mark ? Prisma.sql`n.deliver_at > ${mark}::timestamptz AND ` : Prisma.empty;
  return { mine, unread: Prisma.sql`(${after}NOT ${readOne})` };
}

@Injectable()
export class PrismaInbox extends Inbox {
  constructor(private readonly prisma: PrismaService) { super(); }

  async append(tx: Tx, items: InboxItem[]): Promise<void> {
    if (items.length) await tx.notification.createMany({ data: items });
  }

  /**
   * In proportion to the page and to what is unread (polled by every user's bell): the reader's mark by its key, then
   * one statement — the reader's items newest first along notifications_unit_id_deliver_at_idx, each read if delivered
   * by the mark or read one by one, and the unread ones counted newest first from the mark on, stopping at
   * NOTIFICATION_UNREAD_CAP.
   */
  async forReader(r: InboxReader, now: Date, unreadOnly: boolean, limit: number) {
    const { mine, unread } = inboxSql(r, now, await this.mark(r.userId));
    const rows = await this.prisma.rows<Row>(Prisma.sql`
      SELECT c.unread, p.* FROM (
        SELECT count(*)::int AS unread FROM (
          SELECT 1 FROM notifications n WHERE ${mine} AND ${unread} ORDER BY n.deliver_at DESC LIMIT ${NOTIFICATION_UNREAD_CAP}) u) c
      LEFT JOIN LATERAL (
        SELECT n.id, n.unit_id AS "unitId", n.role, n.case_id AS "caseId", n.deadline_id AS "deadlineId", n.kind, n.title, n.body, n.urgent,
          n.created_at AS "createdAt", n.deliver_at AS "deliverAt", NOT (${unread}) AS read
        FROM notifications n WHERE ${mine} ${unreadOnly ? Prisma.sql`AND ${unread}` : Prisma.empty}
        ORDER BY n.deliver_at DESC, n.id DESC LIMIT ${limit}) p ON true
      ORDER BY p."deliverAt" DESC, p.id DESC`);
    return { unread: rows[0]?.unread ?? 0, items: rows.filter((x) => x.id !== null).map(({ unread: _u, ...item }) => item) };
  }

  async markRead(id: string, r: InboxReader, at: Date): Promise<boolean> {
    const n = await this.prisma.notification.findUnique({ where: { id } });
    if (!n || n.unitId !== r.unitId || (n.role !== null && n.role !== r.role)) return false;
    await this.prisma.notificationRead.upsert({
      where: { notificationId_userId: { notificationId: id, userId: r.userId } },
      create: { notificationId: id, userId: r.userId, readAt: at },
      update: {},
    });
    // Read one by one down to none unread: the mark moves to now, as 全部已读 would (the bell's walk then starts
    // there instead of passing every item read). The check stops at the first unread item.
    const { mine, unread } = inboxSql(r, at, await this.mark(r.userId));
    await this.moveMark(r.userId, at, Prisma.sql`NOT EXISTS (SELECT 1 FROM notifications n WHERE ${mine} AND ${unread})`);
    return true;
  }

  private async mark(userId: string): Promise<Date | null> {
    const [m] = await this.prisma.rows<{ t: Date }>(Prisma.sql`SELECT read_before AS t FROM notification_read_marks WHERE user_id = ${userId}::uuid`);
    return m?.t ?? null;
  }

  async markAllRead(r: InboxReader, at: Date): Promise<void> {
    await this.moveMark(r.userId, at, Prisma.sql`true`);
  }

  /** The user's mark to `at` if `when` holds; never back (a retry that arrives late leaves the later mark). */
  private async moveMark(userId: string, at: Date, when: Prisma.Sql): Promise<void> {
    await this.prisma.execute(Prisma.sql`
      INSERT INTO notification_read_marks (user_id, read_before) SELECT ${userId}::uuid, ${at}::timestamptz WHERE ${when}
      ON CONFLICT (user_id) DO UPDATE SET read_before = greatest(notification_read_marks.read_before, excluded.read_before)`);
  }
}
