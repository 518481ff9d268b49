// Once per jest run: drop databases left by earlier runs and the template, so the first test file rebuilds the
// template from the current migrations (see libs/testing/src/test-db.ts). pg only: jest's module mapping does
// not apply here.
import pg from 'pg';

const ADMIN = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export default async function globalSetup(): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    const r = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'fangxin\\_t\\_%' OR datname = 'fangxin_test_template'`);
    for (const { datname } of r.rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
