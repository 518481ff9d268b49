import { Injectable } from '@nestjs/common';
import { PrismaService, ReadThrough } from '#platform';
import type { RoutingRule } from '../domain/routing.js';
import type { UnitLevel, UnitNode } from '../domain/unit-tree.js';
import { OrgDirectory } from '../application/ports.js';

const TTL_MS = 5_000;

/** The unit tree and routing rules, cached briefly (small, read on every request, edited rarely; see ReadThrough). */
@Injectable()
export class OrgStore extends OrgDirectory {
  private readonly u = new ReadThrough<UnitNode[]>(TTL_MS, async () => {
    const rows = await this.prisma.unit.findMany({ orderBy: { code: 'asc' } });
    return rows.map<UnitNode>((x) => ({
      id: x.id, code: x.code, name: x.name, level: x.level as UnitLevel, parentId: x.parentId, regionCode: x.regionCode, isIntake: x.isIntake,
    }));
  });
  private readonly r = new ReadThrough<RoutingRule[]>(TTL_MS, async () => {
    const [rows, units] = await Promise.all([this.prisma.routingRule.findMany(), this.units()]);
    const names = new Map(units.map((x) => [x.id, x.name]));
    return rows.map<RoutingRule>((x) => ({
      id: x.id, regionPrefix: x.regionPrefix, categoryPrefix: x.categoryPrefix, townshipCode: x.townshipCode, addressKeywords: x.addressKeywords, platform: x.platform, caseType: x.caseType,
      unitId: x.unitId, unitName: names.get(x.unitId), priority: x.priority, enabled: x.enabled, note: x.note,
    }));
  });

  constructor(private readonly prisma: PrismaService) {
    super();
  }

  invalidate(): void {
    this.u.invalidate();
    this.r.invalidate();
  }

  units(): Promise<UnitNode[]> {
    return this.u.get();
  }

  async unit(id: string): Promise<UnitNode | undefined> {
    return (await this.units()).find((u) => u.id === id);
  }

  routingRules(): Promise<RoutingRule[]> {
    return this.r.get();
  }
}
