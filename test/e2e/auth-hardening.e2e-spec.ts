// Issue 11 §3: no secret from the source opens the API, sign-in resists guessing, hashes never reach a log,
// security headers everywhere, OpenAPI behind a login in production.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { FixedClock, loadEnv } from '#platform';
import { REDIS_URL, TEST_NOW } from '#testing';
import { createApi } from '../../apps/api/src/app.js';
import { harnessFile } from '../support/harness.js';

const OLD_SOURCE_SECRET = 'fangxin-development-secret-change-me';
const lines: string[] = [];
const logs = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
const clock = new FixedClock(TEST_NOW); // the lockout's clock: moved by hand, never the machine's date
const h = harnessFile({ clock, logDestination: logs, env: { LOGIN_LIMIT_PER_ADDRESS: 30 } });
let n = 0;
/** A client address of its own per call (X-Forwarded-For from loopback is trusted), so tests do not share windows. */
const from = () => `198.51.100.${++n}`;
const login = (username: string, password: string, ip = from()) =>
  h.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ username, password });

describe('secrets', () => {
  it('refuses a token signed with the secret once written in the source', async () => {
    const admin = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'admin' } });
    const claims = { sub: admin.id, unitId: admin.unitId, role: 'admin', name: admin.displayName };
    const forged = new JwtService({ secret: OLD_SOURCE_SECRET }).sign(claims, { algorithm: 'HS256', expiresIn: '1h' });
    const r = await h.http().get('/api/v1/admin/users').set('Authorization', `Bearer ${forged}`).expect(401);
    expect(r.body.code).toBe('UNAUTHORIZED');
    // the same claims signed with this run's secret do pass: the refusal is about the key, not the claims
    const genuine = new JwtService({ secret: h.env.JWT_SECRET }).sign(claims, { algorithm: 'HS256', expiresIn: '1h' });
    await h.http().get('/api/v1/admin/users').set('Authorization', `Bearer ${genuine}`).expect(200);
  });

  it('never runs on a secret from the source; production needs one; elsewhere an unset secret is random', () => {
    expect(() => loadEnv({ JWT_SECRET: OLD_SOURCE_SECRET })).toThrow(/JWT_SECRET/);
    expect(() => loadEnv({ JWT_SECRET: OLD_SOURCE_SECRET, NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set/);
    const a = loadEnv({ NODE_ENV: 'test' }).JWT_SECRET;
    const b = loadEnv({ NODE_ENV: 'development' }).JWT_SECRET;
    expect(a).not.toBe(b);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(h.env.JWT_SECRET).not.toBe(OLD_SOURCE_SECRET);
  });

  it('listens on loopback unless HOST says otherwise', () => {
    expect(loadEnv({}).HOST).toBe('127.0.0.1');
    expect(loadEnv({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(() => loadEnv({ HOST: 'bad host;rm' })).toThrow(/HOST/);
  });
});

describe('sign-in throttling', () => {
  it('answers 429 with Retry-After once one username from one address tries too often', async () => {
    const ip = from();
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await login('handler.dc', `wrong-${i}`, ip)).status);
    expect(codes.slice(0, 10).every((c) => c === 401 || c === 423)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429]);
    const r = await login('handler.dc', 'wrong', ip);
    expect(r.status).toBe(429);
    expect(r.body).toEqual({ code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/^登录尝试过于频繁，请\d+秒后再试$/) });
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(r.headers['retry-after'])).toBeLessThanOrEqual(60);
    // another user from that address is not held back by this user's window
    await login('operator', 'demo12315', ip).expect(200);
  });

  it('limits one client address across usernames (LOGIN_LIMIT_PER_ADDRESS)', async () => {
    const ip = from();
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) codes.push((await login(`nobody-${i}`, 'wrong-password', ip)).status);
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes.slice(30)).toEqual([429, 429]);
    // even the right password waits
    const r = await login('leader.dc', 'demo12315', ip).expect(429);
    expect(r.headers['retry-after']).toBeDefined();
  });

  it('keeps its counts in Redis under the app prefix', async () => {
    const { createRedis, redisReady, scanTargets } = await import('#platform');
    const redis = createRedis(REDIS_URL);
    try {
      await redisReady(redis);
      // every master of a Redis Cluster (scripts/test.sh runs this file on one), else the one server
      const keys = (await Promise.all(scanTargets(redis).map((n) => n.keys(`${h.env.QUEUE_PREFIX}:throttle:*`)))).flat();
      // each counter and its block key under one hash tag: `prefix:throttle:{login-user:…}`
      expect(keys.some((k) => k.includes(':{login-user:'))).toBe(true);
      expect(keys.some((k) => k.includes(':{login-address:'))).toBe(true);
    } finally {
      redis.disconnect();
    }
  });
});

describe('account lockout', () => {
  it('locks after 5 wrong passwords in a row, from any address, until an admin unlocks', async () => {
    const user = 'handler.ty';
    for (let i = 0; i < 4; i++) expect((await login(user, `guess-${i}`)).body.code).toBe('BAD_CREDENTIALS');
    expect((await login(user, 'guess-5')).status).toBe(401); // the fifth locks
    const row = await h.db.prisma.user.findUniqueOrThrow({ where: { username: user } });
    expect(row.lockedUntil?.getTime()).toBe(clock.now().getTime() + 15 * 60_000); // kept in PostgreSQL, by the clock
    // the right password no longer opens it (so guessing on during the lock learns nothing)
    const locked = await login(user, 'demo12315');
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
    expect(locked.body.message).toContain('账号已锁定');
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);

    const admin = await h.as('admin');
    const listed = (await h.http().get('/api/v1/admin/users').set('Authorization', admin).expect(200)).body as { id: string; username: string; lockedUntil: string | null }[];
    const entry = listed.find((u) => u.username === user)!;
    expect(entry.lockedUntil).toBe(row.lockedUntil!.toISOString());
    // only an admin may unlock
    await h.http().post(`/api/v1/admin/users/${entry.id}/unlock`).set('Authorization', await h.as('manager')).expect(403);
    await h.http().post(`/api/v1/admin/users/${entry.id}/unlock`).set('Authorization', admin).expect(200);
    await login(user, 'demo12315').expect(200);
    const after = await h.db.prisma.user.findUniqueOrThrow({ where: { username: user } });
    expect([after.failedLogins, after.lockedUntil]).toEqual([0, null]);
  });

  it('lifts the lock once the cool-down has passed; a success starts the count over', async () => {
    const user = 'leader.ty';
    for (let i = 0; i < 5; i++) await login(user, `guess-${i}`).expect(401);
    await login(user, 'demo12315').expect(423);
    clock.advance(15 * 60_000 - 1000);
    await login(user, 'demo12315').expect(423);
    clock.advance(2000);
    await login(user, 'demo12315').expect(200);
    for (let i = 0; i < 4; i++) await login(user, `guess-${i}`).expect(401);
    await login(user, 'demo12315').expect(200); // 4 failures, then a success: no lock
    await login(user, 'guess-again').expect(401);
    expect((await h.db.prisma.user.findUniqueOrThrow({ where: { username: user } })).failedLogins).toBe(1);
  });

  it('50 fast wrong passwords do not end with the right one working', async () => {
    const user = 'handler.lx';
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => login(user, `fast-${i}`)));
    expect(answers.every((r) => r.status === 401 || r.status === 423)).toBe(true);
    await login(user, 'demo12315').expect(423);
  });

  it('answers unknown and known usernames in the same time', async () => {
    // Known users with a wrong password vs names that do not exist, interleaved; many users so none locks.
    const known = (await h.db.prisma.user.findMany({ where: { username: { startsWith: 'handler.' }, lockedUntil: null, failedLogins: 0 }, take: 8 })).map((u) => u.username);
    expect(known.length).toBeGreaterThanOrEqual(6);
    const time = async (username: string) => {
      const t = process.hrtime.bigint();
      await login(username, 'not-the-password').expect(401);
      return Number(process.hrtime.bigint() - t) / 1e6;
    };
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 24; i++) {
      a.push(await time(known[i % known.length]!));
      b.push(await time(`no-such-user-${i}`));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
    const ratio = median(a) / median(b);
    // Before: ~96 ms vs ~8 ms (12×). Both now cost one argon2 verification; generous bounds for a loaded machine.
    expect(ratio).toBeGreaterThan(1 / 2.5);
    expect(ratio).toBeLessThan(2.5);
    await h.db.prisma.user.updateMany({ data: { failedLogins: 0 } });
  });
});

describe('weak passwords', () => {
  const create = async (username: string, password: string) =>
    h.http().post('/api/v1/admin/users').set('Authorization', await h.as('admin'))
      .send({ username, displayName: '测试用户', role: 'handler', unitId: (await h.db.prisma.unit.findFirstOrThrow({ where: { code: 'wl' } })).id, password });

  it.each([
    ['12345678', 'PASSWORD_ALL_DIGITS'], ['password', 'PASSWORD_COMMON'], ['Password123', 'PASSWORD_COMMON'], ['qwer1234', 'PASSWORD_COMMON'],
    ['zhou.wl2024', 'PASSWORD_IS_USERNAME'], ['aaaaaaaa', 'PASSWORD_WEAK'],
  ])('refuses %s when a user is created (%s), storing nothing', async (password, code) => {
    const r = await create('zhou.wl', password);
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([{ field: 'password', code, message: expect.stringMatching(/[\u4e00-\u9fff]/) }]);
    expect(await h.db.prisma.user.count({ where: { username: 'zhou.wl' } })).toBe(0);
  });

  it('refuses a weak new password on PATCH and keeps the old one', async () => {
    const admin = await h.as('admin');
    const u = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'handler.wl' } });
    const r = await h.http().patch(`/api/v1/admin/users/${u.id}`).set('Authorization', admin).send({ password: 'handler.wl' }).expect(400);
    expect(r.body.fields[0]).toMatchObject({ field: 'password', code: 'PASSWORD_IS_USERNAME' });
    await h.http().patch(`/api/v1/admin/users/${u.id}`).set('Authorization', admin).send({ password: '1234567890' }).expect(400);
    expect((await h.db.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).passwordHash).toBe(u.passwordHash);
  });

  it('accepts a reasonable password, which then signs in', async () => {
    expect((await create('qian.wl', 'Lanzhou-lu 88号')).status).toBe(201);
    await login('qian.wl', 'Lanzhou-lu 88号').expect(200);
  });
});

describe('logs', () => {
  it('a failing PATCH of a user writes neither the new password nor its hash to the log', async () => {
    const u = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'leader.wl' } });
    // A database error whose text carries the new hash (as Prisma's and PostgreSQL's messages can).
    await h.db.prisma.$executeRawUnsafe(`
      CREATE FUNCTION refuse_hash() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused update of % to %', NEW.username, NEW.password_hash; END $$`);
    await h.db.prisma.$executeRawUnsafe(`CREATE TRIGGER refuse_hash BEFORE UPDATE ON users FOR EACH ROW WHEN (NEW.username = 'leader.wl') EXECUTE FUNCTION refuse_hash()`);
    const password = `Xin-${randomBytes(6).toString('hex')}`;
    const before = lines.length;
    try {
      const r = await h.http().patch(`/api/v1/admin/users/${u.id}`).set('Authorization', await h.as('admin')).send({ password, displayName: '王所长' });
      expect(r.status).toBe(500);
      const written = lines.slice(before).join('');
      expect(written).toContain(r.body.errorId); // the failure was logged…
      expect(written).not.toContain(password); // …without the password
      expect(written).not.toMatch(/\$argon2/); // …or any hash
      expect(written).not.toContain('Bearer ');
      expect(written).not.toContain('invocation'); // Prisma's quote of the call (with its arguments) is dropped
    } finally {
      await h.db.prisma.$executeRawUnsafe('DROP TRIGGER refuse_hash ON users');
      await h.db.prisma.$executeRawUnsafe('DROP FUNCTION refuse_hash');
    }
  });
});

describe('HTTP hardening', () => {
  it('sends security headers on every response: API, errors, health, docs', async () => {
    for (const path of ['/health', '/api/v1/cases', '/api/v1/no-such-thing', '/docs', '/docs/openapi.json']) {
      const r = await h.http().get(path);
      expect([path, r.headers['content-security-policy']]).toEqual([path, expect.stringContaining("default-src 'self'")]);
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(r.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(r.headers['strict-transport-security']).toBeDefined();
      expect(r.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('asks for a staff login before /docs in production', async () => {
    const prod = await createApi(
      loadEnv({}, {
        DATABASE_URL: h.db.url, REDIS_URL, QUEUE_PREFIX: `${h.env.QUEUE_PREFIX}-prod`, NODE_ENV: 'production', JWT_SECRET: randomBytes(32).toString('hex'),
        LOGIN_LIMIT_PER_ADDRESS: 8,
      }),
      undefined, { logger: false },
    );
    await prod.init();
    await prod.getHttpAdapter().getInstance().ready();
    try {
      const http = () => request(prod.getHttpServer());
      for (const path of ['/docs', '/docs/', '/docs/openapi.json', '/docs/openapi.json?x=1', '/docs-yaml', '/docs-json']) {
        const r = await http().get(path).expect(401);
        expect(r.headers['www-authenticate']).toMatch(/^Basic realm=/);
        expect(r.body.message).toMatch(/[\u4e00-\u9fff]/);
      }
      const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
      await http().get('/docs/openapi.json').set('Authorization', basic('operator', 'wrong-password')).expect(401);
      await http().get('/docs/openapi.json').set('Authorization', basic('no-such-user', 'demo12315')).expect(401);
      await http().get('/docs/openapi.json').set('Authorization', `Bearer ${new JwtService({ secret: OLD_SOURCE_SECRET }).sign({ sub: 'x' })}`).expect(401);
      const doc = await http().get('/docs/openapi.json').set('Authorization', basic('operator', 'demo12315')).expect(200);
      expect(doc.body.openapi).toBeDefined();
      await http().get('/docs').set('Authorization', basic('operator', 'demo12315')).expect(200);
      const token = (await http().post('/api/v1/auth/login').set('X-Forwarded-For', from()).send({ username: 'manager', password: 'demo12315' }).expect(200)).body.accessToken;
      await http().get('/docs/openapi.json').set('Authorization', `Bearer ${token}`).expect(200);
      // password guesses on the docs count per address like the sign-in's
      const ip = from();
      const guesses: number[] = [];
      for (let i = 0; i < 10; i++) guesses.push((await http().get('/docs').set('X-Forwarded-For', ip).set('Authorization', basic(`nobody-${i}`, 'guess'))).status);
      expect(guesses).toEqual([...Array(8).fill(401), 429, 429]);
      // the rest of the API is unchanged: health stays open
      await http().get('/health').expect(200);
    } finally {
      await prod.close();
    }
    // outside production the docs stay open (demo, development)
    await h.http().get('/docs/openapi.json').expect(200);
  });
});
