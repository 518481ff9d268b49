import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '#prisma-client';
import { AppEnv } from '../config/env.js';

export type Tx = Prisma.TransactionClient;

/**
 * How many statement texts of a process run as named (prepared) statements: each one is parsed once per connection
 * and kept by its server process (~0.26 MB for a case list's), so the first this many hot shapes are, the rest not.
 */
export const PREPARED_SHAPES = 24;

/** The server ended the connection under the statement: admin_shutdown / crash_shutdown, or the socket closed. */
function connectionEnded(e: unknown): boolean {
  const x = e as { code?: unknown; message?: unknown } | null;
  return x?.code === '57P01' || x?.code === '57P02' || /Connection terminated/i.test(String(x?.message ?? ''));
}

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The pool Prisma's adapter runs on; `rows` and `execute` use it directly. */
  private readonly pool: pg.Pool;
  /** preparedRows' pool (named statements only), opened on first use: in practice only by the API. */
  private lists: pg.Pool | undefined;
  /** DATABASE_PREPARED: whether preparedRows names its statements, and the names of the texts it named. */
  private readonly prepared: boolean;
  private readonly names = new Map<string, string>();
  private readonly log = new Logger('database');

  constructor(private readonly env: AppEnv) {
    // PostgreSQL's own plan caching here: the foreign-key checks and triggers of a write keep their plans for the
    // connection's life. (Under force_custom_plan each was planned again per row: a quarter of PostgreSQL's CPU per
    // registration, docs/benchmarks.md.)
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_MAX });
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
    this.prepared = env.DATABASE_PREPARED !== 0;
  }

  /**
   * A statement of a hot path (the case lists, the registrations' group write, Idempotency-Key claims and answers),
   * straight on the pool: Prisma's raw-query layer cost the case list about 0.15–0.25 ms of CPU and a third of its
   * allocation per request, and copied the group write's JSON parameters (issue 15 §1). Outside any transaction (one
   * statement is its own). Values come back as node-postgres gives them: int4 a number, int8 and numeric strings
   * (Prisma: BigInt, Decimal) — select int4 or cast, and no `date` columns (pg reads them in the server's zone).
   */
  async rows<T>(sql: Prisma.Sql | string, values: unknown[] = []): Promise<T[]> {
    return (await this.run(sql, values)).rows as T[];
  }

  /**
   * As `rows`, as a named statement, for a statement of few shapes run all day (the case lists): parsed and analysed
   * once per connection instead of on every request — about half of PostgreSQL's CPU for a 待办 page, whose text is
   * long (docs/benchmarks.md). Up to PREPARED_SHAPES texts per process; the others run unnamed. DATABASE_PREPARED=0
   * runs all unnamed (behind a pooler that cannot keep named statements: PgBouncer before 1.21 in transaction mode).
   * For statements that only read: one the server ended under it (an idle connection ended by a restart, a failover,
   * pg_terminate_backend, whose news the pool had not read yet) is asked again once, on a new connection.
   */
  async preparedRows<T>(sql: Prisma.Sql): Promise<T[]> {
    let name = this.prepared ? this.names.get(sql.text) : undefined;
    if (this.prepared && !name && this.names.size < PREPARED_SHAPES) {
      name = `fx_${createHash('sha1').update(sql.text).digest('hex').slice(0, 24)}`;
      this.names.set(sql.text, name);
    }
    const pool = this.prepared ? this.listPool() : this.pool;
    const query = async () => (await pool.query({ name, text: sql.text, values: sql.values })).rows as T[];
    try {
      return await query();
    } catch (e) {
      if (!connectionEnded(e)) throw e;
      return query();
    }
  }

  /**
   * The named statements' connections, with plan_cache_mode = force_custom_plan: a named statement is planned for
   * its values each time, as an unnamed one is — only its parse and analysis are kept. PostgreSQL's own choice may
   * switch to a plan for unknown values after five runs, and for the case lists that plan is a disaster (all cases
   * newest first: 0.9 ms → 480 ms). A pool of their own, so that the writes' plans stay cached (the constructor).
   * One connection budget: once it opens, it takes half of DATABASE_POOL_MAX (at least one) from the first pool.
   */
  private listPool(): pg.Pool {
    if (!this.lists) {
      const max = this.env.DATABASE_POOL_MAX;
      const share = Math.max(1, Math.floor(max / 2));
      this.pool.options.max = Math.max(1, max - share);
      this.lists = new pg.Pool({ connectionString: this.env.DATABASE_URL, max: share, options: '-c plan_cache_mode=force_custom_plan' });
      // An idle connection the server ended (a restart, a failover) is dropped by the pool; without a listener its
      // error would end the process. The next statement opens a new one; health reports the database.
      this.lists.on('error', (e) => this.log.warn(`a named statements' connection ended: ${e.message}`));
    }
    return this.lists;
  }

  /** As `rows`, for a statement whose count of rows changed is its answer. */
  async execute(sql: Prisma.Sql): Promise<number> {
    return (await this.run(sql, [])).rowCount ?? 0;
  }

  private run(sql: Prisma.Sql | string, values: unknown[]) {
    return this.pool.query(typeof sql === 'string' ? { text: sql, values } : { text: sql.text, values: sql.values });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
    // Prisma ends the pool only if it used it itself.
    if (!this.pool.ended) await this.pool.end();
    if (this.lists && !this.lists.ended) await this.lists.end();
  }
}

/**
 * The read side for analytics and exports: a Prisma client on DATABASE_READ_URL (a streaming replica), or the
 * primary's own client when none is set (PlatformModule wires it). Never for reads of what the same request or
 * command has just written — a replica lags by its replay delay.
 */
export class ReadPrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(url: string) {
    super({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  }
  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
  }
}

/** The database URL analytics and exports read from: the replica when configured, else the primary. */
export const readUrl = (env: AppEnv): string => env.DATABASE_READ_URL || env.DATABASE_URL;

/** State and its events commit together: every command runs in one of these. */
@Injectable()
export class UnitOfWork {
  constructor(private readonly prisma: PrismaService) {}
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
  }
}
