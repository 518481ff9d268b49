import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';

/** The `calendar_changes` journal as the engine's re-projection reads and completes it. */
@Injectable()
export class CalendarChanges {
  constructor(private readonly prisma: PrismaService) {}

  async exists(id: string): Promise<boolean> {
    return (await this.prisma.calendarChange.count({ where: { id } })) > 0;
  }

  /** How many live clocks the change moved (all subjects). */
  async recorded(id: string, moved: number): Promise<void> {
    await this.prisma.calendarChange.update({ where: { id }, data: { recomputed: moved } });
  }
}
