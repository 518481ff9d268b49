import { Injectable } from '@nestjs/common';
import { ConcurrentUpdate, type Tx } from '#platform';
import type { CaseType, PeriodUnit, Regime } from '#deadlines';
import { Prisma } from '#prisma-client';
import { Case, type CaseDeadline, type CaseEvent, type CaseProps, type CaseStatus, type Channel, type CloseOutcome, type Satisfaction } from '../domain/case.js';
import { CaseNotFound } from '../domain/case.errors.js';
import { CaseRepository } from '../application/ports.js';

const day = (s: string) => new Date(`${s}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);
const num = (d: Prisma.Decimal | null) => (d === null ? null : Number(d));

@Injectable()
export class PrismaCaseRepository extends CaseRepository {
  async get(id: string, tx: Tx): Promise<Case> {
    // Row lock: concurrent commands on one case serialize instead of failing late.
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM cases WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked.length) throw new CaseNotFound(id);
    const [row, deadlines] = await Promise.all([
      tx.case.findUniqueOrThrow({ where: { id } }),
      tx.deadline.findMany({ where: { caseId: id } }),
    ]);
    const props: CaseProps = {
      id: row.id,
      caseNo: row.caseNo,
      type: row.type as CaseType,
      channel: row.channel as Channel,
      status: row.status as CaseStatus,
      regime: row.regime as Regime,
      receivedAt: row.receivedAt,
      complainant: { name: row.complainantName, phone: row.complainantPhone, address: row.complainantAddress },
      respondent: {
        name: row.respondentName, creditCode: row.respondentCreditCode, regionCode: row.respondentRegionCode,
        address: row.respondentAddress, platform: row.respondentPlatform,
      },
      categoryCode: row.categoryCode,
      problemType: row.problemType,
      description: row.description,
      request: row.request,
      amount: num(row.amount),
      assignedUnitId: row.assignedUnitId,
      routingRuleId: row.routingRuleId,
      declineGround: row.declineGround,
      outcome: row.outcome as CloseOutcome | null,
      closeGround: row.closeGround,
      recoveredAmount: num(row.recoveredAmount),
      satisfaction: row.satisfaction as Satisfaction | null,
      registeredBy: row.registeredBy,
      registeredAt: row.registeredAt,
      dispatchedAt: row.dispatchedAt,
      signedAt: row.signedAt,
      decidedAt: row.decidedAt,
      closedAt: row.closedAt,
      archivedAt: row.archivedAt,
      version: row.version,
      deadlines: deadlines.map<CaseDeadline>((d) => ({
        id: d.id, kind: d.kind, policyId: d.policyId, legalBasis: d.legalBasis, startDate: iso(d.startDate), amount: d.amount,
        unit: d.unit as PeriodUnit, dueDate: iso(d.dueDate), dueAt: d.dueAt, state: d.state as CaseDeadline['state'],
        version: d.version, calendarGap: d.calendarGap, metAt: d.metAt, overdueAt: d.overdueAt, createdAt: d.createdAt,
      })),
    };
    return Case.restore(props);
  }

  async nextCaseNo(year: number, tx: Tx): Promise<string> {
    const [{ n }] = await tx.$queryRaw<{ n: bigint }[]>`SELECT nextval('case_no_seq') AS n`;
    return `${year}${String(n).padStart(8, '0')}`;
  }

  async insert(c: Case, tx: Tx): Promise<void> {
    const p = c.snapshot();
    await tx.case.create({ data: { id: p.id, ...this.columns(p), version: 1 } });
    await this.writeDeadlines(p.deadlines, p.id, tx, true);
    await this.appendEvents(p.id, c.pullEvents(), tx, 0);
  }

  async save(c: Case, tx: Tx): Promise<void> {
    const p = c.snapshot();
    const r = await tx.case.updateMany({ where: { id: p.id, version: p.version }, data: { ...this.columns(p), version: { increment: 1 } } });
    if (r.count !== 1) throw new ConcurrentUpdate(p.id);
    await this.writeDeadlines(p.deadlines, p.id, tx, false);
    const [{ max }] = await tx.$queryRaw<{ max: number | null }[]>`SELECT max(seq) AS max FROM case_events WHERE case_id = ${p.id}::uuid`;
    await this.appendEvents(p.id, c.pullEvents(), tx, max ?? 0);
  }

  private columns(p: Readonly<CaseProps>) {
    return {
      caseNo: p.caseNo, type: p.type, channel: p.channel, status: p.status, regime: p.regime, receivedAt: p.receivedAt,
      complainantName: p.complainant.name, complainantPhone: p.complainant.phone, complainantAddress: p.complainant.address,
      respondentName: p.respondent.name, respondentCreditCode: p.respondent.creditCode, respondentRegionCode: p.respondent.regionCode,
      respondentAddress: p.respondent.address, respondentPlatform: p.respondent.platform,
      categoryCode: p.categoryCode, problemType: p.problemType, description: p.description, request: p.request, amount: p.amount,
      assignedUnitId: p.assignedUnitId, routingRuleId: p.routingRuleId, declineGround: p.declineGround, outcome: p.outcome,
      closeGround: p.closeGround, recoveredAmount: p.recoveredAmount, satisfaction: p.satisfaction,
      overdue: p.deadlines.some((d) => d.state === 'overdue' && d.metAt === null),
      registeredBy: p.registeredBy, registeredAt: p.registeredAt, dispatchedAt: p.dispatchedAt, signedAt: p.signedAt,
      decidedAt: p.decidedAt, closedAt: p.closedAt, archivedAt: p.archivedAt,
    };
  }

  private async writeDeadlines(ds: readonly CaseDeadline[], caseId: string, tx: Tx, fresh: boolean): Promise<void> {
    const data = ds.map((d) => ({
      id: d.id, caseId, kind: d.kind, policyId: d.policyId, legalBasis: d.legalBasis, startDate: day(d.startDate), amount: d.amount,
      unit: d.unit, dueDate: day(d.dueDate), dueAt: d.dueAt, state: d.state, version: d.version, calendarGap: d.calendarGap,
      metAt: d.metAt, overdueAt: d.overdueAt, createdAt: d.createdAt,
    }));
    if (fresh) {
      if (data.length) await tx.deadline.createMany({ data });
      return;
    }
    for (const d of data) await tx.deadline.upsert({ where: { id: d.id }, create: d, update: d });
  }

  private async appendEvents(caseId: string, events: CaseEvent[], tx: Tx, after: number): Promise<void> {
    if (!events.length) return;
    await tx.caseEvent.createMany({
      data: events.map((e, i) => ({
        id: e.id, caseId, seq: after + i + 1, type: e.type, actorId: e.actorId, unitId: e.unitId, at: e.at, rule: e.rule, note: e.note,
        data: e.data as Prisma.InputJsonValue,
      })),
    });
  }
}
