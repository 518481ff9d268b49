// Prisma adapter of CaseClockReads: which cases' live clocks a calendar change can move (reads only).
import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import { CaseClockReads } from '../application/ports.js';

@Injectable()
export class PrismaCaseClockReads extends CaseClockReads {
  constructor(private readonly prisma: PrismaService) { super(); }
  async casesWithLiveClocks(from: Date, to: Date): Promise<string[]> {
    const rows = await this.prisma.deadline.findMany({
      where: {
        caseId: { not: null },
        metAt: null,
        state: { in: ['running', 'paused', 'overdue'] },
        startDate: { lte: to },
        OR: [{ dueDate: { gte: from } }, { calendarGap: true }],
      },
      select: { caseId: true },
      distinct: ['caseId'],
    });
    return rows.map((r) => r.caseId!);
  }
}
