import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type CalendarMove, CalendarChanges, type Reprojection, SubjectReprojection } from '#deadlines-nest';
import { CaseWorkflow } from './case-workflow.js';
import { CaseClockReads, Inbox } from './ports.js';

/**
 * The case subject's re-projection (the engine's `RecomputeDeadlines` calls it through `CaseClockSubject.reproject`):
 * after a calendar change, re-compute every live case deadline the changed year can affect, journal each move on its
 * case, and re-arm timers (through the outbox). Idempotent: a second run finds nothing to move.
 */
@Injectable()
export class CaseReprojection extends SubjectReprojection {
  constructor(changes: CalendarChanges, private readonly clocks: CaseClockReads, private readonly inbox: Inbox, private readonly wf: CaseWorkflow) {
    super(changes);
  }

  protected async reproject(change: CalendarMove): Promise<Reprojection> {
    // A notice also names days in December of the year before (元旦 make-up days).
    const from = new Date(`${change.year - 1}-12-01T00:00:00Z`);
    const to = new Date(`${change.year}-12-31T00:00:00Z`);
    const caseIds = await this.clocks.casesWithLiveClocks(from, to);
    const cause = change.cause;
    // A notice read from its text tells the units whose deadlines it moved (edits and JSON/ICS imports do not).
    const notify = change.action === 'notice';
    let moved = 0;
    for (const caseId of caseIds) {
      let n = 0;
      let tell: { unitId: string; caseNo: string } | null = null;
      await this.wf.transition(caseId, null, (c, ctx) => {
        n = c.recomputeDeadlines(ctx, cause);
        moved += n;
        tell = notify && n > 0 && c.assignedUnitId ? { unitId: c.assignedUnitId, caseNo: c.caseNo } : null;
        return n > 0;
      }, async (tx, ctx) => {
        // The unit handling the case learns that its deadlines moved, and why (in the same transaction as the move).
        const t = tell as { unitId: string; caseNo: string } | null;
        if (!t) return;
        await this.inbox.append(tx, [{
          id: randomUUID(), unitId: t.unitId, role: null, caseId, deadlineId: null, kind: 'calendarMove', title: '期限因放假通知调整',
          body: `案件${t.caseNo}有${n}个期限重新计算（${cause}），请在期限明细中查看新的届满日。`, urgent: false, createdAt: ctx.now, deliverAt: ctx.now,
        }]);
      });
    }
    return { subjects: caseIds.length, moved };
  }
}
