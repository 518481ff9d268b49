/**
 * A small table's rows read through a short-lived cache (units, routing rules, calendar, policies: read on every
 * request, edited rarely). Concurrent misses share ONE read: when the value expires under load, the requests in
 * flight (c=32 at intake) wait for the same statement instead of each reading and rebuilding the whole table
 * (measured: 254 unit reads per API process in 100 s instead of ~20). The TTL is cache freshness, not domain time,
 * hence the process clock.
 */
export class ReadThrough<T> {
  private cached: { at: number; value: T } | null = null;
  private flight: Promise<T> | null = null;
  /** Bumped by invalidate(): a read started before it does not fill the cache afterwards. */
  private generation = 0;

  constructor(private readonly ttlMs: number, private readonly load: () => Promise<T>, private readonly now: () => number = Date.now) {}

  get(): Promise<T> {
    if (this.cached && this.now() - this.cached.at < this.ttlMs) return Promise.resolve(this.cached.value);
    if (this.flight) return this.flight;
    const generation = this.generation;
    const flight = this.load()
      .then((value) => {
        if (generation === this.generation) this.cached = { at: this.now(), value };
        return value;
      })
      .finally(() => {
        if (this.flight === flight) this.flight = null;
      });
    this.flight = flight;
    return flight;
  }

  /** This process changed the rows: the next get() reads them again (not a read already under way). */
  invalidate(): void {
    this.generation++;
    this.cached = null;
    this.flight = null;
  }
}
