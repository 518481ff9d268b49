// In-memory adapters of libs/cases' ports, for handler specs that run without PostgreSQL. A transaction is a
// token here: the specs look at what was stored, not at isolation.
import { ConcurrentUpdate, type OutboxEntry, type Tx } from '#platform';
import { Case, type CaseEvent, type CaseProps } from '../domain/case.js';
import { CaseNotFound } from '../domain/case.errors.js';
import type { Viewer } from '#org';
import type { DocumentKind } from '../domain/documents.js';
import {
  AttachmentRepository, CaseAccess, CaseReads, CaseRepository, DocumentRepository, IdentityAudit, Inbox, NOTIFICATION_UNREAD_CAP,
  type AppendedEvent, type AttachmentDownloadEntry, type AttachmentRecord, type CaseHeader, type CaseLinkRecord, type CaseSummary, type CoUnitPart, type DocumentCase,
  type DocumentRecord, type HintCandidate, type IdentityReadEntry, type IdentityReadRecord, type InboxItem, type InboxReader, type RegistrationRead, type SupervisionRecord, type TemplateVersionRecord,
} from '../application/ports.js';

export class InMemoryCaseRepository extends CaseRepository {
  readonly rows = new Map<string, CaseProps>();
  readonly events: (CaseEvent & { caseId: string; seq: number })[] = [];
  readonly outbox: OutboxEntry[] = [];
  private seq = 0;

  /** Stores a case as if it had been registered (its events and timers are dropped). */
  seed(c: Case): void {
    c.pullEvents();
    c.pullTimers();
    this.rows.set(c.id, structuredClone({ ...c.snapshot(), version: 1 }));
  }
  async get(id: string): Promise<Case> {
    const p = this.rows.get(id);
    if (!p) throw new CaseNotFound(id);
    return Case.restore(structuredClone(p));
  }
  async insert(c: Case): Promise<void> {
    this.rows.set(c.id, structuredClone({ ...c.snapshot(), version: 1 }));
    this.append(c.id, c.pullEvents());
  }
  /** The identity reads registrations committed with their cases (the Prisma adapter writes them to identity_reads). */
  readonly reads: RegistrationRead[] = [];
  async insertNew(cases: Case[], outbox: OutboxEntry[], _tx?: Tx, _key?: unknown, reads: readonly RegistrationRead[] = []): Promise<void> {
    for (const c of cases) await this.insert(c);
    this.outbox.push(...outbox);
    this.reads.push(...reads);
  }
  async save(c: Case): Promise<void> {
    const p = c.snapshot();
    if (this.rows.get(p.id)?.version !== p.version) throw new ConcurrentUpdate(p.id);
    this.rows.set(p.id, structuredClone({ ...p, version: p.version + 1 }));
    this.append(p.id, c.pullEvents());
  }
  async nextCaseNo(year: number): Promise<string> {
    return `${year}${String(++this.seq).padStart(8, '0')}`;
  }
  async appendEvent(_tx: Tx, caseId: string, e: AppendedEvent): Promise<void> {
    this.append(caseId, [{ id: `event-${this.events.length + 1}`, rule: null, note: null, ...e } as CaseEvent]);
  }
  private append(caseId: string, events: CaseEvent[]): void {
    const after = this.events.filter((e) => e.caseId === caseId).length;
    events.forEach((e, i) => this.events.push({ ...e, caseId, seq: after + i + 1 }));
  }
}

export class InMemoryInbox extends Inbox {
  items: InboxItem[] = [];
  reads = new Map<string, Date>();
  marks = new Map<string, Date>();
  async append(_tx: Tx, items: InboxItem[]): Promise<void> {
    this.items.push(...items.map((i) => ({ ...i })));
  }
  private mine(r: InboxReader, i: InboxItem): boolean {
    return i.unitId === r.unitId && (i.role === null || i.role === r.role);
  }
  async forReader(r: InboxReader, now: Date, unreadOnly: boolean, limit: number) {
    const mark = this.marks.get(r.userId);
    const read = (i: InboxItem) => (mark !== undefined && i.deliverAt <= mark) || this.reads.has(`${i.id}/${r.userId}`);
    const mine = this.items.filter((i) => this.mine(r, i) && i.deliverAt <= now).sort((a, b) => +b.deliverAt - +a.deliverAt || (a.id < b.id ? 1 : -1));
    return {
      unread: Math.min(NOTIFICATION_UNREAD_CAP, mine.filter((i) => !read(i)).length),
      items: mine.filter((i) => !unreadOnly || !read(i)).slice(0, limit).map((i) => ({ ...i, read: read(i) })),
    };
  }
  async markRead(id: string, r: InboxReader, at: Date): Promise<boolean> {
    const i = this.items.find((x) => x.id === id);
    if (!i || !this.mine(r, i)) return false;
    if (!this.reads.has(`${id}/${r.userId}`)) this.reads.set(`${id}/${r.userId}`, at);
    return true;
  }
  async markAllRead(r: InboxReader, at: Date): Promise<void> {
    const was = this.marks.get(r.userId);
    if (!was || was < at) this.marks.set(r.userId, at);
  }
}

/** Case reads answered from an InMemoryCaseRepository; links to reports and user names are set by the spec. */
export class InMemoryCaseAccess extends CaseAccess {
  linked = new Set<string>();
  users = new Map<string, string>();
  constructor(private readonly cases: InMemoryCaseRepository) { super(); }
  async header(caseId: string): Promise<CaseHeader | null> {
    const p = this.cases.rows.get(caseId);
    return p ? { id: p.id, caseNo: p.caseNo, type: p.type, assignedUnitId: p.assignedUnitId } : null;
  }
  async coUnitIds(caseId: string): Promise<string[]> {
    return (this.cases.rows.get(caseId)?.coUnits ?? []).map((u) => u.unitId);
  }
  async coCaseIds(units: ReadonlySet<string>): Promise<string[]> {
    return [...this.cases.rows.values()].filter((p) => (p.coUnits ?? []).some((u) => units.has(u.unitId))).map((p) => p.id);
  }
  async linkedToReport(ids: readonly string[]): Promise<Set<string>> {
    return new Set(ids.filter((id) => this.linked.has(id)));
  }
  async userNames(ids: readonly string[]): Promise<Map<string, string>> {
    return new Map(ids.filter((id) => this.users.has(id)).map((id) => [id, this.users.get(id)!]));
  }
  enterprises = new Map<string, { id: string; name: string }>();
  async enterprisesOf(ids: readonly string[]): Promise<Map<string, { id: string; name: string }>> {
    return new Map(ids.filter((id) => this.enterprises.has(id)).map((id) => [id, this.enterprises.get(id)!]));
  }
}

export class InMemoryIdentityAudit extends IdentityAudit {
  rows: (IdentityReadEntry & { userId: string; at: Date })[] = [];
  async record(viewer: Viewer, at: Date, entries: readonly IdentityReadEntry[]): Promise<void> {
    this.rows.push(...entries.map((e) => ({ ...e, userId: viewer.userId, at })));
  }
}

export class InMemoryAttachmentRepository extends AttachmentRepository {
  rows: (AttachmentRecord & { storage: string; storageKey: string | null })[] = [];
  downloads: AttachmentDownloadEntry[] = [];
  async totals(_tx: Tx, caseId: string) {
    const mine = this.rows.filter((r) => r.caseId === caseId);
    return { bytes: mine.reduce((s, r) => s + r.size, 0), files: mine.length };
  }
  async create(_tx: Tx, a: AttachmentRecord) { this.rows.push({ ...a, storage: 'pg', storageKey: null }); }
  async setStorage(_tx: Tx, id: string, storage: string, key: string | null) { Object.assign(this.rows.find((r) => r.id === id)!, { storage, storageKey: key }); }
  async list(caseId: string) { return this.rows.filter((r) => r.caseId === caseId).sort((a, b) => +a.uploadedAt - +b.uploadedAt); }
  async find(caseId: string, id: string) { return this.rows.find((r) => r.caseId === caseId && r.id === id) ?? null; }
  async recordDownload(d: AttachmentDownloadEntry) { this.downloads.push(d); }
}

/** Documents over an InMemoryCaseRepository's cases. */
export class InMemoryDocumentRepository extends DocumentRepository {
  docs: DocumentRecord[] = [];
  templates: TemplateVersionRecord[] = [];
  counters = new Map<string, number>();
  constructor(private readonly cases: InMemoryCaseRepository) { super(); }
  async caseFacts(caseId: string): Promise<DocumentCase | null> {
    const p = this.cases.rows.get(caseId);
    return p ? {
      id: p.id, caseNo: p.caseNo, type: p.type, assignedUnitId: p.assignedUnitId, regime: p.regime, receivedAt: p.receivedAt, decidedAt: p.decidedAt,
      complainantName: p.complainant.name, respondentName: p.respondent.name, respondentAddress: p.respondent.address, description: p.description,
      request: p.request, declineGround: p.declineGround, closeGround: p.closeGround, recoveredAmount: p.recoveredAmount,
      reportDecision: p.reportDecision ?? null, transferredOutTo: p.transferredOutTo ?? null,
    } : null;
  }
  async nextSeq(_tx: Tx, unitId: string, year: number, kind: DocumentKind) {
    const k = `${unitId}/${year}/${kind}`;
    this.counters.set(k, (this.counters.get(k) ?? 0) + 1);
    return this.counters.get(k)!;
  }
  async create(_tx: Tx, d: DocumentRecord) {
    if (this.docs.some((x) => x.number === d.number)) throw new Error('unique violation: case_documents.number');
    this.docs.push({ ...d });
  }
  async list(caseId: string) { return this.docs.filter((d) => d.caseId === caseId).sort((a, b) => +a.issuedAt - +b.issuedAt || a.seq - b.seq); }
  async find(caseId: string, id: string) { return this.docs.find((d) => d.caseId === caseId && d.id === id) ?? null; }
  async isSuperseded(id: string) { return this.docs.some((d) => d.supersedesId === id); }
  async templateVersions(kind: DocumentKind) { return this.templates.filter((t) => t.kind === kind).sort((a, b) => b.version - a.version); }
  async addTemplateVersion(v: TemplateVersionRecord) {
    if (this.templates.some((t) => t.kind === v.kind && t.version === v.version)) return false;
    this.templates.push({ ...v });
    return true;
  }
}

/** The case reads answered from an InMemoryCaseRepository's cases; links and identity reads are set by the spec. */
export class InMemoryCaseReads extends CaseReads {
  links_: (CaseLinkRecord & { caseId: string })[] = [];
  identity: IdentityReadRecord[] = [];
  users_: { id: string; username: string; displayName: string }[] = [];
  constructor(private readonly cases: InMemoryCaseRepository) { super(); }
  async coUnitParts(caseId: string): Promise<CoUnitPart[]> {
    return [...(this.cases.rows.get(caseId)?.coUnits ?? [])].sort((a, b) => +a.addedAt - +b.addedAt);
  }
  async coUnitsOf(caseIds: string[]) {
    return caseIds.flatMap((caseId) => (this.cases.rows.get(caseId)?.coUnits ?? []).map((u) => ({ caseId, unitId: u.unitId })));
  }
  private all(): SupervisionRecord[] {
    return [...this.cases.rows.values()].flatMap((p) => (p.supervisions ?? []).map((s) => ({ ...s, caseId: p.id })));
  }
  async supervisions(caseId: string) { return this.all().filter((s) => s.caseId === caseId).sort((a, b) => +a.openedAt - +b.openedAt); }
  async supervisionsOfUnit(unitId: string, state: 'open' | 'overdue' | 'answered' | 'all', limit: number) {
    return this.all()
      .filter((s) => s.openedByUnitId === unitId || s.targetUnitId === unitId)
      .filter((s) => state === 'all' || (state === 'answered' ? s.answeredAt !== null : s.answeredAt === null && (state === 'open' || s.overdueAt !== null)))
      .sort((a, b) => +a.dueAt - +b.dueAt || a.id.localeCompare(b.id)).slice(0, limit);
  }
  async summaries(ids: string[]): Promise<CaseSummary[]> {
    return [...new Set(ids)].flatMap((id) => { const p = this.cases.rows.get(id); return p ? [{ id, caseNo: p.caseNo, type: p.type, status: p.status, assignedUnitId: p.assignedUnitId }] : []; });
  }
  async hintCandidates(phone: string, address: string | null, since: Date): Promise<HintCandidate[]> {
    return [...this.cases.rows.values()]
      .filter((p) => p.receivedAt >= since && (p.complainant.phone === phone || (address !== null && p.complainant.address === address)))
      .sort((a, b) => +b.receivedAt - +a.receivedAt).slice(0, 500)
      .map((p) => ({
        id: p.id, caseNo: p.caseNo, type: p.type, status: p.status, receivedAt: p.receivedAt, complainantName: p.complainant.name, complainantPhone: p.complainant.phone,
        complainantAddress: p.complainant.address, respondentName: p.respondent.name, respondentCreditCode: p.respondent.creditCode, categoryCode: p.categoryCode,
        assignedUnitId: p.assignedUnitId,
      }));
  }
  async links(caseId: string) { return this.links_.filter((l) => l.caseId === caseId).map(({ kind, otherCaseId }) => ({ kind, otherCaseId })); }
  async identityReads(f: { from?: Date; to?: Date; userId?: string; caseId?: string; skip: number; take: number }) {
    const rows = this.identity
      .filter((r) => (!f.from || r.at >= f.from) && (!f.to || r.at < f.to) && (!f.userId || r.userId === f.userId) && (!f.caseId || r.caseId === f.caseId))
      .sort((a, b) => +b.at - +a.at || Number(b.id - a.id));
    return { total: rows.length, rows: rows.slice(f.skip, f.skip + f.take) };
  }
  async users(ids: string[]) { return this.users_.filter((u) => ids.includes(u.id)); }
  /** Accounts (role, unit) by user id, set by the spec. */
  accounts = new Map<string, { unitId: string; role: string }>();
  async extensionRequester(extensionId: string) {
    const ext = [...this.cases.rows.values()].flatMap((p) => p.deadlines.flatMap((d) => d.extensions)).find((e) => e.id === extensionId);
    const account = ext ? this.accounts.get(ext.requestedBy) : undefined;
    return ext && account ? { id: ext.requestedBy, ...account } : null;
  }
}
