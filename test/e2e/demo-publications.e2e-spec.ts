// `npm run demo` publishes what a bureau has on its public pages (scripts/demo-publications.ts): the last full
// quarter's 投诉信息公示, computed from the demo's own cases and released, and a 消费警示 drafted from that quarter's
// top complaint category — through the running API as the manager; the public endpoints then show them. Run again
// (a restarted demo), it changes nothing.
import { seedDemo } from '../../prisma/seed/demo.js';
import { lastFullQuarter, publishDemoNotices } from '../../scripts/demo-publications.js';
import { listeningHarnessFile } from '../support/harness.js';

const { h, base } = listeningHarnessFile({ seed: false, prepare: (db) => seedDemo(db.prisma, { now: new Date('2026-11-23T10:00:00+08:00'), cases: 300 }) }, 300_000);

describe('the demo publications', () => {
  it('the last full quarter in China time', () => {
    expect(lastFullQuarter(new Date('2026-11-23T10:00:00+08:00'))).toEqual({ period: '2026Q3', from: '2026-07-01', to: '2026-09-30' });
    expect(lastFullQuarter(new Date('2026-03-31T23:59:59+08:00'))).toEqual({ period: '2025Q4', from: '2025-10-01', to: '2025-12-31' });
    // 2026-03-31 16:30 UTC is already April 1st in China: Q1 is the last full quarter
    expect(lastFullQuarter(new Date('2026-03-31T16:30:00Z'))).toEqual({ period: '2026Q1', from: '2026-01-01', to: '2026-03-31' });
    expect(lastFullQuarter(new Date('2024-05-10T00:00:00+08:00'))).toEqual({ period: '2024Q1', from: '2024-01-01', to: '2024-03-31' });
  });

  it('releases the quarter computed from the cases and publishes a warning on its top category; the public sees both; a second run changes nothing', async () => {
    const r = await publishDemoNotices(base(), 'demo12315', h.clock.now());
    expect(r).toMatchObject({ period: '2026Q3', released: true });
    expect(r.businesses).toBeGreaterThan(0);
    expect(r.warning).toEqual(expect.any(String));

    const pub = (await h.http().get('/api/v1/public/disclosure?period=2026Q3').expect(200)).body as { period: string; businesses: unknown[] };
    expect(pub.period).toBe('2026Q3');
    expect(pub.businesses).toHaveLength(r.businesses);
    const warnings = (await h.http().get('/api/v1/public/warnings').expect(200)).body as { title: string }[];
    expect(warnings.map((w) => w.title)).toEqual([r.warning]);
    // the warning is on the quarter's top category, from the manager's own hotspots
    const hot = (await h.http().get('/api/v1/hotspots?from=2026-07-01&to=2026-09-30').set('Authorization', await h.as('manager')).expect(200)).body as { categories: { name: string }[] };
    expect(r.warning).toContain(hot.categories[0]!.name);

    // The analysis reports the worker writes on the 1st: the last full month's and quarter's, city and counties.
    expect(r.reports).toBe(10);
    const city = (await h.db.prisma.unit.findFirstOrThrow({ where: { level: 'city' } })).id;
    const listed = (await h.http().get(`/api/v1/reports?unit=${city}`).set('Authorization', await h.as('manager')).expect(200)).body as { period: string; periodLabel: string; unit: { id: string } }[];
    expect(listed.filter((x) => x.unit.id === city).map((x) => x.periodLabel).sort()).toEqual(['2026年10月', '2026年第3季度'].sort());
    const county = (await h.http().get('/api/v1/reports').set('Authorization', await h.as('leader.wl')).expect(200)).body as { periodLabel: string; unit: { code: string } }[];
    expect(county.filter((x) => x.unit.code === 'wl').map((x) => x.periodLabel).sort()).toEqual(['2026年10月', '2026年第3季度'].sort());

    expect(await publishDemoNotices(base(), 'demo12315', h.clock.now())).toEqual({ period: '2026Q3', released: false, businesses: 0, warning: null, reports: 0 });
    expect(await h.db.prisma.consumerWarning.count()).toBe(1);
    expect(await h.db.prisma.analysisReport.count()).toBe(10);
  });
});
