import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { FixedClock, type Rung } from '#platform';
import { FireDeadlineRung } from '#cases-nest';
import { DeadlineProcessor } from '../../apps/worker/src/deadline.processor.js';
import { DeadlineTimers } from '../../apps/worker/src/deadline-timers.js';
import { ARM_EVERYTHING_MS, harnessFile, waitFor } from '../support/harness.js';

// One business clock for API and worker: the plan is imported on 2026-01-20; January's reports are due by the
// 5th working day of February (02-06 24:00), are warned from 02-05 00:00 and escalate two working days later
// (02-10 24:00). Report dues run on the case deadline engine: `deadlines` rows, the `deadlines` queue.
const clock = new FixedClock(new Date('2026-01-20T10:00:00+08:00'));
const sample = readFileSync(join(__dirname, '../../libs/tasks/src/domain/__fixtures__/changde-2023-work-points.txt'), 'utf8');

const h = harnessFile({ worker: true, clock, env: { SWEEP_INTERVAL_MS: 3_600_000, DEADLINE_HORIZON_MS: ARM_EVERYTHING_MS /* checks each rung's job, months ahead */ } }, 120_000);
const http = () => h.http();
const db = { get prisma() { return h.db.prisma; } };
const worker = { get app() { return h.worker!.app; } };
const login = (username: string) => h.as(username);


const unitId = async (code: string) => (await db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
const pendingArms = () => db.prisma.outboxMessage.count({ where: { topic: 'deadline.arm', dispatchedAt: null } });
/** The clock (a `deadlines` row) of each report due. */
const clocksOf = async (dueIds: string[]) =>
  (await db.prisma.deadline.findMany({ where: { reportDueId: { in: dueIds } }, select: { id: true } })).map((d) => d.id);
const firings = (deadlineIds: string[], rung: Rung) => db.prisma.deadlineFiring.count({ where: { deadlineId: { in: deadlineIds }, rung } });
const queue = () => worker.app.get(DeadlineTimers).queue;
async function drained(): Promise<void> {
  await waitFor(async () => {
    const c = await queue().getJobCounts('waiting', 'active', 'prioritized');
    return c.waiting + c.active + c.prioritized === 0 ? true : undefined;
  });
}

/** "The delay has elapsed": move these rungs' delayed BullMQ jobs to the wait list, so the worker runs them now. */
async function promote(deadlineIds: string[], version: number, rung: Rung): Promise<void> {
  for (const id of deadlineIds) {
    const job = await queue().getJob(`deadline-${id}-v${version}-${rung}`);
    if (!job) throw new Error(`no ${rung} job for deadline ${id}`);
    if (await job.isDelayed()) await job.promote();
  }
}

describe('work plan: import → preview → confirm → report → overdue escalation', () => {
  let planId: string;
  let unmatched: string[];
  let task43: { id: string; targets: { id: string }[] };

  it('previews the sample plan for an admin only, storing nothing', async () => {
    const admin = await login('admin');
    await http().post('/api/v1/plans/preview').set('Authorization', await login('handler.wl')).send({ title: 'x', text: sample }).expect(403);
    const r = await http().post('/api/v1/plans/preview').set('Authorization', admin).send({ title: '常德市市场监管局2023年工作要点', text: sample }).expect(200);
    expect(r.body.items).toHaveLength(64);
    expect(r.body.items.map((i: { number: string }) => i.number)).toEqual(Array.from({ length: 64 }, (_, k) => String(k + 1)));
    const item45 = r.body.items[44];
    expect(Object.keys(item45).sort()).toEqual(['clauses', 'leadUnit', 'number', 'section', 'targets', 'text']);
    expect(item45).toMatchObject({ section: '五', number: '45', leadUnit: '消保科<投诉举报办>', clauses: [{ units: ['消保科<投诉举报办>', '市消保委秘书处'] }] });
    expect(r.body.items[0].targets[0]).toEqual({ text: '全市净增市场主体5万户', comparator: 'gte', value: 5, unit: '万户' });
    for (const item of r.body.items) expect(item.leadUnit).toBe(item.clauses[0].units[0]);
    unmatched = r.body.unmatchedUnits;
    expect(unmatched).toEqual(expect.arrayContaining(['市场主体培育专班', '相关科室', '市消保委秘书处']));
    expect(unmatched).not.toContain('各县级局'); // expands to every county-level bureau
    expect(unmatched).not.toContain('广告科');
    expect(await db.prisma.workPlan.count()).toBe(0);
  });

  it('refuses to confirm while names remain unmatched, naming unitMappings', async () => {
    const admin = await login('admin');
    const r = await http().post('/api/v1/plans').set('Authorization', admin).send({ title: '2026年工作要点', year: 2026, text: sample }).expect(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.fields).toEqual([expect.objectContaining({ field: 'unitMappings', code: 'UNMATCHED_UNITS' })]);
    expect(r.body.fields[0].message).toContain('市场主体培育专班');
    const bad = await http().post('/api/v1/plans').set('Authorization', admin)
      .send({ title: 't', year: 2026, text: sample, unitMappings: { 市场主体培育专班: 'not-a-uuid' } }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toContain('unitMappings');
    expect(await db.prisma.workPlan.count()).toBe(0);
  });

  it('confirms with mappings: 64 tasks with lead and co-units, aliases remembered, report timers armed', async () => {
    const admin = await login('admin');
    const office = await unitId('cd-bgs');
    const outside = ['市消保委秘书处', '各区县市消保委'];
    const unitMappings = Object.fromEntries(unmatched.map((n) => [n, outside.includes(n) ? null : office]));
    const r = await http().post('/api/v1/plans').set('Authorization', admin)
      .send({ title: '常德市市场监管局2026年工作要点', year: 2026, text: sample, unitMappings }).expect(201);
    expect(r.body).toMatchObject({ title: '常德市市场监管局2026年工作要点', year: 2026, tasks: 64 });
    expect(r.body.aliasesAdded).toContainEqual({ unitId: office, alias: '市场主体培育专班' });
    expect(r.body.aliasesAdded.map((a: { alias: string }) => a.alias)).not.toContain('相关科室');
    planId = r.body.id;
    expect((await db.prisma.unit.findUniqueOrThrow({ where: { code: 'cd-bgs' } })).aliases).toContain('市场主体培育专班');

    const plan = await http().get(`/api/v1/plans/${planId}`).set('Authorization', await login('handler.wl')).expect(200);
    expect(plan.body.tasks).toHaveLength(64);
    const t = (n: string) => plan.body.tasks.find((x: { number: string }) => x.number === n);
    expect(t('45')).toMatchObject({ leadUnit: { code: 'cd-xbk' }, coUnits: [], status: 'open', dueDate: '2026-12-31', dueAt: '2026-12-31T23:59:59.999+08:00' });
    expect(t('43').leadUnit.code).toBe('cd-ggk');
    expect(t('43').coUnits.map((u: { code: string }) => u.code)).toEqual(['cd-zfzd', 'dc', 'lx', 'ty', 'wl']);
    task43 = t('43');

    // Every unit of every task owes 12 monthly reports (January, the import month, through December).
    const units = await db.prisma.workTaskUnit.count({ where: { task: { planId } } });
    expect(r.body.reportDues).toBe(units * 12);
    expect(await db.prisma.deadline.count({ where: { reportDue: { task: { planId } } } })).toBe(units * 12);
    const jan = await db.prisma.workReportDue.findFirstOrThrow({ where: { taskId: task43.id, period: '2026-01' }, include: { deadline: true } });
    // Its clock: the seeded LOCAL work_task/progressReport policy, 5 working days from the period's last day.
    const policy = await db.prisma.timeLimitPolicy.findUniqueOrThrow({ where: { id: jan.deadline!.policyId } });
    expect(policy).toMatchObject({ regime: 'LOCAL', caseType: 'work_task', step: 'progressReport', amount: 5 });
    expect(jan.deadline).toMatchObject({ caseId: null, step: 'progressReport', state: 'running', version: 1, amount: 5, unit: 'workingDays' });
    expect(jan.deadline!.dueAt.toISOString()).toBe(new Date('2026-02-06T23:59:59.999+08:00').toISOString());
    await waitFor(async () => ((await pendingArms()) === 0 ? true : undefined));
    // Armed on the deadline engine's queue, one job per ladder rung: warn −2 wd, due, supervise +2 wd (→ 办公室).
    for (const rung of ['warn', 'due', 'supervise'] as const) expect(await queue().getJob(`deadline-${jan.deadline!.id}-v1-${rung}`)).toBeTruthy();
    const sup = await queue().getJob(`deadline-${jan.deadline!.id}-v1-supervise`);
    expect(sup!.timestamp + sup!.opts.delay!).toBeGreaterThan(0);
    const detail = await http().get(`/api/v1/tasks/${task43.id}`).set('Authorization', admin).expect(200);
    expect(detail.body.dues.find((d: { period: string }) => d.period === '2026-01'))
      .toMatchObject({ dueDate: '2026-02-06', dueAt: '2026-02-06T23:59:59.999+08:00', escalateAt: '2026-02-10T23:59:59.999+08:00', state: 'running' });

    const tl = await http().get(`/api/v1/tasks/${task43.id}/timeline`).set('Authorization', admin).expect(200);
    expect(tl.body[0]).toMatchObject({ type: 'TaskCreated', actor: { name: '系统管理员' } });
    expect(tl.body[0].rule).toContain('牵头单位');
  });

  it('takes a co-unit report and the lead consolidated report citing it; refuses outsiders', async () => {
    clock.set(new Date('2026-01-28T15:00:00+08:00'));
    const co = await login('handler.wl');
    const lead = await login('handler.cd-ggk');
    const coReport = await http().post(`/api/v1/tasks/${task43.id}/reports`).set('Authorization', co)
      .send({ percent: 10, narrative: '武陵区开展户外广告专项检查2次。', attachments: ['武陵区1月广告检查表.xlsx'] }).expect(201);
    expect(coReport.body).toMatchObject({ role: 'co', period: '2026-01', onTime: true, dueAt: '2026-02-06T23:59:59.999+08:00' });
    await http().post(`/api/v1/tasks/${task43.id}/reports`).set('Authorization', co)
      .send({ percent: 10, narrative: '引用', cites: [coReport.body.id] }).expect(400)
      .expect((r) => expect(r.body.fields[0].field).toBe('cites'));
    await http().post(`/api/v1/tasks/${task43.id}/reports`).set('Authorization', await login('handler.cd-jlk'))
      .send({ percent: 10, narrative: '无关单位' }).expect(403);

    const leadReport = await http().post(`/api/v1/tasks/${task43.id}/reports`).set('Authorization', lead)
      .send({ period: '2026-01', percent: 12, narrative: '汇总：全市广告监测……', cites: [coReport.body.id], attachments: ['1月汇总.docx'] }).expect(201);
    expect(leadReport.body).toMatchObject({ role: 'lead', period: '2026-01', onTime: true });

    const detail = await http().get(`/api/v1/tasks/${task43.id}`).set('Authorization', lead).expect(200);
    expect(detail.body.latestProgress).toMatchObject({ role: 'lead', percent: 12, unit: { code: 'cd-ggk' } });
    expect(detail.body.reports.find((r: { role: string }) => r.role === 'lead').cites).toEqual([coReport.body.id]);
    const janDues = detail.body.dues.filter((d: { period: string }) => d.period === '2026-01');
    expect(janDues.filter((d: { state: string }) => d.state === 'met').map((d: { unit: { code: string } }) => d.unit.code).sort()).toEqual(['cd-ggk', 'wl']);
    const tl = await http().get(`/api/v1/tasks/${task43.id}/timeline`).set('Authorization', lead).expect(200);
    expect(tl.body.map((e: { type: string }) => e.type)).toEqual(['TaskCreated', 'ProgressReported', 'ProgressConsolidated']);
    expect(tl.body[2]).toMatchObject({ unit: { code: 'cd-ggk' }, actor: { name: '广告科承办人' } });
  });

  it('warns, marks missing January reports overdue, then escalates to 办公室, each rung once (redelivery, sweeper)', async () => {
    const jan = await db.prisma.workReportDue.findMany({ where: { period: '2026-01', task: { planId } }, select: { id: true, state: true, taskId: true, unitId: true } });
    const missing = jan.filter((d) => d.state === 'running');
    const met = jan.filter((d) => d.state === 'met');
    expect(met).toHaveLength(2);
    const [all, missingClocks, metClocks] = await Promise.all([clocksOf(jan.map((d) => d.id)), clocksOf(missing.map((d) => d.id)), clocksOf(met.map((d) => d.id))]);
    // A report met its clock: version bumped, so its v1 rung jobs are stale.
    expect(await db.prisma.deadline.count({ where: { id: { in: metClocks }, state: 'met', version: 2 } })).toBe(2);
    const processor = worker.app.get(DeadlineProcessor);
    const commands = worker.app.get(CommandBus);

    // 02-05 09:00: two working days left (the due day included) → a warning to the owing unit and the lead.
    clock.set(new Date('2026-02-05T09:00:00+08:00'));
    await promote(all, 1, 'warn');
    await waitFor(async () => ((await firings(missingClocks, 'warn')) === missing.length ? true : undefined));
    await drained();
    expect(await firings(metClocks, 'warn')).toBe(0);
    expect(await db.prisma.notification.count({ where: { kind: 'taskReportWarned', deadlineId: { in: missingClocks } } })).toBeGreaterThanOrEqual(missing.length);

    // 02-07 09:00: the due instant (02-06 24:00) has passed. The due-rung jobs wake up (stale ones for met reports too).
    clock.set(new Date('2026-02-07T09:00:00+08:00'));
    await promote(all, 1, 'due');
    await waitFor(async () => ((await db.prisma.workReportDue.count({ where: { id: { in: missing.map((d) => d.id) }, state: 'overdue' } })) === missing.length ? true : undefined));
    await drained();
    expect(await db.prisma.deadline.count({ where: { id: { in: missingClocks }, state: 'overdue' } })).toBe(missing.length);
    expect(await firings(all, 'due')).toBe(missing.length);
    expect(await firings(all, 'supervise')).toBe(0);
    expect(await processor.sweep()).toBe(0); // the engine's sweeper covers report dues: nothing missed, nothing twice

    const lead43 = await unitId('cd-ggk');
    const notices = await http().get(`/api/v1/units/${lead43}/work-notices`).set('Authorization', await login('leader.cd-ggk')).expect(200);
    const forTask43 = notices.body.filter((n: { taskNumber: string }) => n.taskNumber === '43');
    expect(forTask43.map((n: { type: string; lateUnit: { code: string } }) => `${n.type}:${n.lateUnit.code}`).sort())
      .toEqual(['ReportOverdue:cd-zfzd', 'ReportOverdue:dc', 'ReportOverdue:lx', 'ReportOverdue:ty']);

    // 02-11 09:00: two working days later still missing → the escalation rung goes to the bureau office.
    clock.set(new Date('2026-02-11T09:00:00+08:00'));
    await promote(missingClocks, 1, 'supervise');
    await waitFor(async () => ((await db.prisma.workReportDue.count({ where: { id: { in: missing.map((d) => d.id) }, escalatedAt: { not: null } } })) === missing.length ? true : undefined));
    await drained();
    // Redelivery: the same job ids again (completed jobs are removed, so they run again), the sweeper, a direct call.
    await worker.app.get(DeadlineTimers).arm(missingClocks.slice(0, 5).flatMap((id) =>
      (['warn', 'due', 'supervise'] as const).map((rung) => ({ deadlineId: id, version: 1, rung, fireAt: new Date(0).toISOString() }))));
    await drained();
    expect(await processor.sweep()).toBe(0);
    await expect(commands.execute(new FireDeadlineRung(missingClocks[0]!, 1, 'supervise'))).resolves.toMatchObject({ outcome: 'duplicate' });
    const perRung = await db.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM work_task_events WHERE type LIKE 'Report%' GROUP BY task_id, unit_id, type, data->>'period' HAVING count(*) > 1`;
    expect(perRung).toHaveLength(0);
    for (const rung of ['warn', 'due', 'supervise'] as const) expect(await firings(missingClocks, rung)).toBe(missing.length);
    expect(await db.prisma.deadlineFiring.count({ where: { deadlineId: { in: metClocks } } })).toBe(0);

    const office = await unitId('cd-bgs');
    const escalations = await http().get(`/api/v1/units/${office}/work-notices`).set('Authorization', await login('leader.cd-bgs')).expect(200);
    expect(escalations.body.filter((n: { type: string }) => n.type === 'ReportEscalated')).toHaveLength(missing.length);
    // The same unit inbox as case deadlines: one item per escalated report for 办公室, held to the next working hour.
    expect(await db.prisma.notification.count({ where: { unitId: office, kind: 'taskReportEscalated' } })).toBe(missing.length);
    expect(await db.prisma.notification.count({ where: { kind: 'taskReportOverdue' } })).toBeGreaterThanOrEqual(missing.length);
    const n = await db.prisma.notification.findFirstOrThrow({ where: { unitId: office, kind: 'taskReportEscalated' } });
    expect(n).toMatchObject({ caseId: null, urgent: false });
    expect(missingClocks).toContain(n.deadlineId);

    const tl = await http().get(`/api/v1/tasks/${task43.id}/timeline`).set('Authorization', await login('admin')).expect(200);
    const zfzd = (type: string) => tl.body.filter((e: { type: string; unit: { code: string } }) => e.type === type && e.unit?.code === 'cd-zfzd');
    expect(zfzd('ReportDueWarned')).toHaveLength(1);
    expect(zfzd('ReportOverdue')).toHaveLength(1);
    expect(zfzd('ReportEscalated')).toHaveLength(1);
    expect(zfzd('ReportEscalated')[0]).toMatchObject({ actor: null, data: { notifyUnitId: office, period: '2026-01', rung: 'supervise' } });
    expect(zfzd('ReportEscalated')[0].rule).toContain('办公室');
  });

  it('records a late report as late and lists what is still overdue', async () => {
    const late = await http().post(`/api/v1/tasks/${task43.id}/reports`).set('Authorization', await login('handler.cd-zfzd'))
      .send({ percent: 8, narrative: '补报1月执法情况。' }).expect(201);
    expect(late.body).toMatchObject({ period: '2026-01', onTime: false });
    const overdue = await http().get(`/api/v1/plans/${planId}/overdue-reports`).set('Authorization', await login('manager')).expect(200);
    const ids = overdue.body.filter((d: { task: { number: string } }) => d.task.number === '43').map((d: { unit: { code: string } }) => d.unit.code).sort();
    expect(ids).toEqual(['dc', 'lx', 'ty']);
    expect(overdue.body.every((d: { escalated: boolean; period: string }) => d.escalated && d.period === '2026-01')).toBe(true);
  });

  it('lists a unit tasks as lead or co-unit', async () => {
    const wl = await unitId('wl');
    const h = await login('handler.wl');
    const co = await http().get(`/api/v1/units/${wl}/tasks?role=co`).set('Authorization', h).expect(200);
    expect(co.body.map((t: { number: string }) => t.number)).toContain('43');
    expect(co.body.every((t: { role: string }) => t.role === 'co')).toBe(true);
    const mine = co.body.find((t: { number: string }) => t.number === '43');
    expect(mine.myReports).toMatchObject({ overdue: 0, nextDue: { period: '2026-02', periodLabel: '2026年2月', dueAt: '2026-03-06T23:59:59.999+08:00' } });
    const lead = await http().get(`/api/v1/units/${wl}/tasks?role=lead`).set('Authorization', h).expect(200);
    expect(lead.body).toEqual([]);
    await http().get(`/api/v1/units/${wl}/tasks`).set('Authorization', await login('handler.dc')).expect(403);
  });

  it('closes a task with evidence and computes indicators rolled up the unit tree', async () => {
    const lead = await login('handler.cd-ggk');
    await http().post(`/api/v1/tasks/${task43.id}/complete`).set('Authorization', await login('handler.wl')).send({ summary: 'x', evidence: ['a'] }).expect(403);
    await http().post(`/api/v1/tasks/${task43.id}/complete`).set('Authorization', lead).send({ summary: '全年目标完成', evidence: [] }).expect(400);
    const done = await http().post(`/api/v1/tasks/${task43.id}/complete`).set('Authorization', lead)
      .send({ summary: '全年目标完成', evidence: ['广告监管年度总结.docx'] }).expect(200);
    expect(done.body).toMatchObject({ onTime: true, cancelledDues: 6 * 11 });
    await http().post(`/api/v1/tasks/${task43.id}/reports`).set('Authorization', lead).send({ percent: 100, narrative: '再报' }).expect(409);

    const r = await http().get(`/api/v1/plans/${planId}/indicators`).set('Authorization', await login('manager')).expect(200);
    const row = (code: string) => r.body.units.find((u: { unit: { code: string } }) => u.unit.code === code);
    const janDues = await db.prisma.workReportDue.count({ where: { period: '2026-01', task: { planId } } });
    expect(row('cd').rollup).toMatchObject({ reportsDue: janDues, reportsOnTime: 2, reportsLate: 1, reportsMissing: janDues - 3, leadTasks: 64, tasksCompleted: 1 });
    expect(row('cd').rollup.onTimeReportRate).toBeCloseTo(2 / janDues, 4);
    const janOf = async (code: string) => db.prisma.workReportDue.count({ where: { period: '2026-01', unitId: await unitId(code), task: { planId } } });
    const ggkJan = await janOf('cd-ggk');
    expect(row('cd-ggk').own).toMatchObject({ reportsDue: ggkJan, reportsOnTime: 1, reportsMissing: ggkJan - 1, tasksCompleted: 1, tasksCompletedOnTime: 1 });
    const wlJan = await janOf('wl');
    expect(row('wl').own).toMatchObject({ reportsDue: wlJan, reportsOnTime: 1, reportsMissing: wlJan - 1, leadTasks: 0 });
    expect(row('wl').own.coTasks).toBeGreaterThan(0);
    // The county's stations have no tasks of their own: its roll-up is its own figures.
    expect(row('wl').rollup).toEqual(row('wl').own);
    expect(row('cd-zfzd').own).toMatchObject({ reportsLate: 1 });
  });

  it('moves a live report due when the calendar changes, journals it on the task and re-arms it', async () => {
    // Task 45's February reports are due on the 5th working day of March: 03-06. Declaring 03-05 a holiday moves it to 03-09.
    const plan = await http().get(`/api/v1/plans/${planId}`).set('Authorization', await login('admin')).expect(200);
    const task45 = plan.body.tasks.find((x: { number: string }) => x.number === '45');
    const feb = await db.prisma.workReportDue.findFirstOrThrow({ where: { taskId: task45.id, period: '2026-02' }, include: { deadline: true } });
    expect(feb.deadline!.dueDate.toISOString().slice(0, 10)).toBe('2026-03-06');
    await http().put('/api/v1/admin/calendar/days/2026-03-05').set('Authorization', await login('admin')).send({ kind: 'holiday', name: '测试假日' }).expect(200);
    // The recompute walks every live report due of the year (~2,000 here), one transaction each: give a loaded machine time.
    const moved = await waitFor(async () => {
      const d = await db.prisma.deadline.findUniqueOrThrow({ where: { id: feb.deadline!.id } });
      return d.version === 2 ? d : undefined;
    }, 90_000);
    expect(moved.dueDate.toISOString().slice(0, 10)).toBe('2026-03-09');
    expect(moved.dueAt.toISOString()).toBe(new Date('2026-03-09T23:59:59.999+08:00').toISOString());
    const tl = await http().get(`/api/v1/tasks/${task45.id}/timeline`).set('Authorization', await login('admin')).expect(200);
    const mv = tl.body.filter((e: { type: string }) => e.type === 'ReportDueMoved');
    expect(mv).toHaveLength(1);
    expect(mv[0]).toMatchObject({ actor: null, data: { period: '2026-02', from: { dueDate: '2026-03-06' }, to: { dueDate: '2026-03-09' } } });
    expect(mv[0].rule).toContain('日历变更');
    await waitFor(async () => ((await pendingArms()) === 0 ? true : undefined));
    expect(await queue().getJob(`deadline-${feb.deadline!.id}-v2-due`)).toBeTruthy();
    const detail = await http().get(`/api/v1/tasks/${task45.id}`).set('Authorization', await login('admin')).expect(200);
    expect(detail.body.dues.find((d: { id: string }) => d.id === feb.id)).toMatchObject({ dueDate: '2026-03-09', escalateAt: '2026-03-11T23:59:59.999+08:00' });
  });
});

describe('work plan: other layouts and the public contract', () => {
  const other = [
    '一、强化消费维权',
    '（一）推进投诉举报处理规范化。（牵头单位：消保科；配合单位：各区县（市）市场监管局、网监科）',
    '（二）开展价格监督检查，力争办结率达到98%以上。(责任单位:各县级局，价监科)',
  ].join('\n');

  it('previews （一）-style items with labelled and collective clauses', async () => {
    const r = await http().post('/api/v1/plans/preview').set('Authorization', await login('admin')).send({ title: '某局要点', text: other }).expect(200);
    expect(r.body.items).toEqual([
      expect.objectContaining({ section: '一', number: '一', leadUnit: '消保科', clauses: [{ units: ['消保科'] }, { units: ['各区县（市）市场监管局', '网监科'] }] }),
      expect.objectContaining({ number: '二', leadUnit: '各县级局', targets: [{ text: '办结率达到98%以上', comparator: 'gte', value: 98, unit: '%' }] }),
    ]);
    expect(r.body.unmatchedUnits).toEqual([]);
  });

  it('refuses a collective lead until it is mapped; a past plan year owes no reports', async () => {
    const admin = await login('admin');
    const refused = await http().post('/api/v1/plans').set('Authorization', admin).send({ title: '某局要点', year: 2025, text: other }).expect(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'unitMappings', code: 'COLLECTIVE_LEAD' })]);
    const wl = await unitId('wl');
    const ok = await http().post('/api/v1/plans').set('Authorization', admin)
      .send({ title: '某局要点', year: 2025, text: other, unitMappings: { 各县级局: wl } }).expect(201);
    expect(ok.body).toMatchObject({ tasks: 2, reportDues: 0, aliasesAdded: [], warnings: [expect.objectContaining({ code: 'NO_REPORTING' })] });
    const plan = await http().get(`/api/v1/plans/${ok.body.id}`).set('Authorization', admin).expect(200);
    expect(plan.body.tasks.map((t: { leadUnit: { code: string }; coUnits: { code: string }[] }) => [t.leadUnit.code, t.coUnits.map((u) => u.code)])).toEqual([
      ['cd-xbk', ['dc', 'lx', 'ty', 'wl', 'cd-wjk']],
      ['wl', ['cd-jjk']],
    ]);
  });

  it('documents the work-plan endpoints in OpenAPI', async () => {
    const spec = (await http().get('/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    for (const [method, path] of [
      ['post', '/api/v1/plans/preview'], ['post', '/api/v1/plans'], ['get', '/api/v1/plans/{id}'], ['get', '/api/v1/plans/{id}/indicators'],
      ['get', '/api/v1/plans/{id}/overdue-reports'], ['post', '/api/v1/tasks/{id}/reports'], ['post', '/api/v1/tasks/{id}/complete'],
      ['get', '/api/v1/tasks/{id}/timeline'], ['get', '/api/v1/units/{id}/tasks'],
    ] as const) expect(Object.keys(spec.paths[path] ?? {})).toContain(method);
  });
});
