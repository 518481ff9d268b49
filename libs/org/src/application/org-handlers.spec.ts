// Handler specs of libs/org against the in-memory adapters: no PostgreSQL, no Nest module.
import { hash } from '@node-rs/argon2';
import { FixedClock, Forbidden, InvalidInput, NotFound } from '#kernel';
import type { AppEnv } from '#platform';
import type { UnitNode } from '../domain/unit-tree.js';
import { InMemoryOrg } from '../infrastructure/in-memory-org.repositories.js';
import { ListUsersHandler, SaveUnit, SaveUnitHandler, SaveUser, SaveUserHandler } from './directory.commands.js';
import { DeleteRoutingRule, DeleteRoutingRuleHandler, ListRoutingRules, ListRoutingRulesHandler, SaveRoutingRule, SaveRoutingRuleHandler } from './routing-rules.commands.js';
import { AccountLocked, BadCredentials, SignIn } from './sign-in.js';
import { PreviewRouting, PreviewRoutingHandler } from './org.queries.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const U = (id: string, code: string, level: UnitNode['level'], parentId: string | null, extra: Partial<UnitNode> = {}): UnitNode =>
  ({ id, code, name: `单位${code}`, level, parentId, regionCode: null, isIntake: false, ...extra });
const tree = () => [
  U('city', '3211', 'city', null, { regionCode: '321100' }),
  U('intake', '321100', 'department', 'city', { isIntake: true }),
  U('dantu', '321112', 'county', 'city', { regionCode: '321112' }),
  U('station', '32111201', 'station', 'dantu'),
];
const admin = { userId: 'a', role: 'admin', unitId: 'city' } as const;
const operator = { userId: 'o', role: 'operator', unitId: 'intake' } as const;

describe('org handlers (in-memory ports)', () => {
  it('SaveUnit creates a unit under a parent of the right level and refuses a cycle and a wrong level', async () => {
    const org = new InMemoryOrg({ units: tree() });
    const h = new SaveUnitHandler(org.unitRepo, org.directory);
    const made = await h.execute(new SaveUnit(null, { code: '32111202', name: '新所', level: 'station', parentId: 'dantu' }));
    expect(org.units.find((u) => u.id === made.id)).toMatchObject({ code: '32111202', parentId: 'dantu', level: 'station' });
    expect(org.invalidations).toBe(1);
    await expect(h.execute(new SaveUnit(null, { code: '9', name: 'x', level: 'station', parentId: 'city' }))).rejects.toMatchObject({
      fields: [expect.objectContaining({ field: 'parentId', code: 'LEVEL' })],
    });
    await expect(h.execute(new SaveUnit('dantu', { parentId: 'station' }))).rejects.toBeInstanceOf(InvalidInput);
    await expect(h.execute(new SaveUnit('nope', { name: 'x' }))).rejects.toBeInstanceOf(NotFound);
    expect(org.units).toHaveLength(5);
  });

  it('SaveUser stores a hash, never the password, and refuses a taken username; ListUsers shows the lock', async () => {
    const org = new InMemoryOrg({ units: tree() });
    const clock = new FixedClock(NOW);
    const save = new SaveUserHandler(org.userRepo, org.directory, clock);
    const v = await save.execute(new SaveUser(null, { username: 'wang', displayName: '王', role: 'handler', unitId: 'station', password: 'Zq7!long-pass' }));
    expect(v).toMatchObject({ username: 'wang', unit: { id: 'station' }, lockedUntil: null });
    expect(org.users[0]!.passwordHash).toMatch(/^\$argon2id\$/);
    await expect(save.execute(new SaveUser(null, { username: 'wang', displayName: '王二', role: 'handler', unitId: 'station', password: 'Zq7!long-pass' })))
      .rejects.toMatchObject({ fields: [expect.objectContaining({ field: 'username', code: 'DUPLICATE' })] });
    org.users[0]!.lockedUntil = new Date(NOW.getTime() + 60_000);
    const [listed] = await new ListUsersHandler(org.userRepo, org.directory, clock).execute();
    expect(listed!.lockedUntil).toBe(new Date(NOW.getTime() + 60_000).toISOString());
  });

  it('SignIn counts wrong passwords, locks after the limit, refuses the right one while locked, and unlock lifts it', async () => {
    const org = new InMemoryOrg({ units: tree() });
    org.users.push({ id: 'u1', username: 'li', displayName: '李', role: 'handler', unitId: 'station', active: true, passwordHash: await hash('Right-pass-9'), failedLogins: 0, lockedUntil: null });
    const clock = new FixedClock(NOW);
    const signIn = new SignIn(org.userRepo, clock, { LOGIN_MAX_FAILURES: 2, LOGIN_LOCK_MINUTES: 15 } as AppEnv);
    await expect(signIn.verify('li', 'wrong')).rejects.toBeInstanceOf(BadCredentials);
    expect(org.users[0]!.failedLogins).toBe(1);
    await expect(signIn.verify('li', 'wrong')).rejects.toBeInstanceOf(BadCredentials);
    expect(org.users[0]!.lockedUntil).toEqual(new Date(NOW.getTime() + 15 * 60_000));
    await expect(signIn.verify('li', 'Right-pass-9')).rejects.toBeInstanceOf(AccountLocked);
    await signIn.unlock('u1');
    await expect(signIn.verify('li', 'Right-pass-9')).resolves.toMatchObject({ id: 'u1', role: 'handler', unitId: 'station' });
    expect(org.users[0]).toMatchObject({ failedLogins: 0, lockedUntil: null });
    await expect(signIn.unlock('ghost')).rejects.toBeInstanceOf(NotFound);
    await expect(signIn.verify('ghost', 'x')).rejects.toBeInstanceOf(BadCredentials);
  });

  it('routing rules: admin only, validated, saved, listed with the unit, deleted once; the preview sees the new rule', async () => {
    const org = new InMemoryOrg({ units: tree(), categories: ['A01', 'A0101'] });
    const save = new SaveRoutingRuleHandler(org.ruleRepo, org.directory);
    await expect(save.execute(new SaveRoutingRule(operator, null, { regionPrefix: '321112', unitId: 'dantu' }))).rejects.toBeInstanceOf(Forbidden);
    await expect(save.execute(new SaveRoutingRule(admin, null, { regionPrefix: '321112', unitId: 'intake' })))
      .rejects.toMatchObject({ fields: [expect.objectContaining({ field: 'unitId', code: 'INTAKE_UNIT' })] });
    await expect(save.execute(new SaveRoutingRule(admin, null, { regionPrefix: '321112', categoryPrefix: 'B', unitId: 'dantu' })))
      .rejects.toMatchObject({ fields: [expect.objectContaining({ field: 'categoryPrefix' })] });
    const rule = await save.execute(new SaveRoutingRule(admin, null, { townshipCode: '321112001', addressKeywords: [' 丁卯 ', '丁卯'], unitId: 'station', priority: 5 }));
    expect(rule).toMatchObject({ regionPrefix: '321112', addressKeywords: ['丁卯'], unit: { id: 'station', code: '32111201' } });
    const edited = await save.execute(new SaveRoutingRule(admin, rule.id, { priority: 7 }));
    expect(edited).toMatchObject({ id: rule.id, priority: 7, townshipCode: '321112001' });
    expect(await new ListRoutingRulesHandler(org.ruleRepo, org.directory).execute(new ListRoutingRules(admin))).toEqual([edited]);
    const preview = await new PreviewRoutingHandler(org.directory).execute(new PreviewRouting({
      type: 'complaint', category: 'A0101', respondent: { regionCode: '321112', townshipCode: '321112001', address: '', platform: false },
    }));
    expect(preview.unit?.id).toBe('station');
    const del = new DeleteRoutingRuleHandler(org.ruleRepo, org.directory);
    await del.execute(new DeleteRoutingRule(admin, rule.id));
    await expect(del.execute(new DeleteRoutingRule(admin, rule.id))).rejects.toBeInstanceOf(NotFound);
    expect(org.rules).toEqual([]);
  });
});
