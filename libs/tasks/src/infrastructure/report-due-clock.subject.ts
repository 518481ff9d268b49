import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppEnv, PrismaService, UnitOfWork, type Tx } from '#platform';
import { type WorkingCalendar, type WorkingHours, nextWorkingInstant, parseWorkingHours, startOfChinaDay, toChinaIso } from '#deadlines';
import { CalendarStore, ClockRows, ClockSubject, type CommitResult, RungClaim, type RungFiring, type Reprojection, type RungRef, type SubjectClock, commitEach, loadSubjectClocks, subjectClockQuery } from '#deadlines-nest';
import { Prisma } from '#prisma-client';
import { Inbox } from '#cases-nest';
import { bureauOffice } from '../domain/assignment.js';
import { type Cadence, type ReportDueTimes, type ReportRungEffect, REPORT_LADDER, periodLabel, reportRungEffect } from '../domain/reporting.js';
import { appendTaskEvents } from './prisma-task.repository.js';
import { ReportDueReprojection } from '../application/report-due-reprojection.js';
import { type LockedReportDue, type NewReportDue, type TaskReportDue, ReportDueClocks, type ReportDueClockRecord, type ReportDuePolicy, type RescheduledReportClock } from '../application/ports.js';
import { TaskDirectory } from './task-directory.js';

/** What a report due's rung needs: the due, its task (number, cadence, lead unit) and the unit that owes the report. */
export interface ReportDueFacts { reportDueId: string; taskId: string; unitId: string; period: string; leadUnitId: string; number: string; cadence: Cadence }

/** Which clocks are this subject's, and the facts its rungs need. */
const REPORT_DUE_CLOCKS = subjectClockQuery({
  columns: Prisma.sql`r.id AS report_due_id, r.task_id, r.unit_id, r.period, t.lead_unit_id, t.number, t.cadence`,
  join: Prisma.sql`JOIN work_report_dues r ON r.id = d.report_due_id JOIN work_tasks t ON t.id = r.task_id`,
  facts: (r: { report_due_id: string; task_id: string; unit_id: string; period: string; lead_unit_id: string; number: string; cadence: Cadence }) =>
    ({ reportDueId: r.report_due_id, taskId: r.task_id, unitId: r.unit_id, period: r.period, leadUnitId: r.lead_unit_id, number: r.number, cadence: r.cadence }),
});

/**
 * The work-plan report-due subject of the clock engine (issue 7, issue 12): a period's progress report owed by a
 * unit. A fired rung appends to the task timeline, marks the due overdue (`due`) or escalated (an escalation rung) and
 * tells the owing unit and the lead, or the bureau office (办公室). One transaction per firing: the engine's claim
 * (`RungClaim.claimOne`, which locks the clock row — a report being submitted locks it first too) and the effects.
 */
@Injectable()
export class ReportDueClockSubject extends ClockSubject<ReportDueFacts> {
  readonly name = 'reportDue';
  override readonly order = 10;
  protected override readonly defaultLadder = REPORT_LADDER;
  private readonly hours: WorkingHours;

  constructor(
    private readonly prisma: PrismaService,
    private readonly uow: UnitOfWork,
    private readonly calendars: CalendarStore,
    private readonly directory: TaskDirectory,
    private readonly claim: RungClaim,
    private readonly reprojection: ReportDueReprojection,
    private readonly inbox: Inbox,
    env: AppEnv,
  ) {
    super();
    this.hours = parseWorkingHours(env.WORKING_HOURS);
  }

  load(refs: ReadonlyMap<number, RungRef>): Promise<Map<number, SubjectClock<ReportDueFacts>>> {
    return loadSubjectClocks(this.prisma, refs, REPORT_DUE_CLOCKS);
  }

  override reproject(changeId: string): Promise<Reprojection> {
    return this.reprojection.run(changeId);
  }

  async commit(firings: readonly RungFiring<ReportDueFacts>[], now: Date): Promise<CommitResult> {
    const calendar = await this.calendars.calendar();
    return commitEach(firings, (f) => this.uow.run(async (tx) => {
      await this.claim.claimOrAbort(tx, f, now);
      await this.apply(tx, f, reportRungEffect(f.ref.rung), calendar, now);
      return true;
    }));
  }

  private async apply(tx: Tx, f: RungFiring<ReportDueFacts>, e: ReportRungEffect, calendar: WorkingCalendar, now: Date): Promise<void> {
    const d = f.clock.facts;
    const lateMs = Math.min(f.lateMs, 2 ** 31 - 1);
    if (e.mark === 'overdue') {
      await tx.workReportDue.update({ where: { id: d.reportDueId }, data: { state: 'overdue', overdueAt: now } });
    } else if (e.mark === 'escalated') {
      await tx.$executeRaw`UPDATE work_report_dues SET escalated_at = coalesce(escalated_at, ${now}::timestamptz) WHERE id = ${d.reportDueId}::uuid`;
    }
    const office = e.audience === 'office' ? (bureauOffice(await this.directory.load(tx)) ?? d.leadUnitId) : null;
    const dueAt = f.clock.dueAt;
    const dueDay = toChinaIso(dueAt).slice(0, 10);
    const data = {
      period: d.period, dueId: d.reportDueId, deadlineId: f.clock.id, version: f.clock.version, rung: e.rung, lateMs, dueAt: toChinaIso(dueAt),
      ...(office
        ? { notifyUnitId: office, notifyRole: 'office', leadUnitId: d.leadUnitId }
        : { notifyUnitId: d.leadUnitId, notifyRole: 'lead' }),
    };
    await appendTaskEvents(tx, [{
      taskId: d.taskId, type: e.eventType, actorId: null, unitId: d.unitId, at: now,
      rule: `${e.rule}（第${d.number}项 ${periodLabel(d.cadence, d.period)} 进展报告截止${toChinaIso(dueAt)}）`, data,
    }]);
    const what = `第${d.number}项工作要点${periodLabel(d.cadence, d.period)}的进展报告`;
    const body =
      e.rung === 'warn' ? `${what}将于${dueDay}24时截止，请按时报送。`
      : e.rung === 'due' ? `${what}已逾期（截止${dueDay}），请尽快报送。`
      : e.audience === 'owingAndLead' ? `${what}逾期（截止${dueDay}）仍未报送，请牵头单位督促报送。`
      : `${what}逾期（截止${dueDay}）仍未报送，提请办公室督办。`;
    const unitIds = office ? [office] : [...new Set([d.leadUnitId, d.unitId])];
    // The same unit inbox as case deadlines (GET /api/v1/notifications); non-urgent: held until the next working hour.
    const deliverAt = nextWorkingInstant(calendar, now, this.hours);
    await this.inbox.append(tx, unitIds.map((unitId) => ({
      id: randomUUID(), unitId, role: null, caseId: null, deadlineId: f.clock.id, kind: e.notificationKind, title: e.title, body, urgent: false, createdAt: now, deliverAt,
    })));
  }
}

interface LockedRow {
  id: string; report_due_id: string; task_id: string; period: string; state: ReportDueClockRecord['state']; version: number; start_at: Date;
  amount: number; extended: number; due_at: Date; due_date: string; met_at: Date | null; calendar_gap: boolean; policy_id: string;
}

/** Prisma adapter of ReportDueClocks (the report-due subject's re-projection); its clock rows are written through ClockRows. */
@Injectable()
export class PrismaReportDueClocks extends ReportDueClocks {
  constructor(private readonly prisma: PrismaService, private readonly clocks: ClockRows) { super(); }

  async open(tx: Tx, dues: NewReportDue[], policy: ReportDuePolicy | null, now: Date): Promise<void> {
    await tx.workReportDue.createMany({ data: dues.map((d) => ({ id: d.id, taskId: d.taskId, unitId: d.unitId, period: d.times.period, state: 'running' })) });
    // Each due's clock is a row of the deadline engine (subject: the report due).
    if (policy)
      await this.clocks.insert(tx, dues.map((d) => ({ id: d.deadlineId, caseId: null, reportDueId: d.id, version: 1, createdAt: now, ...clockData(policy, d.times) })));
  }

  async liveIn(from: Date, to: Date): Promise<string[]> {
    const rows = await this.prisma.deadline.findMany({
      where: {
        reportDueId: { not: null }, metAt: null, state: { in: ['running', 'overdue'] }, startDate: { lte: to },
        OR: [{ dueDate: { gte: from } }, { calendarGap: true }],
      },
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  async lock(tx: Tx, deadlineId: string): Promise<ReportDueClockRecord | null> {
    const [d] = await tx.$queryRaw<LockedRow[]>`
      SELECT d.id, d.report_due_id, r.task_id, r.period, d.state, d.version, d.start_at, d.amount, d.extended, d.due_at,
             to_char(d.due_date, 'YYYY-MM-DD') AS due_date, d.met_at, d.calendar_gap, d.policy_id
      FROM deadlines d JOIN work_report_dues r ON r.id = d.report_due_id
      WHERE d.id = ${deadlineId}::uuid FOR UPDATE OF d`;
    return d
      ? {
        id: d.id, reportDueId: d.report_due_id, taskId: d.task_id, period: d.period, state: d.state, version: d.version, startAt: d.start_at,
        amount: d.amount, extended: d.extended, dueAt: d.due_at, dueDate: d.due_date, metAt: d.met_at, calendarGap: d.calendar_gap, policyId: d.policy_id,
      }
      : null;
  }

  async reschedule(tx: Tx, c: ReportDueClockRecord, r: RescheduledReportClock): Promise<void> {
    await this.clocks.change(tx, c.id, {
      dueDate: new Date(`${r.dueDate}T00:00:00Z`), dueAt: r.dueAt, calendarGap: r.calendarGap, version: r.version, state: r.state,
      ...(r.reopened ? { overdueAt: null } : {}),
    });
    if (r.reopened) await tx.workReportDue.update({ where: { id: c.reportDueId }, data: { state: 'running', overdueAt: null, escalatedAt: null } });
  }

  async owesPeriod(tx: Tx, taskId: string, unitId: string, period: string): Promise<boolean> {
    return (await tx.workReportDue.count({ where: { taskId, unitId, period, state: { in: ['running', 'overdue'] } } })) > 0;
  }

  async earliestOwed(tx: Tx, taskId: string, unitId: string, upTo: string): Promise<string | null> {
    const owed = await tx.workReportDue.findFirst({
      where: { taskId, unitId, state: { in: ['running', 'overdue'] }, period: { lte: upTo } },
      orderBy: { period: 'asc' },
    });
    return owed?.period ?? null;
  }

  async lockDue(tx: Tx, taskId: string, unitId: string, period: string): Promise<LockedReportDue | null> {
    const [due] = await tx.$queryRaw<{ id: string; state: LockedReportDue['state']; deadline_id: string; version: number; due_at: Date }[]>`
      SELECT r.id, r.state, d.id AS deadline_id, d.version, d.due_at
      FROM work_report_dues r JOIN deadlines d ON d.report_due_id = r.id
      WHERE r.task_id = ${taskId}::uuid AND r.unit_id = ${unitId}::uuid AND r.period = ${period}
      FOR UPDATE OF d`;
    return due ? { id: due.id, state: due.state, deadlineId: due.deadline_id, version: due.version, dueAt: due.due_at } : null;
  }

  async meet(tx: Tx, due: LockedReportDue, met: { state: 'met'; onTime: boolean }, reportId: string, at: Date): Promise<boolean> {
    // The version bump makes every armed rung job stale.
    if (!(await this.clocks.meet(tx, due.deadlineId, due.version, met.onTime, at))) return false;
    await tx.workReportDue.update({ where: { id: due.id }, data: { state: met.state, metAt: at, reportId } });
    return true;
  }

  async cancelAhead(tx: Tx, taskId: string, now: Date): Promise<number> {
    return tx.$executeRaw`
      WITH d AS (${ClockRows.cancelReportDuesAhead(Prisma.sql`SELECT id FROM work_report_dues WHERE task_id = ${taskId}::uuid AND state = 'running'`, now)})
      UPDATE work_report_dues SET state = 'cancelled' WHERE id IN (SELECT report_due_id FROM d)`;
  }

  async lockAll(tx: Tx, taskId: string): Promise<TaskReportDue[]> {
    await tx.$queryRaw`
      SELECT d.id FROM deadlines d JOIN work_report_dues r ON r.id = d.report_due_id
      WHERE r.task_id = ${taskId}::uuid ORDER BY d.id FOR UPDATE OF d`;
    const rows = await tx.$queryRaw<{
      id: string; unit_id: string; period: string; state: TaskReportDue['state']; deadline_id: string | null; version: number | null; due_at: Date | null;
    }[]>`
      SELECT r.id, r.unit_id, r.period, r.state, d.id AS deadline_id, d.version, d.due_at
      FROM work_report_dues r LEFT JOIN deadlines d ON d.report_due_id = r.id
      WHERE r.task_id = ${taskId}::uuid ORDER BY r.period, r.unit_id`;
    return rows.map((r) => ({ id: r.id, taskId, unitId: r.unit_id, period: r.period, state: r.state, deadlineId: r.deadline_id, version: r.version, dueAt: r.due_at }));
  }

  async cancel(tx: Tx, dueIds: string[]): Promise<void> {
    if (!dueIds.length) return;
    await this.clocks.cancelReportDues(tx, dueIds);
    await tx.workReportDue.updateMany({ where: { id: { in: dueIds }, state: 'running' }, data: { state: 'cancelled' } });
  }

  async revive(tx: Tx, due: TaskReportDue, times: ReportDueTimes, policy: ReportDuePolicy, now: Date): Promise<{ deadlineId: string; version: number }> {
    await tx.workReportDue.update({ where: { id: due.id }, data: { state: 'running', metAt: null, overdueAt: null, escalatedAt: null } });
    if (due.deadlineId) {
      const version = (due.version ?? 0) + 1;
      await this.clocks.change(tx, due.deadlineId, { ...clockData(policy, times), version, metAt: null, overdueAt: null });
      return { deadlineId: due.deadlineId, version };
    }
    const deadlineId = randomUUID();
    await this.clocks.insert(tx, [{ id: deadlineId, caseId: null, reportDueId: due.id, version: 1, createdAt: now, ...clockData(policy, times) }]);
    return { deadlineId, version: 1 };
  }
}

/** A report-due clock's columns under a policy, running from the end of its period. */
function clockData(policy: ReportDuePolicy, t: ReportDueTimes) {
  return {
    step: policy.step, policyId: policy.id, legalBasis: policy.legalBasis, startAt: startOfChinaDay(t.startDate),
    startDate: new Date(`${t.startDate}T00:00:00Z`), amount: policy.amount, unit: 'workingDays', extended: 0,
    dueDate: new Date(`${t.dueDate}T00:00:00Z`), dueAt: t.dueAt, state: 'running', calendarGap: t.calendarGaps.length > 0,
  };
}
