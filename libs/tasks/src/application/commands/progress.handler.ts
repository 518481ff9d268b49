import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, InvalidInput, UnitOfWork, type FieldIssue, type Tx } from '#platform';
import { chinaDate, toChinaIso } from '#deadlines';
import type { Viewer } from '#org';
import { NotResponsibleUnit, TaskAlreadyCompleted, TaskNotFound } from '../../domain/task.errors.js';
import { type Cadence, cadencePeriodOf, isPeriod, meetDue, periodOf, reportRule, type ReportDueState } from '../../domain/reporting.js';
import { TaskRepository } from '../ports.js';

export interface ProgressReportInput {
  /** 'YYYY-MM'; default: the earliest month this unit still owes on the task, else the current month. */
  period?: string;
  percent: number;
  narrative: string;
  values?: { targetId: string; value: number }[];
  attachments?: string[];
  /** Lead only: co-unit reports this consolidated report draws on. */
  cites?: string[];
}

export interface SubmittedProgressReport {
  id: string;
  taskId: string;
  unitId: string;
  role: 'lead' | 'co';
  period: string;
  onTime: boolean;
  dueAt: string | null;
}

async function lockTask(tx: Tx, taskId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM work_tasks WHERE id = ${taskId}::uuid FOR UPDATE`;
  if (!locked.length) throw new TaskNotFound(taskId);
  return tx.workTask.findUniqueOrThrow({ where: { id: taskId }, include: { units: true, targets: true } });
}

/** A lead or co-unit reports progress for a month; the matching report due is met (on time or late). */
export class SubmitProgressReport extends Command<SubmittedProgressReport> {
  constructor(readonly taskId: string, readonly input: ProgressReportInput, readonly actor: Viewer) { super(); }
}

@CommandHandler(SubmitProgressReport)
export class SubmitProgressReportHandler implements ICommandHandler<SubmitProgressReport> {
  constructor(private readonly uow: UnitOfWork, private readonly clock: Clock, private readonly tasks: TaskRepository) {}

  async execute({ taskId, input, actor }: SubmitProgressReport): Promise<SubmittedProgressReport> {
    const now = this.clock.now();
    const currentPeriod = periodOf(chinaDate(now));
    return this.uow.run(async (tx) => {
      const task = await lockTask(tx, taskId);
      const mine = task.units.find((u) => u.unitId === actor.unitId);
      if (!mine) throw new NotResponsibleUnit('仅该任务的牵头单位和协办单位可报送进展');
      if (task.status === 'completed') throw new TaskAlreadyCompleted(taskId);
      const role = mine.role as 'lead' | 'co';

      const issues: FieldIssue[] = [];
      if (input.period !== undefined && !isPeriod(input.period))
        issues.push({ field: 'period', code: 'PERIOD_FORMAT', message: '报送月份：应为 YYYY-MM' });
      else if (input.period !== undefined && input.period > currentPeriod)
        issues.push({ field: 'period', code: 'PERIOD_NOT_STARTED', message: '报送月份：不能报送尚未开始月份的进展' });
      const targetIds = new Set(task.targets.map((t) => t.id));
      for (const v of input.values ?? [])
        if (!targetIds.has(v.targetId)) issues.push({ field: 'values', code: 'UNKNOWN_TARGET', message: `values：指标 ${v.targetId} 不属于该任务` });
      const cites = [...new Set(input.cites ?? [])];
      if (cites.length && role !== 'lead')
        issues.push({ field: 'cites', code: 'LEAD_ONLY', message: '引用的报告：只有牵头单位的汇总报告可以引用协办单位的报告' });
      else if (cites.length) {
        const cited = await tx.workProgressReport.findMany({ where: { id: { in: cites } }, select: { id: true, taskId: true, role: true } });
        const ok = new Set(cited.filter((r) => r.taskId === taskId && r.role === 'co').map((r) => r.id));
        const bad = cites.filter((c) => !ok.has(c));
        if (bad.length) issues.push({ field: 'cites', code: 'NOT_A_CO_REPORT', message: `引用的报告：${bad.join('、')} 不是该任务协办单位的报告` });
      }
      if (issues.length) throw new InvalidInput(issues);

      // A quarterly task's periods are named by the quarter's last month: a report naming any month of the quarter
      // is that quarter's report — unless the unit still owes a due of exactly that month (from before a cadence change).
      const cadence = task.cadence as Cadence;
      const keyOf = (month: string) => (cadence === 'quarterly' ? cadencePeriodOf('quarterly', month) : month);
      let period = input.period;
      if (period && keyOf(period) !== period) {
        const exact = await tx.workReportDue.count({ where: { taskId, unitId: actor.unitId, period, state: { in: ['running', 'overdue'] } } });
        if (!exact) period = keyOf(period);
      }
      if (!period) {
        const owed = await tx.workReportDue.findFirst({
          where: { taskId, unitId: actor.unitId, state: { in: ['running', 'overdue'] }, period: { lte: keyOf(currentPeriod) } },
          orderBy: { period: 'asc' },
        });
        period = owed?.period ?? keyOf(currentPeriod);
      }
      // Lock the due's clock first (the firing path locks it too, then the due row): the report and a rung
      // serialize, so a rung either fires before the report or finds its clock met.
      const [due] = await tx.$queryRaw<{ id: string; state: string; deadline_id: string; version: number; due_at: Date }[]>`
        SELECT r.id, r.state, d.id AS deadline_id, d.version, d.due_at
        FROM work_report_dues r JOIN deadlines d ON d.report_due_id = r.id
        WHERE r.task_id = ${taskId}::uuid AND r.unit_id = ${actor.unitId}::uuid AND r.period = ${period}
        FOR UPDATE OF d`;
      const met = due ? meetDue({ state: due.state as ReportDueState, dueAt: due.due_at }, now) : null;
      const onTime = due ? now.getTime() <= due.due_at.getTime() : true;
      const id = randomUUID();
      await this.tasks.addProgressReport(tx, {
        id, taskId, unitId: actor.unitId, role, period, percent: input.percent, narrative: input.narrative,
        values: input.values ?? [], attachments: input.attachments ?? [], cites, onTime, submittedBy: actor.userId, submittedAt: now,
      });
      if (due && met) {
        // The report stops (meets) the clock; the version bump makes every armed rung job stale.
        const n = await tx.deadline.updateMany({
          where: { id: due.deadline_id, version: due.version, metAt: null },
          // As case clocks: a clock met after its due instant stays `overdue`, with met_at set.
          data: { state: met.onTime ? 'met' : 'overdue', metAt: now, version: due.version + 1 },
        });
        if (n.count !== 1) throw new Error(`report due ${due.id} changed concurrently`);
        await tx.workReportDue.update({ where: { id: due.id }, data: { state: met.state, metAt: now, reportId: id } });
      }
      await this.tasks.appendEvents(tx, [{
        taskId, type: role === 'lead' && cites.length ? 'ProgressConsolidated' : 'ProgressReported', actorId: actor.userId, unitId: actor.unitId, at: now,
        rule: due ? `${reportRule(cadence)}；${period}截止${toChinaIso(due.due_at)}` : reportRule(cadence),
        data: { reportId: id, role, period, percent: input.percent, onTime, late: due && !onTime, cites, attachments: input.attachments ?? [] },
      }]);
      return { id, taskId, unitId: actor.unitId, role, period, onTime, dueAt: due ? toChinaIso(due.due_at) : null };
    });
  }
}

/** The lead unit closes the task with evidence; reports not yet due are no longer owed. */
export class CompleteTask extends Command<{ id: string; completedAt: string; onTime: boolean; cancelledDues: number }> {
  constructor(readonly taskId: string, readonly summary: string, readonly evidence: string[], readonly actor: Viewer) { super(); }
}

@CommandHandler(CompleteTask)
export class CompleteTaskHandler implements ICommandHandler<CompleteTask> {
  constructor(private readonly uow: UnitOfWork, private readonly clock: Clock, private readonly tasks: TaskRepository) {}

  async execute({ taskId, summary, evidence, actor }: CompleteTask) {
    const now = this.clock.now();
    return this.uow.run(async (tx) => {
      const task = await lockTask(tx, taskId);
      const lead = task.units.find((u) => u.role === 'lead');
      if (actor.role !== 'admin' && lead?.unitId !== actor.unitId) throw new NotResponsibleUnit('仅牵头单位可办结任务');
      if (task.status === 'completed') throw new TaskAlreadyCompleted(taskId);
      if (!evidence.length) throw new InvalidInput([{ field: 'evidence', code: 'EVIDENCE_REQUIRED', message: '佐证材料：办结须附佐证材料' }]);
      if (!(await this.tasks.complete(tx, taskId, task.version, { at: now, by: actor.userId, summary, evidence })))
        throw new Error(`task ${taskId} changed concurrently`);
      // Reports whose due time is still ahead are no longer owed; past-due missing ones stay on the record.
      // Their clocks stop (cancelled, version bumped so armed rungs go stale), then the dues themselves.
      const cancelled = await tx.$executeRaw`
        WITH d AS (
          UPDATE deadlines SET state = 'cancelled', version = version + 1
          WHERE report_due_id IN (SELECT id FROM work_report_dues WHERE task_id = ${taskId}::uuid AND state = 'running')
            AND state = 'running' AND due_at > ${now}
          RETURNING report_due_id)
        UPDATE work_report_dues SET state = 'cancelled' WHERE id IN (SELECT report_due_id FROM d)`;
      const onTime = now.getTime() <= task.dueAt.getTime();
      await this.tasks.appendEvents(tx, [{
        taskId, type: 'TaskCompleted', actorId: actor.userId, unitId: actor.unitId, at: now,
        rule: '牵头单位汇总各责任单位完成情况并附佐证材料后办结；尚未到期的月度进展报告不再要求',
        note: summary, data: { evidence, onTime, cancelledDues: cancelled },
      }]);
      return { id: taskId, completedAt: toChinaIso(now), onTime, cancelledDues: cancelled };
    });
  }
}
