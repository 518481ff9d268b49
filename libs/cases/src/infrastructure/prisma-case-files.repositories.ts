// Prisma adapters of the case-file ports: CaseAccess (reads), IdentityAudit (identity_reads), AttachmentRepository
// (case_attachments, attachment_downloads) and DocumentRepository (case_documents, document_counters,
// document_template_versions) — each table's only writer.
import { Injectable } from '@nestjs/common';
import { PrismaService, type Tx } from '#platform';
import type { Regime } from '#deadlines';
import type { Viewer } from '#org';
import type { DocumentKind } from '../domain/documents.js';
import {
  AttachmentRepository, CaseAccess, CaseReads, DocumentRepository, IdentityAudit,
  type AttachmentDownloadEntry, type AttachmentRecord, type CaseHeader, type CaseLinkRecord, type CaseSummary, type CoUnitPart, type DocumentCase,
  type DocumentRecord, type HintCandidate, type IdentityReadEntry, type SupervisionRecord, type TemplateVersionRecord,
} from '../application/ports.js';

/** The units with a part in a case (for callers that hold a Prisma client: the clock engine's reads). */
export async function coUnitIdsOf(prisma: Pick<PrismaService, 'caseCoUnit'>, caseId: string): Promise<string[]> {
  return (await prisma.caseCoUnit.findMany({ where: { caseId }, select: { unitId: true } })).map((r) => r.unitId);
}

@Injectable()
export class PrismaCaseAccess extends CaseAccess {
  constructor(private readonly prisma: PrismaService) { super(); }
  header(caseId: string): Promise<CaseHeader | null> {
    return this.prisma.case.findUnique({ where: { id: caseId }, select: { id: true, caseNo: true, type: true, assignedUnitId: true } });
  }
  coUnitIds(caseId: string): Promise<string[]> {
    return coUnitIdsOf(this.prisma, caseId);
  }
  async coCaseIds(units: ReadonlySet<string>): Promise<string[]> {
    if (!units.size) return [];
    return (await this.prisma.caseCoUnit.findMany({ where: { unitId: { in: [...units] } }, select: { caseId: true } })).map((r) => r.caseId);
  }
  async linkedToReport(ids: readonly string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.prisma.caseLink.findMany({
      where: { caseId: { in: [...ids] }, kind: { in: ['complaintReport', 'convertedTo'] } }, select: { caseId: true, otherCaseId: true, kind: true },
    });
    const converted = rows.filter((r) => r.kind === 'convertedTo').map((r) => r.otherCaseId);
    const reports = new Set(converted.length
      ? (await this.prisma.case.findMany({ where: { id: { in: converted }, type: 'report' }, select: { id: true } })).map((c) => c.id)
      : []);
    return new Set(rows.filter((r) => r.kind === 'complaintReport' || reports.has(r.otherCaseId)).map((r) => r.caseId));
  }
  async userNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const users = await this.prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, displayName: true } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }
  async enterprisesOf(ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
    if (!ids.length) return new Map();
    const links = await this.prisma.odrEnterpriseUser.findMany({ where: { userId: { in: [...new Set(ids)] } }, select: { userId: true, enterpriseId: true } });
    if (!links.length) return new Map();
    const found = await this.prisma.odrEnterprise.findMany({ where: { id: { in: [...new Set(links.map((l) => l.enterpriseId))] } }, select: { id: true, name: true } });
    const byId = new Map(found.map((e) => [e.id, e]));
    return new Map(links.flatMap((l) => { const e = byId.get(l.enterpriseId); return e ? [[l.userId, e] as const] : []; }));
  }
}

@Injectable()
export class PrismaIdentityAudit extends IdentityAudit {
  constructor(private readonly prisma: PrismaService) { super(); }
  async record(viewer: Viewer, at: Date, entries: readonly IdentityReadEntry[]): Promise<void> {
    if (!entries.length) return;
    await this.prisma.identityRead.createMany({ data: entries.map((e) => PrismaIdentityAudit.row(viewer, at, e)) });
  }

  /** One audit row, as `record` writes it (camelCase columns). */
  static row(viewer: Viewer, at: Date, e: IdentityReadEntry) {
    return {
      caseId: e.caseId, userId: viewer.userId, unitId: viewer.unitId, role: viewer.role, at, via: e.via, fields: e.fields,
      query: e.query ?? null, ip: viewer.ip ?? null,
    };
  }

  /**
   * The body of a data-modifying CTE writing the audit rows of a JSON array parameter (`row`s with snake_case keys): for a statement
   * that must commit its reads together with what it writes (the registration's answer, issue 15 §1). This file stays
   * the one writer of identity_reads.
   */
  static insertFromJson(param: string): string {
    if (!/^\$\d+$/.test(param)) throw new Error(`PrismaIdentityAudit.insertFromJson: a statement parameter, not ${param}`);
    return `INSERT INTO identity_reads (case_id, user_id, unit_id, role, at, via, fields, query, ip)
            SELECT v.case_id, v.user_id, v.unit_id, v.role, v.at, v.via, v.fields, v.query, v.ip
            FROM jsonb_to_recordset(${param}::jsonb) AS v(case_id uuid, user_id uuid, unit_id uuid, role text, at timestamptz, via text, fields text, query text, ip text)
            RETURNING 1`;
  }
}

const ATTACHMENT = {
  id: true, caseId: true, name: true, contentType: true, size: true, sha256: true, sensitive: true, hasThumbnail: true, uploadedBy: true, unitId: true, uploadedAt: true,
} as const;

@Injectable()
export class PrismaAttachmentRepository extends AttachmentRepository {
  constructor(private readonly prisma: PrismaService) { super(); }
  async totals(tx: Tx, caseId: string): Promise<{ bytes: number; files: number }> {
    const [{ bytes, files }] = await tx.$queryRaw<{ bytes: bigint | null; files: bigint }[]>`
      SELECT sum(size) AS bytes, count(*) AS files FROM case_attachments WHERE case_id = ${caseId}::uuid`;
    return { bytes: Number(bytes ?? 0), files: Number(files) };
  }
  async create(tx: Tx, a: AttachmentRecord): Promise<void> {
    await tx.caseAttachment.create({ data: a });
  }
  async setStorage(tx: Tx, id: string, storage: string, key: string | null): Promise<void> {
    await tx.caseAttachment.update({ where: { id }, data: { storage, storageKey: key } });
  }
  list(caseId: string): Promise<AttachmentRecord[]> {
    return this.prisma.caseAttachment.findMany({ where: { caseId }, orderBy: { uploadedAt: 'asc' }, select: ATTACHMENT });
  }
  find(caseId: string, id: string): Promise<AttachmentRecord | null> {
    return this.prisma.caseAttachment.findFirst({ where: { id, caseId }, select: ATTACHMENT });
  }
  async recordDownload(d: AttachmentDownloadEntry): Promise<void> {
    await this.prisma.attachmentDownload.create({ data: d });
  }
}

type DocRow = Omit<DocumentRecord, 'kind'> & { kind: string };
const doc = (r: DocRow): DocumentRecord => ({ ...r, kind: r.kind as DocumentKind });

@Injectable()
export class PrismaDocumentRepository extends DocumentRepository {
  constructor(private readonly prisma: PrismaService) { super(); }
  async caseFacts(caseId: string, tx?: Tx): Promise<DocumentCase | null> {
    const r = await (tx ?? this.prisma).case.findUnique({ where: { id: caseId } });
    return r && {
      id: r.id, caseNo: r.caseNo, type: r.type, assignedUnitId: r.assignedUnitId, regime: r.regime as Regime, receivedAt: r.receivedAt, decidedAt: r.decidedAt,
      complainantName: r.complainantName, respondentName: r.respondentName, respondentAddress: r.respondentAddress, description: r.description,
      request: r.request, declineGround: r.declineGround, closeGround: r.closeGround, recoveredAmount: r.recoveredAmount === null ? null : Number(r.recoveredAmount),
      reportDecision: r.reportDecision, transferredOutTo: r.transferredOutTo,
    };
  }
  async nextSeq(tx: Tx, unitId: string, year: number, kind: DocumentKind): Promise<number> {
    const [{ last }] = await tx.$queryRaw<{ last: number }[]>`
      INSERT INTO document_counters (unit_id, year, kind, last) VALUES (${unitId}::uuid, ${year}, ${kind}, 1)
      ON CONFLICT (unit_id, year, kind) DO UPDATE SET last = document_counters.last + 1
      RETURNING last`;
    return last;
  }
  async create(tx: Tx, d: DocumentRecord): Promise<void> {
    await tx.caseDocument.create({ data: d });
  }
  async list(caseId: string): Promise<DocumentRecord[]> {
    return (await this.prisma.caseDocument.findMany({ where: { caseId }, orderBy: [{ issuedAt: 'asc' }, { seq: 'asc' }] })).map(doc);
  }
  async find(caseId: string, id: string, tx?: Tx): Promise<DocumentRecord | null> {
    const r = await (tx ?? this.prisma).caseDocument.findFirst({ where: { id, caseId } });
    return r && doc(r);
  }
  async isSuperseded(id: string, tx: Tx): Promise<boolean> {
    return !!(await tx.caseDocument.findFirst({ where: { supersedesId: id }, select: { id: true } }));
  }
  async templateVersions(kind: DocumentKind, tx?: Tx): Promise<TemplateVersionRecord[]> {
    return (await (tx ?? this.prisma).documentTemplateVersion.findMany({ where: { kind }, orderBy: { version: 'desc' } })).map((r) => ({ ...r, kind: r.kind as DocumentKind }));
  }
  async addTemplateVersion(v: TemplateVersionRecord): Promise<boolean> {
    try {
      await this.prisma.documentTemplateVersion.create({ data: v });
      return true;
    } catch (e) {
      if ((e as { code?: string }).code === 'P2002') return false;
      throw e;
    }
  }
}

const SUPERVISION = {
  id: true, caseId: true, kind: true, openedByUnitId: true, targetUnitId: true, openedAt: true, openedBy: true, dueAt: true, answeredAt: true, answeredBy: true,
  answer: true, auto: true, overdueAt: true,
} as const;

@Injectable()
export class PrismaCaseReads extends CaseReads {
  constructor(private readonly prisma: PrismaService) { super(); }
  coUnitParts(caseId: string): Promise<CoUnitPart[]> {
    return this.prisma.caseCoUnit.findMany({ where: { caseId }, orderBy: { addedAt: 'asc' }, select: { unitId: true, state: true, addedAt: true, addedBy: true, submittedAt: true, text: true } });
  }
  coUnitsOf(caseIds: string[]): Promise<{ caseId: string; unitId: string }[]> {
    return this.prisma.caseCoUnit.findMany({ where: { caseId: { in: caseIds } }, select: { caseId: true, unitId: true } });
  }
  supervisions(caseId: string): Promise<SupervisionRecord[]> {
    return this.prisma.supervision.findMany({ where: { caseId }, orderBy: { openedAt: 'asc' }, select: SUPERVISION });
  }
  supervisionsOfUnit(unitId: string, state: 'open' | 'overdue' | 'answered' | 'all', limit: number): Promise<SupervisionRecord[]> {
    const filter =
      state === 'open' ? { answeredAt: null }
      : state === 'overdue' ? { answeredAt: null, overdueAt: { not: null } }
      : state === 'answered' ? { answeredAt: { not: null } }
      : {};
    return this.prisma.supervision.findMany({
      where: { ...filter, OR: [{ openedByUnitId: unitId }, { targetUnitId: unitId }] }, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], take: limit, select: SUPERVISION,
    });
  }
  summaries(ids: string[]): Promise<CaseSummary[]> {
    return this.prisma.case.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, caseNo: true, type: true, status: true, assignedUnitId: true } });
  }
  hintCandidates(phone: string, address: string | null, since: Date): Promise<HintCandidate[]> {
    const or: object[] = [{ complainantPhone: phone }];
    if (address) or.push({ complainantAddress: address });
    return this.prisma.case.findMany({
      where: { receivedAt: { gte: since }, OR: or },
      select: {
        id: true, caseNo: true, type: true, status: true, receivedAt: true, complainantName: true, complainantPhone: true,
        complainantAddress: true, respondentName: true, respondentCreditCode: true, categoryCode: true, assignedUnitId: true,
      },
      take: 500,
      orderBy: { receivedAt: 'desc' },
    });
  }
  links(caseId: string): Promise<CaseLinkRecord[]> {
    return this.prisma.caseLink.findMany({ where: { caseId }, orderBy: { createdAt: 'asc' }, select: { kind: true, otherCaseId: true } });
  }
  async identityReads(f: { from?: Date; to?: Date; userId?: string; caseId?: string; skip: number; take: number }) {
    const where = {
      ...(f.from || f.to ? { at: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
      ...(f.userId ? { userId: f.userId } : {}),
      ...(f.caseId ? { caseId: f.caseId } : {}),
    };
    const [total, rows] = await Promise.all([
      this.prisma.identityRead.count({ where }),
      this.prisma.identityRead.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: f.skip, take: f.take }),
    ]);
    return { total, rows };
  }
  users(ids: string[]): Promise<{ id: string; username: string; displayName: string }[]> {
    return this.prisma.user.findMany({ where: { id: { in: [...new Set(ids)] } }, select: { id: true, username: true, displayName: true } });
  }
  async extensionRequester(extensionId: string): Promise<{ id: string; unitId: string; role: string } | null> {
    const ext = await this.prisma.deadlineExtension.findUnique({ where: { id: extensionId }, select: { requestedBy: true } });
    return ext ? this.prisma.user.findUnique({ where: { id: ext.requestedBy }, select: { id: true, unitId: true, role: true } }) : null;
  }
}
