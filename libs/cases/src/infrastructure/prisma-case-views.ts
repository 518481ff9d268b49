// Prisma adapter of CaseViews: the case list (with its SQL for the nearest-deadline order), a case's row, clocks and
// timeline. Reads only.
import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import { Prisma } from '#prisma-client';
import type { JurisdictionDispute } from '../domain/case.types.js';
import { CASE_SEARCH_COUNT_CAP, CaseViews, countCapOf, type CaseEventRow, type CaseListPosition, type CaseListQuery, type CaseListRow, type CaseLoadRow, type CaseRow, type DeadlineRow } from '../application/ports.js';

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
  jurisdictionDispute: (r.jurisdictionDispute as JurisdictionDispute | null) ?? null,
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

  /**
   * One round trip for a list without q: the capped count and the page (its ids from the plan of its order, then the
   * page's columns) in one statement; the co-handled cases (协办) are read inside it. A q search of 3+ characters first
   * reads the names that contain it (namesContaining; not for a q of digits, whose statement checks there are none),
   * then sends one statement, sometimes two (search, searchByNearestDeadline).
   */
  async list(q: CaseListQuery): Promise<{ total: number; capped: boolean; rows: CaseListRow[] }> {
    if (q.q) {
      // A q of 3+ digits is a case number's prefix, and almost never part of a respondent's name: its list is read
      // as if no name contained it, the statement checking that it is so (namedSql) instead of a round trip before
      // it; when a name does, the list is read again with the names.
      const guess = canPrefixCaseNo(q.q) && [...q.q].length >= 3;
      const names = guess ? [] : await this.namesContaining(q.q);
      const r = await this.searchList(q, q.q, names, guess);
      return r ?? (await this.searchList(q, q.q, await this.namesContaining(q.q), false))!;
    }
    const where = Prisma.sql`WHERE ${Prisma.join([...sqlConds(q), afterReceived(q.after)], ' AND ')}`;
    // Newest first without q: along cases_received_at_idx (from the cursor's case on).
    const ids = q.sort === 'deadline'
      ? this.byNearestDeadline(q)
      : Prisma.sql`SELECT c.id, row_number() OVER (ORDER BY c.received_at DESC, c.case_no DESC) AS n
          FROM (SELECT c.id, c.received_at, c.case_no FROM cases c ${where} ORDER BY c.received_at DESC, c.case_no DESC LIMIT ${q.take} OFFSET ${q.skip}) c`;
    const { total, rows } = await this.withCount(countSql(q), ids);
    return { ...capAt(total, countCapOf(q)), rows };
  }

  /**
   * One statement: the cases the list would count for these filters, by status, with the overdue ones among them —
   * the cases of the visible units from the (unit, status) index and the overdue ones from its partial twin (migration
   * 20261214010000), both without reading the table (the overdue flag read per case took ~7 ms for a county's 7,500
   * open cases); the co-handled cases of other units apart, as the list counts them.
   */
  async load(q: Pick<CaseListQuery, 'visible' | 'unitId'> & { status: readonly string[] }): Promise<CaseLoadRow[]> {
    const base: CaseListQuery = { ...q, status: [...q.status], byIdentity: [], sort: 'received', skip: 0, take: 0 };
    const own = Prisma.join([...sqlConds(base, false), Prisma.sql`true`], ' AND ');
    const co = q.visible?.size ? Prisma.sql`
        UNION ALL
        SELECT c.status, count(*), count(*) FILTER (WHERE c.overdue) FROM cases c
        WHERE ${coHandledOnly(q.visible, sqlConds({ ...base, visible: null }))} GROUP BY c.status` : Prisma.empty;
    return this.prisma.preparedRows<CaseLoadRow>(Prisma.sql`
      SELECT status, sum(n)::int AS total, sum(o)::int AS overdue FROM (
        SELECT c.status, count(*) AS n, 0 AS o FROM cases c WHERE ${own} GROUP BY c.status
        UNION ALL
        SELECT c.status, 0, count(*) FROM cases c WHERE ${own} AND c.overdue GROUP BY c.status${co}
      ) x GROUP BY status`);
  }

  /**
   * The page's ids (id, n) in the order of each case's nearest open deadline (running or overdue, not met), then
   * newest first — from cases.next_due_at (that instant, kept by a trigger on deadlines, migration 20261207030000),
   * in proportion to the page (issue 15 §1): (a) the cases with an open clock, up to the page's end, from the small
   * partial indexes cases_unit_next_due_idx (one ordered walk per visible unit, merged) or cases_status_next_due_idx
   * (one per status); (b) only if (a) ran out before the page's end: the cases without one, newest first.
   */
  private byNearestDeadline(q: CaseListQuery): Prisma.Sql {
    const lim = q.skip + q.take;
    const all = sqlConds(q);
    const and = (cs: Prisma.Sql[]) => Prisma.join([...cs, Prisma.sql`true`], ' AND ');
    // (b)'s one-time filter skips its scan whenever (a) filled the page; when it did not, (a) holds every matching
    // case with an open clock, so its size is where (b) starts.
    const [, afterB] = afterDeadline(q.after);
    return Prisma.sql`
      WITH a AS MATERIALIZED (${this.withClock(q)}), na AS (SELECT count(*)::int AS k FROM a)
      SELECT id, n FROM (
        SELECT id, row_number() OVER (${DEADLINE_ORDER}) AS n FROM a c
        UNION ALL
        SELECT id, greatest(${q.skip}, (SELECT k FROM na)) + row_number() OVER (ORDER BY c.received_at DESC, c.case_no DESC)
        FROM (SELECT c.id, c.received_at, c.case_no FROM cases c
              WHERE (SELECT k FROM na) < ${lim} AND c.next_due_at IS NULL AND ${afterB} AND ${and(all)}
              ORDER BY c.received_at DESC, c.case_no DESC
              LIMIT ${q.take} OFFSET greatest(0, ${q.skip} - (SELECT k FROM na))) c
      ) p WHERE n > ${q.skip} AND n <= ${lim}`;
  }

  /** A q search in the list's order; null when `guess` (names: []) was wrong — a respondent name contains q. */
  private async searchList(q: CaseListQuery, text: string, names: string[] | null, guess: boolean): Promise<{ total: number; capped: boolean; rows: CaseListRow[] } | null> {
    const named = guess ? namedSql(text) : undefined;
    if (q.sort === 'deadline') return this.searchByNearestDeadline(q, text, names, named);
    const r = await this.search(q, text, names, [], true, undefined, named);
    return r.named ? null : { ...capAt(r.total, countCapOf(q)), rows: r.rows };
  }

  /**
   * A q search in the deadline order: (a) the matches with an open clock as byNearestDeadline reads them (few: only
   * open cases have one), then (b) the matches without one, newest first, by the q search's own plan (search). As
   * part of one statement, (b) walked the received_at index past every newer case to an old match (q 2025 in 2026:
   * all of this year's cases, 1.6 s at 1,000,000). (b) is sent only when (a) does not fill the page.
   */
  private async searchByNearestDeadline(q: CaseListQuery, text: string, names: string[] | null, named?: Prisma.Sql): Promise<{ total: number; capped: boolean; rows: CaseListRow[] } | null> {
    const lim = q.skip + q.take;
    const ids = Prisma.sql`SELECT id, n FROM (SELECT id, row_number() OVER (${DEADLINE_ORDER}) AS n FROM a c) p WHERE n > ${q.skip}`;
    // The total as the q search counts it, part by part from each part's index, with only the count's CTEs (the
    // others would be planned, though never run): one count over q's OR took the bitmaps of all its matches (a chain's
    // name: 33,000, 7 ms).
    const search = searchSql(q, text, 'walk', names);
    const first = await this.withCountSql({
      ctes: Prisma.sql`a AS MATERIALIZED (${this.withClock(q, names)}), ${search.countCtes}`, count: search.count, ids,
      k: Prisma.sql`(SELECT count(*)::int FROM a)`, pn: Prisma.sql`(SELECT n FROM pn)`, named,
    });
    if (first.named) return null;
    const capped = capAt(first.total, countCapOf(q));
    if (first.k >= lim) return { ...capped, rows: first.rows };
    // (b) starts where (a) ended (offset pages) or after the cursor's case if it had no clock. The prefix's count of
    // (a)'s statement (all its matches, a superset of (b)'s) chooses (b)'s plan: counted again among the cases
    // without a clock, it was a scan of the table (2 ms) for the same choice.
    const skip = Math.max(0, q.skip - first.k);
    const after = q.after && !q.after.nextDueAt ? q.after : undefined;
    const rest = await this.search({ ...q, after, skip, take: lim - Math.max(q.skip, first.k) }, text, names, [Prisma.sql`c.next_due_at IS NULL`], false, first.pn);
    return { ...capped, rows: [...first.rows, ...rest.rows] };
  }

  /** A q search newest first: the search's statement, and a second when a broad part's walk did not fill the page (its matches are older). */
  private async search(q: CaseListQuery, text: string, names: string[] | null, extra: Prisma.Sql[] = [], counted = true, prefixCount?: number, named?: Prisma.Sql) {
    const sql = (broad: 'walk' | 'sort') => {
      const s = searchSql(q, text, broad, names, extra, prefixCount);
      // Not counted (the total is the caller's): 0, and the count's CTEs are not read.
      return counted ? s : { ...s, count: Prisma.sql`0` };
    };
    const r = await this.withCountSql({ ...sql('walk'), named });
    return r.short && !r.named ? this.withCountSql(sql('sort')) : r;
  }

  /**
   * The respondent names that contain q (respondent_names, kept by triggers on cases: migration 20261210010000), if
   * q has a trigram and there are at most LIST_PLANS.searchNames of them; else null (the name part then reads the
   * cases' own trigram index).
   */
  private async namesContaining(text: string): Promise<string[] | null> {
    if ([...text].length < 3) return null;
    const rows = await this.prisma.preparedRows<{ name: string }>(Prisma.sql`
      SELECT name FROM respondent_names WHERE ${nameContains(text)} LIMIT ${LIST_PLANS.searchNames + 1}`);
    return rows.length > LIST_PLANS.searchNames ? null : rows.map((r) => r.name);
  }

  /**
   * Part (a) of the deadline order: the cases with an open clock (after a cursor: from its instant on, an index
   * condition of both indexes), in that order, up to the page's end. `names`: a q search's respondent names
   * (namesContaining), for its narrow form.
   */
  private withClock(q: CaseListQuery, names: string[] | null = null): Prisma.Sql {
    const lim = q.skip + q.take;
    const [afterA] = afterDeadline(q.after);
    const order = DEADLINE_ORDER;
    const cols = Prisma.sql`c.id, c.next_due_at, c.received_at, c.case_no`;
    const all = sqlConds(q);
    const and = (cs: Prisma.Sql[]) => Prisma.join([...cs, Prisma.sql`true`], ' AND ');
    // The driver's index walked in order and stopped at the page's end; the other filters "IS TRUE" so that the
    // planner cannot AND a bitmap of another index instead: it estimates the open statuses and an open clock as
    // independent (50 rows where a county's unit has 1,261) and sorted the bitmap (3,738 buffers per inbox page).
    let withClock: Prisma.Sql;
    if (q.visible?.size && q.unitId === undefined) {
      // Per visible unit, then the co-handled cases (few, by primary key: the planner does not know how few and
      // scanned the status index for them, 402 buffers); a co-handled case of a visible unit comes from both: UNION.
      const rest = sqlConds({ ...q, visible: null });
      withClock = Prisma.sql`
        SELECT x.* FROM unnest(${[...q.visible]}::uuid[]) u(id), LATERAL (
          SELECT ${cols} FROM cases c WHERE c.assigned_unit_id = u.id AND c.next_due_at IS NOT NULL AND ${afterA} AND (${and(rest)}) IS TRUE ${order} LIMIT ${lim}) x
        UNION
        SELECT ${cols} FROM cases c WHERE c.id = ANY(${coCasesSql(q.visible)}) AND (c.next_due_at IS NOT NULL AND ${afterA} AND ${and(rest)}) IS TRUE`;
    } else if (q.unitId !== undefined || q.status?.length) {
      const [key, values] = q.unitId !== undefined ? [Prisma.sql`c.assigned_unit_id`, Prisma.sql`ARRAY[${q.unitId}]::uuid[]`] : [Prisma.sql`c.status`, Prisma.sql`${q.status}::text[]`];
      withClock = Prisma.sql`
        SELECT x.* FROM unnest(${values}) k(v), LATERAL (
          SELECT ${cols} FROM cases c WHERE ${key} = k.v AND c.next_due_at IS NOT NULL AND ${afterA} AND (${and(all)}) IS TRUE ${order} LIMIT ${lim}) x`;
    } else if (q.q && names) {
      // A q whose names are known: the open clocks walked in list order against q up to the page's end, at most
      // LIST_PLANS.clockWalk of them (a broad q — this year's case numbers — fills its page among the first). If
      // they did not fill it and there are more, q's matches with an open clock instead, from their own partial
      // indexes (migration 20261210030000: by case-number prefix, by name; identity matches by key), sorted: the
      // walk passed all ~30,000 open clocks to find that last year's prefix has none (4 ms).
      const { prefix, ident } = qParts(q.q, q.byIdentity);
      const rest = and(sqlConds({ ...q, q: undefined }));
      const clock = Prisma.sql`c.next_due_at IS NOT NULL AND ${afterA}`;
      const byName = names.length ? Prisma.sql`
          UNION
          SELECT x.* FROM unnest(${names}::text[]) r(name), LATERAL (
            SELECT ${cols} FROM cases c WHERE c.respondent_name = r.name AND ${clock} AND (${rest}) IS TRUE) x` : Prisma.empty;
      const matches = Prisma.sql`
          SELECT ${cols} FROM cases c WHERE ${clock} AND ${prefix} AND (${rest}) IS TRUE${byName}
          UNION
          SELECT ${cols} FROM cases c WHERE ${ident} AND ${clock} AND ${rest}`;
      // Only a q of digits can be a broad case-number prefix (canPrefixCaseNo): any other q reads its matches at
      // once (a name's walk passed 1,000 open clocks, twice, to find none: 0.4 ms of the list's 1.2).
      withClock = canPrefixCaseNo(q.q) ? Prisma.sql`
        WITH w AS MATERIALIZED (SELECT * FROM (
          SELECT ${cols}, (${and(all)}) IS TRUE AS m FROM cases c WHERE ${clock} ${order} LIMIT ${LIST_PLANS.clockWalk}) c WHERE m LIMIT ${lim}),
        done AS MATERIALIZED (SELECT (SELECT count(*) FROM w) >= ${lim}
          OR (SELECT count(*) FROM (SELECT 1 FROM cases c WHERE ${clock} LIMIT ${LIST_PLANS.clockWalk}) x) < ${LIST_PLANS.clockWalk} AS done)
        SELECT ${cols} FROM w c WHERE (SELECT done FROM done)
        UNION ALL
        SELECT * FROM (${matches}) n
        WHERE NOT (SELECT done FROM done)` : matches;
    } else {
      // With q: its filters "IS TRUE" too — the open clocks are few (~30,000 of 1,000,000), and ANDed with them the
      // bitmap of a broad q (a case-number year: 480,000 entries) took 110 ms.
      withClock = Prisma.sql`SELECT ${cols} FROM cases c WHERE c.next_due_at IS NOT NULL AND ${afterA} AND ${q.q ? Prisma.sql`(${and(all)}) IS TRUE` : and(all)}`;
    }
    return Prisma.sql`SELECT * FROM (${withClock}) c ${order} LIMIT ${lim}`;
  }

  /** The capped count `count` and the page of `ids` (id, n) in one statement (one row with no case when the page is empty). */
  private withCount(count: Prisma.Sql, ids: Prisma.Sql): Promise<{ total: number; rows: CaseListRow[] }> {
    return this.withCountSql({ count, ids, ctes: null });
  }
  /** withCount after common table expressions `ctes` (the list of a WITH) that `count`, `ids` and the flag `short` read. */
  private async withCountSql({ count, ids, ctes, short, k, pn, named }: { count: Prisma.Sql; ids: Prisma.Sql; ctes: Prisma.Sql | null; short?: Prisma.Sql; k?: Prisma.Sql; pn?: Prisma.Sql; named?: Prisma.Sql }): Promise<{ total: number; short: boolean; k: number; pn: number; named: boolean; rows: CaseListRow[] }> {
    const rows = await this.prisma.preparedRows<(Omit<CaseListRow, 'nextDeadline'> & { total: number; short: boolean; k: number; pn: number; named: boolean; ndStep: string | null; ndDueAt: Date | null; ndState: string | null })>(Prisma.sql`
      ${ctes ? Prisma.sql`WITH ${ctes}` : Prisma.empty}
      SELECT t.total, t.short, t.k, t.pn, t.named, p.* FROM (SELECT ${count} AS total, ${short ?? Prisma.sql`false`} AS short, ${k ?? Prisma.sql`0`} AS k, ${pn ?? Prisma.sql`0`} AS pn, ${named ?? Prisma.sql`false`} AS named) t
      LEFT JOIN LATERAL (${this.pageSql(ids)}) p ON true ORDER BY p.n`);
    const t = rows[0];
    return { total: t?.total ?? 0, short: t?.short ?? false, k: t?.k ?? 0, pn: t?.pn ?? 0, named: t?.named ?? false, rows: rows.filter((r) => r.id !== null).map(listRow) };
  }

  /**
   * The page's cases in the order `ids` (id, n) gives, each with its nearest open clock and whether it is linked to
   * a report (CaseAccess.linkedToReport's rule: a complaint+report link, or a conversion into a report): one round
   * trip instead of three or four (the rows, their clocks, their links, the converted cases' types), and only the
   * columns the list shows.
   */
  private pageSql(ids: Prisma.Sql): Prisma.Sql {
    return Prisma.sql`
      SELECT c.id, p.n, c.case_no AS "caseNo", c.type, c.channel, c.status, c.received_at AS "receivedAt", c.complainant_name AS "complainantName",
        c.real_name AS "realName", c.respondent_name AS "respondentName", c.category_code AS "categoryCode", c.assigned_unit_id AS "assignedUnitId",
        c.overdue, c.next_due_at AS "nextDueAt", nd.step AS "ndStep", nd.due_at AS "ndDueAt", nd.state AS "ndState",
        c.jurisdiction_dispute IS NOT NULL AS "disputed",
        (c.type <> 'report' AND EXISTS (
          SELECT 1 FROM case_links l WHERE l.case_id = c.id AND (l.kind = 'complaintReport'
            OR (l.kind = 'convertedTo' AND EXISTS (SELECT 1 FROM cases o WHERE o.id = l.other_case_id AND o.type = 'report'))))) AS "linkedToReport"
      FROM (${ids}) p JOIN cases c ON c.id = p.id
      LEFT JOIN LATERAL (
        SELECT d.step, d.due_at, d.state FROM deadlines d
        WHERE d.case_id = c.id AND d.met_at IS NULL AND d.state IN ('running', 'overdue') ORDER BY d.due_at LIMIT 1) nd ON true
      ORDER BY p.n`;
  }
}

type PageRow = Omit<CaseListRow, 'nextDeadline'> & { n?: unknown; ndStep: string | null; ndDueAt: Date | null; ndState: string | null };
const listRow = ({ ndStep, ndDueAt, ndState, n: _n, total: _t, short: _s, k: _k, pn: _p, named: _m, ...r }: PageRow & { total?: unknown; short?: unknown; k?: unknown; pn?: unknown; named?: unknown }): CaseListRow =>
  ({ ...r, nextDeadline: ndStep ? { step: ndStep, dueAt: ndDueAt!, state: ndState! } : null });

/** How far the list's plans walk before they fall back (tests lower them to reach every plan with little data). */
export const LIST_PLANS = {
  /** The newest cases a broad part of q walks (stopping when its page is full) before a second statement sorts all its
   * matches (明珠餐饮 of the bench: none among the newest 2,000, its page 47,000 rows back, 97 ms). */
  searchWalk: 50_000,
  /** From this many matches a part of q tries the walk (at most its count's cap + 1; spread evenly, the 2,000 newest of
   * 1,000,000 cases hold ~2 of 1,000, ~20 of 10,000 — a narrower part sorts its matches, a broader one walks). */
  searchBroad: CASE_SEARCH_COUNT_CAP + 1,
  /** Up to this many distinct respondent names containing q, the name part reads each name's cases newest first
   * (cases_respondent_received_idx, ~0.05 ms a name); more (a q as common as 常德市), the cases' trigram index. */
  searchNames: 100,
  /** The open clocks a q search in the deadline order walks against q before it reads q's matches with an open
   * clock from their partial indexes (~0.45 ms per 1,000 clocks walked; this year's prefix fills a page in the first). */
  clockWalk: 1_000,
};

/**
 * A q search newest first (issue 15 §1): the count and the ids of the page, each part of q's OR apart — the
 * case-number prefix, the respondent-name part, the identity matches — from its own index, then merged (the page of
 * an OR lies within the union of its parts' pages up to the page's end; a case matching two parts is one case). One
 * OR over the three made the planner OR the bitmaps of every match (a 6-digit prefix matches ~480,000 cases) and the
 * list sent a count, then a walk, then a sort, then the page: 4 statements.
 *
 * Per part: its matches counted up to the cap (the prefix's from cases_case_no_pattern_idx, index-only). A narrow
 * part (fewer than LIST_PLANS.searchBroad) sorts its matches. A broad one walks the newest LIST_PLANS.searchWalk
 * cases — for the prefix, the newest of its case-number year (cases_case_no_year_received_idx: a prefix of last year
 * lay behind all of this year's cases on the received_at index, 490,000 rows); a q of fewer than 3 characters walks
 * the newest against the whole OR first. If the walk does not fill the page, the statement says `short` and the list
 * sends the 'sort' form, which sorts all of that part's matches. Each step runs only if the one before left it
 * something to do (one-time filters). The total: the cap if a part reached it, else the union of the parts counted.
 * With `names` (the respondent names that contain q, namesContaining), the name part reads those names' cases.
 */
function searchSql(q: CaseListQuery, text: string, broad: 'walk' | 'sort', names: string[] | null, extra: Prisma.Sql[] = [], prefixCount?: number): { count: Prisma.Sql; ids: Prisma.Sql; ctes: Prisma.Sql; countCtes: Prisma.Sql; short: Prisma.Sql } {
  const rest = Prisma.join([...sqlConds({ ...q, q: undefined }), ...extra, Prisma.sql`true`], ' AND ');
  // The page's parts start after a cursor's case (`page`); the counts do not (`rest`): the total is the whole list's.
  const after = afterReceived(q.after);
  const page = Prisma.sql`${rest} AND ${after}`;
  const lim = q.skip + q.take;
  const cap = countCapOf(q) + 1;
  // The name part's match where `names` (namesContaining) is null; else it is read name by name (byName).
  const { prefix, name, ident } = qParts(text, q.byIdentity);
  const cols = Prisma.sql`c.id, c.received_at, c.case_no`;
  const order = Prisma.sql`ORDER BY c.received_at DESC, c.case_no DESC`;
  const none = Prisma.sql`SELECT ${cols} FROM cases c WHERE false`;
  const newest = Prisma.sql`SELECT * FROM cases c WHERE ${after} ${order} LIMIT ${LIST_PLANS.searchWalk}`;
  // Lengths in code points, as PostgreSQL counts them. A prefix of 4+ characters lies within one case-number year;
  // a q of fewer than 3 has no trigram: its name part is a scan of the table.
  const chars = [...text];
  const trigram = chars.length >= 3;
  // Counted as countSql counts: the co-handled cases apart, so that the visible units stay an index condition (with
  // the OR, a county handler's prefix count scanned 250,000 entries of the unit index to find 1,001). The name's
  // matches are kept (nm): its narrow page and the total read them again (one scan of the trigram index, not three).
  const own = Prisma.join([...sqlConds({ ...q, q: undefined }, false), ...extra, Prisma.sql`true`], ' AND ');
  const coHandled = q.visible?.size ? Prisma.sql` + ${coHandledCount(q.visible, [prefix, ...sqlConds({ ...q, q: undefined, visible: null }), ...extra])}` : Prisma.empty;
  // A known count is a value the planner sees (its verdicts fold to true or false: the branches they close are not planned).
  const n = (part: 'pn' | 'nn') => (part === 'pn' && prefixCount !== undefined ? Prisma.sql`${prefixCount}::int` : Prisma.sql`(SELECT n FROM ${Prisma.raw(part)})`);
  // A q without trigram first walks the newest cases against the whole OR (aw), as the list did before: a short
  // prefix (20…) fills its page there, and then the name part's count — a scan of the whole table, 1.3 s, when no
  // name matches — is never run (the total: the prefix's count reached the cap). `open`: that walk left the page
  // unfilled. Each step after it is a one-time filter that starts with it, in one clause (the planner keeps the order
  // and AND stops at the first false: a count not needed is not run).
  const open = trigram ? Prisma.sql`true` : Prisma.sql`(SELECT count(*) FROM aw) < ${lim}`;
  const when = (verdict: Prisma.Sql, rows: Prisma.Sql) => Prisma.sql`SELECT * FROM (${rows}) c WHERE (${open} AND ${verdict})`;
  const broadPart = (part: 'pn' | 'nn') => Prisma.sql`${n(part)} >= ${LIST_PLANS.searchBroad}`;
  // A broad part walks the newest cases (the prefix of 4+ characters: the newest of its year), unless aw did.
  const walk = (part: 'pn' | 'nn', from: Prisma.Sql, match: Prisma.Sql) =>
    Prisma.sql`SELECT ${cols} FROM (${from}) c WHERE (${open} AND ${broadPart(part)}) AND ${match} AND ${page} ${order} LIMIT ${lim}`;
  const prefixWalk = chars.length >= 4
    ? walk('pn', Prisma.sql`SELECT * FROM cases c WHERE left(c.case_no, 4) = ${chars.slice(0, 4).join('')} AND ${after}
        ORDER BY left(c.case_no, 4), c.received_at DESC, c.case_no DESC LIMIT ${LIST_PLANS.searchWalk}`, prefix)
    : trigram ? walk('pn', newest, prefix) : none;
  // A broad part whose walk did not fill the page: `short`; the second trip ('sort') sorts all its matches. The first
  // is not planned with that sort: a plan estimated above jit_above_cost (100,000) is JIT-compiled, 25-45 ms, even
  // when its costly branch never runs.
  const unfilled = (part: 'pn' | 'nn', walked: 'pw' | 'nw') => (part === 'nn' && names
    ? Prisma.sql`false`
    : Prisma.sql`${broadPart(part)} AND ${trigram ? Prisma.sql`(SELECT count(*) FROM ${Prisma.raw(walked)}) < ${lim}` : Prisma.sql`true`}`);
  // With names: name by name, a lateral scan of cases_respondent_received_idx — the page, each name's newest after the
  // cursor up to the page's end, merged (complete: never short, never sorted, no narrow form); the count, each name's
  // matches up to the cap. The count's name is a range, not `=`: the trigram index answers equality too, and the
  // planner, estimating it cheap, ANDed its bitmap of all the name's cases (33,000) with a county's (25 ms a handler).
  // No name contains q (a case number's digits, mostly): nothing to plan.
  const byName = (match: Prisma.Sql, tail: Prisma.Sql) => (names?.length ? Prisma.sql`SELECT x.* FROM unnest(${names}::text[]) r(name), LATERAL (
    SELECT ${cols} FROM cases c WHERE ${match} AND ${tail}) x` : none);
  const nameWalk = names
    ? Prisma.sql`SELECT ${cols} FROM (${byName(Prisma.sql`c.respondent_name = r.name`, Prisma.sql`${page} ${order} LIMIT ${lim}`)}) c ${order} LIMIT ${lim}`
    : trigram ? walk('nn', newest, name) : none;
  const nameMatches = names
    ? Prisma.sql`${byName(Prisma.sql`c.respondent_name >= r.name AND c.respondent_name <= r.name`, Prisma.sql`(${rest}) IS TRUE LIMIT ${cap}`)} LIMIT ${cap}`
    : Prisma.sql`SELECT ${cols} FROM cases c WHERE ${name} AND ${rest} LIMIT ${cap}`;
  const nameNarrow = names
    ? Prisma.empty
    : Prisma.sql`UNION ${when(Prisma.sql`${n('nn')} < ${LIST_PLANS.searchBroad}`, Prisma.sql`SELECT * FROM nm c WHERE ${after} ${order} LIMIT ${lim}`)}`;
  // A part's matches from its index, sorted: a narrow part's (fewer than searchBroad: the inner LIMIT only tells the
  // planner so), or in the second trip a broad part's. The verdicts sit outside the sorted subqueries (one-time
  // filters above them): a parallel plan does not start its workers (~17 ms) to find nothing to do. "+ interval '0'"
  // keeps the planner off the backward received_at walk.
  const sorted = (from: Prisma.Sql) => Prisma.sql`SELECT ${cols} FROM (${from}) c ORDER BY c.received_at + interval '0' DESC, c.case_no DESC LIMIT ${lim}`;
  const all = broad === 'sort'
    ? Prisma.sql`
      UNION ${when(unfilled('pn', 'pw'), sorted(Prisma.sql`SELECT * FROM cases c WHERE ${prefix} AND ${page}`))}
      ${names ? Prisma.empty : Prisma.sql`UNION ${when(unfilled('nn', 'nw'), sorted(Prisma.sql`SELECT * FROM cases c WHERE ${name} AND ${page}`))}`}`
    : Prisma.empty;
  // `prefixCount`: the prefix's count is known (of a superset: a part narrow there is narrow here; its role is only
  // to choose the plan).
  const countCtes = Prisma.sql`
    pn AS MATERIALIZED (SELECT ${prefixCount !== undefined ? Prisma.sql`${prefixCount}::int` : Prisma.sql`(SELECT count(*)::int FROM (SELECT 1 FROM cases c WHERE ${prefix} AND ${own} LIMIT ${cap}) x)${coHandled}`} AS n),
    nm AS MATERIALIZED (${nameMatches}), nn AS MATERIALIZED (SELECT count(*)::int AS n FROM nm)`;
  const ctes = Prisma.sql`
    aw AS MATERIALIZED (${trigram ? none : Prisma.sql`SELECT ${cols} FROM (${newest}) c WHERE (${prefix} OR ${name} OR ${ident}) AND ${page} ${order} LIMIT ${lim}`}),
    ${countCtes},
    pw AS MATERIALIZED (${prefixWalk}), nw AS MATERIALIZED (${nameWalk}),
    m AS (SELECT * FROM aw UNION SELECT * FROM pw UNION SELECT * FROM nw
      UNION ${when(Prisma.sql`${n('pn')} < ${LIST_PLANS.searchBroad}`, sorted(Prisma.sql`SELECT * FROM cases c WHERE ${prefix} AND ${page} LIMIT ${LIST_PLANS.searchBroad}`))}
      ${nameNarrow}${all}
      UNION ${when(Prisma.sql`true`, Prisma.sql`SELECT ${cols} FROM cases c WHERE ${ident} AND ${page} ${order} LIMIT ${lim}`)})`;
  // Below the cap in each part (the ELSE's only case), so the prefix's LIMIT only tells the planner how few there are.
  const count = Prisma.sql`CASE WHEN ${n('pn')} >= ${cap} THEN ${cap} WHEN ${n('nn')} >= ${cap} THEN ${cap}
    ELSE (SELECT count(*)::int FROM ((SELECT c.id FROM cases c WHERE ${prefix} AND ${rest} LIMIT ${cap})
      UNION SELECT id FROM nm UNION SELECT c.id FROM cases c WHERE ${ident} AND ${rest}) u) END`;
  const ids = Prisma.sql`SELECT c.id, row_number() OVER (${order}) AS n FROM (SELECT * FROM m c ${order} LIMIT ${q.take} OFFSET ${q.skip}) c`;
  const short = broad === 'walk' ? Prisma.sql`(${open} AND (${unfilled('pn', 'pw')} OR ${unfilled('nn', 'nw')}))` : Prisma.sql`false`;
  return { count, ids, ctes, countCtes, short };
}

/** The deadline order: the nearest open clock first (cases without one last), then newest first. */
const DEADLINE_ORDER = Prisma.sql`ORDER BY c.next_due_at, c.received_at DESC, c.case_no DESC`;

/** A count taken up to `cap` + 1: the total shown and whether there are more. */
const capAt = (counted: number, cap: number) => ({ total: Math.min(counted, cap), capped: counted > cap });

/** The cases after a cursor's in the newest-first order (along cases_received_at_idx's two keys), or all. */
const afterReceived = (a: CaseListPosition | undefined) =>
  (a ? Prisma.sql`(c.received_at, c.case_no) < (${a.receivedAt}::timestamptz, ${a.caseNo})` : Prisma.sql`true`);

/**
 * The cases after a cursor's in the deadline order, as the two parts of byNearestDeadline read them: (a) those with
 * an open clock — later instants, or the same instant and newer-first after it — and (b) those without one: all of
 * them after a case with a clock, newest first after one without.
 */
function afterDeadline(a: CaseListPosition | undefined): [Prisma.Sql, Prisma.Sql] {
  if (!a) return [Prisma.sql`true`, Prisma.sql`true`];
  if (!a.nextDueAt) return [Prisma.sql`false`, afterReceived(a)];
  const d = a.nextDueAt;
  return [Prisma.sql`c.next_due_at >= ${d}::timestamptz AND (c.next_due_at > ${d}::timestamptz OR ${afterReceived(a)})`, Prisma.sql`true`];
}


/** The co-handled cases (协办) of the visible units that `conds` keep and no visible unit handles itself, counted. */
const coHandledCount = (visible: ReadonlySet<string>, conds: Prisma.Sql[]) =>
  Prisma.sql`(SELECT count(*)::int FROM cases c WHERE ${coHandledOnly(visible, conds)})`;
/** The visible units' co-handled cases that no visible unit is assigned (counted apart from the assigned ones). */
const coHandledOnly = (visible: ReadonlySet<string>, conds: Prisma.Sql[]) =>
  Prisma.sql`c.id = ANY(${coCasesSql(visible)}) AND NOT coalesce(c.assigned_unit_id = ANY(${[...visible]}::uuid[]), false)
    AND ${Prisma.join([...conds, Prisma.sql`true`], ' AND ')}`;

/** The co-handled cases (协办) of the visible units, as an array the planner evaluates once (an index condition). */
const coCasesSql = (visible: ReadonlySet<string>) =>
  Prisma.sql`ARRAY(SELECT cu.case_id FROM case_co_units cu WHERE cu.unit_id = ANY(${[...visible]}::uuid[]))`;

/**
 * The capped count as a scalar subquery. The co-handled cases are counted apart (those not assigned to a visible
 * unit): an OR over ids would turn the unit's count from an index-only scan into a heap visit per matching case
 * (~6,000 pages for a county's inbox, issue 15 §1).
 */
function countSql(q: CaseListQuery): Prisma.Sql {
  const and = (cs: Prisma.Sql[]) => Prisma.join([...cs, Prisma.sql`true`], ' AND ');
  const own = Prisma.sql`(SELECT count(*)::int FROM (SELECT 1 FROM cases c WHERE ${and(sqlConds(q, false))} LIMIT ${countCapOf(q) + 1}) x)`;
  if (!q.visible?.size) return own;
  return Prisma.sql`(${own} + ${coHandledCount(q.visible, sqlConds({ ...q, visible: null }))})`;
}

/** The list's filters in SQL over cases c; `coHandled`: the visible units' co-handled cases count as visible. */
function sqlConds(q: CaseListQuery, coHandled = true): Prisma.Sql[] {
  const conds: Prisma.Sql[] = [];
  // The co-handled cases as an array (not EXISTS over case_co_units): the OR then stays an index condition.
  if (q.visible) conds.push(!q.visible.size
    ? Prisma.sql`false`
    : coHandled
      ? Prisma.sql`(c.assigned_unit_id = ANY(${[...q.visible]}::uuid[]) OR c.id = ANY(${coCasesSql(q.visible)}))`
      : Prisma.sql`c.assigned_unit_id = ANY(${[...q.visible]}::uuid[])`);
  if (q.unitId !== undefined) conds.push(Prisma.sql`c.assigned_unit_id = ${q.unitId}::uuid`);
  if (q.status?.length) conds.push(Prisma.sql`c.status = ANY(${q.status}::text[])`);
  if (q.type) conds.push(Prisma.sql`c.type = ${q.type}`);
  if (q.overdue !== undefined) conds.push(Prisma.sql`c.overdue = ${q.overdue}`);
  // few cases are in dispute: cases_disputed_idx (partial) finds them
  if (q.disputed !== undefined) conds.push(q.disputed ? Prisma.sql`c.jurisdiction_dispute IS NOT NULL` : Prisma.sql`c.jurisdiction_dispute IS NULL`);
  if (q.q) {
    const { prefix, name, ident } = qParts(q.q, q.byIdentity);
    conds.push(Prisma.sql`(${prefix} OR ${name} OR ${ident})`);
  }
  return conds;
}

/** respondent_names' names that contain q (its trigram index). */
const nameContains = (text: string) => Prisma.sql`name LIKE ${`%${likeEscape(text)}%`}`;
/** Whether a respondent name contains q: the check of a list read as if none did. */
const namedSql = (text: string) => Prisma.sql`EXISTS (SELECT 1 FROM respondent_names WHERE ${nameContains(text)})`;

/** Whether q can begin a case number: case numbers are digits (migration 20261213010000's CHECK). */
const canPrefixCaseNo = (text: string) => /^\d+$/.test(text);

/**
 * The three parts of q's OR: the case-number prefix, the respondent name containing q, the identity matches. A q
 * that is not all digits is no case number's prefix (migration 20261213010000: case numbers are digits): that part is
 * `false`, and the planner drops its branches (a name search plans and runs ~10 % less).
 */
function qParts(text: string, byIdentity: string[]): { prefix: Prisma.Sql; name: Prisma.Sql; ident: Prisma.Sql } {
  const like = likeEscape(text);
  return {
    prefix: canPrefixCaseNo(text) ? Prisma.sql`c.case_no LIKE ${`${like}%`}` : Prisma.sql`false`,
    name: Prisma.sql`c.respondent_name LIKE ${`%${like}%`}`,
    // None (q is not an identity, or the caller may not search by one): `false`, not an empty array the planner
    // plans an index scan for.
    ident: byIdentity.length ? Prisma.sql`c.id = ANY(${byIdentity}::uuid[])` : Prisma.sql`false`,
  };
}
