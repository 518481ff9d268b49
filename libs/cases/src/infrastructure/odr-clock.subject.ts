import { Injectable, type OnModuleInit } from '@nestjs/common';
import { PrismaService, UnitOfWork } from '#platform';
import { type LadderRung, type TimeLimitPolicy, policyLadder } from '#deadlines';
import { ClockSubject, ClockSubjects, type CommitResult, RungClaim, type RungFiring, type RungRef, type SubjectClock } from '#deadlines-nest';
import { OdrTransitionRefused } from '../domain/odr.js';
import { OdrExits } from '../application/odr/odr-exits.js';
import { OdrWindowWarnings } from '../application/odr/odr-window-warning.js';

/** Seeded ladder of the enterprise's window (policy LOCAL / complaint / odrWindow): warn −2 working days, due. */
export const ODR_WINDOW_LADDER: readonly LadderRung[] = [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }];

export interface OdrWindowFacts { caseId: string; enterpriseId: string }

interface Row {
  ord: number; id: string; step: string; state: SubjectClock['state']; version: number; due_at: Date; due_date: string; unit: string; met_at: Date | null;
  legal_basis: string; policy_id: string; claimed: boolean; case_id: string; enterprise_id: string;
}

class NotClaimed extends Error {
  constructor(readonly claimed: boolean | undefined) { super('not claimed'); }
}

/**
 * The ODR window subject of the clock engine (issue 17): the enterprise's 10 working days from the hand-over. Its
 * clock row is written with the ODR stage (trigger `odr_cases_window_clock`). `warn` warns the enterprise (timeline,
 * its accounts' inbox, SMS to its contacts: OdrWindowWarnings); `due` ends the stage as expired and sends the case to the bureau's routing
 * (OdrExits, received now) — in one transaction with the engine's claim.
 */
@Injectable()
export class OdrClockSubject extends ClockSubject<OdrWindowFacts> implements OnModuleInit {
  readonly name = 'odrWindow';

  constructor(
    private readonly prisma: PrismaService, private readonly claim: RungClaim, private readonly subjects: ClockSubjects,
    private readonly exits: OdrExits, private readonly uow: UnitOfWork, private readonly warnings: OdrWindowWarnings,
  ) {
    super();
  }

  onModuleInit(): void {
    this.subjects.register(this, 30);
  }

  async load(refs: ReadonlyMap<number, RungRef>): Promise<Map<number, SubjectClock<OdrWindowFacts>>> {
    const list = [...refs];
    const rows = await this.prisma.$queryRaw<Row[]>`
      SELECT j.ord::int AS ord, d.id, d.step, d.state, d.version, d.due_at, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.unit, d.met_at,
             d.legal_basis, d.policy_id,
             EXISTS (SELECT 1 FROM deadline_firings f WHERE f.deadline_id = d.id AND f.version = j.version AND f.rung = j.rung) AS claimed,
             o.case_id, o.enterprise_id
      FROM unnest(${list.map(([, r]) => r.deadlineId)}::uuid[], ${list.map(([, r]) => r.version)}::int[], ${list.map(([, r]) => r.rung)}::text[])
             WITH ORDINALITY AS j(id, version, rung, ord)
      JOIN deadlines d ON d.id = j.id JOIN odr_cases o ON o.case_id = d.odr_case_id`;
    return new Map(rows.map((d) => [list[d.ord - 1]![0], {
      id: d.id, step: d.step, state: d.state, version: d.version, dueAt: d.due_at, dueDate: d.due_date, unit: d.unit as SubjectClock['unit'],
      metAt: d.met_at, legalBasis: d.legal_basis, policyId: d.policy_id, claimed: d.claimed,
      facts: { caseId: d.case_id, enterpriseId: d.enterprise_id },
    }]));
  }

  ladder(c: SubjectClock<OdrWindowFacts>, policies: readonly TimeLimitPolicy[]): readonly LadderRung[] {
    return policyLadder(policies, c.policyId, ODR_WINDOW_LADDER);
  }

  async commit(firings: readonly RungFiring<OdrWindowFacts>[], now: Date): Promise<CommitResult> {
    const out: CommitResult = new Map();
    for (const f of firings) {
      const claimIn = async (tx: Parameters<RungClaim['claimOne']>[0]) => {
        const claimed = await this.claim.claimOne(tx, f, now);
        if (!claimed) throw new NotClaimed(claimed);
      };
      try {
        if (f.ref.rung === 'due') {
          await this.exits.act(f.clock.facts.caseId, 'expire', '企业协商期满未和解', null, claimIn);
        } else {
          // timeline, the enterprise's inbox and its contacts' SMS, with the claim: once per rung
          await this.uow.run((tx) => this.warnings.warn(tx, { ...f.clock.facts, rung: f.ref.rung, dueAt: f.clock.dueAt, rule: f.clock.legalBasis }, now, claimIn));
        }
        out.set(f.ord, true);
      } catch (e) {
        if (e instanceof NotClaimed) {
          if (e.claimed === false) out.set(f.ord, false);
        } else if (!(e instanceof OdrTransitionRefused)) throw e; // the stage ended meanwhile: stale, nothing to do
      }
    }
    return out;
  }
}
