import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, InvalidInput, NotFound } from '#platform';
import { passwordIssue } from '../domain/credentials.js';
import type { Role } from '../domain/access.js';
import { type UnitLevel, type UnitNode, subtreeIds } from '../domain/unit-tree.js';
import { OrgDirectory, UnitRepository, UserRepository, type UserRecord } from './ports.js';

// Which level may sit under which: the unit tree is 市 → 科室 / 区县局 → 所.
const PARENT_LEVEL: Record<UnitLevel, UnitLevel[]> = { city: [], department: ['city'], county: ['city'], station: ['county'] };

export interface UnitInput { code?: string; name?: string; level?: UnitLevel; parentId?: string | null; regionCode?: string | null; aliases?: string[] }

/** Create (id null) or edit a unit of the tree; keeps the tree a tree and its levels in order. */
export class SaveUnit extends Command<UnitNode> {
  constructor(readonly id: string | null, readonly input: UnitInput) { super(); }
}

@CommandHandler(SaveUnit)
export class SaveUnitHandler implements ICommandHandler<SaveUnit> {
  constructor(private readonly unitsRepo: UnitRepository, private readonly org: OrgDirectory) {}
  async execute({ id, input }: SaveUnit): Promise<UnitNode> {
    const units = await this.org.units();
    const current = id ? units.find((u) => u.id === id) : undefined;
    if (id && !current) throw new NotFound('单位', id);
    const level = input.level ?? current?.level;
    const parentId = input.parentId !== undefined ? input.parentId : (current?.parentId ?? null);
    const issues: { field: string; code: string; message: string }[] = [];
    if (!level) issues.push({ field: 'level', code: 'REQUIRED', message: '请选择单位层级' });
    if (!id && !input.code) issues.push({ field: 'code', code: 'REQUIRED', message: '请填写单位代码' });
    if (!id && !input.name) issues.push({ field: 'name', code: 'REQUIRED', message: '请填写单位名称' });
    if (input.code && units.some((u) => u.code === input.code && u.id !== id)) issues.push({ field: 'code', code: 'DUPLICATE', message: '单位代码已存在' });
    const parent = parentId ? units.find((u) => u.id === parentId) : null;
    if (parentId && !parent) issues.push({ field: 'parentId', code: 'UNKNOWN_UNIT', message: '上级单位不存在' });
    if (level && (parent ? !PARENT_LEVEL[level].includes(parent.level) : PARENT_LEVEL[level].length > 0))
      issues.push({ field: 'parentId', code: 'LEVEL', message: '上级单位层级不符（市局 → 科室/区县局 → 市场监管所）' });
    if (id && parentId && subtreeIds(units, id).has(parentId)) issues.push({ field: 'parentId', code: 'CYCLE', message: '不能把单位挂到自己的下级之下' });
    if (issues.length) throw new InvalidInput(issues);
    const data = {
      ...(input.code !== undefined ? { code: input.code } : {}), ...(input.name !== undefined ? { name: input.name } : {}),
      ...(level ? { level } : {}), parentId, ...(input.regionCode !== undefined ? { regionCode: input.regionCode } : {}),
      ...(input.aliases !== undefined ? { aliases: input.aliases } : {}),
    };
    const row = id
      ? await this.unitsRepo.update(id, data)
      : await this.unitsRepo.create(randomUUID(), { code: input.code!, name: input.name!, level: level!, parentId, regionCode: input.regionCode ?? null, aliases: input.aliases ?? [] });
    this.org.invalidate();
    return row;
  }
}

export interface UserView {
  id: string; username: string; displayName: string; role: Role; active: boolean; unit: { id: string; code: string; name: string } | null;
  /** Sign-in refused until then after repeated wrong passwords (null: not locked). */
  lockedUntil: string | null;
}
const lockedUntil = (u: Pick<UserRecord, 'lockedUntil'>, now: Date) => (u.lockedUntil && u.lockedUntil > now ? u.lockedUntil.toISOString() : null);
export interface UserInput { username?: string; displayName?: string; role?: Role; unitId?: string; active?: boolean; password?: string }

export class ListUsers extends Query<UserView[]> {}

@QueryHandler(ListUsers)
export class ListUsersHandler implements IQueryHandler<ListUsers> {
  constructor(private readonly users: UserRepository, private readonly org: OrgDirectory, private readonly clock: Clock) {}
  async execute(): Promise<UserView[]> {
    const [users, units] = await Promise.all([this.users.list(), this.org.units()]);
    const now = this.clock.now();
    return users.map((u) => {
      const unit = units.find((x) => x.id === u.unitId);
      return {
        id: u.id, username: u.username, displayName: u.displayName, role: u.role, active: u.active,
        unit: unit ? { id: unit.id, code: unit.code, name: unit.name } : null, lockedUntil: lockedUntil(u, now),
      };
    });
  }
}

/** Create (id null) or edit a user; passwords are stored as argon2id hashes only. */
export class SaveUser extends Command<UserView> {
  constructor(readonly id: string | null, readonly input: UserInput) { super(); }
}

@CommandHandler(SaveUser)
export class SaveUserHandler implements ICommandHandler<SaveUser> {
  constructor(private readonly users: UserRepository, private readonly org: OrgDirectory, private readonly clock: Clock) {}
  async execute({ id, input }: SaveUser): Promise<UserView> {
    const issues: { field: string; code: string; message: string }[] = [];
    const current = id ? await this.users.byId(id) : null;
    if (id && !current) throw new NotFound('用户', id);
    if (!id) {
      if (!input.username) issues.push({ field: 'username', code: 'REQUIRED', message: '请填写用户名' });
      if (!input.displayName) issues.push({ field: 'displayName', code: 'REQUIRED', message: '请填写姓名' });
      if (!input.role) issues.push({ field: 'role', code: 'REQUIRED', message: '请选择角色' });
      if (!input.unitId) issues.push({ field: 'unitId', code: 'REQUIRED', message: '请选择所属单位' });
      if (!input.password) issues.push({ field: 'password', code: 'REQUIRED', message: '请设置初始密码' });
    }
    if (input.username && (await this.users.usernameTaken(input.username, id)))
      issues.push({ field: 'username', code: 'DUPLICATE', message: '用户名已存在' });
    if (input.unitId && !(await this.org.unit(input.unitId))) issues.push({ field: 'unitId', code: 'UNKNOWN_UNIT', message: '单位不存在' });
    const weak = input.password !== undefined ? passwordIssue(input.password, input.username ?? current?.username) : null;
    if (weak) issues.push(weak);
    if (issues.length) throw new InvalidInput(issues);
    const data = {
      ...(input.username !== undefined ? { username: input.username } : {}), ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}), ...(input.unitId !== undefined ? { unitId: input.unitId } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}), ...(input.password ? { passwordHash: await hash(input.password) } : {}),
    };
    const row = id
      ? await this.users.update(id, data)
      : await this.users.create({ id: randomUUID(), username: input.username!, displayName: input.displayName!, role: input.role!, unitId: input.unitId!, passwordHash: await hash(input.password!) });
    const unit = await this.org.unit(row.unitId);
    return {
      id: row.id, username: row.username, displayName: row.displayName, role: row.role, active: row.active,
      unit: unit ? { id: unit.id, code: unit.code, name: unit.name } : null, lockedUntil: lockedUntil(row, this.clock.now()),
    };
  }
}
