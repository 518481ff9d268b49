import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { AppEnv, PrismaService } from '#platform';
import { COUNTERS, COUNTER_COLUMNS, type Counters, type DayRange, type OwnSums, addMonths } from '../domain/index.js';

// node-postgres returns DATE as a local-time Date by default; the hot path never reads one, but keep it text.
const DATE_OID = 1082;

export interface OverdueCase {
  id: string;
  caseNo: string;
  type: string;
  unitId: string | null;
  kind: string;
  dueAt: Date;
  /** Who signed (or accepted) the case in its unit: the person answerable for it there; null before signing. */
  handler: string | null;
}

/** Steps the intake unit's operators do (domain.md: 回访), whatever unit handled the case. */
export const OPERATOR_STEPS = ['callback'];

/**
 * Reads the rollup: whole months from analytics_unit_months, the partial months at either end from
 * analytics_unit_days; never a scan of cases or events. The hot read goes through a small pg pool (Prisma's
 * raw-row mapping costs more than the query itself here).
 */
@Injectable()
export class IndicatorStore implements OnModuleDestroy {
  private readonly log = new Logger('indicators');
  private readonly pool: pg.Pool;

  constructor(private readonly prisma: PrismaService, env: AppEnv) {
    this.pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: 4, types: { getTypeParser: (oid, format) => (oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format)) } as pg.CustomTypesConfig });
    // An idle client the server drops (restart, pg_terminate_backend) is reported here; without a listener the
    // process would crash. The pool replaces the client on the next query.
    this.pool.on('error', (e) => this.log.warn(`idle analytics connection lost: ${e.message}`));
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.end();
  }

  /** Own (not rolled-up) counters per unit, optionally per month, over [from, to). */
  async sums(range: DayRange, byMonth: boolean, unitIds: readonly string[] | null = null): Promise<OwnSums[]> {
    // [from, mFrom) and [mTo, to) come from days; [mFrom, mTo) from whole months.
    let mFrom = range.from.endsWith('-01') ? range.from : addMonths(range.from, 1);
    let mTo = `${range.to.slice(0, 7)}-01`;
    if (mFrom >= mTo) { mFrom = range.to; mTo = range.to; }
    const sums = COUNTERS.map((k) => `SUM(${COUNTER_COLUMNS[k]})::bigint AS "${k}"`).join(', ');
    const cols = COUNTERS.map((k) => COUNTER_COLUMNS[k]).join(', ');
    // Only non-empty pieces, each a plain range (an OR of two day ranges made the planner scan the day table).
    const params: unknown[] = [];
    const p = (v: unknown, cast: string) => { params.push(v); return `$${params.length}::${cast}`; };
    const unitFilter = () => (unitIds ? `AND unit_id = ANY(${p(unitIds, 'uuid[]')})` : '');
    const parts: string[] = [];
    if (mFrom < mTo) parts.push(`SELECT unit_id, to_char(month, 'YYYY-MM') AS m, ${cols} FROM analytics_unit_months WHERE month >= ${p(mFrom, 'date')} AND month < ${p(mTo, 'date')} ${unitFilter()}`);
    if (range.from < mFrom) parts.push(`SELECT unit_id, to_char(day, 'YYYY-MM') AS m, ${cols} FROM analytics_unit_days WHERE day >= ${p(range.from, 'date')} AND day < ${p(mFrom, 'date')} ${unitFilter()}`);
    if (mTo < range.to) parts.push(`SELECT unit_id, to_char(day, 'YYYY-MM') AS m, ${cols} FROM analytics_unit_days WHERE day >= ${p(mTo, 'date')} AND day < ${p(range.to, 'date')} ${unitFilter()}`);
    if (!parts.length) return [];
    const { rows } = await this.pool.query<Record<string, unknown>>(
      `SELECT unit_id, ${byMonth ? 'm' : 'NULL::text'} AS month, ${sums} FROM (${parts.join(' UNION ALL ')}) x GROUP BY 1, 2`, params);
    return rows.map((r) => ({
      unitId: r.unit_id as string,
      month: (r.month as string | null) ?? null,
      counters: Object.fromEntries(COUNTERS.map((k) => [k, Number(r[k])])) as Counters,
    }));
  }

  /**
   * 超期件数: open steps past their deadline now (state overdue and not met), per responsible unit: the assigned unit,
   * except for an operator step (回访) which is the intake unit's (`operatorUnitId`), never the district's.
   */
  async overdueCounts(operatorUnitId: string | null): Promise<Map<string, number>> {
    const rows = await this.prisma.$queryRawUnsafe<{ unit_id: string; n: bigint }[]>(
      `SELECT u AS unit_id, COUNT(DISTINCT id)::bigint AS n FROM (
         SELECT c.id, CASE WHEN d.step = ANY($1::text[]) THEN $2::uuid ELSE c.assigned_unit_id END AS u
           FROM deadlines d JOIN cases c ON c.id = d.case_id
          WHERE d.state = 'overdue' AND d.met_at IS NULL) x
        WHERE u IS NOT NULL
        GROUP BY 1`, OPERATOR_STEPS, operatorUnitId);
    return new Map(rows.map((r) => [r.unit_id, Number(r.n)]));
  }

  /** The overdue cases of these units (the earliest overdue step of each), with who signed the case there. */
  async overdueCases(unitIds: readonly string[], operatorUnitId: string | null, limit = 500): Promise<OverdueCase[]> {
    const rows = await this.prisma.$queryRawUnsafe<{ id: string; case_no: string; type: string; unit_id: string | null; kind: string; due_at: Date; handler: string | null }[]>(
      `SELECT x.*, (SELECT u.display_name FROM case_events e JOIN users u ON u.id = e.actor_id
                      WHERE e.case_id = x.id AND e.type IN ('CaseSigned', 'CaseAccepted') AND e.unit_id = x.unit_id
                      ORDER BY e.seq DESC LIMIT 1) AS handler
         FROM (SELECT DISTINCT ON (c.id) c.id, c.case_no, c.type,
                      CASE WHEN d.step = ANY($2::text[]) THEN $3::uuid ELSE c.assigned_unit_id END AS unit_id, d.step AS kind, d.due_at
                 FROM deadlines d JOIN cases c ON c.id = d.case_id
                WHERE d.state = 'overdue' AND d.met_at IS NULL
                  AND CASE WHEN d.step = ANY($2::text[]) THEN $3::uuid ELSE c.assigned_unit_id END = ANY($1::uuid[])
                ORDER BY c.id, d.due_at) x
        LIMIT $4`, unitIds, OPERATOR_STEPS, operatorUnitId, limit);
    return rows.map((r) => ({ id: r.id, caseNo: r.case_no, type: r.type, unitId: r.unit_id, kind: r.kind, dueAt: r.due_at, handler: r.handler }))
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }
}
