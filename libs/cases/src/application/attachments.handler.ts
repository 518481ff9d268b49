// Evidence and attachments (issue 13 §2): upload (sniffed, allow-listed, size-limited, thumbnailed), list and
// download (visibility of the case; identity-bearing files only for those who may see the identity; audited).
import { createHash, randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock } from '#platform';
import { toChinaIso } from '#deadlines';
import { canSeeReporter, type Viewer } from '#org';
import { OrgDirectory } from '#org-nest';
import type { Actor } from '../domain/case.js';
import {
  ATTACHMENT_LIMITS, ATTACHMENT_TYPES, AttachmentNotFound, AttachmentTypeRefused, checkAttachmentQuota, checkAttachmentType, cleanFileName,
} from '../domain/attachments.js';
import { AttachmentStore } from '../infrastructure/case-files.store.js';
import { CaseWorkflow, requireHandler } from './case-workflow.js';
import { identityProtected } from './identity.js';
import { CaseQuery, visibleHeader } from './visible-case.js';
import { AttachmentRepository, CaseAccess, CaseRepository } from './ports.js';

export interface AttachmentView {
  id: string; name: string; contentType: string; size: number; sensitive: boolean; thumbnail: boolean;
  uploadedAt: string; uploadedBy: { id: string; name: string }; unit: { id: string; name: string } | null;
}

export class UploadAttachment extends Command<AttachmentView> {
  constructor(readonly caseId: string, readonly actor: Actor, readonly file: { name: string; bytes: Buffer; sensitive: boolean }) { super(); }
}
export class ListAttachments extends CaseQuery<AttachmentView[]> {}
export class DownloadAttachment extends Query<{ name: string; contentType: string; bytes: Buffer; thumbnail: boolean }> {
  constructor(readonly caseId: string, readonly attachmentId: string, readonly viewer: Viewer, readonly thumbnail: boolean, readonly ip: string | null) { super(); }
}

/** Sniffs the bytes; for images, decodes them (a file that only starts like a JPEG is refused) and makes a thumbnail. */
async function inspect(bytes: Buffer): Promise<{ contentType: string; thumbnail: Buffer | null }> {
  // Loaded on the first upload, not at start: sharp (libvips) and file-type cost every API process ~30 MB RSS.
  const [{ fileTypeFromBuffer }, { default: sharp }] = await Promise.all([import('file-type'), import('sharp')]);
  const sniffed = (await fileTypeFromBuffer(bytes))?.mime ?? null;
  const contentType = checkAttachmentType(sniffed);
  if (!ATTACHMENT_TYPES[contentType]!.image) return { contentType, thumbnail: null };
  try {
    const thumbnail = await sharp(bytes, { limitInputPixels: ATTACHMENT_LIMITS.maxPixels, animated: false })
      .rotate()
      .resize({ width: ATTACHMENT_LIMITS.thumbnailPx, height: ATTACHMENT_LIMITS.thumbnailPx, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80 })
      .toBuffer();
    return { contentType, thumbnail };
  } catch {
    throw new AttachmentTypeRefused(`${contentType}（无法解码）`);
  }
}

/**
 * Identity-bearing files follow the reporter-identity rule (O121 Art. 37): intake and the assigned unit's handlers. On a
 * case whose party is protected (a report, or a case sharing its person with one) every file is treated so: evidence
 * a reporter sends may identify them.
 */
function maySee(viewer: Viewer, units: Parameters<typeof canSeeReporter>[1], c: { assignedUnitId: string | null; protected: boolean }, sensitive: boolean): boolean {
  return !(sensitive || c.protected) || canSeeReporter(viewer, units, c.assignedUnitId);
}

@CommandHandler(UploadAttachment)
export class UploadAttachmentHandler implements ICommandHandler<UploadAttachment> {
  constructor(
    private readonly wf: CaseWorkflow, private readonly store: AttachmentStore, private readonly org: OrgDirectory,
    private readonly access: CaseAccess, private readonly attachments: AttachmentRepository, private readonly cases: CaseRepository,
  ) {}
  async execute({ caseId, actor, file }: UploadAttachment): Promise<AttachmentView> {
    // adding evidence is handling the case: not for admins or auditors (separation of duties)
    requireHandler(actor);
    checkAttachmentQuota(file.bytes.length, { bytes: 0, files: 0 });
    const { contentType, thumbnail } = await inspect(file.bytes);
    const id = randomUUID();
    const name = cleanFileName(file.name);
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    let at = new Date(0);
    const row = await this.access.header(caseId);
    const hideName = file.sensitive || (!!row && (await identityProtected(this.access, row)));
    // The case row is locked (FOR UPDATE) by the workflow: the per-case totals cannot race.
    await this.wf.transition(caseId, actor, () => undefined, async (tx, ctx) => {
      at = ctx.now;
      checkAttachmentQuota(file.bytes.length, await this.attachments.totals(tx, caseId));
      await this.attachments.create(tx, {
        id, caseId, name, contentType, size: file.bytes.length, sha256, sensitive: file.sensitive, hasThumbnail: !!thumbnail, uploadedBy: actor.userId, unitId: actor.unitId, uploadedAt: ctx.now,
      });
      const stored = await this.store.put(tx, id, file.bytes, thumbnail);
      if (stored.storage !== 'pg') await this.attachments.setStorage(tx, id, stored.storage, stored.key);
      await this.cases.appendEvent(tx, caseId, {
        type: 'AttachmentAdded', at: ctx.now, actorId: actor.userId, unitId: actor.unitId,
        // an identity-bearing file's name may itself identify the person: the timeline shows it only as such
        data: { attachmentId: id, name: hideName ? '（涉及身份信息的附件）' : name, contentType, size: file.bytes.length, sensitive: file.sensitive },
      });
    });
    const unit = (await this.org.units()).find((u) => u.id === actor.unitId);
    return {
      id, name, contentType, size: file.bytes.length, sensitive: file.sensitive, thumbnail: !!thumbnail, uploadedAt: toChinaIso(at),
      uploadedBy: { id: actor.userId, name: '' }, unit: unit ? { id: unit.id, name: unit.name } : null,
    };
  }
}

async function visibleCase(access: CaseAccess, org: OrgDirectory, caseId: string, viewer: Viewer) {
  const { row, units } = await visibleHeader(access, org, caseId, viewer);
  return { row: { ...row, protected: await identityProtected(access, row) }, units };
}

@QueryHandler(ListAttachments)
export class ListAttachmentsHandler implements IQueryHandler<ListAttachments> {
  constructor(private readonly access: CaseAccess, private readonly org: OrgDirectory, private readonly attachments: AttachmentRepository) {}
  async execute({ caseId, viewer }: ListAttachments): Promise<AttachmentView[]> {
    const { row, units } = await visibleCase(this.access, this.org, caseId, viewer);
    const rows = (await this.attachments.list(caseId)).filter((a) => maySee(viewer, units, row, a.sensitive));
    const users = await this.access.userNames(rows.map((r) => r.uploadedBy));
    const unitNames = new Map(units.map((u) => [u.id, u.name]));
    return rows.map((a) => ({
      id: a.id, name: a.name, contentType: a.contentType, size: a.size, sensitive: a.sensitive, thumbnail: a.hasThumbnail,
      uploadedAt: toChinaIso(a.uploadedAt), uploadedBy: { id: a.uploadedBy, name: users.get(a.uploadedBy) ?? '' },
      unit: unitNames.has(a.unitId) ? { id: a.unitId, name: unitNames.get(a.unitId)! } : null,
    }));
  }
}

@QueryHandler(DownloadAttachment)
export class DownloadAttachmentHandler implements IQueryHandler<DownloadAttachment> {
  constructor(
    private readonly access: CaseAccess, private readonly org: OrgDirectory, private readonly store: AttachmentStore, private readonly clock: Clock,
    private readonly attachments: AttachmentRepository,
  ) {}
  async execute({ caseId, attachmentId, viewer, thumbnail, ip }: DownloadAttachment) {
    const { row, units } = await visibleCase(this.access, this.org, caseId, viewer);
    const a = await this.attachments.find(caseId, attachmentId);
    // A file the viewer may not see is not there for them (no hint that it exists).
    if (!a || !maySee(viewer, units, row, a.sensitive)) throw new AttachmentNotFound(attachmentId);
    const useThumb = thumbnail && a.hasThumbnail;
    const bytes = await this.store.read(a.id, useThumb ? 'thumbnail' : 'content');
    if (!bytes) throw new AttachmentNotFound(attachmentId);
    await this.attachments.recordDownload({ attachmentId: a.id, caseId, userId: viewer.userId, unitId: viewer.unitId, role: viewer.role, at: this.clock.now(), ip, thumbnail: useThumb });
    return { name: a.name, contentType: useThumb ? 'image/jpeg' : a.contentType, bytes, thumbnail: useThumb };
  }
}
