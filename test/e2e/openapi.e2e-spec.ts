// The public contract of issue 2, as published in OpenAPI at /docs/openapi.json, and GET /health's status codes.
// Other systems and our checks depend on these paths: removing or renaming one must fail here.
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadEnv } from '#platform';
import { createTestDb, REDIS_URL, type TestDb } from '#testing';
import { createApi } from '../../apps/api/src/app.js';

type Schema = { $ref?: string; type?: string; required?: string[]; properties?: Record<string, Schema>; enum?: string[]; items?: Schema; allOf?: Schema[] };
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> }; security?: unknown[] }>>;
  components: { schemas: Record<string, Schema>; securitySchemes?: Record<string, unknown> };
}

/** A port nothing listens on: Redis "down". */
const DEAD_REDIS = 'redis://127.0.0.1:6390';

let db: TestDb;
let app: NestFastifyApplication;
let spec: OpenApi;

async function boot(redisUrl: string): Promise<NestFastifyApplication> {
  const env = loadEnv({}, { DATABASE_URL: db.url, REDIS_URL: redisUrl, QUEUE_PREFIX: db.redisPrefix, NODE_ENV: 'test' });
  const a = await createApi(env, undefined, { logger: false });
  await a.init();
  await a.getHttpAdapter().getInstance().ready();
  return a;
}

beforeAll(async () => {
  db = await createTestDb();
  app = await boot(REDIS_URL);
  const r = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
  spec = r.body;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

function deref(s: Schema | undefined): Schema {
  let cur = s ?? {};
  for (let i = 0; cur.$ref && i < 10; i++) cur = spec.components.schemas[cur.$ref.replace('#/components/schemas/', '')];
  if (cur.allOf?.length === 1) return deref(cur.allOf[0]);
  return cur;
}

describe('OpenAPI contract (/docs/openapi.json)', () => {
  const contract: [method: string, path: string][] = [
    ['post', '/api/v1/auth/login'],
    ['post', '/api/v1/cases'],
    ['get', '/api/v1/cases'],
    ['get', '/api/v1/cases/{id}'],
    ['get', '/api/v1/cases/{id}/timeline'],
    ['post', '/api/v1/cases/{id}/sign'],
    ['post', '/api/v1/cases/{id}/accept'],
    ['post', '/api/v1/cases/{id}/decline'],
    ['post', '/api/v1/cases/{id}/close'],
    ['post', '/api/v1/cases/{id}/callback'],
    ['get', '/api/v1/units'],
    ['get', '/api/v1/categories'],
    ['get', '/api/v1/calendar/deadline'],
    ['get', '/api/v1/time-limits'],
    ['post', '/api/v1/admin/calendar/notices/preview'],
    ['post', '/api/v1/admin/calendar/notices'],
    ['get', '/health'],
    // issue 15: liveness vs readiness, the queue dashboard's session (/metrics and /admin/queues are not API endpoints)
    ['get', '/health/live'],
    ['get', '/health/ready'],
    ['post', '/api/v1/admin/queues/session'],
    // issue 13: attachments and documents (文书)
    ['post', '/api/v1/cases/{id}/attachments'],
    ['get', '/api/v1/cases/{id}/attachments'],
    ['get', '/api/v1/cases/{id}/attachments/{aid}'],
    ['get', '/api/v1/cases/{id}/documents'],
    ['get', '/api/v1/cases/{id}/documents/{did}/pdf'],
    ['get', '/api/v1/cases/{id}/documents/{did}/docx'],
  ];

  it('leaves the ops surfaces that are not API endpoints out', () => {
    expect(Object.keys(spec.paths).filter((p) => p === '/metrics' || p.startsWith('/admin/queues'))).toEqual([]);
  });

  it('is an OpenAPI 3 document with bearer auth', () => {
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.values(spec.components.securitySchemes ?? {})).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'http', scheme: 'bearer' })]));
  });

  it.each(contract)('documents %s %s', (method, path) => {
    expect(Object.keys(spec.paths)).toContain(path);
    expect(Object.keys(spec.paths[path])).toContain(method);
  });

  it('names the required fields of the register body, with the contract enums', () => {
    const body = deref(spec.paths['/api/v1/cases'].post.requestBody?.content['application/json'].schema);
    expect(body.required).toEqual(expect.arrayContaining(['type', 'channel', 'receivedAt', 'complainant', 'respondent', 'category', 'description']));
    expect(Object.keys(body.properties ?? {})).toEqual(expect.arrayContaining(['request', 'amount']));
    expect(body.required).not.toContain('request');
    expect(body.required).not.toContain('amount');
    expect(deref(body.properties!.type).enum).toEqual(expect.arrayContaining(['complaint', 'report', 'inquiry']));
    expect(deref(body.properties!.channel).enum).toEqual(expect.arrayContaining(['hotline', 'web', 'letter', 'visit', 'hotline12345']));

    const complainant = deref(body.properties!.complainant);
    expect(complainant.required).toEqual(expect.arrayContaining(['name', 'phone']));
    expect(Object.keys(complainant.properties ?? {})).toEqual(expect.arrayContaining(['name', 'phone', 'address']));

    const respondent = deref(body.properties!.respondent);
    expect(respondent.required).toEqual(expect.arrayContaining(['name', 'regionCode', 'address']));
    expect(Object.keys(respondent.properties ?? {})).toEqual(expect.arrayContaining(['creditCode', 'platform']));
    expect(respondent.required ?? []).not.toContain('creditCode');
    expect(respondent.required ?? []).not.toContain('platform');
  });

  it('names the bodies of login, decline, close and callback', () => {
    const body = (path: string) => deref(spec.paths[path].post.requestBody?.content['application/json'].schema);
    expect(body('/api/v1/auth/login').required).toEqual(expect.arrayContaining(['username', 'password']));
    expect(body('/api/v1/cases/{id}/decline').required).toEqual(expect.arrayContaining(['ground']));
    const close = body('/api/v1/cases/{id}/close');
    expect(close.required).toEqual(expect.arrayContaining(['outcome']));
    expect(deref(close.properties!.outcome).enum).toEqual(expect.arrayContaining(['agreement', 'noAgreement', 'terminated']));
    expect(Object.keys(close.properties ?? {})).toEqual(expect.arrayContaining(['ground', 'note', 'recoveredAmount']));
    const callback = body('/api/v1/cases/{id}/callback');
    expect(deref(callback.properties!.satisfaction).enum).toEqual(expect.arrayContaining(['verySatisfied', 'satisfied', 'neutral', 'dissatisfied']));
  });

  it('is also served as the Swagger UI at /docs', async () => {
    await request(app.getHttpServer()).get('/docs').expect(200).expect('content-type', /html/);
  });
});

describe('GET /health', () => {
  it('is 200 with PostgreSQL and Redis up, without a token', async () => {
    const r = await request(app.getHttpServer()).get('/health').expect(200);
    expect(r.body).toMatchObject({ status: 'ok', postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('is 503 when Redis is unreachable, naming which side is down', async () => {
    const down = await boot(DEAD_REDIS);
    try {
      const t0 = Date.now();
      const r = await request(down.getHttpServer()).get('/health').expect(503);
      expect(r.body).toMatchObject({ status: 'error', postgres: { status: 'up' }, redis: { status: 'down' } });
      expect(Date.now() - t0).toBeLessThan(5000); // a health check must answer, not hang
    } finally {
      await down.close();
    }
  });

  it('is 503 when PostgreSQL is unreachable', async () => {
    const env = loadEnv({}, { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5439/nowhere', REDIS_URL, QUEUE_PREFIX: db.redisPrefix, NODE_ENV: 'test' });
    const down = await createApi(env, undefined, { logger: false });
    try {
      await down.init();
      await down.getHttpAdapter().getInstance().ready();
      const r = await request(down.getHttpServer()).get('/health').expect(503);
      expect(r.body).toMatchObject({ status: 'error', postgres: { status: 'down' }, redis: { status: 'up' } });
    } finally {
      await down.close();
    }
  });
});
