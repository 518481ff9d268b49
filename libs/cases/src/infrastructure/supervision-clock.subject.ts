import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import { Prisma } from '#prisma-client';
import type { LadderRung } from '#deadlines';
import { ClockSubject, type CommitResult, RungClaim, type RungFiring, type RungRef, type SubjectClock, commitEach, loadSubjectClocks, subjectClockQuery } from '#deadlines-nest';
import { OrgDirectory } from '#org-nest';
import type { Case } from '../domain/case.js';
import { SUPERVISION_KIND_TEXT } from '../domain/cohandling.js';
import { CaseWorkflow } from '../application/case-workflow.js';
import { Inbox } from '../application/ports.js';

/** The policy of a supervision item's reply clock (data: time_limit_policies, migration 20261205010100). */
export const SUPERVISION_REPLY_POLICY = { regime: 'LOCAL', caseType: 'supervision', step: 'supervisionReply' } as const;
/** Its seeded ladder: the item goes overdue at its due instant; no warning, no escalation. */
export const SUPERVISION_REPLY_LADDER: readonly LadderRung[] = [{ rung: 'due', offset: 0 }];

export interface SupervisionFacts { supervisionId: string; caseId: string }

/** Which clocks are this subject's, and the facts its rungs need. */
const SUPERVISION_CLOCKS = subjectClockQuery({
  columns: Prisma.sql`s.id AS supervision_id, s.case_id`,
  join: Prisma.sql`JOIN supervisions s ON s.id = d.supervision_id`,
  facts: (r: { supervision_id: string; case_id: string }) => ({ supervisionId: r.supervision_id, caseId: r.case_id }),
});

/**
 * The supervision-reply subject of the clock engine (issue 12): a 督办/催办 item the target unit must answer by its
 * due instant. Its clock row is written with the item (trigger `supervisions_reply_clock`: opened → running, answered →
 * met). Its `due` rung marks the item overdue on the case (`Case.markSupervisionOverdue`: event SupervisionOverdue)
 * and tells the unit that opened it — in the case's transaction, with the engine's claim.
 */
@Injectable()
export class SupervisionClockSubject extends ClockSubject<SupervisionFacts> {
  readonly name = 'supervisionReply';
  override readonly order = 20;
  protected override readonly defaultLadder = SUPERVISION_REPLY_LADDER;

  constructor(
    private readonly prisma: PrismaService,
    private readonly wf: CaseWorkflow,
    private readonly org: OrgDirectory,
    private readonly claim: RungClaim,
    private readonly inbox: Inbox,
  ) {
    super();
  }

  load(refs: ReadonlyMap<number, RungRef>): Promise<Map<number, SubjectClock<SupervisionFacts>>> {
    return loadSubjectClocks(this.prisma, refs, SUPERVISION_CLOCKS);
  }

  async commit(firings: readonly RungFiring<SupervisionFacts>[], now: Date): Promise<CommitResult> {
    const units = await this.org.units();
    const name = (id: string | null) => units.find((u) => u.id === id)?.name ?? '';
    return commitEach(firings, (f) => {
      let c!: Case;
      // false: the case says the item is not overdue (answered meanwhile, not yet due): nothing happened.
      return this.wf.transition(f.clock.facts.caseId, null, (x, ctx) => {
        c = x;
        return f.ref.rung === 'due' ? x.markSupervisionOverdue(f.clock.facts.supervisionId, ctx) : true;
      }, async (tx) => {
        await this.claim.claimOrAbort(tx, f, now);
        if (f.ref.rung !== 'due') return;
        const item = c.supervisions.find((x) => x.id === f.clock.facts.supervisionId)!;
        const what = SUPERVISION_KIND_TEXT[item.kind];
        // An inbox item for the whole opening unit, delivered at once (as every supervision notice).
        await this.inbox.append(tx, [{
          id: randomUUID(), unitId: item.openedByUnitId, role: null, caseId: c.id, deadlineId: null, kind: 'supervisionOverdue',
          title: `${what}逾期未反馈`, body: `${name(item.targetUnitId)}未在期限内反馈案件${c.caseNo}的${what}。`, urgent: true, createdAt: now, deliverAt: now,
        }]);
      });
    });
  }
}
