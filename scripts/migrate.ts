// npm run db:migrate — applies prisma/migrations with the project's runner (see docs/migrations.md).
// A database that cannot be reached or refuses us is one line saying so (npm run demo shows it), not a stack trace.
import { loadEnv, migrate } from '#platform';

const env = loadEnv();
try {
  const ran = await migrate(env.DATABASE_URL, 'prisma/migrations', (m) => console.log(`[migrate] ${m}`));
  console.log(`[migrate] ${ran.length ? `${ran.length} migration(s) applied` : 'database is up to date'}`);
} catch (e) {
  const where = (() => { try { const u = new URL(env.DATABASE_URL); return `${u.hostname}:${u.port || 5432}${u.pathname}`; } catch { return 'DATABASE_URL'; } })();
  console.error(`[migrate] cannot migrate the database at ${where}: ${(e as Error).message || String(e)}`);
  process.exit(1);
}
