// Handler specs of libs/analytics' warning and report commands against in-memory ports: no PostgreSQL.
import { FixedClock, Forbidden } from '#kernel';
import type { UnitNode } from '#org';
import { InMemoryOrg } from '#org-nest';
import type { AnalysisReportContent, RankedRow } from '../domain/index.js';
import { HotspotNotFound, AnalysisReportNotFound, UnitOutOfScope } from '../domain/index.js';
import type { HotspotStore } from '../infrastructure/hotspot.store.js';
import { InMemoryAnalysisReportRepository, InMemoryWarningRepository } from '../infrastructure/in-memory-analytics.repositories.js';
import { DraftWarning, DraftWarningHandler, GenerateAnalysisReport, GenerateAnalysisReportHandler, GetAnalysisReport, GetAnalysisReportHandler, ListAnalysisReports, ListAnalysisReportsHandler, type AnalysisReportBuilder } from './analytics.commands.js';
import { ListWarnings, ListWarningsHandler } from './analytics.queries.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const U = (id: string, level: UnitNode['level'], parentId: string | null): UnitNode => ({ id, code: id, name: `单位${id}`, level, parentId, regionCode: null, isIntake: false });
const units = [U('city', 'city', null), U('a', 'county', 'city'), U('a1', 'station', 'a'), U('b', 'county', 'city')];
const manager = (unitId: string) => ({ userId: 'm', role: 'manager' as const, unitId });
const row: RankedRow = { key: 'A01', name: '食品', count: 12, share: 0.3, previous: 4, change: 8, trend: 'up' };
const hotspots = { hotspots: async () => ({ categories: [row], problemTypes: [], respondents: [] }) } as unknown as HotspotStore;

describe('analytics handlers (in-memory ports)', () => {
  it('DraftWarning stores a draft quoting the hotspot, refuses a handler and an unknown hotspot; ListWarnings keeps to the scope', async () => {
    const org = new InMemoryOrg({ units });
    const warnings = new InMemoryWarningRepository();
    const draft = new DraftWarningHandler(org.directory, hotspots, warnings, new FixedClock(NOW));
    const input = { unitId: 'a', kind: 'category' as const, key: 'A01', from: '2026-10-01', to: '2026-11-01' };
    await expect(draft.execute(new DraftWarning({ userId: 'h', role: 'handler', unitId: 'a' }, input))).rejects.toBeInstanceOf(Forbidden);
    await expect(draft.execute(new DraftWarning(manager('a'), { ...input, key: 'Z9' }))).rejects.toBeInstanceOf(HotspotNotFound);
    await expect(draft.execute(new DraftWarning(manager('a'), { ...input, unitId: 'b' }))).rejects.toBeInstanceOf(UnitOutOfScope);
    const w = await draft.execute(new DraftWarning(manager('a'), input));
    expect(warnings.rows).toEqual([expect.objectContaining({ id: w.id, unitId: 'a', status: 'draft', createdAt: NOW, source: expect.objectContaining({ key: 'A01', hotspot: row }) })]);
    expect(w.body).toContain('食品');
    const list = new ListWarningsHandler(org.directory, warnings);
    expect((await list.execute(new ListWarnings(manager('city')))).map((x) => x.id)).toEqual([w.id]);
    expect(await list.execute(new ListWarnings(manager('b')))).toEqual([]);
  });

  it('GenerateAnalysisReport replaces the period\'s report on a re-run; ListAnalysisReports and GetAnalysisReport answer only within scope', async () => {
    const org = new InMemoryOrg({ units });
    const reports = new InMemoryAnalysisReportRepository();
    const clock = new FixedClock(NOW);
    let n = 0;
    const builder = { build: async () => ({ run: ++n, hotspots: { patterns: { sharedPhones: [], sharedAddresses: [], repeatComplainants: [] } } }) } as unknown as AnalysisReportBuilder;
    const gen = new GenerateAnalysisReportHandler(org.directory, builder, reports, clock);
    const first = await gen.execute(new GenerateAnalysisReport(null, { unitId: 'a', period: 'month', start: '2026-10-01' }));
    clock.advance(60_000);
    const second = await gen.execute(new GenerateAnalysisReport(manager('a'), { unitId: 'a', period: 'month', start: '2026-10-01' }));
    expect(second.id).toBe(first.id);
    expect(reports.rows).toHaveLength(1);
    expect(reports.rows[0]).toMatchObject({ generatedBy: 'm', content: { run: 2 } });
    expect(second).toMatchObject({ start: '2026-10-01', end: '2026-11-01', period: 'month' });
    await expect(gen.execute(new GenerateAnalysisReport(manager('b'), { unitId: 'a', period: 'month', start: '2026-10-01' }))).rejects.toBeInstanceOf(UnitOutOfScope);
    expect((await new ListAnalysisReportsHandler(org.directory, reports).execute(new ListAnalysisReports(manager('city')))).map((r) => r.id)).toEqual([first.id]);
    expect(await new ListAnalysisReportsHandler(org.directory, reports).execute(new ListAnalysisReports(manager('b')))).toEqual([]);
    const get = new GetAnalysisReportHandler(org.directory, reports);
    expect((await get.execute(new GetAnalysisReport(manager('a'), first.id))).content).toMatchObject({ run: 2 } as Partial<AnalysisReportContent>);
    await expect(get.execute(new GetAnalysisReport(manager('b'), first.id))).rejects.toBeInstanceOf(AnalysisReportNotFound);
  });

  it('lists the latest period first, the unit asked for before its subordinates, whatever order they were written in', async () => {
    const org = new InMemoryOrg({ units });
    const reports = new InMemoryAnalysisReportRepository();
    const clock = new FixedClock(NOW);
    const builder = { build: async () => ({ hotspots: { patterns: { sharedPhones: [], sharedAddresses: [], repeatComplainants: [] } } }) } as unknown as AnalysisReportBuilder;
    const gen = new GenerateAnalysisReportHandler(org.directory, builder, reports, clock);
    // the counties' first, the older period last — as a re-run or the worker may write them
    for (const [unitId, period, start] of [['b', 'month', '2026-10-01'], ['a', 'quarter', '2026-07-01'], ['city', 'quarter', '2026-07-01'], ['a', 'month', '2026-10-01'], ['city', 'month', '2026-10-01'], ['city', 'month', '2026-09-01']] as const) {
      clock.advance(1000);
      await gen.execute(new GenerateAnalysisReport(null, { unitId, period, start }));
    }
    const list = await new ListAnalysisReportsHandler(org.directory, reports).execute(new ListAnalysisReports(manager('city')));
    expect(list.map((r) => `${r.unit.id} ${r.periodLabel}`)).toEqual([
      'city 2026年10月', 'a 2026年10月', 'b 2026年10月', 'city 2026年第3季度', 'city 2026年9月', 'a 2026年第3季度',
    ]);
  });
});
