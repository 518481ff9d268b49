import { Prisma } from '#prisma-client';
import { createTestDb, type TestDb } from '#testing';
import type { AppEnv } from '../config/env.js';
import { PREPARED_SHAPES, PrismaService } from './prisma.service.js';

let db: TestDb;
let prisma: PrismaService;
beforeAll(async () => {
  db = await createTestDb();
  prisma = new PrismaService({ DATABASE_URL: db.url, DATABASE_POOL_MAX: 2 } as AppEnv);
});
afterAll(async () => {
  await prisma.onModuleDestroy();
  await db.drop();
});

describe('PrismaService.rows', () => {
  it('reads on the pool Prisma runs on, named statements on a pool of their own: one connection budget (DATABASE_POOL_MAX) for all', async () => {
    const sessions = () => db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'psql' AND pid <> pg_backend_pid()`;
    const base = (await sessions())[0]!.n; // the test's own client (db.prisma) has its idle sessions
    const slow = Prisma.sql`SELECT pg_sleep(0.2)::text AS s`;
    const runs = [
      ...Array.from({ length: 4 }, () => prisma.preparedRows(slow)),
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

  it('preparedRows: named statements, parsed once per connection and planned for each run\'s values, up to PREPARED_SHAPES texts', async () => {
    const one = new PrismaService({ DATABASE_URL: db.url, DATABASE_POOL_MAX: 1, DATABASE_PREPARED: 1 } as AppEnv);
    try {
      // The names live in the named statements' sessions: read there (this query is the first of them).
      const named = async () => (await one.preparedRows<{ name: string }>(Prisma.sql`SELECT name FROM pg_prepared_statements ORDER BY prepare_time`)).map((r) => r.name);
      const [first, ...rest] = await named();
      expect(first).toMatch(/^fx_[0-9a-f]{24}$/);
      expect(rest).toEqual([]);
      // A plan for unknown values is never taken by a named statement (PostgreSQL may switch to one after five runs),
      // while the writes' foreign-key checks and triggers keep their cached plans: see listPool.
      const mode = Prisma.sql`SELECT current_setting('plan_cache_mode') AS m`;
      expect(await one.preparedRows(mode)).toEqual([{ m: 'force_custom_plan' }]);
      expect(await one.rows(mode)).toEqual([{ m: 'auto' }]);
      expect(await one.$queryRaw`SELECT current_setting('plan_cache_mode') AS m`).toEqual([{ m: 'auto' }]);
      const shape = (k: number, v: number) => Prisma.sql`SELECT ${v}::int + ${Prisma.raw(String(k))} AS n`;
      for (let run = 0; run < 2; run++)
        for (let k = 0; k < PREPARED_SHAPES + 5; k++) expect(await one.preparedRows(shape(k, run * 100))).toEqual([{ n: run * 100 + k }]);
      const names = await named();
      expect(names).toHaveLength(PREPARED_SHAPES);
      expect(names.every((n) => /^fx_[0-9a-f]{24}$/.test(n))).toBe(true);
      expect(await one.rows(Prisma.sql`SELECT count(*)::int AS n FROM pg_prepared_statements`)).toEqual([{ n: 0 }]);
      // The server ends an idle named-statement connection (a restart, a failover): the process goes on, the next
      // list runs on a new connection and names its statement there again.
      const [{ pid }] = await one.preparedRows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`) as [{ pid: number }];
      expect(await one.rows(Prisma.sql`SELECT pg_terminate_backend(${pid}::int) AS ok`)).toEqual([{ ok: true }]);
      // Until the server process is gone (its last words reach the pool's idle client meanwhile).
      while ((await one.rows<{ n: number }>(Prisma.sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = ${pid}::int`))[0]!.n) await new Promise((r) => setTimeout(r, 20));
      const [again] = await one.preparedRows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`);
      expect(again!.pid).not.toBe(pid);
      expect(await one.preparedRows(shape(0, 7))).toEqual([{ n: 7 }]);
      // Asked at once, before the pool has read the news (CI caught that race): the list is asked again on a new
      // connection, not failed. Reads only, so once more is safe.
      for (let i = 0; i < 5; i++) {
        const [{ pid: p }] = await one.preparedRows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`) as [{ pid: number }];
        await one.rows(Prisma.sql`SELECT pg_terminate_backend(${p}::int)`);
        const [next] = await one.preparedRows<{ pid: number }>(Prisma.sql`SELECT pg_backend_pid() AS pid`);
        expect(next!.pid).not.toBe(p);
      }
      // any other error is not asked again
      await expect(one.preparedRows(Prisma.sql`SELECT 1 / ${0}::int AS n`)).rejects.toThrow(/division by zero/);
    } finally {
      await one.onModuleDestroy();
    }
    const off = new PrismaService({ DATABASE_URL: db.url, DATABASE_POOL_MAX: 1, DATABASE_PREPARED: 0 } as AppEnv);
    try {
      expect(await off.preparedRows(Prisma.sql`SELECT ${7}::int AS n`)).toEqual([{ n: 7 }]);
      expect(await off.rows(Prisma.sql`SELECT count(*)::int AS n FROM pg_prepared_statements`)).toEqual([{ n: 0 }]);
    } finally {
      await off.onModuleDestroy();
    }
  });
});
