// Prisma and Redis adapters of the public side's ports (issue 16).
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { AppEnv, PrismaService, type Tx, createRedis, type RedisClient } from '#platform';
import type { CaseStatus } from '../domain/case.js';
import { declineGrounds, terminateGrounds } from '../domain/grounds.js';
import { DOCUMENT_KIND_INFO, type DocumentKind } from '../domain/documents.js';
import type { CodePurpose, StoredCode } from '../domain/public.js';
import type { Regime } from '#deadlines';
import { LIVE_DEADLINE } from '#deadlines-nest';
import { OrgDirectory } from '#org-nest';
import { CaseRepository } from '../application/ports.js';
import { PublicCaseReader, PublicFilingStore, SmsCodeStore, WrongCodeCounter, type PublicCaseData, type ProofTarget } from '../application/public/public.ports.js';

@Injectable()
export class PrismaSmsCodeStore extends SmsCodeStore {
  constructor(private readonly prisma: PrismaService) { super(); }
  async latest(phone: string, purpose: CodePurpose): Promise<StoredCode | null> {
    const r = await this.prisma.smsCode.findFirst({ where: { phone, purpose }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] });
    return r ? { id: r.id, codeHash: r.codeHash, expiresAt: r.expiresAt, attempts: 0, usedAt: r.usedAt } : null;
  }
  async insert(tx: Tx, c: { phone: string; purpose: CodePurpose; codeHash: string; expiresAt: Date; createdAt: Date }): Promise<string> {
    return (await tx.smsCode.create({ data: c, select: { id: true } })).id;
  }
  async consume(tx: Tx, id: string, at: Date): Promise<boolean> {
    return (await tx.smsCode.updateMany({ where: { id, usedAt: null }, data: { usedAt: at } })).count === 1;
  }
}

/** Wrong tries per code in Redis (under QUEUE_PREFIX), expiring with the code. */
@Injectable()
export class RedisWrongCodeCounter extends WrongCodeCounter implements OnModuleDestroy {
  private readonly log = new Logger('public');
  private readonly redis: RedisClient;
  private readonly prefix: string;
  constructor(env: AppEnv) {
    super();
    this.prefix = `${env.QUEUE_PREFIX}:public:wrong-code`;
    this.redis = createRedis(env.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 2000, retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.redis.on('error', (e) => this.log.warn(`redis: ${e.message}`));
  }
  async count(codeId: string): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}:${codeId}`)) ?? 0);
  }
  async increment(codeId: string, ttlMs: number): Promise<number> {
    const k = `${this.prefix}:${codeId}`;
    const [[, n]] = (await this.redis.multi().incr(k).pexpire(k, ttlMs).exec()) as [[unknown, number], unknown];
    return n;
  }
  onModuleDestroy() {
    this.redis.disconnect();
  }
}

@Injectable()
export class PrismaPublicFilingStore extends PublicFilingStore {
  constructor(private readonly prisma: PrismaService) { super(); }
  async lockFingerprint(tx: Tx, fingerprint: string): Promise<void> {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`public-filing:${fingerprint}`}, 0))`;
  }
  async findRecent(tx: Tx, fingerprint: string, since: Date) {
    const rows = await tx.$queryRaw<{ case_no: string; query_code_sealed: string | null; phone: string }[]>`
      SELECT c.case_no, f.query_code_sealed, f.phone FROM public_filings f JOIN cases c ON c.id = f.case_id
      WHERE f.fingerprint = ${fingerprint} AND f.created_at >= ${since} ORDER BY f.created_at DESC LIMIT 1`;
    const r = rows[0];
    return r ? { caseNo: r.case_no, queryCodeSealed: r.query_code_sealed, phone: r.phone } : null;
  }
  async insert(tx: Tx, f: { caseId: string; phone: string; fingerprint: string; queryCodeHash: string; queryCodeSealed: string; createdAt: Date }): Promise<void> {
    await tx.publicFiling.create({ data: f });
  }
  async forgetSealed(tx: Tx, before: Date): Promise<void> {
    await tx.publicFiling.updateMany({ where: { createdAt: { lt: before }, queryCodeSealed: { not: null } }, data: { queryCodeSealed: null } });
  }
  async caseNoOf(tx: Tx, caseId: string): Promise<string> {
    return (await tx.case.findUniqueOrThrow({ where: { id: caseId }, select: { caseNo: true } })).caseNo;
  }
  async proofTarget(caseNo: string): Promise<ProofTarget | null> {
    if (!/^\d{12}$/.test(caseNo)) return null;
    const c = await this.prisma.case.findUnique({ where: { caseNo }, select: { id: true, complainantPhone: true } });
    if (!c) return null;
    const f = await this.prisma.publicFiling.findUnique({ where: { caseId: c.id }, select: { queryCodeHash: true } });
    return { caseId: c.id, complainantPhone: c.complainantPhone ?? '', queryCodeHash: f?.queryCodeHash ?? null };
  }
}

const PUBLIC_EVENTS = [
  'CaseRegistered', 'CaseDispatched', 'CaseSigned', 'CaseAccepted', 'CaseDeclined', 'CaseClosed', 'InquiryAnswered', 'CaseTransferredOut',
  'CaseWithdrawn', 'SupplementAdded', 'DocumentIssued', 'ReportDecided',
  // issue 16 §3–4 (notices, first contact, 回访)
  'DecisionNoticeDelivered', 'ComplainantContacted', 'CallbackRecorded',
];
/** Steps of the law that bind the bureau towards the complainant (shown with their dates while they run). */
const PUBLIC_DEADLINES = ['acceptance', 'mediation'];

@Injectable()
export class PrismaPublicCaseReader extends PublicCaseReader {
  // case_events has one writer: the case repository
  constructor(private readonly prisma: PrismaService, private readonly org: OrgDirectory, private readonly cases: CaseRepository) { super(); }

  async read(caseId: string): Promise<PublicCaseData> {
    const [c, events, docs, deadlines, units] = await Promise.all([
      this.prisma.case.findUniqueOrThrow({ where: { id: caseId } }),
      this.prisma.caseEvent.findMany({ where: { caseId, type: { in: PUBLIC_EVENTS } }, orderBy: { seq: 'asc' } }),
      this.prisma.caseDocument.findMany({ where: { caseId }, orderBy: [{ issuedAt: 'asc' }, { seq: 'asc' }] }),
      this.prisma.deadline.findMany({ where: { caseId, step: { in: PUBLIC_DEADLINES }, ...LIVE_DEADLINE }, orderBy: { dueAt: 'asc' } }),
      this.org.units(),
    ]);
    const unitName = (id: unknown) => (typeof id === 'string' ? units.find((u) => u.id === id)?.name ?? null : null);
    const regime = c.regime as Regime;
    const supersededBy = new Map(docs.filter((d) => d.supersedesId).map((d) => [d.supersedesId!, d.id]));
    return {
      caseNo: c.caseNo,
      facts: {
        type: c.type as 'complaint' | 'report' | 'inquiry', status: c.status as CaseStatus, realName: c.realName,
        declineGroundText: declineGrounds(regime).find((g) => g.code === c.declineGround)?.text ?? null,
        outcome: c.outcome, closeGroundText: terminateGrounds(regime).find((g) => g.code === c.closeGround)?.text ?? null,
        reportDecision: c.reportDecision, transferredOutTo: c.transferredOutTo, answer: c.answer,
      },
      unitName: unitName(c.assignedUnitId),
      events: events.map((e) => ({ type: e.type, at: e.at, data: e.data as Record<string, unknown>, note: e.note, unitName: unitName((e.data as Record<string, unknown>).toUnitId) })),
      documents: docs.map((d) => ({
        id: d.id, kind: d.kind, kindName: DOCUMENT_KIND_INFO[d.kind as DocumentKind]?.name ?? d.kind, number: d.number, title: d.title, issuedAt: d.issuedAt,
        supersededBy: supersededBy.get(d.id) ?? null,
      })),
      deadlines: deadlines.map((d) => ({ kind: d.step, dueAt: d.dueAt, legalBasis: d.legalBasis })),
    };
  }

  async document(caseId: string, documentId: string) {
    const d = await this.prisma.caseDocument.findFirst({ where: { id: documentId, caseId } });
    return d ? { kind: d.kind, title: d.title, number: d.number, body: d.body, issuerName: d.issuerName, issuedAt: d.issuedAt } : null;
  }

  async addSupplement(tx: Tx, caseId: string, text: string, at: Date, actor: { userId: string; unitId: string }): Promise<void> {
    await this.cases.appendEvent(tx, caseId, { type: 'SupplementAdded', at, actorId: actor.userId, unitId: actor.unitId, note: text, data: { source: 'public' } });
  }
}
