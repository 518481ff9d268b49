/** Time is a dependency: the abstract class doubles as the DI token. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that only moves when told (tests, benchmarks, what-if tools). */
export class FixedClock extends Clock {
  constructor(private t: Date) {
    super();
  }
  now(): Date {
    return new Date(this.t.getTime());
  }
  set(t: Date): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t = new Date(this.t.getTime() + ms);
  }
}

/** A clock that runs at real speed from a chosen instant (demo/e2e "what if today were …"). */
export class OffsetClock extends Clock {
  constructor(private offsetMs = 0) {
    super();
  }
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  setOffset(ms: number): void {
    this.offsetMs = ms;
  }
}
