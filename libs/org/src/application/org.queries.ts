import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { routeIntake, type IntakeRoutingInput, type RouteDecision } from '../domain/routing.js';
import type { UnitNode } from '../domain/unit-tree.js';
import { OrgDirectory } from './ports.js';

export class ListUnits extends Query<UnitNode[]> {}

@QueryHandler(ListUnits)
export class ListUnitsHandler implements IQueryHandler<ListUnits> {
  constructor(private readonly org: OrgDirectory) {}
  execute(): Promise<UnitNode[]> {
    return this.org.units();
  }
}

export interface RoutingPreview extends RouteDecision {
  unit: { id: string; code: string; name: string } | null;
}

/** "This will go to …, because rule …" — shown to the operator before saving. */
export class PreviewRouting extends Query<RoutingPreview> {
  constructor(readonly input: IntakeRoutingInput) { super(); }
}

@QueryHandler(PreviewRouting)
export class PreviewRoutingHandler implements IQueryHandler<PreviewRouting> {
  constructor(private readonly org: OrgDirectory) {}
  async execute({ input }: PreviewRouting): Promise<RoutingPreview> {
    const d = routeIntake(await this.org.routingRules(), input);
    const u = d.unitId ? await this.org.unit(d.unitId) : undefined;
    return { ...d, unit: u ? { id: u.id, code: u.code, name: u.name } : null };
  }
}
