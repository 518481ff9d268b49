// `npm run demo` imports the demo city's 年度工作要点 through the running API (scripts/demo-plan.ts): every unit the
// plan names matches a demo unit, the tasks get their lead and co-units and their report-due clocks, the lead units'
// reports land; run again (a restarted demo), it changes nothing.
import { importDemoPlan } from '../../scripts/demo-plan.js';
import { addDemoContent } from '../../scripts/demo-content.js';
import { DEMO_PLAN_REPORTS, demoPlanTitle } from '../../prisma/seed-data/demo-plan.js';
import { listeningHarnessFile } from '../support/harness.js';

const { h, base } = listeningHarnessFile();

describe('the demo work plan', () => {
  it('is imported through the API with every unit matched, the lead units report, and a second run changes nothing', async () => {
    const r = await importDemoPlan(base(), 'demo12315', h.clock.now());
    const year = 2026; // the harness's clock: 2026-11-23 China time
    expect(r).toEqual({ imported: true, title: demoPlanTitle(year), tasks: 10, reports: DEMO_PLAN_REPORTS.length });

    const plan = await h.db.prisma.workPlan.findFirstOrThrow({ where: { title: demoPlanTitle(year) } });
    expect(plan.year).toBe(year);
    const tasks = await h.db.prisma.workTask.findMany({ where: { planId: plan.id }, include: { units: true }, orderBy: { seq: 'asc' } });
    expect(tasks).toHaveLength(10);
    const unit = new Map((await h.db.prisma.unit.findMany()).map((u) => [u.id, u]));
    const lead = (n: number) => tasks[n - 1]!.units.filter((u) => u.role === 'lead').map((u) => unit.get(u.unitId)!.name);
    const co = (n: number) => tasks[n - 1]!.units.filter((u) => u.role === 'co').map((u) => unit.get(u.unitId)!.level);
    expect(lead(1)).toEqual(['消保科']);
    expect(new Set(co(1))).toEqual(new Set(['county'])); // 各区县市场监管局: every county bureau
    expect(new Set(co(4))).toEqual(new Set(['station'])); // 各市场监管所: every station
    expect(lead(8)).toEqual(['食品生产科']); // written 食品生产科<米粉办>
    expect(lead(5)).toEqual(['网监科']);
    // Each task owes its reports: their clocks run on the deadline engine like any other.
    const dues = await h.db.prisma.deadline.count({ where: { state: 'running', step: 'progressReport' } });
    expect(dues).toBeGreaterThanOrEqual(10);

    // The reports were filed by the lead units' own users, for the current month.
    const reports = await h.db.prisma.workProgressReport.findMany({ where: { task: { planId: plan.id } } });
    expect(reports).toHaveLength(DEMO_PLAN_REPORTS.length);
    for (const rep of reports) {
      expect(rep.period).toBe('2026-11');
      const task = tasks.find((t) => t.id === rep.taskId)!;
      expect(task.units.find((u) => u.role === 'lead')!.unitId).toBe(rep.unitId);
      expect(rep.role).toBe('lead');
    }

    // The demo restarted: nothing imported twice.
    expect(await importDemoPlan(base(), 'demo12315', h.clock.now())).toMatchObject({ imported: false, tasks: 0, reports: 0 });
    expect(await h.db.prisma.workPlan.count()).toBe(1);
    expect(await h.db.prisma.workProgressReport.count()).toBe(DEMO_PLAN_REPORTS.length);
  });

  it('says why when the API refuses it (a wrong password), and stores nothing', async () => {
    const plans = await h.db.prisma.workPlan.count();
    await expect(importDemoPlan(base(), 'wrong', h.clock.now())).rejects.toThrow(/auth\/login: 401/);
    // as `npm run demo` prints it: each part's failure said, the run not stopped
    const said = await addDemoContent(base(), 'wrong', h.clock.now());
    expect(said.failed).toBe(true);
    expect(said.plan).toMatch(/^not imported \(POST \/api\/v1\/auth\/login: 401 .*\); import one in the console → 工作要点$/);
    expect(said.published).toMatch(/^nothing published \(POST \/api\/v1\/auth\/login: 401 /);
    expect(said.extension).toMatch(/^no request made \(POST \/api\/v1\/auth\/login: 401 /);
    expect(await h.db.prisma.workPlan.count()).toBe(plans);
  });
});
