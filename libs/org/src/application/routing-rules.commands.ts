// Admin CRUD of the dispatch catalogue (派单目录). Admin only; every write invalidates this process's OrgStore
// cache (other processes see the change within the store's TTL).
import { Command, CommandHandler, type ICommandHandler, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Forbidden, InvalidInput, NotFound, PrismaService } from '#platform';
import type { Viewer } from '../domain/access.js';
import { normalizeKeywords, validateRoutingRule, type RoutingRuleInput } from '../domain/routing-admin.js';
import { OrgStore } from '../infrastructure/org.store.js';

export interface RoutingRuleView extends RoutingRuleInput {
  id: string;
  unit: { id: string; code: string; name: string } | null;
  createdAt: string;
}

function requireAdmin(v: Viewer): void {
  if (v.role !== 'admin') throw new Forbidden('只有系统管理员可以维护派单规则');
}

async function views(prisma: PrismaService, org: OrgStore, where: { id?: string } = {}): Promise<RoutingRuleView[]> {
  const [rows, units] = await Promise.all([
    prisma.routingRule.findMany({ where, orderBy: [{ priority: 'desc' }, { regionPrefix: 'asc' }, { townshipCode: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }] }),
    org.units(),
  ]);
  const byId = new Map(units.map((u) => [u.id, { id: u.id, code: u.code, name: u.name }]));
  return rows.map((r) => ({
    id: r.id, regionPrefix: r.regionPrefix, categoryPrefix: r.categoryPrefix, townshipCode: r.townshipCode, addressKeywords: r.addressKeywords, platform: r.platform, caseType: r.caseType,
    unitId: r.unitId, unit: byId.get(r.unitId) ?? null, priority: r.priority, enabled: r.enabled, note: r.note,
    createdAt: r.createdAt.toISOString(),
  }));
}

export class ListRoutingRules extends Query<RoutingRuleView[]> {
  constructor(readonly viewer: Viewer) { super(); }
}

@QueryHandler(ListRoutingRules)
export class ListRoutingRulesHandler implements IQueryHandler<ListRoutingRules> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore) {}
  execute({ viewer }: ListRoutingRules) {
    requireAdmin(viewer);
    return views(this.prisma, this.org);
  }
}

export class SaveRoutingRule extends Command<RoutingRuleView> {
  /** id null = create; otherwise a full replacement of the rule's fields (PUT/PATCH merged by the controller). */
  constructor(readonly viewer: Viewer, readonly id: string | null, readonly patch: Partial<RoutingRuleInput>) { super(); }
}

@CommandHandler(SaveRoutingRule)
export class SaveRoutingRuleHandler implements ICommandHandler<SaveRoutingRule> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore) {}
  async execute({ viewer, id, patch }: SaveRoutingRule): Promise<RoutingRuleView> {
    requireAdmin(viewer);
    const existing = id ? await this.prisma.routingRule.findUnique({ where: { id } }) : null;
    if (id && !existing) throw new NotFound('派单规则', id);
    const base: RoutingRuleInput = existing
      ? { regionPrefix: existing.regionPrefix, categoryPrefix: existing.categoryPrefix, townshipCode: existing.townshipCode, addressKeywords: existing.addressKeywords, platform: existing.platform, caseType: existing.caseType, unitId: existing.unitId, priority: existing.priority, enabled: existing.enabled, note: existing.note }
      : { regionPrefix: '', categoryPrefix: null, townshipCode: null, addressKeywords: [], platform: null, caseType: null, unitId: '', priority: 0, enabled: true, note: '' };
    const rule: RoutingRuleInput = { ...base, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    rule.addressKeywords = normalizeKeywords(rule.addressKeywords);
    // A township rule names its county by the code's first 6 digits when no prefix was given.
    if (!rule.regionPrefix && rule.townshipCode && /^\d{9}$/.test(rule.townshipCode)) rule.regionPrefix = rule.townshipCode.slice(0, 6);
    const [units, cats] = await Promise.all([this.org.units(), this.prisma.category.findMany({ select: { code: true } })]);
    const issues = validateRoutingRule(rule, units, cats.map((c) => c.code));
    if (issues.length) throw new InvalidInput(issues);
    const saved = existing
      ? await this.prisma.routingRule.update({ where: { id: existing.id }, data: rule })
      : await this.prisma.routingRule.create({ data: { id: randomUUID(), ...rule } });
    this.org.invalidate();
    return (await views(this.prisma, this.org, { id: saved.id }))[0]!;
  }
}

export class DeleteRoutingRule extends Command<void> {
  constructor(readonly viewer: Viewer, readonly id: string) { super(); }
}

/** Hard delete: cases keep the rule's explanation on their timeline (CaseDispatched.rule), so nothing dangles that matters. */
@CommandHandler(DeleteRoutingRule)
export class DeleteRoutingRuleHandler implements ICommandHandler<DeleteRoutingRule> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore) {}
  async execute({ viewer, id }: DeleteRoutingRule): Promise<void> {
    requireAdmin(viewer);
    const r = await this.prisma.routingRule.deleteMany({ where: { id } });
    if (r.count === 0) throw new NotFound('派单规则', id);
    this.org.invalidate();
  }
}
