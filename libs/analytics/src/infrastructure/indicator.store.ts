import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import { COUNTERS, COUNTER_COLUMNS, type Counters, type DayRange, type OwnSums } from '../domain/index.js';

export interface OverdueCase {
  id: string;
  caseNo: string;
  type: string;
  unitId: string | null;
  kind: string;
  dueAt: Date;
}

/** Reads the rollup: sums of daily rows, never a scan of cases or events. */
@Injectable()
export class IndicatorStore {
  constructor(private readonly prisma: PrismaService) {}

  /** Own (not rolled-up) counters per unit, optionally per month, over [from, to). */
  async sums(range: DayRange, byMonth: boolean, unitIds: readonly string[] | null = null): Promise<OwnSums[]> {
    const month = byMonth ? `to_char(day, 'YYYY-MM')` : 'NULL::text';
    const rows = await this.prisma.$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT unit_id, ${month} AS month, ${COUNTERS.map((k) => `SUM(${COUNTER_COLUMNS[k]})::bigint AS "${k}"`).join(', ')}
         FROM analytics_unit_days
        WHERE day >= $1::date AND day < $2::date ${unitIds ? 'AND unit_id = ANY($3::uuid[])' : ''}
        GROUP BY 1, 2`,
      ...(unitIds ? [range.from, range.to, unitIds] : [range.from, range.to]));
    return rows.map((r) => ({
      unitId: r.unit_id as string,
      month: (r.month as string | null) ?? null,
      counters: Object.fromEntries(COUNTERS.map((k) => [k, Number(r[k])])) as Counters,
    }));
  }

  /** 超期件数: open steps past their deadline now (state overdue and not met), per assigned unit. */
  async overdueCounts(): Promise<Map<string, number>> {
    const rows = await this.prisma.$queryRawUnsafe<{ unit_id: string; n: bigint }[]>(
      `SELECT c.assigned_unit_id AS unit_id, COUNT(DISTINCT c.id)::bigint AS n
         FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.state = 'overdue' AND d.met_at IS NULL AND c.assigned_unit_id IS NOT NULL
        GROUP BY 1`);
    return new Map(rows.map((r) => [r.unit_id, Number(r.n)]));
  }

  async overdueCases(unitIds: readonly string[], limit = 500): Promise<OverdueCase[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string; case_no: string; type: string; unit_id: string | null; kind: string; due_at: Date }[]>(
      `SELECT DISTINCT ON (c.id) c.id, c.case_no, c.type, c.assigned_unit_id AS unit_id, d.kind, d.due_at
         FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.state = 'overdue' AND d.met_at IS NULL AND c.assigned_unit_id = ANY($1::uuid[])
        ORDER BY c.id, d.due_at
        LIMIT $2`, unitIds, limit);
    return rows.map((r) => ({ id: r.id, caseNo: r.case_no, type: r.type, unitId: r.unit_id, kind: r.kind, dueAt: r.due_at }))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }
}
