// Issue 15 §3, the ops surface: /metrics (API and worker), liveness vs readiness, the request id followed from an
// HTTP request into the outbox, the job and the worker's log, and the admin-only queue dashboard at /admin/queues.
import { createServer as netServer, type Server as NetServer } from 'node:net';
import type { Server } from 'node:http';
import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import request from 'supertest';
import { Redis } from 'ioredis';
import { FixedClock, PrismaService, QUEUES, queuePrefix } from '#platform';
import { complaintBody, REDIS_URL, TEST_NOW } from '#testing';
import { createApi } from '../../apps/api/src/app.js';
import { startHealthServer } from '../../apps/worker/src/health-server.js';
import { WorkerMetrics } from '../../apps/worker/src/worker-metrics.js';
import { ARM_EVERYTHING_MS, boot, waitFor, type Harness } from '../support/harness.js';

const TOKEN = 'test-metrics-token-0123456789';
const clock = new FixedClock(TEST_NOW);
const workerLines: string[] = [];
const workerLog = new Writable({ write(chunk, _enc, done) { workerLines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
let h: Harness;
let workerHealth: Server;
let workerUrl: string;
let redis: Redis;
let deadlines: Queue;

const freePort = () => new Promise<number>((resolve) => {
  const s: NetServer = netServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});

beforeAll(async () => {
  // The relay's jobs carry the request id: a horizon past the registration's rungs, so that the relay arms them.
  h = await boot({ worker: true, clock, env: { METRICS_TOKEN: TOKEN, DEADLINE_HORIZON_MS: ARM_EVERYTHING_MS }, workerLogDestination: workerLog });
  const port = await freePort();
  workerHealth = (await startHealthServer({ ...h.env, WORKER_HEALTH_PORT: port, HOST: '127.0.0.1' }, h.worker!.app.get(PrismaService), h.worker!.app.get(WorkerMetrics).registry))!;
  workerUrl = `http://127.0.0.1:${port}`;
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  deadlines = new Queue(QUEUES.deadlines, { connection: redis, prefix: queuePrefix(h.env.QUEUE_PREFIX) });
});

afterAll(async () => {
  await new Promise((r) => workerHealth?.close(r));
  await deadlines?.close();
  redis?.disconnect();
  await h?.close();
});

/** The samples of one metric in Prometheus text: labels and value per line. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  return text.split('\n').flatMap((line) => {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) return [];
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    return [{ labels, value: Number(m[3]) }];
  });
}
const value = (text: string, name: string, where: Record<string, string> = {}) =>
  samples(text, name).filter((s) => Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);

const scrapeApi = async () => (await h.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text;
const scrapeWorker = async () => {
  const r = await fetch(`${workerUrl}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(r.status).toBe(200);
  return r.text();
};

describe('GET /metrics (API)', () => {
  it('is Prometheus text for the METRICS_TOKEN bearer only, at the root (not the console page)', async () => {
    await h.http().get('/metrics').expect(401);
    await h.http().get('/metrics').set('Authorization', 'Bearer wrong').expect(401);
    // a user's API token is no metrics token
    await h.http().get('/metrics').set('Authorization', await h.as('admin')).expect(401);
    const r = await h.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of ['fangxin_http_request_duration_seconds', 'fangxin_queue_jobs', 'fangxin_live_clocks', 'fangxin_outbox_pending',
      'fangxin_outbox_lag_seconds', 'fangxin_rollup_pending_events', 'fangxin_rollup_lag_seconds', 'fangxin_probe_up', 'process_resident_memory_bytes'])
      expect(r.text).toContain(`# TYPE ${name} `);
    expect(value(r.text, 'fangxin_probe_up', { probe: 'queues' })).toBe(1);
    expect(value(r.text, 'fangxin_probe_up', { probe: 'outbox' })).toBe(1);
    expect(value(r.text, 'fangxin_probe_up', { probe: 'clocks' }) + value(r.text, 'fangxin_probe_up', { probe: 'rollup' })).toBe(2);
  });

  it('counts a request in the latency histogram of its route template, never the raw URL', async () => {
    const op = await h.as('operator');
    const { body } = await h.http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00' })).expect(201);
    const route = { method: 'GET', route: '/api/v1/cases/:id', status_code: '200' };
    const before = value(await scrapeApi(), 'fangxin_http_request_duration_seconds_count', route);
    await h.http().get(`/api/v1/cases/${body.id}`).set('Authorization', op).expect(200);
    await h.http().get(`/api/v1/cases/${body.id}`).set('Authorization', op).expect(200);
    const text = await scrapeApi();
    expect(value(text, 'fangxin_http_request_duration_seconds_count', route)).toBe(before + 2);
    expect(value(text, 'fangxin_http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(before + 2);
    // no case data in any label: ids, numbers, names
    expect(text).not.toContain(body.id);
    expect(body.caseNo).toMatch(/\d/);
    expect(text).not.toContain(body.caseNo);
    expect(text).not.toContain('张三');
  });

  it('shows a registration\'s queued wake-ups in the queue depth and its clocks among the live clocks', async () => {
    const before = await scrapeApi();
    const { body } = await h.http().post('/api/v1/cases').set('Authorization', await h.as('operator'))
      .send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00' })).expect(201);
    const kinds = (body.deadlines as { kind: string }[]).map((d) => d.kind);
    expect(kinds).toContain('acceptance');
    const after = await waitFor(async () => {
      const t = await scrapeApi();
      return value(t, 'fangxin_queue_jobs', { queue: 'deadlines', state: 'delayed' }) > value(before, 'fangxin_queue_jobs', { queue: 'deadlines', state: 'delayed' }) ? t : undefined;
    });
    expect(value(after, 'fangxin_live_clocks', { kind: 'acceptance', state: 'running' })).toBe(value(before, 'fangxin_live_clocks', { kind: 'acceptance', state: 'running' }) + 1);
  });

  it('shows outbox rows waiting for the relay, and their age', async () => {
    // a row no relay route knows stays pending (outbox-relay.ts): the relay leaves it, the gauge shows it
    await h.db.prisma.$executeRaw`INSERT INTO outbox (topic, payload, created_at) VALUES ('ops.test', '{}'::jsonb, now() - interval '90 seconds')`;
    const text = await scrapeApi();
    expect(value(text, 'fangxin_outbox_pending')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'fangxin_outbox_lag_seconds')).toBeGreaterThanOrEqual(89);
    await h.db.prisma.$executeRaw`DELETE FROM outbox WHERE topic = 'ops.test'`;
  });
});

describe('request id', () => {
  it('is taken from a sane X-Request-Id (else made), returned, and carried into the outbox row and the job', async () => {
    const made = await h.http().get('/health/live').set('X-Request-Id', 'bad id; with spaces').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await h.http().get('/health/live').expect(200)).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    // errors carry it too
    expect((await h.http().get('/api/v1/no-such-thing').set('X-Request-Id', 'ops-404').expect(404)).headers['x-request-id']).toBe('ops-404');
    expect((await h.http().post('/api/v1/cases').set('X-Request-Id', 'ops-401').send({}).expect(401)).headers['x-request-id']).toBe('ops-401');

    const rid = 'ops-e2e-registration-0001';
    const r = await h.http().post('/api/v1/cases').set('Authorization', await h.as('operator')).set('X-Request-Id', rid)
      .send(complaintBody({ receivedAt: '2026-11-23T09:30:00+08:00' })).expect(201);
    expect(r.headers['x-request-id']).toBe(rid);
    const acc = (r.body.deadlines as { id: string; kind: string }[]).find((d) => d.kind === 'acceptance')!;
    const rows = await h.db.prisma.outboxMessage.findMany({ where: { topic: 'deadline.arm' } });
    const row = rows.find((o) => JSON.stringify(o.payload).includes(acc.id))!;
    expect(row.payload).toMatchObject({ correlationId: rid });
    // the relay arms the rungs as delayed jobs whose data carries the id
    const job = await waitFor(async () => (await deadlines.getJob(`deadline-${acc.id}-v1-warn`)) ?? undefined);
    expect(job.data.meta).toEqual({ correlationId: rid });
  });

  it('follows a command into the worker: the job for an overdue rung fires it and logs the request id, and the lateness shows', async () => {
    const before = await scrapeWorker();
    const rid = 'ops-e2e-overdue-0002';
    // received six weeks ago: the acceptance clock is long past due, so its wake-up runs at once
    const r = await h.http().post('/api/v1/cases').set('Authorization', await h.as('operator')).set('X-Request-Id', rid)
      .send(complaintBody({ receivedAt: '2026-10-09T09:30:00+08:00' })).expect(201);
    const acc = (r.body.deadlines as { id: string; kind: string }[]).find((d) => d.kind === 'acceptance')!;
    const line = await waitFor(async () => workerLines.map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.msg === 'deadline rung fired' && l.deadlineId === acc.id));
    expect(line).toMatchObject({ requestId: rid, rung: expect.any(String), context: 'deadlines' });
    expect(line.lateMs).toBeGreaterThan(86_400_000);

    const after = await scrapeWorker();
    const n = (t: string, name: string, where?: Record<string, string>) => value(t, name, where);
    expect(n(after, 'fangxin_deadline_firing_lateness_seconds_count')).toBeGreaterThan(n(before, 'fangxin_deadline_firing_lateness_seconds_count'));
    // observed in seconds: at least a day later than due
    expect(n(after, 'fangxin_deadline_firing_lateness_seconds_sum') - n(before, 'fangxin_deadline_firing_lateness_seconds_sum')).toBeGreaterThan(86_400);
    expect(n(after, 'fangxin_deadline_rungs_total', { outcome: 'fired' })).toBeGreaterThan(n(before, 'fangxin_deadline_rungs_total', { outcome: 'fired' }));
    expect(n(after, 'fangxin_queue_jobs_processed_total', { queue: 'deadlines', result: 'completed' })).toBeGreaterThan(n(before, 'fangxin_queue_jobs_processed_total', { queue: 'deadlines', result: 'completed' }));
    expect(n(after, 'fangxin_outbox_relayed_total')).toBeGreaterThan(n(before, 'fangxin_outbox_relayed_total'));
    expect(after).toContain('app="worker"');
  });

  it('counts the analysis-report queue\'s jobs with the others\' (job rates per queue)', async () => {
    const where = { queue: 'analytics-reports', result: 'completed' };
    const before = value(await scrapeWorker(), 'fangxin_queue_jobs_processed_total', where);
    const reports = new Queue('analytics-reports', { connection: redis, prefix: queuePrefix(h.env.QUEUE_PREFIX) });
    try {
      await reports.add('analysis.report', { period: 'month' }, { removeOnComplete: true });
      await waitFor(async () => (value(await scrapeWorker(), 'fangxin_queue_jobs_processed_total', where) > before ? true : undefined), 60_000);
    } finally {
      await reports.close();
    }
  });
});

describe('health: liveness vs readiness', () => {
  it('API: /health/live asks nothing; /health/ready and /health check PostgreSQL, Redis and migrations', async () => {
    expect((await h.http().get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    const ready = (await h.http().get('/health/ready').expect(200)).body;
    expect(ready).toEqual({ status: 'ok', postgres: { status: 'up' }, redis: { status: 'up' }, migrations: { status: 'up' } });
    expect((await h.http().get('/health').expect(200)).body).toMatchObject({ status: 'ok', migrations: { status: 'up' }, warnings: expect.any(Array) });
  });

  it('worker: the same split on its health port, and /metrics there needs the token too', async () => {
    expect(await (await fetch(`${workerUrl}/health/live`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${workerUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', postgres: { status: 'up' }, redis: { status: 'up' }, migrations: { status: 'up' } });
    expect((await fetch(`${workerUrl}/metrics`)).status).toBe(401);
    expect((await fetch(`${workerUrl}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  });
});

describe('queue dashboard /admin/queues', () => {
  const cookieOf = (setCookie: string | string[] | undefined) => String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!;

  it('refuses anonymous users (401) and every role but admin (403), page and JSON alike', async () => {
    for (const path of ['/admin/queues', '/admin/queues/api/queues', '/admin/queues/queue/deadlines']) {
      const anon = await h.http().get(path).expect(401);
      expect(anon.body.code).toBe('UNAUTHORIZED');
      expect(anon.text).not.toContain('<html');
      for (const user of ['operator', 'manager', 'auditor', 'handler.wl']) {
        const r = await h.http().get(path).set('Authorization', await h.as(user)).expect(403);
        expect(r.body.code).toBe('FORBIDDEN');
      }
    }
    await h.http().get('/admin/queues').set('Cookie', 'fangxin_queues=not-a-token').expect(401);
    await h.http().get('/admin/queues').set('Authorization', 'Bearer not-a-token').expect(401);
  });

  it('opens for the console\'s admin login through a short-lived board cookie (POST …/admin/queues/session)', async () => {
    await h.http().post('/api/v1/admin/queues/session').expect(401);
    await h.http().post('/api/v1/admin/queues/session').set('Authorization', await h.as('operator')).expect(403);
    const admin = await h.as('admin');
    const s = await h.http().post('/api/v1/admin/queues/session').set('Authorization', admin).send({}).expect(200);
    expect(s.body).toEqual({ url: '/admin/queues', expiresAt: new Date(TEST_NOW.getTime() + 15 * 60_000).toISOString() });
    const setCookie = String(s.headers['set-cookie']);
    expect(setCookie).toMatch(/^fangxin_queues=[\w-]+\.[\w-]+\.[\w-]+; Path=\/admin\/queues; Max-Age=900; HttpOnly; SameSite=Strict$/);
    const cookie = cookieOf(s.headers['set-cookie']);

    const page = await h.http().get('/admin/queues').set('Cookie', cookie).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('__UI_CONFIG__');
    const api = await h.http().get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual(['analytics-reports', 'calendar', 'deadlines']);
    // an admin's bearer token opens it as well (scripts, curl)
    await h.http().get('/admin/queues/api/queues').set('Authorization', admin).expect(200);
    // the board cookie is no API token
    await h.http().get('/api/v1/cases').set('Authorization', `Bearer ${cookie.split('=')[1]}`).expect(401);
    // a retry issues a fresh session
    const again = await h.http().post('/api/v1/admin/queues/session').set('Authorization', admin).expect(200);
    expect(String(again.headers['set-cookie'])).toMatch(/^fangxin_queues=/);
  });

  it('shuts the board to a board cookie whose holder is no longer an admin', async () => {
    const admin = await h.as('admin');
    const cookie = cookieOf((await h.http().post('/api/v1/admin/queues/session').set('Authorization', admin).expect(200)).headers['set-cookie']);
    const u = await h.db.prisma.user.findFirstOrThrow({ where: { username: 'admin' } });
    await h.db.prisma.user.update({ where: { id: u.id }, data: { role: 'operator' } });
    try {
      // UserStates caches a user's state for 5 s
      await waitFor(async () => ((await h.http().get('/admin/queues/api/queues').set('Cookie', cookie)).status === 403 ? true : undefined));
    } finally {
      await h.db.prisma.user.update({ where: { id: u.id }, data: { role: 'admin' } });
    }
  });
});

describe('access log', () => {
  // Last in the file: a second Nest app in this process takes over Nest's static logger, to which the worker's
  // `new Logger(…)` lines then go (one app per process in production).
  it('names the request on the API\'s JSON access line (one per request; none for the probes)', async () => {
    const lines: Record<string, unknown>[] = [];
    const out = new Writable({ write(chunk, _enc, done) { for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l)); done(); } });
    // an API at LOG_LEVEL info, as deployed (the harness's logs errors only)
    const app = await createApi(h.env, clock, { logger: ['log', 'warn', 'error'], logDestination: out });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    try {
      await request(app.getHttpServer()).get('/api/v1/cases/0d4c6f0e-6a8e-4c1e-9a55-2b0f4c1d2e3f').set('X-Request-Id', 'ops-access-0003').expect(401);
      await request(app.getHttpServer()).get('/health/live').set('X-Request-Id', 'ops-access-probe').expect(200);
      const access = lines.filter((l) => l.msg === 'request');
      expect(access).toEqual([expect.objectContaining({ requestId: 'ops-access-0003', method: 'GET', route: '/api/v1/cases/:id', statusCode: 401, ms: expect.any(Number), level: 30 })]);
      expect(JSON.stringify(lines)).not.toContain('0d4c6f0e-6a8e-4c1e-9a55-2b0f4c1d2e3f');
    } finally {
      await app.close();
    }
  });
});
