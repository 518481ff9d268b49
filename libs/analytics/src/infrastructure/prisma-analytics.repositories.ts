// Prisma adapters of libs/analytics' ports: the only code that writes consumer_warnings and analysis_reports.
import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import type { AnalysisReportContent, AnalysisReportPeriod } from '../domain/index.js';
import { AnalysisReportRepository, WarningRepository, type NewWarning, type AnalysisReportRecord, type StoredReport, type WarningRecord } from '../application/ports.js';

@Injectable()
export class PrismaWarningRepository extends WarningRepository {
  constructor(private readonly prisma: PrismaService) { super(); }
  async create(w: NewWarning): Promise<WarningRecord> {
    return this.prisma.consumerWarning.create({ data: { ...w, source: w.source as object } });
  }
  newest(unitIds: string[], take: number): Promise<WarningRecord[]> {
    return this.prisma.consumerWarning.findMany({ where: { unitId: { in: unitIds } }, orderBy: { createdAt: 'desc' }, take });
  }
  createdBetween(unitIds: string[], from: Date, to: Date): Promise<WarningRecord[]> {
    return this.prisma.consumerWarning.findMany({ where: { unitId: { in: unitIds }, createdAt: { gte: from, lt: to } }, orderBy: { createdAt: 'asc' } });
  }
}

const SUMMARY = { id: true, unitId: true, period: true, start: true, end: true, generatedAt: true } as const;

@Injectable()
export class PrismaAnalysisReportRepository extends AnalysisReportRepository {
  constructor(private readonly prisma: PrismaService) { super(); }
  async put(r: { unitId: string; period: AnalysisReportPeriod; start: Date; end: Date; content: AnalysisReportContent; generatedAt: Date; generatedBy: string | null }): Promise<AnalysisReportRecord> {
    const key = { unitId: r.unitId, period: r.period, start: r.start };
    const row = await this.prisma.analysisReport.upsert({
      where: { unitId_period_start: key },
      create: { ...key, end: r.end, content: r.content as object, generatedAt: r.generatedAt, generatedBy: r.generatedBy },
      update: { content: r.content as object, generatedAt: r.generatedAt, generatedBy: r.generatedBy },
      select: SUMMARY,
    });
    return { ...row, period: row.period as AnalysisReportPeriod };
  }
  async list(unitIds: string[]): Promise<AnalysisReportRecord[]> {
    const rows = await this.prisma.analysisReport.findMany({
      where: { unitId: { in: unitIds } }, orderBy: [{ generatedAt: 'desc' }, { start: 'desc' }, { period: 'asc' }], take: 500, select: SUMMARY,
    });
    return rows.map((r) => ({ ...r, period: r.period as AnalysisReportPeriod }));
  }
  async byId(id: string): Promise<StoredReport | null> {
    const r = await this.prisma.analysisReport.findUnique({ where: { id } });
    return r && { id: r.id, unitId: r.unitId, period: r.period as AnalysisReportPeriod, start: r.start, end: r.end, generatedAt: r.generatedAt, content: r.content as unknown as AnalysisReportContent };
  }
}
