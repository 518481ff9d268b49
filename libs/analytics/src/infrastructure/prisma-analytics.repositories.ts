// Prisma adapters of libs/analytics' ports: the only code that writes consumer_warnings (drafts and their publication)
// and analysis_reports.
import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import type { AnalysisReportContent, AnalysisReportPeriod } from '../domain/index.js';
import { AnalysisReportRepository, WarningRepository, type NewWarning, type AnalysisReportRecord, type StoredReport, type WarningRecord } from '../application/ports.js';
import { type PublishedWarning, WarningPublication } from '../application/disclosure.ports.js';

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

/** 消费警示 publication (WarningPublication port): a manager publishes a draft; the public list reads the published ones. */
@Injectable()
export class PrismaWarningPublication extends WarningPublication {
  constructor(private readonly prisma: PrismaService) { super(); }

  find(id: string): Promise<{ id: string; unitId: string; status: string } | null> {
    return this.prisma.consumerWarning.findUnique({ where: { id }, select: { id: true, unitId: true, status: true } });
  }

  async publish(id: string, by: string, at: Date): Promise<void> {
    await this.prisma.consumerWarning.updateMany({ where: { id, status: 'draft' }, data: { status: 'published', publishedAt: at, publishedBy: by } });
  }

  async published(limit: number): Promise<PublishedWarning[]> {
    const rows = await this.prisma.consumerWarning.findMany({ where: { status: 'published' }, orderBy: [{ publishedAt: 'desc' }, { createdAt: 'desc' }], take: limit });
    const units = await this.prisma.unit.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.unitId))] } }, select: { id: true, name: true } });
    const name = new Map(units.map((u) => [u.id, u.name]));
    return rows.map((w) => ({ id: w.id, unitName: name.get(w.unitId) ?? '', title: w.title, body: w.body, publishedAt: w.publishedAt ?? w.createdAt }));
  }
}
