import { createSecretKey, type KeyObject } from 'node:crypto';
import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AppEnv, Clock, SystemClock, appRootModule } from '#platform';
import { CasesModule } from '#cases-nest';
import { AuthController, AuthGuard, UserStates } from './http/auth/auth.js';
import { loginThrottleProviders } from './http/auth/login-throttle.js';
import { OrgModule } from '#org-nest';
import { CasesController } from './http/cases/cases.controller.js';
import { ErrorFilter } from './http/error.filter.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { HealthController } from './http/health/health.controller.js';
import { HealthService } from './http/health/health.service.js';
import { MetricsController } from './http/ops/metrics.controller.js';
import { ApiMetrics } from './http/ops/metrics.service.js';
import { QueueBoardController } from './http/ops/queue-board.js';
import { DirectoryController } from './http/admin/directory.controller.js';
import { DeadlinesController } from './http/deadlines/deadlines.controller.js';
import { ReferenceController } from './http/reference/reference.controller.js';
import { AnalyticsModule } from '#analytics-nest';
import { AnalyticsController } from './http/analytics/analytics.controller.js';
import { DisclosureController, PublicDisclosureController } from './http/disclosure/disclosure.controller.js';
import { PublicRatingController } from './http/public-rating/rating.controller.js';
import { RoutingRulesController } from './http/admin/routing-rules.controller.js';
import { IdentityReadsController } from './http/admin/identity-reads.controller.js';
import { MessagesController } from './http/admin/messages.controller.js';
import { PublicController } from './http/public/public.controller.js';
import { Captchas, PublicThrottler, SmsCodeThrottler } from './http/public/public-guards.js';
import { HandoffsController } from './http/cases/handoffs.controller.js';
import { CoHandlingController, SupervisionsController } from './http/cases/cohandling.controller.js';
import { CaseFilesController, DocumentTemplatesController } from './http/cases/casefiles.controller.js';

import { TasksModule } from '#tasks-nest';
import { OdrEnterpriseDeskController, OdrEnterprisesController, OdrStaffController, PublicOdrController } from './http/odr/odr.controller.js';
import { PlansController, UnitTasksController, WorkTasksController } from './http/tasks/plans.controller.js';
const keys = new Map<string, KeyObject>();
const jwtKey = (secret: string) => keys.get(secret) ?? keys.set(secret, createSecretKey(Buffer.from(secret, 'utf8'))).get(secret)!;

@Module({})
export class ApiModule {
  static forRoot(env: AppEnv, clock: Clock = new SystemClock()): DynamicModule {
    return appRootModule(ApiModule, env, clock, {
      imports: [
        // A KeyObject: with a string secret jsonwebtoken first tries (and fails) to parse a public key on every verify.
        JwtModule.register({ secretOrKeyProvider: () => jwtKey(env.JWT_SECRET) as unknown as string, signOptions: { expiresIn: '12h', algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
        CasesModule,
        OrgModule,
        // feature modules: one line each
        AnalyticsModule,
        TasksModule,
      ],
      controllers: [
        AuthController, CasesController, ReferenceController, HealthController,
        DeadlinesController,
        DirectoryController,
        // feature controllers: one line each
        AnalyticsController,
        DisclosureController, PublicDisclosureController, PublicRatingController,
        PlansController, WorkTasksController, UnitTasksController,
        RoutingRulesController, HandoffsController, CoHandlingController, SupervisionsController,
        CaseFilesController, DocumentTemplatesController,
        IdentityReadsController,
        MessagesController,
        PublicController,
        OdrEnterprisesController, OdrEnterpriseDeskController, OdrStaffController, PublicOdrController,
        MetricsController, QueueBoardController,
      ],
      providers: [
        HealthService,
        ApiMetrics,
        UserStates,
        ...loginThrottleProviders,
        Captchas, SmsCodeThrottler, PublicThrottler,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
    });
  }
}
