// In-memory adapter of TaskViews, for handler specs that run without PostgreSQL: plans, tasks, reports, dues and
// events in arrays, set by the spec.
import { TaskViews, type DueRecord, type PlanRecord, type ReportRecord, type TaskEventRecord, type TaskRecord, type WorkNoticeRecord } from '../application/ports.js';

export class InMemoryTaskViews extends TaskViews {
  planRows: PlanRecord[] = [];
  taskRows: TaskRecord[] = [];
  reportRows: ReportRecord[] = [];
  dueRows: DueRecord[] = [];
  eventRows: (TaskEventRecord & { taskId: string })[] = [];
  names = new Map<string, string>();
  notices: (WorkNoticeRecord & { notifyUnitId: string })[] = [];

  async plans() { return [...this.planRows].sort((a, b) => b.year - a.year || +b.createdAt - +a.createdAt); }
  async plan(id: string) { return this.planRows.find((p) => p.id === id) ?? null; }
  async taskCounts() {
    const n = new Map<string, number>();
    for (const t of this.taskRows) n.set(`${t.planId}|${t.status}`, (n.get(`${t.planId}|${t.status}`) ?? 0) + 1);
    return [...n].map(([k, c]) => ({ planId: k.split('|')[0]!, status: k.split('|')[1]!, n: c }));
  }
  async tasks(where: { planId: string } | { ids: string[] }) {
    return this.taskRows.filter((t) => ('planId' in where ? t.planId === where.planId : where.ids.includes(t.id))).sort((a, b) => a.planId.localeCompare(b.planId) || a.seq - b.seq);
  }
  async reportsOf(taskIds: string[]) { return this.reportRows.filter((r) => taskIds.includes(r.taskId)); }
  async reports(taskId: string) { return this.reportRows.filter((r) => r.taskId === taskId).sort((a, b) => +b.submittedAt - +a.submittedAt); }
  async overdueDueCounts(taskIds: string[]) {
    const n = new Map<string, number>();
    for (const d of this.dueRows) if (taskIds.includes(d.taskId) && d.state === 'overdue') n.set(d.taskId, (n.get(d.taskId) ?? 0) + 1);
    return n;
  }
  async dues(taskId: string) { return this.dueRows.filter((d) => d.taskId === taskId).sort((a, b) => a.period.localeCompare(b.period) || a.unitId.localeCompare(b.unitId)); }
  async openDuesOfUnit(unitId: string, taskIds: string[]) {
    return this.dueRows.filter((d) => d.unitId === unitId && taskIds.includes(d.taskId) && ['running', 'overdue'].includes(d.state)).sort((a, b) => a.period.localeCompare(b.period));
  }
  async overdueDues(planId: string, unitId?: string) {
    const tasks = new Map(this.taskRows.filter((t) => t.planId === planId).map((t) => [t.id, t]));
    return this.dueRows.filter((d) => d.state === 'overdue' && tasks.has(d.taskId) && (!unitId || d.unitId === unitId))
      .map((d) => { const t = tasks.get(d.taskId)!; return { ...d, task: { id: t.id, number: t.number, text: t.text, leadUnitId: t.leadUnitId, cadence: t.cadence } }; });
  }
  async taskExists(id: string) { return this.taskRows.some((t) => t.id === id); }
  async events(taskId: string) { return this.eventRows.filter((e) => e.taskId === taskId).sort((a, b) => a.seq - b.seq); }
  async userNames(ids: string[]) { return new Map(ids.filter((id) => this.names.has(id)).map((id) => [id, this.names.get(id)!])); }
  async unitLinks(unitId: string, role?: 'lead' | 'co') {
    return this.taskRows.flatMap((t) => t.units.filter((u) => u.unitId === unitId && (!role || u.role === role)).map((u) => ({ taskId: t.id, role: u.role })));
  }
  async workNotices(unitId: string) { return this.notices.filter((n) => n.notifyUnitId === unitId).map(({ notifyUnitId: _, ...n }) => n); }
  async indicatorInputs(planId: string) {
    const tasks = this.taskRows.filter((t) => t.planId === planId);
    const ids = new Set(tasks.map((t) => t.id));
    return {
      dues: this.dueRows.filter((d) => ids.has(d.taskId)).map((d) => ({ unitId: d.unitId, state: d.state, metAt: d.metAt, dueAt: d.deadline?.dueAt ?? null })),
      tasks: tasks.map((t) => ({ leadUnitId: t.leadUnitId, status: t.status, dueAt: t.dueAt, completedAt: t.completedAt, units: t.units })),
    };
  }
}
