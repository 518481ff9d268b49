// Ports of the public side (issue 16). Application code talks to these; Prisma and Redis stay in infrastructure.
import type { Tx } from '#platform';
import type { CodePurpose, PublicCaseFacts, PublicEvent, StoredCode } from '../../domain/public.js';

export abstract class SmsCodeStore {
  /** The newest code sent to this phone for this purpose. */
  abstract latest(phone: string, purpose: CodePurpose): Promise<StoredCode | null>;
  abstract insert(tx: Tx, c: { phone: string; purpose: CodePurpose; codeHash: string; expiresAt: Date; createdAt: Date }): Promise<string>;
  /** Marks it used; false when it was used meanwhile (two requests racing with one code). */
  abstract consume(tx: Tx, id: string, at: Date): Promise<boolean>;
}

/** Wrong tries per code, outside the database (a refused request changes no row). */
export abstract class WrongCodeCounter {
  abstract count(codeId: string): Promise<number>;
  abstract increment(codeId: string, ttlMs: number): Promise<number>;
}

export interface ProofTarget {
  caseId: string;
  complainantPhone: string;
  /** Only cases filed online have one. */
  queryCodeHash: string | null;
}

export abstract class PublicFilingStore {
  /** Serialises filings with this fingerprint until the transaction ends. */
  abstract lockFingerprint(tx: Tx, fingerprint: string): Promise<void>;
  abstract findRecent(tx: Tx, fingerprint: string, since: Date): Promise<{ caseNo: string; queryCodeSealed: string | null; phone: string } | null>;
  abstract insert(tx: Tx, f: { caseId: string; phone: string; fingerprint: string; queryCodeHash: string; queryCodeSealed: string; createdAt: Date }): Promise<void>;
  /** Clears sealed query codes older than the duplicate window. */
  abstract forgetSealed(tx: Tx, before: Date): Promise<void>;
  abstract caseNoOf(tx: Tx, caseId: string): Promise<string>;
  abstract proofTarget(caseNo: string): Promise<ProofTarget | null>;
}

export interface PublicDocumentRow { id: string; kind: string; kindName: string; number: string; title: string; issuedAt: Date; supersededBy: string | null }

export interface PublicCaseData {
  caseNo: string;
  facts: PublicCaseFacts;
  unitName: string | null;
  events: PublicEvent[];
  documents: PublicDocumentRow[];
  /** Live legal time limits: what the law gives the bureau, and until when. */
  deadlines: { kind: string; dueAt: Date; legalBasis: string }[];
}

export abstract class PublicCaseReader {
  abstract read(caseId: string): Promise<PublicCaseData>;
  abstract document(caseId: string, documentId: string): Promise<{ kind: string; title: string; number: string; body: string; issuerName: string; issuedAt: Date } | null>;
  /** The supplementary text as a case event (補充材料), in the caller's transaction. */
  abstract addSupplement(tx: Tx, caseId: string, text: string, at: Date, actor: { userId: string; unitId: string }): Promise<void>;
}
