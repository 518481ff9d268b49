import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import { endOfChinaDay } from '../domain/china-time.js';
import type { PeriodUnit } from '../domain/period.js';
import type { RungName } from '../domain/rung.js';
import { type ClockRung, type LiveClock, LiveClocks, type RungBound, type RungRange } from '../application/engine/live-clocks.js';

const SELECT = { id: true, version: true, dueAt: true, dueDate: true, unit: true, policyId: true, state: true, correlationId: true, correlationVersion: true } as const;
type Picked = { id: string; version: number; dueAt: Date; dueDate: Date; unit: string; policyId: string; state: string; correlationId: string | null; correlationVersion: number | null };
const live = (d: Picked): LiveClock => ({
  id: d.id, version: d.version, state: d.state as LiveClock['state'], dueAt: d.dueAt, dueDate: d.dueDate.toISOString().slice(0, 10),
  unit: d.unit as PeriodUnit, policyId: d.policyId,
  // The id belongs to the version it was taken at: a later version was set by a command whose id is not known here.
  ...(d.correlationId && d.correlationVersion === d.version ? { correlationId: d.correlationId } : {}),
});

@Injectable()
export class PrismaLiveClocks extends LiveClocks {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async page(state: 'running' | 'overdue', a: LiveClock | null, take: number): Promise<LiveClock[]> {
    const rows = await this.prisma.deadline.findMany({
      where: { state, metAt: null, ...(a ? { OR: [{ dueAt: { gt: a.dueAt } }, { dueAt: a.dueAt, id: { gt: a.id } }] } : {}) },
      select: SELECT,
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      take,
    });
    return rows.map(live);
  }

  async ofPolicy(policyId: string, afterId: string, take: number): Promise<LiveClock[]> {
    const rows = await this.prisma.deadline.findMany({
      where: { policyId, id: { gt: afterId }, metAt: null, state: { in: ['running', 'overdue'] } },
      select: SELECT,
      orderBy: { id: 'asc' },
      take,
    });
    return rows.map(live);
  }

  /**
   * One range on the (state, due_at) index spanning every rung's range (a day clock's due instant lies on its due
   * date: the range of its policy's rung is that of the dates'), the exact range of the clock's policy, rung and unit
   * checked per row; keyset on (due_at, id, rung).
   */
  async inWindow(ranges: readonly RungRange[], after: ClockRung | null, take: number): Promise<ClockRung[]> {
    const span = ranges.map((r) => r.unit === 'hours'
      ? [r.after.dueAt.getTime(), r.upTo.dueAt.getTime()]
      : [endOfChinaDay(r.after.dueDate).getTime(), endOfChinaDay(r.upTo.dueDate).getTime()]);
    if (!span.length) return [];
    const params: unknown[] = [
      ranges.map((r) => r.policyId), ranges.map((r) => r.rung), ranges.map((r) => r.after.dueAt.toISOString()),
      ranges.map((r) => r.upTo.dueAt.toISOString()), ranges.map((r) => r.after.dueDate), ranges.map((r) => r.upTo.dueDate),
      ranges.map((r) => r.overdueToo), new Date(Math.min(...span.map((x) => x[0]!))), new Date(Math.max(...span.map((x) => x[1]!))),
    ];
    const cursor = after ? `AND (d.due_at, d.id, t.rung) > ($${params.push(after.dueAt)}, $${params.push(after.id)}::uuid, $${params.push(after.rung)})` : '';
    const rows = await this.prisma.$queryRawUnsafe<(Picked & { rung: RungName })[]>(
      `SELECT d.id, d.version, d.due_at AS "dueAt", d.due_date AS "dueDate", d.unit, d.policy_id AS "policyId", d.state, t.rung,
              d.correlation_id AS "correlationId", d.correlation_version AS "correlationVersion"
       FROM deadlines d
       JOIN unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::date[], $6::date[], $7::bool[])
            AS t(policy_id, rung, after_at, up_to_at, after_date, up_to_date, overdue_too) ON t.policy_id = d.policy_id
       WHERE d.state IN ('running', 'overdue') AND d.due_at > $8 AND d.due_at <= $9 AND d.met_at IS NULL
         AND (d.state = 'running' OR t.overdue_too)
         AND CASE WHEN d.unit = 'hours' THEN d.due_at > t.after_at AND d.due_at <= t.up_to_at
                  ELSE d.due_date > t.after_date AND d.due_date <= t.up_to_date END
         ${cursor}
         AND NOT EXISTS (SELECT 1 FROM deadline_firings f WHERE f.deadline_id = d.id AND f.version = d.version AND f.rung = t.rung)
       ORDER BY d.due_at, d.id, t.rung LIMIT ${Number(take)}`, ...params);
    return rows.map((r) => ({ ...live(r), rung: r.rung }));
  }

  /**
   * One branch per state a rung fires in, each a range on the (state, due_at) index bounded by the latest horizon of
   * its rungs; the exact horizon per policy, rung and unit is checked per row (a day clock's due instant lies on its
   * due date, so the date bound implies the range).
   */
  async unclaimedPast(now: Date, groups: { warn: RungBound[]; due: RungBound[]; escalation: RungBound[] }, limit: number): Promise<{ id: string; version: number; rung: RungName }[]> {
    const states = {
      warn: `d.state = 'running' AND d.due_at > $1`,
      due: `d.state = 'running' AND d.due_at < $1`,
      // an escalation on a clock still running past due fires `due` first (FireDeadlineRungs)
      escalation: `d.state IN ('overdue', 'running') AND (d.state = 'overdue' OR d.due_at < $1)`,
    };
    const params: unknown[] = [now];
    const parts: string[] = [];
    for (const [g, bounds] of Object.entries(groups) as [keyof typeof groups, RungBound[]][]) {
      if (!bounds.length) continue;
      const max = new Date(Math.max(...bounds.map((b) => Math.max(b.dueAt.getTime(), endOfChinaDay(b.dueDate).getTime()))));
      const at = (v: unknown) => `$${params.push(v)}`;
      parts.push(`(SELECT d.id, d.version, t.rung, d.due_at
        FROM deadlines d
        JOIN unnest(${at(bounds.map((b) => b.policyId))}::uuid[], ${at(bounds.map((b) => b.rung))}::text[],
                    ${at(bounds.map((b) => b.dueAt.toISOString()))}::timestamptz[], ${at(bounds.map((b) => b.dueDate))}::date[])
             AS t(policy_id, rung, due_at, due_date) ON t.policy_id = d.policy_id
        WHERE ${states[g]} AND d.due_at <= ${at(max)} AND d.met_at IS NULL
          AND CASE WHEN d.unit = 'hours' THEN d.due_at <= t.due_at ELSE d.due_date <= t.due_date END
          AND NOT EXISTS (SELECT 1 FROM deadline_firings f WHERE f.deadline_id = d.id AND f.version = d.version AND f.rung = t.rung)
        ORDER BY d.due_at LIMIT ${limit})`);
    }
    if (!parts.length) return [];
    return this.prisma.$queryRawUnsafe(
      `SELECT id, version, rung FROM (${parts.join(' UNION ALL ')}) x ORDER BY due_at, id, rung LIMIT ${limit}`, ...params,
    );
  }
}
