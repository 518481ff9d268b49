// Issue 7 item 2: a task's due date and reporting cadence, set at confirm (items[]) and changed afterwards
// (PATCH /api/v1/tasks/:id). A change re-plans the task's report dues in one transaction on the deadline engine:
// dues not yet due that the new schedule drops are cancelled (clock version bumped: their armed rungs go stale and
// never fire), new periods get clocks armed through the outbox (`deadline-<id>-v<version>-<rung>`), met and past-due
// dues stay; the change is journaled on the task timeline. Real PostgreSQL and Redis, the worker on.
import { FixedClock, type Rung } from '#platform';
import { DeadlineTimers } from '../../apps/worker/src/deadline-timers.js';
import { ARM_EVERYTHING_MS, harnessFile, waitFor } from '../support/harness.js';

const clock = new FixedClock(new Date('2026-01-20T10:00:00+08:00'));
const text = [
  '一、强化消费维权',
  '1.推进投诉举报处理规范化。（责任单位：消保科、网监科）',
  '2.开展价格监督检查，力争办结率达到98%以上。(责任单位:价监科)',
  '3.开展消费环境建设。（责任单位：广告科）',
].join('\n');

const h = harnessFile({ worker: true, clock, env: { SWEEP_INTERVAL_MS: 3_600_000, DEADLINE_HORIZON_MS: ARM_EVERYTHING_MS /* checks each rung's job, months ahead */ } }, 120_000);
const http = () => h.http();
const prisma = () => h.db.prisma;
const queue = () => h.worker!.app.get(DeadlineTimers).queue;
const pendingArms = () => prisma().outboxMessage.count({ where: { topic: 'deadline.arm', dispatchedAt: null } });
const armed = () => waitFor(async () => ((await pendingArms()) === 0 ? true : undefined));
async function drained(): Promise<void> {
  await waitFor(async () => {
    const c = await queue().getJobCounts('waiting', 'active', 'prioritized');
    return c.waiting + c.active + c.prioritized === 0 ? true : undefined;
  });
}
type Due = { id: string; unitId: string; period: string; state: string; deadline: { id: string; version: number; state: string; dueAt: Date } | null };
const duesOf = (taskId: string): Promise<Due[]> =>
  prisma().workReportDue.findMany({
    where: { taskId }, orderBy: [{ period: 'asc' }, { unitId: 'asc' }],
    select: { id: true, unitId: true, period: true, state: true, deadline: { select: { id: true, version: true, state: true, dueAt: true } } },
  });
const live = (ds: Due[]) => [...new Set(ds.filter((d) => d.state !== 'cancelled').map((d) => d.period))];

describe('task due date and cadence', () => {
  let planId: string;
  const task: Record<string, string> = {};

  it('confirm refuses bad per-item schedules, naming the field, and stores nothing', async () => {
    const admin = await h.as('admin');
    const r = await http().post('/api/v1/plans').set('Authorization', admin).send({
      title: 't', year: 2026, text,
      items: [{ seq: 9, cadence: 'quarterly' }, { seq: 1, cadence: 'weekly' }, { seq: 2, dueDate: '2025-12-01' }, { seq: 1, dueDate: '2026-02-30' }],
    }).expect(400);
    expect(r.body.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`)).toEqual([
      'items[0].seq:UNKNOWN_ITEM', 'items[1].cadence:UNKNOWN_CADENCE', 'items[2].dueDate:DUE_DATE_BEFORE_PLAN',
      'items[3].seq:DUPLICATE_ITEM', 'items[3].dueDate:DUE_DATE_FORMAT',
    ]);
    expect(r.body.fields[1].message).toContain('报送周期');
    await http().post('/api/v1/plans').set('Authorization', admin).send({ title: 't', year: 2026, text, items: [{ seq: 'x' }] }).expect(400);
    expect(await prisma().workPlan.count()).toBe(0);
  });

  it('confirm takes per-item due dates and cadences; the others keep the defaults', async () => {
    const r = await http().post('/api/v1/plans').set('Authorization', await h.as('admin')).send({
      title: '消费维权要点', year: 2026, text, items: [{ seq: 2, dueDate: '2026-06-30', cadence: 'quarterly' }, { seq: 3, cadence: 'none' }],
    }).expect(201);
    planId = r.body.id;
    // Task 1: 2 units × 12 months; task 2: 1 unit × Q1, Q2; task 3: nothing periodic.
    expect(r.body).toMatchObject({ tasks: 3, reportDues: 2 * 12 + 2 });
    const plan = await http().get(`/api/v1/plans/${planId}`).set('Authorization', await h.as('admin')).expect(200);
    const [t1, t2, t3] = plan.body.tasks;
    Object.assign(task, { t1: t1.id, t2: t2.id, t3: t3.id });
    expect(t1).toMatchObject({ dueDate: '2026-12-31', cadence: 'monthly' });
    expect(t2).toMatchObject({ dueDate: '2026-06-30', dueAt: '2026-06-30T23:59:59.999+08:00', cadence: 'quarterly' });
    expect(t3).toMatchObject({ dueDate: '2026-12-31', cadence: 'none' });
    expect(live(await duesOf(t2.id))).toEqual(['2026-03', '2026-06']);
    expect(await duesOf(t3.id)).toEqual([]);
    const detail = await http().get(`/api/v1/tasks/${t2.id}`).set('Authorization', await h.as('admin')).expect(200);
    // Q1 is due by the 5th working day after 03-31 (Qingming 04-04..06 skipped): 04-08.
    expect(detail.body.dues[0]).toMatchObject({ period: '2026-03', periodLabel: '2026年第1季度', dueDate: '2026-04-08' });
    const tl = await http().get(`/api/v1/tasks/${t2.id}/timeline`).set('Authorization', await h.as('admin')).expect(200);
    expect(tl.body[0]).toMatchObject({ type: 'TaskCreated', data: { cadence: 'quarterly', dueDate: '2026-06-30' } });
    expect(tl.body[0].data.reportRule).toContain('按季调度');
    await armed();
  });

  it('refuses bad changes with 4xx and changes nothing', async () => {
    clock.set(new Date('2026-02-10T10:00:00+08:00'));
    const snapshot = async () => ({
      task: await prisma().workTask.findUniqueOrThrow({ where: { id: task.t1 } }),
      dues: await duesOf(task.t1),
      events: await prisma().workTaskEvent.count(),
      outbox: await prisma().outboxMessage.count(),
    });
    const before = await snapshot();
    const admin = await h.as('admin');
    const patch = (body: object, who = admin, id = task.t1) => http().patch(`/api/v1/tasks/${id}`).set('Authorization', who).send(body);
    const field = async (body: object, f: string, code: string) => {
      const r = await patch(body).expect(400);
      expect(r.body).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(r.body.fields).toEqual([expect.objectContaining({ field: f, code })]);
      expect(r.body.fields[0].message).toMatch(new RegExp(`^${({ dueDate: '完成期限', cadence: '报送周期', leadUnitId: '牵头单位' } as Record<string, string>)[f] ?? f}：`)); // the field by its Chinese name
    };
    await field({ dueDate: '2025-12-31' }, 'dueDate', 'DUE_DATE_BEFORE_PLAN');
    await field({ dueDate: '2026-13-01' }, 'dueDate', 'DUE_DATE_FORMAT');
    await field({ dueDate: 'next friday' }, 'dueDate', 'DUE_DATE_FORMAT');
    await field({ dueDate: '2026-02-09' }, 'dueDate', 'DUE_DATE_PASSED');
    await field({ dueDate: '2028-01-01' }, 'dueDate', 'DUE_DATE_TOO_LATE');
    await field({ cadence: 'weekly' }, 'cadence', 'UNKNOWN_CADENCE');
    await field({ cadence: 5 }, 'cadence', 'IS_STRING');
    await field({ cadence: 'quarterly', leadUnitId: 'x' }, 'leadUnitId', 'UNKNOWN_FIELD');
    // Not the lead unit (handler or leader), not a co-unit, not 办公室's handler.
    for (const who of ['handler.cd-xbk', 'leader.cd-xbk', 'leader.cd-wjk', 'handler.cd-bgs', 'operator'])
      await patch({ cadence: 'quarterly' }, await h.as(who)).expect(403);
    await patch({ cadence: 'quarterly' }, admin, '00000000-0000-4000-8000-000000000000').expect(404);
    await patch({ cadence: 'quarterly' }, admin, 'nope').expect(404);
    // A completed task keeps its schedule.
    await http().post(`/api/v1/tasks/${task.t3}/complete`).set('Authorization', await h.as('handler.cd-ggk')).send({ summary: '完成', evidence: ['总结.docx'] }).expect(200);
    const closed = await patch({ dueDate: '2026-10-31' }, admin, task.t3).expect(409);
    expect(closed.body.code).toBe('INVALID_TRANSITION');
    expect(await snapshot()).toEqual({ ...before, events: before.events + 1 }); // + the TaskCompleted of task 3 only
  });

  it('monthly → quarterly with an earlier due date: dues not yet due outside the schedule are cancelled, reports kept, the change journaled', async () => {
    const lead = await h.as('handler.cd-xbk');
    // January's reports (due 02-06): the lead's on time; the co-unit's missing and past due.
    clock.set(new Date('2026-01-28T10:00:00+08:00'));
    await http().post(`/api/v1/tasks/${task.t1}/reports`).set('Authorization', lead).send({ percent: 10, narrative: '1月进展' }).expect(201);
    clock.set(new Date('2026-02-10T10:00:00+08:00'));
    const before = await duesOf(task.t1);
    const r = await http().patch(`/api/v1/tasks/${task.t1}`).set('Authorization', await h.as('admin')).send({ cadence: 'quarterly', dueDate: '2026-09-30' }).expect(200);
    expect(r.body).toMatchObject({ id: task.t1, dueDate: '2026-09-30', dueAt: '2026-09-30T23:59:59.999+08:00', cadence: 'quarterly', changed: true, createdDues: [] });
    // Cancelled: 02, 04, 05, 07, 08 (not quarter ends) and 10, 11, 12 (after the new due date), for both units.
    const gone = ['02', '04', '05', '07', '08', '10', '11', '12'].map((m) => `2026-${m}`);
    expect(r.body.cancelledDues).toHaveLength(2 * gone.length);
    const after = await duesOf(task.t1);
    for (const d of after) {
      const was = before.find((b) => b.id === d.id)!;
      if (gone.includes(d.period)) {
        expect(d).toMatchObject({ state: 'cancelled', deadline: { state: 'cancelled', version: was.deadline!.version + 1 } });
      } else expect(d).toEqual(was); // January (met / past due) and the quarter ends 03, 06, 09: untouched
    }
    expect(live(after)).toEqual(['2026-01', '2026-03', '2026-06', '2026-09']);
    expect(after.filter((d) => d.period === '2026-01').map((d) => d.state).sort()).toEqual(['met', 'running']);

    const detail = await http().get(`/api/v1/tasks/${task.t1}`).set('Authorization', await h.as('admin')).expect(200);
    expect(detail.body).toMatchObject({ dueDate: '2026-09-30', cadence: 'quarterly' });
    expect(detail.body.reports).toHaveLength(1);
    const tl = await http().get(`/api/v1/tasks/${task.t1}/timeline`).set('Authorization', await h.as('admin')).expect(200);
    const ev = tl.body.at(-1);
    expect(ev).toMatchObject({
      type: 'TaskScheduleChanged', actor: { name: '系统管理员' },
      data: { from: { dueDate: '2026-12-31', cadence: 'monthly' }, to: { dueDate: '2026-09-30', dueAt: '2026-09-30T23:59:59.999+08:00', cadence: 'quarterly' } },
    });
    expect(ev.at).toBe('2026-02-10T10:00:00.000+08:00');
    expect(ev.data.cancelledDues).toHaveLength(16);
    expect(ev.rule).toContain('按季调度');
    // The lead's list: its January report is in, its next one is Q1's (named by March, due 04-08).
    const unit = await prisma().unit.findUniqueOrThrow({ where: { code: 'cd-xbk' } });
    const listed = await http().get(`/api/v1/units/${unit.id}/tasks`).set('Authorization', lead).expect(200);
    expect(listed.body.find((t: { id: string }) => t.id === task.t1)).toMatchObject({
      cadence: 'quarterly', dueDate: '2026-09-30', myReports: { nextDue: { period: '2026-03', periodLabel: '2026年第1季度', dueAt: '2026-04-08T23:59:59.999+08:00' } },
    });
  });

  it('a cancelled due never fires: its armed v1 rungs are stale', async () => {
    const feb = (await duesOf(task.t1)).filter((d) => d.period === '2026-02');
    const ids = feb.map((d) => d.deadline!.id);
    clock.set(new Date('2026-03-20T10:00:00+08:00')); // long past February's due (03-06) and its escalation
    for (const id of ids)
      for (const rung of ['warn', 'due', 'supervise'] as Rung[]) {
        const job = await queue().getJob(`deadline-${id}-v1-${rung}`);
        expect(job).toBeTruthy();
        if (await job!.isDelayed()) await job!.promote();
      }
    // Control: the co-unit's January due (kept, running, past due) is promoted the same way and does fire.
    const jan = (await duesOf(task.t1)).find((d) => d.period === '2026-01' && d.state === 'running')!;
    await (await queue().getJob(`deadline-${jan.deadline!.id}-v1-due`))!.promote();
    await waitFor(async () => ((await prisma().deadlineFiring.count({ where: { deadlineId: jan.deadline!.id, rung: 'due' } })) === 1 ? true : undefined));
    await drained();
    // The inbox names the period as people say it (a month here; a quarter is 2026年第1季度).
    const notes = await prisma().notification.findMany({ where: { deadlineId: jan.deadline!.id } });
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(n.body).toContain('2026年1月的进展报告已逾期');
    // The cancelled clocks' jobs ran (none is left waiting or delayed) and did nothing.
    for (const id of ids)
      for (const rung of ['warn', 'due', 'supervise']) {
        const job = await queue().getJob(`deadline-${id}-v1-${rung}`);
        expect(job ? await job.getState() : 'removed').toMatch(/^(completed|removed)$/);
      }
    expect(await prisma().deadlineFiring.count({ where: { deadlineId: { in: ids } } })).toBe(0);
    expect((await duesOf(task.t1)).filter((d) => d.period === '2026-02').map((d) => d.state)).toEqual(['cancelled', 'cancelled']);
    const events = await prisma().workTaskEvent.count({ where: { taskId: task.t1, type: { in: ['ReportDueWarned', 'ReportOverdue', 'ReportEscalated'] }, data: { path: ['period'], equals: '2026-02' } } });
    expect(events).toBe(0);
    expect(await prisma().notification.count({ where: { deadlineId: { in: ids } } })).toBe(0);
    clock.set(new Date('2026-02-10T10:00:00+08:00'));
  });

  it('a quarterly task reports by quarter: a February report meets Q1', async () => {
    const r = await http().post(`/api/v1/tasks/${task.t1}/reports`).set('Authorization', await h.as('handler.cd-xbk')).send({ percent: 20, narrative: '一季度进展' }).expect(201);
    expect(r.body).toMatchObject({ period: '2026-03', onTime: true, dueAt: '2026-04-08T23:59:59.999+08:00' });
    const q1 = await http().post(`/api/v1/tasks/${task.t1}/reports`).set('Authorization', await h.as('handler.cd-wjk')).send({ period: '2026-02', percent: 20, narrative: '一季度' }).expect(201);
    expect(q1.body.period).toBe('2026-03');
  });

  it('办公室 extends the due date: new periods get running clocks armed at v1, a cancelled period owed again is revived at a new version', async () => {
    const before = await duesOf(task.t1);
    const r = await http().patch(`/api/v1/tasks/${task.t1}`).set('Authorization', await h.as('leader.cd-bgs')).send({ dueDate: '2027-03-31' }).expect(200);
    expect(r.body).toMatchObject({ cadence: 'quarterly', dueDate: '2027-03-31', cancelledDues: [] });
    // 2026-12 (cancelled by the earlier due date) is owed again; 2027-03 is new; 2027 has no loaded holiday notice.
    expect(r.body.createdDues.map((d: { period: string }) => d.period).sort()).toEqual(['2026-12', '2026-12', '2027-03', '2027-03']);
    expect(r.body.warnings).toEqual([expect.objectContaining({ code: 'CALENDAR_YEAR_MISSING' })]);
    const after = await duesOf(task.t1);
    expect(live(after)).toEqual(['2026-01', '2026-03', '2026-06', '2026-09', '2026-12', '2027-03']);
    await armed();
    for (const d of after.filter((x) => x.period === '2026-12')) {
      const was = before.find((b) => b.id === d.id)!;
      expect(d).toMatchObject({ state: 'running', deadline: { state: 'running', version: was.deadline!.version + 1 } });
      expect(d.deadline!.dueAt).toEqual(was.deadline!.dueAt); // the same period rule, 5 working days after 12-31
      for (const rung of ['warn', 'due', 'supervise']) expect(await queue().getJob(`deadline-${d.deadline!.id}-v${d.deadline!.version}-${rung}`)).toBeTruthy();
    }
    for (const d of after.filter((x) => x.period === '2027-03')) {
      expect(d).toMatchObject({ state: 'running', deadline: { state: 'running', version: 1 } });
      for (const rung of ['warn', 'due', 'supervise']) expect(await queue().getJob(`deadline-${d.deadline!.id}-v1-${rung}`)).toBeTruthy();
    }
    const tl = await http().get(`/api/v1/tasks/${task.t1}/timeline`).set('Authorization', await h.as('admin')).expect(200);
    expect(tl.body.at(-1)).toMatchObject({ type: 'TaskScheduleChanged', actor: { name: '办公室负责人' }, data: { from: { dueDate: '2026-09-30' }, to: { dueDate: '2027-03-31' } } });
    // The same values again: nothing to do, nothing journaled.
    const events = await prisma().workTaskEvent.count();
    const same = await http().patch(`/api/v1/tasks/${task.t1}`).set('Authorization', await h.as('manager')).send({ dueDate: '2027-03-31', cadence: 'quarterly' }).expect(200);
    expect(same.body).toMatchObject({ changed: false, cancelledDues: [], createdDues: [] });
    expect(await prisma().workTaskEvent.count()).toBe(events);
  });

  it('quarterly → none cancels every due not yet due; met and past-due ones stay', async () => {
    const r = await http().patch(`/api/v1/tasks/${task.t2}`).set('Authorization', await h.as('manager')).send({ cadence: 'none' }).expect(200);
    expect(r.body.cancelledDues.map((d: { period: string }) => d.period)).toEqual(['2026-03', '2026-06']);
    expect(live(await duesOf(task.t2))).toEqual([]);
  });

  it('documents PATCH /api/v1/tasks/{id} in OpenAPI', async () => {
    const spec = (await http().get('/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(Object.keys(spec.paths['/api/v1/tasks/{id}'] ?? {})).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(JSON.stringify(spec)).toContain('UNKNOWN_CADENCE');
  });
});
