import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadEnv } from '#platform';
import { createTestDb, seedOrg, complaintBody, REDIS_URL, type TestDb } from '#testing';
import { createApi } from '../../apps/api/src/app.js';

let db: TestDb;
let app: NestFastifyApplication;
const http = () => request(app.getHttpServer());
const tokens = new Map<string, string>();

async function login(username: string): Promise<string> {
  if (tokens.has(username)) return tokens.get(username)!;
  const r = await http().post('/api/v1/auth/login').send({ username, password: 'demo12315' }).expect(200);
  tokens.set(username, `Bearer ${r.body.accessToken}`);
  return tokens.get(username)!;
}
async function unitId(code: string): Promise<string> {
  return (await db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
}
const types = (tl: { type: string }[]) => tl.map((e) => e.type);

beforeAll(async () => {
  db = await createTestDb();
  await seedOrg(db.prisma);
  const env = loadEnv({}, { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: db.redisPrefix, NODE_ENV: 'test', SWEEP_INTERVAL_MS: 60_000, OUTBOX_POLL_MS: 100 });
  app = await createApi(env, undefined, { logger: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('routing rules admin (派单目录)', () => {
  it('lets an admin create, preview, edit and delete a rule; others are refused', async () => {
    const admin = await login('admin');
    const op = await login('operator');
    const dc = await unitId('dc');
    await http().get('/api/v1/admin/routing-rules').set('Authorization', op).expect(403);
    await http().post('/api/v1/admin/routing-rules').set('Authorization', op).send({ regionPrefix: '430702', unitId: dc }).expect(403);
    const before = await http().get('/api/v1/admin/routing-rules').set('Authorization', admin).expect(200);
    expect(before.body.length).toBeGreaterThan(0);

    const bad = await http().post('/api/v1/admin/routing-rules').set('Authorization', admin)
      .send({ regionPrefix: '430702', categoryPrefix: 'Z99', unitId: await unitId('cd-xbk') }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['categoryPrefix', 'unitId']);

    const created = await http().post('/api/v1/admin/routing-rules').set('Authorization', admin)
      .send({ regionPrefix: '430702', categoryPrefix: 'G01', caseType: 'complaint', unitId: dc, priority: 50, note: '测试：家电类集中办理' }).expect(201);
    expect(created.body).toMatchObject({ regionPrefix: '430702', categoryPrefix: 'G01', unit: { code: 'dc' }, enabled: true });
    // The cache is invalidated: the preview sees the new rule at once.
    const preview = await http().post('/api/v1/routing/preview').set('Authorization', op).send({ regionCode: '430702', category: 'G01' }).expect(200);
    expect(preview.body).toMatchObject({ ruleId: created.body.id, unit: { code: 'dc' } });
    expect(preview.body.explanation).toContain('测试：家电类集中办理');

    await http().patch(`/api/v1/admin/routing-rules/${created.body.id}`).set('Authorization', admin).send({ enabled: false }).expect(200)
      .expect((r) => expect(r.body).toMatchObject({ enabled: false, priority: 50 }));
    const after = await http().post('/api/v1/routing/preview').set('Authorization', op).send({ regionCode: '430702', category: 'G01' }).expect(200);
    expect(after.body.unit.code).toBe('wl');

    await http().delete(`/api/v1/admin/routing-rules/${created.body.id}`).set('Authorization', admin).expect(204);
    await http().delete(`/api/v1/admin/routing-rules/${created.body.id}`).set('Authorization', admin).expect(404);
    await http().patch(`/api/v1/admin/routing-rules/${created.body.id}`).set('Authorization', admin).send({ priority: 1 }).expect(404);
  });
});
