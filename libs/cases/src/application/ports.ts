import type { IdempotencyContext, OutboxEntry, Tx } from '#platform';
import type { Regime } from '#deadlines';
import type { Viewer } from '#org';
import type { Case } from '../domain/case.js';
import type { JurisdictionDispute } from '../domain/case.types.js';
import type { DocumentKind } from '../domain/documents.js';

/**
 * An Idempotency-Key committed with the creation: its claimed row gets the command's result in the same statement
 * (or, with `claim`, the statement inserts the row with the result), and the statement fails (IdempotencyInProgress)
 * if another request claimed or committed under the key first.
 */
export interface CommittedKey {
  userId: string;
  key: string;
  result: unknown;
  claim?: IdempotencyContext['claim'];
}

/**
 * An identity read the registration's own answer causes (the registrant sees the protected reporter it just typed):
 * audited in the registration's statement, so it commits — or rolls back — with the case (issue 15 §1).
 */
export interface RegistrationRead {
  viewer: Viewer;
  at: Date;
  entry: IdentityReadEntry;
}

/** Port: aggregates in, aggregates out; Prisma rows stay in the adapter. */
export abstract class CaseRepository {
  /** Loads and locks the case row for this transaction. Throws CaseNotFound. */
  abstract get(id: string, tx: Tx): Promise<Case>;
  abstract insert(c: Case, tx: Tx): Promise<void>;
  /**
   * New cases, their clocks, events, hops, links and outbox entries in ONE atomic statement (no interactive
   * transaction): the registration hot path and bulk seeding.
   */
  abstract insertNew(cases: Case[], outbox: OutboxEntry[], tx?: Tx, key?: CommittedKey, reads?: readonly RegistrationRead[]): Promise<void>;
  /** Optimistic: fails with ConcurrentUpdate when someone else saved first. Appends the pulled events. */
  abstract save(c: Case, tx: Tx): Promise<void>;
  abstract nextCaseNo(year: number, tx?: Tx): Promise<string>;
  /**
   * Appends one event to a locked case's timeline (the next seq is ours), for events whose data is known only after
   * the aggregate was saved (a 文号, a stored file). With save/insert the one writer of case_events.
   */
  abstract appendEvent(tx: Tx, caseId: string, e: AppendedEvent): Promise<void>;
}

export interface AppendedEvent { type: string; at: Date; actorId: string | null; unitId: string | null; rule?: string | null; note?: string | null; data: Record<string, unknown> }

/** One inbox item (notifications): for a unit, optionally only one role of it; delivered from `deliverAt`. */
export interface InboxItem {
  id: string; unitId: string; role: string | null; caseId: string | null; deadlineId: string | null; kind: string; title: string; body: string;
  urgent: boolean; createdAt: Date; deliverAt: Date;
}
export interface InboxReader { userId: string; unitId: string; role: string }

/** The unread count stops here (the bell shows 99+): counting a user's whole backlog on every poll costs what it grows to. */
export const NOTIFICATION_UNREAD_CAP = 100;

/** Port: the inbox. Its adapter is the one writer of `notifications`, `notification_reads` and `notification_read_marks`. */
export abstract class Inbox {
  /** In the caller's transaction, with the state change that caused the items. */
  abstract append(tx: Tx, items: InboxItem[]): Promise<void>;
  /** A reader's items delivered by `now` (their unit; for everyone or their role), the newest first, and the unread count (up to NOTIFICATION_UNREAD_CAP). */
  abstract forReader(reader: InboxReader, now: Date, unreadOnly: boolean, limit: number): Promise<{ items: (InboxItem & { read: boolean })[]; unread: number }>;
  /** Marks an item read for the reader (once); false when the item is not theirs or does not exist. */
  abstract markRead(id: string, reader: InboxReader, at: Date): Promise<boolean>;
  /** 全部已读: every item of the reader's delivered by `at` is read (a later call never moves it back). */
  abstract markAllRead(reader: InboxReader, at: Date): Promise<void>;
}

export interface CaseHeader { id: string; caseNo: string; type: string; assignedUnitId: string | null }

/** Reads that other use cases make about cases: who may see one, whether its party is protected, user names. */
export abstract class CaseAccess {
  abstract header(caseId: string): Promise<CaseHeader | null>;
  /** The units with a part (any state) in a case: they may see it (reporter masked). */
  abstract coUnitIds(caseId: string): Promise<string[]>;
  /** Cases in which one of `units` is a co-unit (for lists). */
  abstract coCaseIds(units: ReadonlySet<string>): Promise<string[]>;
  /**
   * The cases among `ids` that share their person with a report: a complaint filed together with one (O121 Art. 9),
   * an inquiry converted into one. Their party is protected like the reporter.
   */
  abstract linkedToReport(ids: readonly string[]): Promise<Set<string>>;
  abstract userNames(ids: readonly string[]): Promise<Map<string, string>>;
  /** The ODR enterprise accounts among these users, with their enterprise (an account's unit is none of the bureau's). */
  abstract enterprisesOf(userIds: readonly string[]): Promise<Map<string, { id: string; name: string }>>;
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

/** Who read which protected identity, when, from where: the one writer of the append-only identity_reads. */
export abstract class IdentityAudit {
  abstract record(viewer: Viewer, at: Date, entries: readonly IdentityReadEntry[]): Promise<void>;
}

export interface AttachmentRecord {
  id: string; caseId: string; name: string; contentType: string; size: number; sha256: string; sensitive: boolean; hasThumbnail: boolean;
  uploadedBy: string; unitId: string; uploadedAt: Date;
}
export interface AttachmentDownloadEntry { attachmentId: string; caseId: string; userId: string; unitId: string; role: string; at: Date; ip: string | null; thumbnail: boolean }

/** Attachment metadata and the download audit: the one writer of case_attachments and attachment_downloads. */
export abstract class AttachmentRepository {
  /** What the case holds already (under the case lock of the caller's transaction). */
  abstract totals(tx: Tx, caseId: string): Promise<{ bytes: number; files: number }>;
  abstract create(tx: Tx, a: AttachmentRecord): Promise<void>;
  /** Where the bytes went when the store is not PostgreSQL. */
  abstract setStorage(tx: Tx, id: string, storage: string, key: string | null): Promise<void>;
  /** The oldest first. */
  abstract list(caseId: string): Promise<AttachmentRecord[]>;
  abstract find(caseId: string, id: string): Promise<AttachmentRecord | null>;
  abstract recordDownload(d: AttachmentDownloadEntry): Promise<void>;
}

/** The case facts a document (文书) quotes. */
export interface DocumentCase extends CaseHeader {
  regime: Regime; receivedAt: Date; decidedAt: Date | null; complainantName: string; respondentName: string; respondentAddress: string;
  description: string; request: string | null; declineGround: string | null; closeGround: string | null; recoveredAmount: number | null;
  reportDecision: string | null; transferredOutTo: string | null;
}
export interface DocumentRecord {
  id: string; caseId: string; kind: DocumentKind; number: string; issuerUnitId: string; issuerName: string; handlingUnitId: string | null; year: number;
  seq: number; templateVersion: number; title: string; body: string; issuedAt: Date; issuedBy: string; supersedesId: string | null;
}
export interface TemplateVersionRecord { kind: DocumentKind; version: number; title: string; body: string; changedAt: Date; changedBy: string | null }

/** Documents, their numbering and templates: the one writer of case_documents, document_counters, document_template_versions. */
export abstract class DocumentRepository {
  abstract caseFacts(caseId: string, tx?: Tx): Promise<DocumentCase | null>;
  /** Next 文号 sequence for (unit, year, kind): the counter row stays locked until the issuing transaction ends. */
  abstract nextSeq(tx: Tx, unitId: string, year: number, kind: DocumentKind): Promise<number>;
  abstract create(tx: Tx, d: DocumentRecord): Promise<void>;
  /** Issue order: issued at, then seq. */
  abstract list(caseId: string): Promise<DocumentRecord[]>;
  abstract find(caseId: string, id: string, tx?: Tx): Promise<DocumentRecord | null>;
  abstract isSuperseded(id: string, tx: Tx): Promise<boolean>;
  /** Admin edits of a template, the newest first (the built-in text, version 1, is not stored). */
  abstract templateVersions(kind: DocumentKind, tx?: Tx): Promise<TemplateVersionRecord[]>;
  /** Stores the next version; false when another admin took that number first. */
  abstract addTemplateVersion(v: TemplateVersionRecord): Promise<boolean>;
}

export interface CoUnitPart { unitId: string; state: string; addedAt: Date; addedBy: string; submittedAt: Date | null; text: string | null }
export interface SupervisionRecord {
  id: string; caseId: string; kind: string; openedByUnitId: string; targetUnitId: string; openedAt: Date; openedBy: string | null; dueAt: Date;
  answeredAt: Date | null; answeredBy: string | null; answer: string | null; auto: boolean; overdueAt: Date | null;
}
export interface HintCandidate {
  id: string; caseNo: string; type: string; status: string; receivedAt: Date; complainantName: string; complainantPhone: string;
  complainantAddress: string; respondentName: string; respondentCreditCode: string | null; categoryCode: string; assignedUnitId: string | null;
}
export interface CaseLinkRecord { kind: string; otherCaseId: string }
export interface CaseSummary extends CaseHeader { status: string }
export interface IdentityReadRecord {
  id: bigint; caseId: string | null; userId: string; unitId: string; role: string; at: Date; via: string; fields: string; query: string | null; ip: string | null;
}

/** Read side of the case views that are not the aggregate: co-handling, supervision, links, hints, the identity audit. */
export abstract class CaseReads {
  /** Oldest first. */
  abstract coUnitParts(caseId: string): Promise<CoUnitPart[]>;
  /** (case, unit) pairs of co-handling for these cases. */
  abstract coUnitsOf(caseIds: string[]): Promise<{ caseId: string; unitId: string }[]>;
  /** A case's items, oldest first. */
  abstract supervisions(caseId: string): Promise<SupervisionRecord[]>;
  /** A unit's items as opener or target, in a state (open: unanswered; overdue; answered; all), nearest due first. */
  abstract supervisionsOfUnit(unitId: string, state: 'open' | 'overdue' | 'answered' | 'all', limit: number): Promise<SupervisionRecord[]>;
  abstract summaries(ids: string[]): Promise<CaseSummary[]>;
  /** Cases received since `since` with this complainant phone or address, newest first, at most 500. */
  abstract hintCandidates(phone: string, address: string | null, since: Date): Promise<HintCandidate[]>;
  /** A case's links, oldest first. */
  abstract links(caseId: string): Promise<CaseLinkRecord[]>;
  /** One page of the identity-read audit, newest first, and the count of all that match. */
  abstract identityReads(f: { from?: Date; to?: Date; userId?: string; caseId?: string; skip: number; take: number }): Promise<{ total: number; rows: IdentityReadRecord[] }>;
  abstract users(ids: string[]): Promise<{ id: string; username: string; displayName: string }[]>;
  /** Who asked for an extension, with their role and unit read from their account now; null when the id is unknown. */
  abstract extensionRequester(extensionId: string): Promise<{ id: string; unitId: string; role: string } | null>;
}

/** A case as its views show it (the row, amounts as numbers). */
export interface CaseRow {
  id: string; caseNo: string; type: string; channel: string; status: string; regime: string; receivedAt: Date; registeredAt: Date;
  complainantName: string; complainantPhone: string; complainantAddress: string;
  respondentName: string; respondentCreditCode: string | null; respondentRegionCode: string; respondentTownshipCode: string | null; respondentAddress: string; respondentPlatform: boolean;
  categoryCode: string; problemType: string | null; description: string; request: string | null; amount: number | null; assignedUnitId: string | null;
  declineGround: string | null; outcome: string | null; closeGround: string | null; recoveredAmount: number | null; satisfaction: string | null; overdue: boolean;
  realName: boolean; violationRegionCode: string | null; returnCount: number; pingPong: boolean; reportDecision: string | null; transferredOutTo: string | null;
  answer: string | null; mergedIntoId: string | null;
  jurisdictionDispute: JurisdictionDispute | null;
}
/** A clock as the case views show it. */
export interface DeadlineRow {
  id: string; caseId: string | null; step: string; state: string; startDate: Date; amount: number; unit: string; dueDate: Date; dueAt: Date; legalBasis: string;
  calendarGap: boolean; metAt: Date | null; overdueAt: Date | null; version: number;
}
export interface CaseEventRow { seq: number; type: string; at: Date; actorId: string | null; unitId: string | null; rule: string | null; note: string | null; data: unknown }

/**
 * A case as the list shows it: its columns, its nearest open clock (running or overdue, not met) and whether it is
 * linked to a report (CaseAccess.linkedToReport's rule) — read with the page, not in round trips of their own.
 */
export type CaseListRow = Pick<CaseRow, 'id' | 'caseNo' | 'type' | 'channel' | 'status' | 'receivedAt' | 'complainantName' | 'realName' | 'respondentName' | 'categoryCode' | 'assignedUnitId' | 'overdue'> & {
  nextDeadline: { step: string; dueAt: Date; state: string } | null;
  linkedToReport: boolean;
  /** a 管辖争议 is open on the case (cases.jurisdiction_dispute) */
  disputed: boolean;
  /** cases.next_due_at: the key of the deadline order (a page's last one is where the next page starts) */
  nextDueAt: Date | null;
};

/** Where a page ends, in the list's order: received (newest first) or deadline (nearest open clock first, then newest). */
export interface CaseListPosition {
  sort: 'received' | 'deadline';
  receivedAt: Date;
  caseNo: string;
  /** The case's nearest open clock (deadline order only; null: the cases without one, which come after those with one). */
  nextDueAt: Date | null;
}

export interface CaseListQuery {
  /** null: every unit; otherwise cases assigned to or co-handled by one of these */
  visible: ReadonlySet<string> | null;
  /** a unit's id (a unit that does not exist: the nil uuid, matching nothing) */
  unitId?: string;
  status?: string[]; type?: string; overdue?: boolean; disputed?: boolean;
  /** case-number prefix, respondent-name part, or one of `byIdentity` */
  q?: string; byIdentity: string[];
  sort: 'received' | 'deadline'; skip: number; take: number;
  /** keyset: the page starts after this case in the list's order (skip is then 0) */
  after?: CaseListPosition;
}

/**
 * The case list counts matches up to this many (then says totalCapped): counting a city's 1,000,000 cases on every
 * page took ~0.5 s of the server (issue 15 §1) and nobody pages past 500 pages of 20.
 */
export const CASE_COUNT_CAP = 10_000;
/**
 * A q search counts its matches up to this many (then says totalCapped), either order: a search is for finding a
 * case, and a respondent-name part's count rechecks every match it counts in the table (10,000: ~6,400 pages, ~12 ms
 * of the database per search; 1,000: ~690 pages).
 */
export const CASE_SEARCH_COUNT_CAP = 1_000;
/** Where a list stops counting (and its page numbers end): a q search sooner. */
export const countCapOf = (q: { q?: string }) => (q.q ? CASE_SEARCH_COUNT_CAP : CASE_COUNT_CAP);

/** One status of a unit's load (CaseViews.load). */
export interface CaseLoadRow { status: string; total: number; overdue: number }

/** The case list, a case's row, clocks and timeline: the read model of the case views. */
export abstract class CaseViews {
  abstract row(id: string): Promise<CaseRow | null>;
  abstract deadlines(caseId: string): Promise<DeadlineRow[]>;
  /** A page (received: newest first; deadline: nearest open clock first, cases without one last) and the count of all
   * (up to CASE_COUNT_CAP, with q CASE_SEARCH_COUNT_CAP; `capped` says there are more). */
  abstract list(q: CaseListQuery): Promise<{ total: number; capped: boolean; rows: CaseListRow[] }>;
  /**
   * A unit's load: how many cases are in each of `status` and how many of those are overdue, under the list's
   * visibility and unit (the same cases the list would count), counted in full.
   */
  abstract load(q: Pick<CaseListQuery, 'visible' | 'unitId'> & { status: readonly string[] }): Promise<CaseLoadRow[]>;
  /** Cases with this complainant phone (at most 1,000). */
  abstract byPhone(phone: string): Promise<{ id: string; type: string; assignedUnitId: string | null }[]>;
  abstract events(caseId: string): Promise<CaseEventRow[]>;
}

/** Read of the case clocks a calendar change can move (the case subject's re-projection); the engine's tables, read only. */
export abstract class CaseClockReads {
  /**
   * Cases with a live clock (not met; running, paused or overdue) started by `to` that ends on or after `from` or lacks
   * a calendar year (`calendarGap`); each case once.
   */
  abstract casesWithLiveClocks(from: Date, to: Date): Promise<string[]>;
}

/** A case clock's row as its explanation shows it. */
export interface ClockDetailRow {
  id: string; step: string; state: string; legalBasis: string; version: number; policyId: string; startAt: Date; startDate: Date; amount: number;
  unit: string; extended: number; dueDate: Date; dueAt: Date;
}
export interface ClockPauseRow { id: string; deadlineId: string; reason: string; evidence: string | null; note: string | null; pausedAt: Date; resumedAt: Date | null }
export interface ClockExtensionRow {
  id: string; deadlineId: string; amount: number; reason: string; status: string; lastMinute: boolean; requestedAt: Date; requestedBy: string;
  decidedAt: Date | null; decisionNote: string | null;
}
/** What "why is my deadline this date?" reads of one case: its clocks (oldest first), their journal, pauses, extensions and claimed rungs. */
export interface CaseClockDetails {
  deadlines: ClockDetailRow[];
  /** DeadlineArmed, DeadlineMoved, ExtensionApproved, ClockPaused, ClockResumed events, by seq. */
  events: { type: string; at: Date; rule: string | null; actorId: string | null; data: unknown }[];
  pauses: ClockPauseRow[];
  extensions: ClockExtensionRow[];
  firings: { deadlineId: string; version: number; rung: string; firedAt: Date }[];
}
/** A pending extension request with its clock, its case and the requester's account. */
export interface PendingExtensionRow {
  extension: ClockExtensionRow;
  clock: { step: string; unit: string; dueDate: Date };
  case: { id: string; caseNo: string; assignedUnitId: string | null };
  requester: { id: string; unitId: string; role: string } | null;
}

/** Read port of the case clocks' details (the engine's tables, read only). */
export abstract class ClockDetails {
  abstract ofCase(caseId: string): Promise<CaseClockDetails>;
  /** Pending extension requests of case clocks, oldest first, at most `limit`. */
  abstract pendingExtensions(limit: number): Promise<PendingExtensionRow[]>;
}
