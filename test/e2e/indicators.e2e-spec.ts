import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type request from 'supertest';
import { AnalysisReportScheduler, RollupProcessor } from '#analytics-nest';
import { complaintBody } from '#testing';
import { harnessFile, waitFor } from '../support/harness.js';

const h = harnessFile({ worker: true }, 120_000);
const http = () => h.http();
const db = { get prisma() { return h.db.prisma; } };
const worker = { get app() { return h.worker!.app; } };
const login = (username: string) => h.as(username);
const unitId = async (code: string) => (await db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;

/** Binary body for supertest downloads. */
const binary = (res: request.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('indicators over HTTP', () => {
  let wl: string;
  let city: string;
  let lateCaseId: string;
  beforeAll(async () => {
    wl = await unitId('wl');
    city = await unitId('cd');
  });

  it('a case worked on time moves the unit’s and the city’s indicators (rolled up), once the rollup catches up', async () => {
    const op = await login('operator');
    const h = await login('handler.wl');
    const mgr = await login('manager');
    const { body } = await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody()).expect(201);
    await http().post(`/api/v1/cases/${body.id}/sign`).set('Authorization', h).send({}).expect(200);
    await http().post(`/api/v1/cases/${body.id}/accept`).set('Authorization', h).send({}).expect(200);
    await http().post(`/api/v1/cases/${body.id}/close`).set('Authorization', h).send({ outcome: 'agreement', recoveredAmount: 199 }).expect(200);
    await http().post(`/api/v1/cases/${body.id}/callback`).set('Authorization', op).send({ satisfaction: 'satisfied' }).expect(200);

    const q = '/api/v1/indicators?from=2026-11-01&to=2026-11-30&groupBy=unit';
    const res = await waitFor(async () => {
      const r = await http().get(`${q}&unit=${wl}`).set('Authorization', h).expect(200);
      const row = r.body.rows.find((x: { unit: { id: string } }) => x.unit.id === wl);
      return row?.values.satisfactionRate.denominator === 1 ? r.body : undefined;
    });
    const own = res.rows.find((x: { unit: { id: string } }) => x.unit.id === wl).values;
    expect(own).toMatchObject({
      signOnTimeRate: { value: 1, numerator: 1, denominator: 1 },
      acceptOnTimeRate: { value: 1, denominator: 1 },
      closeOnTimeRate: { value: 1, denominator: 1 },
      mediationSuccessRate: { value: 1, denominator: 1 },
      satisfactionRate: { value: 1 },
      returnRate: { value: 0, denominator: 1 },
      extensionRate: { value: 0 },
      verifyOnTimeRate: { value: null, denominator: 0 },
      recoveredLoss: { value: 199 },
      avgHandlingDays: { denominator: 1 },
    });
    // A handler sees their unit and the stations below it, nothing else.
    expect(res.rows.every((x: { unit: { id: string; parentId: string } }) => x.unit.id === wl || x.unit.parentId === wl)).toBe(true);
    // The manager sees the whole city: the city row is the union of its subtree.
    const all = await http().get(q).set('Authorization', mgr).expect(200);
    expect(all.body.unit.id).toBe(city);
    expect(all.body.rows.find((x: { unit: { id: string } }) => x.unit.id === city).values.recoveredLoss.value).toBe(199);
    expect(all.body.rows.length).toBeGreaterThan(10);
  });

  it('groups by month, filters one indicator, and refuses units out of scope and bad input', async () => {
    const mgr = await login('manager');
    const r = await http().get(`/api/v1/indicators?from=2026-01-01&to=2026-12-31&groupBy=month&indicator=closeOnTimeRate&unit=${wl}`).set('Authorization', mgr).expect(200);
    expect(r.body.rows).toHaveLength(12);
    expect(r.body.rows[10]).toMatchObject({ month: '2026-11', values: { closeOnTimeRate: { value: 1 } } });
    expect(Object.keys(r.body.rows[0].values)).toEqual(['closeOnTimeRate']);
    const dc = await login('handler.dc');
    await http().get(`/api/v1/indicators?from=2026-11-01&to=2026-11-30&unit=${wl}`).set('Authorization', dc).expect(403)
      .expect((x) => expect(x.body.code).toBe('FORBIDDEN'));
    await http().get('/api/v1/indicators?from=2026-11-30&to=2026-11-01').set('Authorization', mgr).expect(400)
      .expect((x) => expect(x.body.fields[0]).toMatchObject({ field: 'to', code: 'INVALID_PERIOD' }));
    await http().get('/api/v1/indicators?from=2026-11-01&to=2026-11-30&indicator=nope').set('Authorization', mgr).expect(400);
    await http().get('/api/v1/indicators?from=2026-11-01&to=2026-11-30&groupBy=week').set('Authorization', mgr).expect(400);
  });

  it('an overdue step is charged to the holding unit on its due day and listed as open-and-overdue now', async () => {
    const op = await login('operator');
    const h = await login('handler.wl');
    // Received 2026-01-05 (O20): acceptance due 2026-01-14 has long passed; the timer fires at once.
    const { body } = await http().post('/api/v1/cases').set('Authorization', op)
      .send(complaintBody({ channel: 'letter', receivedAt: '2026-01-05T09:00:00+08:00' })).expect(201);
    lateCaseId = body.id;
    const jan = await waitFor(async () => {
      const r = await http().get(`/api/v1/indicators?from=2026-01-14&to=2026-01-14&unit=${wl}&indicator=acceptOnTimeRate,signOnTimeRate`).set('Authorization', h).expect(200);
      const v = r.body.rows[0].values;
      return v.acceptOnTimeRate.denominator === 1 ? v : undefined;
    });
    expect(jan.acceptOnTimeRate).toEqual({ value: 0, numerator: 0, denominator: 1 });
    const overdue = await http().get(`/api/v1/indicators/overdue?unit=${wl}`).set('Authorization', h).expect(200);
    expect(overdue.body.total).toBeGreaterThanOrEqual(1);
    expect(overdue.body.cases.map((c: { id: string }) => c.id)).toContain(lateCaseId);
    const mgr = await login('manager');
    const cityView = await http().get('/api/v1/indicators/overdue').set('Authorization', mgr).expect(200);
    expect(cityView.body.total).toBe(overdue.body.total);
    expect(cityView.body.units.find((u: { unit: { id: string } }) => u.unit.id === wl).own).toBe(overdue.body.total);
  });

  it('hotspots, and a consumer warning drafted from one (managers only), stored and listed', async () => {
    const mgr = await login('manager');
    const hs = await http().get('/api/v1/hotspots?from=2026-11-01&to=2026-11-30').set('Authorization', mgr).expect(200);
    expect(hs.body.categories[0]).toMatchObject({ key: 'G01', name: '家用电子电器类', count: 1, share: 1, trend: 'new' });
    expect(hs.body.problemTypes[0]).toMatchObject({ key: 'P12', name: '其他', count: 1 }); // the name from the problem_types table
    const h = await login('handler.wl');
    await http().post('/api/v1/warnings').set('Authorization', h).send({ kind: 'category', key: 'G01', from: '2026-11-01', to: '2026-11-30' }).expect(403);
    const w = await http().post('/api/v1/warnings').set('Authorization', mgr).send({ kind: 'category', key: 'G01', from: '2026-11-01', to: '2026-11-30' }).expect(201);
    expect(w.body.title).toBe('关于家用电子电器类消费的消费警示');
    expect(w.body.body).toContain('“家用电子电器类”类投诉1件');
    await http().post('/api/v1/warnings').set('Authorization', mgr).send({ kind: 'category', key: 'S14', from: '2026-11-01', to: '2026-11-30' }).expect(404);
    const list = await http().get('/api/v1/warnings').set('Authorization', mgr).expect(200);
    expect(list.body.map((x: { id: string }) => x.id)).toEqual([w.body.id]);
  });

  it('produces the monthly analysis report on demand, replaces it on re-run, and serves .xlsx and PDF', async () => {
    const mgr = await login('manager');
    const a = await http().post('/api/v1/reports').set('Authorization', mgr).send({ unitId: city, period: 'month', start: '2026-11-01' }).expect(201);
    const b = await http().post('/api/v1/reports').set('Authorization', mgr).send({ unitId: city, period: 'month', start: '2026-11-01' }).expect(201);
    expect(b.body.id).toBe(a.body.id);
    expect(a.body).toMatchObject({ period: 'month', periodLabel: '2026年11月', start: '2026-11-01', end: '2026-12-01' });
    expect(await db.prisma.analysisReport.count({ where: { unitId: city, period: 'month' } })).toBe(1);
    await http().post('/api/v1/reports').set('Authorization', mgr).send({ unitId: city, period: 'quarter', start: '2026-11-01' }).expect(400);
    const list = await http().get('/api/v1/reports').set('Authorization', mgr).expect(200);
    expect(list.body.map((r: { id: string }) => r.id)).toContain(a.body.id);
    const full = await http().get(`/api/v1/reports/${a.body.id}`).set('Authorization', mgr).expect(200);
    expect(full.body.content.totals).toMatchObject({ total: 1, complaints: 1, recoveredYuan: 199 });
    expect(full.body.content.warnings).toHaveLength(1);

    const x = await http().get(`/api/v1/reports/${a.body.id}/xlsx`).set('Authorization', mgr).buffer(true).parse(binary).expect(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['概况', '趋势', '类别渠道', '热点', '单位绩效', '消费警示', '在线解纷企业']);
    expect(wb.getWorksheet('概况')!.getCell('A2').value).toBe('登记总量');
    expect(wb.getWorksheet('概况')!.getCell('B2').value).toBe(1);
    expect(wb.getWorksheet('概况')!.getCell('B8').value).toBe(199);
    expect(wb.getWorksheet('单位绩效')!.getCell('A2').value).toBe('常德市市场监督管理局');

    const p = await http().get(`/api/v1/reports/${a.body.id}/pdf`).set('Authorization', mgr).buffer(true).parse(binary).expect(200);
    expect(p.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'fx-report-'));
    writeFileSync(join(dir, 'r.pdf'), p.body as Buffer);
    const info = execFileSync('pdfinfo', [join(dir, 'r.pdf')], { encoding: 'utf8' });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('常德市市场监督管理局2026年11月12315投诉举报咨询分析报告');
    expect(text).toContain('家用电子电器类');
    expect(text).toContain('单位指标');
    // Another unit's handler cannot read the city's report.
    const dc = await login('handler.dc');
    const denied = await http().get(`/api/v1/reports/${a.body.id}`).set('Authorization', dc);
    expect([denied.status, denied.body]).toEqual([404, expect.objectContaining({ code: 'NOT_FOUND' })]);
  }, 60_000);

  it('the worker keeps BullMQ schedulers for month/quarter/year (China time) and the job reports the period just ended', async () => {
    const s = worker.app.get(AnalysisReportScheduler);
    const schedulers = await s.schedulers();
    expect(schedulers.map((x) => [x.key, x.pattern, x.tz]).sort()).toEqual([
      ['analysis-report-month', '30 0 1 * *', 'Asia/Shanghai'],
      ['analysis-report-quarter', '30 0 1 1,4,7,10 *', 'Asia/Shanghai'],
      ['analysis-report-year', '30 0 1 1 *', 'Asia/Shanghai'],
    ]);
    const n = await s.handle({ data: { period: 'month' } });
    expect(n).toBeGreaterThan(1);
    const start = new Date(`${new Date(h.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 7)}-01T00:00:00Z`);
    start.setUTCMonth(start.getUTCMonth() - 1);
    expect(await db.prisma.analysisReport.count({ where: { period: 'month', start } })).toBe(n);
    expect(worker.app.get(RollupProcessor).stats.batches).toBeGreaterThanOrEqual(0);
  }, 60_000);
});
