// Prisma adapter of CaseClockReads: which cases' live clocks a calendar change can move (reads only).
import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import { movableByCalendar } from '#deadlines-nest';
import { CaseClockReads } from '../application/ports.js';

@Injectable()
export class PrismaCaseClockReads extends CaseClockReads {
  constructor(private readonly prisma: PrismaService) { super(); }
  async casesWithLiveClocks(from: Date, to: Date): Promise<string[]> {
    const rows = await this.prisma.deadline.findMany({
      where: { caseId: { not: null }, ...movableByCalendar(from, to) },
      select: { caseId: true },
      distinct: ['caseId'],
    });
    return rows.map((r) => r.caseId!);
  }
}
