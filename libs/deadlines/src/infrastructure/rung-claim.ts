import { Injectable } from '@nestjs/common';
import type { Tx } from '#platform';
import { Prisma } from '#prisma-client';
import type { RungFiring } from '../application/engine/clock-subject.js';
import { NotClaimed } from '../application/engine/commit-each.js';
import { ClockRows } from './clock-rows.js';

/** The columns a one-statement commit feeds to `RungClaim.ctes` (as a CTE named `x`). */
export interface ClaimInput {
  ord: number; deadline_id: string; version: number; rung: string; state: string; new_state: string | null; late_ms: number;
}

export const claimInput = (f: RungFiring): ClaimInput => ({
  ord: f.ord, deadline_id: f.clock.id, version: f.clock.version, rung: f.ref.rung, state: f.clock.state, new_state: f.newState,
  late_ms: Math.min(f.lateMs, 2 ** 31 - 1),
});

/**
 * The engine's exactly-once claim — the only code that writes `deadline_firings` and a fired clock's state (through
 * ClockRows, the one writer of `deadlines`). A subject
 * adapter commits its effects in the claim's transaction, for the claimed firings only:
 * - `ctes(now)`: for one-statement commits (the batched case path), after the caller locked its subjects' rows in an
 *   earlier statement of the transaction. Needs a CTE `x` with at least the `ClaimInput`
 *   columns; defines `g` (the rows whose clock is still at that version and state, unmet), `f` (claim rows
 *   inserted, `ON CONFLICT DO NOTHING`), `fx` (the rows of `x` that were claimed: apply effects from these) and `du`
 *   (clocks turned overdue by a `due` rung; returns `id, case_id, report_due_id`).
 * - `claimOne(tx, f, now)`: for interactive transactions: locks the clock row (`FOR UPDATE`: serializes with the
 *   subject's own writers that lock it too), checks it is still at the version and state decided on (else
 *   `undefined`: stale), claims the firing (false: claimed already) and applies its clock change.
 * - `claimOrAbort(tx, f, now)`: the same, throwing `NotClaimed` when not claimed (with `commitEach`).
 */
@Injectable()
export class RungClaim {
  constructor(private readonly clocks: ClockRows) {}

  ctes(now: Date): Prisma.Sql {
    return Prisma.sql`
             g AS (
               SELECT x.* FROM x JOIN deadlines d
                 ON d.id = x.deadline_id AND d.version = x.version AND d.state = x.state AND d.met_at IS NULL),
             f AS (
               -- deadline_firings is partitioned by month of fired_at: its unique key holds per partition, so a claim
               -- of another month is found by NOT EXISTS — current, as the caller locked the subjects' rows in an
               -- earlier statement (the snapshot of this one is taken after any concurrent claimer committed).
               INSERT INTO deadline_firings (deadline_id, version, rung, fired_at, late_ms)
               SELECT deadline_id, version, rung, ${now}::timestamptz, late_ms FROM g
               WHERE NOT EXISTS (SELECT 1 FROM deadline_firings c WHERE c.deadline_id = g.deadline_id AND c.version = g.version AND c.rung = g.rung)
               ON CONFLICT DO NOTHING RETURNING deadline_id, version, rung),
             fx AS (SELECT g.* FROM g JOIN f USING (deadline_id, version, rung)),
             du AS (${ClockRows.markOverdueFrom(now)})`;
  }

  async claimOne(tx: Tx, f: RungFiring, now: Date): Promise<boolean | undefined> {
    const c = claimInput(f);
    const guard = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM deadlines
      WHERE id = ${c.deadline_id}::uuid AND version = ${c.version}::int AND state = ${c.state}::text AND met_at IS NULL
      FOR UPDATE`;
    if (!guard.length) return undefined;
    const claimed = await tx.$queryRaw<{ deadline_id: string }[]>`
      INSERT INTO deadline_firings (deadline_id, version, rung, fired_at, late_ms)
      SELECT ${c.deadline_id}::uuid, ${c.version}::int, ${c.rung}::text, ${now}::timestamptz, ${c.late_ms}::int
      -- partitioned by month of fired_at (unique per partition): a claim of another month is found here, current
      -- since the clock row is locked by the statement above
      WHERE NOT EXISTS (SELECT 1 FROM deadline_firings c WHERE c.deadline_id = ${c.deadline_id}::uuid AND c.version = ${c.version}::int AND c.rung = ${c.rung}::text)
      ON CONFLICT DO NOTHING RETURNING deadline_id`;
    if (!claimed.length) return false;
    if (c.new_state) await this.clocks.markOverdue(tx, c.deadline_id, c.new_state, now);
    return true;
  }

  async claimOrAbort(tx: Tx, f: RungFiring, now: Date): Promise<void> {
    const claimed = await this.claimOne(tx, f, now);
    if (!claimed) throw new NotClaimed(claimed);
  }
}
