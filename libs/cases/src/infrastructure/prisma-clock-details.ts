// Prisma adapter of ClockDetails: the case clocks' explanation and the pending extension requests (reads only).
import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import { Prisma } from '#prisma-client';
import { type CaseClockDetails, ClockDetails, type PendingExtensionRow } from '../application/ports.js';

const JOURNAL = ['DeadlineArmed', 'DeadlineMoved', 'ExtensionApproved', 'ClockPaused', 'ClockResumed'];

@Injectable()
export class PrismaClockDetails extends ClockDetails {
  constructor(private readonly prisma: PrismaService) { super(); }

  /**
   * In one snapshot (REPEATABLE READ): read apart, a re-projection committing between the reads showed its new due
   * date beside a journal without its move (CI, deadline-engine e2e under load).
   */
  ofCase(caseId: string): Promise<CaseClockDetails> {
    return this.prisma.$transaction(async (tx) => {
      const deadlines = await tx.deadline.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' } });
      const events = await tx.caseEvent.findMany({ where: { caseId, type: { in: JOURNAL } }, orderBy: { seq: 'asc' } });
      const ids = deadlines.map((d) => d.id);
      const pauses = await tx.deadlinePause.findMany({ where: { deadlineId: { in: ids } }, orderBy: { pausedAt: 'asc' } });
      const extensions = await tx.deadlineExtension.findMany({ where: { deadlineId: { in: ids } }, orderBy: { requestedAt: 'asc' } });
      const firings = await tx.deadlineFiring.findMany({ where: { deadlineId: { in: ids } } });
      return { deadlines, events, pauses, extensions, firings };
    }, { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead });
  }

  async pendingExtensions(limit: number): Promise<PendingExtensionRow[]> {
    const pending = await this.prisma.deadlineExtension.findMany({ where: { status: 'pending' }, orderBy: { requestedAt: 'asc' }, take: limit });
    const requesters = new Map((await this.prisma.user.findMany({ where: { id: { in: [...new Set(pending.map((p) => p.requestedBy))] } }, select: { id: true, unitId: true, role: true } })).map((u) => [u.id, u]));
    const ds = await this.prisma.deadline.findMany({ where: { id: { in: pending.map((p) => p.deadlineId) } } });
    const cases = await this.prisma.case.findMany({ where: { id: { in: ds.flatMap((d) => (d.caseId ? [d.caseId] : [])) } }, select: { id: true, caseNo: true, assignedUnitId: true } });
    return pending.flatMap((e) => {
      const d = ds.find((x) => x.id === e.deadlineId);
      const c = d && cases.find((x) => x.id === d.caseId);
      return d && c ? [{ extension: e, clock: { step: d.step, unit: d.unit, dueDate: d.dueDate }, case: c, requester: requesters.get(e.requestedBy) ?? null }] : [];
    });
  }
}
