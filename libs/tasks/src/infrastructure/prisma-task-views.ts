// Prisma adapter of TaskViews: the reads of the work-plan views. Reads only.
import { Injectable } from '@nestjs/common';
import { PrismaService } from '#platform';
import { TaskViews, type DueRecord, type PlanRecord, type ReportRecord, type TaskEventRecord, type TaskRecord, type WorkNoticeRecord } from '../application/ports.js';

const CLOCK = { deadline: { select: { dueAt: true, dueDate: true, calendarGap: true, policyId: true } } } as const;
const PLAN = { id: true, title: true, year: true, createdAt: true } as const;

@Injectable()
export class PrismaTaskViews extends TaskViews {
  constructor(private readonly prisma: PrismaService) { super(); }

  plans(): Promise<PlanRecord[]> {
    return this.prisma.workPlan.findMany({ orderBy: [{ year: 'desc' }, { createdAt: 'desc' }], select: PLAN });
  }
  plan(id: string): Promise<PlanRecord | null> {
    return this.prisma.workPlan.findUnique({ where: { id }, select: PLAN });
  }
  async taskCounts() {
    return (await this.prisma.workTask.groupBy({ by: ['planId', 'status'], _count: { _all: true } })).map((c) => ({ planId: c.planId, status: c.status, n: c._count._all }));
  }
  tasks(where: { planId: string } | { ids: string[] }): Promise<TaskRecord[]> {
    return this.prisma.workTask.findMany({
      where: 'planId' in where ? { planId: where.planId } : { id: { in: where.ids } }, orderBy: [{ planId: 'asc' }, { seq: 'asc' }],
      include: { units: { orderBy: { position: 'asc' } }, targets: { orderBy: { position: 'asc' } } },
    });
  }
  reportsOf(taskIds: string[]): Promise<ReportRecord[]> {
    return this.prisma.workProgressReport.findMany({ where: { taskId: { in: taskIds } } });
  }
  reports(taskId: string): Promise<ReportRecord[]> {
    return this.prisma.workProgressReport.findMany({ where: { taskId }, orderBy: { submittedAt: 'desc' } });
  }
  async overdueDueCounts(taskIds: string[]): Promise<Map<string, number>> {
    const rows = await this.prisma.workReportDue.groupBy({ by: ['taskId'], where: { taskId: { in: taskIds }, state: 'overdue' }, _count: { _all: true } });
    return new Map(rows.map((o) => [o.taskId, o._count._all]));
  }
  dues(taskId: string): Promise<DueRecord[]> {
    return this.prisma.workReportDue.findMany({ where: { taskId }, orderBy: [{ period: 'asc' }, { unitId: 'asc' }], include: CLOCK });
  }
  openDuesOfUnit(unitId: string, taskIds: string[]): Promise<DueRecord[]> {
    return this.prisma.workReportDue.findMany({ where: { unitId, taskId: { in: taskIds }, state: { in: ['running', 'overdue'] } }, orderBy: { period: 'asc' }, include: CLOCK });
  }
  overdueDues(planId: string, unitId?: string) {
    return this.prisma.workReportDue.findMany({
      where: { state: 'overdue', task: { planId }, ...(unitId ? { unitId } : {}) },
      include: { task: { select: { id: true, number: true, text: true, leadUnitId: true, seq: true, cadence: true } }, ...CLOCK },
      orderBy: [{ deadline: { dueAt: 'asc' } }, { id: 'asc' }],
    });
  }
  async taskExists(id: string): Promise<boolean> {
    return !!(await this.prisma.workTask.findUnique({ where: { id }, select: { id: true } }));
  }
  async events(taskId: string): Promise<TaskEventRecord[]> {
    const rows = await this.prisma.workTaskEvent.findMany({ where: { taskId }, orderBy: { seq: 'asc' } });
    return rows.map((e) => ({ seq: Number(e.seq), type: e.type, at: e.at, actorId: e.actorId, unitId: e.unitId, rule: e.rule, note: e.note, data: e.data }));
  }
  async userNames(ids: string[]): Promise<Map<string, string>> {
    const users = await this.prisma.user.findMany({ where: { id: { in: ids } }, select: { id: true, displayName: true } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }
  unitLinks(unitId: string, role?: 'lead' | 'co') {
    return this.prisma.workTaskUnit.findMany({ where: { unitId, ...(role ? { role } : {}) }, select: { taskId: true, role: true } });
  }
  async workNotices(unitId: string): Promise<WorkNoticeRecord[]> {
    const rows = await this.prisma.$queryRaw<{ type: WorkNoticeRecord['type']; at: Date; task_id: string; number: string; unit_id: string | null; rule: string | null; period: string }[]>`
      SELECT e.type, e.at, e.task_id, t.number, e.unit_id, e.rule, e.data->>'period' AS period
      FROM work_task_events e JOIN work_tasks t ON t.id = e.task_id
      WHERE e.type IN ('ReportOverdue', 'ReportEscalated') AND e.data->>'notifyUnitId' = ${unitId}
      ORDER BY e.seq DESC LIMIT 500`;
    return rows.map((x) => ({ type: x.type, at: x.at, taskId: x.task_id, number: x.number, unitId: x.unit_id, rule: x.rule, period: x.period }));
  }
  async indicatorInputs(planId: string) {
    const [dues, tasks] = await Promise.all([
      this.prisma.workReportDue.findMany({ where: { task: { planId } }, select: { unitId: true, state: true, metAt: true, deadline: { select: { dueAt: true } } } }),
      this.prisma.workTask.findMany({ where: { planId }, select: { leadUnitId: true, status: true, dueAt: true, completedAt: true, units: { select: { unitId: true, role: true } } } }),
    ]);
    return { dues: dues.map((d) => ({ unitId: d.unitId, state: d.state, metAt: d.metAt, dueAt: d.deadline?.dueAt ?? null })), tasks };
  }
}
