// Work-plan indicators per unit, rolled up the unit tree (市 → 区县 → 所, departments). The formulas are
// documented in docs/work-plan.md; this is the one place they are computed.
import { subtreeIds, type UnitNode } from '#org';
import type { ReportDueState } from './reporting.js';

export interface DueFact {
  unitId: string;
  state: ReportDueState;
  dueAt: Date;
  metAt: Date | null;
}

export interface TaskFact {
  leadUnitId: string;
  coUnitIds: string[];
  status: 'open' | 'completed';
  dueAt: Date;
  completedAt: Date | null;
}

export interface WorkIndicators {
  /** Reports that count at `now`: due time passed, or already submitted (cancelled dues never count). */
  reportsDue: number;
  reportsOnTime: number;
  reportsLate: number;
  /** Due time passed and still not submitted. */
  reportsMissing: number;
  /** reportsOnTime / reportsDue; null when nothing is due yet. */
  onTimeReportRate: number | null;
  /** Tasks this unit leads (牵头). */
  leadTasks: number;
  /** Tasks this unit co-handles (协办). */
  coTasks: number;
  tasksCompleted: number;
  tasksCompletedOnTime: number;
  /** Open lead tasks past their due date. */
  tasksOverdue: number;
  /** tasksCompleted / leadTasks; null when the unit leads nothing. */
  completionRate: number | null;
}

export interface UnitIndicators {
  unit: { id: string; code: string; name: string; level: string; parentId: string | null };
  /** The unit's own reports and tasks. */
  own: WorkIndicators;
  /** The unit and everything below it. */
  rollup: WorkIndicators;
}

const ratio = (a: number, b: number): number | null => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000);

function empty(): Omit<WorkIndicators, 'onTimeReportRate' | 'completionRate'> {
  return { reportsDue: 0, reportsOnTime: 0, reportsLate: 0, reportsMissing: 0, leadTasks: 0, coTasks: 0, tasksCompleted: 0, tasksCompletedOnTime: 0, tasksOverdue: 0 };
}

type Counts = ReturnType<typeof empty>;

function finish(c: Counts): WorkIndicators {
  return { ...c, onTimeReportRate: ratio(c.reportsOnTime, c.reportsDue), completionRate: ratio(c.tasksCompleted, c.leadTasks) };
}

function add(a: Counts, b: Counts): void {
  for (const k of Object.keys(a) as (keyof Counts)[]) a[k] += b[k];
}

export function workIndicators(units: readonly UnitNode[], dues: readonly DueFact[], tasks: readonly TaskFact[], now: Date): UnitIndicators[] {
  const own = new Map<string, Counts>(units.map((u) => [u.id, empty()]));
  const at = (id: string) => own.get(id);
  const t = now.getTime();
  for (const d of dues) {
    const c = at(d.unitId);
    if (!c || d.state === 'cancelled') continue;
    const passed = d.dueAt.getTime() < t;
    if (d.state === 'met' && d.metAt) {
      c.reportsDue++;
      if (d.metAt.getTime() <= d.dueAt.getTime()) c.reportsOnTime++;
      else c.reportsLate++;
    } else if (passed) {
      c.reportsDue++;
      c.reportsMissing++;
    }
  }
  for (const task of tasks) {
    const lead = at(task.leadUnitId);
    if (lead) {
      lead.leadTasks++;
      if (task.status === 'completed') {
        lead.tasksCompleted++;
        if (task.completedAt && task.completedAt.getTime() <= task.dueAt.getTime()) lead.tasksCompletedOnTime++;
      } else if (task.dueAt.getTime() < t) lead.tasksOverdue++;
    }
    for (const id of new Set(task.coUnitIds)) {
      const co = at(id);
      if (co && id !== task.leadUnitId) co.coTasks++;
    }
  }
  return units.map((u) => {
    const roll = empty();
    for (const id of subtreeIds(units, u.id)) add(roll, own.get(id)!);
    return {
      unit: { id: u.id, code: u.code, name: u.name, level: u.level, parentId: u.parentId },
      own: finish(own.get(u.id)!),
      rollup: finish(roll),
    };
  });
}

/** Whether a reported value meets a parsed target (净增…5万户 gte 5; 控制在…以内 lte). */
export function targetAttained(comparator: string, target: number, actual: number | null): boolean | null {
  if (actual === null || !Number.isFinite(actual)) return null;
  switch (comparator) {
    case 'gte': return actual >= target;
    case 'gt': return actual > target;
    case 'lte': return actual <= target;
    case 'lt': return actual < target;
    case 'eq': return Math.abs(actual - target) <= Math.abs(target) * 0.05; // 左右/保持在: within 5%
    default: return null;
  }
}
