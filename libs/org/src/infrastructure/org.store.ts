import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import type { RoutingRule } from '../domain/routing.js';
import type { UnitLevel, UnitNode } from '../domain/unit-tree.js';
import { OrgDirectory } from '../application/ports.js';

const TTL_MS = 5_000;

/** The unit tree and routing rules, cached briefly (small, read on every request, edited rarely). */
@Injectable()
export class OrgStore extends OrgDirectory {
  private u: { at: number; value: UnitNode[] } | null = null;
  private r: { at: number; value: RoutingRule[] } | null = null;

  constructor(private readonly prisma: PrismaService) {
    super();
  }

  invalidate(): void {
    this.u = null;
    this.r = null;
  }

  async units(): Promise<UnitNode[]> {
    if (this.u && Date.now() - this.u.at < TTL_MS) return this.u.value;
    const rows = await this.prisma.unit.findMany({ orderBy: { code: 'asc' } });
    const value = rows.map<UnitNode>((x) => ({
      id: x.id, code: x.code, name: x.name, level: x.level as UnitLevel, parentId: x.parentId, regionCode: x.regionCode, isIntake: x.isIntake,
    }));
    this.u = { at: Date.now(), value };
    return value;
  }

  async unit(id: string): Promise<UnitNode | undefined> {
    return (await this.units()).find((u) => u.id === id);
  }

  async routingRules(): Promise<RoutingRule[]> {
    if (this.r && Date.now() - this.r.at < TTL_MS) return this.r.value;
    const [rows, units] = await Promise.all([this.prisma.routingRule.findMany(), this.units()]);
    const names = new Map(units.map((x) => [x.id, x.name]));
    const value = rows.map<RoutingRule>((x) => ({
      id: x.id, regionPrefix: x.regionPrefix, categoryPrefix: x.categoryPrefix, townshipCode: x.townshipCode, addressKeywords: x.addressKeywords, platform: x.platform, caseType: x.caseType,
      unitId: x.unitId, unitName: names.get(x.unitId), priority: x.priority, enabled: x.enabled, note: x.note,
    }));
    this.r = { at: Date.now(), value };
    return value;
  }
}
