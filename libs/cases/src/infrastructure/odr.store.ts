// ODR (issue 17): the one writer of odr_enterprises, odr_enterprise_changes, odr_enterprise_users and odr_cases.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { OdrContactDto, OdrEnterpriseDto, OdrEnterpriseStatus, OdrReplyDto, OdrStage } from '#contracts';
import { PrismaService, type Tx } from '#platform';
import { toChinaIso } from '#deadlines';
import type { OdrFigureCase, OdrFigureEnterprise } from '../domain/odr.js';
import { OdrCases, OdrEnterprises, type OdrCaseFacts, type OdrCaseRow, type OdrEnterpriseRow } from '../application/odr/odr.ports.js';

// China time (+08:00) like every other contract of the API.
const iso = (d: Date) => toChinaIso(d);

@Injectable()
export class PrismaOdrEnterprises extends OdrEnterprises {
  constructor(private readonly prisma: PrismaService) { super(); }

  async list(status?: OdrEnterpriseStatus): Promise<OdrEnterpriseDto[]> {
    const rows = await this.prisma.odrEnterprise.findMany({ where: status ? { status } : {}, orderBy: [{ name: 'asc' }], take: 2000, select: { id: true } });
    return Promise.all(rows.map(async (r) => (await this.get(r.id))!));
  }

  async get(id: string): Promise<OdrEnterpriseDto | null> {
    const e = await this.prisma.odrEnterprise.findUnique({ where: { id } });
    if (!e) return null;
    const [history, links] = await Promise.all([
      this.prisma.odrEnterpriseChange.findMany({ where: { enterpriseId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
      this.prisma.odrEnterpriseUser.findMany({ where: { enterpriseId: id }, select: { userId: true } }),
    ]);
    const users = links.length
      ? await this.prisma.user.findMany({ where: { id: { in: links.map((l) => l.userId) } }, select: { id: true, username: true, displayName: true, active: true }, orderBy: { username: 'asc' } })
      : [];
    return {
      id: e.id, name: e.name, creditCode: e.creditCode, creditCodeChecksumValid: e.creditCodeChecksumValid,
      stores: e.stores as string[], contacts: e.contacts as unknown as OdrContactDto[], status: e.status as OdrEnterpriseStatus,
      history: history.map((h) => ({ status: h.status as OdrEnterpriseStatus, at: iso(h.at), byUserId: h.byUserId, reason: h.reason })),
      users, createdAt: iso(e.createdAt),
    };
  }

  async byCreditCode(creditCode: string): Promise<OdrEnterpriseRow | null> {
    const e = await this.prisma.odrEnterprise.findUnique({ where: { creditCode: creditCode.trim().toUpperCase() }, select: { id: true, name: true, creditCode: true, status: true } });
    return e ? { ...e, status: e.status as OdrEnterpriseStatus } : null;
  }

  async row(id: string): Promise<OdrEnterpriseRow | null> {
    const e = await this.prisma.odrEnterprise.findUnique({ where: { id }, select: { id: true, name: true, creditCode: true, status: true } });
    return e ? { ...e, status: e.status as OdrEnterpriseStatus } : null;
  }

  async insert(e: { id: string; name: string; creditCode: string; checksumValid: boolean; stores: string[]; contacts: OdrContactDto[]; at: Date; by: string }): Promise<'ok' | 'duplicate'> {
    try {
      await this.prisma.$transaction([
        this.prisma.odrEnterprise.create({
          data: {
            id: e.id, name: e.name, creditCode: e.creditCode, creditCodeChecksumValid: e.checksumValid, stores: e.stores, contacts: e.contacts as object[],
            status: 'active', createdAt: e.at, createdBy: e.by, updatedAt: e.at,
          },
        }),
        this.prisma.odrEnterpriseChange.create({ data: { id: randomUUID(), enterpriseId: e.id, status: 'active', at: e.at, byUserId: e.by, reason: '登记', data: { name: e.name, stores: e.stores } } }),
      ]);
      return 'ok';
    } catch (err) {
      if ((err as { code?: string }).code === 'P2002') return 'duplicate';
      throw err;
    }
  }

  async update(id: string, c: { status?: OdrEnterpriseStatus; reason: string | null; stores?: string[]; contacts?: OdrContactDto[]; at: Date; by: string }): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const cur = await tx.odrEnterprise.findUniqueOrThrow({ where: { id }, select: { status: true } });
      await tx.odrEnterprise.update({
        where: { id },
        data: {
          ...(c.status ? { status: c.status } : {}), ...(c.stores ? { stores: c.stores } : {}), ...(c.contacts ? { contacts: c.contacts as object[] } : {}), updatedAt: c.at,
        },
      });
      await tx.odrEnterpriseChange.create({
        data: {
          id: randomUUID(), enterpriseId: id, status: c.status ?? cur.status, at: c.at, byUserId: c.by, reason: c.reason,
          data: { ...(c.stores ? { stores: c.stores } : {}), ...(c.contacts ? { contacts: c.contacts as object[] } : {}) },
        },
      });
    });
  }

  async bindUser(enterpriseId: string, userId: string, at: Date): Promise<void> {
    await this.prisma.odrEnterpriseUser.upsert({ where: { userId }, create: { userId, enterpriseId, createdAt: at }, update: {} });
  }

  async enterpriseOf(userId: string): Promise<string | null> {
    return (await this.prisma.odrEnterpriseUser.findUnique({ where: { userId }, select: { enterpriseId: true } }))?.enterpriseId ?? null;
  }

  async suggest(q: string, limit: number): Promise<{ id: string; name: string; creditCode: string; stores: string[] }[]> {
    const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const rows = await this.prisma.$queryRaw<{ id: string; name: string; credit_code: string; stores: string[] }[]>`
      SELECT id, name, credit_code, stores FROM odr_enterprises
       WHERE status = 'active'
         AND (name ILIKE ${like} OR credit_code ILIKE ${like} OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(stores) s WHERE s ILIKE ${like}))
       ORDER BY name LIMIT ${limit}`;
    return rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code, stores: r.stores }));
  }

  async users(enterpriseId: string): Promise<{ id: string; unitId: string }[]> {
    const links = await this.prisma.odrEnterpriseUser.findMany({ where: { enterpriseId }, select: { userId: true } });
    if (!links.length) return [];
    return this.prisma.user.findMany({ where: { id: { in: links.map((l) => l.userId) }, active: true }, select: { id: true, unitId: true } });
  }
}

type OdrCaseRecord = {
  caseId: string; enterpriseId: string; stage: string; consentAt: Date; handedOverAt: Date; dueAt: Date | null; endedAt: Date | null;
  firstReplyAt: Date | null; proposal: string | null; replies: unknown;
};
// replies stored before the +08:00 rule carry 'Z' times: re-spelled on read.
const toRow = (r: OdrCaseRecord): OdrCaseRow => ({
  ...r, stage: r.stage as OdrStage, replies: (r.replies as OdrReplyDto[]).map((x) => ({ ...x, at: iso(new Date(x.at)) })),
});
const FACTS = {
  caseNo: true, complainantName: true, complainantPhone: true, complainantAddress: true, respondentName: true, description: true, request: true, amount: true,
} as const;
const toFacts = (c: { caseNo: string; complainantName: string; complainantPhone: string; complainantAddress: string; respondentName: string; description: string; request: string | null; amount: unknown }): OdrCaseFacts => ({
  ...c, amount: c.amount === null ? null : Number(c.amount),
});

@Injectable()
export class PrismaOdrCases extends OdrCases {
  constructor(private readonly prisma: PrismaService) { super(); }

  async get(caseId: string, tx?: Tx): Promise<OdrCaseRow | null> {
    const r = await (tx ?? this.prisma).odrCase.findUnique({ where: { caseId } });
    return r ? toRow(r) : null;
  }

  async open(tx: Tx, o: { caseId: string; enterpriseId: string; at: Date; dueAt: Date | null }): Promise<{ id: string; version: number } | null> {
    await tx.odrCase.create({ data: { caseId: o.caseId, enterpriseId: o.enterpriseId, stage: 'waiting', consentAt: o.at, handedOverAt: o.at, dueAt: o.dueAt } });
    const [clock] = await tx.$queryRaw<{ id: string; version: number }[]>`SELECT id, version FROM deadlines WHERE odr_case_id = ${o.caseId}::uuid`;
    return clock ?? null;
  }

  async listOwn(enterpriseId: string): Promise<{ odr: OdrCaseRow; facts: OdrCaseFacts }[]> {
    const rows = await this.prisma.odrCase.findMany({ where: { enterpriseId }, take: 500, orderBy: [{ handedOverAt: 'desc' }] });
    const cases = await this.prisma.case.findMany({ where: { id: { in: rows.map((r) => r.caseId) } }, select: { id: true, ...FACTS } });
    const byId = new Map(cases.map((c) => [c.id, c]));
    const out = rows.filter((r) => byId.has(r.caseId)).map((r) => ({ odr: toRow(r), facts: toFacts(byId.get(r.caseId)!) }));
    // open first, nearest window end first; then ended ones, newest first
    const key = (x: { odr: OdrCaseRow }) => (x.odr.endedAt ? Number.MAX_SAFE_INTEGER : (x.odr.dueAt?.getTime() ?? Number.MAX_SAFE_INTEGER - 1));
    return out.sort((a, b) => key(a) - key(b));
  }

  async detail(caseId: string) {
    const r = await this.prisma.odrCase.findUnique({ where: { caseId } });
    if (!r) return null;
    const [c, files, reported] = await Promise.all([
      this.prisma.case.findUniqueOrThrow({ where: { id: caseId }, select: FACTS }),
      // The enterprise's evidence (odrEvidenceRule): what the case held while it was with the enterprise, never an
      // identity-bearing file (ID cards) nor what the bureau adds once the case has left ODR.
      this.prisma.caseAttachment.findMany({
        where: { caseId, sensitive: false, ...(r.endedAt ? { uploadedAt: { lte: r.endedAt } } : {}) },
        select: { id: true, name: true, size: true, contentType: true }, orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }],
      }),
      // linked to a report since (never routed to ODR that way): every file may carry its reporter's identity
      this.prisma.caseLink.count({ where: { caseId, kind: 'complaintReport' } }),
    ]);
    return { odr: toRow(r), facts: toFacts(c), attachments: (reported ? [] : files).map((f) => ({ id: f.id, fileName: f.name, size: f.size, contentType: f.contentType })) };
  }

  async move(tx: Tx, caseId: string, from: OdrStage, p: { stage: OdrStage; endedAt?: Date; firstReplyAt?: Date; proposal?: string | null; reply?: OdrReplyDto }): Promise<boolean> {
    const n = await tx.$executeRaw`
      UPDATE odr_cases SET stage = ${p.stage},
             ended_at = COALESCE(${p.endedAt ?? null}::timestamptz, ended_at),
             first_reply_at = COALESCE(first_reply_at, ${p.firstReplyAt ?? null}::timestamptz),
             proposal = CASE WHEN ${p.proposal !== undefined} THEN ${p.proposal ?? null} ELSE proposal END,
             replies = CASE WHEN ${p.reply !== undefined} THEN replies || ${JSON.stringify(p.reply ? [p.reply] : [])}::jsonb ELSE replies END
       WHERE case_id = ${caseId}::uuid AND stage = ${from}`;
    return n === 1;
  }

  async figureInputs(from: string, to: string, enterpriseId?: string): Promise<{ enterprises: OdrFigureEnterprise[]; cases: OdrFigureCase[] }> {
    const [enterprises, cases] = await Promise.all([
      this.prisma.odrEnterprise.findMany({ where: enterpriseId ? { id: enterpriseId } : {}, select: { id: true, name: true, creditCode: true } }),
      this.prisma.$queryRaw<OdrFigureCase[]>`
        SELECT o.enterprise_id AS "enterpriseId", o.stage, o.handed_over_at AS "handedOverAt", o.due_at AS "dueAt", o.ended_at AS "endedAt",
               o.first_reply_at AS "firstReplyAt"
          FROM odr_cases o
         WHERE (o.handed_over_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${from}::date AND ${to}::date
           AND (${enterpriseId ?? null}::uuid IS NULL OR o.enterprise_id = ${enterpriseId ?? null}::uuid)`,
    ]);
    return { enterprises, cases };
  }
}
