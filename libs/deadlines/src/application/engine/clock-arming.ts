import { Injectable } from '@nestjs/common';
import { type ArmWindow, DEFAULT_LADDER, type LadderRung, liveRungs, rungFireAt, rungHorizon, rungWindow } from '../../domain/clock.js';
import { endOfChinaDay } from '../../domain/china-time.js';
import type { RungName } from '../../domain/rung.js';
import type { TimeLimitPolicy } from '../../domain/policy.js';
import { CalendarStore } from '../../infrastructure/calendar.store.js';
import type { RungRef } from './clock-subject.js';
import { type ClockRung, type LiveClock, LiveClocks, type RungBound, type RungRange } from './live-clocks.js';
import { type RungTimer, RungTimers } from './rung-timers.js';

const RECONCILE_PAGE = 2000;
const POLICY_PAGE = 2000;
const WINDOW_PAGE = 2000;

export interface PolicyRearmJob { policyId: string; version: number; removed: readonly RungName[]; moved: readonly RungName[] }
/** `deferred`: rungs (added or moved) beyond the horizon, left to the horizon sweep (a moved one's armed job is cancelled). */
export interface PolicyRearmResult { deadlines: number; armed: number; retimed: number; cancelled: number; deferred: number }

/**
 * Which rungs a live clock arms, and when (the ladder, issue 12): the engine's arming for every subject. The worker
 * calls it at start, when Redis lost its keys (`rearmAll`), after a ladder edit (`rearmPolicy`), on each horizon sweep
 * (`armWindow`) and on each catch-up sweep (`pastUnclaimed`); it only owns the queue (`RungTimers`). Only rungs up to
 * a horizon are armed (issue 15 §1; `nextArmWindow` in domain/clock.ts): `until` is now + the horizon.
 */
@Injectable()
export class ClockArming {
  constructor(private readonly clocks: LiveClocks, private readonly timers: RungTimers, private readonly calendars: CalendarStore) {}

  private timersOf(cal: Awaited<ReturnType<CalendarStore['calendar']>>, rows: readonly LiveClock[], ladderOf: (d: LiveClock) => readonly LadderRung[]): RungTimer[] {
    return rows.flatMap((d) =>
      liveRungs(cal, { state: d.state, unit: d.unit, dueAt: d.dueAt, dueDate: d.dueDate }, ladderOf(d))
        .map((r) => ({ deadlineId: d.id, version: d.version, rung: r.rung, fireAt: r.fireAt.toISOString(), ...(d.correlationId ? { correlationId: d.correlationId } : {}) })));
  }

  /**
   * Re-arms every live clock's rungs (an overdue clock only those after due), earliest wake-up first: two keyset
   * cursors on the (state, due_at) index — overdue clocks (escalations) and running ones — merged by due instant,
   * each page armed in rung-instant order. Failed jobs of the same ids are replaced. Only rungs at or before `until`
   * are armed, and the read stops at the latest due any of them can have. Returns how many rungs.
   */
  async rearmAll(until: Date): Promise<number> {
    const [cal, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const ladders = new Map(policies.map((p) => [p.id, p.ladder ?? DEFAULT_LADDER]));
    // No rung of a clock due after this is at or before `until` (rungHorizon, for every rung of every ladder).
    const untilIso = until.toISOString();
    const rungs = new Map([...ladders.values(), DEFAULT_LADDER].flat().map((r) => [`${r.rung}:${r.offset}`, r]));
    const lastDue = Math.max(0, ...[...rungs.values()].map((r) => {
      const h = rungHorizon(cal, r, until);
      return Math.max(h.dueAt.getTime(), endOfChinaDay(h.dueDate).getTime());
    }));
    const cursors = (['overdue', 'running'] as const).map((state) => ({ state, buf: [] as LiveClock[], after: null as LiveClock | null, done: false }));
    const refill = async (c: (typeof cursors)[number]) => {
      if (c.buf.length || c.done) return;
      const got = await this.clocks.page(c.state, c.after, RECONCILE_PAGE);
      c.buf = got.filter((d) => d.dueAt.getTime() <= lastDue);
      c.done = got.length < RECONCILE_PAGE || c.buf.length < got.length;
      if (got.length) c.after = got[got.length - 1]!;
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
      const items = this.timersOf(cal, page, (d) => ladders.get(d.policyId) ?? DEFAULT_LADDER)
        .filter((t) => t.fireAt <= untilIso).sort((x, y) => x.fireAt.localeCompare(y.fireAt));
      await this.timers.arm(items, { replaceFailed: true });
      n += items.length;
    }
    return n;
  }

  /**
   * An admin changed a policy's ladder: its live clocks get the new ladder now. Against the ladder as it is now,
   * whatever edit the job is for: every rung is armed (a no-op for a job still in Redis), moved rungs still on it are
   * re-timed, removed ones cancelled. Rungs are decided at firing time, so this only moves wake-ups. Rungs beyond
   * `until` are left to the horizon sweep: not armed, and a moved one's job (armed at its old, near instant) cancelled.
   */
  async rearmPolicy(job: PolicyRearmJob, until: Date): Promise<PolicyRearmResult> {
    // The edit was made by the API: this process's cached policies are older than it.
    this.calendars.invalidate();
    const [cal, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const policy = policies.find((p) => p.id === job.policyId);
    const out: PolicyRearmResult = { deadlines: 0, armed: 0, retimed: 0, cancelled: 0, deferred: 0 };
    const untilIso = until.toISOString();
    const near = (t: RungTimer) => t.fireAt <= untilIso;
    if (!policy) return out;
    const ladder = policy.ladder ?? DEFAULT_LADDER;
    const kept = new Set(ladder.map((r) => r.rung));
    const removed = job.removed.filter((r) => !kept.has(r));
    const moved = ladder.filter((r) => job.moved.includes(r.rung));
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.clocks.ofPolicy(job.policyId, after, POLICY_PAGE);
      if (!rows.length) break;
      const all = this.timersOf(cal, rows, () => ladder);
      const added = all.filter(near);
      await this.timers.arm(added);
      out.armed += added.length;
      out.deferred += all.length - added.length;
      const retimes = this.timersOf(cal, rows, () => moved);
      out.retimed += await this.timers.retime(retimes.filter(near));
      const far = retimes.filter((t) => !near(t));
      out.cancelled += await this.timers.cancel([...far, ...rows.flatMap((d) => removed.map((rung) => ({ deadlineId: d.id, version: d.version, rung })))]);
      out.deadlines += rows.length;
      after = rows[rows.length - 1]!.id;
    }
    return out;
  }

  /**
   * The horizon sweep: arms every unclaimed rung of a live clock whose instant lies in the window (`nextArmWindow`),
   * in pages by due. For each rung of each policy's ladder `rungWindow` gives the dues whose rung is in the window;
   * a window with no China midnight in it has no day-clock rung (`after` = `upTo`), so most sweeps read hour clocks
   * only. Returns how many rungs were armed (a job still in Redis is not armed twice: job ids).
   */
  async armWindow(w: ArmWindow): Promise<number> {
    if (w.to.getTime() <= w.from.getTime()) return 0;
    const [cal, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const ranges: RungRange[] = [];
    const rungOf = new Map<string, LadderRung>();
    const memo = new Map<string, ReturnType<typeof rungWindow>>();
    for (const p of policies) {
      for (const r of p.ladder ?? DEFAULT_LADDER) {
        const k = `${r.rung}:${r.offset}`;
        const b = memo.get(k) ?? memo.set(k, rungWindow(cal, r, w)).get(k)!;
        const empty = p.unit === 'hours' ? b.after.dueAt.getTime() >= b.upTo.dueAt.getTime() : b.after.dueDate >= b.upTo.dueDate;
        if (empty) continue;
        ranges.push({ policyId: p.id, rung: r.rung, unit: p.unit, overdueToo: r.offset > 0, ...b });
        rungOf.set(`${p.id}:${r.rung}`, r);
      }
    }
    if (!ranges.length) return 0;
    let n = 0;
    let after: ClockRung | null = null;
    for (;;) {
      const rows = await this.clocks.inWindow(ranges, after, WINDOW_PAGE);
      const items: RungTimer[] = [];
      for (const d of rows) {
        const r = rungOf.get(`${d.policyId}:${d.rung}`);
        // With the request id of the command that set this version (ClockRows), as the relay's jobs have it.
        if (r) items.push({ deadlineId: d.id, version: d.version, rung: d.rung, fireAt: rungFireAt(cal, d.unit, d.dueAt, d.dueDate, r).toISOString(), ...(d.correlationId ? { correlationId: d.correlationId } : {}) });
      }
      await this.timers.arm(items);
      n += items.length;
      if (rows.length < WINDOW_PAGE) return n;
      after = rows[rows.length - 1]!;
    }
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
