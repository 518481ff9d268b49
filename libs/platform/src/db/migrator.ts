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
      await client.query('BEGIN');
      try {
        await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`, [id, checksum, name]);
        await client.query(sql);
        await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${name} failed: ${(e as Error).message}`);
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
