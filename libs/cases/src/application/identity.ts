// Protected identities (O121 Art. 37) on reads: which cases carry one, and the audit of every read of it.
import type { Clock, PrismaService } from '#platform';
import type { Viewer } from '#org';

/** The complaints among `ids` filed together with a report (O121 Art. 9): their complainant is the reporter. */
export async function linkedToReport(prisma: PrismaService, ids: readonly string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await prisma.caseLink.findMany({ where: { caseId: { in: [...ids] }, kind: 'complaintReport' }, select: { caseId: true } });
  return new Set(rows.map((r) => r.caseId));
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
