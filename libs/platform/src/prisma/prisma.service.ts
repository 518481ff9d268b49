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

/** State and its events commit together: every command runs in one of these. */
@Injectable()
export class UnitOfWork {
  constructor(private readonly prisma: PrismaService) {}
  run<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.prisma.$transaction(fn, { maxWait: 10_000, timeout: 20_000 });
  }
}
