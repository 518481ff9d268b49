// In-memory adapters of libs/org's ports, for handler specs that run without PostgreSQL.
import type { RoutingRule } from '../domain/routing.js';
import type { RoutingRuleInput } from '../domain/routing-admin.js';
import type { UnitNode } from '../domain/unit-tree.js';
import {
  OrgDirectory, RoutingRuleRepository, UnitRepository, UserRepository,
  type NewUser, type RoutingRuleRecord, type UnitFields, type UserPatch, type UserRecord,
} from '../application/ports.js';

type StoredUnit = UnitNode & { aliases: string[] };

/** Units, rules and users in arrays; one object plays every org port, so a write shows in the next read. */
export class InMemoryOrg {
  units: StoredUnit[] = [];
  rules: RoutingRuleRecord[] = [];
  users: UserRecord[] = [];
  categories: string[] = [];
  invalidations = 0;
  private seq = 0;

  readonly directory: OrgDirectory;
  readonly unitRepo: UnitRepository;
  readonly userRepo: UserRepository;
  readonly ruleRepo: RoutingRuleRepository;

  constructor(init: { units?: UnitNode[]; rules?: RoutingRuleRecord[]; users?: UserRecord[]; categories?: string[] } = {}) {
    this.units = (init.units ?? []).map((u) => ({ ...u, aliases: [] }));
    this.rules = [...(init.rules ?? [])];
    this.users = [...(init.users ?? [])];
    this.categories = [...(init.categories ?? [])];
    const org = this;
    const node = ({ aliases: _, ...u }: StoredUnit): UnitNode => ({ ...u });
    this.directory = new (class extends OrgDirectory {
      async units() { return [...org.units].sort((a, b) => a.code.localeCompare(b.code)).map(node); }
      async unit(id: string) { const u = org.units.find((x) => x.id === id); return u && node(u); }
      async routingRules(): Promise<RoutingRule[]> {
        return org.rules.map(({ createdAt: _, ...r }) => ({ ...r, unitName: org.units.find((u) => u.id === r.unitId)?.name }));
      }
      invalidate() { org.invalidations++; }
    })();
    this.unitRepo = new (class extends UnitRepository {
      async create(id: string, f: UnitFields) {
        if (org.units.some((u) => u.code === f.code)) throw new Error('unique violation: units.code');
        const u = { id, isIntake: false, ...f };
        org.units.push(u);
        return node(u);
      }
      async update(id: string, patch: Partial<UnitFields>) {
        const u = org.units.find((x) => x.id === id);
        if (!u) throw new Error(`no unit ${id}`);
        Object.assign(u, patch);
        return node(u);
      }
      async addAlias(unitId: string, alias: string) {
        org.units.find((x) => x.id === unitId)!.aliases.push(alias);
      }
    })();
    this.userRepo = new (class extends UserRepository {
      async list() { return [...org.users].sort((a, b) => a.username.localeCompare(b.username)).map((u) => ({ ...u })); }
      async byId(id: string) { const u = org.users.find((x) => x.id === id); return u ? { ...u } : null; }
      async byUsername(username: string) { const u = org.users.find((x) => x.username === username); return u ? { ...u } : null; }
      async usernameTaken(username: string, exceptId: string | null) { return org.users.some((u) => u.username === username && u.id !== exceptId); }
      async create(n: NewUser) {
        const u: UserRecord = { ...n, active: true, failedLogins: 0, lockedUntil: null };
        org.users.push(u);
        return { ...u };
      }
      async update(id: string, patch: UserPatch) {
        const u = org.users.find((x) => x.id === id);
        if (!u) throw new Error(`no user ${id}`);
        Object.assign(u, patch);
        return { ...u };
      }
      async clearFailures(id: string) {
        const u = org.users.find((x) => x.id === id);
        if (u) Object.assign(u, { failedLogins: 0, lockedUntil: null });
        return !!u;
      }
      async countFailure(id: string, next: (failed: number) => { failed: number; lockedUntil?: Date }) {
        const u = org.users.find((x) => x.id === id)!;
        const n = next(u.failedLogins);
        u.failedLogins = n.failed;
        if (n.lockedUntil) u.lockedUntil = n.lockedUntil;
      }
    })();
    this.ruleRepo = new (class extends RoutingRuleRepository {
      async list() { return [...org.rules].sort((a, b) => b.priority - a.priority || a.regionPrefix.localeCompare(b.regionPrefix)); }
      async byId(id: string) { return org.rules.find((r) => r.id === id) ?? null; }
      async create(id: string, rule: RoutingRuleInput) {
        const r = { id, ...rule, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, ++org.seq)) };
        org.rules.push(r);
        return r;
      }
      async update(id: string, rule: RoutingRuleInput) {
        const r = org.rules.find((x) => x.id === id)!;
        Object.assign(r, rule);
        return r;
      }
      async delete(id: string) {
        const before = org.rules.length;
        org.rules = org.rules.filter((r) => r.id !== id);
        return org.rules.length < before;
      }
      async categoryCodes() { return [...org.categories]; }
    })();
  }
}
