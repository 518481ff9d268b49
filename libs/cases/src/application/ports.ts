import type { OutboxEntry, Tx } from '#platform';
import type { Case } from '../domain/case.js';

/**
 * An Idempotency-Key committed with the creation: its claimed row gets the command's result in the same statement,
 * and the statement fails (IdempotencyInProgress) if another request committed under the key first.
 */
export interface CommittedKey {
  userId: string;
  key: string;
  result: unknown;
}

/** Port: aggregates in, aggregates out; Prisma rows stay in the adapter. */
export abstract class CaseRepository {
  /** Loads and locks the case row for this transaction. Throws CaseNotFound. */
  abstract get(id: string, tx: Tx): Promise<Case>;
  abstract insert(c: Case, tx: Tx): Promise<void>;
  /**
   * New cases, their clocks, events, hops, links and outbox entries in ONE atomic statement (no interactive
   * transaction): the registration hot path and bulk seeding.
   */
  abstract insertNew(cases: Case[], outbox: OutboxEntry[], tx?: Tx, key?: CommittedKey): Promise<void>;
  /** Optimistic: fails with ConcurrentUpdate when someone else saved first. Appends the pulled events. */
  abstract save(c: Case, tx: Tx): Promise<void>;
  abstract nextCaseNo(year: number, tx?: Tx): Promise<string>;
}
