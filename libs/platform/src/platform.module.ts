import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppEnv } from './config/env.js';
import { Clock, SystemClock } from './kernel/clock.js';
import { Outbox } from './outbox/outbox.js';
import { PrismaService, ReadPrismaService, UnitOfWork } from './prisma/prisma.service.js';
import { IdempotencyKeys, PrismaIdempotencyKeys } from './idempotency/idempotency.js';
import { smsExports, smsProviders } from './sms/sms.providers.js';

/** Env, clock, database, outbox and SMS for every app. Tests pass their own env and clock. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(env: AppEnv, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: AppEnv, useValue: env }, { provide: Clock, useValue: clock }, PrismaService, UnitOfWork, Outbox, { provide: IdempotencyKeys, useClass: PrismaIdempotencyKeys },
        // No replica configured: the read side is the primary's client itself (no second pool).
        env.DATABASE_READ_URL
          ? { provide: ReadPrismaService, useFactory: () => new ReadPrismaService(env.DATABASE_READ_URL) }
          : { provide: ReadPrismaService, useExisting: PrismaService },
        ...smsProviders,
      ],
      exports: [AppEnv, Clock, PrismaService, ReadPrismaService, UnitOfWork, Outbox, IdempotencyKeys, ...smsExports],
    };
  }
}

/** The root module of an app (API, worker): the platform and CQRS come before the app's own imports. */
export function appRootModule(module: Type, env: AppEnv, clock: Clock, parts: Omit<DynamicModule, 'module'>): DynamicModule {
  return { ...parts, module, imports: [PlatformModule.forRoot(env, clock), CqrsModule.forRoot(), ...(parts.imports ?? [])] };
}
