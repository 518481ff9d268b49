// Co-handling (协办) and supervision (督办/催办) reads, issue 4 (docs/routing.md).
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { toChinaIso } from '#deadlines';
import type { Viewer } from '#org';
import { OrgDirectory } from '#org-nest';
import { SUPERVISION_KIND_TEXT, supervisionState, type SupervisionKind, type SupervisionState } from '../../domain/cohandling.js';
import type { UnitRef } from './case.views.js';
import type { CoUnitView, SupervisionView } from '#contracts';
import { CaseAccess, CaseReads, type SupervisionRecord } from '../ports.js';
import { CaseQuery, visibleHeader } from '../visible-case.js';

// The response shapes are the contract shared with the console (libs/contracts).
export type { CoUnitView, SupervisionView };

async function refs(org: OrgDirectory): Promise<Map<string, UnitRef>> {
  return new Map((await org.units()).map((u) => [u.id, { id: u.id, code: u.code, name: u.name }]));
}

type SupRow = SupervisionRecord;
function supervisionView(s: SupRow, caseNo: string, units: Map<string, UnitRef>): SupervisionView {
  return {
    id: s.id, caseId: s.caseId, caseNo, kind: s.kind as SupervisionKind, kindText: SUPERVISION_KIND_TEXT[s.kind as SupervisionKind] ?? s.kind,
    state: supervisionState(s), auto: s.auto, openedByUnit: units.get(s.openedByUnitId) ?? null, targetUnit: units.get(s.targetUnitId) ?? null,
    openedAt: toChinaIso(s.openedAt), openedBy: s.openedBy, dueAt: toChinaIso(s.dueAt), answeredAt: s.answeredAt ? toChinaIso(s.answeredAt) : null,
    answeredBy: s.answeredBy, answer: s.answer, overdueAt: s.overdueAt ? toChinaIso(s.overdueAt) : null,
  };
}

/** A case's co-units and their parts; whoever may see the case may see them. */
export class GetCoUnits extends CaseQuery<CoUnitView[]> {}

@QueryHandler(GetCoUnits)
export class GetCoUnitsHandler implements IQueryHandler<GetCoUnits> {
  constructor(private readonly access: CaseAccess, private readonly reads: CaseReads, private readonly org: OrgDirectory) {}
  async execute({ caseId, viewer }: GetCoUnits): Promise<CoUnitView[]> {
    const parts = await this.reads.coUnitParts(caseId);
    await visibleHeader(this.access, this.org, caseId, viewer, parts.map((p) => p.unitId));
    const units = await refs(this.org);
    return parts.map((p) => ({
      unit: units.get(p.unitId) ?? null, state: p.state, addedAt: toChinaIso(p.addedAt), addedBy: p.addedBy,
      submittedAt: p.submittedAt ? toChinaIso(p.submittedAt) : null, text: p.text,
    }));
  }
}

/** A case's supervision items, oldest first. */
export class GetCaseSupervisions extends CaseQuery<SupervisionView[]> {}

@QueryHandler(GetCaseSupervisions)
export class GetCaseSupervisionsHandler implements IQueryHandler<GetCaseSupervisions> {
  constructor(private readonly reads: CaseReads, private readonly org: OrgDirectory, private readonly access: CaseAccess) {}
  async execute({ caseId, viewer }: GetCaseSupervisions): Promise<SupervisionView[]> {
    const { row } = await visibleHeader(this.access, this.org, caseId, viewer);
    const rows = await this.reads.supervisions(caseId);
    const units = await refs(this.org);
    return rows.map((s) => supervisionView(s, row.caseNo, units));
  }
}

export type SupervisionFilter = 'open' | 'overdue' | 'answered' | 'all';
export const SUPERVISION_FILTERS: readonly SupervisionFilter[] = ['open', 'overdue', 'answered', 'all'];

/**
 * A unit's supervision items: what it opened (`role: opener`) and what it must answer (`role: target`). `open` =
 * not answered yet (overdue included), `overdue` = unanswered past due, `answered`, `all`. Nearest due first.
 */
export class ListSupervisions extends Query<{ items: (SupervisionView & { role: 'opener' | 'target' })[] }> {
  constructor(readonly viewer: Viewer, readonly state: SupervisionFilter, readonly limit = 200) { super(); }
}

@QueryHandler(ListSupervisions)
export class ListSupervisionsHandler implements IQueryHandler<ListSupervisions> {
  constructor(private readonly reads: CaseReads, private readonly org: OrgDirectory) {}
  async execute({ viewer, state, limit }: ListSupervisions) {
    const rows = await this.reads.supervisionsOfUnit(viewer.unitId, state, limit);
    const cases = await this.reads.summaries(rows.map((r) => r.caseId));
    const nos = new Map(cases.map((c) => [c.id, c.caseNo]));
    const units = await refs(this.org);
    return {
      items: rows.map((s) => ({ ...supervisionView(s, nos.get(s.caseId) ?? '', units), role: s.targetUnitId === viewer.unitId ? 'target' as const : 'opener' as const })),
    };
  }
}
