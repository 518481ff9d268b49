import { Command, CommandHandler, type ICommandHandler, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Injectable } from '@nestjs/common';
import { AppEnv, Clock, Forbidden } from '#platform';
import { addDays, toChinaIso } from '#deadlines';
import { ODR_FIGURE_RULES } from '#cases';
import { type UnitNode, type Viewer, subtreeIds } from '#org';
import { OrgDirectory } from '#org-nest';
import {
  CHANNEL_NAMES, type DayRange, addMonths, HotspotNotFound, type HotspotKind, KIND_NAMES, type AnalysisReportContent, type AnalysisReportPeriod, AnalysisReportNotFound,
  computeAll, coversSubtree, dayRange, draftWarning, periodLabel, analysisReportRange, rollUpRows, UnitOutOfScope, withoutPersonalData,
} from '../domain/index.js';
import { HotspotStore } from '../infrastructure/hotspot.store.js';
import { IndicatorStore } from '../infrastructure/indicator.store.js';
import { renderPdf, renderXlsx } from '../infrastructure/analysis-report.render.js';
import { caseScope, resolveUnit, type WarningView } from './analytics.queries.js';
import { AnalysisReportRepository, OdrFigureSource, WarningRepository, type AnalysisReportRecord } from './ports.js';

const canDraft = (v: Viewer) => ['manager', 'leader', 'admin'].includes(v.role);

export class DraftWarning extends Command<WarningView> {
  constructor(readonly viewer: Viewer, readonly input: { unitId?: string; kind: HotspotKind; key: string; from: string; to: string }) { super(); }
}

/** A manager drafts a 消费警示 from a hotspot; the text quotes the hotspot's figures (stored as its source). */
@CommandHandler(DraftWarning)
export class DraftWarningHandler implements ICommandHandler<DraftWarning> {
  constructor(private readonly org: OrgDirectory, private readonly hotspots: HotspotStore, private readonly warnings: WarningRepository, private readonly clock: Clock) {}
  async execute({ viewer, input }: DraftWarning): Promise<WarningView> {
    if (!canDraft(viewer)) throw new Forbidden('只有管理者和单位负责人可以起草消费警示');
    const range = dayRange(input.from, input.to, 400);
    const { unit, cover } = await resolveUnit(this.org, viewer, input.unitId);
    const h = await this.hotspots.hotspots(range, cover, 200);
    const list = input.kind === 'category' ? h.categories : input.kind === 'problemType' ? h.problemTypes : h.respondents;
    const row = list.find((r) => r.key === input.key);
    if (!row) throw new HotspotNotFound(input.kind, input.key);
    const text = draftWarning(input.kind, row, unit.name, `${input.from}至${input.to}`);
    const w = await this.warnings.create({
      unitId: unit.id, title: text.title, body: text.body, createdBy: viewer.userId, createdAt: this.clock.now(), source: { kind: input.kind, key: input.key, from: input.from, to: input.to, hotspot: { ...row } },
    });
    return { id: w.id, unit: { id: unit.id, code: unit.code, name: unit.name, level: unit.level, parentId: unit.parentId }, title: w.title, body: w.body, status: w.status, source: w.source, createdAt: toChinaIso(w.createdAt) };
  }
}

/**
 * Builds a report's content from the rollup (indicators), cases (counts, hotspots) and warnings — all read from the
 * replica when DATABASE_READ_URL is set (the report itself is then written on the primary).
 */
@Injectable()
export class AnalysisReportBuilder {
  constructor(
    private readonly hotspots: HotspotStore, private readonly indicators: IndicatorStore, private readonly warningRepo: WarningRepository,
    private readonly odr: OdrFigureSource,
  ) {}

  async build(units: UnitNode[], unit: UnitNode, period: AnalysisReportPeriod, range: DayRange, now: Date): Promise<AnalysisReportContent> {
    const scope = caseScope(units, unit);
    const sub = subtreeIds(units, unit.id);
    const prevMonths = period === 'month' ? -1 : period === 'quarter' ? -3 : -12;
    const [kinds, channels, classes, problems, hot, trend, own, warnings, prevTotal, odrRows] = await Promise.all([
      this.hotspots.countBy('kind', range, scope), this.hotspots.countBy('channel', range, scope),
      this.hotspots.countBy('class', range, scope), this.hotspots.countBy('problemType', range, scope),
      this.hotspots.hotspots(range, scope), this.hotspots.trend(range.to, 12, scope),
      this.indicators.sums(range, false, unit.parentId === null ? null : [...sub]),
      this.warningRepo.createdBetween([...sub], new Date(`${range.from}T00:00:00+08:00`), new Date(`${range.to}T00:00:00+08:00`)),
      this.hotspots.total({ from: addMonths(range.from, prevMonths), to: range.from }, scope),
      this.odr.figures(range.from, addDays(range.to, -1)),
    ]);
    const total = kinds.reduce((s, k) => s + k.count, 0);
    const share = (rows: { key: string; name: string; count: number }[], names?: Record<string, string>) =>
      rows.map((r) => ({ key: r.key, name: names?.[r.key] ?? r.name, count: r.count, share: total ? r.count / total : 0 }));
    const perfUnits = [unit, ...units.filter((u) => u.parentId === unit.id)];
    const perf = rollUpRows(units, own, perfUnits.map((u) => u.id), null);
    const get = (k: string) => kinds.find((x) => x.key === k)?.count ?? 0;
    return {
      unit: { id: unit.id, code: unit.code, name: unit.name },
      period, periodLabel: periodLabel(period, range.from), from: range.from, to: range.to, generatedAt: toChinaIso(now),
      totals: { total, complaints: get('complaint'), reports: get('report'), inquiries: get('inquiry'), previousTotal: prevTotal, recoveredYuan: perf[0]!.counters.recoveredCents / 100 },
      trend,
      byKind: share(kinds, KIND_NAMES), byChannel: share(channels, CHANNEL_NAMES), byClass: share(classes), byProblemType: share(problems),
      hotspots: hot,
      performance: perf.map((p, i) => ({ unit: { id: perfUnits[i]!.id, code: perfUnits[i]!.code, name: perfUnits[i]!.name }, values: computeAll(p.counters) })),
      warnings: warnings.map((w) => ({ id: w.id, title: w.title, createdAt: toChinaIso(w.createdAt), status: w.status })),
      odr: { rows: odrRows, rules: ODR_FIGURE_RULES },
    };
  }
}

export interface AnalysisReportSummary { id: string; unit: { id: string; code: string; name: string }; period: AnalysisReportPeriod; periodLabel: string; start: string; end: string; generatedAt: string }

export class GenerateAnalysisReport extends Command<AnalysisReportSummary> {
  /** viewer null: the scheduled job. */
  constructor(readonly viewer: Viewer | null, readonly input: { unitId: string; period: AnalysisReportPeriod; start: string }) { super(); }
}

/** Produces (or re-produces) one unit's report for one period: the unique key makes a re-run replace it. */
@CommandHandler(GenerateAnalysisReport)
export class GenerateAnalysisReportHandler implements ICommandHandler<GenerateAnalysisReport> {
  constructor(private readonly org: OrgDirectory, private readonly builder: AnalysisReportBuilder, private readonly reports: AnalysisReportRepository, private readonly clock: Clock) {}
  async execute({ viewer, input }: GenerateAnalysisReport): Promise<AnalysisReportSummary> {
    const range = analysisReportRange(input.period, input.start);
    let units: UnitNode[];
    let unit: UnitNode | undefined;
    if (viewer) ({ units, unit } = await resolveUnit(this.org, viewer, input.unitId, true));
    else { units = await this.org.units(); unit = units.find((u) => u.id === input.unitId); }
    if (!unit) throw new UnitOutOfScope(input.unitId);
    const now = this.clock.now();
    const content = await this.builder.build(units, unit, input.period, range, now);
    const r = await this.reports.put({
      unitId: unit.id, period: input.period, start: new Date(`${range.from}T00:00:00Z`), end: new Date(`${range.to}T00:00:00Z`),
      content, generatedAt: now, generatedBy: viewer?.userId ?? null,
    });
    return summary(r, unit);
  }
}

function summary(r: AnalysisReportRecord, unit: { id: string; code: string; name: string }): AnalysisReportSummary {
  const start = r.start.toISOString().slice(0, 10);
  return { id: r.id, unit: { id: unit.id, code: unit.code, name: unit.name }, period: r.period as AnalysisReportPeriod, periodLabel: periodLabel(r.period as AnalysisReportPeriod, start), start, end: r.end.toISOString().slice(0, 10), generatedAt: toChinaIso(r.generatedAt) };
}

export class ListAnalysisReports extends Query<AnalysisReportSummary[]> {
  constructor(readonly viewer: Viewer, readonly unitId?: string) { super(); }
}
@QueryHandler(ListAnalysisReports)
export class ListAnalysisReportsHandler implements IQueryHandler<ListAnalysisReports> {
  constructor(private readonly org: OrgDirectory, private readonly reports: AnalysisReportRepository) {}
  async execute({ viewer, unitId }: ListAnalysisReports): Promise<AnalysisReportSummary[]> {
    const { units, unit, scope } = await resolveUnit(this.org, viewer, unitId);
    // A report covers its unit's whole subtree: listed only if all of it is in the viewer's scope.
    const ids = [...subtreeIds(units, unit.id)].filter((id) => coversSubtree(units, units.find((u) => u.id === id)!, scope));
    const rows = await this.reports.list(ids);
    const byId = new Map(units.map((u) => [u.id, u]));
    // The latest period first, the unit asked for before its subordinates, a year before a quarter before a month of
    // the same end (not the order of generation: the worker writes the counties' after the city's).
    const LENGTH: Record<string, number> = { year: 0, quarter: 1, month: 2 };
    const sorted = [...rows].sort((a, b) => b.end.getTime() - a.end.getTime() || Number(b.unitId === unit.id) - Number(a.unitId === unit.id)
      || (LENGTH[a.period] ?? 3) - (LENGTH[b.period] ?? 3) || byId.get(a.unitId)!.name.localeCompare(byId.get(b.unitId)!.name, 'zh-CN'));
    return sorted.map((r) => summary(r, byId.get(r.unitId)!));
  }
}

export class GetAnalysisReport extends Query<AnalysisReportSummary & { content: AnalysisReportContent }> {
  constructor(readonly viewer: Viewer, readonly id: string) { super(); }
}
@QueryHandler(GetAnalysisReport)
export class GetAnalysisReportHandler implements IQueryHandler<GetAnalysisReport> {
  constructor(private readonly org: OrgDirectory, private readonly reports: AnalysisReportRepository) {}
  async execute({ viewer, id }: GetAnalysisReport): Promise<AnalysisReportSummary & { content: AnalysisReportContent }> {
    const r = await this.reports.byId(id);
    if (!r) throw new AnalysisReportNotFound(id);
    const { unit } = await resolveUnit(this.org, viewer, r.unitId, true).catch(() => { throw new AnalysisReportNotFound(id); });
    const content = r.content as AnalysisReportContent;
    // Reports stored before statistics dropped personal data still carry phones in their patterns: never serve them.
    return { ...summary(r, unit), content: { ...content, hotspots: { ...content.hotspots, patterns: withoutPersonalData(content.hotspots.patterns) } } };
  }
}

export interface AnalysisReportFile { filename: string; contentType: string; body: Buffer }
export class DownloadAnalysisReport extends Query<AnalysisReportFile> {
  constructor(readonly viewer: Viewer, readonly id: string, readonly format: 'xlsx' | 'pdf') { super(); }
}
@QueryHandler(DownloadAnalysisReport)
export class DownloadAnalysisReportHandler implements IQueryHandler<DownloadAnalysisReport> {
  constructor(private readonly reports: GetAnalysisReportHandler, private readonly env: AppEnv) {}
  async execute({ viewer, id, format }: DownloadAnalysisReport): Promise<AnalysisReportFile> {
    const r = await this.reports.execute(new GetAnalysisReport(viewer, id));
    const name = `${r.unit.name}${r.periodLabel}12315分析报告`;
    return format === 'xlsx'
      ? { filename: `${name}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await renderXlsx(r.content) }
      : { filename: `${name}.pdf`, contentType: 'application/pdf', body: await renderPdf(r.content, this.env.CHROMIUM_PATH) };
  }
}
