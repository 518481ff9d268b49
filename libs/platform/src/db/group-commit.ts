/**
 * Group commit: writes that arrive together share one statement (one round trip, one commit, one WAL flush).
 *
 * The first write of a quiet moment leaves at once (after the current turn of the event loop, so writes parsed in
 * the same turn travel together); while `maxInFlight` statements are running, new writes queue and leave as the
 * next group (at most `maxBatch` each). Every caller's promise settles only after its own group committed (or
 * failed): nothing is acknowledged before its commit. If a group fails, each of its writes is retried alone, so a
 * bad write fails only itself and its neighbours still commit.
 */
export interface GroupCommitOptions {
  maxBatch: number;
  maxInFlight: number;
  /**
   * Asked before a group of n leaves: 0 lets it go now, more holds it that many ms (deadline-first admission,
   * AdaptiveAdmission.delay). Absent: groups leave as soon as a statement slot is free.
   */
  pace?: (n: number) => number;
}

export class GroupCommit<T, R = void> {
  private queue: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  private paceTimer: NodeJS.Timeout | null = null;
  /** Observability for tests and benches: groups sent, items written, groups that fell back to one by one, holds by the pace. */
  readonly stats = { groups: 0, items: 0, fallbacks: 0, largest: 0, held: 0 };

  constructor(
    /** Writes the whole group atomically; returns one result per item, in order. */
    private readonly writeGroup: (items: T[]) => Promise<R[]>,
    /** Writes one item alone (used for a group of one and for the retry after a group failed). */
    private readonly writeOne: (item: T) => Promise<R>,
    private readonly opts: GroupCommitOptions = { maxBatch: 64, maxInFlight: 2 },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.opts.maxInFlight && this.queue.length && !this.paceTimer) {
      const wait = this.opts.pace?.(Math.min(this.queue.length, this.opts.maxBatch)) ?? 0;
      if (wait > 0) {
        this.stats.held++;
        // Held back (see GroupCommitOptions.pace): whatever arrives meanwhile joins the group that leaves then.
        this.paceTimer = setTimeout(() => {
          this.paceTimer = null;
          this.pump();
        }, wait);
        return;
      }
      const group = this.queue.splice(0, this.opts.maxBatch);
      this.inFlight++;
      void this.flush(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(group: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[]): Promise<void> {
    this.stats.groups++;
    this.stats.items += group.length;
    this.stats.largest = Math.max(this.stats.largest, group.length);
    if (group.length === 1) {
      const [g] = group;
      await this.writeOne(g!.item).then(g!.resolve, g!.reject);
      return;
    }
    let results: R[];
    try {
      results = await this.writeGroup(group.map((g) => g.item));
    } catch {
      // The group was rolled back as a whole: retry each write alone, each settling with its own outcome.
      this.stats.fallbacks++;
      await Promise.all(group.map((g) => this.writeOne(g.item).then(g.resolve, g.reject)));
      return;
    }
    group.forEach((g, i) => g.resolve(results[i]!));
  }
}
