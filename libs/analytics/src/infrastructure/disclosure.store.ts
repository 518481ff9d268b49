import { Injectable } from '@nestjs/common';
import type { OdrFiguresRowDto } from '#contracts';
import { PrismaService } from '#platform';
import { chinaDate } from '#deadlines';
import type { DayRange, DisclosureBusiness, DisclosureCase, DisclosureStatus } from '../domain/index.js';
import { type DisclosureRecord, DisclosureRepository } from '../application/disclosure.ports.js';

const at = (d: string) => new Date(`${d}T00:00:00+08:00`);

@Injectable()
export class PrismaDisclosureStore extends DisclosureRepository {
  constructor(private readonly prisma: PrismaService) { super(); }

  async casesFor(range: DayRange): Promise<DisclosureCase[]> {
    const within = { gte: at(range.from), lt: at(range.to) };
    const rows = await this.prisma.case.findMany({
      where: { type: 'complaint', respondentCreditCode: { not: null }, OR: [{ decidedAt: within }, { closedAt: within }] },
      select: { type: true, status: true, respondentName: true, respondentCreditCode: true, receivedAt: true, decidedAt: true, declineGround: true, closedAt: true, outcome: true },
    });
    return rows.map((r) => ({
      type: r.type, status: r.status, respondentName: r.respondentName, respondentCreditCode: r.respondentCreditCode,
      receivedOn: chinaDate(r.receivedAt), decidedOn: r.decidedAt ? chinaDate(r.decidedAt) : null, declined: r.declineGround !== null,
      closedOn: r.closedAt ? chinaDate(r.closedAt) : null, outcome: r.outcome,
    }));
  }

  async get(period: string): Promise<DisclosureRecord | null> {
    const r = await this.prisma.disclosurePeriod.findUnique({ where: { period } });
    return r && {
      ...r, status: r.status as DisclosureStatus, businesses: r.businesses as unknown as DisclosureBusiness[],
      odrEnterprises: r.odrEnterprises as unknown as OdrFiguresRowDto[] | null,
    };
  }

  async list(onlyReleased: boolean): Promise<Omit<DisclosureRecord, 'businesses' | 'odrEnterprises'>[]> {
    const rows = await this.prisma.disclosurePeriod.findMany({
      where: onlyReleased ? { status: 'released' } : {}, orderBy: { period: 'desc' }, take: 200,
      select: { period: true, status: true, computedAt: true, computedBy: true, releasedAt: true, releasedBy: true },
    });
    return rows.map((r) => ({ ...r, status: r.status as DisclosureStatus }));
  }

  async saveDraft(rec: Pick<DisclosureRecord, 'period' | 'businesses' | 'odrEnterprises' | 'computedAt' | 'computedBy'>): Promise<boolean> {
    // One statement: a released row is left alone (the trigger would refuse it anyway).
    const n = await this.prisma.$executeRaw`
      INSERT INTO disclosure_periods (period, status, businesses, odr_enterprises, computed_at, computed_by)
      VALUES (${rec.period}, 'draft', ${JSON.stringify(rec.businesses)}::jsonb, ${JSON.stringify(rec.odrEnterprises)}::jsonb, ${rec.computedAt}, ${rec.computedBy}::uuid)
      ON CONFLICT (period) DO UPDATE SET businesses = EXCLUDED.businesses, odr_enterprises = EXCLUDED.odr_enterprises,
        computed_at = EXCLUDED.computed_at, computed_by = EXCLUDED.computed_by
      WHERE disclosure_periods.status = 'draft'`;
    return n === 1;
  }

  async release(period: string, by: string, at: Date, odrEnterprises?: OdrFiguresRowDto[]): Promise<boolean> {
    const r = await this.prisma.disclosurePeriod.updateMany({
      where: { period, status: 'draft' }, data: { status: 'released', releasedAt: at, releasedBy: by, ...(odrEnterprises ? { odrEnterprises: odrEnterprises as object[] } : {}) },
    });
    return r.count === 1;
  }
}
