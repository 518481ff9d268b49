// Prisma adapter of CaseViews: the case list (with its SQL for the nearest-deadline order), a case's row, clocks and
// timeline. Reads only.
import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import { Prisma } from '#prisma-client';
import { CASE_COUNT_CAP, CaseViews, type CaseEventRow, type CaseListQuery, type CaseListRow, type CaseRow, type DeadlineRow } from '../application/ports.js';

type Row = Prisma.CaseGetPayload<object>;
const num = (d: Prisma.Decimal | null) => (d === null ? null : Number(d));
const caseRow = (r: Row): CaseRow => ({
  id: r.id, caseNo: r.caseNo, type: r.type, channel: r.channel, status: r.status, regime: r.regime, receivedAt: r.receivedAt, registeredAt: r.registeredAt,
  complainantName: r.complainantName, complainantPhone: r.complainantPhone, complainantAddress: r.complainantAddress,
  respondentName: r.respondentName, respondentCreditCode: r.respondentCreditCode, respondentRegionCode: r.respondentRegionCode,
  respondentTownshipCode: r.respondentTownshipCode, respondentAddress: r.respondentAddress, respondentPlatform: r.respondentPlatform,
  categoryCode: r.categoryCode, problemType: r.problemType, description: r.description, request: r.request, amount: num(r.amount), assignedUnitId: r.assignedUnitId,
  declineGround: r.declineGround, outcome: r.outcome, closeGround: r.closeGround, recoveredAmount: num(r.recoveredAmount), satisfaction: r.satisfaction, overdue: r.overdue,
  realName: r.realName, violationRegionCode: r.violationRegionCode, returnCount: r.returnCount, pingPong: r.pingPong, reportDecision: r.reportDecision,
  transferredOutTo: r.transferredOutTo, answer: r.answer, mergedIntoId: r.mergedIntoId,
});
const DEADLINE = {
  id: true, caseId: true, step: true, state: true, startDate: true, amount: true, unit: true, dueDate: true, dueAt: true, legalBasis: true,
  calendarGap: true, metAt: true, overdueAt: true, version: true,
} as const;

/** LIKE pattern with the wildcards of user input escaped (Prisma's contains/startsWith do the same). */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@Injectable()
export class PrismaCaseViews extends CaseViews {
  constructor(private readonly prisma: PrismaService) { super(); }

  async row(id: string): Promise<CaseRow | null> {
    const r = await this.prisma.case.findUnique({ where: { id } });
    return r && caseRow(r);
  }
  deadlines(caseId: string): Promise<DeadlineRow[]> {
    return this.prisma.deadline.findMany({ where: { caseId }, select: DEADLINE });
  }
  byPhone(phone: string) {
    return this.prisma.case.findMany({ where: { complainantPhone: phone }, select: { id: true, type: true, assignedUnitId: true }, take: 1000 });
  }
  events(caseId: string): Promise<CaseEventRow[]> {
    return this.prisma.caseEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' }, select: { seq: true, type: true, at: true, actorId: true, unitId: true, rule: true, note: true, data: true } });
  }

  async list(q: CaseListQuery): Promise<{ total: number; capped: boolean; rows: CaseListRow[] }> {
    // Co-units (协办) list the cases they have a part in.
    const coCases = q.visible?.size
      ? (await this.prisma.caseCoUnit.findMany({ where: { unitId: { in: [...q.visible] } }, select: { caseId: true } })).map((r) => r.caseId)
      : [];
    const conds = sqlConds(q, coCases);
    // Round trips are what a loaded machine makes slow (each one waits for a core): the count runs beside the page
    // wherever the page does not depend on it; a q search picks its plan by how many cases match, so it waits.
    const counting = this.count(q, coCases);
    const [counted, rows] = await Promise.all([counting, q.sort === 'deadline'
      ? this.byNearestDeadline(q, conds, counting)
      : q.q
        ? counting.then((n) => this.searchPage(q, conds, n))
        : this.newest(q, coCases)]);
    return { total: Math.min(counted, CASE_COUNT_CAP), capped: counted > CASE_COUNT_CAP, rows };
  }

  /**
   * Matching cases up to the cap (a count over a million rows costs more than the page). The co-handled cases are
   * counted apart (those not assigned to a visible unit): an OR over ids would turn the unit's count from an
   * index-only scan into a heap visit per matching case (~6,000 pages for a county's inbox, issue 15 §1).
   */
  private async count(q: CaseListQuery, coCases: string[]): Promise<number> {
    const own = Prisma.join(sqlConds(q, []).concat(Prisma.sql`true`), ' AND ');
    const [{ n }] = await this.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (SELECT 1 FROM cases c WHERE ${own} LIMIT ${CASE_COUNT_CAP + 1}) x`;
    if (!coCases.length) return n!;
    const rest = Prisma.join(sqlConds({ ...q, visible: null }, []).concat(Prisma.sql`true`), ' AND ');
    const [{ m }] = await this.prisma.$queryRaw<{ m: number }[]>`
      SELECT count(*)::int AS m FROM cases c WHERE c.id = ANY(${coCases}::uuid[])
        AND NOT coalesce(c.assigned_unit_id = ANY(${[...q.visible!]}::uuid[]), false) AND ${rest}`;
    return n! + m!;
  }

  /** Newest first, along cases_received_at_idx, with the page's columns in the same round trip (no q here). */
  private newest(q: CaseListQuery, coCases: string[]): Promise<CaseListRow[]> {
    const conds = sqlConds({ ...q, q: undefined }, coCases);
    const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, ' AND ')}` : Prisma.empty;
    return this.page(
      Prisma.sql`SELECT c.id, row_number() OVER (ORDER BY c.received_at DESC, c.case_no DESC) AS n
        FROM (SELECT c.id, c.received_at, c.case_no FROM cases c ${where} ORDER BY c.received_at DESC, c.case_no DESC LIMIT ${q.take} OFFSET ${q.skip}) c`);
  }

  /**
   * A q search, newest first. Walking cases_received_at_idx backwards and filtering is fast when matches are recent
   * and ruinous when they are old (a 6-digit case-number prefix of last year read 490,000 rows, 4 s: the planner
   * assumes the match is spread evenly over time). So: walk only the newest cases (LIST_PLANS) — the page is exact
   * if it fills from them — else take every match from the trigram / prefix indexes and sort (bounded by a
   * bitmap scan of the table, ~0.3 s, when almost everything matches).
   */
  private async searchPage(q: CaseListQuery, conds: Prisma.Sql[], matching: number): Promise<CaseListRow[]> {
    const where = Prisma.join(conds, ' AND ');
    if (matching >= LIST_PLANS.searchBroad) {
      const walked = await this.prisma.$queryRaw<{ id: string }[]>`
        SELECT c.id FROM (SELECT * FROM cases ORDER BY received_at DESC, case_no DESC LIMIT ${LIST_PLANS.searchWalk}) c
        WHERE ${where} ORDER BY c.received_at DESC, c.case_no DESC LIMIT ${q.take} OFFSET ${q.skip}`;
      if (walked.length === q.take) return this.inOrder(walked);
    }
    // "+ interval '0'" keeps the planner off the backward index walk: the matches come from the bitmap of q's indexes.
    const ids = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM cases c WHERE ${where}
      ORDER BY c.received_at + interval '0' DESC, c.case_no DESC LIMIT ${q.take} OFFSET ${q.skip}`;
    return this.inOrder(ids);
  }

  /**
   * One page ordered by each case's nearest open deadline (running or overdue, not met), the same filters as the
   * Prisma where above, in SQL: the order needs an aggregate over deadlines, which Prisma's orderBy cannot express.
   */
  private async byNearestDeadline(q: CaseListQuery, conds: Prisma.Sql[], counting: Promise<number>): Promise<CaseListRow[]> {
    const open = Prisma.sql`d.met_at IS NULL AND d.state IN ('running', 'overdue')`;
    const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, ' AND ')}` : Prisma.empty;
    const take = q.take;
    const skip = q.skip;
    // First the nearest open clocks (LIST_PLANS) in due order (deadlines_open_due_idx), each case at its earliest
    // clock: where matching cases are dense among the nearest clocks (the 待分派 pool) the page comes from them,
    // in proportion to the page. Exact if it fills before the last clock walked (a tie at that instant may continue).
    // Only the rows up to the page's end come back (they are in due order, so the settled ones are a prefix): the
    // pool's 400 rows through Prisma's decoding cost more CPU than the query.
    const walk = await this.prisma.$queryRaw<{ id: string; due_at: Date; edge: Date | null; walked: number }[]>`
      WITH w AS MATERIALIZED (
        SELECT d.id, d.case_id, d.due_at FROM deadlines d WHERE ${open} ORDER BY d.due_at, d.id LIMIT ${LIST_PLANS.clockWalk})
      SELECT c.id, w.due_at, (SELECT max(due_at) FROM w) AS edge, (SELECT count(*) FROM w)::int AS walked
      FROM w JOIN cases c ON c.id = w.case_id
      ${where}${conds.length ? Prisma.sql` AND` : Prisma.sql` WHERE`} NOT EXISTS (
        SELECT 1 FROM deadlines d WHERE d.case_id = w.case_id AND ${open} AND (d.due_at, d.id) < (w.due_at, w.id))
      ORDER BY w.due_at, c.received_at DESC, c.case_no DESC
      LIMIT ${skip + take}`;
    const complete = walk.length > 0 && walk[0]!.walked < LIST_PLANS.clockWalk;
    const settled = complete ? walk : walk.filter((r) => r.due_at < walk[0]!.edge!);
    if (settled.length >= skip + take) return this.inOrder(settled.slice(skip, skip + take));
    const matching = await counting;
    if (matching <= LATERAL_UP_TO) {
      // Few matching cases (a small unit): each one's nearest open clock, probed in deadlines_open_case_due_idx.
      // More (a county's inbox, ~7,500): the open clocks are read once, grouped by case and hash-joined — ~400
      // buffers instead of two per case (15,000), and the cases from cases_unit_status_cover_idx without the heap.
      const nearest = matching <= LATERAL_UP_TO / 20
        ? Prisma.sql`LEFT JOIN LATERAL (SELECT min(d.due_at) AS next_due FROM deadlines d WHERE d.case_id = c.id AND ${open}) nd ON true`
        : Prisma.sql`LEFT JOIN (SELECT d.case_id, min(d.due_at) AS next_due FROM deadlines d WHERE ${open} GROUP BY d.case_id) nd ON nd.case_id = c.id`;
      const few = await this.prisma.$queryRaw<{ id: string }[]>`
        SELECT c.id FROM cases c ${nearest}
        ${where}
        ORDER BY nd.next_due ASC NULLS LAST, c.received_at DESC, c.case_no DESC
        LIMIT ${take} OFFSET ${skip}`;
      return this.inOrder(few);
    }
    // Many matching cases: two phases instead of one lateral min() per matching case (27 s over the 930,000 closed
    // cases of the 1,000,000-case bench, issue 15 §1): (a) the cases with an open clock, in clock order — they are few (a
    // live clock belongs to an open case), found from the partial index deadlines_open_case_due_idx; (b) the page's
    // rest from the cases without one, newest first along cases_received_at_idx. Same order as before.
    const ids = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM cases c JOIN deadlines d ON d.case_id = c.id AND ${open}
      ${where}
      GROUP BY c.id
      ORDER BY min(d.due_at) ASC, c.received_at DESC, c.case_no DESC
      LIMIT ${take} OFFSET ${skip}`;
    if (ids.length < take) {
      // How many cases phase (a) holds in all: known from this page unless the page starts past them.
      const withClock = ids.length
        ? skip + ids.length
        : Number((await this.prisma.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM (SELECT c.id FROM cases c JOIN deadlines d ON d.case_id = c.id AND ${open} ${where} GROUP BY c.id) x`)[0]!.n);
      const none = Prisma.sql`NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.case_id = c.id AND ${open})`;
      const rest = await this.prisma.$queryRaw<{ id: string }[]>`
        SELECT c.id FROM cases c WHERE ${Prisma.join([...conds, none], ' AND ')}
        ORDER BY c.received_at DESC, c.case_no DESC
        LIMIT ${take - ids.length} OFFSET ${Math.max(0, skip - withClock)}`;
      ids.push(...rest);
    }
    return this.inOrder(ids);
  }

  private inOrder(ids: { id: string }[]): Promise<CaseListRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.page(Prisma.sql`SELECT id, n FROM unnest(${ids.map((r) => r.id)}::uuid[]) WITH ORDINALITY AS p(id, n)`);
  }

  /**
   * The page's cases in the order `ids` (id, n) gives, each with its nearest open clock and whether it is linked to
   * a report (CaseAccess.linkedToReport's rule: a complaint+report link, or a conversion into a report): one round
   * trip instead of three or four (the rows, their clocks, their links, the converted cases' types), and only the
   * columns the list shows.
   */
  private async page(ids: Prisma.Sql): Promise<CaseListRow[]> {
    const rows = await this.prisma.$queryRaw<(Omit<CaseListRow, 'nextDeadline'> & { ndStep: string | null; ndDueAt: Date | null; ndState: string | null })[]>`
      SELECT c.id, c.case_no AS "caseNo", c.type, c.channel, c.status, c.received_at AS "receivedAt", c.complainant_name AS "complainantName",
        c.real_name AS "realName", c.respondent_name AS "respondentName", c.category_code AS "categoryCode", c.assigned_unit_id AS "assignedUnitId",
        c.overdue, nd.step AS "ndStep", nd.due_at AS "ndDueAt", nd.state AS "ndState",
        (c.type <> 'report' AND EXISTS (
          SELECT 1 FROM case_links l WHERE l.case_id = c.id AND (l.kind = 'complaintReport'
            OR (l.kind = 'convertedTo' AND EXISTS (SELECT 1 FROM cases o WHERE o.id = l.other_case_id AND o.type = 'report'))))) AS "linkedToReport"
      FROM (${ids}) p JOIN cases c ON c.id = p.id
      LEFT JOIN LATERAL (
        SELECT d.step, d.due_at, d.state FROM deadlines d
        WHERE d.case_id = c.id AND d.met_at IS NULL AND d.state IN ('running', 'overdue') ORDER BY d.due_at LIMIT 1) nd ON true
      ORDER BY p.n`;
    return rows.map(({ ndStep, ndDueAt, ndState, ...r }) => ({ ...r, nextDeadline: ndStep ? { step: ndStep, dueAt: ndDueAt!, state: ndState! } : null }));
  }
}

/** Up to this many matching cases, the nearest-deadline list probes each case's clocks; beyond, it starts from the open clocks. */
const LATERAL_UP_TO = CASE_COUNT_CAP;
/** How far the list's plans walk before they fall back (tests lower them to reach every plan with little data). */
export const LIST_PLANS = {
  /** The nearest open clocks the nearest-deadline list tries first (about 5 buffers each). */
  clockWalk: 400,
  /** The newest cases a q search walks before it takes every match from the indexes. */
  searchWalk: 2_000,
  /** From this many matches a q search tries the walk (spread evenly, the 2,000 newest of 1,000,000 hold ~20 of 10,000). */
  searchBroad: CASE_COUNT_CAP + 1,
};

/** The list's filters in SQL over cases c (the Prisma where of list(), for the raw-SQL orders). */
function sqlConds(q: CaseListQuery, coCases: string[]): Prisma.Sql[] {
  const conds: Prisma.Sql[] = [];
  // The co-handled cases as ids (not EXISTS over case_co_units): the OR then stays an index condition.
  if (q.visible) conds.push(!q.visible.size
    ? Prisma.sql`false`
    : coCases.length
      ? Prisma.sql`(c.assigned_unit_id = ANY(${[...q.visible]}::uuid[]) OR c.id = ANY(${coCases}::uuid[]))`
      : Prisma.sql`c.assigned_unit_id = ANY(${[...q.visible]}::uuid[])`);
  if (q.unitId !== undefined) conds.push(Prisma.sql`c.assigned_unit_id = ${q.unitId}::uuid`);
  if (q.status?.length) conds.push(Prisma.sql`c.status = ANY(${q.status}::text[])`);
  if (q.type) conds.push(Prisma.sql`c.type = ${q.type}`);
  if (q.overdue !== undefined) conds.push(Prisma.sql`c.overdue = ${q.overdue}`);
  if (q.q) {
    const like = likeEscape(q.q);
    conds.push(Prisma.sql`(c.case_no LIKE ${`${like}%`} OR c.respondent_name LIKE ${`%${like}%`} OR c.id = ANY(${q.byIdentity}::uuid[]))`);
  }
  return conds;
}
