import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, Forbidden, NotFound, PrismaService } from '#platform';
import { chinaDate, toChinaIso } from '#deadlines';
import { visibleUnitIds, type Viewer } from '#org';
import { OrgStore } from '#org-nest';
import { CalendarStore } from '#deadlines-nest';
import { targetAttained, workIndicators, type UnitIndicators } from '../../domain/indicators.js';
import { type Cadence, type ReportDueState, periodLabel, periodStartMonth, reportEscalateAt, reportLadder } from '../../domain/reporting.js';
import { PlanNotFound, TaskNotFound } from '../../domain/task.errors.js';

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

type TaskRow = Awaited<ReturnType<typeof loadTasks>>[number];
type ProgressReportRow = { id: string; taskId: string; unitId: string; role: string; period: string; percent: number; submittedAt: Date; onTime: boolean; values: unknown };

function loadTasks(prisma: PrismaService, where: { planId?: string; id?: { in: string[] } }) {
  return prisma.workTask.findMany({
    where, orderBy: [{ planId: 'asc' }, { seq: 'asc' }],
    include: { units: { orderBy: { position: 'asc' } }, targets: { orderBy: { position: 'asc' } } },
  });
}

async function refs(org: OrgStore): Promise<Map<string, UnitRef>> {
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

async function summaries(prisma: PrismaService, org: OrgStore, tasks: TaskRow[], now: Date): Promise<TaskSummary[]> {
  const ids = tasks.map((t) => t.id);
  const [reports, overdue, units] = await Promise.all([
    prisma.workProgressReport.findMany({
      where: { taskId: { in: ids } },
      select: { id: true, taskId: true, unitId: true, role: true, period: true, percent: true, submittedAt: true, onTime: true, values: true },
    }),
    prisma.workReportDue.groupBy({ by: ['taskId'], where: { taskId: { in: ids }, state: 'overdue' }, _count: { _all: true } }),
    refs(org),
  ]);
  const byTask = new Map<string, ProgressReportRow[]>();
  for (const r of reports) byTask.set(r.taskId, [...(byTask.get(r.taskId) ?? []), r]);
  const od = new Map(overdue.map((o) => [o.taskId, o._count._all]));
  return tasks.map((t) => summarize(t, byTask.get(t.id) ?? [], od.get(t.id) ?? 0, units, now));
}

// ---------------------------------------------------------------- plans

export interface PlanListItem { id: string; title: string; year: number; createdAt: string; tasks: number; completed: number }
export class ListPlans extends Query<PlanListItem[]> {}

@QueryHandler(ListPlans)
export class ListPlansHandler implements IQueryHandler<ListPlans> {
  constructor(private readonly prisma: PrismaService) {}
  async execute(): Promise<PlanListItem[]> {
    const plans = await this.prisma.workPlan.findMany({ orderBy: [{ year: 'desc' }, { createdAt: 'desc' }], select: { id: true, title: true, year: true, createdAt: true } });
    const counts = await this.prisma.workTask.groupBy({ by: ['planId', 'status'], _count: { _all: true } });
    const n = (id: string, status?: string) => counts.filter((c) => c.planId === id && (!status || c.status === status)).reduce((s, c) => s + c._count._all, 0);
    return plans.map((p) => ({ id: p.id, title: p.title, year: p.year, createdAt: toChinaIso(p.createdAt), tasks: n(p.id), completed: n(p.id, 'completed') }));
  }
}

export interface PlanView { id: string; title: string; year: number; createdAt: string; tasks: TaskSummary[] }
export class GetPlan extends Query<PlanView> {
  constructor(readonly id: string) { super(); }
}

@QueryHandler(GetPlan)
export class GetPlanHandler implements IQueryHandler<GetPlan> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore, private readonly clock: Clock) {}
  async execute({ id }: GetPlan): Promise<PlanView> {
    const plan = await this.prisma.workPlan.findUnique({ where: { id }, select: { id: true, title: true, year: true, createdAt: true } });
    if (!plan) throw new PlanNotFound(id);
    const tasks = await loadTasks(this.prisma, { planId: id });
    return { ...plan, createdAt: toChinaIso(plan.createdAt), tasks: await summaries(this.prisma, this.org, tasks, this.clock.now()) };
  }
}

// ---------------------------------------------------------------- tasks

export class GetTask extends Query<TaskDetail> {
  constructor(readonly id: string) { super(); }
}

@QueryHandler(GetTask)
export class GetTaskHandler implements IQueryHandler<GetTask> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore, private readonly clock: Clock, private readonly calendars: CalendarStore) {}
  async execute({ id }: GetTask): Promise<TaskDetail> {
    const [t] = await loadTasks(this.prisma, { id: { in: [id] } });
    if (!t) throw new TaskNotFound(id);
    const [[summary], reports, dues, units] = await Promise.all([
      summaries(this.prisma, this.org, [t], this.clock.now()),
      this.prisma.workProgressReport.findMany({ where: { taskId: id }, orderBy: { submittedAt: 'desc' } }),
      this.prisma.workReportDue.findMany({ where: { taskId: id }, orderBy: [{ period: 'asc' }, { unitId: 'asc' }], include: CLOCK }),
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

/** The clock columns a due view reads from the due's deadline row. */
const CLOCK = { deadline: { select: { dueAt: true, dueDate: true, calendarGap: true, policyId: true } } } as const;
type DueRow = {
  id: string; unitId: string; period: string; state: string; reportId: string | null; metAt: Date | null; overdueAt: Date | null; escalatedAt: Date | null;
  deadline: { dueAt: Date; dueDate: Date; calendarGap: boolean; policyId: string } | null;
};
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
export class GetTaskTimeline extends Query<TaskEventView[]> {
  constructor(readonly id: string) { super(); }
}

@QueryHandler(GetTaskTimeline)
export class GetTaskTimelineHandler implements IQueryHandler<GetTaskTimeline> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore) {}
  async execute({ id }: GetTaskTimeline): Promise<TaskEventView[]> {
    if (!(await this.prisma.workTask.findUnique({ where: { id }, select: { id: true } }))) throw new TaskNotFound(id);
    const events = await this.prisma.workTaskEvent.findMany({ where: { taskId: id }, orderBy: { seq: 'asc' } });
    const actorIds = [...new Set(events.map((e) => e.actorId).filter((x): x is string => !!x))];
    const [users, units] = await Promise.all([
      this.prisma.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, displayName: true } }),
      refs(this.org),
    ]);
    const names = new Map(users.map((u) => [u.id, u.displayName]));
    return events.map((e) => ({
      seq: Number(e.seq), type: e.type, at: toChinaIso(e.at), actor: e.actorId ? { id: e.actorId, name: names.get(e.actorId) ?? '' } : null,
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
  myReports: { owed: number; overdue: number; nextDue: { period: string; dueAt: string } | null };
}
export class ListUnitTasks extends Query<UnitTask[]> {
  constructor(readonly unitId: string, readonly role: 'lead' | 'co' | undefined, readonly viewer: Viewer) { super(); }
}

@QueryHandler(ListUnitTasks)
export class ListUnitTasksHandler implements IQueryHandler<ListUnitTasks> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore, private readonly clock: Clock) {}
  async execute({ unitId, role, viewer }: ListUnitTasks): Promise<UnitTask[]> {
    const units = await this.org.units();
    if (!units.some((u) => u.id === unitId)) throw new NotFound('单位', unitId);
    assertCanView(viewer, units, unitId);
    const links = await this.prisma.workTaskUnit.findMany({ where: { unitId, ...(role ? { role } : {}) }, select: { taskId: true, role: true } });
    const tasks = await loadTasks(this.prisma, { id: { in: links.map((l) => l.taskId) } });
    const now = this.clock.now();
    const [sums, dues] = await Promise.all([
      summaries(this.prisma, this.org, tasks, now),
      this.prisma.workReportDue.findMany({ where: { unitId, taskId: { in: tasks.map((t) => t.id) }, state: { in: ['running', 'overdue'] } }, orderBy: { period: 'asc' }, include: CLOCK }),
    ]);
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
          nextDue: next?.deadline ? { period: next.period, dueAt: toChinaIso(next.deadline.dueAt) } : null,
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
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore) {}
  async execute({ unitId, viewer }: ListWorkNotices): Promise<WorkNotice[]> {
    const units = await this.org.units();
    assertCanView(viewer, units, unitId);
    const rows = await this.prisma.$queryRaw<{ type: WorkNotice['type']; at: Date; task_id: string; number: string; unit_id: string | null; rule: string | null; period: string }[]>`
      SELECT e.type, e.at, e.task_id, t.number, e.unit_id, e.rule, e.data->>'period' AS period
      FROM work_task_events e JOIN work_tasks t ON t.id = e.task_id
      WHERE e.type IN ('ReportOverdue', 'ReportEscalated') AND e.data->>'notifyUnitId' = ${unitId}
      ORDER BY e.seq DESC LIMIT 500`;
    const r = await refs(this.org);
    return rows.map((x) => ({ type: x.type, at: toChinaIso(x.at), taskId: x.task_id, taskNumber: x.number, period: x.period, lateUnit: x.unit_id ? (r.get(x.unit_id) ?? null) : null, rule: x.rule }));
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
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore, private readonly calendars: CalendarStore) {}
  async execute({ planId, unitId }: ListOverdueProgressReports): Promise<OverdueProgressReport[]> {
    if (!(await this.prisma.workPlan.findUnique({ where: { id: planId }, select: { id: true } }))) throw new PlanNotFound(planId);
    const dues = await this.prisma.workReportDue.findMany({
      where: { state: 'overdue', task: { planId }, ...(unitId ? { unitId } : {}) },
      include: { task: { select: { id: true, number: true, text: true, leadUnitId: true, seq: true, cadence: true } }, ...CLOCK },
      orderBy: [{ deadline: { dueAt: 'asc' } }, { id: 'asc' }],
    });
    const [units, c] = await Promise.all([refs(this.org), clocks(this.calendars)]);
    return dues.map(({ task, ...d }) => ({
      ...dueView(d, units, c, task.cadence as Cadence), escalated: d.escalatedAt !== null,
      task: { id: task.id, number: task.number, text: task.text, leadUnit: units.get(task.leadUnitId) ?? null },
    }));
  }
}

export interface PlanIndicators { planId: string; asOf: string; units: UnitIndicators[] }
export class GetPlanIndicators extends Query<PlanIndicators> {
  constructor(readonly planId: string) { super(); }
}

@QueryHandler(GetPlanIndicators)
export class GetPlanIndicatorsHandler implements IQueryHandler<GetPlanIndicators> {
  constructor(private readonly prisma: PrismaService, private readonly org: OrgStore, private readonly clock: Clock) {}
  async execute({ planId }: GetPlanIndicators): Promise<PlanIndicators> {
    if (!(await this.prisma.workPlan.findUnique({ where: { id: planId }, select: { id: true } }))) throw new PlanNotFound(planId);
    const now = this.clock.now();
    const [units, dues, tasks] = await Promise.all([
      this.org.units(),
      this.prisma.workReportDue.findMany({ where: { task: { planId } }, select: { unitId: true, state: true, metAt: true, deadline: { select: { dueAt: true } } } }),
      this.prisma.workTask.findMany({ where: { planId }, select: { leadUnitId: true, status: true, dueAt: true, completedAt: true, units: { select: { unitId: true, role: true } } } }),
    ]);
    const rows = workIndicators(
      units,
      // A due always has its clock (created together); the due instant is the clock's.
      dues.filter((d) => d.deadline).map((d) => ({ unitId: d.unitId, metAt: d.metAt, dueAt: d.deadline!.dueAt, state: d.state as ReportDueState })),
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
