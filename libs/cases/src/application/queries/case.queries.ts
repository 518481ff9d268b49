import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, InvalidInput } from '#platform';
import { fieldMessage } from '#contracts';
import { toChinaIso } from '#deadlines';
import { canSee, canSeeReporter, identityQuery, isIdentityProtected, legalAuthorityOf, sharesReporter, visibleUnitIds, type UnitNode, type Viewer } from '#org';
import { OrgDirectory } from '#org-nest';
import { CaseNotFound } from '../../domain/case.errors.js';
import type { CaseProps } from '../../domain/case.js';
import { caseView, type CaseView, type UnitRef } from './case.views.js';
import { reporterIdentity } from './handoff.queries.js';
import { maskName, maskPhone } from '../../domain/handoffs.js';
import { normalizePhone } from '../../domain/parties.js';
import { IdentitySearchLimiter } from '../../infrastructure/identity-search.limiter.js';
import { CaseAccess, countCapOf, CaseReads, CaseViews, IdentityAudit, type CaseEventRow, type CaseListPosition, type CaseRow, type DeadlineRow } from '../ports.js';
import { decodeCursor, encodeCursor } from './list-cursor.js';
import { CaseQuery, visibleHeader } from '../visible-case.js';
export { CASE_COUNT_CAP, CASE_SEARCH_COUNT_CAP } from '../ports.js';

export class GetCase extends CaseQuery<CaseView> {}

export interface CaseListFilter {
  unit?: string;
  status?: string[];
  type?: string;
  overdue?: boolean;
  /** an open 管辖争议 (or none) */
  disputed?: boolean;
  q?: string;
  /** received (default): newest first. deadline: nearest open deadline first (overdue first), cases without one last. */
  sort?: 'received' | 'deadline';
  page: number;
  pageSize: number;
  /** The nextCursor of the page before: this page starts after its last case (keyset; `page` is then 1). */
  cursor?: string;
}
export interface CaseListItem {
  id: string; caseNo: string; type: string; channel: string; status: string; receivedAt: string; complainantName: string;
  respondentName: string; category: string; assignedUnit: UnitRef | null; overdue: boolean;
  nextDeadline: { kind: string; dueAt: string; state: string } | null;
}
export interface Page<T> { items: T[]; total: number; page: number; pageSize: number; totalCapped?: boolean; nextCursor?: string }

/**
 * Where a list's page starts: an offset (page numbers, up to the count's cap — the list counts no further, so a page
 * number past it names nothing the client was shown) or after a cursor's case.
 */
function listStart(filter: CaseListFilter, sort: 'received' | 'deadline'): { skip: number; after?: CaseListPosition } {
  if (filter.cursor !== undefined) {
    if (filter.page !== 1) throw new InvalidInput([{ field: 'page', code: 'PAGE_WITH_CURSOR', message: fieldMessage('page', '按翻页位置（cursor）翻页时不能同时指定页码') }]);
    return { skip: 0, after: decodeCursor(filter.cursor, sort) };
  }
  const skip = (filter.page - 1) * filter.pageSize;
  const cap = countCapOf(filter);
  if (skip >= cap) {
    throw new InvalidInput([{
      field: 'page', code: 'PAGE_TOO_DEEP',
      message: fieldMessage('page', `按页码最多翻到第 ${cap} 件（每页 ${filter.pageSize} 条时第 ${Math.ceil(cap / filter.pageSize)} 页）；请缩小查询条件，或按上一页给出的翻页位置（nextCursor）继续往后翻`),
    }]);
  }
  return { skip };
}

export class ListCases extends Query<Page<CaseListItem>> {
  constructor(readonly viewer: Viewer, readonly filter: CaseListFilter) { super(); }
}

/** The cases a handling unit has in hand (签收前、已签收、已受理), by status, with the overdue ones: the inbox's load. */
export const LOAD_STATUSES = ['dispatched', 'signed', 'accepted'] as const;
export interface CaseLoad { items: { status: (typeof LOAD_STATUSES)[number]; total: number; overdue: number }[] }
export class GetCaseLoad extends Query<CaseLoad> {
  /** `unit`: a unit's id or code, as the list's filter (one that does not exist: nothing). */
  constructor(readonly viewer: Viewer, readonly unit?: string) { super(); }
}

export interface TimelineEntry {
  seq: number; type: string; at: string; actor: { id: string; name: string } | null; unit: UnitRef | null;
  rule: string | null; note: string | null; data: unknown;
}
export class GetTimeline extends CaseQuery<TimelineEntry[]> {}

// Per unit list (the directory hands out the same cached array for its TTL): built once, not on every view.
const refsByUnits = new WeakMap<readonly UnitNode[], Map<string, UnitRef>>();
async function unitRefs(org: OrgDirectory): Promise<Map<string, UnitRef>> {
  const units = await org.units();
  let refs = refsByUnits.get(units);
  if (!refs) refsByUnits.set(units, (refs = new Map(units.map((u) => [u.id, { id: u.id, code: u.code, name: u.name }]))));
  return refs;
}

@QueryHandler(GetCase)
export class GetCaseHandler implements IQueryHandler<GetCase> {
  constructor(
    private readonly views: CaseViews, private readonly org: OrgDirectory, private readonly clock: Clock, private readonly access: CaseAccess, private readonly audit: IdentityAudit,
  ) {}
  async execute({ caseId: id, viewer }: GetCase): Promise<CaseView> {
    const row = await this.views.row(id);
    const units = await this.org.units();
    // Another unit learns nothing, not even that the case exists.
    if (!row || !canSee(viewer, units, row.assignedUnitId, await this.access.coUnitIds(id))) throw new CaseNotFound(id);
    const deadlines = await this.views.deadlines(id);
    const linked = row.type !== 'report' && (await this.access.linkedToReport([id])).has(id);
    return fullView(this.audit, this.clock, this.org, viewer, units, row, deadlines, linked);
  }
}

async function fullView(
  audit: IdentityAudit, clock: Clock, org: OrgDirectory, viewer: Viewer, units: readonly UnitNode[], row: CaseRow, deadlines: DeadlineRow[], linked: boolean,
  audited = false,
): Promise<CaseView> {
  const refs = await unitRefs(org);
  const view = caseView(row, deadlines, row.assignedUnitId ? (refs.get(row.assignedUnitId) ?? null) : null, (id) => refs.get(id) ?? null);
  const r = await reporterIdentity(audit, clock, viewer, units, row, view.complainant, 'GET /cases/:id', linked, audited);
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
  constructor(
    readonly registered: Readonly<CaseProps>, readonly viewer: Viewer, readonly linked: boolean,
    /** The registration committed this answer's identity read with the case (RegisterCase's `answered` option): not again. */
    readonly audited = false,
  ) { super(); }
}

@QueryHandler(RegisteredCaseView)
export class RegisteredCaseViewHandler implements IQueryHandler<RegisteredCaseView> {
  constructor(private readonly audit: IdentityAudit, private readonly org: OrgDirectory, private readonly clock: Clock) {}
  async execute({ registered: p, viewer, linked, audited }: RegisteredCaseView): Promise<CaseView> {
    const units = await this.org.units();
    if (!canSee(viewer, units, p.assignedUnitId, [])) throw new CaseNotFound(p.id);
    const day = (s: string) => new Date(`${s}T00:00:00Z`);
    // Shaped as the rows GetCase reads: the columns the adapter writes.
    const row: CaseRow = {
      id: p.id, caseNo: p.caseNo, type: p.type, channel: p.channel, status: p.status, regime: p.regime, receivedAt: p.receivedAt, registeredAt: p.registeredAt,
      complainantName: p.complainant.name, complainantPhone: p.complainant.phone, complainantAddress: p.complainant.address,
      respondentName: p.respondent.name, respondentCreditCode: p.respondent.creditCode, respondentRegionCode: p.respondent.regionCode,
      respondentTownshipCode: p.respondent.townshipCode ?? null, respondentAddress: p.respondent.address, respondentPlatform: p.respondent.platform,
      categoryCode: p.categoryCode, problemType: p.problemType, description: p.description, request: p.request, amount: p.amount,
      assignedUnitId: p.assignedUnitId, declineGround: p.declineGround, outcome: p.outcome, closeGround: p.closeGround,
      recoveredAmount: p.recoveredAmount, satisfaction: p.satisfaction,
      overdue: p.deadlines.some((d) => d.state === 'overdue' && d.metAt === null),
      realName: p.realName ?? true, violationRegionCode: p.violationRegionCode ?? null, returnCount: p.returnCount ?? 0,
      pingPong: p.pingPong ?? false, reportDecision: p.reportDecision ?? null, transferredOutTo: p.transferredOutTo ?? null,
      answer: p.answer ?? null, mergedIntoId: p.mergedIntoId ?? null, jurisdictionDispute: p.jurisdictionDispute ?? null,
    };
    const deadlines: DeadlineRow[] = p.deadlines.map((d) => ({
      id: d.id, caseId: p.id, step: d.step, startDate: day(d.startDate), amount: d.amount, unit: d.unit, dueDate: day(d.dueDate), dueAt: d.dueAt,
      legalBasis: d.legalBasis, calendarGap: d.calendarGap, metAt: d.metAt, overdueAt: d.overdueAt, version: d.version, state: d.state,
    }));
    return fullView(this.audit, this.clock, this.org, viewer, units, row, deadlines, linked && p.type !== 'report', audited);
  }
}

/** A list's unit filter (id or code) as the unit's id; one that does not exist matches nothing (the nil uuid). */
function unitFilter(units: readonly UnitNode[], unit: string | undefined): string | undefined {
  return unit ? (units.find((x) => x.id === unit || x.code === unit)?.id ?? '00000000-0000-0000-0000-000000000000') : undefined;
}

/** The inbox's load: the cases the list would show the viewer in each status of LOAD_STATUSES, counted in full. */
@QueryHandler(GetCaseLoad)
export class GetCaseLoadHandler implements IQueryHandler<GetCaseLoad> {
  constructor(private readonly views: CaseViews, private readonly org: OrgDirectory) {}
  async execute({ viewer, unit }: GetCaseLoad): Promise<CaseLoad> {
    const units = await this.org.units();
    const rows = await this.views.load({ visible: visibleUnitIds(viewer, units), unitId: unitFilter(units, unit), status: LOAD_STATUSES });
    return {
      items: LOAD_STATUSES.map((status) => {
        const r = rows.find((x) => x.status === status);
        return { status, total: r?.total ?? 0, overdue: r?.overdue ?? 0 };
      }),
    };
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
    private readonly views: CaseViews, private readonly org: OrgDirectory, private readonly clock: Clock, private readonly limiter: IdentitySearchLimiter,
    private readonly access: CaseAccess, private readonly audit: IdentityAudit,
  ) {}
  async execute({ viewer, filter }: ListCases): Promise<Page<CaseListItem>> {
    const units = await this.org.units();
    const visible = visibleUnitIds(viewer, units);
    const unitId = unitFilter(units, filter.unit);
    const sort = filter.sort === 'deadline' ? 'deadline' : 'received';
    const { skip, after } = listStart(filter, sort);
    const byIdentity = filter.q ? await this.identityMatches(viewer, units, filter.q) : [];
    const { total, capped, rows } = await this.views.list({
      visible, unitId, status: filter.status, type: filter.type, overdue: filter.overdue, disputed: filter.disputed, q: filter.q, byIdentity,
      sort, skip, take: filter.pageSize, after,
    });
    const refs = await unitRefs(this.org);
    // A full page may have more after it (an offset page: unless it reached the exact total).
    const last = rows.length === filter.pageSize ? rows[rows.length - 1] : undefined;
    const more = last && (after || capped || skip + rows.length < total);
    return {
      total, page: filter.page, pageSize: filter.pageSize, ...(capped ? { totalCapped: true } : {}),
      ...(more ? { nextCursor: encodeCursor({ sort, receivedAt: last.receivedAt, caseNo: last.caseNo, nextDueAt: last.nextDueAt }) } : {}),
      items: rows.map((r) => {
        const d = r.nextDeadline;
        return {
          id: r.id, caseNo: r.caseNo, type: r.type, channel: r.channel, status: r.status, receivedAt: toChinaIso(r.receivedAt),
          // A protected identity is never shown in lists (O121 Art. 37); open the case to see it, if allowed (audited).
          complainantName: isIdentityProtected(r.type, r.linkedToReport) ? (r.realName ? maskName(r.complainantName) : '匿名') : r.complainantName,
          respondentName: r.respondentName, category: r.categoryCode,
          assignedUnit: r.assignedUnitId ? (refs.get(r.assignedUnitId) ?? null) : null, overdue: r.overdue,
          nextDeadline: d ? { kind: d.step, dueAt: toChinaIso(d.dueAt), state: d.state } : null,
          disputed: r.disputed,
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
      ? await this.views.byPhone(normalizePhone(idq.value))
      : [];
    const linked = await this.access.linkedToReport(rows.filter((r) => r.type !== 'report').map((r) => r.id));
    const matches = rows.filter((r) => !isIdentityProtected(r.type, linked.has(r.id)) || canSeeReporter(viewer, units, r.assignedUnitId));
    const shown = matches.filter((r) => isIdentityProtected(r.type, linked.has(r.id)));
    const via = 'GET /cases?q';
    const fields = `search:${idq.kind}`;
    const query = idq.kind === 'phone' ? maskPhone(idq.value) : `${idq.value.slice(0, 6)}********${idq.value.slice(-4)}`;
    await this.audit.record(viewer, this.clock.now(), shown.length
      ? shown.map((r) => ({ caseId: r.id, via, fields, query }))
      : [{ caseId: null, via, fields, query }]);
    return matches.map((r) => r.id);
  }
}

@QueryHandler(GetTimeline)
export class GetTimelineHandler implements IQueryHandler<GetTimeline> {
  constructor(private readonly views: CaseViews, private readonly reads: CaseReads, private readonly org: OrgDirectory, private readonly access: CaseAccess) {}
  async execute({ caseId: id, viewer }: GetTimeline): Promise<TimelineEntry[]> {
    const { row, units } = await visibleHeader(this.access, this.org, id, viewer);
    const events = await this.views.events(id);
    // A person's pair with a report (complaint+report, inquiry converted into a report) is one person: like /links,
    // the events naming the other case (CaseLinked, InquiryConverted) name it only to whoever may see both identities.
    const otherOf = (e: CaseEventRow): { kind: string; otherId: string | undefined } | null => {
      const d = e.data as Record<string, unknown> | null;
      if (e.type === 'CaseLinked' && typeof d?.kind === 'string') return { kind: d.kind, otherId: d.otherCaseId as string | undefined };
      if (e.type === 'InquiryConverted') return { kind: 'convertedTo', otherId: d?.toCaseId as string | undefined };
      return null;
    };
    const others = new Map((await this.reads.summaries(events.flatMap((e) => { const o = otherOf(e)?.otherId; return o ? [o] : []; }))).map((o) => [o.id, o]));
    const self = canSeeReporter(viewer, units, row.assignedUnitId);
    const dataOf = (e: CaseEventRow) => {
      const ref = otherOf(e);
      const o = ref?.otherId ? others.get(ref.otherId) : undefined;
      if (!ref || !sharesReporter(ref.kind, row.type, o?.type ?? null)) return e.data;
      if (self && o && canSeeReporter(viewer, units, o.assignedUnitId)) return e.data;
      return e.type === 'CaseLinked'
        ? { kind: ref.kind, otherCaseId: null, otherCaseNo: null }
        : { ...(e.data as object), toCaseId: null, toCaseNo: null };
    };
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
    const [names, enterprises, refs] = await Promise.all([this.access.userNames(actorIds), this.access.enterprisesOf(actorIds), unitRefs(this.org)]);
    return events.map((e) => {
      // An ODR enterprise's account acts for its enterprise, not for the unit its account row is filed under.
      const enterprise = (e.actorId && enterprises.get(e.actorId)) || null;
      return {
        seq: e.seq, type: e.type, at: toChinaIso(e.at),
        actor: e.actorId ? { id: e.actorId, name: names.get(e.actorId) ?? '' } : null,
        unit: e.unitId && !enterprise ? (refs.get(e.unitId) ?? null) : null, enterprise, rule: e.rule, note: e.note, data: dataOf(e),
      };
    });
  }
}
