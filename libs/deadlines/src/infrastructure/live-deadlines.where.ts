// The Prisma filters for "a live clock", shared by the adapters that read deadlines (one definition, not one per lib).
import type { Prisma } from '#prisma-client';

/** A clock not met and still counting or waiting: running, paused or overdue (cancelled ones are done). */
export const LIVE_DEADLINE = { metAt: null, state: { in: ['running', 'paused', 'overdue'] } } satisfies Prisma.DeadlineWhereInput;

/**
 * The live clocks a calendar change over [from, to] can move: started by `to`, and due on or after `from` or still
 * waiting for a calendar that was not loaded (calendarGap).
 */
export function movableByCalendar(from: Date, to: Date): Prisma.DeadlineWhereInput {
  return { ...LIVE_DEADLINE, startDate: { lte: to }, OR: [{ dueDate: { gte: from } }, { calendarGap: true }] };
}
