// Analytics and report exports read a streaming replica when DATABASE_READ_URL is set (docs/scaling.md); reads of
// one's own writes stay on the primary. The shared PostgreSQL here refuses replication connections (its pg_hba has
// no `replication` line) and is never reconfigured, and a base backup of it would copy every engineer's test
// databases: so this file starts a private primary (initdb, another loopback port, fsync off) and a replica of it
// (pg_basebackup -R, pg_ctl on a third port), both under a temp dir, stopped and removed at the end.
// Proof that analytics read the replica: with the replica's replay paused, a counter written on the primary is not
// in the indicators the API answers (it is on the primary), and appears once replay resumes; the read client's
// session is in recovery, the primary's is not; a case registered meanwhile reads back at once (primary).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '#prisma-client';
import { PrismaService, ReadPrismaService, loadEnv, migrate } from '#platform';
import { REDIS_URL, complaintBody, flushPrefix, seedOrg, testClock } from '#testing';
import { createRedis } from '#platform';
import { seedReference } from '../../prisma/seed/reference.js';
import { createApi } from '../../apps/api/src/app.js';

const BIN = (() => {
  const root = '/usr/lib/postgresql';
  const v = existsSync(root) ? readdirSync(root).filter((d) => existsSync(join(root, d, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!v) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql/*/bin');
  return join(root, v, 'bin');
})();
const asRoot = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: run its tools as the postgres user then. */
function pgTool(tool: string, args: string[]): string {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, tool), ...args]] : [join(BIN, tool), args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.stderr || r.stdout}`);
  return r.stdout;
}
const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});

let dir = '';
const started: string[] = [];
let primaryUrl = '';
let replicaUrl = '';
let app: NestFastifyApplication | undefined;
const PREFIX = `fxtest-replica-${process.pid}`;
const clock = testClock();

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try { return (await c.query<T>(sql, params)).rows; } finally { await c.end(); }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fx-replica-'));
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const [p1, p2] = [await freePort(), await freePort()];
  const primary = join(dir, 'primary');
  const replica = join(dir, 'replica');
  pgTool('initdb', ['-D', primary, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions']);
  // loopback only, sockets in the temp dir, nothing durable: a throw-away primary
  const opts = (port: number) => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=16MB -c max_connections=50 -c wal_level=replica -c max_wal_senders=4`;
  pgTool('pg_ctl', ['-D', primary, '-l', join(dir, 'primary.log'), '-o', opts(p1), '-w', '-t', '60', 'start']);
  started.push(primary);
  primaryUrl = `postgresql://postgres@127.0.0.1:${p1}/fangxin`;
  await migrate(primaryUrl, 'prisma/migrations');
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: primaryUrl }) });
  try {
    await seedReference(prisma);
    await seedOrg(prisma, clock.now());
  } finally {
    await prisma.$disconnect();
  }
  // the replica: a base backup streamed from the primary, -R writes standby.signal and primary_conninfo
  pgTool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(p1), '-U', 'postgres', '-D', replica, '-R', '-X', 'stream', '-c', 'fast', '--no-sync']);
  pgTool('pg_ctl', ['-D', replica, '-l', join(dir, 'replica.log'), '-o', opts(p2), '-w', '-t', '60', 'start']);
  started.push(replica);
  replicaUrl = `postgresql://postgres@127.0.0.1:${p2}/fangxin`;
  const env = loadEnv({}, { DATABASE_URL: primaryUrl, DATABASE_READ_URL: replicaUrl, REDIS_URL, QUEUE_PREFIX: PREFIX, NODE_ENV: 'test', LOGIN_LIMIT_PER_ADDRESS: 10_000 });
  app = await createApi(env, clock, { logger: ['error'] });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
}, 240_000);

afterAll(async () => {
  await app?.close();
  for (const d of started.reverse()) {
    try { pgTool('pg_ctl', ['-D', d, '-m', 'immediate', '-w', 'stop']); } catch { /* already down */ }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  const redis = createRedis(REDIS_URL, { maxRetriesPerRequest: 3 });
  try { await flushPrefix(redis, PREFIX); } finally { redis.disconnect(); }
});

const http = () => request(app!.getHttpServer());
async function login(username: string): Promise<string> {
  const r = await http().post('/api/v1/auth/login').send({ username, password: 'demo12315' }).expect(200);
  return `Bearer ${r.body.accessToken}`;
}
async function waitFor(what: string, fn: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const cityDenominator = async (auth: string): Promise<number> => {
  // not whole months: days come from analytics_unit_days (whole months from analytics_unit_months)
  const r = await http().get('/api/v1/indicators?from=2026-11-02&to=2026-11-29&indicator=signOnTimeRate').set('Authorization', auth).expect(200);
  return r.body.rows.find((x: { unit: { id: string } }) => x.unit.id === r.body.unit.id).values.signOnTimeRate.denominator as number;
};

it('wires the read client to the replica and the write client to the primary', async () => {
  const [read] = await app!.get(ReadPrismaService).$queryRaw<{ r: boolean; port: number }[]>`SELECT pg_is_in_recovery() AS r, inet_server_port() AS port`;
  const [write] = await app!.get(PrismaService).$queryRaw<{ r: boolean; port: number }[]>`SELECT pg_is_in_recovery() AS r, inet_server_port() AS port`;
  expect(read).toEqual({ r: true, port: Number(new URL(replicaUrl).port) });
  expect(write).toEqual({ r: false, port: Number(new URL(primaryUrl).port) });
});

it('answers indicators from the replica: a counter written on the primary shows only once the replica has replayed it', async () => {
  const mgr = await login('manager');
  const before = await cityDenominator(mgr);
  const [{ id: city }] = await query<{ id: string }>(primaryUrl, 'SELECT id FROM units WHERE parent_id IS NULL ORDER BY code LIMIT 1');
  await query(replicaUrl, 'SELECT pg_wal_replay_pause()');
  await waitFor('replay paused', async () => (await query<{ s: string }>(replicaUrl, 'SELECT pg_get_wal_replay_pause_state() AS s'))[0]!.s === 'paused');
  try {
    await query(primaryUrl, `INSERT INTO analytics_unit_days (unit_id, day, sign_due, sign_on_time) VALUES ($1, '2026-11-10', 5, 4)
      ON CONFLICT (unit_id, day) DO UPDATE SET sign_due = analytics_unit_days.sign_due + 5, sign_on_time = analytics_unit_days.sign_on_time + 4`, [city]);
    // on the primary at once…
    const [{ n }] = await query<{ n: number }>(primaryUrl, `SELECT sum(sign_due)::int AS n FROM analytics_unit_days WHERE day >= '2026-11-02' AND day < '2026-11-30'`);
    expect(n).toBe(before + 5);
    // …not in what the API answers: it read the paused replica
    expect(await cityDenominator(mgr)).toBe(before);

    // a command and the read of its own result stay on the primary, whatever the replica's lag
    const op = await login('operator');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody()).expect(201);
    const back = await http().get(`/api/v1/cases/${body.id}`).set('Authorization', op).expect(200);
    expect(back.body.id).toBe(body.id);
    expect(await query(replicaUrl, 'SELECT 1 FROM cases WHERE id = $1', [body.id])).toEqual([]);
  } finally {
    await query(replicaUrl, 'SELECT pg_wal_replay_resume()');
  }
  await waitFor('the replica to replay the counter', async () => (await cityDenominator(mgr)) === before + 5);
});
