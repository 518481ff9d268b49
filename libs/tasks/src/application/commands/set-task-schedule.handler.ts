import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Forbidden, InvalidInput, UnitOfWork } from '#platform';
import { chinaDate, endOfChinaDay, toChinaIso } from '#deadlines';
import type { Viewer } from '#org';
import { bureauOffice } from '../../domain/assignment.js';
import {
  CADENCE_NAMES, type Cadence, REPORT_DUE_WORKING_DAYS, type ScheduledDue, checkTaskSchedule, firstReportingPeriod, reportLadder,
  reportPolicy, reportRule, replanReportDues,
} from '../../domain/reporting.js';
import { ReportPolicyMissing, TaskAlreadyCompleted, TaskNotFound } from '../../domain/task.errors.js';
import { TaskDirectory } from '../../infrastructure/task-directory.js';
import { type ArmedReportDue, ReportDueArming } from '../report-due-arming.js';
import { ReportDueClocks, TaskRepository } from '../ports.js';

export interface TaskScheduleChange {
  /** 'YYYY-MM-DD' (24:00 China time of that day); absent: unchanged. */
  dueDate?: string;
  /** monthly | quarterly | none; absent: unchanged. */
  cadence?: string;
}

export interface TaskScheduleResult {
  id: string;
  dueDate: string;
  dueAt: string;
  cadence: Cadence;
  changed: boolean;
  /** Report dues no longer owed (running, not yet due, outside the new schedule): state cancelled, clocks cancelled. */
  cancelledDues: { id: string; unitId: string; period: string }[];
  /** New dues (and cancelled ones owed again), each with a running clock armed through the outbox. */
  createdDues: { id: string; unitId: string; period: string; dueAt: string }[];
  warnings: { code: string; message: string }[];
}

/**
 * Who may change a task's due date and cadence: admins; the bureau office 办公室 (its leader or manager), which
 * compiles and supervises the work plan; the city bureau's managers (局领导). Not the lead unit: it is the unit
 * held to the schedule, so it asks 办公室 to change it.
 */
export function canSchedule(actor: Viewer, directory: readonly { id: string; level: string }[], officeId: string | null): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role === 'manager' && directory.find((u) => u.id === actor.unitId)?.level === 'city') return true;
  return (actor.role === 'leader' || actor.role === 'manager') && officeId !== null && actor.unitId === officeId;
}

/**
 * Changes an open task's due date and/or reporting cadence and re-plans its report dues in one transaction
 * (`replanReportDues`): dues not yet due that the new schedule no longer asks for are cancelled with their clocks
 * (version bumped, so their armed rungs go stale); new periods get dues and clocks armed through the outbox
 * (`deadline.arm`, jobs `deadline-<id>-v<version>-<rung>`); met and past-due dues are kept. Journaled on the task
 * timeline as `TaskScheduleChanged` (who, when, from → to, the dues cancelled and created).
 */
export class SetTaskSchedule extends Command<TaskScheduleResult> {
  constructor(readonly taskId: string, readonly change: TaskScheduleChange, readonly actor: Viewer, readonly correlationId?: string) { super(); }
}

@CommandHandler(SetTaskSchedule)
export class SetTaskScheduleHandler implements ICommandHandler<SetTaskSchedule> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly arming: ReportDueArming,
    private readonly directory: TaskDirectory,
    private readonly tasks: TaskRepository,
    private readonly dues: ReportDueClocks,
  ) {}

  async execute({ taskId, change, actor, correlationId }: SetTaskSchedule): Promise<TaskScheduleResult> {
    const directory = await this.directory.load();
    const { calendar, policies } = await this.arming.rules();
    return this.uow.run(async (tx) => {
      const now = this.arming.now();
      const today = chinaDate(now);
      const task = await this.tasks.lock(tx, taskId);
      if (!task) throw new TaskNotFound(taskId);
      if (!canSchedule(actor, directory, bureauOffice(directory)))
        throw new Forbidden('仅管理员、局办公室负责人和市局领导可调整任务的完成期限和报送周期');
      if (task.status === 'completed') throw new TaskAlreadyCompleted(taskId);
      const issues = checkTaskSchedule(change, task.plan.year, today);
      if (issues.length) throw new InvalidInput(issues);

      const from = { dueDate: task.dueDate.toISOString().slice(0, 10), dueAt: toChinaIso(task.dueAt), cadence: task.cadence as Cadence };
      const dueDate = change.dueDate ?? from.dueDate;
      const cadence = (change.cadence ?? from.cadence) as Cadence;
      const dueAt = endOfChinaDay(dueDate);
      const result = (changed: boolean, r?: Partial<TaskScheduleResult>): TaskScheduleResult => ({
        id: taskId, dueDate, dueAt: toChinaIso(dueAt), cadence, changed, cancelledDues: [], createdDues: [], warnings: [], ...r,
      });
      if (dueDate === from.dueDate && cadence === from.cadence) return result(false);

      // Lock the dues' clocks (task → clock, the order of a progress report; the firing path takes clock → due).
      const rows = await this.dues.lockAll(tx, taskId);
      const policy = reportPolicy(policies, today);
      const plan = replanReportDues(
        {
          cadence, dueDate, firstMonth: firstReportingPeriod(task.plan.year, task.createdAt), units: task.units.map((u) => u.unitId),
          existing: rows.map((r): ScheduledDue => ({ id: r.id, unitId: r.unitId, period: r.period, state: r.state, dueAt: r.dueAt })),
          amount: policy?.amount ?? REPORT_DUE_WORKING_DAYS,
        },
        calendar, now,
      );
      if (!policy && (plan.create.length || plan.revive.length)) throw new ReportPolicyMissing();
      const clockOf = new Map(rows.map((r) => [r.id, r]));

      if (!(await this.tasks.reschedule(tx, taskId, task.version, { dueDate, dueAt, cadence })))
        throw new Error(`task ${taskId} changed concurrently`);

      // Cancelled: the clock stops at a new version (armed rungs go stale), then the due.
      await this.dues.cancel(tx, plan.cancel.map((d) => d.id));

      const armed: ArmedReportDue[] = [];
      const created: TaskScheduleResult['createdDues'] = [];
      if (policy) {
        const fresh = plan.create.map((c) => ({ ...c, id: randomUUID(), deadlineId: randomUUID(), taskId }));
        await this.dues.open(tx, fresh, policy, now);
        for (const c of fresh) {
          armed.push({ deadlineId: c.deadlineId, version: 1, times: c.times });
          created.push({ id: c.id, unitId: c.unitId, period: c.times.period, dueAt: toChinaIso(c.times.dueAt) });
        }
        // Owed again: a cancelled due of a period the schedule asks for returns to running; its clock restarts at a new version.
        for (const { due, times } of plan.revive) {
          const { deadlineId, version } = await this.dues.revive(tx, clockOf.get(due.id)!, times, policy, now);
          armed.push({ deadlineId, version, times });
          created.push({ id: due.id, unitId: due.unitId, period: times.period, dueAt: toChinaIso(times.dueAt) });
        }
      }
      const cancelled = plan.cancel.map((d) => ({ id: d.id, unitId: d.unitId, period: d.period }));
      const gaps = [...new Set(plan.schedule.flatMap((s) => s.calendarGaps))].sort();
      const warnings = gaps.map((y) => ({
        code: 'CALENDAR_YEAR_MISSING', message: `${y}年国务院放假安排尚未导入，涉及该年的进展报告截止日暂按法定节假日（含补假、未含调休）推算，导入后请核对`,
      }));
      const names = (c: Cadence) => CADENCE_NAMES[c];
      await this.tasks.appendEvents(tx, [{
        taskId, type: 'TaskScheduleChanged', actorId: actor.userId, unitId: actor.unitId, at: now,
        rule: `调整完成期限/报送周期：${reportRule(cadence, policy?.amount)}；尚未到期且不再要求的报告取消，已报送和已到期的报告保留`,
        data: {
          from: { dueDate: from.dueDate, dueAt: from.dueAt, cadence: from.cadence, cadenceName: names(from.cadence) },
          to: { dueDate, dueAt: toChinaIso(dueAt), cadence, cadenceName: names(cadence) },
          cancelledDues: cancelled, createdDues: created.map(({ id, unitId, period }) => ({ id, unitId, period })),
        },
      }]);
      if (policy) await this.arming.arm(tx, armed, reportLadder(policies, policy.id), calendar, correlationId);
      return result(true, { cancelledDues: cancelled, createdDues: created, warnings });
    });
  }
}
