// Once per jest run: drop test databases left behind by runs that died (older than two hours) and templates
// built from other migration sets. Never touches a concurrent run's fresh databases. pg only: jest's module
// mapping does not apply here.
import pg from 'pg';

const ADMIN = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const STALE_S = 2 * 3600;

export default async function globalSetup(): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    // The server's clock, as in the names (libs/testing createTestDb): this process's may be shifted.
    const now = Number((await c.query<{ t: string }>('SELECT floor(extract(epoch FROM now()))::bigint AS t')).rows[0]!.t);
    const r = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'fangxin\\_t\\_%' OR datname LIKE 'fangxin\\_test\\_%'`);
    for (const { datname } of r.rows) {
      const born = Number(/^fangxin_t_(\d+)_/.exec(datname)?.[1] ?? 0);
      if (now - born > STALE_S) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    // Templates of other schema versions: keep the newest few, drop the rest.
    const tpl = await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'fangxin\\_tpl\\_%' AND datname NOT LIKE '%\\_building' ORDER BY oid DESC`);
    for (const { datname } of tpl.rows.slice(16)) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
