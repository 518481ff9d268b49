import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AppEnv, Clock, UnitOfWork, type Rung, type Tx } from '#platform';
import { type TimeLimitPolicy, type WorkingCalendar, nextWorkingInstant, parseWorkingHours, toChinaIso } from '#deadlines';
import { CalendarStore } from '#deadlines-nest';
import { bureauOffice } from '../../domain/assignment.js';
import { type Cadence, type ReportClockView, type ReportRungEffect, decideReportRung, periodLabel, reportLadder } from '../../domain/reporting.js';
import { TaskDirectory } from '../../infrastructure/task-directory.js';
import { appendTaskEvents } from '../timeline.js';

export type ReportRungOutcome = 'fired' | 'stale' | 'early' | 'missing' | 'duplicate';

/**
 * A rung of a report due's clock woke up (dispatched by FireDeadlineRung: the deadline's subject is a work-plan
 * report due, not a case). Same engine rules as case rungs: the deadline row is the truth (a stale version or a
 * met/cancelled clock is skipped, an early wake-up is reported back with its instant), and the firing claims
 * (deadline, version, rung) in `deadline_firings` in the transaction of its effects — task timeline event, unit
 * inbox item(s), the due marked overdue/escalated — so a redelivered job or the sweeper never acts twice.
 */
export class FireReportDeadlineRung extends Command<{ outcome: ReportRungOutcome; fireAt?: Date; lateMs?: number }> {
  constructor(readonly deadlineId: string, readonly version: number, readonly rung: Rung) { super(); }
}

interface Row {
  id: string; report_due_id: string; state: ReportClockView['state']; version: number; due_at: Date; due_date: string; met_at: Date | null;
  policy_id: string; task_id: string; unit_id: string; period: string; lead_unit_id: string; number: string; cadence: Cadence;
}

type Result = { outcome: ReportRungOutcome; fireAt?: Date; lateMs?: number };

@CommandHandler(FireReportDeadlineRung)
export class FireReportDeadlineRungHandler implements ICommandHandler<FireReportDeadlineRung> {
  private readonly hours;
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly calendars: CalendarStore,
    private readonly directory: TaskDirectory,
    env: AppEnv,
  ) {
    this.hours = parseWorkingHours(env.WORKING_HOURS);
  }

  async execute({ deadlineId, version, rung }: FireReportDeadlineRung): Promise<Result> {
    const [calendar, policies] = await Promise.all([this.calendars.calendar(), this.calendars.policies()]);
    const r = await this.fire(deadlineId, version, rung, calendar, policies);
    if (r !== 'dueFirst') return r;
    // Rungs are independent jobs: an escalation may arrive before `due`. Fire `due` first (its own claim).
    await this.fire(deadlineId, version, 'due', calendar, policies);
    const again = await this.fire(deadlineId, version, rung, calendar, policies);
    return again === 'dueFirst' ? { outcome: 'stale' } : again;
  }

  private fire(deadlineId: string, version: number, rung: Rung, calendar: WorkingCalendar, policies: TimeLimitPolicy[]): Promise<Result | 'dueFirst'> {
    return this.uow.run(async (tx) => {
      // Lock the clock row: serializes with a report being submitted (which locks it first too) and other firings.
      const [d] = await tx.$queryRaw<Row[]>`
        SELECT d.id, d.report_due_id, d.state, d.version, d.due_at, to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.met_at, d.policy_id,
               r.task_id, r.unit_id, r.period, t.lead_unit_id, t.number, t.cadence
        FROM deadlines d JOIN work_report_dues r ON r.id = d.report_due_id JOIN work_tasks t ON t.id = r.task_id
        WHERE d.id = ${deadlineId}::uuid
        FOR UPDATE OF d`;
      if (!d) return { outcome: 'missing' as const };
      if (d.version !== version || (d.state !== 'running' && d.state !== 'overdue')) return { outcome: 'stale' as const };
      const now = this.clock.now();
      if (rung !== 'warn' && rung !== 'due' && d.state === 'running' && d.due_at.getTime() < now.getTime()) return 'dueFirst' as const;

      const decision = decideReportRung(
        { state: d.state, dueAt: d.due_at, dueDate: d.due_date, metAt: d.met_at }, rung, reportLadder(policies, d.policy_id), calendar, now,
      );
      if (decision.kind === 'early') return { outcome: 'early' as const, fireAt: decision.fireAt };
      if (decision.kind !== 'fire') return { outcome: 'stale' as const };

      const lateMs = Math.min(Math.max(0, now.getTime() - decision.fireAt.getTime()), 2 ** 31 - 1);
      const claimed = await tx.$queryRaw<{ deadline_id: string }[]>`
        INSERT INTO deadline_firings (deadline_id, version, rung, fired_at, late_ms)
        SELECT ${deadlineId}::uuid, ${version}::int, ${rung}::text, ${now}::timestamptz, ${lateMs}::int
        -- partitioned by month of fired_at (unique per partition): a claim of another month is found here, current
        -- since the clock row is locked above
        WHERE NOT EXISTS (SELECT 1 FROM deadline_firings c WHERE c.deadline_id = ${deadlineId}::uuid AND c.version = ${version}::int AND c.rung = ${rung}::text)
        ON CONFLICT DO NOTHING RETURNING deadline_id`;
      if (!claimed.length) return { outcome: 'duplicate' as const };
      await this.apply(tx, d, decision.effect, lateMs, calendar, now);
      return { outcome: 'fired' as const, lateMs };
    });
  }

  private async apply(tx: Tx, d: Row, e: ReportRungEffect, lateMs: number, calendar: WorkingCalendar, now: Date): Promise<void> {
    if (e.mark === 'overdue') {
      await tx.deadline.update({ where: { id: d.id }, data: { state: 'overdue', overdueAt: now } });
      await tx.workReportDue.update({ where: { id: d.report_due_id }, data: { state: 'overdue', overdueAt: now } });
    } else if (e.mark === 'escalated') {
      await tx.$executeRaw`UPDATE work_report_dues SET escalated_at = coalesce(escalated_at, ${now}::timestamptz) WHERE id = ${d.report_due_id}::uuid`;
    }
    const office = e.audience === 'office' ? (bureauOffice(await this.directory.load(tx)) ?? d.lead_unit_id) : null;
    const dueDay = toChinaIso(d.due_at).slice(0, 10);
    const data = {
      period: d.period, dueId: d.report_due_id, deadlineId: d.id, version: d.version, rung: e.rung, lateMs, dueAt: toChinaIso(d.due_at),
      ...(office
        ? { notifyUnitId: office, notifyRole: 'office', leadUnitId: d.lead_unit_id }
        : { notifyUnitId: d.lead_unit_id, notifyRole: 'lead' }),
    };
    await appendTaskEvents(tx, [{
      taskId: d.task_id, type: e.eventType, actorId: null, unitId: d.unit_id, at: now,
      rule: `${e.rule}（第${d.number}项 ${periodLabel(d.cadence, d.period)} 进展报告截止${toChinaIso(d.due_at)}）`, data,
    }]);
    const what = `第${d.number}项工作要点${periodLabel(d.cadence, d.period)}的进展报告`;
    const body =
      e.rung === 'warn' ? `${what}将于${dueDay}24时截止，请按时报送。`
      : e.rung === 'due' ? `${what}已逾期（截止${dueDay}），请尽快报送。`
      : e.audience === 'owingAndLead' ? `${what}逾期（截止${dueDay}）仍未报送，请牵头单位督促报送。`
      : `${what}逾期（截止${dueDay}）仍未报送，提请办公室督办。`;
    const unitIds = office ? [office] : [...new Set([d.lead_unit_id, d.unit_id])];
    // The same unit inbox as case deadlines (GET /api/v1/notifications); non-urgent: held until the next working hour.
    const deliverAt = nextWorkingInstant(calendar, now, this.hours);
    await tx.notification.createMany({
      data: unitIds.map((unitId) => ({
        id: randomUUID(), unitId, role: null, caseId: null, deadlineId: d.id, kind: e.notificationKind, title: e.title, body, urgent: false, createdAt: now, deliverAt,
      })),
    });
  }
}
