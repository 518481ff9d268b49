import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient, type Prisma } from '#prisma-client';
import { AppEnv } from '../config/env.js';

export type Tx = Prisma.TransactionClient;

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleDestroy {
  constructor(env: AppEnv) {
    super({ adapter: new PrismaPg({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_MAX }) });
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
