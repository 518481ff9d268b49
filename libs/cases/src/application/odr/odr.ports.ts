// Ports of ODR (issue 17). Application code talks to these; Prisma stays in ../../infrastructure/odr.store.ts.
import type { OdrContactDto, OdrEnterpriseDto, OdrEnterpriseStatus, OdrReplyDto, OdrStage } from '#contracts';
import type { Tx } from '#platform';
import type { OdrFigureCase, OdrFigureEnterprise } from '../../domain/odr.js';

export interface OdrEnterpriseRow { id: string; name: string; creditCode: string; status: OdrEnterpriseStatus }

export abstract class OdrEnterprises {
  abstract list(status?: OdrEnterpriseStatus): Promise<OdrEnterpriseDto[]>;
  abstract get(id: string): Promise<OdrEnterpriseDto | null>;
  abstract byCreditCode(creditCode: string): Promise<OdrEnterpriseRow | null>;
  abstract row(id: string): Promise<OdrEnterpriseRow | null>;
  abstract insert(e: { id: string; name: string; creditCode: string; checksumValid: boolean; stores: string[]; contacts: OdrContactDto[]; at: Date; by: string }): Promise<'ok' | 'duplicate'>;
  abstract update(id: string, change: { status?: OdrEnterpriseStatus; reason: string | null; stores?: string[]; contacts?: OdrContactDto[]; at: Date; by: string }): Promise<void>;
  /** Binds an account (made by libs/org, role enterprise) to the enterprise. */
  abstract bindUser(enterpriseId: string, userId: string, at: Date): Promise<void>;
  /** The enterprise an `enterprise` account is bound to. */
  abstract enterpriseOf(userId: string): Promise<string | null>;
  abstract suggest(q: string, limit: number): Promise<{ id: string; name: string; creditCode: string; stores: string[] }[]>;
  /** Active users of an enterprise with their unit (the window's warnings go to their inbox, kept per unit). */
  abstract users(enterpriseId: string): Promise<{ id: string; unitId: string }[]>;
}

export interface OdrCaseRow {
  caseId: string;
  enterpriseId: string;
  stage: OdrStage;
  consentAt: Date;
  handedOverAt: Date;
  dueAt: Date | null;
  endedAt: Date | null;
  firstReplyAt: Date | null;
  proposal: string | null;
  replies: OdrReplyDto[];
}

/** What the enterprise may read of a case (no bureau notes, no handling details). */
export interface OdrCaseFacts {
  caseNo: string; complainantName: string; complainantPhone: string; complainantAddress: string; respondentName: string;
  description: string; request: string | null; amount: number | null;
}

export abstract class OdrCases {
  abstract get(caseId: string, tx?: Tx): Promise<OdrCaseRow | null>;
  /**
   * The stage opens with the case's registration (same transaction): consent and hand-over at `at`. Answers the
   * window's clock row (written by the trigger odr_cases_window_clock), to arm its rungs through the outbox.
   */
  abstract open(tx: Tx, o: { caseId: string; enterpriseId: string; at: Date; dueAt: Date | null }): Promise<{ id: string; version: number } | null>;
  /** The enterprise's cases, open ones first by nearest window end, then ended ones (newest first). */
  abstract listOwn(enterpriseId: string): Promise<{ odr: OdrCaseRow; facts: OdrCaseFacts }[]>;
  abstract detail(caseId: string): Promise<{ odr: OdrCaseRow; facts: OdrCaseFacts; attachments: { id: string; fileName: string; size: number; contentType: string }[] } | null>;
  /** Changes the stage (and what comes with it) in the caller's transaction; false when another writer moved it first. */
  abstract move(tx: Tx, caseId: string, from: OdrStage, patch: { stage: OdrStage; endedAt?: Date; firstReplyAt?: Date; proposal?: string | null; reply?: OdrReplyDto }): Promise<boolean>;
  /** The enterprises (all, or one) and their stages handed over between two China dates (inclusive): input of odrFigures. */
  abstract figureInputs(from: string, to: string, enterpriseId?: string): Promise<{ enterprises: OdrFigureEnterprise[]; cases: OdrFigureCase[] }>;
}
