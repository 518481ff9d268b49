import type { PrismaClient } from '#prisma-client';
import { OffsetClock } from '#platform';
import { seedDemo } from '../../../prisma/seed/demo.js';

/** The demo city's units, users (password demo12315) and routing rules, without historical cases. */
export async function seedOrg(prisma: PrismaClient, now = new Date()): Promise<void> {
  await seedDemo(prisma, { now, cases: 0 });
}

/**
 * The instant the tests run "at": Mon 2026-11-23 10:00 China time, one working day after the fixtures' receipt date
 * (Fri 2026-11-20). Tests never read the machine's date: the suite must pass whatever day CI runs on.
 */
export const TEST_NOW = new Date('2026-11-23T10:00:00+08:00');

/** A clock that runs at real speed from `at` (TEST_NOW by default), whatever the machine's date is. */
export function testClock(at: Date = TEST_NOW): OffsetClock {
  return new OffsetClock(at.getTime() - Date.now());
}

/** A valid complaint body for POST /api/v1/cases; override what a test is about. */
export function complaintBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'complaint',
    channel: 'hotline',
    receivedAt: '2026-11-20T10:15:00+08:00',
    complainant: { name: '张三', phone: '13812345678', address: '湖南省常德市武陵区人民路1号' },
    respondent: { name: '常德市武陵区好运电器商行', regionCode: '430702', address: '常德市武陵区建设路8号' },
    category: 'G01',
    description: '购买的电热水壶使用一周后漏电，商家拒绝退换。',
    request: '退货退款',
    amount: 199,
    ...over,
  };
}
