import type { UnitNode } from '#org';
import { targetAttained, workIndicators, type DueFact, type TaskFact } from './indicators.js';

const unit = (id: string, level: UnitNode['level'], parentId: string | null): UnitNode => ({
  id, code: id, name: id, level, parentId, regionCode: null, isIntake: false,
});
const units = [unit('city', 'city', null), unit('dept', 'department', 'city'), unit('county', 'county', 'city'), unit('station', 'station', 'county')];
const now = new Date('2026-03-01T00:00:00+08:00');
const d = (s: string) => new Date(`${s}T23:59:59.999+08:00`);

describe('work-plan indicators', () => {
  const dues: DueFact[] = [
    { unitId: 'station', state: 'met', dueAt: d('2026-02-06'), metAt: d('2026-02-05') }, // on time
    { unitId: 'station', state: 'met', dueAt: d('2026-02-06'), metAt: d('2026-02-09') }, // late
    { unitId: 'county', state: 'overdue', dueAt: d('2026-02-06'), metAt: null }, // missing
    { unitId: 'county', state: 'running', dueAt: d('2026-03-06'), metAt: null }, // not due yet: not counted
    { unitId: 'county', state: 'met', dueAt: d('2026-03-06'), metAt: d('2026-02-27') }, // early: counted, on time
    { unitId: 'dept', state: 'cancelled', dueAt: d('2026-02-06'), metAt: null }, // task closed: never counted
  ];
  const tasks: TaskFact[] = [
    { leadUnitId: 'county', coUnitIds: ['station', 'dept'], status: 'completed', dueAt: d('2026-12-31'), completedAt: d('2026-02-20') },
    { leadUnitId: 'county', coUnitIds: [], status: 'open', dueAt: d('2026-02-28'), completedAt: null },
    { leadUnitId: 'dept', coUnitIds: ['county'], status: 'open', dueAt: d('2026-12-31'), completedAt: null },
  ];
  const byId = Object.fromEntries(workIndicators(units, dues, tasks, now).map((r) => [r.unit.id, r]));

  it('counts a unit own reports: on time, late and missing over those due', () => {
    expect(byId.station!.own).toMatchObject({ reportsDue: 2, reportsOnTime: 1, reportsLate: 1, reportsMissing: 0, onTimeReportRate: 0.5 });
    expect(byId.county!.own).toMatchObject({ reportsDue: 2, reportsOnTime: 1, reportsMissing: 1, onTimeReportRate: 0.5 });
    expect(byId.dept!.own).toMatchObject({ reportsDue: 0, onTimeReportRate: null });
  });

  it('counts task completion for the lead unit and co-handling for co-units', () => {
    expect(byId.county!.own).toMatchObject({ leadTasks: 2, tasksCompleted: 1, tasksCompletedOnTime: 1, tasksOverdue: 1, completionRate: 0.5, coTasks: 1 });
    expect(byId.station!.own).toMatchObject({ leadTasks: 0, coTasks: 1, completionRate: null });
  });

  it('rolls up the unit tree: 所 into 区县, everything into 市', () => {
    expect(byId.county!.rollup).toMatchObject({ reportsDue: 4, reportsOnTime: 2, reportsLate: 1, reportsMissing: 1, onTimeReportRate: 0.5 });
    expect(byId.city!.rollup).toMatchObject({ reportsDue: 4, leadTasks: 3, tasksCompleted: 1, completionRate: 0.3333 });
    expect(byId.city!.own.reportsDue).toBe(0);
  });
});

describe('target attainment', () => {
  it('compares a reported value with the target by its comparator', () => {
    expect(targetAttained('gte', 5, 5.2)).toBe(true);
    expect(targetAttained('gte', 97, 96.5)).toBe(false);
    expect(targetAttained('lte', 3, 2)).toBe(true);
    expect(targetAttained('gt', 3, 3)).toBe(false);
    expect(targetAttained('eq', 100, 104)).toBe(true);
    expect(targetAttained('eq', 100, 110)).toBe(false);
    expect(targetAttained('gte', 5, null)).toBeNull();
  });
});
