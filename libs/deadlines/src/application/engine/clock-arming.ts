import { Injectable } from '@nestjs/common';
import { DEFAULT_LADDER, type LadderRung, liveRungs, rungHorizon } from '../../domain/clock.js';
import type { RungName } from '../../domain/rung.js';
import type { TimeLimitPolicy } from '../../domain/policy.js';
import { CalendarStore } from '../../infrastructure/calendar.store.js';
import type { RungRef } from './clock-subject.js';
import { type LiveClock, LiveClocks, type RungBound } from './live-clocks.js';
import { type RungTimer, RungTimers } from './rung-timers.js';

const RECONCILE_PAGE = 2000;
const POLICY_PAGE = 2000;

export interface PolicyRearmJob { policyId: string; version: number; removed: readonly RungName[]; moved: readonly RungName[] }
export interface PolicyRearmResult { deadlines: number; armed: number; retimed: number; cancelled: number }

/**
 * Which rungs a live clock arms, and when (the ladder, issue 12): the engine's arming for every subject. The worker
 * calls it at start, when Redis lost its keys (`rearmAll`), after a ladder edit (`rearmPolicy`), and on each sweep
 * (`pastUnclaimed`); it only owns the queue (`RungTimers`).
 */
@Injectable()
export class ClockArming {
  constructor(private readonly clocks: LiveClocks, private readonly timers: RungTimers, private readonly calendars: CalendarStore) {}

  private timersOf(cal: Awaited<ReturnType<CalendarStore['calendar']>>, rows: readonly LiveClock[], ladderOf: (d: LiveClock) => readonly LadderRung[]): RungTimer[] {
    return rows.flatMap((d) =>
      liveRungs(cal, { state: d.state, unit: d.unit, dueAt: d.dueAt, dueDate: d.dueDate }, ladderOf(d))
        .map((r) => ({ deadlineId: d.id, version: d.version, rung: r.rung, fireAt: r.fireAt.toISOString() })));
  }

  /**
   * Re-arms every live clock's rungs (an overdue clock only those after due), earliest wake-up first: two keyset
   * cursors on the (state, due_at) index — overdue clocks (escalations) and running ones — merged by due instant,
   * each page armed in rung-instant order. Failed jobs of the same ids are replaced. Returns how many rungs.
   */
  async rearmAll(): Promise<number> {
    const [cal, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const ladders = new Map(policies.map((p) => [p.id, p.ladder ?? DEFAULT_LADDER]));
    const cursors = (['overdue', 'running'] as const).map((state) => ({ state, buf: [] as LiveClock[], after: null as LiveClock | null, done: false }));
    const refill = async (c: (typeof cursors)[number]) => {
      if (c.buf.length || c.done) return;
      c.buf = await this.clocks.page(c.state, c.after, RECONCILE_PAGE);
      c.done = c.buf.length < RECONCILE_PAGE;
      if (c.buf.length) c.after = c.buf[c.buf.length - 1]!;
    };
    let n = 0;
    for (;;) {
      await Promise.all(cursors.map(refill));
      const page: LiveClock[] = [];
      while (page.length < RECONCILE_PAGE) {
        const c = cursors.filter((x) => x.buf.length).sort((x, y) => x.buf[0]!.dueAt.getTime() - y.buf[0]!.dueAt.getTime())[0];
        if (!c) break;
        page.push(c.buf.shift()!);
        if (!c.buf.length && !c.done) break; // refill before going on, to keep the order
      }
      if (!page.length) break;
      const items = this.timersOf(cal, page, (d) => ladders.get(d.policyId) ?? DEFAULT_LADDER).sort((x, y) => x.fireAt.localeCompare(y.fireAt));
      await this.timers.arm(items, { replaceFailed: true });
      n += items.length;
    }
    return n;
  }

  /**
   * An admin changed a policy's ladder: its live clocks get the new ladder now. Against the ladder as it is now,
   * whatever edit the job is for: every rung is armed (a no-op for a job still in Redis), moved rungs still on it are
   * re-timed, removed ones cancelled. Rungs are decided at firing time, so this only moves wake-ups.
   */
  async rearmPolicy(job: PolicyRearmJob): Promise<PolicyRearmResult> {
    // The edit was made by the API: this process's cached policies are older than it.
    this.calendars.invalidate();
    const [cal, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const policy = policies.find((p) => p.id === job.policyId);
    const out: PolicyRearmResult = { deadlines: 0, armed: 0, retimed: 0, cancelled: 0 };
    if (!policy) return out;
    const ladder = policy.ladder ?? DEFAULT_LADDER;
    const kept = new Set(ladder.map((r) => r.rung));
    const removed = job.removed.filter((r) => !kept.has(r));
    const moved = ladder.filter((r) => job.moved.includes(r.rung));
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.clocks.ofPolicy(job.policyId, after, POLICY_PAGE);
      if (!rows.length) break;
      const added = this.timersOf(cal, rows, () => ladder);
      await this.timers.arm(added);
      out.armed += added.length;
      out.retimed += await this.timers.retime(this.timersOf(cal, rows, () => moved));
      out.cancelled += await this.timers.cancel(rows.flatMap((d) => removed.map((rung) => ({ deadlineId: d.id, version: d.version, rung }))));
      out.deadlines += rows.length;
      after = rows[rows.length - 1]!.id;
    }
    return out;
  }

  /**
   * Rungs past their instant (as of `now`) with no claim, earliest due first, at most `limit`: for each rung of each
   * policy's ladder `rungHorizon` gives the latest due whose rung has come, and the read takes the clocks at or
   * before it in the state in which that rung fires. A rung its rule would skip is outside the read, so it never
   * holds up the rungs behind it. `only`: the policies (kinds of clock) to look at; all by default.
   */
  async pastUnclaimed(now: Date, limit: number, only: (p: TimeLimitPolicy) => boolean = () => true): Promise<RungRef[]> {
    const [cal, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const horizons = new Map<string, ReturnType<typeof rungHorizon>>();
    const groups: Record<'warn' | 'due' | 'escalation', RungBound[]> = { warn: [], due: [], escalation: [] };
    for (const p of policies.filter(only)) {
      for (const r of p.ladder ?? DEFAULT_LADDER) {
        const k = `${r.rung}:${r.offset}`;
        const h = horizons.get(k) ?? horizons.set(k, rungHorizon(cal, r, now)).get(k)!;
        groups[r.rung === 'warn' || r.rung === 'due' ? r.rung : 'escalation'].push({ policyId: p.id, rung: r.rung, dueAt: h.dueAt, dueDate: h.dueDate });
      }
    }
    const rows = await this.clocks.unclaimedPast(now, groups, limit);
    return rows.map((d) => ({ deadlineId: d.id, version: d.version, rung: d.rung }));
  }
}
