import type { CommitResult, RungFiring } from './clock-subject.js';

/**
 * The engine's claim was not taken inside a firing's transaction (`RungClaim.claimOrAbort`): thrown to roll the
 * subject's effects back. `false`: claimed already (duplicate); `undefined`: the clock moved on (stale).
 */
export class NotClaimed extends Error {
  constructor(readonly claimed: false | undefined) {
    super('not claimed');
  }
}

/**
 * The per-firing commit loop of a subject that applies its effects in one interactive transaction per firing (the
 * case subject batches instead). `apply` runs the firing's transaction — the engine's claim (`claimOrAbort`) and the
 * subject's effects — and answers whether anything happened (`false`: the subject's own state says there is nothing
 * to do: stale). `stale(e)`: a subject error that also means the clock moved on meanwhile; any other error is thrown.
 */
export async function commitEach<F>(
  firings: readonly RungFiring<F>[],
  apply: (f: RungFiring<F>) => Promise<boolean>,
  stale: (e: unknown) => boolean = () => false,
): Promise<CommitResult> {
  const out: CommitResult = new Map();
  for (const f of firings) {
    try {
      if (await apply(f)) out.set(f.ord, true);
    } catch (e) {
      if (e instanceof NotClaimed) {
        if (e.claimed === false) out.set(f.ord, false);
      } else if (!stale(e)) throw e;
    }
  }
  return out;
}
