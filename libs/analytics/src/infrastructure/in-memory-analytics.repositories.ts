// In-memory adapters of libs/analytics' ports, for handler specs that run without PostgreSQL.
import { randomUUID } from 'node:crypto';
import type { AnalysisReportContent, AnalysisReportPeriod } from '../domain/index.js';
import { AnalysisReportRepository, WarningRepository, type NewWarning, type AnalysisReportRecord, type StoredReport, type WarningRecord } from '../application/ports.js';

export class InMemoryWarningRepository extends WarningRepository {
  rows: WarningRecord[] = [];
  async create(w: NewWarning): Promise<WarningRecord> {
    const r = { id: randomUUID(), unitId: w.unitId, title: w.title, body: w.body, source: w.source, status: 'draft', createdAt: w.createdAt };
    this.rows.push(r);
    return r;
  }
  async newest(unitIds: string[], take: number): Promise<WarningRecord[]> {
    return this.rows.filter((r) => unitIds.includes(r.unitId)).sort((a, b) => +b.createdAt - +a.createdAt).slice(0, take);
  }
  async createdBetween(unitIds: string[], from: Date, to: Date): Promise<WarningRecord[]> {
    return this.rows.filter((r) => unitIds.includes(r.unitId) && r.createdAt >= from && r.createdAt < to).sort((a, b) => +a.createdAt - +b.createdAt);
  }
}

export class InMemoryAnalysisReportRepository extends AnalysisReportRepository {
  rows: (StoredReport & { generatedBy: string | null })[] = [];
  async put(r: { unitId: string; period: AnalysisReportPeriod; start: Date; end: Date; content: AnalysisReportContent; generatedAt: Date; generatedBy: string | null }): Promise<AnalysisReportRecord> {
    const old = this.rows.find((x) => x.unitId === r.unitId && x.period === r.period && +x.start === +r.start);
    if (old) Object.assign(old, { content: r.content, generatedAt: r.generatedAt, generatedBy: r.generatedBy });
    else this.rows.push({ id: randomUUID(), ...r });
    const { content: _, generatedBy: __, ...summary } = old ?? this.rows.at(-1)!;
    return summary;
  }
  async list(unitIds: string[]): Promise<AnalysisReportRecord[]> {
    return this.rows.filter((r) => unitIds.includes(r.unitId)).sort((a, b) => +b.generatedAt - +a.generatedAt || +b.start - +a.start)
      .slice(0, 500).map(({ content: _, generatedBy: __, ...s }) => s);
  }
  async byId(id: string): Promise<StoredReport | null> {
    const r = this.rows.find((x) => x.id === id);
    return r ? { ...r } : null;
  }
}
