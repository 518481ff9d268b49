import type { OutboxEntry, Tx } from '#platform';
import type { Case } from '../domain/case.js';

/** Port: aggregates in, aggregates out; Prisma rows stay in the adapter. */
export abstract class CaseRepository {
  /** Loads and locks the case row for this transaction. Throws CaseNotFound. */
  abstract get(id: string, tx: Tx): Promise<Case>;
  abstract insert(c: Case, tx: Tx): Promise<void>;
  /**
   * New cases, their clocks, events, hops, links and outbox entries in ONE atomic statement (no interactive
   * transaction): the registration hot path and bulk seeding.
   */
  abstract insertNew(cases: Case[], outbox: OutboxEntry[], tx?: Tx): Promise<void>;
  /** Optimistic: fails with ConcurrentUpdate when someone else saved first. Appends the pulled events. */
  abstract save(c: Case, tx: Tx): Promise<void>;
  abstract nextCaseNo(year: number, tx?: Tx): Promise<string>;
}
