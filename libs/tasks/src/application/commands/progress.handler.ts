import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock, InvalidInput, UnitOfWork, type FieldIssue, type Tx } from '#platform';
import { chinaDate, toChinaIso } from '#deadlines';
import type { Viewer } from '#org';
import { NotResponsibleUnit, TaskAlreadyCompleted, TaskNotFound } from '../../domain/task.errors.js';
import { type Cadence, cadencePeriodOf, isPeriod, meetDue, periodOf, reportRule } from '../../domain/reporting.js';
import { ReportDueClocks, TaskRepository } from '../ports.js';

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

async function lockTask(tasks: TaskRepository, tx: Tx, taskId: string) {
  const task = await tasks.lock(tx, taskId);
  if (!task) throw new TaskNotFound(taskId);
  return task;
}

/** A lead or co-unit reports progress for a month; the matching report due is met (on time or late). */
export class SubmitProgressReport extends Command<SubmittedProgressReport> {
  constructor(readonly taskId: string, readonly input: ProgressReportInput, readonly actor: Viewer) { super(); }
}

@CommandHandler(SubmitProgressReport)
export class SubmitProgressReportHandler implements ICommandHandler<SubmitProgressReport> {
  constructor(private readonly uow: UnitOfWork, private readonly clock: Clock, private readonly tasks: TaskRepository, private readonly dues: ReportDueClocks) {}

  async execute({ taskId, input, actor }: SubmitProgressReport): Promise<SubmittedProgressReport> {
    const now = this.clock.now();
    const currentPeriod = periodOf(chinaDate(now));
    return this.uow.run(async (tx) => {
      const task = await lockTask(this.tasks, tx, taskId);
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
        const cited = await this.tasks.reportsByIds(tx, cites);
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
        if (!(await this.dues.owesPeriod(tx, taskId, actor.unitId, period))) period = keyOf(period);
      }
      if (!period) {
        period = (await this.dues.earliestOwed(tx, taskId, actor.unitId, keyOf(currentPeriod))) ?? keyOf(currentPeriod);
      }
      // Lock the due's clock first (the firing path locks it too, then the due row): the report and a rung
      // serialize, so a rung either fires before the report or finds its clock met.
      const due = await this.dues.lockDue(tx, taskId, actor.unitId, period);
      const met = due ? meetDue(due, now) : null;
      const onTime = due ? now.getTime() <= due.dueAt.getTime() : true;
      const id = randomUUID();
      await this.tasks.addProgressReport(tx, {
        id, taskId, unitId: actor.unitId, role, period, percent: input.percent, narrative: input.narrative,
        values: input.values ?? [], attachments: input.attachments ?? [], cites, onTime, submittedBy: actor.userId, submittedAt: now,
      });
      if (due && met) {
        // The report stops (meets) the clock; the version bump makes every armed rung job stale.
        if (!(await this.dues.meet(tx, due, met, id, now))) throw new Error(`report due ${due.id} changed concurrently`);
      }
      await this.tasks.appendEvents(tx, [{
        taskId, type: role === 'lead' && cites.length ? 'ProgressConsolidated' : 'ProgressReported', actorId: actor.userId, unitId: actor.unitId, at: now,
        rule: due ? `${reportRule(cadence)}；${period}截止${toChinaIso(due.dueAt)}` : reportRule(cadence),
        data: { reportId: id, role, period, percent: input.percent, onTime, late: due && !onTime, cites, attachments: input.attachments ?? [] },
      }]);
      return { id, taskId, unitId: actor.unitId, role, period, onTime, dueAt: due ? toChinaIso(due.dueAt) : null };
    });
  }
}

/** The lead unit closes the task with evidence; reports not yet due are no longer owed. */
export class CompleteTask extends Command<{ id: string; completedAt: string; onTime: boolean; cancelledDues: number }> {
  constructor(readonly taskId: string, readonly summary: string, readonly evidence: string[], readonly actor: Viewer) { super(); }
}

@CommandHandler(CompleteTask)
export class CompleteTaskHandler implements ICommandHandler<CompleteTask> {
  constructor(private readonly uow: UnitOfWork, private readonly clock: Clock, private readonly tasks: TaskRepository, private readonly dues: ReportDueClocks) {}

  async execute({ taskId, summary, evidence, actor }: CompleteTask) {
    const now = this.clock.now();
    return this.uow.run(async (tx) => {
      const task = await lockTask(this.tasks, tx, taskId);
      const lead = task.units.find((u) => u.role === 'lead');
      if (actor.role !== 'admin' && lead?.unitId !== actor.unitId) throw new NotResponsibleUnit('仅牵头单位可办结任务');
      if (task.status === 'completed') throw new TaskAlreadyCompleted(taskId);
      if (!evidence.length) throw new InvalidInput([{ field: 'evidence', code: 'EVIDENCE_REQUIRED', message: '佐证材料：办结须附佐证材料' }]);
      if (!(await this.tasks.complete(tx, taskId, task.version, { at: now, by: actor.userId, summary, evidence })))
        throw new Error(`task ${taskId} changed concurrently`);
      // Reports whose due time is still ahead are no longer owed; past-due missing ones stay on the record.
      // Their clocks stop (cancelled, version bumped so armed rungs go stale), then the dues themselves.
      const cancelled = await this.dues.cancelAhead(tx, taskId, now);
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
