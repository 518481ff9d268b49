// Protected identities (O121 Art. 37) on reads: which cases carry one. The audit of every read is the IdentityAudit
// port (ports.ts); the link lookups are CaseAccess.
import { isIdentityProtected } from '#org';
import type { CaseAccess } from './ports.js';

export type { IdentityReadEntry } from './ports.js';

/** Whether this case's party is a protected identity (a report, or a case sharing its person with one). */
export async function identityProtected(access: CaseAccess, row: { id: string; type: string }): Promise<boolean> {
  return isIdentityProtected(row.type, row.type !== 'report' && (await access.linkedToReport([row.id])).has(row.id));
}
