import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient, type Prisma } from '#prisma-client';
import { AppEnv } from '../config/env.js';

export type Tx = Prisma.TransactionClient;

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  /** The pool Prisma's adapter runs on (one connection budget); `rows` and `execute` use it directly. */
  private readonly pool: pg.Pool;

  constructor(env: AppEnv) {
    const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_MAX });
    super({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    this.pool = pool;
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

  /** As `rows`, for a statement whose count of rows changed is its answer. */
  async execute(sql: Prisma.Sql): Promise<number> {
    return (await this.run(sql, [])).rowCount ?? 0;
  }

  private run(sql: Prisma.Sql | string, values: unknown[]) {
    return this.pool.query(typeof sql === 'string' ? { text: sql, values } : { text: sql.text, values: sql.values });
  }

  async onModuleDestroy(): Promise<void> {
    await this.$disconnect();
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
