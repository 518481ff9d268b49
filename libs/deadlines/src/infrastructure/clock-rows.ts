import { Injectable } from '@nestjs/common';
import { currentRequestId, type Tx } from '#platform';
import { Prisma } from '#prisma-client';

/** A clock row as a subject adapter builds it (subject ids, policy, times, state). */
export type ClockRow = Prisma.DeadlineCreateManyInput;
/** A clock of an aggregate saved whole: its row, its pauses and its extensions (upserted by id; never deleted). */
export interface SavedClock {
  row: ClockRow & { id: string };
  pauses: readonly Omit<Prisma.DeadlinePauseUncheckedCreateInput, 'deadlineId'>[];
  extensions: readonly Omit<Prisma.DeadlineExtensionUncheckedCreateInput, 'deadlineId'>[];
}
/** The columns a subject may change on a clock it already has (re-projection, revival). */
export type ClockChange = Pick<
  Prisma.DeadlineUncheckedUpdateInput,
  'step' | 'policyId' | 'legalBasis' | 'startAt' | 'startDate' | 'amount' | 'unit' | 'extended' | 'dueDate' | 'dueAt' | 'state' | 'version' | 'calendarGap' | 'metAt' | 'overdueAt'
>;

/**
 * The one writer of `deadlines` and of a clock's pauses and extensions in the code (issue 12: one writer per table;
 * the supervision-reply and ODR-window clocks are also written by database triggers). Subject adapters (case
 * repository, report dues) and the engine's claim write clocks only through it, always in the caller's transaction;
 * single-statement writers compose its SQL fragments instead of naming the table themselves.
 */
@Injectable()
export class ClockRows {
  /**
   * A new clock's row with the request id it is written under (the API's request, a job's): the horizon sweep gives
   * the rungs it arms later that id, as the relay does for the near ones (issue 15 §3). Rows inserted by
   * insertFromJson must be made by it.
   */
  static stamped<T extends { version?: number }>(row: T): T & { correlationId: string | null; correlationVersion: number } {
    return { ...row, correlationId: currentRequestId() ?? null, correlationVersion: row.version ?? 1 };
  }

  /**
   * The body of a data-modifying CTE inserting the clocks given as a jsonb array of snake_case rows (all columns;
   * made by `stamped`) in the statement parameter `param` (e.g. `$2`): for single-statement writes such as case
   * registration.
   */
  static insertFromJson(param: string): string {
    if (!/^\$\d+$/.test(param)) throw new Error(`ClockRows.insertFromJson: a statement parameter, not ${param}`);
    return `INSERT INTO deadlines SELECT * FROM jsonb_populate_recordset(null::deadlines, ${param}::jsonb) RETURNING 1`;
  }

  /**
   * The body of a data-modifying CTE turning the claimed firings of CTE `fx` (columns `deadline_id`, `version`,
   * `state`, `new_state`) overdue at `now`, if still at that version and state; returns `id, case_id, report_due_id`.
   */
  static markOverdueFrom(now: Date): Prisma.Sql {
    return Prisma.sql`UPDATE deadlines d SET state = fx.new_state, overdue_at = ${now}::timestamptz FROM fx
               WHERE fx.new_state IS NOT NULL AND d.id = fx.deadline_id AND d.version = fx.version AND d.state = fx.state
               RETURNING d.id, d.case_id, d.report_due_id`;
  }

  /**
   * The body of a data-modifying CTE cancelling the running clocks of the report dues `dueIds` (a subquery) due after
   * `now`, bumping their version; returns `report_due_id`.
   */
  static cancelReportDuesAhead(dueIds: Prisma.Sql, now: Date): Prisma.Sql {
    return Prisma.sql`UPDATE deadlines SET state = 'cancelled', version = version + 1
        WHERE report_due_id IN (${dueIds}) AND state = 'running' AND due_at > ${now}
        RETURNING report_due_id`;
  }

  /** New clocks. */
  async insert(tx: Tx, rows: ClockRow[]): Promise<void> {
    if (rows.length) await tx.deadline.createMany({ data: rows.map((r) => ClockRows.stamped(r)) });
  }

  /**
   * An aggregate's clocks as they are now, with their pauses and extensions (each upserted by id). A clock whose
   * version this save set takes the request's id; one saved unchanged keeps the id of the command that set it.
   */
  async save(tx: Tx, clocks: readonly SavedClock[]): Promise<void> {
    for (const c of clocks) await tx.deadline.upsert({ where: { id: c.row.id }, create: c.row, update: c.row });
    // New clocks too (no version stamped yet).
    await this.stampNewVersions(tx, clocks.map((c) => c.row.id));
    for (const c of clocks) {
      for (const p of c.pauses) {
        const row = { ...p, deadlineId: c.row.id };
        await tx.deadlinePause.upsert({ where: { id: p.id }, create: row, update: row });
      }
      for (const e of c.extensions) {
        const row = { ...e, deadlineId: c.row.id };
        await tx.deadlineExtension.upsert({ where: { id: e.id }, create: row, update: row });
      }
    }
  }

  /** Changes a clock the caller has locked (or may change unconditionally). */
  async change(tx: Tx, id: string, data: ClockChange): Promise<void> {
    await tx.deadline.update({ where: { id }, data });
    await this.stampNewVersions(tx, [id]);
  }

  /** The clocks of `ids` whose version is not the one their request id was taken at take the current request's id. */
  private async stampNewVersions(tx: Tx, ids: string[]): Promise<void> {
    if (!ids.length) return;
    await tx.$executeRaw`UPDATE deadlines SET correlation_id = ${currentRequestId() ?? null}, correlation_version = version
      WHERE id = ANY(${ids}::uuid[]) AND correlation_version IS DISTINCT FROM version`;
  }

  /** A fired clock turned overdue by the engine's claim (`state` is the rung's new state). */
  async markOverdue(tx: Tx, id: string, state: string, now: Date): Promise<void> {
    await tx.deadline.update({ where: { id }, data: { state, overdueAt: now } });
  }

  /**
   * Meets a clock still at `version` and unmet, bumping the version (every armed rung job turns stale). A clock met
   * after its due instant stays `overdue`, with met_at set. False when it was not at that version any more.
   */
  async meet(tx: Tx, id: string, version: number, onTime: boolean, at: Date): Promise<boolean> {
    const n = await tx.deadline.updateMany({ where: { id, version, metAt: null }, data: { state: onTime ? 'met' : 'overdue', metAt: at, version: version + 1 } });
    return n.count === 1;
  }

  /** Cancels the running clocks of the report dues `dueIds`, bumping their version. */
  async cancelReportDues(tx: Tx, dueIds: string[]): Promise<void> {
    await tx.deadline.updateMany({ where: { reportDueId: { in: dueIds }, state: 'running' }, data: { state: 'cancelled', version: { increment: 1 } } });
  }
}
