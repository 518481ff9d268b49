import { Injectable } from '@nestjs/common';
import { PrismaService, UnitOfWork } from '#platform';
import { Prisma } from '#prisma-client';
import type { LadderRung } from '#deadlines';
import { ClockSubject, type CommitResult, RungClaim, type RungFiring, type RungRef, type SubjectClock, commitEach, loadSubjectClocks, subjectClockQuery } from '#deadlines-nest';
import { OdrTransitionRefused } from '../domain/odr.js';
import { OdrExits } from '../application/odr/odr-exits.js';
import { OdrWindowWarnings } from '../application/odr/odr-window-warning.js';

/** Seeded ladder of the enterprise's window (policy LOCAL / complaint / odrWindow): warn −2 working days, due. */
export const ODR_WINDOW_LADDER: readonly LadderRung[] = [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }];

export interface OdrWindowFacts { caseId: string; enterpriseId: string }

/** Which clocks are this subject's, and the facts its rungs need. */
const ODR_CLOCKS = subjectClockQuery({
  columns: Prisma.sql`o.case_id, o.enterprise_id`,
  join: Prisma.sql`JOIN odr_cases o ON o.case_id = d.odr_case_id`,
  facts: (r: { case_id: string; enterprise_id: string }) => ({ caseId: r.case_id, enterpriseId: r.enterprise_id }),
});

/**
 * The ODR window subject of the clock engine (issue 17): the enterprise's 10 working days from the hand-over. Its
 * clock row is written with the ODR stage (trigger `odr_cases_window_clock`). `warn` warns the enterprise (timeline,
 * its accounts' inbox, SMS to its contacts: OdrWindowWarnings); `due` ends the stage as expired and sends the case to the bureau's routing
 * (OdrExits, received now) — in one transaction with the engine's claim.
 */
@Injectable()
export class OdrClockSubject extends ClockSubject<OdrWindowFacts> {
  readonly name = 'odrWindow';
  override readonly order = 30;
  protected override readonly defaultLadder = ODR_WINDOW_LADDER;

  constructor(
    private readonly prisma: PrismaService, private readonly claim: RungClaim,
    private readonly exits: OdrExits, private readonly uow: UnitOfWork, private readonly warnings: OdrWindowWarnings,
  ) {
    super();
  }

  load(refs: ReadonlyMap<number, RungRef>): Promise<Map<number, SubjectClock<OdrWindowFacts>>> {
    return loadSubjectClocks(this.prisma, refs, ODR_CLOCKS);
  }

  commit(firings: readonly RungFiring<OdrWindowFacts>[], now: Date): Promise<CommitResult> {
    return commitEach(firings, async (f) => {
      const claimIn = (tx: Parameters<RungClaim['claimOne']>[0]) => this.claim.claimOrAbort(tx, f, now);
      if (f.ref.rung === 'due') {
        await this.exits.act(f.clock.facts.caseId, 'expire', '企业协商期满未和解', null, claimIn);
      } else {
        // timeline, the enterprise's inbox and its contacts' SMS, with the claim: once per rung
        await this.uow.run((tx) => this.warnings.warn(tx, { ...f.clock.facts, rung: f.ref.rung, dueAt: f.clock.dueAt, rule: f.clock.legalBasis }, now, claimIn));
      }
      return true;
    }, (e) => e instanceof OdrTransitionRefused); // the stage ended meanwhile: stale, nothing to do
  }
}
