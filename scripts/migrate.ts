// npm run db:migrate — applies prisma/migrations with the project's runner (see docs/migrations.md).
import { loadEnv, migrate } from '#platform';

const env = loadEnv();
const ran = await migrate(env.DATABASE_URL, 'prisma/migrations', (m) => console.log(`[migrate] ${m}`));
console.log(`[migrate] ${ran.length ? `${ran.length} migration(s) applied` : 'database is up to date'}`);
