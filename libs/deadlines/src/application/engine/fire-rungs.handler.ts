import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '#platform';
import { decideClockRung, needsDueFirst } from '../../domain/rung.js';
import { CalendarStore } from '../../infrastructure/calendar.store.js';
import type { ClockSubject, RungFiring, RungRef, RungResult, SubjectClock } from './clock-subject.js';
import { ClockSubjects } from './clock-subjects.js';

export type { RungOutcome, RungRef, RungResult } from './clock-subject.js';

/**
 * A timer rung woke up. The row is the truth: stale versions and finished clocks are skipped, an early wake-up is
 * reported back (with when to wake) so the job re-schedules itself, and the firing claims a unique
 * (deadline, version, rung) row in the transaction of its effects, so a redelivered or concurrent job can never act
 * twice.
 */
export class FireDeadlineRung extends Command<RungResult> {
  constructor(readonly deadlineId: string, readonly version: number, readonly rung: RungRef['rung']) {
    super();
  }
}

/** Many rungs at once (the worker batches wake-ups): one read per subject, one commit per subject; a result per rung, in order. */
export class FireDeadlineRungs extends Command<RungResult[]> {
  constructor(readonly rungs: readonly RungRef[]) {
    super();
  }
}

type Loaded = { subject: ClockSubject; clock: SubjectClock };
const refKey = (r: RungRef) => `${r.deadlineId}:${r.version}:${r.rung}`;

/**
 * The one fire use case of the clock engine (issue 12; docs/deadlines.md, "Exactly once"): every kind of clock
 * fires here. The subjects (`ClockSubjects`) read their clocks of the batch; the one rule `decideClockRung` decides
 * each rung on the ladder the subject names; the firings go back to their subject to commit with the engine's claim
 * (`RungClaim`) in one transaction. A batch of one is the single-rung command.
 */
@CommandHandler(FireDeadlineRungs)
export class FireDeadlineRungsHandler implements ICommandHandler<FireDeadlineRungs> {
  constructor(
    private readonly subjects: ClockSubjects,
    private readonly clock: Clock,
    private readonly calendars: CalendarStore,
  ) {}

  private async read(refs: readonly RungRef[]): Promise<Map<number, Loaded>> {
    const out = new Map<number, Loaded>();
    let left = new Map(refs.map((r, i) => [i, r] as const));
    for (const subject of this.subjects.all()) {
      if (!left.size) break;
      const got = await subject.load(left);
      for (const [i, clock] of got) out.set(i, { subject, clock });
      left = new Map([...left].filter(([i]) => !got.has(i)));
    }
    return out;
  }

  async execute({ rungs }: FireDeadlineRungs): Promise<RungResult[]> {
    // A job delivered twice into one batch: only the first copy may try to claim (a one-statement commit joins claims
    // back to its input, so two copies of one rung would write its effects twice).
    const seen = new Map<string, number>();
    const refs: RungRef[] = [];
    const slot = rungs.map((r) => {
      const k = refKey(r);
      if (seen.has(k)) return -1;
      seen.set(k, refs.length);
      refs.push(r);
      return refs.length - 1;
    });
    if (!refs.length) return [];
    let rows = await this.read(refs);
    // Rungs are independent jobs: an escalation may be delivered before the `due` rung. Fire `due` first (it
    // claims its own row), so escalation never depends on delivery order.
    const now0 = this.clock.now();
    const dueFirst = new Map<string, RungRef>();
    refs.forEach((r, i) => {
      const d = rows.get(i)?.clock;
      if (d && d.version === r.version && needsDueFirst(d, r.rung, now0)) {
        const due = { ...r, rung: 'due' as const };
        dueFirst.set(refKey(due), due);
      }
    });
    if (dueFirst.size) {
      const dues = [...dueFirst.values()];
      await this.fire(dues, await this.read(dues));
      rows = await this.read(refs);
    }
    const results = await this.fire(refs, rows);
    return slot.map((s) => (s < 0 ? { outcome: 'duplicate' as const } : results[s]!));
  }

  private async fire(refs: readonly RungRef[], rows: Map<number, Loaded>): Promise<RungResult[]> {
    const results: RungResult[] = refs.map(() => ({ outcome: 'missing' }));
    const [calendar, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const now = this.clock.now();
    const bySubject = new Map<ClockSubject, RungFiring[]>();
    refs.forEach((ref, i) => {
      const row = rows.get(i);
      if (!row) return;
      const d = row.clock;
      if (d.version !== ref.version || (d.state !== 'running' && d.state !== 'overdue')) { results[i] = { outcome: 'stale' }; return; }
      if (d.claimed) { results[i] = { outcome: 'duplicate' }; return; }
      const r = decideClockRung(d, ref.rung, row.subject.ladder(d, policies), calendar, now);
      if (r.kind === 'early') { results[i] = { outcome: 'early', fireAt: r.fireAt }; return; }
      if (r.kind !== 'fire') { results[i] = { outcome: 'stale' }; return; }
      const list = bySubject.get(row.subject) ?? bySubject.set(row.subject, []).get(row.subject)!;
      list.push({ ord: i, ref, clock: d, fireAt: r.fireAt, newState: r.newState ?? null, lateMs: Math.max(0, now.getTime() - r.fireAt.getTime()) });
    });
    for (const [subject, firings] of bySubject) {
      const claimed = await subject.commit(firings, now);
      for (const f of firings) {
        const c = claimed.get(f.ord);
        results[f.ord] = c === undefined ? { outcome: 'stale' } : c ? { outcome: 'fired', lateMs: f.lateMs } : { outcome: 'duplicate' };
      }
    }
    return results;
  }
}

/** One rung: a batch of one (direct callers and tests; the worker batches). */
@CommandHandler(FireDeadlineRung)
export class FireDeadlineRungHandler implements ICommandHandler<FireDeadlineRung> {
  constructor(private readonly batch: FireDeadlineRungsHandler) {}

  async execute({ deadlineId, version, rung }: FireDeadlineRung): Promise<RungResult> {
    const [r] = await this.batch.execute(new FireDeadlineRungs([{ deadlineId, version, rung }]));
    return r!;
  }
}
