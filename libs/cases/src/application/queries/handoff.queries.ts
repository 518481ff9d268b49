// Intake hints, case links, and reporter confidentiality on reads (issue 4).
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '#platform';
import { toChinaIso } from '#deadlines';
import { canSee, canSeeReporter, canUseHints, isIdentityProtected, sharesReporter, type UnitNode, type Viewer } from '#org';
import { Forbidden } from '#platform';
import { OrgDirectory } from '#org-nest';
import { maskName, maskPhone } from '../../domain/handoffs.js';
import { HINT_RULES, computeHints, type Hint, type HintInput } from '../../domain/hints.js';
import { normalizePhone } from '../../domain/parties.js';
import { CaseAccess, CaseReads, IdentityAudit } from '../ports.js';
import { CaseQuery, visibleHeader } from '../visible-case.js';

interface Identity { name: string; phone: string; address: string }

/**
 * A protected identity (a report's reporter, or the complainant of a complaint filed with a report) is shown only
 * to the intake unit and the assigned unit's handlers (O121 Art. 37); every unmasked read is written to
 * identity_reads. Returns the identity to show and whether it was masked.
 */
export async function reporterIdentity(
  audit: IdentityAudit, clock: Clock, viewer: Viewer, units: readonly UnitNode[],
  row: { id: string; type: string; assignedUnitId: string | null; realName: boolean }, identity: Identity, via: string, linked: boolean,
  /** The read was audited already, in the statement that registered the case (its registrant's answer). */
  audited = false,
): Promise<{ identity: Identity; masked: boolean }> {
  if (!isIdentityProtected(row.type, linked)) return { identity, masked: false };
  if (!canSeeReporter(viewer, units, row.assignedUnitId))
    return { identity: { name: row.realName ? maskName(identity.name) : '匿名', phone: maskPhone(identity.phone), address: identity.address ? '***' : '' }, masked: true };
  if (!audited) await audit.record(viewer, clock.now(), [{ caseId: row.id, via, fields: 'name,phone,address' }]);
  return { identity, masked: false };
}

/** Whether showing this case to `viewer` reads its protected reporter unmasked (the read `reporterIdentity` audits). */
export function readsReporter(viewer: Viewer, units: readonly UnitNode[], row: { type: string; assignedUnitId: string | null }, linked: boolean): boolean {
  return isIdentityProtected(row.type, linked) && canSeeReporter(viewer, units, row.assignedUnitId);
}

export interface HintCase { id: string; caseNo: string; type: string; status: string; receivedAt: string; respondentName: string }
export interface HintsResult { hints: (Omit<Hint, 'caseIds'> & { cases: HintCase[] })[]; rules: typeof HINT_RULES }

export class CaseHints extends Query<HintsResult> {
  constructor(readonly viewer: Viewer, readonly input: HintInput) { super(); }
}

/**
 * Intake hints, for the intake roles only (canUseHints: 403 otherwise). Counted over the cases the caller may see
 * and nothing else: a hint never tells of a case the caller could not open. Every request is audited (the phone
 * is an identity; a listed report or linked complaint names its reporter's case).
 */
@QueryHandler(CaseHints)
export class CaseHintsHandler implements IQueryHandler<CaseHints> {
  constructor(
    private readonly reads: CaseReads, private readonly org: OrgDirectory, private readonly clock: Clock, private readonly access: CaseAccess, private readonly audit: IdentityAudit,
  ) {}
  async execute({ viewer, input }: CaseHints): Promise<HintsResult> {
    const units = await this.org.units();
    if (!canUseHints(viewer, units)) throw new Forbidden('登记提示仅供投诉举报办（接线员）登记时使用');
    const now = this.clock.now();
    const since = new Date(now.getTime() - Math.max(HINT_RULES.patternDays, HINT_RULES.duplicateDays) * 86_400_000);
    const phone = normalizePhone(input.complainantPhone);
    const found = await this.reads.hintCandidates(phone, input.complainantAddress?.trim() || null, since);
    const coUnits = await this.reads.coUnitsOf(found.map((r) => r.id));
    const rows = found.filter((r) => canSee(viewer, units, r.assignedUnitId, coUnits.filter((c) => c.caseId === r.id).map((c) => c.unitId)));
    const hints = computeHints({ ...input, complainantPhone: phone }, rows, now);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const linked = await this.access.linkedToReport(rows.map((r) => r.id));
    const listed = new Set(hints.flatMap((h) => h.caseIds));
    const shown = [...listed].filter((id) => isIdentityProtected(byId.get(id)!.type, linked.has(id)));
    const query = maskPhone(phone);
    await this.audit.record(viewer, this.clock.now(), shown.length
      ? shown.map((caseId) => ({ caseId, via: 'POST /cases/hints', fields: 'hints', query }))
      : [{ caseId: null, via: 'POST /cases/hints', fields: 'hints', query }]);
    return {
      rules: HINT_RULES,
      hints: hints.map(({ caseIds, ...h }) => ({
        ...h,
        cases: caseIds.map((id) => byId.get(id)!).map((r) => ({ id: r.id, caseNo: r.caseNo, type: r.type, status: r.status, receivedAt: toChinaIso(r.receivedAt), respondentName: r.respondentName })),
      })),
    };
  }
}

export interface CaseLinkView { kind: string; case: { id: string; caseNo: string; type: string; status: string } | null; visible: boolean }

export class GetCaseLinks extends CaseQuery<CaseLinkView[]> {}

/**
 * The cases linked to one (complaint+report pair, conversions, merges, repeat reports); invisible ones show no
 * details. A complaint+report pair (or an inquiry converted into a report) is one person: the pair is shown only to
 * whoever may see the identity on both cases (canSeeReporter), else the link names no case — it would tie the party
 * to the report.
 */
@QueryHandler(GetCaseLinks)
export class GetCaseLinksHandler implements IQueryHandler<GetCaseLinks> {
  constructor(private readonly reads: CaseReads, private readonly org: OrgDirectory, private readonly access: CaseAccess) {}
  async execute({ caseId: id, viewer }: GetCaseLinks): Promise<CaseLinkView[]> {
    const { row, units } = await visibleHeader(this.access, this.org, id, viewer);
    const links = await this.reads.links(id);
    const others = await this.reads.summaries(links.map((l) => l.otherCaseId));
    const byId = new Map(others.map((o) => [o.id, o]));
    return links.map((l) => {
      const o = byId.get(l.otherCaseId);
      const pairHidden = sharesReporter(l.kind, row.type, o?.type ?? null)
        && !(canSeeReporter(viewer, units, row.assignedUnitId) && !!o && canSeeReporter(viewer, units, o.assignedUnitId));
      const visible = !!o && !pairHidden && canSee(viewer, units, o.assignedUnitId);
      return { kind: l.kind, visible, case: o && visible ? { id: o.id, caseNo: o.caseNo, type: o.type, status: o.status } : null };
    });
  }
}
