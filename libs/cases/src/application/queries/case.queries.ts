import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, PrismaService } from '#platform';
import { toChinaIso } from '#deadlines';
import { canSee, canSeeReporter, identityQuery, isIdentityProtected, legalAuthorityOf, sharesReporter, visibleUnitIds, type UnitNode, type Viewer } from '#org';
import { OrgStore } from '#org-nest';
import { Prisma } from '#prisma-client';
import { CaseNotFound } from '../../domain/case.errors.js';
import type { CaseProps } from '../../domain/case.js';
import { caseView, type CaseView, type UnitRef } from './case.views.js';
import { reporterIdentity } from './handoff.queries.js';
import { maskName, maskPhone } from '../../domain/handoffs.js';
import { normalizePhone } from '../../domain/parties.js';
import { IdentitySearchLimiter } from '../../infrastructure/identity-search.limiter.js';
import { auditIdentityReads, linkedToReport } from '../identity.js';
import { coCaseIdsOf, coUnitIdsOf } from './cohandling.queries.js';

export class GetCase extends Query<CaseView> {
  constructor(readonly id: string, readonly viewer: Viewer) { super(); }
}

export interface CaseListFilter {
  unit?: string;
  status?: string[];
  type?: string;
  overdue?: boolean;
  q?: string;
  /** received (default): newest first. deadline: nearest open deadline first (overdue first), cases without one last. */
  sort?: 'received' | 'deadline';
  page: number;
  pageSize: number;
}
export interface CaseListItem {
  id: string; caseNo: string; type: string; channel: string; status: string; receivedAt: string; complainantName: string;
  respondentName: string; category: string; assignedUnit: UnitRef | null; overdue: boolean;
  nextDeadline: { kind: string; dueAt: string; state: string } | null;
}
export interface Page<T> { items: T[]; total: number; page: number; pageSize: number; totalCapped?: boolean }

/**
 * The case list counts matches up to this many (then says totalCapped): counting a city's 1,000,000 cases on every
 * page took ~0.5 s of the server (issue 15 §1) and nobody pages past 500 pages of 20.
 */
export const CASE_COUNT_CAP = 10_000;

export class ListCases extends Query<Page<CaseListItem>> {
  constructor(readonly viewer: Viewer, readonly filter: CaseListFilter) { super(); }
}

export interface TimelineEntry {
  seq: number; type: string; at: string; actor: { id: string; name: string } | null; unit: UnitRef | null;
  rule: string | null; note: string | null; data: unknown;
}
export class GetTimeline extends Query<TimelineEntry[]> {
  constructor(readonly id: string, readonly viewer: Viewer) { super(); }
}

async function unitRefs(org: OrgStore): Promise<Map<string, UnitRef>> {
  return new Map((await org.units()).map((u) => [u.id, { id: u.id, code: u.code, name: u.name }]));
}

@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore, private readonly clock: Clock) {}
  async execute({ id, viewer }: GetCase): Promise<CaseView> {
    const row = await this.prisma.case.findUnique({ where: { id } });
    const units = await this.org.units();
    // Another unit learns nothing, not even that the case exists.
    if (!row || !canSee(viewer, units, row.assignedUnitId, await coUnitIdsOf(this.prisma, id))) throw new CaseNotFound(id);
    const deadlines = await this.prisma.deadline.findMany({ where: { caseId: id } });
    const linked = row.type !== 'report' && (await linkedToReport(this.prisma, [id])).has(id);
    return fullView(this.prisma, this.clock, this.org, viewer, units, row, deadlines, linked);
  }
}

async function fullView(
  prisma: PrismaService, clock: Clock, org: OrgStore, viewer: Viewer, units: readonly UnitNode[],
  row: Prisma.CaseGetPayload<object>, deadlines: Prisma.DeadlineGetPayload<object>[], linked: boolean,
): Promise<CaseView> {
  const refs = await unitRefs(org);
  const view = caseView(row, deadlines, row.assignedUnitId ? (refs.get(row.assignedUnitId) ?? null) : null);
  const r = await reporterIdentity(prisma, clock, viewer, units, row, view.complainant, 'GET /cases/:id', linked);
  const legal = row.assignedUnitId ? legalAuthorityOf(units, row.assignedUnitId) : undefined;
  return { ...view, complainant: r.identity, reporterMasked: r.masked, legalUnit: legal ? (refs.get(legal.id) ?? null) : null };
}

/**
 * The view of a case its registration has just committed, built from the registered aggregate instead of read back
 * (issue 15 §1: the read-back cost four queries per registration). The same view, identity rules and audit as
 * GetCase for that viewer: a brand-new case has no 协办 parts, its clocks are the aggregate's, and `linked` says
 * whether it was registered with a linked report.
 */
export class RegisteredCaseView extends Query<CaseView> {
  constructor(readonly registered: Readonly<CaseProps>, readonly viewer: Viewer, readonly linked: boolean) { super(); }
}

@QueryHandler(RegisteredCaseView)
export class RegisteredCaseViewHandler implements IQueryHandler<RegisteredCaseView> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore, private readonly clock: Clock) {}
  async execute({ registered: p, viewer, linked }: RegisteredCaseView): Promise<CaseView> {
    const units = await this.org.units();
    if (!canSee(viewer, units, p.assignedUnitId, [])) throw new CaseNotFound(p.id);
    const day = (s: string) => new Date(`${s}T00:00:00Z`);
    // Shaped as the rows GetCase reads (caseView/deadlineView take rows): the columns the adapter writes.
    const row = {
      id: p.id, caseNo: p.caseNo, type: p.type, channel: p.channel, status: p.status, regime: p.regime, receivedAt: p.receivedAt,
      complainantName: p.complainant.name, complainantPhone: p.complainant.phone, complainantAddress: p.complainant.address,
      respondentName: p.respondent.name, respondentCreditCode: p.respondent.creditCode, respondentRegionCode: p.respondent.regionCode,
      respondentAddress: p.respondent.address, respondentPlatform: p.respondent.platform, respondentTownshipCode: p.respondent.townshipCode ?? null,
      categoryCode: p.categoryCode, problemType: p.problemType, description: p.description, request: p.request, amount: p.amount,
      assignedUnitId: p.assignedUnitId, routingRuleId: p.routingRuleId, declineGround: p.declineGround, outcome: p.outcome,
      closeGround: p.closeGround, recoveredAmount: p.recoveredAmount, satisfaction: p.satisfaction,
      overdue: p.deadlines.some((d) => d.state === 'overdue' && d.metAt === null),
      registeredBy: p.registeredBy, registeredAt: p.registeredAt, dispatchedAt: p.dispatchedAt, signedAt: p.signedAt,
      decidedAt: p.decidedAt, closedAt: p.closedAt, archivedAt: p.archivedAt, version: 1,
      realName: p.realName ?? true, violationRegionCode: p.violationRegionCode ?? null, returnCount: p.returnCount ?? 0,
      returnedFromUnitId: p.returnedFromUnitId ?? null, unitTrail: p.unitTrail ?? [], pingPong: p.pingPong ?? false,
      reportDecision: p.reportDecision ?? null, transferredOutTo: p.transferredOutTo ?? null, answer: p.answer ?? null,
      mergedIntoId: p.mergedIntoId ?? null,
    } as unknown as Prisma.CaseGetPayload<object>;
    const deadlines = p.deadlines.map((d) => ({
      id: d.id, caseId: p.id, kind: d.kind, policyId: d.policyId, legalBasis: d.legalBasis, startAt: d.startAt, startDate: day(d.startDate),
      amount: d.amount, unit: d.unit, extended: d.extended, dueDate: day(d.dueDate), dueAt: d.dueAt, state: d.state, version: d.version,
      calendarGap: d.calendarGap, metAt: d.metAt, overdueAt: d.overdueAt, createdAt: d.createdAt, reportDueId: null,
    })) as unknown as Prisma.DeadlineGetPayload<object>[];
    return fullView(this.prisma, this.clock, this.org, viewer, units, row, deadlines, linked && p.type !== 'report');
  }
}

/**
 * The case list. Its q matches a case number (prefix), a respondent name (part) or — when q is a phone or ID
 * number (identityQuery) — a party's phone. An identity q is rate-limited per user and audited, and matches a
 * protected identity (report, or a complaint/inquiry sharing its person with a report) only on cases where the viewer may see that identity
 * (canSeeReporter): for anyone else such a case simply does not match, so the search is no oracle for a masked phone.
 */
@QueryHandler(ListCases)
export class ListCasesHandler implements IQueryHandler<ListCases> {
  constructor(
    private readonly prisma: PrismaService, private readonly org: OrgStore, private readonly clock: Clock, private readonly limiter: IdentitySearchLimiter,
  ) {}
  async execute({ viewer, filter }: ListCases): Promise<Page<CaseListItem>> {
    const units = await this.org.units();
    const visible = visibleUnitIds(viewer, units);
    const and: Prisma.CaseWhereInput[] = [];
    // Co-units (协办) list the cases they have a part in.
    const coCases = visible ? await coCaseIdsOf(this.prisma, visible) : [];
    if (visible) and.push({ OR: [{ assignedUnitId: { in: [...visible] } }, { id: { in: coCases } }] });
    if (filter.unit) {
      const u = units.find((x) => x.id === filter.unit || x.code === filter.unit);
      and.push({ assignedUnitId: u?.id ?? '00000000-0000-0000-0000-000000000000' });
    }
    if (filter.status?.length) and.push({ status: { in: filter.status } });
    if (filter.type) and.push({ type: filter.type });
    if (filter.overdue !== undefined) and.push({ overdue: filter.overdue });
    const byIdentity = filter.q ? await this.identityMatches(viewer, units, filter.q) : [];
    if (filter.q) and.push({ OR: [{ caseNo: { startsWith: filter.q } }, { respondentName: { contains: filter.q } }, { id: { in: byIdentity } }] });
    const where: Prisma.CaseWhereInput = { AND: and };
    const skip = (filter.page - 1) * filter.pageSize;
    // Nearest-deadline order picks its plan by how many cases match (issue 15 §1): the count comes first.
    const count = () => this.prisma.case.count({ where, take: CASE_COUNT_CAP + 1 });
    const [counted, rows] = filter.sort === 'deadline'
      ? await count().then(async (n) => [n, await this.byNearestDeadline(filter, visible, coCases, units, skip, byIdentity, n)] as const)
      : await Promise.all([
          count(),
          this.prisma.case.findMany({ where, orderBy: [{ receivedAt: 'desc' }, { caseNo: 'desc' }], skip, take: filter.pageSize }),
        ]);
    const open = await this.prisma.deadline.findMany({
      where: { caseId: { in: rows.map((r) => r.id) }, metAt: null, state: { in: ['running', 'overdue'] } },
      orderBy: { dueAt: 'asc' },
    });
    const next = new Map<string, (typeof open)[number]>();
    for (const d of open) if (d.caseId && !next.has(d.caseId)) next.set(d.caseId, d);
    const refs = await unitRefs(this.org);
    const linked = await linkedToReport(this.prisma, rows.filter((r) => r.type !== 'report').map((r) => r.id));
    const total = Math.min(counted, CASE_COUNT_CAP);
    return {
      total, page: filter.page, pageSize: filter.pageSize, ...(counted > CASE_COUNT_CAP ? { totalCapped: true } : {}),
      items: rows.map((r) => {
        const d = next.get(r.id);
        return {
          id: r.id, caseNo: r.caseNo, type: r.type, channel: r.channel, status: r.status, receivedAt: toChinaIso(r.receivedAt),
          // A protected identity is never shown in lists (O121 Art. 37); open the case to see it, if allowed (audited).
          complainantName: isIdentityProtected(r.type, linked.has(r.id)) ? (r.realName ? maskName(r.complainantName) : '匿名') : r.complainantName,
          respondentName: r.respondentName, category: r.categoryCode,
          assignedUnit: r.assignedUnitId ? (refs.get(r.assignedUnitId) ?? null) : null, overdue: r.overdue,
          nextDeadline: d ? { kind: d.step, dueAt: toChinaIso(d.dueAt), state: d.state } : null,
        };
      }),
    };
  }

  /**
   * The cases an identity q may match: those with that phone whose identity is unprotected or visible to the viewer.
   * Counted against the viewer's limit and audited (one row per protected case matched, or one without a case).
   */
  private async identityMatches(viewer: Viewer, units: readonly UnitNode[], q: string): Promise<string[]> {
    const idq = identityQuery(q);
    if (!idq) return [];
    await this.limiter.consume(viewer.userId);
    // Parties carry no ID number: an ID-number q matches no party, but is still an identity search (limited, audited).
    const rows = idq.kind === 'phone'
      ? await this.prisma.case.findMany({ where: { complainantPhone: normalizePhone(idq.value) }, select: { id: true, type: true, assignedUnitId: true }, take: 1000 })
      : [];
    const linked = await linkedToReport(this.prisma, rows.filter((r) => r.type !== 'report').map((r) => r.id));
    const matches = rows.filter((r) => !isIdentityProtected(r.type, linked.has(r.id)) || canSeeReporter(viewer, units, r.assignedUnitId));
    const shown = matches.filter((r) => isIdentityProtected(r.type, linked.has(r.id)));
    const via = 'GET /cases?q';
    const fields = `search:${idq.kind}`;
    const query = idq.kind === 'phone' ? maskPhone(idq.value) : `${idq.value.slice(0, 6)}********${idq.value.slice(-4)}`;
    await auditIdentityReads(this.prisma, this.clock, viewer, shown.length
      ? shown.map((r) => ({ caseId: r.id, via, fields, query }))
      : [{ caseId: null, via, fields, query }]);
    return matches.map((r) => r.id);
  }

  /**
   * One page ordered by each case's nearest open deadline (running or overdue, not met), the same filters as the
   * Prisma where above, in SQL: the order needs an aggregate over deadlines, which Prisma's orderBy cannot express.
   * Served by deadlines(case_id, kind) and cases(assigned_unit_id, status).
   */
  private async byNearestDeadline(
    filter: CaseListFilter, visible: Set<string> | null, coCases: string[], units: readonly { id: string; code: string }[], skip: number, byIdentity: string[], matching: number,
  ) {
    const conds: Prisma.Sql[] = [];
    // The co-handled cases as ids (not EXISTS over case_co_units): the OR then stays an index condition.
    if (visible) conds.push(visible.size
      ? Prisma.sql`(c.assigned_unit_id = ANY(${[...visible]}::uuid[]) OR c.id = ANY(${coCases}::uuid[]))`
      : Prisma.sql`false`);
    if (filter.unit) {
      const u = units.find((x) => x.id === filter.unit || x.code === filter.unit);
      conds.push(u ? Prisma.sql`c.assigned_unit_id = ${u.id}::uuid` : Prisma.sql`false`);
    }
    if (filter.status?.length) conds.push(Prisma.sql`c.status = ANY(${filter.status}::text[])`);
    if (filter.type) conds.push(Prisma.sql`c.type = ${filter.type}`);
    if (filter.overdue !== undefined) conds.push(Prisma.sql`c.overdue = ${filter.overdue}`);
    if (filter.q) {
      const q = likeEscape(filter.q);
      conds.push(Prisma.sql`(c.case_no LIKE ${`${q}%`} OR c.respondent_name LIKE ${`%${q}%`} OR c.id = ANY(${byIdentity}::uuid[]))`);
    }
    // Many matching cases: two phases instead of one lateral min() per matching case (27 s over the 930,000 closed
    // cases of the 1,000,000-case bench, issue 15 §1): (a) the cases with an open clock, in clock order — they are few (a live
    // clock belongs to an open case), found from the partial index deadlines_open_case_due_idx; (b) the page's rest
    // from the cases without one, newest first along cases_received_at_idx. Same order as before.
    const open = Prisma.sql`d.met_at IS NULL AND d.state IN ('running', 'overdue')`;
    const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, ' AND ')}` : Prisma.empty;
    const take = filter.pageSize;
    if (matching <= LATERAL_UP_TO) {
      // Few matching cases (a unit's inbox, the pool): each one's nearest open clock, from the partial index.
      const few = await this.prisma.$queryRaw<{ id: string }[]>`
        SELECT c.id FROM cases c
        LEFT JOIN LATERAL (SELECT min(d.due_at) AS next_due FROM deadlines d WHERE d.case_id = c.id AND ${open}) nd ON true
        ${where}
        ORDER BY nd.next_due ASC NULLS LAST, c.received_at DESC, c.case_no DESC
        LIMIT ${take} OFFSET ${skip}`;
      return this.inOrder(few);
    }
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

  private async inOrder(ids: { id: string }[]) {
    const rows = await this.prisma.case.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
    const pos = new Map(ids.map((r, i) => [r.id, i]));
    return rows.sort((a, b) => pos.get(a.id)! - pos.get(b.id)!);
  }
}

/** Up to this many matching cases, the nearest-deadline list probes each case's clocks; beyond, it starts from the open clocks. */
const LATERAL_UP_TO = CASE_COUNT_CAP;

/** LIKE pattern with the wildcards of user input escaped (Prisma's contains/startsWith do the same). */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

@QueryHandler(GetTimeline)
export class GetTimelineHandler implements IQueryHandler<GetTimeline> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore) {}
  async execute({ id, viewer }: GetTimeline): Promise<TimelineEntry[]> {
    const row = await this.prisma.case.findUnique({ where: { id }, select: { assignedUnitId: true, type: true } });
    const units = await this.org.units();
    if (!row || !canSee(viewer, units, row.assignedUnitId, await coUnitIdsOf(this.prisma, id))) throw new CaseNotFound(id);
    const events = await this.prisma.caseEvent.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } });
    // A person's pair with a report (complaint+report, inquiry converted into a report) is one person: like /links,
    // the events naming the other case (CaseLinked, InquiryConverted) name it only to whoever may see both identities.
    const otherOf = (e: (typeof events)[number]): { kind: string; otherId: string | undefined } | null => {
      const d = e.data as Record<string, unknown> | null;
      if (e.type === 'CaseLinked' && typeof d?.kind === 'string') return { kind: d.kind, otherId: d.otherCaseId as string | undefined };
      if (e.type === 'InquiryConverted') return { kind: 'convertedTo', otherId: d?.toCaseId as string | undefined };
      return null;
    };
    const others = new Map((await this.prisma.case.findMany({
      where: { id: { in: events.flatMap((e) => { const o = otherOf(e)?.otherId; return o ? [o] : []; }) } }, select: { id: true, type: true, assignedUnitId: true },
    })).map((o) => [o.id, o]));
    const self = canSeeReporter(viewer, units, row.assignedUnitId);
    const dataOf = (e: (typeof events)[number]) => {
      const ref = otherOf(e);
      const o = ref?.otherId ? others.get(ref.otherId) : undefined;
      if (!ref || !sharesReporter(ref.kind, row.type, o?.type ?? null)) return e.data;
      if (self && o && canSeeReporter(viewer, units, o.assignedUnitId)) return e.data;
      return e.type === 'CaseLinked'
        ? { kind: ref.kind, otherCaseId: null, otherCaseNo: null }
        : { ...(e.data as object), toCaseId: null, toCaseNo: null };
    };
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
    const users = await this.prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } });
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    const refs = await unitRefs(this.org);
    return events.map((e) => ({
      seq: e.seq, type: e.type, at: toChinaIso(e.at),
      actor: e.actorId ? { id: e.actorId, name: names.get(e.actorId) ?? '' } : null,
      unit: e.unitId ? (refs.get(e.unitId) ?? null) : null, rule: e.rule, note: e.note, data: dataOf(e),
    }));
  }
}
