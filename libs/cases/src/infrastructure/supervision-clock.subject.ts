import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PrismaService } from '#platform';
import { type LadderRung, type TimeLimitPolicy, policyLadder } from '#deadlines';
import { ClockSubject, ClockSubjects, type CommitResult, RungClaim, type RungFiring, type RungRef, type SubjectClock } from '#deadlines-nest';
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

interface Row {
  ord: number; id: string; step: string; state: SubjectClock['state']; version: number; due_at: Date; due_date: string; unit: string; met_at: Date | null;
  legal_basis: string; policy_id: string; claimed: boolean; supervision_id: string; case_id: string;
}

/** The claim was taken by another delivery (or the clock moved on) after the case was locked: roll the effects back. */
class NotClaimed extends Error {
  constructor(readonly claimed: boolean | undefined) { super('not claimed'); }
}

/**
 * The supervision-reply subject of the clock engine (issue 12): a 督办/催办 item the target unit must answer by its
 * due instant. Its clock row is written with the item (trigger `supervisions_reply_clock`: opened → running, answered →
 * met). Its `due` rung marks the item overdue on the case (`Case.markSupervisionOverdue`: event SupervisionOverdue)
 * and tells the unit that opened it — in the case's transaction, with the engine's claim.
 */
@Injectable()
export class SupervisionClockSubject extends ClockSubject<SupervisionFacts> implements OnModuleInit {
  readonly name = 'supervisionReply';

  constructor(
    private readonly prisma: PrismaService,
    private readonly wf: CaseWorkflow,
    private readonly org: OrgDirectory,
    private readonly claim: RungClaim,
    private readonly subjects: ClockSubjects,
    private readonly inbox: Inbox,
  ) {
    super();
  }

  onModuleInit(): void {
    this.subjects.register(this, 20);
  }

  async load(refs: ReadonlyMap<number, RungRef>): Promise<Map<number, SubjectClock<SupervisionFacts>>> {
    const list = [...refs];
    const rows = await this.prisma.$queryRaw<Row[]>`
      SELECT j.ord::int AS ord, d.id, d.step, d.state, d.version, d.due_at, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.unit, d.met_at,
             d.legal_basis, d.policy_id,
             EXISTS (SELECT 1 FROM deadline_firings f WHERE f.deadline_id = d.id AND f.version = j.version AND f.rung = j.rung) AS claimed,
             s.id AS supervision_id, s.case_id
      FROM unnest(${list.map(([, r]) => r.deadlineId)}::uuid[], ${list.map(([, r]) => r.version)}::int[], ${list.map(([, r]) => r.rung)}::text[])
             WITH ORDINALITY AS j(id, version, rung, ord)
      JOIN deadlines d ON d.id = j.id JOIN supervisions s ON s.id = d.supervision_id`;
    return new Map(rows.map((d) => [list[d.ord - 1]![0], {
      id: d.id, step: d.step, state: d.state, version: d.version, dueAt: d.due_at, dueDate: d.due_date, unit: d.unit as SubjectClock['unit'],
      metAt: d.met_at, legalBasis: d.legal_basis, policyId: d.policy_id, claimed: d.claimed,
      facts: { supervisionId: d.supervision_id, caseId: d.case_id },
    }]));
  }

  ladder(c: SubjectClock<SupervisionFacts>, policies: readonly TimeLimitPolicy[]): readonly LadderRung[] {
    return policyLadder(policies, c.policyId, SUPERVISION_REPLY_LADDER);
  }

  async commit(firings: readonly RungFiring<SupervisionFacts>[], now: Date): Promise<CommitResult> {
    const units = await this.org.units();
    const name = (id: string | null) => units.find((u) => u.id === id)?.name ?? '';
    const out: CommitResult = new Map();
    for (const f of firings) {
      let c!: Case;
      try {
        const done = await this.wf.transition(f.clock.facts.caseId, null, (x, ctx) => {
          c = x;
          return f.ref.rung === 'due' ? x.markSupervisionOverdue(f.clock.facts.supervisionId, ctx) : true;
        }, async (tx) => {
          const claimed = await this.claim.claimOne(tx, f, now);
          if (!claimed) throw new NotClaimed(claimed);
          if (f.ref.rung !== 'due') return;
          const item = c.supervisions.find((x) => x.id === f.clock.facts.supervisionId)!;
          const what = SUPERVISION_KIND_TEXT[item.kind];
          // An inbox item for the whole opening unit, delivered at once (as every supervision notice).
          await this.inbox.append(tx, [{
            id: randomUUID(), unitId: item.openedByUnitId, role: null, caseId: c.id, deadlineId: null, kind: 'supervisionOverdue',
            title: `${what}逾期未反馈`, body: `${name(item.targetUnitId)}未在期限内反馈案件${c.caseNo}的${what}。`, urgent: true, createdAt: now, deliverAt: now,
          }]);
        });
        // The case says the item is not overdue (answered meanwhile, not yet due): nothing happened.
        if (done) out.set(f.ord, true);
      } catch (e) {
        if (!(e instanceof NotClaimed)) throw e;
        if (e.claimed === false) out.set(f.ord, false);
      }
    }
    return out;
  }
}
