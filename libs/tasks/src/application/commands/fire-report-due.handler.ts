import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { AppEnv, Clock, Outbox, UnitOfWork, type Tx } from '#platform';
import { nextWorkingInstant, parseWorkingHours, toChinaIso } from '#deadlines';
import { CalendarStore } from '#deadlines-nest';
import { bureauOffice } from '../../domain/assignment.js';
import { ESCALATE_RULE, OVERDUE_RULE, decideFiring, type ReportDueState, type ReportRung } from '../../domain/reporting.js';
import { TaskDirectory } from '../../infrastructure/task-directory.js';
import { appendTaskEvents, reportTimerEntry } from '../timeline.js';

export type ReportFiringOutcome = 'fired' | 'stale' | 'early' | 'missing' | 'duplicate';

/**
 * A report-due timer woke up. The row is the truth: a new version, a report that arrived or a rung already
 * past make the wake-up stale; an early one is reported back so the job sleeps again. A firing claims the unique
 * (due, version, rung) row in the same transaction as its state change, so a redelivered job never acts twice.
 * Rungs: due → the report is overdue, the lead unit is notified; escalate → the bureau office (办公室).
 */
export class FireReportDue extends Command<{ outcome: ReportFiringOutcome; at?: Date; lateMs?: number }> {
  constructor(readonly dueId: string, readonly version: number, readonly rung: ReportRung, readonly correlationId?: string) { super(); }
}

interface DueRow {
  id: string; task_id: string; unit_id: string; period: string; state: string; version: number;
  due_at: Date; escalate_at: Date; escalated_at: Date | null;
}

@CommandHandler(FireReportDue)
export class FireReportDueHandler implements ICommandHandler<FireReportDue> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly directory: TaskDirectory,
    private readonly calendars: CalendarStore,
    private readonly env: AppEnv,
  ) {}

  /** The same unit inbox as case deadlines (GET /api/v1/notifications), held until the next working hour. */
  private async notify(tx: Tx, unitIds: string[], kind: string, title: string, body: string, now: Date): Promise<void> {
    const deliverAt = nextWorkingInstant(await this.calendars.calendar(), now, parseWorkingHours(this.env.WORKING_HOURS));
    await tx.notification.createMany({
      data: [...new Set(unitIds)].map((unitId) => ({ id: randomUUID(), unitId, role: null, kind, title, body, urgent: false, createdAt: now, deliverAt })),
    });
  }

  async execute({ dueId, version, rung, correlationId }: FireReportDue) {
    return this.uow.run(async (tx) => {
      const [d] = await tx.$queryRaw<DueRow[]>`
        SELECT id, task_id, unit_id, period, state, version, due_at, escalate_at, escalated_at
        FROM work_report_dues WHERE id = ${dueId}::uuid FOR UPDATE`;
      if (!d) return { outcome: 'missing' as const };
      const now = this.clock.now();
      const decision = decideFiring(
        { state: d.state as ReportDueState, version: d.version, dueAt: d.due_at, escalateAt: d.escalate_at, escalatedAt: d.escalated_at },
        version, rung, now,
      );
      if (decision.kind === 'stale') return { outcome: 'stale' as const };
      if (decision.kind === 'early') return { outcome: 'early' as const, at: decision.at };
      const lateMs = Math.min(decision.lateMs, 2 ** 31 - 1);
      const claimed = await tx.$queryRaw<{ due_id: string }[]>`
        INSERT INTO work_report_firings (due_id, version, rung, fired_at, late_ms) VALUES (${dueId}::uuid, ${version}, ${rung}, ${now}, ${lateMs})
        ON CONFLICT DO NOTHING RETURNING due_id`;
      if (!claimed.length) return { outcome: 'duplicate' as const };

      const task = await tx.workTask.findUniqueOrThrow({ where: { id: d.task_id }, select: { leadUnitId: true, number: true, planId: true } });
      const base = { period: d.period, dueId, version, rung, lateMs, dueAt: toChinaIso(d.due_at), escalateAt: toChinaIso(d.escalate_at) };
      if (rung === 'due') {
        await tx.workReportDue.update({ where: { id: dueId }, data: { state: 'overdue', overdueAt: now } });
        await appendTaskEvents(tx, [{
          taskId: d.task_id, type: 'ReportOverdue', actorId: null, unitId: d.unit_id, at: now,
          rule: `${OVERDUE_RULE}（第${task.number}项 ${d.period} 进展报告截止${toChinaIso(d.due_at)}）`,
          data: { ...base, notifyUnitId: task.leadUnitId, notifyRole: 'lead' },
        }]);
        if (decision.next) await this.outbox.append(tx, [reportTimerEntry(dueId, version, decision.next.rung, decision.next.at, correlationId)]);
        await this.notify(tx, [task.leadUnitId, d.unit_id], 'taskReportOverdue', '工作要点进展报告逾期',
          `第${task.number}项工作要点 ${d.period} 的进展报告已逾期（截止${toChinaIso(d.due_at).slice(0, 10)}），请尽快报送。`, now);
      } else {
        const office = bureauOffice(await this.directory.load(tx)) ?? task.leadUnitId;
        await tx.workReportDue.update({ where: { id: dueId }, data: { escalatedAt: now } });
        await appendTaskEvents(tx, [{
          taskId: d.task_id, type: 'ReportEscalated', actorId: null, unitId: d.unit_id, at: now,
          rule: `${ESCALATE_RULE}（第${task.number}项 ${d.period} 进展报告）`,
          data: { ...base, notifyUnitId: office, notifyRole: 'office', leadUnitId: task.leadUnitId },
        }]);
        await this.notify(tx, [office], 'taskReportEscalated', '工作要点进展报告逾期未报',
          `第${task.number}项工作要点 ${d.period} 的进展报告逾期仍未报送，提请办公室督办。`, now);
      }
      return { outcome: 'fired' as const, lateMs };
    });
  }
}
