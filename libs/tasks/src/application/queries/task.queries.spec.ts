// Work-plan views on an in-memory TaskViews: summaries (latest report, targets attained, overdue), scope, not-found.
import { FixedClock, Forbidden, NotFound } from '#kernel';
import type { UnitNode } from '#org';
import { InMemoryOrg } from '#org-nest';
import { PlanNotFound, TaskNotFound } from '../../domain/task.errors.js';
import { InMemoryTaskViews } from '../../infrastructure/in-memory-task-views.js';
import type { TaskRecord } from '../ports.js';
import {
  GetPlan, GetPlanHandler, GetTaskTimeline, GetTaskTimelineHandler, ListPlansHandler, ListUnitTasks, ListUnitTasksHandler, ListWorkNotices, ListWorkNoticesHandler,
} from './task.queries.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const U = (id: string, level: UnitNode['level'], parentId: string | null): UnitNode => ({ id, code: id, name: `单位${id}`, level, parentId, regionCode: null, isIntake: false });
const units = [U('city', 'city', null), U('a', 'county', 'city'), U('b', 'county', 'city')];
const task = (over: Partial<TaskRecord>): TaskRecord => ({
  id: 't1', planId: 'p1', seq: 1, section: null, sectionTitle: null, number: '1', text: '开展专项整治', leadUnitId: 'a', cadence: 'monthly', status: 'open',
  dueDate: new Date('2026-12-31T00:00:00Z'), dueAt: new Date('2026-12-31T15:59:59Z'), clauses: [], completedAt: null, summary: null, evidence: [],
  units: [{ unitId: 'a', role: 'lead' }, { unitId: 'b', role: 'co' }], targets: [{ id: 'g1', text: '检查户次', comparator: 'gte', value: 100, unit: '户次' }], ...over,
});
function world() {
  const org = new InMemoryOrg({ units });
  const views = new InMemoryTaskViews();
  views.planRows.push({ id: 'p1', title: '2026年工作要点', year: 2026, createdAt: NOW });
  views.taskRows.push(task({}), task({ id: 't2', seq: 2, number: '2', leadUnitId: 'b', status: 'completed', units: [{ unitId: 'b', role: 'lead' }], targets: [] }));
  return { org, views, clock: new FixedClock(NOW) };
}
const report = (over: object) => ({ id: 'r', taskId: 't1', unitId: 'a', role: 'lead', period: '2026-10', percent: 50, submittedAt: NOW, onTime: true, values: [], narrative: '', attachments: [], cites: [], ...over });

describe('work-plan views (in-memory TaskViews)', () => {
  it('lists plans with their counts; a plan\'s tasks summarise the lead\'s latest report and the targets it reached', async () => {
    const w = world();
    w.views.reportRows.push(
      report({ id: 'r-co', unitId: 'b', role: 'co', submittedAt: new Date(NOW.getTime() + 1000), values: [{ targetId: 'g1', value: 40 }] }),
      report({ id: 'r-lead', values: [{ targetId: 'g1', value: 120 }] }),
    );
    w.views.dueRows.push({ id: 'd1', taskId: 't1', unitId: 'b', period: '2026-10', state: 'overdue', reportId: null, metAt: null, overdueAt: NOW, escalatedAt: null, deadline: null });
    expect(await new ListPlansHandler(w.views).execute()).toEqual([expect.objectContaining({ id: 'p1', tasks: 2, completed: 1 })]);
    const plan = await new GetPlanHandler(w.views, w.org.directory, w.clock).execute(new GetPlan('p1'));
    expect(plan.tasks.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(plan.tasks[0]).toMatchObject({
      leadUnit: { id: 'a' }, coUnits: [{ id: 'b' }], overdue: false, overdueReports: 1,
      latestProgress: { id: 'r-lead', role: 'lead' }, targets: [{ id: 'g1', latest: 120, attained: true }],
    });
    await expect(new GetPlanHandler(w.views, w.org.directory, w.clock).execute(new GetPlan('nope'))).rejects.toBeInstanceOf(PlanNotFound);
  });

  it('a unit\'s tasks are its own or its subtree\'s: another county is refused, an unknown unit is not found', async () => {
    const w = world();
    const h = new ListUnitTasksHandler(w.views, w.org.directory, w.clock);
    const mine = await h.execute(new ListUnitTasks('b', undefined, { userId: 'u', unitId: 'b', role: 'handler' }));
    expect(mine.map((t) => [t.id, t.role])).toEqual([['t1', 'co'], ['t2', 'lead']]);
    await expect(h.execute(new ListUnitTasks('a', undefined, { userId: 'u', unitId: 'b', role: 'handler' }))).rejects.toBeInstanceOf(Forbidden);
    await expect(h.execute(new ListUnitTasks('zz', undefined, { userId: 'u', unitId: 'city', role: 'manager' }))).rejects.toBeInstanceOf(NotFound);
    w.views.notices.push({ notifyUnitId: 'a', type: 'ReportOverdue', at: NOW, taskId: 't1', number: '1', unitId: 'b', rule: null, period: '2026-10' });
    expect(await new ListWorkNoticesHandler(w.views, w.org.directory).execute(new ListWorkNotices('a', { userId: 'u', unitId: 'a', role: 'leader' })))
      .toEqual([expect.objectContaining({ type: 'ReportOverdue', taskNumber: '1', lateUnit: expect.objectContaining({ id: 'b' }) })]);
  });

  it('a task\'s timeline names its actors; an unknown task is not found', async () => {
    const w = world();
    w.views.names.set('u-1', '王');
    w.views.eventRows.push({ taskId: 't1', seq: 1, type: 'TaskCreated', at: NOW, actorId: 'u-1', unitId: 'city', rule: null, note: null, data: {} });
    const h = new GetTaskTimelineHandler(w.views, w.org.directory);
    expect(await h.execute(new GetTaskTimeline('t1'))).toEqual([expect.objectContaining({ seq: 1, type: 'TaskCreated', actor: { id: 'u-1', name: '王' }, unit: expect.objectContaining({ id: 'city' }) })]);
    await expect(h.execute(new GetTaskTimeline('nope'))).rejects.toBeInstanceOf(TaskNotFound);
  });
});
