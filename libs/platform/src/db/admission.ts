/**
 * Adaptive admission: how many writes per second this process lets through, steered by a lateness signal.
 *
 * Used for deadline-first intake (docs/deadlines.md, "Deadlines first"): the worker reports how late its rungs fire;
 * while the report exceeds `highMs` the permitted rate is cut (multiplicative decrease, at most once per
 * `intervalMs`); while it stays under `lowMs`, or no report is fresh (a worker that fires nothing reports nothing),
 * the rate grows back by `stepPerSec` per interval until it passes `maxPerSec`, where it stops binding, and with no
 * report at all for `quietLiftMs` it is lifted at once (nothing fires, nothing to protect). In between it holds. Writes are paced by a token bucket: a group may leave when the bucket is positive and takes its size from it
 * (it may go into debt, which the next group waits out), so groups stay whole and the mean rate is the limit.
 * Pure: every call takes the time from the caller.
 */
export interface AdmissionSettings {
  /** Lateness (ms) above which the rate is cut. */
  highMs: number;
  /** Lateness (ms) below which the rate grows back. */
  lowMs: number;
  /** The floor: intake never stops. */
  minPerSec: number;
  /** Above this the limit is lifted. */
  maxPerSec: number;
  /** Added to the limit per interval of low (or no) lateness. */
  stepPerSec: number;
  /** Factor of a cut (0 < decrease < 1). */
  decrease: number;
  /** One adjustment per interval at most (the signal's own period). */
  intervalMs: number;
  /** No report at all for this long (nothing fires, so nothing is late): the limit is lifted at once. */
  quietLiftMs: number;
}

export const ADMISSION_DEFAULTS: AdmissionSettings = {
  highMs: 500, lowMs: 250, minPerSec: 20, maxPerSec: 2000, stepPerSec: 10, decrease: 0.5, intervalMs: 250, quietLiftMs: 5000,
};

export class AdaptiveAdmission {
  /** Writes per second let through; Infinity while not limiting. */
  private limit = Infinity;
  private tokens = 0;
  private tokensAt = 0;
  private adjustedAt = -Infinity;
  private reportedAt = -Infinity;
  /** Writes admitted in the current and the previous interval: the recent rate a first cut starts from. */
  private admittedNow = 0;
  private admittedPrev = 0;
  private windowAt = 0;
  /** Observability: cuts and lifts so far. */
  readonly stats = { cuts: 0, lifts: 0 };

  constructor(private readonly s: AdmissionSettings = ADMISSION_DEFAULTS) {
    if (!(s.decrease > 0 && s.decrease < 1) || s.minPerSec <= 0 || s.maxPerSec < s.minPerSec || s.lowMs > s.highMs) {
      throw new Error('invalid admission settings');
    }
  }

  /** The current limit in writes per second (Infinity: none). */
  get perSec(): number {
    return this.limit;
  }

  /** A lateness report (ms; null when none is fresh) at `now` (ms). */
  observe(lateMs: number | null, now: number): void {
    if (lateMs !== null) this.reportedAt = now;
    if (now - this.adjustedAt < this.s.intervalMs) return;
    this.roll(now);
    if (lateMs === null && Number.isFinite(this.limit) && now - this.reportedAt >= this.s.quietLiftMs) {
      this.limit = Infinity;
      this.stats.lifts++;
      this.adjustedAt = now;
      return;
    }
    if (lateMs !== null && lateMs > this.s.highMs) {
      // From the rate actually flowing, not from a limit that did not bind.
      const recent = ((this.admittedNow + this.admittedPrev) * 1000) / (now - this.windowAt + this.s.intervalMs);
      const base = Number.isFinite(this.limit) ? this.limit : Math.max(recent, this.s.minPerSec);
      this.refill(now);
      this.limit = Math.max(this.s.minPerSec, base * this.s.decrease);
      this.tokens = Math.min(this.tokens, this.burst());
      this.stats.cuts++;
      this.adjustedAt = now;
    } else if ((lateMs === null || lateMs < this.s.lowMs) && Number.isFinite(this.limit)) {
      this.refill(now);
      // Quiet intervals with no registration asking (nothing read) count too: a burst after a lull starts higher.
      this.limit += this.s.stepPerSec * Math.max(1, Math.floor((now - this.adjustedAt) / this.s.intervalMs));
      if (this.limit > this.s.maxPerSec) {
        this.limit = Infinity;
        this.stats.lifts++;
      }
      this.adjustedAt = now;
    } else {
      this.adjustedAt = now; // held: quiet intervals count from here
    }
  }

  /**
   * A group of `n` writes asks to leave at `now`: 0 means it may (and it is counted); otherwise the ms to wait
   * before asking again.
   */
  delay(n: number, now: number): number {
    this.roll(now);
    if (Number.isFinite(this.limit)) {
      this.refill(now);
      if (this.tokens <= 0) return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.limit));
      this.tokens -= n;
    }
    this.admittedNow += n;
    return 0;
  }

  private burst(): number {
    // A tenth of a second's worth, at least one write.
    return Math.max(1, this.limit / 10);
  }

  private refill(now: number): void {
    if (Number.isFinite(this.limit)) this.tokens = Math.min(this.burst(), this.tokens + ((now - this.tokensAt) * this.limit) / 1000);
    this.tokensAt = now;
  }

  private roll(now: number): void {
    const k = Math.floor((now - this.windowAt) / this.s.intervalMs);
    if (k <= 0) return;
    this.admittedPrev = k === 1 ? this.admittedNow : 0;
    this.admittedNow = 0;
    this.windowAt += k * this.s.intervalMs;
  }
}
