// Every Redis use of Fangxin on a Redis Cluster (docs/scaling.md): a private 3-master cluster on loopback ports
// (scripts/redis-cluster.sh), never the shared Redis. The deadline timers (BullMQ under the {prefix} hash tag), the
// sign-in throttle (one script on two keys), the identity-search limiter and the per-test key sweep each run on it;
// and the cluster really refuses what the hash tags avoid (a queue under a bare prefix: CROSSSLOT).
import { execFileSync } from 'node:child_process';
import { Cluster } from 'ioredis';
import { Queue, Worker } from 'bullmq';
import { QUEUES, createRedis, isRedisCluster, loadEnv, parseRedisUrl, queuePrefix, redisReady, type AppEnv, type RedisClient } from '#platform';
import { flushPrefix, testClock } from '#testing';
import { DeadlineTimers, redisConnection } from '../../apps/worker/src/deadline-timers.js';
import { RedisThrottlerStorage } from '../../apps/api/src/http/auth/login-throttle.js';
import { IdentitySearchLimiter } from '../../libs/cases/src/infrastructure/identity-search.limiter.js';
import { IdentitySearchLimited } from '../../libs/cases/src/domain/case.errors.js';

let dir = '';
let url = '';
let redis: RedisClient;
const PREFIX = `fxtest-cluster-${process.pid}`;
const closers: (() => unknown)[] = [];

beforeAll(async () => {
  const out = execFileSync('bash', ['scripts/redis-cluster.sh', 'start'], { encoding: 'utf8' });
  dir = /REDIS_CLUSTER_DIR='([^']+)'/.exec(out)![1]!;
  url = /REDIS_CLUSTER_URL='([^']+)'/.exec(out)![1]!;
  redis = createRedis(url, { maxRetriesPerRequest: 3 });
  await redisReady(redis);
}, 60_000);

afterAll(async () => {
  for (const c of closers.reverse()) await c();
  redis?.disconnect();
  if (dir) execFileSync('bash', ['scripts/redis-cluster.sh', 'stop', dir]);
});

const env = (over: Partial<AppEnv> = {}) => loadEnv({}, { REDIS_URL: url, QUEUE_PREFIX: PREFIX, NODE_ENV: 'test', IDENTITY_SEARCH_LIMIT: 3, ...over });
const slot = (key: string) => (redis as Cluster).cluster('KEYSLOT', key) as Promise<number>;

it('a redis+cluster:// URL gives an ioredis Cluster on the three masters the script started', async () => {
  expect(isRedisCluster(url)).toBe(true);
  expect(parseRedisUrl(url)).toMatchObject({ cluster: true, nodes: [{ host: '127.0.0.1' }, { host: '127.0.0.1' }, { host: '127.0.0.1' }] });
  expect(redis).toBeInstanceOf(Cluster);
  expect((redis as Cluster).nodes('master')).toHaveLength(3);
  expect(isRedisCluster('redis://127.0.0.1:6379')).toBe(false);
});

it('refuses a BullMQ queue under a bare prefix (CROSSSLOT), which the {prefix} hash tag avoids', async () => {
  const bare = new Queue('probe', { connection: redisConnection(url), prefix: PREFIX });
  closers.push(() => bare.close());
  await expect(bare.add('x', {})).rejects.toThrow(/CROSSSLOT/);
  expect(queuePrefix(PREFIX)).toBe(`{${PREFIX}}`);
  expect(queuePrefix('{already}-tagged')).toBe('{already}-tagged');
});

it('arms deadline wake-ups under {prefix} and a worker receives them when due', async () => {
  const clock = testClock();
  const timers = new DeadlineTimers(env(), clock);
  closers.push(() => timers.onModuleDestroy());
  const got: string[] = [];
  const conn = redisConnection(url);
  const worker = new Worker(QUEUES.deadlines, async (job) => { got.push(job.id!); }, { connection: conn, prefix: queuePrefix(PREFIX), concurrency: 4 });
  closers.push(async () => { await worker.close(); conn.disconnect(); });
  const fireAt = new Date(clock.now().getTime() + 300).toISOString();
  const items = ['a', 'b', 'c'].map((id) => ({ deadlineId: `d${id}`, version: 1, rung: 'due' as const, fireAt }));
  await timers.arm(items);
  await timers.arm(items); // re-arming the same ids is a no-op
  const end = Date.now() + 20_000;
  while (got.length < 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  expect(got.sort()).toEqual(['deadline-da-v1-due', 'deadline-db-v1-due', 'deadline-dc-v1-due']);
  // the retired-queue sweep runs on a cluster too (no legacy bare-prefix queues there)
  expect(await timers.dropRetiredQueues()).toEqual([]);
  // every key of the queue is in the slot of the hash tag
  const keys: string[] = [];
  for (const n of (redis as Cluster).nodes('master')) keys.push(...(await n.keys(`{${PREFIX}}:*`)));
  expect(keys.length).toBeGreaterThan(0);
  const slots = new Set(await Promise.all(keys.map(slot)));
  expect([...slots]).toEqual([await slot(`{${PREFIX}}`)]);
});

it('counts sign-in attempts with one script on two keys of one slot, and blocks past the limit', async () => {
  const storage = new RedisThrottlerStorage(env());
  closers.push(() => storage.onModuleDestroy());
  let r = await storage.increment('alice\n127.0.0.1', 60_000, 2, 60_000, 'login-user');
  expect(r).toMatchObject({ totalHits: 1, isBlocked: false });
  await storage.increment('alice\n127.0.0.1', 60_000, 2, 60_000, 'login-user');
  r = await storage.increment('alice\n127.0.0.1', 60_000, 2, 60_000, 'login-user');
  // counted in Redis, not the fail-open answer (totalHits 0) of a refused script
  expect(r).toMatchObject({ totalHits: 3, isBlocked: true });
  expect(r.timeToBlockExpire).toBeGreaterThan(0);
});

it('limits identity searches per user in the cluster (not only the per-process insurance limiter)', async () => {
  const limiter = new IdentitySearchLimiter(env());
  closers.push(() => limiter.onModuleDestroy());
  for (let i = 0; i < 3; i++) await limiter.consume('u1');
  await expect(limiter.consume('u1')).rejects.toBeInstanceOf(IdentitySearchLimited);
  // a second process (another limiter) shares the count: only Redis can tell it
  const other = new IdentitySearchLimiter(env());
  closers.push(() => other.onModuleDestroy());
  await expect(other.consume('u1')).rejects.toBeInstanceOf(IdentitySearchLimited);
  await other.consume('u2');
});

it("sweeps one test's keys from every master", async () => {
  const spread = Array.from({ length: 30 }, (_, i) => `${PREFIX}:probe:${i}`);
  for (const k of spread) await redis.set(k, '1');
  expect(new Set(await Promise.all(spread.map(slot))).size).toBeGreaterThan(1);
  const n = await flushPrefix(redis, PREFIX);
  expect(n).toBeGreaterThanOrEqual(spread.length);
  for (const node of (redis as Cluster).nodes('master')) {
    expect(await node.keys(`${PREFIX}:*`)).toEqual([]);
    expect(await node.keys(`{${PREFIX}}:*`)).toEqual([]);
  }
});
