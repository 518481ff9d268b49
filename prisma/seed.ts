// npm run db:seed [-- --demo]: reference data always; the demo city only with --demo (never in production).
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '#prisma-client';
import { loadEnv } from '#platform';
import { seedReference } from './seed/reference.js';
import { DEMO_PASSWORD, seedDemo } from './seed/demo.js';

const env = loadEnv();
const demo = process.argv.includes('--demo');
const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL }) });
try {
  await seedReference(prisma, (m) => console.log(`[seed] ${m}`));
  if (demo) {
    if (env.NODE_ENV === 'production') throw new Error('refusing to seed demo users with NODE_ENV=production');
    const t0 = Date.now();
    const r = await seedDemo(prisma, { now: new Date(), log: (m) => console.log(`[seed] ${m}`) });
    console.log(r.created ? `[seed] demo city seeded in ${((Date.now() - t0) / 1000).toFixed(1)} s` : '[seed] demo city already present');
    console.log(`[seed] demo logins (password ${DEMO_PASSWORD}): ${r.logins.map((l) => l.username).join(', ')}, handler.<unitCode>/leader.<unitCode> for every unit`);
  }
} finally {
  await prisma.$disconnect();
}
