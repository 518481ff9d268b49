// The read side's one visibility gate on a case (co-units included): a case the viewer may not see does not exist.
import { Query } from '@nestjs/cqrs';
import { canSee, type UnitNode, type Viewer } from '#org';
import { OrgDirectory } from '#org-nest';
import { CaseNotFound } from '../domain/case.errors.js';
import { CaseAccess, type CaseHeader } from './ports.js';

/** A read of one case on behalf of a viewer (its handler starts with visibleHeader or an equivalent gate). */
export abstract class CaseQuery<R> extends Query<R> {
  constructor(readonly caseId: string, readonly viewer: Viewer) { super(); }
}

/**
 * The case's header and the unit tree, or CaseNotFound when there is no such case or `viewer` may not see it.
 * `coUnitIds`: the co-units when the caller has read them already (else they are read here).
 */
export async function visibleHeader(
  access: CaseAccess, org: OrgDirectory, caseId: string, viewer: Viewer, coUnitIds?: readonly string[],
): Promise<{ row: CaseHeader; units: UnitNode[] }> {
  const row = await access.header(caseId);
  const units = await org.units();
  if (!row || !canSee(viewer, units, row.assignedUnitId, coUnitIds ?? await access.coUnitIds(caseId))) throw new CaseNotFound(caseId);
  return { row, units };
}
