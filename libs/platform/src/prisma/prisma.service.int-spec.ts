import { Prisma } from '#prisma-client';
import { createTestDb, type TestDb } from '#testing';
import type { AppEnv } from '../config/env.js';
import { PrismaService } from './prisma.service.js';

let db: TestDb;
let prisma: PrismaService;
beforeAll(async () => {
  db = await createTestDb();
  prisma = new PrismaService({ DATABASE_URL: db.url, DATABASE_POOL_MAX: 2 } as AppEnv);
});
afterAll(async () => {
  await prisma.$disconnect();
  await db.drop();
});

describe('PrismaService.rows', () => {
  it('reads on the pool Prisma runs on: one connection budget (DATABASE_POOL_MAX) for both', async () => {
    const sessions = () => db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'psql' AND pid <> pg_backend_pid()`;
    const base = (await sessions())[0]!.n; // the test's own client (db.prisma) has its idle sessions
    const slow = Prisma.sql`SELECT pg_sleep(0.2)::text AS s`;
    const runs = [
      ...Array.from({ length: 4 }, () => prisma.rows(slow)),
      ...Array.from({ length: 4 }, () => prisma.$queryRaw`SELECT pg_sleep(0.2)::text AS s`),
    ];
    await new Promise((r) => setTimeout(r, 100));
    const during = (await sessions())[0]!.n - base;
    await Promise.all(runs);
    expect(during).toBeGreaterThan(0);
    expect(during).toBeLessThanOrEqual(2);
  });

  it('gives timestamps as Dates, int4 as numbers, nulls as null, and takes arrays and Dates as parameters', async () => {
    const at = new Date('2026-11-23T02:00:00.000Z');
    const [r] = await prisma.rows<{ t: Date; n: number; none: null; ids: string[]; later: boolean }>(Prisma.sql`
      SELECT ${at}::timestamptz AS t, 41 + 1 AS n, NULL AS none, ${['a', 'b']}::text[] AS ids, ${at}::timestamptz > '2026-11-23T01:59:59Z' AS later`);
    expect(r).toEqual({ t: at, n: 42, none: null, ids: ['a', 'b'], later: true });
  });

  it('execute answers the count of rows a statement changed', async () => {
    const insert = (k: number) => prisma.execute(Prisma.sql`INSERT INTO probe_rows SELECT ${k}::int ON CONFLICT DO NOTHING`);
    await prisma.execute(Prisma.sql`CREATE TABLE probe_rows (k int PRIMARY KEY)`);
    expect(await insert(1)).toBe(1);
    expect(await insert(1)).toBe(0);
    expect(await prisma.execute(Prisma.sql`DELETE FROM probe_rows`)).toBe(1);
  });
});
