// Protected identities (O121 Art. 37) on reads: which cases carry one, and the audit of every read of it.
import type { Clock, PrismaService } from '#platform';
import { isIdentityProtected, type Viewer } from '#org';

/**
 * The cases among `ids` that share their person with a report: a complaint filed together with one (O121 Art. 9),
 * an inquiry converted into one. Their party is protected like the reporter.
 */
export async function linkedToReport(prisma: PrismaService, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await prisma.caseLink.findMany({
    where: { caseId: { in: [...ids] }, kind: { in: ['complaintReport', 'convertedTo'] } }, select: { caseId: true, otherCaseId: true, kind: true },
  });
  const converted = rows.filter((r) => r.kind === 'convertedTo').map((r) => r.otherCaseId);
  const reports = new Set(converted.length
    ? (await prisma.case.findMany({ where: { id: { in: converted }, type: 'report' }, select: { id: true } })).map((c) => c.id)
    : []);
  return new Set(rows.filter((r) => r.kind === 'complaintReport' || reports.has(r.otherCaseId)).map((r) => r.caseId));
}

export interface IdentityReadEntry {
  /** null: a search or hint request that showed no protected case */
  caseId: string | null;
  via: string;
  /** name,phone,address | search:phone | search:idNumber | hints */
  fields: string;
  /** the search term, masked */
  query?: string | null;
}

/** Writes who read which identity, when, from where (append-only table identity_reads). */
export async function auditIdentityReads(prisma: PrismaService, clock: Clock, viewer: Viewer, entries: readonly IdentityReadEntry[]): Promise<void> {
  if (!entries.length) return;
  const at = clock.now();
  await prisma.identityRead.createMany({
    data: entries.map((e) => ({
      caseId: e.caseId, userId: viewer.userId, unitId: viewer.unitId, role: viewer.role, at, via: e.via, fields: e.fields,
      query: e.query ?? null, ip: viewer.ip ?? null,
    })),
  });
}

/** Whether this case's party is a protected identity (a report, or a case sharing its person with one). */
export async function identityProtected(prisma: PrismaService, row: { id: string; type: string }): Promise<boolean> {
  return isIdentityProtected(row.type, row.type !== 'report' && (await linkedToReport(prisma, [row.id])).has(row.id));
}
