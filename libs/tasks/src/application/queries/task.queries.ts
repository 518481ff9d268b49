import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, Forbidden, NotFound } from '#platform';
import { chinaDate, toChinaIso } from '#deadlines';
import { visibleUnitIds, type Viewer } from '#org';
import { OrgDirectory } from '#org-nest';
import { CalendarStore } from '#deadlines-nest';
import { targetAttained, workIndicators, type UnitIndicators } from '../../domain/indicators.js';
import { type Cadence, type ReportDueState, periodLabel, periodStartMonth, reportEscalateAt, reportLadder } from '../../domain/reporting.js';
import { PlanNotFound, TaskNotFound } from '../../domain/task.errors.js';
import { TaskViews, type DueRecord, type ReportRecord, type TaskRecord } from '../ports.js';

export interface UnitRef { id: string; code: string; name: string }
export interface TargetView {
  id: string; text: string; comparator: string; value: number; unit: string;
  /** The latest reported value (the lead's consolidated report first, else a co-unit's). */
  latest: number | null; attained: boolean | null;
}
export interface ProgressView {
  id: string; period: string; percent: number; role: string; unit: UnitRef | null; submittedAt: string; onTime: boolean;
}
export interface TaskSummary {
  id: string; planId: string; seq: number; section: string | null; sectionTitle: string | null; number: string; text: string;
  status: string; dueDate: string; dueAt: string; overdue: boolean;
  /** Reporting cadence: monthly | quarterly | none. */
  cadence: Cadence;
  leadUnit: UnitRef | null; coUnits: UnitRef[]; targets: TargetView[];
  /** The latest report on the task, the lead's first. */
  latestProgress: ProgressView | null;
  overdueReports: number;
}
export interface ProgressReportView extends ProgressView {
  narrative: string; values: { targetId: string; value: number }[]; attachments: string[]; cites: string[];
}
export interface DueView {
  /** dueDate, dueAt, calendarGap: the due's clock (its `deadlines` row); escalateAt: when its ladder reaches 办公室. */
  /** periodLabel: the period as people read it (2026年3月, 2026年第1季度 for a quarterly task's quarter). */
  id: string; unit: UnitRef | null; period: string; periodLabel: string; dueDate: string; dueAt: string; escalateAt: string | null; state: string;
  reportId: string | null; metAt: string | null; overdueAt: string | null; escalatedAt: string | null; calendarGap: boolean;
}
export interface TaskDetail extends TaskSummary {
  clauses: unknown; completedAt: string | null; summary: string | null; evidence: string[];
  reports: ProgressReportView[]; dues: DueView[];
}

type TaskRow = TaskRecord;
type ProgressReportRow = ReportRecord;

async function refs(org: OrgDirectory): Promise<Map<string, UnitRef>> {
  return new Map((await org.units()).map((u) => [u.id, { id: u.id, code: u.code, name: u.name }]));
}

const iso = (d: Date | null) => (d ? toChinaIso(d) : null);
const day = (d: Date) => d.toISOString().slice(0, 10);

/** Latest first, the lead's reports before co-units'. */
function byPreference(reports: ProgressReportRow[]): ProgressReportRow[] {
  return [...reports].sort((a, b) => (a.role === b.role ? b.submittedAt.getTime() - a.submittedAt.getTime() : a.role === 'lead' ? -1 : 1));
}

function summarize(t: TaskRow, reports: ProgressReportRow[], overdueReports: number, units: Map<string, UnitRef>, now: Date): TaskSummary {
  const pref = byPreference(reports);
  const latestValue = (targetId: string): number | null => {
    for (const r of pref) {
      const v = (r.values as { targetId: string; value: number }[]).find((x) => x.targetId === targetId);
      if (v) return v.value;
    }
    return null;
  };
  const latest = pref[0];
  return {
    id: t.id, planId: t.planId, seq: t.seq, section: t.section, sectionTitle: t.sectionTitle, number: t.number, text: t.text,
    status: t.status, dueDate: day(t.dueDate), dueAt: toChinaIso(t.dueAt), overdue: t.status === 'open' && t.dueAt.getTime() < now.getTime(),
    cadence: t.cadence as Cadence,
    leadUnit: units.get(t.leadUnitId) ?? null,
    coUnits: t.units.filter((u) => u.role === 'co').map((u) => units.get(u.unitId)).filter((u): u is UnitRef => !!u),
    targets: t.targets.map((g) => {
      const v = latestValue(g.id);
      return { id: g.id, text: g.text, comparator: g.comparator, value: g.value, unit: g.unit, latest: v, attained: targetAttained(g.comparator, g.value, v) };
    }),
    latestProgress: latest
      ? { id: latest.id, period: latest.period, percent: latest.percent, role: latest.role, unit: units.get(latest.unitId) ?? null, submittedAt: toChinaIso(latest.submittedAt), onTime: latest.onTime }
      : null,
    overdueReports,
  };
}

async function summaries(views: TaskViews, org: OrgDirectory, tasks: TaskRow[], now: Date): Promise<TaskSummary[]> {
  const ids = tasks.map((t) => t.id);
  const [reports, od, units] = await Promise.all([views.reportsOf(ids), views.overdueDueCounts(ids), refs(org)]);
  const byTask = new Map<string, ProgressReportRow[]>();
  for (const r of reports) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r]);
  return tasks.map((t) => summarize(t, byTask.get(t.id) ?? [], od.get(t.id) ?? 0, units, now));
}

/** A read of one plan or one task by its id. */
abstract class ByIdQuery<R> extends Query<R> {
  constructor(readonly id: string) { super(); }
}

// ---------------------------------------------------------------- plans

export interface PlanListItem { id: string; title: string; year: number; createdAt: string; tasks: number; completed: number }
export class ListPlans extends Query<PlanListItem[]> {}

@QueryHandler(ListPlans)
export class ListPlansHandler implements IQueryHandler<ListPlans> {
  constructor(private readonly views: TaskViews) {}
  async execute(): Promise<PlanListItem[]> {
    const plans = await this.views.plans();
    const counts = await this.views.taskCounts();
    const n = (id: string, status?: string) => counts.filter((c) => c.planId === id && (!status || c.status === status)).reduce((s, c) => s + c.n, 0);
    return plans.map((p) => ({ id: p.id, title: p.title, year: p.year, createdAt: toChinaIso(p.createdAt), tasks: n(p.id), completed: n(p.id, 'completed') }));
  }
}

export interface PlanView { id: string; title: string; year: number; createdAt: string; tasks: TaskSummary[] }
export class GetPlan extends ByIdQuery<PlanView> {}

@QueryHandler(GetPlan)
export class GetPlanHandler implements IQueryHandler<GetPlan> {
  constructor(private readonly views: TaskViews, private readonly org: OrgDirectory, private readonly clock: Clock) {}
  async execute({ id }: GetPlan): Promise<PlanView> {
    const plan = await this.views.plan(id);
    if (!plan) throw new PlanNotFound(id);
    const tasks = await this.views.tasks({ planId: id });
    return { ...plan, createdAt: toChinaIso(plan.createdAt), tasks: await summaries(this.views, this.org, tasks, this.clock.now()) };
  }
}

// ---------------------------------------------------------------- tasks

export class GetTask extends ByIdQuery<TaskDetail> {}

@QueryHandler(GetTask)
export class GetTaskHandler implements IQueryHandler<GetTask> {
  constructor(private readonly views: TaskViews, private readonly org: OrgDirectory, private readonly clock: Clock, private readonly calendars: CalendarStore) {}
  async execute({ id }: GetTask): Promise<TaskDetail> {
    const [t] = await this.views.tasks({ ids: [id] });
    if (!t) throw new TaskNotFound(id);
    const [[summary], reports, dues, units] = await Promise.all([
      summaries(this.views, this.org, [t], this.clock.now()),
      this.views.reports(id),
      this.views.dues(id),
      refs(this.org),
    ]);
    const c = await clocks(this.calendars);
    return {
      ...summary!, clauses: t.clauses, completedAt: iso(t.completedAt), summary: t.summary, evidence: t.evidence,
      reports: reports.map((r) => ({
        id: r.id, period: r.period, percent: r.percent, role: r.role, unit: units.get(r.unitId) ?? null, submittedAt: toChinaIso(r.submittedAt),
        onTime: r.onTime, narrative: r.narrative, values: r.values as ProgressReportView['values'], attachments: r.attachments, cites: r.cites,
      })),
      dues: dues.map((d) => dueView(d, units, c, t.cadence as Cadence)),
    };
  }
}

type DueRow = Omit<DueRecord, 'taskId'>;
type Clocks = { calendar: Awaited<ReturnType<CalendarStore['calendar']>>; policies: Awaited<ReturnType<CalendarStore['policies']>> };
async function clocks(calendars: CalendarStore): Promise<Clocks> {
  const [calendar, policies] = await Promise.all([calendars.calendar(), calendars.policies()]);
  return { calendar, policies };
}
function dueView(d: DueRow, units: Map<string, UnitRef>, c: Clocks, cadence: Cadence): DueView {
  const k = d.deadline;
  const escalateAt = k ? reportEscalateAt({ dueAt: k.dueAt, dueDate: day(k.dueDate) }, reportLadder(c.policies, k.policyId), c.calendar) : null;
  return {
    id: d.id, unit: units.get(d.unitId) ?? null, period: d.period, periodLabel: periodLabel(cadence, d.period), dueDate: k ? day(k.dueDate) : '', dueAt: k ? toChinaIso(k.dueAt) : '',
    escalateAt: iso(escalateAt), state: d.state, reportId: d.reportId, metAt: iso(d.metAt), overdueAt: iso(d.overdueAt),
    escalatedAt: iso(d.escalatedAt), calendarGap: k?.calendarGap ?? false,
  };
}

export interface TaskEventView {
  seq: number; type: string; at: string; actor: { id: string; name: string } | null; unit: UnitRef | null;
  rule: string | null; note: string | null; data: unknown;
}
export class GetTaskTimeline extends ByIdQuery<TaskEventView[]> {}

@QueryHandler(GetTaskTimeline)
export class GetTaskTimelineHandler implements IQueryHandler<GetTaskTimeline> {
  constructor(private readonly views: TaskViews, private readonly org: OrgDirectory) {}
  async execute({ id }: GetTaskTimeline): Promise<TaskEventView[]> {
    if (!(await this.views.taskExists(id))) throw new TaskNotFound(id);
    const events = await this.views.events(id);
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
    const [names, units] = await Promise.all([this.views.userNames(actorIds), refs(this.org)]);
    return events.map((e) => ({
      seq: e.seq, type: e.type, at: toChinaIso(e.at), actor: e.actorId ? { id: e.actorId, name: names.get(e.actorId) ?? '' } : null,
      unit: e.unitId ? (units.get(e.unitId) ?? null) : null, rule: e.rule, note: e.note, data: e.data,
    }));
  }
}

// ---------------------------------------------------------------- per unit

function assertCanView(viewer: Viewer, units: Parameters<typeof visibleUnitIds>[1], unitId: string): void {
  const visible = visibleUnitIds(viewer, units);
  if (visible !== null && !visible.has(unitId)) throw new Forbidden('无权查看该单位的工作任务');
}

export interface UnitTask extends TaskSummary {
  role: 'lead' | 'co';
  /** This unit's own reports on the task. */
  /** nextDue.periodLabel: the period as people read it (2026年12月; 2026年第4季度 for a quarterly task). */
  myReports: { owed: number; overdue: number; nextDue: { period: string; periodLabel: string; dueAt: string } | null };
}
export class ListUnitTasks extends Query<UnitTask[]> {
  constructor(readonly unitId: string, readonly role: 'lead' | 'co' | undefined, readonly viewer: Viewer) { super(); }
}

@QueryHandler(ListUnitTasks)
export class ListUnitTasksHandler implements IQueryHandler<ListUnitTasks> {
  constructor(private readonly views: TaskViews, private readonly org: OrgDirectory, private readonly clock: Clock) {}
  async execute({ unitId, role, viewer }: ListUnitTasks): Promise<UnitTask[]> {
    const units = await this.org.units();
    if (!units.some((u) => u.id === unitId)) throw new NotFound('单位', unitId);
    assertCanView(viewer, units, unitId);
    const links = await this.views.unitLinks(unitId, role);
    const tasks = await this.views.tasks({ ids: links.map((l) => l.taskId) });
    const now = this.clock.now();
    const [sums, dues] = await Promise.all([summaries(this.views, this.org, tasks, now), this.views.openDuesOfUnit(unitId, tasks.map((t) => t.id))]);
    const roles = new Map(links.map((l) => [l.taskId, l.role as 'lead' | 'co']));
    return sums.map((s) => {
      const mine = dues.filter((d) => d.taskId === s.id);
      const next = mine.find((d) => d.state === 'running');
      return {
        ...s, role: roles.get(s.id)!,
        myReports: {
          // Owed: periods that have begun (a quarter from its first month).
          owed: mine.filter((d) => periodStartMonth(s.cadence, d.period) <= chinaDate(now).slice(0, 7)).length,
          overdue: mine.filter((d) => d.state === 'overdue').length,
          nextDue: next?.deadline ? { period: next.period, periodLabel: periodLabel(s.cadence, next.period), dueAt: toChinaIso(next.deadline.dueAt) } : null,
        },
      };
    });
  }
}

export interface WorkNotice {
  type: 'ReportOverdue' | 'ReportEscalated'; at: string; taskId: string; taskNumber: string; period: string; lateUnit: UnitRef | null; rule: string | null;
}
/** Reminders (to the lead unit) and escalations (to 办公室) addressed to a unit, newest first. */
export class ListWorkNotices extends Query<WorkNotice[]> {
  constructor(readonly unitId: string, readonly viewer: Viewer) { super(); }
}

@QueryHandler(ListWorkNotices)
export class ListWorkNoticesHandler implements IQueryHandler<ListWorkNotices> {
  constructor(private readonly views: TaskViews, private readonly org: OrgDirectory) {}
  async execute({ unitId, viewer }: ListWorkNotices): Promise<WorkNotice[]> {
    const units = await this.org.units();
    assertCanView(viewer, units, unitId);
    const rows = await this.views.workNotices(unitId);
    const r = await refs(this.org);
    return rows.map((x) => ({ type: x.type, at: toChinaIso(x.at), taskId: x.taskId, taskNumber: x.number, period: x.period, lateUnit: x.unitId ? (r.get(x.unitId) ?? null) : null, rule: x.rule }));
  }
}

// ---------------------------------------------------------------- overdue reports and indicators

export interface OverdueProgressReport extends DueView {
  task: { id: string; number: string; text: string; leadUnit: UnitRef | null };
  escalated: boolean;
}
export class ListOverdueProgressReports extends Query<OverdueProgressReport[]> {
  constructor(readonly planId: string, readonly unitId?: string) { super(); }
}

@QueryHandler(ListOverdueProgressReports)
export class ListOverdueProgressReportsHandler implements IQueryHandler<ListOverdueProgressReports> {
  constructor(private readonly views: TaskViews, private readonly org: OrgDirectory, private readonly calendars: CalendarStore) {}
  async execute({ planId, unitId }: ListOverdueProgressReports): Promise<OverdueProgressReport[]> {
    if (!(await this.views.plan(planId))) throw new PlanNotFound(planId);
    const dues = await this.views.overdueDues(planId, unitId);
    const [units, c] = await Promise.all([refs(this.org), clocks(this.calendars)]);
    return dues.map(({ task, ...d }) => ({
      ...dueView(d, units, c, task.cadence as Cadence), escalated: d.escalatedAt !== null,
      task: { id: task.id, number: task.number, text: task.text, leadUnit: units.get(task.leadUnitId) ?? null },
    }));
  }
}

export interface PlanIndicators { planId: string; asOf: string; units: UnitIndicators[] }
export class GetPlanIndicators extends ByIdQuery<PlanIndicators> {}

@QueryHandler(GetPlanIndicators)
export class GetPlanIndicatorsHandler implements IQueryHandler<GetPlanIndicators> {
  constructor(private readonly views: TaskViews, private readonly org: OrgDirectory, private readonly clock: Clock) {}
  async execute({ id: planId }: GetPlanIndicators): Promise<PlanIndicators> {
    if (!(await this.views.plan(planId))) throw new PlanNotFound(planId);
    const now = this.clock.now();
    const [units, { dues, tasks }] = await Promise.all([this.org.units(), this.views.indicatorInputs(planId)]);
    const rows = workIndicators(
      units,
      // A due always has its clock (created together); the due instant is the clock's.
      dues.filter((d) => d.dueAt).map((d) => ({ unitId: d.unitId, metAt: d.metAt, dueAt: d.dueAt!, state: d.state as ReportDueState })),
      tasks.map((t) => ({
        leadUnitId: t.leadUnitId, status: t.status as 'open' | 'completed', dueAt: t.dueAt, completedAt: t.completedAt,
        coUnitIds: t.units.filter((u) => u.role === 'co').map((u) => u.unitId),
      })),
      now,
    );
    const active = (r: UnitIndicators) => r.rollup.reportsDue + r.rollup.leadTasks + r.rollup.coTasks > 0;
    return { planId, asOf: toChinaIso(now), units: rows.filter(active) };
  }
}
