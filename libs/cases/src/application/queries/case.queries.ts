import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, PrismaService } from '#platform';
import { toChinaIso } from '#deadlines';
import { canSee, canSeeReporter, identityQuery, isIdentityProtected, legalAuthorityOf, sharesReporter, visibleUnitIds, type UnitNode, type Viewer } from '#org';
import { OrgStore } from '#org-nest';
import { Prisma } from '#prisma-client';
import { CaseNotFound } from '../../domain/case.errors.js';
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
export interface Page<T> { items: T[]; total: number; page: number; pageSize: number }

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
    const refs = await unitRefs(this.org);
    const view = caseView(row, deadlines, row.assignedUnitId ? (refs.get(row.assignedUnitId) ?? null) : null);
    const linked = row.type !== 'report' && (await linkedToReport(this.prisma, [id])).has(id);
    const r = await reporterIdentity(this.prisma, this.clock, viewer, units, row, view.complainant, 'GET /cases/:id', linked);
    const legal = row.assignedUnitId ? legalAuthorityOf(units, row.assignedUnitId) : undefined;
    return { ...view, complainant: r.identity, reporterMasked: r.masked, legalUnit: legal ? (refs.get(legal.id) ?? null) : null };
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
    if (visible) and.push({ OR: [{ assignedUnitId: { in: [...visible] } }, { id: { in: await coCaseIdsOf(this.prisma, visible) } }] });
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
    const [total, rows] = await Promise.all([
      this.prisma.case.count({ where }),
      filter.sort === 'deadline'
        ? this.byNearestDeadline(filter, visible, units, skip, byIdentity)
        : this.prisma.case.findMany({ where, orderBy: [{ receivedAt: 'desc' }, { caseNo: 'desc' }], skip, take: filter.pageSize }),
    ]);
    const open = await this.prisma.deadline.findMany({
      where: { caseId: { in: rows.map((r) => r.id) }, metAt: null, state: { in: ['running', 'overdue'] } },
      orderBy: { dueAt: 'asc' },
    });
    const next = new Map<string, (typeof open)[number]>();
    for (const d of open) if (d.caseId && !next.has(d.caseId)) next.set(d.caseId, d);
    const refs = await unitRefs(this.org);
    const linked = await linkedToReport(this.prisma, rows.filter((r) => r.type !== 'report').map((r) => r.id));
    return {
      total, page: filter.page, pageSize: filter.pageSize,
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
  private async byNearestDeadline(filter: CaseListFilter, visible: Set<string> | null, units: readonly { id: string; code: string }[], skip: number, byIdentity: string[]) {
    const conds: Prisma.Sql[] = [];
    if (visible) conds.push(visible.size
      ? Prisma.sql`(c.assigned_unit_id = ANY(${[...visible]}::uuid[]) OR EXISTS (SELECT 1 FROM case_co_units cu WHERE cu.case_id = c.id AND cu.unit_id = ANY(${[...visible]}::uuid[])))`
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
    const where = conds.length ? Prisma.sql`WHERE ${Prisma.join(conds, ' AND ')}` : Prisma.empty;
    const ids = await this.prisma.$queryRaw<{ id: string }[]>`
      SELECT c.id FROM cases c
      LEFT JOIN LATERAL (
        SELECT min(d.due_at) AS next_due FROM deadlines d
        WHERE d.case_id = c.id AND d.met_at IS NULL AND d.state IN ('running', 'overdue')
      ) nd ON true
      ${where}
      ORDER BY nd.next_due ASC NULLS LAST, c.received_at DESC, c.case_no DESC
      LIMIT ${filter.pageSize} OFFSET ${skip}`;
    const rows = await this.prisma.case.findMany({ where: { id: { in: ids.map((r) => r.id) } } });
    const pos = new Map(ids.map((r, i) => [r.id, i]));
    return rows.sort((a, b) => pos.get(a.id)! - pos.get(b.id)!);
  }
}

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
