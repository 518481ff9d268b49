import { Injectable, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DeadlinesModule } from '#deadlines-nest';
import { OrgModule } from '#org-nest';
import {
  DownloadAnalysisReportHandler, DraftWarningHandler, GenerateAnalysisReportHandler, GetAnalysisReportHandler, ListAnalysisReportsHandler, AnalysisReportBuilder,
} from './application/analytics.commands.js';
import { GetHotspotsHandler, GetIndicatorsHandler, GetOverdueHandler, ListWarningsHandler } from './application/analytics.queries.js';
import {
  ComputeDisclosureHandler, GetDisclosureHandler, GetPublicDisclosureHandler, ListDisclosurePeriodsHandler, ListPublishedWarningsHandler,
  PublishWarningHandler, ReleaseDisclosureHandler,
} from './application/disclosure.handlers.js';
import { DisclosureRepository, WarningPublication } from './application/disclosure.ports.js';
import { PrismaDisclosureStore } from './infrastructure/disclosure.store.js';
import { HotspotStore } from './infrastructure/hotspot.store.js';
import { IndicatorStore } from './infrastructure/indicator.store.js';
import { AnalysisReportScheduler } from './infrastructure/analysis-report.scheduler.js';
import { RollupProcessor } from './infrastructure/rollup.processor.js';
import { AnalysisReportRepository, OdrFigureSource, WarningRepository } from './application/ports.js';
import { QueryBusOdrFigures } from './infrastructure/odr-figures.source.js';
import { PrismaAnalysisReportRepository, PrismaWarningPublication, PrismaWarningRepository } from './infrastructure/prisma-analytics.repositories.js';

/** Indicators, hotspots, warnings and reports: the query/command side (API and worker). */
@Module({
  imports: [OrgModule, DeadlinesModule],
  providers: [
    IndicatorStore, HotspotStore, AnalysisReportBuilder, { provide: OdrFigureSource, useClass: QueryBusOdrFigures },
    { provide: WarningRepository, useClass: PrismaWarningRepository }, { provide: AnalysisReportRepository, useClass: PrismaAnalysisReportRepository },
    GetIndicatorsHandler, GetOverdueHandler, GetHotspotsHandler, ListWarningsHandler,
    DraftWarningHandler, GenerateAnalysisReportHandler, ListAnalysisReportsHandler, GetAnalysisReportHandler, DownloadAnalysisReportHandler,
    { provide: DisclosureRepository, useClass: PrismaDisclosureStore }, { provide: WarningPublication, useClass: PrismaWarningPublication },
    ComputeDisclosureHandler, ReleaseDisclosureHandler, ListDisclosurePeriodsHandler, GetDisclosureHandler, GetPublicDisclosureHandler,
    PublishWarningHandler, ListPublishedWarningsHandler,
  ],
  exports: [IndicatorStore, HotspotStore, AnalysisReportBuilder],
})
export class AnalyticsModule {}

/** Starts the rollup consumer and the report schedulers with the worker; stops them with it. */
@Injectable()
export class AnalyticsWorkerLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly rollup: RollupProcessor, private readonly reports: AnalysisReportScheduler) {}
  async onApplicationBootstrap(): Promise<void> {
    await this.rollup.start();
    await this.reports.start();
  }
  async onModuleDestroy(): Promise<void> {
    await this.rollup.stop();
    await this.reports.stop();
  }
}

/** The worker side: the rollup from the event stream and the periodic report jobs. */
@Module({
  imports: [AnalyticsModule, OrgModule, DeadlinesModule],
  providers: [RollupProcessor, AnalysisReportScheduler, AnalyticsWorkerLifecycle],
  exports: [RollupProcessor, AnalysisReportScheduler],
})
export class AnalyticsWorkerModule {}
