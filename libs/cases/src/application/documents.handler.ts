// Written notices and documents (文书, issue 13 §3): issued in the deciding transaction (受理 → 受理告知书, 不予受理 →
// 不予受理告知书 with its ground, 调解成功 → 调解书, 终止调解 → 终止调解告知书), numbered per issuing unit/year/kind,
// immutable once issued (DB trigger); a correction is a new document that supersedes the old one.
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, InvalidInput, type Tx } from '#platform';
import { chinaDate, toChinaIso, type Regime } from '#deadlines';
import { canSee, canSeeReporter, type UnitNode, type Viewer } from '#org';
import { OrgDirectory } from '#org-nest';
import type { Actor } from '../domain/case.js';
import { CaseNotFound, NotAssignee } from '../domain/case.errors.js';
import { declineGrounds, OTHER_ROUTES_NOTICE, terminateGrounds } from '../domain/grounds.js';
import { REPORT_DECISIONS } from '../domain/handoffs.js';
import {
  builtinTemplate, chineseDate, DOCUMENT_KIND_INFO, DOCUMENT_KINDS, documentNumber, DocumentNotFound, fillTemplate, isDocumentKind, issuingUnit,
  legalText, PLACEHOLDERS, REGULATION_NAMES, UnknownDocumentKind, UnknownPlaceholder, unknownPlaceholders,
  type DocumentKind, type DocumentTemplate,
} from '../domain/documents.js';
import type { RenderableDocument } from '../infrastructure/document.render.js';
import { CaseWorkflow } from './case-workflow.js';
import { identityProtected } from './identity.js';
import { CaseAccess, CaseRepository, DocumentRepository, type DocumentCase } from './ports.js';
import { CaseQuery } from './visible-case.js';

type CaseRow = DocumentCase;

export interface DocumentListItem {
  id: string; kind: DocumentKind; kindName: string; number: string; title: string; issuedAt: string;
  issuer: { id: string; name: string }; templateVersion: number; supersedesId: string | null; supersededBy: string | null;
}

/** What a document says beyond the case row: the agreement's content (the closing note); the agency of a 移送. */
export interface DocumentExtras { note?: string | null; ground?: string | null; agency?: string | null }

export function kindOrThrow(kind: string): DocumentKind {
  if (!isDocumentKind(kind)) throw new UnknownDocumentKind(kind);
  return kind;
}

/** The template in force: the newest admin edit, else the built-in text (version 1). */
export async function currentTemplate(docs: DocumentRepository, kind: DocumentKind, tx?: Tx): Promise<DocumentTemplate> {
  const [row] = await docs.templateVersions(kind, tx);
  return row ? { kind, version: row.version, title: row.title, body: row.body } : builtinTemplate(kind);
}

/** The case's facts for the placeholders (PLACEHOLDERS); the ground is the case's own unless a preview names one. */
function caseFacts(row: CaseRow, units: readonly UnitNode[], issuer: UnitNode, now: Date, extras: DocumentExtras): Record<string, string | null> {
  const regime = row.regime;
  const decline = declineGrounds(regime).find((g) => g.code === (extras.ground ?? row.declineGround));
  const terminate = terminateGrounds(regime).find((g) => g.code === (extras.ground ?? row.closeGround));
  const ground = decline ?? terminate;
  const day = (d: Date | null) => (d ? chineseDate(chinaDate(d)) : null);
  return {
    案件编号: row.caseNo, 投诉人: row.complainantName, 被投诉人: row.respondentName, 被投诉人地址: row.respondentAddress,
    收到日期: day(row.receivedAt), 受理日期: day(row.decidedAt), 决定日期: day(now), 投诉事由: row.description, 投诉请求: row.request,
    不予受理理由: decline?.text ?? null, 终止理由: terminate?.text ?? null, 法律依据: ground ? legalText(ground.article) : REGULATION_NAMES[regime],
    办法名称: REGULATION_NAMES[regime], 协议内容: extras.note ?? null,
    挽回经济损失: row.recoveredAmount === null ? null : row.recoveredAmount.toFixed(2),
    处理机关: issuer.name, 承办单位: units.find((u) => u.id === row.assignedUnitId)?.name ?? null, 其他途径: OTHER_ROUTES_NOTICE,
    处理决定: row.reportDecision ? (REPORT_DECISIONS as Record<string, string>)[row.reportDecision] ?? null : null,
    移送机关: extras.agency ?? row.transferredOutTo,
  };
}

/** Issues documents inside a command's transaction (the case row is already locked by CaseWorkflow). */
@Injectable()
export class DocumentIssuer {
  constructor(private readonly org: OrgDirectory, private readonly docs: DocumentRepository, private readonly cases: CaseRepository) {}

  async issue(
    tx: Tx, caseId: string, kind: DocumentKind, actor: Actor, now: Date,
    opts: { extras?: DocumentExtras; body?: string; supersedesId?: string; issuerUnitId?: string } = {},
  ): Promise<{ id: string; number: string }> {
    const row = await this.docs.caseFacts(caseId, tx);
    if (!row) throw new CaseNotFound(caseId);
    const units = await this.org.units();
    const issuer = issuingUnit(units, opts.issuerUnitId ?? row.assignedUnitId ?? actor.unitId);
    const template = await currentTemplate(this.docs, kind, tx);
    const year = Number(chinaDate(now).slice(0, 4));
    const seq = await this.docs.nextSeq(tx, issuer.id, year, kind);
    const number = documentNumber(issuer, kind, year, seq);
    const body = opts.body ?? fillTemplate(template.body, { ...caseFacts(row, units, issuer, now, opts.extras ?? {}), 文号: number });
    const id = randomUUID();
    await this.docs.create(tx, {
      id, caseId, kind, number, issuerUnitId: issuer.id, issuerName: issuer.name, handlingUnitId: row.assignedUnitId, year, seq,
      templateVersion: template.version, title: template.title, body, issuedAt: now, issuedBy: actor.userId, supersedesId: opts.supersedesId ?? null,
    });
    await this.cases.appendEvent(tx, caseId, {
      type: 'DocumentIssued', at: now, actorId: actor.userId, unitId: actor.unitId,
      rule: kind === 'acceptanceNotice' || kind === 'declineNotice' ? `${REGULATION_NAMES[row.regime]}：作出受理或者不予受理决定并告知投诉人` : null,
      data: { documentId: id, kind, kindName: DOCUMENT_KIND_INFO[kind].name, number, issuer: issuer.name, supersedesId: opts.supersedesId ?? null },
    });
    return { id, number };
  }
}

async function visibleCaseRow(docs: DocumentRepository, access: CaseAccess, org: OrgDirectory, caseId: string, viewer: Viewer): Promise<{ row: CaseRow; units: readonly UnitNode[] }> {
  const row = await docs.caseFacts(caseId);
  const units = await org.units();
  if (!row || !canSee(viewer, units, row.assignedUnitId, await access.coUnitIds(caseId))) throw new CaseNotFound(caseId);
  return { row, units };
}

/**
 * Documents name the party: on a case whose party is protected (a report, or a case sharing its person with one) only
 * those who may see that identity see them (O121 Art. 37).
 */
async function seesDocuments(access: CaseAccess, viewer: Viewer, units: readonly UnitNode[], row: CaseRow): Promise<boolean> {
  return canSeeReporter(viewer, units, row.assignedUnitId) || !(await identityProtected(access, row));
}

export class ListDocuments extends CaseQuery<DocumentListItem[]> {}
export class GetDocument extends Query<RenderableDocument & { kind: DocumentKind }> {
  constructor(readonly caseId: string, readonly documentId: string, readonly viewer: Viewer) { super(); }
}
export class PreviewDocument extends Query<RenderableDocument & { kind: DocumentKind; templateVersion: number }> {
  constructor(readonly caseId: string, readonly kind: string, readonly viewer: Viewer, readonly extras: DocumentExtras) { super(); }
}
export class CorrectDocument extends Command<{ id: string; number: string }> {
  constructor(readonly caseId: string, readonly documentId: string, readonly actor: Actor, readonly body: string) { super(); }
}

@QueryHandler(ListDocuments)
export class ListDocumentsHandler implements IQueryHandler<ListDocuments> {
  constructor(private readonly docs: DocumentRepository, private readonly access: CaseAccess, private readonly org: OrgDirectory) {}
  async execute({ caseId, viewer }: ListDocuments): Promise<DocumentListItem[]> {
    const { row, units } = await visibleCaseRow(this.docs, this.access, this.org, caseId, viewer);
    if (!(await seesDocuments(this.access, viewer, units, row))) return [];
    const rows = await this.docs.list(caseId);
    const supersededBy = new Map(rows.filter((r) => r.supersedesId).map((r) => [r.supersedesId!, r.id]));
    return rows.map((r) => ({
      id: r.id, kind: r.kind, kindName: DOCUMENT_KIND_INFO[r.kind]?.name ?? r.kind, number: r.number, title: r.title,
      issuedAt: toChinaIso(r.issuedAt), issuer: { id: r.issuerUnitId, name: r.issuerName }, templateVersion: r.templateVersion,
      supersedesId: r.supersedesId, supersededBy: supersededBy.get(r.id) ?? null,
    }));
  }
}

@QueryHandler(GetDocument)
export class GetDocumentHandler implements IQueryHandler<GetDocument> {
  constructor(private readonly docs: DocumentRepository, private readonly access: CaseAccess, private readonly org: OrgDirectory) {}
  async execute({ caseId, documentId, viewer }: GetDocument) {
    const { row, units } = await visibleCaseRow(this.docs, this.access, this.org, caseId, viewer);
    const d = await this.docs.find(caseId, documentId);
    if (!d || !(await seesDocuments(this.access, viewer, units, row))) throw new DocumentNotFound(documentId);
    return { kind: d.kind, title: d.title, number: d.number, body: d.body, issuerName: d.issuerName, issuedAt: d.issuedAt };
  }
}

@QueryHandler(PreviewDocument)
export class PreviewDocumentHandler implements IQueryHandler<PreviewDocument> {
  constructor(private readonly docs: DocumentRepository, private readonly access: CaseAccess, private readonly org: OrgDirectory, private readonly clock: Clock) {}
  async execute({ caseId, kind: k, viewer, extras }: PreviewDocument) {
    const kind = kindOrThrow(k);
    const { row, units } = await visibleCaseRow(this.docs, this.access, this.org, caseId, viewer);
    if (!(await seesDocuments(this.access, viewer, units, row))) throw new CaseNotFound(caseId);
    const issuer = issuingUnit(units, kind === 'transferLetter' ? viewer.unitId : (row.assignedUnitId ?? viewer.unitId));
    const template = await currentTemplate(this.docs, kind);
    const now = this.clock.now();
    const facts = caseFacts({ ...row, decidedAt: row.decidedAt ?? (kind === 'acceptanceNotice' || kind === 'declineNotice' ? now : null) }, units, issuer, now, extras);
    return { kind, templateVersion: template.version, title: template.title, number: null, body: fillTemplate(template.body, { ...facts, 文号: '（签发时编号）' }), issuerName: issuer.name, issuedAt: null };
  }
}

/** A correction: a new number, the corrected text, linked to the document it supersedes (the old one stays as issued). */
@CommandHandler(CorrectDocument)
export class CorrectDocumentHandler implements ICommandHandler<CorrectDocument> {
  constructor(private readonly wf: CaseWorkflow, private readonly issuer: DocumentIssuer, private readonly docs: DocumentRepository) {}
  async execute({ caseId, documentId, actor, body }: CorrectDocument) {
    if (!body.trim()) throw new InvalidInput([{ field: 'body', code: 'REQUIRED', message: '请填写更正后的文书正文' }]);
    let out = { id: '', number: '' };
    await this.wf.transition(caseId, actor, (c) => {
      if (!['handler', 'leader'].includes(actor.role) || c.assignedUnitId !== actor.unitId) throw new NotAssignee();
    }, async (tx, ctx) => {
      const old = await this.docs.find(caseId, documentId, tx);
      if (!old) throw new DocumentNotFound(documentId);
      if (await this.docs.isSuperseded(old.id, tx))
        throw new InvalidInput([{ field: 'documentId', code: 'ALREADY_SUPERSEDED', message: '该文书已被更正，请更正最新的文书' }]);
      out = await this.issuer.issue(tx, caseId, old.kind, actor, ctx.now, { body, supersedesId: old.id });
    });
    return out;
  }
}

// ---- templates (admin)

export interface TemplateView extends DocumentTemplate { kindName: string; changedAt: string | null; changedBy: { id: string; name: string } | null; placeholders: typeof PLACEHOLDERS }

export class ListTemplates extends Query<TemplateView[]> {}
export class GetTemplateVersions extends Query<TemplateView[]> {
  constructor(readonly kind: string) { super(); }
}
export class SaveTemplate extends Command<TemplateView> {
  constructor(readonly kind: string, readonly actor: Actor, readonly title: string, readonly body: string) { super(); }
}

async function templateViews(docs: DocumentRepository, access: CaseAccess, kind: DocumentKind): Promise<TemplateView[]> {
  const rows = await docs.templateVersions(kind);
  const users = await access.userNames(rows.map((r) => r.changedBy!).filter(Boolean));
  const base = { kindName: DOCUMENT_KIND_INFO[kind].name, placeholders: PLACEHOLDERS };
  return [
    ...rows.map((r) => ({ ...base, kind, version: r.version, title: r.title, body: r.body, changedAt: toChinaIso(r.changedAt),
      changedBy: r.changedBy ? { id: r.changedBy, name: users.get(r.changedBy) ?? '' } : null })),
    { ...base, ...builtinTemplate(kind), changedAt: null, changedBy: null },
  ];
}

@QueryHandler(ListTemplates)
export class ListTemplatesHandler implements IQueryHandler<ListTemplates> {
  constructor(private readonly docs: DocumentRepository, private readonly access: CaseAccess) {}
  async execute(): Promise<TemplateView[]> {
    return Promise.all(DOCUMENT_KINDS.map(async (k) => (await templateViews(this.docs, this.access, k))[0]!));
  }
}

@QueryHandler(GetTemplateVersions)
export class GetTemplateVersionsHandler implements IQueryHandler<GetTemplateVersions> {
  constructor(private readonly docs: DocumentRepository, private readonly access: CaseAccess) {}
  execute({ kind }: GetTemplateVersions): Promise<TemplateView[]> {
    return templateViews(this.docs, this.access, kindOrThrow(kind));
  }
}

@CommandHandler(SaveTemplate)
export class SaveTemplateHandler implements ICommandHandler<SaveTemplate> {
  constructor(private readonly docs: DocumentRepository, private readonly access: CaseAccess, private readonly clock: Clock) {}
  async execute({ kind: k, actor, title, body }: SaveTemplate): Promise<TemplateView> {
    const kind = kindOrThrow(k);
    const unknown = unknownPlaceholders(`${title}\n${body}`);
    if (unknown.length) throw new UnknownPlaceholder(unknown);
    const now = this.clock.now();
    // Two admins saving at once: the primary key (kind, version) lets one win; the other retries on the next number.
    for (let attempt = 0; ; attempt++) {
      const version = ((await this.docs.templateVersions(kind))[0]?.version ?? 1) + 1;
      if (await this.docs.addTemplateVersion({ kind, version, title: title.trim(), body, changedAt: now, changedBy: actor.userId })) break;
      if (attempt > 3) throw new Error(`template ${kind}: version ${version} taken five times in a row`);
    }
    return (await templateViews(this.docs, this.access, kind))[0]!;
  }
}
