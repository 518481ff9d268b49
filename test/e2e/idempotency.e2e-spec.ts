// Issue 11 §6, acknowledgement vs commit: a creating POST with an Idempotency-Key is done once however often it is
// sent; a lost database is a 503 with Retry-After, never a 500.
import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterCase } from '#cases-nest';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Idempotency, IdempotencyInProgress, loadEnv } from '#platform';
import { complaintBody, REDIS_URL } from '#testing';
import { createApi } from '../../apps/api/src/app.js';
import { boot, type Harness } from '../support/harness.js';

let h: Harness;
/** One instant for the whole file: a retry must send the very same body. */
// One instant for the whole file: a retry must send the same body.
let hourAgoIso: string | undefined;
const hourAgo = () => (hourAgoIso ??= new Date(h.clock.now().getTime() - 3600_000).toISOString());
/** A body no other test in this file sends: its cases are counted by description. */
const body = (tag: string, over: Record<string, unknown> = {}) => complaintBody({ receivedAt: hourAgo(), description: `幂等测试 ${tag}：电热水壶漏电，商家拒绝退换。`, ...over });
const count = (tag: string) => h.db.prisma.case.count({ where: { description: { contains: `幂等测试 ${tag}：` } } });
const tokens: Record<string, string> = {};
const register = (b: object, key?: string, user: 'operator' | 'admin' | 'handler.cd-xbk' = 'operator') => {
  const r = h.http().post('/api/v1/cases').set('Authorization', tokens[user]!);
  return (key ? r.set('Idempotency-Key', key) : r).send(b);
};

beforeAll(async () => {
  h = await boot();
  for (const u of ['operator', 'admin', 'handler.cd-xbk']) tokens[u] = await h.as(u);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('Idempotency-Key on POST', () => {
  it('a retry with the same key returns the first result (same status, same body) and registers once', async () => {
    const key = randomUUID();
    const first = await register(body('retry'), key).expect(201);
    const again = await register(body('retry'), key).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body).toEqual(first.body);
    expect(again.body.caseNo).toBe(first.body.caseNo);
    // The same form with its keys in another order is the same request.
    const reordered = Object.fromEntries(Object.entries(body('retry')).reverse());
    expect((await register(reordered, key).expect(201)).body.id).toBe(first.body.id);
    expect(await count('retry')).toBe(1);
  });

  it('the same key with a different body is refused with a stable code, and nothing is created', async () => {
    const key = randomUUID();
    await register(body('reuse'), key).expect(201);
    const r = await register(body('reuse', { amount: 999 }), key).expect(422);
    expect(r.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(r.body.message).toMatch(/标识/);
    // …and on another route too
    const other = await h.http().post('/api/v1/admin/routing-rules').set('Authorization', await h.as('admin')).set('Idempotency-Key', key).send({ regionPrefix: '4307', unitId: 'x' });
    expect(other.status).not.toBe(201);
    expect(await count('reuse')).toBe(1);
  });

  it('without a key every POST creates, as before; keys are per user', async () => {
    await register(body('nokey')).expect(201);
    await register(body('nokey')).expect(201);
    expect(await count('nokey')).toBe(2);
    const key = randomUUID();
    const a = await register(body('peruser'), key, 'operator').expect(201);
    const b = await register(body('peruser'), key, 'handler.cd-xbk').expect(201); // the intake unit's handler
    expect(b.body.id).not.toBe(a.body.id);
    expect(await count('peruser')).toBe(2);
  });

  it('a registration that committed but whose answer was lost is answered from the committed case on retry', async () => {
    const key = randomUUID();
    const first = await register(body('lost', { alsoReport: true }), key).expect(201);
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'operator' } });
    // As if the API died after the commit: the key row has the committed result (same statement) but no answer.
    const row = await h.db.prisma.idempotencyKey.findUniqueOrThrow({ where: { userId_key: { userId: user.id, key } } });
    expect(row.resource).toMatchObject({ id: first.body.id, linkedId: first.body.linkedCase.id });
    await h.db.prisma.$executeRaw`UPDATE idempotency_keys SET status = NULL, response = NULL WHERE user_id = ${user.id}::uuid AND key = ${key}`;
    const again = await register(body('lost', { alsoReport: true }), key).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.caseNo).toBe(first.body.caseNo);
    expect(again.body.linkedCase.caseNo).toBe(first.body.linkedCase.caseNo);
    expect(await count('lost')).toBe(2); // the complaint and its linked report, once
  });

  it('a retry while the first is running gets 409 with Retry-After; a first request that died uncommitted is taken over', async () => {
    const key = randomUUID();
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'operator' } });
    const first = await register(body('running'), key).expect(201);
    // Another submission whose first request is still running (claimed, nothing committed, nothing answered).
    const key2 = randomUUID();
    const hash = (await h.db.prisma.idempotencyKey.findUniqueOrThrow({ where: { userId_key: { userId: user.id, key } } })).requestHash;
    await h.db.prisma.$executeRaw`INSERT INTO idempotency_keys (user_id, key, method, path, request_hash) VALUES (${user.id}::uuid, ${key2}, 'POST', '/api/v1/cases', ${hash})`;
    const busy = await register(body('running'), key2).expect(409);
    expect(busy.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS' });
    expect(busy.headers['retry-after']).toBe('1');
    expect(await count('running')).toBe(1);
    // Its process died 11 s ago without committing: the retry takes the key over and registers once.
    await h.db.prisma.$executeRaw`UPDATE idempotency_keys SET created_at = now() - interval '11 seconds' WHERE user_id = ${user.id}::uuid AND key = ${key2}`;
    const taken = await register(body('running'), key2).expect(201);
    expect(taken.body.id).not.toBe(first.body.id);
    expect((await register(body('running'), key2).expect(201)).body.id).toBe(taken.body.id);
    expect(await count('running')).toBe(2);
  });

  it('a registration under a key another request already committed is undone whole (one key, one case)', async () => {
    // The race the take-over allows: request A claimed the key and stalled past the lease, retry B took it over and
    // committed; when A finally reaches its statement, the key is no longer free and A's case must not appear.
    const key = randomUUID();
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { username: 'operator' } });
    await h.db.prisma.$executeRaw`INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, resource)
      VALUES (${user.id}::uuid, ${key}, 'POST', '/api/v1/cases', 'x', '{"id":"committed-by-B"}'::jsonb)`;
    const dto = body('guard');
    const input = { ...dto, receivedAt: new Date(dto.receivedAt as string), complainant: dto.complainant, respondent: dto.respondent } as never;
    const actor = { userId: user.id, unitId: user.unitId, role: 'operator' as const };
    await expect(Idempotency.run({ userId: user.id, key }, () => h.app.get(CommandBus).execute(new RegisterCase(input, actor)))).rejects.toBeInstanceOf(IdempotencyInProgress);
    expect(await count('guard')).toBe(0);
    // With the key free, the same command commits the case and its result on the key in one statement.
    const key2 = randomUUID();
    await h.db.prisma.$executeRaw`INSERT INTO idempotency_keys (user_id, key, method, path, request_hash) VALUES (${user.id}::uuid, ${key2}, 'POST', '/api/v1/cases', 'x')`;
    const r = await Idempotency.run({ userId: user.id, key: key2 }, () => h.app.get(CommandBus).execute(new RegisterCase(input, actor)));
    expect((await h.db.prisma.idempotencyKey.findUniqueOrThrow({ where: { userId_key: { userId: user.id, key: key2 } } })).resource).toEqual(JSON.parse(JSON.stringify(r)));
    expect(await count('guard')).toBe(1);
  });

  it('concurrent copies of one submission register one case', async () => {
    const key = randomUUID();
    const rs = await Promise.all(Array.from({ length: 6 }, () => register(body('race'), key)));
    const ok = rs.filter((r) => r.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((r) => r.body.id)).size).toBe(1);
    for (const r of rs.filter((x) => x.status !== 201)) expect([r.status, r.body.code]).toEqual([409, 'IDEMPOTENCY_IN_PROGRESS']);
    expect(await count('race')).toBe(1);
  });

  it('a malformed key is a 400 naming the header; a refused request frees its key', async () => {
    const bad = await register(body('badkey'), 'has spaces in it').expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'Idempotency-Key', code: 'IDEMPOTENCY_KEY_INVALID' })]);
    await register(body('badkey'), 'x'.repeat(201)).expect(400);
    const key = randomUUID();
    await register(body('badkey', { category: 'NOPE' }), key).expect(400);
    await register(body('badkey', { category: 'NOPE' }), key).expect(400); // refused again, not "in progress"
    expect(await count('badkey')).toBe(0);
  });

  it('OpenAPI documents the header (and the 503) on creating POSTs, not on login', async () => {
    const doc = (await h.http().get('/docs/openapi.json').expect(200)).body;
    const params = (p: string) => (doc.paths[p].post.parameters ?? []).map((x: { name: string; in: string }) => `${x.in}:${x.name}`);
    expect(params('/api/v1/cases')).toContain('header:Idempotency-Key');
    expect(params('/api/v1/cases/{id}/dispatch')).toContain('header:Idempotency-Key');
    expect(doc.paths['/api/v1/cases'].post.responses['503']).toBeDefined();
    expect(params('/api/v1/auth/login')).not.toContain('header:Idempotency-Key');
  });
});

describe('a lost database answers 503, never 500', () => {
  let dead: NestFastifyApplication;
  beforeAll(async () => {
    // Nothing listens on this port: every query fails to connect.
    const env = loadEnv({}, { DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/none', REDIS_URL, QUEUE_PREFIX: h.db.redisPrefix, NODE_ENV: 'test' });
    dead = await createApi(env, undefined, { logger: false });
    await dead.init();
    await dead.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await dead?.close();
  });

  it('login, reads and registration get 503 DATABASE_UNAVAILABLE with Retry-After', async () => {
    const token = await dead.get(JwtService).signAsync({ sub: randomUUID(), unitId: randomUUID(), role: 'operator', name: '话务员' });
    const rs = [
      await request(dead.getHttpServer()).post('/api/v1/auth/login').send({ username: 'operator', password: 'demo12315' }),
      await request(dead.getHttpServer()).get('/api/v1/cases').set('Authorization', `Bearer ${token}`),
      await request(dead.getHttpServer()).post('/api/v1/cases').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', randomUUID()).send(body('dead')),
    ];
    for (const r of rs) {
      expect([r.status, r.body]).toEqual([503, { code: 'DATABASE_UNAVAILABLE', message: '系统繁忙，请稍后重试' }]);
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
  });
});
