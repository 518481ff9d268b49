import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '#prisma-client';
import { createRedis, migrate, PrismaService, queuePrefix, unlinkMatching, type AppEnv, type RedisClient } from '#platform';
import { seedReference } from '../../../prisma/seed/reference.js';

export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
/**
 * The template is named after a hash of what it is built from (migrations + reference seed data), so runs with
 * different schemas never share one, and a template is rebuilt exactly when its inputs change.
 */
export const TEMPLATE_DB = `fangxin_tpl_${templateHash()}`;

function templateHash(): string {
  const h = createHash('sha256');
  const add = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) add(p);
      else if (!e.name.endsWith('.spec.ts')) h.update(p).update(readFileSync(p));
    }
  };
  add('prisma/migrations');
  add('prisma/seed-data');
  h.update(readFileSync('prisma/seed/reference.ts'));
  return h.digest('hex').slice(0, 12);
}
export const TEST_DB_PREFIX = 'fangxin_t_';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function dbUrl(name: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export interface TestDb {
  name: string;
  url: string;
  /** A Redis key prefix of this test file's own (BullMQ queues live under it). */
  redisPrefix: string;
  /** As the apps have it (PrismaService: its hot reads go straight to the pool). */
  prisma: PrismaService;
  drop(): Promise<void>;
}

/** A fresh database cloned from the migrated, reference-seeded template: one per test file. */
export async function createTestDb(): Promise<TestDb> {
  const id = randomBytes(5).toString('hex');
  // The creation time is in the name so global setup can tell stale leftovers from a concurrent run's databases.
  // It is the database server's time: a run under a shifted clock (scripts/test.sh) must not look ancient or
  // future to another run.
  const born = await ensureTemplate();
  const name = `${TEST_DB_PREFIX}${born}_${id}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  const url = dbUrl(name);
  const prisma = new PrismaService({ DATABASE_URL: url, DATABASE_POOL_MAX: 10 } as AppEnv);
  const redisPrefix = `fxtest-${id}`;
  return {
    name, url, prisma, redisPrefix,
    async drop() {
      await prisma.onModuleDestroy(); // both its pools (the named statements' too)
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      // The file's queues too (delayed jobs of far-off deadlines would otherwise stay in Redis for good).
      const redis = createRedis(REDIS_URL, { maxRetriesPerRequest: 3 });
      try {
        await flushPrefix(redis, redisPrefix);
      } finally {
        redis.disconnect();
      }
    },
  };
}

/**
 * Builds the template once per run (global-setup dropped the old one), under a lock shared by all workers.
 * Returns the database server's clock (epoch seconds).
 */
async function ensureTemplate(): Promise<number> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query('SELECT pg_advisory_lock(7212316)');
    const born = Number((await c.query<{ t: string }>('SELECT floor(extract(epoch FROM now()))::bigint AS t')).rows[0]!.t);
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DB]);
    if (exists.rowCount) return born;
    const building = `${TEMPLATE_DB}_building`;
    // Another process may hold the lock on a different server session; the rename below is atomic.
    await c.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
    await migrate(dbUrl(building), 'prisma/migrations');
    const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: dbUrl(building) }) });
    try {
      await seedReference(prisma);
    } finally {
      await prisma.$disconnect();
    }
    await c.query(`ALTER DATABASE "${building}" RENAME TO "${TEMPLATE_DB}"`);
    return born;
  } finally {
    await c.query('SELECT pg_advisory_unlock(7212316)').catch(() => {});
    await c.end();
  }
}

/**
 * Deletes every key under `${prefix}:` and the queues' `{prefix}:` (SCAN + UNLINK on every master of a cluster):
 * the FLUSHALL of one test's or bench's own keyspace.
 */
export async function flushPrefix(redis: RedisClient, prefix: string): Promise<number> {
  return unlinkMatching(redis, [`${prefix}:*`, `${queuePrefix(prefix)}:*`]);
}
