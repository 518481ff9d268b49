// Ports of libs/analytics' handlers. Adapters: ../infrastructure/prisma-analytics.repositories.ts (the one writer of
// consumer_warnings and analysis_reports) and in-memory ones for handler specs.
import type { OdrFiguresRowDto } from '#contracts';
import type { AnalysisReportContent, AnalysisReportPeriod } from '../domain/index.js';

/**
 * The ODR enterprises' figures (issue 17 §5), computed by libs/cases with its one formula (odrFigures) for the
 * report and the disclosure: stages handed over between two China dates, both inclusive. Adapter: QueryBusOdrFigures.
 */
export abstract class OdrFigureSource {
  abstract figures(from: string, toInclusive: string): Promise<OdrFiguresRowDto[]>;
}

export interface WarningRecord { id: string; unitId: string; title: string; body: string; status: string; source: unknown; createdAt: Date }
export interface NewWarning { unitId: string; title: string; body: string; source: unknown; createdBy: string; createdAt: Date }

/** 消费警示 drafts: the one writer of `consumer_warnings`. */
export abstract class WarningRepository {
  abstract create(w: NewWarning): Promise<WarningRecord>;
  /** The newest first, at most `take`. */
  abstract newest(unitIds: string[], take: number): Promise<WarningRecord[]>;
  /** Created in [from, to) (instants), the oldest first. */
  abstract createdBetween(unitIds: string[], from: Date, to: Date): Promise<WarningRecord[]>;
}

export interface AnalysisReportRecord { id: string; unitId: string; period: AnalysisReportPeriod; start: Date; end: Date; generatedAt: Date }
export interface StoredReport extends AnalysisReportRecord { content: AnalysisReportContent }

/** Analysis reports: the one writer of `analysis_reports`. */
export abstract class AnalysisReportRepository {
  /** One report per unit, period and start: a re-run replaces the content. */
  abstract put(r: { unitId: string; period: AnalysisReportPeriod; start: Date; end: Date; content: AnalysisReportContent; generatedAt: Date; generatedBy: string | null }): Promise<AnalysisReportRecord>;
  /** The newest first (generated, then start), at most 500. */
  abstract list(unitIds: string[]): Promise<AnalysisReportRecord[]>;
  abstract byId(id: string): Promise<StoredReport | null>;
}
