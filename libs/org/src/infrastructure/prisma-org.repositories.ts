// Prisma adapters of libs/org's ports: the only code that writes `units`, `users` and `routing_rules`.
import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '#platform';
import type { Role } from '../domain/access.js';
import type { RoutingRuleInput } from '../domain/routing-admin.js';
import type { UnitLevel, UnitNode } from '../domain/unit-tree.js';
import {
  RoutingRuleRepository, UnitRepository, UserRepository,
  type NewUser, type RoutingRuleRecord, type UnitFields, type UserPatch, type UserRecord,
} from '../application/ports.js';

type UnitRow = { id: string; code: string; name: string; level: string; parentId: string | null; regionCode: string | null; isIntake: boolean };
const unitNode = (r: UnitRow): UnitNode => ({ id: r.id, code: r.code, name: r.name, level: r.level as UnitLevel, parentId: r.parentId, regionCode: r.regionCode, isIntake: r.isIntake });

@Injectable()
export class PrismaUnitRepository extends UnitRepository {
  constructor(private readonly prisma: PrismaService) { super(); }
  async create(id: string, f: UnitFields): Promise<UnitNode> {
    return unitNode(await this.prisma.unit.create({ data: { id, ...f } }));
  }
  async update(id: string, patch: Partial<UnitFields>): Promise<UnitNode> {
    return unitNode(await this.prisma.unit.update({ where: { id }, data: patch }));
  }
  async addAlias(unitId: string, alias: string, tx: Tx): Promise<void> {
    await tx.unit.update({ where: { id: unitId }, data: { aliases: { push: alias } } });
  }
}

type UserRow = Omit<UserRecord, 'role'> & { role: string };
const userRecord = (r: UserRow): UserRecord => ({
  id: r.id, username: r.username, displayName: r.displayName, role: r.role as Role, unitId: r.unitId, active: r.active,
  passwordHash: r.passwordHash, failedLogins: r.failedLogins, lockedUntil: r.lockedUntil,
});
const USER = { id: true, username: true, displayName: true, role: true, unitId: true, active: true, passwordHash: true, failedLogins: true, lockedUntil: true } as const;

@Injectable()
export class PrismaUserRepository extends UserRepository {
  constructor(private readonly prisma: PrismaService) { super(); }
  async list(): Promise<UserRecord[]> {
    return (await this.prisma.user.findMany({ select: USER, orderBy: { username: 'asc' } })).map(userRecord);
  }
  async byId(id: string): Promise<UserRecord | null> {
    const r = await this.prisma.user.findUnique({ where: { id }, select: USER });
    return r && userRecord(r);
  }
  async byUsername(username: string): Promise<UserRecord | null> {
    const r = await this.prisma.user.findUnique({ where: { username }, select: USER });
    return r && userRecord(r);
  }
  async usernameTaken(username: string, exceptId: string | null): Promise<boolean> {
    return !!(await this.prisma.user.findFirst({ where: { username, NOT: exceptId ? { id: exceptId } : undefined }, select: { id: true } }));
  }
  async create(u: NewUser): Promise<UserRecord> {
    return userRecord(await this.prisma.user.create({ data: u, select: USER }));
  }
  async update(id: string, patch: UserPatch): Promise<UserRecord> {
    return userRecord(await this.prisma.user.update({ where: { id }, data: patch, select: USER }));
  }
  async clearFailures(id: string): Promise<boolean> {
    const { count } = await this.prisma.user.updateMany({ where: { id }, data: { failedLogins: 0, lockedUntil: null } });
    return count > 0;
  }
  async countFailure(id: string, next: (failed: number) => { failed: number; lockedUntil?: Date }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ failed_logins: number }[]>`SELECT failed_logins FROM users WHERE id = ${id}::uuid FOR UPDATE`;
      const n = next(row?.failed_logins ?? 0);
      await tx.user.update({ where: { id }, data: { failedLogins: n.failed, ...(n.lockedUntil ? { lockedUntil: n.lockedUntil } : {}) } });
    });
  }
}

type RuleRow = Omit<RoutingRuleRecord, never>;
const rule = (r: RuleRow): RoutingRuleRecord => ({
  id: r.id, regionPrefix: r.regionPrefix, categoryPrefix: r.categoryPrefix, townshipCode: r.townshipCode, addressKeywords: r.addressKeywords,
  platform: r.platform, caseType: r.caseType, unitId: r.unitId, priority: r.priority, enabled: r.enabled, note: r.note, createdAt: r.createdAt,
});

@Injectable()
export class PrismaRoutingRuleRepository extends RoutingRuleRepository {
  constructor(private readonly prisma: PrismaService) { super(); }
  async list(): Promise<RoutingRuleRecord[]> {
    const rows = await this.prisma.routingRule.findMany({ orderBy: [{ priority: 'desc' }, { regionPrefix: 'asc' }, { townshipCode: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }] });
    return rows.map(rule);
  }
  async byId(id: string): Promise<RoutingRuleRecord | null> {
    const r = await this.prisma.routingRule.findUnique({ where: { id } });
    return r && rule(r);
  }
  async create(id: string, input: RoutingRuleInput): Promise<RoutingRuleRecord> {
    return rule(await this.prisma.routingRule.create({ data: { id, ...input } }));
  }
  async update(id: string, input: RoutingRuleInput): Promise<RoutingRuleRecord> {
    return rule(await this.prisma.routingRule.update({ where: { id }, data: input }));
  }
  async delete(id: string): Promise<boolean> {
    return (await this.prisma.routingRule.deleteMany({ where: { id } })).count > 0;
  }
  async categoryCodes(): Promise<string[]> {
    return (await this.prisma.category.findMany({ select: { code: true } })).map((c) => c.code);
  }
}
