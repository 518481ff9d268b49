// The migration runner (libs/platform/src/db/migrator.ts): applies prisma/migrations-style folders once, in name
// order, records them the way `prisma migrate deploy` does, and leaves no trace of a migration that fails.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrate, ONLINE_MARK } from '#platform';
import { adminQuery, dbUrl, TEST_DB_PREFIX } from '#testing';

interface Row { id: string; checksum: string; finished_at: Date | null; migration_name: string; logs: string | null; rolled_back_at: Date | null; started_at: Date; applied_steps_count: number }

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const dbs: string[] = [];
const dirs: string[] = [];

/** A database name no one has created yet (the runner creates it); dropped after the file, or by global-setup. */
function freshDbName(): string {
  // Born-at in the name, as createTestDb: global setup drops only databases older than two hours.
  const name = `${TEST_DB_PREFIX}${Math.floor(Date.now() / 1000)}_mig_${randomBytes(4).toString('hex')}`;
  dbs.push(name);
  return name;
}

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fx-migrations-'));
  dirs.push(dir);
  writeMigrations(dir, files);
  return dir;
}
function writeMigrations(dir: string, files: Record<string, string>) {
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'migration.sql'), sql);
  }
  writeFileSync(join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n');
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}
const records = (url: string) => query<Row>(url, 'SELECT * FROM "_prisma_migrations" ORDER BY started_at, migration_name');
const tables = async (url: string) =>
  (await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).map((r) => r.table_name);

afterAll(async () => {
  for (const name of dbs) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('migration runner', () => {
  const M1 = '20260101000000_first';
  const M2 = '20260102000000_second';

  it('creates the database, applies each migration once in name order and records it Prisma-style', async () => {
    const dir = migrationsDir({
      [M2]: 'ALTER TABLE widgets ADD COLUMN colour text;\nCREATE INDEX widgets_colour_idx ON widgets (colour);\n',
      [M1]: '-- first\nCREATE TABLE widgets (id int PRIMARY KEY, name text NOT NULL);\nINSERT INTO widgets VALUES (1, \'一\');\n',
    });
    const url = dbUrl(freshDbName());
    const logs: string[] = [];
    expect(await migrate(url, dir, (m) => logs.push(m))).toEqual([M1, M2]);
    expect(logs).toEqual(expect.arrayContaining([`applied ${M1}`, `applied ${M2}`]));

    const rows = await records(url);
    expect(rows.map((r) => r.migration_name)).toEqual([M1, M2]);
    for (const r of rows) {
      expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(r.checksum).toBe(sha256(join(dir, r.migration_name, 'migration.sql')));
      expect(r.finished_at).toBeInstanceOf(Date);
      expect(r.finished_at!.getTime()).toBeGreaterThanOrEqual(r.started_at.getTime());
      expect(r.applied_steps_count).toBe(1);
      expect(r.rolled_back_at).toBeNull();
      expect(r.logs).toBeNull();
    }
    expect(await query(url, 'SELECT id, name, colour FROM widgets')).toEqual([{ id: 1, name: '一', colour: null }]);

    // Idempotent: a re-run applies nothing, records nothing, changes nothing.
    expect(await migrate(url, dir)).toEqual([]);
    expect(await records(url)).toEqual(rows);
    expect(await query(url, 'SELECT count(*)::int AS n FROM widgets')).toEqual([{ n: 1 }]);

    // A new migration later is applied alone.
    const M3 = '20260103000000_third';
    writeMigrations(dir, { [M3]: 'CREATE TABLE gadgets (id int);' });
    expect(await migrate(url, dir)).toEqual([M3]);
    expect((await records(url)).map((r) => r.migration_name)).toEqual([M1, M2, M3]);
  });

  it('rolls a failing migration back entirely, records nothing for it, and applies it once fixed', async () => {
    const BAD = '20260102000000_bad';
    const dir = migrationsDir({
      [M1]: 'CREATE TABLE widgets (id int PRIMARY KEY);',
      [BAD]: 'CREATE TABLE half_done (id int);\nINSERT INTO widgets VALUES (1);\nALTER TABLE widgets ADD COLUMN oops no_such_type;\n',
      '20260103000000_after': 'CREATE TABLE after_bad (id int);',
    });
    const url = dbUrl(freshDbName());
    await expect(migrate(url, dir)).rejects.toThrow(new RegExp(`migration ${BAD} failed: .*no_such_type`));

    // The first migration stays applied; nothing of the failed one (no table, no row, no record); the later one
    // did not run.
    expect((await records(url)).map((r) => r.migration_name)).toEqual([M1]);
    expect(await tables(url)).toEqual(['_prisma_migrations', 'widgets']);
    expect(await query(url, 'SELECT count(*)::int AS n FROM widgets')).toEqual([{ n: 0 }]);

    writeMigrations(dir, { [BAD]: 'CREATE TABLE half_done (id int);\nINSERT INTO widgets VALUES (1);\n' });
    expect(await migrate(url, dir)).toEqual([BAD, '20260103000000_after']);
    const rows = await records(url);
    expect(rows.map((r) => r.migration_name)).toEqual([M1, BAD, '20260103000000_after']);
    expect(rows.every((r) => r.finished_at && r.applied_steps_count === 1 && !r.rolled_back_at)).toBe(true);
    expect(rows[1].checksum).toBe(sha256(join(dir, BAD, 'migration.sql')));
  });

  it('warns, without re-applying, when an applied migration was edited afterwards', async () => {
    const dir = migrationsDir({ [M1]: 'CREATE TABLE widgets (id int);' });
    const url = dbUrl(freshDbName());
    await migrate(url, dir);
    writeMigrations(dir, { [M1]: 'CREATE TABLE widgets (id int, extra text);' });
    const logs: string[] = [];
    expect(await migrate(url, dir, (m) => logs.push(m))).toEqual([]);
    expect(logs).toEqual([`warning: migration ${M1} was edited after it was applied`]);
  });

  it('applies each migration exactly once when two runners start together (advisory lock)', async () => {
    const dir = migrationsDir({ [M1]: 'CREATE TABLE widgets (id int PRIMARY KEY);', [M2]: 'INSERT INTO widgets VALUES (1);' });
    const name = freshDbName();
    await adminQuery(`CREATE DATABASE "${name}"`);
    const url = dbUrl(name);
    const [a, b] = await Promise.all([migrate(url, dir), migrate(url, dir)]);
    expect([...a, ...b].sort()).toEqual([M1, M2]);
    expect(await records(url)).toHaveLength(2);
    expect(await query(url, 'SELECT count(*)::int AS n FROM widgets')).toEqual([{ n: 1 }]);
  });

  describe(`online migrations ("${ONLINE_MARK}": one statement, outside a transaction)`, () => {
    const indexes = (url: string) => query<{ name: string; valid: boolean }>(url,
      `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relname = 'widgets_name_idx' ORDER BY 1`);
    const ONLINE = '20260102000000_widgets_name';
    const online = (unique = false) => `${ONLINE_MARK}\n-- the name, built while widgets takes writes\nCREATE ${unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY IF NOT EXISTS "widgets_name_idx" ON widgets (name);\n`;

    it('builds an index CONCURRENTLY, records the migration Prisma-style, and writes go on meanwhile', async () => {
      // An index on slow(name) (1 ms a row) takes seconds to build over 1,500 rows: time to write meanwhile.
      const table = `CREATE FUNCTION slow(t text) RETURNS text IMMUTABLE LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(0.001); RETURN t; END $$;
        CREATE TABLE widgets (id int PRIMARY KEY, name text);
        INSERT INTO widgets SELECT g, md5(g::text) FROM generate_series(1, 1500) g;`;
      const build = (mark: string) => `${mark}${mark ? '\n' : ''}CREATE INDEX ${mark ? 'CONCURRENTLY IF NOT EXISTS ' : ''}widgets_name_idx ON widgets (slow(name));\n`;
      /** While the migration builds the index: does an INSERT into widgets get through within 1 s? */
      const writesDuring = async (mark: string) => {
        const dir = migrationsDir({ [M1]: table, [ONLINE]: build(mark) });
        const url = dbUrl(freshDbName());
        await migrate(url, migrationsDir({ [M1]: table }));
        let done = false;
        const run = migrate(url, dir).finally(() => { done = true; });
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        try {
          // the build has started: its backend is running the CREATE INDEX
          for (let i = 0; i < 200 && !(await c.query(`SELECT 1 FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE '%CREATE INDEX%widgets_name_idx%'`)).rowCount; i++) await new Promise((r) => setTimeout(r, 10));
          await c.query(`SET statement_timeout = 1000`);
          const wrote = await c.query(`INSERT INTO widgets VALUES (100000, 'during the build')`).then(() => true, () => false);
          const stillBuilding = !done;
          await run;
          return { wrote, stillBuilding, url, dir };
        } finally {
          await c.end();
        }
      };
      const on = await writesDuring(ONLINE_MARK);
      expect(on).toMatchObject({ wrote: true, stillBuilding: true });
      expect(await indexes(on.url)).toEqual([{ name: 'widgets_name_idx', valid: true }]);
      expect(await query(on.url, `SELECT count(*)::int AS n FROM widgets`)).toEqual([{ n: 1501 }]);
      const rows = await records(on.url);
      expect(rows.map((r) => r.migration_name)).toEqual([M1, ONLINE]);
      expect(rows[1]).toMatchObject({ applied_steps_count: 1, rolled_back_at: null, checksum: sha256(join(on.dir, ONLINE, 'migration.sql')) });
      expect(rows[1].finished_at).toBeInstanceOf(Date);
      expect(await migrate(on.url, on.dir)).toEqual([]);
      // The same index in an ordinary migration holds the writes for the whole build (what the mark is for).
      expect(await writesDuring('')).toMatchObject({ wrote: false, stillBuilding: true });
    }, 60_000);

    it('a build that fails leaves neither a record nor an invalid index, and runs again once the data is fixed', async () => {
      const dir = migrationsDir({ [M1]: "CREATE TABLE widgets (id int PRIMARY KEY, name text);\nINSERT INTO widgets VALUES (1, 'a'), (2, 'a');", [ONLINE]: online(true) });
      const url = dbUrl(freshDbName());
      const logs: string[] = [];
      await expect(migrate(url, dir, (m) => logs.push(m))).rejects.toThrow(new RegExp(`migration ${ONLINE} failed: .*(duplicate|unique)`, 'i'));
      expect((await records(url)).map((r) => r.migration_name)).toEqual([M1]);
      expect(await indexes(url)).toEqual([]);
      expect(logs).toContain(`dropped invalid index widgets_name_idx left by an earlier attempt of ${ONLINE}`);
      await query(url, `DELETE FROM widgets WHERE id = 2`);
      expect(await migrate(url, dir)).toEqual([ONLINE]);
      expect(await indexes(url)).toEqual([{ name: 'widgets_name_idx', valid: true }]);
    });

    it('an attempt cut off (an invalid index and an unfinished record left) is rebuilt, not taken for done by IF NOT EXISTS', async () => {
      const dir = migrationsDir({ [M1]: "CREATE TABLE widgets (id int PRIMARY KEY, name text);\nINSERT INTO widgets VALUES (1, 'a'), (2, 'a');" });
      const url = dbUrl(freshDbName());
      await migrate(url, dir);
      // What a crash mid-build leaves: the record started, the index there but INVALID.
      await query(url, `INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ('00000000-0000-4000-8000-000000000001', 'x', '${ONLINE}')`);
      await query(url, `CREATE UNIQUE INDEX CONCURRENTLY widgets_name_idx ON widgets (name)`).catch(() => undefined);
      expect(await indexes(url)).toEqual([{ name: 'widgets_name_idx', valid: false }]);
      await query(url, `DELETE FROM widgets WHERE id = 2`);
      writeMigrations(dir, { [ONLINE]: online(true) });
      const logs: string[] = [];
      expect(await migrate(url, dir, (m) => logs.push(m))).toEqual([ONLINE]);
      expect(await indexes(url)).toEqual([{ name: 'widgets_name_idx', valid: true }]);
      expect(logs).toContain(`dropped invalid index widgets_name_idx left by an earlier attempt of ${ONLINE}`);
      const rows = (await records(url)).filter((r) => r.migration_name === ONLINE);
      expect(rows).toHaveLength(1);
      expect(rows[0].finished_at).toBeInstanceOf(Date);
    });

    it('CONCURRENTLY in an ordinary migration fails, and the message says how to write it', async () => {
      const dir = migrationsDir({ [M1]: 'CREATE TABLE widgets (id int PRIMARY KEY, name text);\nCREATE INDEX CONCURRENTLY widgets_name_idx ON widgets (name);' });
      const url = dbUrl(freshDbName());
      await expect(migrate(url, dir)).rejects.toThrow(`a migration of its own whose first line is "${ONLINE_MARK}"`);
      expect(await records(url)).toEqual([]);
    });
  });

  it('applies the real prisma/migrations to an empty database with checksums of the files', async () => {
    const url = dbUrl(freshDbName());
    const names = readdirSync('prisma/migrations', { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(await migrate(url, 'prisma/migrations')).toEqual(names);
    const rows = await records(url);
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(names.map((n) => [n, sha256(join('prisma/migrations', n, 'migration.sql'))]));
    expect(await migrate(url, 'prisma/migrations')).toEqual([]);
  });
});
