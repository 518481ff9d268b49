import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Applies prisma/migrations/<stamp>_<name>/migration.sql in order and records them in `_prisma_migrations`
 * exactly as Prisma does (sha256 checksum, finished_at, applied_steps_count), so `prisma migrate deploy` on a
 * machine that can run it sees them as applied. We need it because `prisma migrate` cannot run here.
 */
/** China months the runner keeps partitioned ahead, the current one included (docs/scaling.md). */
export const PARTITION_MONTHS_AHEAD = 4;

export interface MigrateOptions {
  /** "Now" for the partitions ahead (default: the database server's clock). */
  now?: Date;
}

export async function migrate(databaseUrl: string, dir: string, log: (m: string) => void = () => {}, opts: MigrateOptions = {}): Promise<string[]> {
  await ensureDatabase(databaseUrl, log);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7212315)');
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const applied = new Map(done.rows.map((r) => [r.migration_name, r.checksum]));
    const names = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    const ran: string[] = [];
    for (const name of names) {
      const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const prev = applied.get(name);
      if (prev) {
        if (prev !== checksum) log(`warning: migration ${name} was edited after it was applied`);
        continue;
      }
      const id = randomUUID();
      if (isOnline(sql)) await applyOnline(client, id, name, checksum, sql, log);
      else {
        await client.query('BEGIN');
        try {
          await client.query(RECORD_START, [id, checksum, name]);
          await client.query(sql);
          await client.query(RECORD_FINISH, [id]);
          await client.query('COMMIT');
        } catch (e) {
          await client.query('ROLLBACK');
          const m = (e as Error).message;
          throw new Error(`migration ${name} failed: ${m}${/cannot run inside a transaction block/.test(m) ? ` (a statement such as CREATE INDEX CONCURRENTLY goes in a migration of its own whose first line is "${ONLINE_MARK}")` : ''}`);
        }
      }
      log(`applied ${name}`);
      ran.push(name);
    }
    const made = await ensureMonthPartitions(client, opts.now, log);
    if (made.length) log(`created partitions ${made.join(', ')}`);
    return ran;
  } finally {
    await client.query('SELECT pg_advisory_unlock(7212315)').catch(() => {});
    await client.end();
  }
}

/** A migration's record, as `prisma migrate deploy` writes it: started, then finished. */
const RECORD_START = `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`;
const RECORD_FINISH = `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`;

/**
 * The first line of an online migration: its one statement runs outside a transaction, so that an index is built
 * with CREATE INDEX CONCURRENTLY while the application keeps writing (a plain CREATE INDEX on `cases` holds its
 * writes for the whole build). One statement only: PostgreSQL runs several sent together as one transaction.
 */
export const ONLINE_MARK = '-- fangxin:online';

const isOnline = (sql: string) => sql.trimStart().split('\n', 1)[0]!.trim() === ONLINE_MARK;

/** The indexes an online migration builds concurrently (named, as IF NOT EXISTS needs them). */
function concurrentIndexes(sql: string): string[] {
  const re = /CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*))/gi;
  return [...sql.matchAll(re)].map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!.toLowerCase()));
}

/**
 * An index build that failed or was cut off (a crash, a lost connection) leaves an INVALID index behind, which
 * IF NOT EXISTS would then take for done: such an index of the migration's is dropped before it runs, and after
 * it fails.
 */
async function dropInvalid(client: pg.Client, indexes: string[], name: string, log: (m: string) => void): Promise<void> {
  for (const ix of indexes) {
    const r = await client.query(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relname = $1 AND c.relnamespace = 'public'::regnamespace AND NOT i.indisvalid`, [ix]);
    if (!r.rowCount) continue;
    await client.query(`DROP INDEX CONCURRENTLY IF EXISTS "${ix.replace(/"/g, '""')}"`);
    log(`dropped invalid index ${ix} left by an earlier attempt of ${name}`);
  }
}

/** An online migration (ONLINE_MARK): recorded as started, run in autocommit, recorded as finished; a failure leaves no record. */
async function applyOnline(client: pg.Client, id: string, name: string, checksum: string, sql: string, log: (m: string) => void): Promise<void> {
  const indexes = concurrentIndexes(sql);
  await dropInvalid(client, indexes, name, log);
  // A record left unfinished by an attempt that was cut off (no transaction undid it) goes with its index.
  await client.query(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NULL`, [name]);
  await client.query(RECORD_START, [id, checksum, name]);
  try {
    await client.query(sql);
  } catch (e) {
    await client.query(`DELETE FROM "_prisma_migrations" WHERE id = $1`, [id]);
    await dropInvalid(client, indexes, name, log).catch(() => {});
    throw new Error(`migration ${name} failed: ${(e as Error).message}`);
  }
  await client.query(RECORD_FINISH, [id]);
}

/**
 * Every month-partitioned table (one with a `<table>_default` partition; migration 20261205070000) gets its
 * partitions for this China month and the next ones (PARTITION_MONTHS_AHEAD in all) — run at every migrate, so a
 * deployment that migrates at least quarterly never writes into the default partition. Returns the partitions made.
 */
export async function ensureMonthPartitions(client: pg.Client, now?: Date, log: (m: string) => void = () => {}): Promise<string[]> {
  const fn = await client.query(`SELECT 1 FROM pg_proc WHERE proname = 'fangxin_month_partitions'`);
  if (!fn.rowCount) return [];
  const tables = await client.query<{ parent: string }>(
    `SELECT c.relname AS parent FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
      WHERE c.relnamespace = 'public'::regnamespace AND to_regclass(quote_ident(c.relname || '_default')) IS NOT NULL ORDER BY 1`,
  );
  const before = await partitionNames(client);
  // Creating a partition locks its parent (ACCESS EXCLUSIVE) for a moment: never queue the app's writes behind a
  // long transaction for it — give up after a few seconds and leave it to the next run (months are made ahead).
  await client.query(`SET lock_timeout = '5s'`);
  try {
    for (const { parent } of tables.rows) {
      await client.query(
        `SELECT fangxin_month_partitions($1::regclass, (coalesce($2::timestamptz, now()) AT TIME ZONE 'Asia/Shanghai')::date, $3)`,
        [parent, now ?? null, PARTITION_MONTHS_AHEAD],
      ).catch((e: Error) => {
        if (!/lock timeout/i.test(e.message)) throw e;
        log(`warning: partitions of ${parent} not created (its lock was busy); the next migrate retries`);
      });
    }
  } finally {
    await client.query('RESET lock_timeout');
  }
  return [...(await partitionNames(client))].filter((n) => !before.has(n)).sort();
}

async function partitionNames(client: pg.Client): Promise<Set<string>> {
  const r = await client.query<{ name: string }>(`SELECT c.relname AS name FROM pg_class c WHERE c.relispartition AND c.relkind = 'r'`);
  return new Set(r.rows.map((x) => x.name));
}

/** Creates the target database when it does not exist yet (a fresh machine has only `postgres`/`test`). */
export async function ensureDatabase(databaseUrl: string, log: (m: string) => void = () => {}): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}
