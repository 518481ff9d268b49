// Admin CRUD of the dispatch catalogue (派单目录). Admin only; every write invalidates this process's OrgStore
// cache (other processes see the change within the store's TTL).
import { Command, CommandHandler, type ICommandHandler, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Forbidden, InvalidInput, NotFound } from '#platform';
import type { Viewer } from '../domain/access.js';
import { normalizeKeywords, validateRoutingRule, type RoutingRuleInput } from '../domain/routing-admin.js';
import { OrgDirectory, RoutingRuleRepository, type RoutingRuleRecord } from './ports.js';

export interface RoutingRuleView extends RoutingRuleInput {
  id: string;
  unit: { id: string; code: string; name: string } | null;
  createdAt: string;
}

function requireAdmin(v: Viewer): void {
  if (v.role !== 'admin') throw new Forbidden('只有系统管理员可以维护派单规则');
}

async function views(rows: RoutingRuleRecord[], org: OrgDirectory): Promise<RoutingRuleView[]> {
  const units = await org.units();
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
  constructor(private readonly rules: RoutingRuleRepository, private readonly org: OrgDirectory) {}
  async execute({ viewer }: ListRoutingRules) {
    requireAdmin(viewer);
    return views(await this.rules.list(), this.org);
  }
}

export class SaveRoutingRule extends Command<RoutingRuleView> {
  /** id null = create; otherwise a full replacement of the rule's fields (PUT/PATCH merged by the controller). */
  constructor(readonly viewer: Viewer, readonly id: string | null, readonly patch: Partial<RoutingRuleInput>) { super(); }
}

@CommandHandler(SaveRoutingRule)
export class SaveRoutingRuleHandler implements ICommandHandler<SaveRoutingRule> {
  constructor(private readonly rules: RoutingRuleRepository, private readonly org: OrgDirectory) {}
  async execute({ viewer, id, patch }: SaveRoutingRule): Promise<RoutingRuleView> {
    requireAdmin(viewer);
    const existing = id ? await this.rules.byId(id) : null;
    if (id && !existing) throw new NotFound('派单规则', id);
    const base: RoutingRuleInput = existing
      ? { regionPrefix: existing.regionPrefix, categoryPrefix: existing.categoryPrefix, townshipCode: existing.townshipCode, addressKeywords: existing.addressKeywords, platform: existing.platform, caseType: existing.caseType, unitId: existing.unitId, priority: existing.priority, enabled: existing.enabled, note: existing.note }
      : { regionPrefix: '', categoryPrefix: null, townshipCode: null, addressKeywords: [], platform: null, caseType: null, unitId: '', priority: 0, enabled: true, note: '' };
    const rule: RoutingRuleInput = { ...base, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    rule.addressKeywords = normalizeKeywords(rule.addressKeywords);
    // A township rule names its county by the code's first 6 digits when no prefix was given.
    if (!rule.regionPrefix && rule.townshipCode && /^\d{9}$/.test(rule.townshipCode)) rule.regionPrefix = rule.townshipCode.slice(0, 6);
    const [units, cats] = await Promise.all([this.org.units(), this.rules.categoryCodes()]);
    const issues = validateRoutingRule(rule, units, cats);
    if (issues.length) throw new InvalidInput(issues);
    const saved = existing ? await this.rules.update(existing.id, rule) : await this.rules.create(randomUUID(), rule);
    this.org.invalidate();
    return (await views([saved], this.org))[0]!;
  }
}

export class DeleteRoutingRule extends Command<void> {
  constructor(readonly viewer: Viewer, readonly id: string) { super(); }
}

/** Hard delete: cases keep the rule's explanation on their timeline (CaseDispatched.rule), so nothing dangles that matters. */
@CommandHandler(DeleteRoutingRule)
export class DeleteRoutingRuleHandler implements ICommandHandler<DeleteRoutingRule> {
  constructor(private readonly rules: RoutingRuleRepository, private readonly org: OrgDirectory) {}
  async execute({ viewer, id }: DeleteRoutingRule): Promise<void> {
    requireAdmin(viewer);
    if (!(await this.rules.delete(id))) throw new NotFound('派单规则', id);
    this.org.invalidate();
  }
}
