import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { type LocalDate, type PeriodUnit, DEFAULT_LADDER, addDays, chinaDate, computeDue, pausedUnits, rungTime, toChinaIso } from '#deadlines';
import { CalendarStore } from '#deadlines-nest';
import { visibleUnitIds, type Viewer, extensionDecisionRefusal, mayHandleCases } from '#org';
import { OrgDirectory } from '#org-nest';
import { CaseAccess, ClockDetails } from '../ports.js';
import { CaseQuery, visibleHeader } from '../visible-case.js';

/** The API's shape of a clock's explanation (libs/contracts): one declaration for the API, the console and this query. */
export type { DeadlineExplanation } from '#contracts';
import type { DeadlineExplanation } from '#contracts';

/** "Why is my deadline this date?": start, counted days, pauses, extensions, calendar version, every move. */
export class ExplainDeadlines extends CaseQuery<DeadlineExplanation[]> {}

const PERIOD_RULE = '起始日不计入，自次日起算；期间届满日为休息日的顺延至下一工作日（《市场监督管理投诉举报处理办法》第四十五条）';

@QueryHandler(ExplainDeadlines)
export class ExplainDeadlinesHandler implements IQueryHandler<ExplainDeadlines> {
  constructor(
    private readonly access: CaseAccess, private readonly details: ClockDetails, private readonly org: OrgDirectory, private readonly calendars: CalendarStore,
  ) {}

  async execute({ caseId, viewer }: ExplainDeadlines): Promise<DeadlineExplanation[]> {
    const { row } = await visibleHeader(this.access, this.org, caseId, viewer);
    const [{ deadlines, events, pauses, extensions, firings }, cal, policies] = await Promise.all([
      this.details.ofCase(caseId), this.calendars.calendar(), this.calendars.policies(),
    ]);
    return deadlines.map((d) => {
      const unit = d.unit as PeriodUnit;
      const ps = pauses.filter((p) => p.deadlineId === d.id);
      const paused = ps.reduce((s, p) => s + pausedUnits(cal, unit, p), 0);
      const total = d.amount + d.extended + paused;
      const due = unit === 'hours' ? null : computeDue(cal, d.startAt, total, unit);
      const pausedDays: LocalDate[] = [];
      for (const p of ps) {
        if (!p.resumedAt || unit === 'hours') continue;
        for (let x = addDays(chinaDate(p.pausedAt), 1); x <= chinaDate(p.resumedAt); x = addDays(x, 1))
          if (unit === 'calendarDays' || cal.isWorkingDay(x)) pausedDays.push(x);
      }
      const policy = policies.find((p) => p.id === d.policyId) ?? policies.find((p) => p.step === d.step && p.caseType === row.type && p.enabled);
      const ladder = policy?.ladder ?? DEFAULT_LADDER;
      const live = d.state === 'running' || d.state === 'overdue' || d.state === 'paused';
      const approved = extensions.filter((e) => e.deadlineId === d.id && e.status === 'approved');
      const extendable = live && d.state !== 'paused' && approved.length < (policy?.maxExtensions ?? 0)
        && approved.reduce((s, e) => s + e.amount, 0) < (policy?.maxExtensionUnits ?? 0);
      const dueDate = d.dueDate.toISOString().slice(0, 10);
      return {
        id: d.id, kind: d.step, state: d.state, legalBasis: d.legalBasis, version: d.version,
        start: { at: toChinaIso(d.startAt), date: d.startDate.toISOString().slice(0, 10), rule: PERIOD_RULE },
        amount: d.amount, unit, extended: d.extended, pausedUnits: paused, totalUnits: total,
        dueDate, dueAt: toChinaIso(d.dueAt), rolledFrom: due?.rolledFrom ?? null,
        calendarVersion: cal.version, calendarGaps: due?.calendarGaps ?? [], provisional: due?.provisional ?? false,
        countedDays: due?.counted ?? [], pausedDays,
        pauses: ps.map((p) => ({
          id: p.id, reason: p.reason, evidence: p.evidence, note: p.note, pausedAt: toChinaIso(p.pausedAt),
          resumedAt: p.resumedAt ? toChinaIso(p.resumedAt) : null, units: pausedUnits(cal, unit, p),
        })),
        extensions: extensions.filter((e) => e.deadlineId === d.id).map((e) => ({
          id: e.id, amount: e.amount, reason: e.reason, status: e.status, lastMinute: e.lastMinute, requestedAt: toChinaIso(e.requestedAt),
          decidedAt: e.decidedAt ? toChinaIso(e.decidedAt) : null, decisionNote: e.decisionNote,
        })),
        moves: events
          .filter((e) => (e.data as { deadlineId?: string }).deadlineId === d.id)
          .map((e) => {
            const data = e.data as { from?: unknown; to?: unknown; dueDate?: string; dueAt?: string };
            return { at: toChinaIso(e.at), type: e.type, rule: e.rule, from: data.from ?? null, to: data.to ?? (data.dueDate ? { dueDate: data.dueDate, dueAt: data.dueAt } : null), actorId: e.actorId };
          }),
        rungs: ladder.map((r) => {
          const f = firings.find((x) => x.deadlineId === d.id && x.version === d.version && x.rung === r.rung);
          return { rung: r.rung, fireAt: toChinaIso(rungTime({ unit, dueAt: d.dueAt, dueDate }, r.rung, ladder, cal)!), firedAt: f ? toChinaIso(f.firedAt) : null };
        }),
        extendable,
        pauseReasons: live ? (policy?.pauseReasons ?? []) : [],
      };
    });
  }
}

export interface PendingExtension {
  id: string; caseId: string; caseNo: string; kind: string; amount: number; unit: string; reason: string; lastMinute: boolean;
  requestedAt: string; dueDate: LocalDate; unitName: string;
}

/** A leader's approvals: pending extension requests of the units they oversee. */
export class ListPendingExtensions extends Query<PendingExtension[]> {
  constructor(readonly viewer: Viewer) { super(); }
}

@QueryHandler(ListPendingExtensions)
export class ListPendingExtensionsHandler implements IQueryHandler<ListPendingExtensions> {
  constructor(private readonly details: ClockDetails, private readonly org: OrgDirectory) {}
  async execute({ viewer }: ListPendingExtensions): Promise<PendingExtension[]> {
    const units = await this.org.units();
    if (viewer.role === 'handler' || viewer.role === 'operator' || !mayHandleCases(viewer)) return [];
    const visible = visibleUnitIds(viewer, units);
    const out: PendingExtension[] = [];
    for (const { extension: e, clock: d, case: c, requester: r } of await this.details.pendingExtensions(500)) {
      if (visible && (!c.assignedUnitId || !visible.has(c.assignedUnitId))) continue;
      // Only what this viewer may decide: never their own request; a unit leader's request goes up the tree.
      if (!r || extensionDecisionRefusal(viewer, { userId: r.id, unitId: r.unitId, role: r.role }, c.assignedUnitId, units)) continue;
      out.push({
        id: e.id, caseId: c.id, caseNo: c.caseNo, kind: d.step, amount: e.amount, unit: d.unit, reason: e.reason, lastMinute: e.lastMinute,
        requestedAt: toChinaIso(e.requestedAt), dueDate: d.dueDate.toISOString().slice(0, 10),
        unitName: units.find((u) => u.id === c.assignedUnitId)?.name ?? '',
      });
    }
    return out;
  }
}
