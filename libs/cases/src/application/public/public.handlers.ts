// The public side's use cases (issue 16): verification codes, online filing, tracking and what follows from it
// (documents, supplementary material, evidence, withdrawal). Each proves the phone the case belongs to first.
import { randomBytes, randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler, Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Clock, SmsOutbox, UnitOfWork } from '#platform';
import { toChinaIso } from '#deadlines';
import type { CaseType } from '../../domain/vocabulary.js';
import { OrgDirectory } from '#org-nest';
import { DEADLINE_KIND_LABELS, labelOf } from '#contracts';
import type { Actor } from '../../domain/case.js';
import { normalizePhone } from '../../domain/parties.js';
import {
  checkCode, DUPLICATE_WINDOW_MS, filingFingerprint, mayWithdraw, maySupplement, normalizeQueryCode, PUBLIC_DOCUMENT_KINDS, PublicActionRefused,
  PublicCaseNotFound, publicStatusText, publicSteps, queryCodeFrom, SMS_CODE_RULES, SmsCodeRefused, smsCodeText, type CodePurpose, type StoredCode,
} from '../../domain/public.js';
import { RegisterCase } from '../commands/register-case.handler.js';
import { UploadAttachment, type AttachmentView } from '../attachments.handler.js';
import { CaseWorkflow } from '../case-workflow.js';
import { CategoryStore } from '../../infrastructure/category.store.js';
import { PublicCaseReader, PublicFilingStore, SmsCodeStore, WrongCodeCounter } from './public.ports.js';
import { PublicSecrets } from './public-secrets.js';

/** Who acts for a member of the public: no user row; the intake unit (the 12315 centre) receives online filings. */
export const PUBLIC_USER_ID = '00000000-0000-4000-8000-000000012315';
const TYPE_TEXT: Record<string, string> = { complaint: '投诉', report: '举报', inquiry: '咨询' };
const TOKEN_TTL_MS = 30 * 60_000;

@Injectable()
export class PublicActor {
  constructor(private readonly org: OrgDirectory) {}
  async get(): Promise<Actor> {
    const intake = (await this.org.units()).find((u) => u.isIntake);
    if (!intake) throw new Error('no intake unit: online filing needs the 12315 centre');
    return { userId: PUBLIC_USER_ID, unitId: intake.id, role: 'operator', ip: null };
  }
}

/** Judges a code and counts a wrong one (outside the database). */
@Injectable()
export class CodeChecker {
  constructor(private readonly codes: SmsCodeStore, private readonly wrong: WrongCodeCounter, private readonly secrets: PublicSecrets, private readonly clock: Clock) {}
  async check(phone: string, purpose: CodePurpose, code: string): Promise<{ result: ReturnType<typeof checkCode>; stored: StoredCode | null; matches: boolean }> {
    const stored = await this.codes.latest(phone, purpose);
    const matches = !!stored && this.secrets.codeMatches(stored.codeHash, phone, purpose, code);
    const attempts = stored ? await this.wrong.count(stored.id) : 0;
    const result = checkCode(stored && { ...stored, attempts }, () => matches, this.clock.now());
    if (result === 'wrong' && stored) await this.wrong.increment(stored.id, SMS_CODE_RULES.ttlMs);
    return { result, stored, matches };
  }
}

// ---- verification codes

export class IssueSmsCode extends Command<void> {
  constructor(readonly phone: string, readonly purpose: CodePurpose) { super(); }
}

@CommandHandler(IssueSmsCode)
export class IssueSmsCodeHandler implements ICommandHandler<IssueSmsCode> {
  constructor(private readonly uow: UnitOfWork, private readonly codes: SmsCodeStore, private readonly sms: SmsOutbox, private readonly secrets: PublicSecrets, private readonly clock: Clock) {}
  async execute({ phone: raw, purpose }: IssueSmsCode): Promise<void> {
    const phone = normalizePhone(raw);
    const code = smsCodeText(randomInt(0, 10 ** SMS_CODE_RULES.length));
    const now = this.clock.now();
    // the code and the message that carries it commit together
    await this.uow.run(async (tx) => {
      await this.codes.insert(tx, { phone, purpose, codeHash: this.secrets.codeHash(phone, purpose, code), expiresAt: new Date(now.getTime() + SMS_CODE_RULES.ttlMs), createdAt: now });
      await this.sms.enqueue(tx, { to: phone, template: 'verification-code', params: { code, minutes: String(SMS_CODE_RULES.ttlMs / 60_000), purpose }, purpose: `sms-code.${purpose}` });
    });
  }
}

// ---- filing

export interface PublicFilingInput {
  type: 'complaint' | 'report' | 'inquiry';
  smsCode: string;
  complainant: { name: string; phone: string; address: string };
  respondent: { name: string; creditCode?: string | null; regionCode: string; address: string };
  category: string;
  description: string;
  request?: string | null;
  amount?: number | null;
  /** ODR (issue 17): the filer agrees the enrolled enterprise settles first. */
  odr?: { enterpriseId?: string; consent: boolean };
}
export interface FilingResult {
  caseNo: string;
  queryCode: string;
  /** True when this was the same filing sent again: nothing new was stored. */
  duplicate: boolean;
  warnings: { code: string; field?: string; message: string }[];
}

export class FileCase extends Command<FilingResult> {
  constructor(readonly input: PublicFilingInput) { super(); }
}

@CommandHandler(FileCase)
export class FileCaseHandler implements ICommandHandler<FileCase> {
  constructor(
    private readonly uow: UnitOfWork, private readonly commands: CommandBus, private readonly codes: SmsCodeStore, private readonly checker: CodeChecker,
    private readonly filings: PublicFilingStore, private readonly sms: SmsOutbox, private readonly secrets: PublicSecrets, private readonly clock: Clock,
    private readonly actor: PublicActor,
  ) {}

  async execute({ input }: FileCase): Promise<FilingResult> {
    const phone = normalizePhone(input.complainant.phone);
    const now = this.clock.now();
    const fingerprint = filingFingerprint({
      type: input.type, phone, complainantName: input.complainant.name, respondentName: input.respondent.name, respondentRegionCode: input.respondent.regionCode,
      category: input.category, description: input.description, request: input.request, amount: input.amount,
    });
    const since = new Date(now.getTime() - DUPLICATE_WINDOW_MS);
    const { result, stored, matches } = await this.checker.check(phone, 'file', input.smsCode);
    // The same filing again (double tap, retry after a lost answer) with the code that filed it: the first answer.
    const knowsCode = matches && !!stored && stored.expiresAt.getTime() > since.getTime();
    if (result !== 'ok' && !knowsCode) throw new SmsCodeRefused(result as Exclude<typeof result, 'ok'>);
    const actor = await this.actor.get();
    return this.uow.run(async (tx) => {
      await this.filings.lockFingerprint(tx, fingerprint);
      const dup = knowsCode ? await this.filings.findRecent(tx, fingerprint, since) : null;
      const sealed = dup?.queryCodeSealed ? this.secrets.unseal(dup.queryCodeSealed) : null;
      if (dup && sealed) return { caseNo: dup.caseNo, queryCode: sealed, duplicate: true, warnings: [] };
      if (result !== 'ok' || !(await this.codes.consume(tx, stored!.id, now))) throw new SmsCodeRefused(result === 'ok' ? 'used' : result);
      const registered = await this.commands.execute(new RegisterCase({
        type: input.type as CaseType, channel: 'web', receivedAt: now,
        complainant: { name: input.complainant.name, phone, address: input.complainant.address },
        respondent: { name: input.respondent.name, creditCode: input.respondent.creditCode ?? null, regionCode: input.respondent.regionCode, address: input.respondent.address },
        category: input.category, description: input.description, request: input.request ?? null, amount: input.amount ?? null,
        // an online filer leaves a verified phone: a report is real-name (told of the 立案 decision)
        realName: true, routeInquiry: false, odr: input.odr,
      }, actor, { tx }));
      const caseNo = await this.filings.caseNoOf(tx, registered.id);
      const queryCode = queryCodeFrom(randomBytes(32));
      await this.filings.insert(tx, { caseId: registered.id, phone, fingerprint, queryCodeHash: await this.secrets.hashQueryCode(queryCode), queryCodeSealed: this.secrets.seal(queryCode), createdAt: now });
      await this.filings.forgetSealed(tx, since);
      await this.sms.enqueue(tx, { to: phone, template: 'case-filed', params: { caseNo, queryCode, typeText: TYPE_TEXT[input.type]! }, purpose: 'case-filed', caseId: registered.id });
      return { caseNo, queryCode, duplicate: false, warnings: registered.warnings };
    });
  }
}

// ---- proof of (case, phone)

export interface PublicProof {
  caseNo: string;
  phone: string;
  queryCode?: string;
  smsCode?: string;
  token?: string;
}

@Injectable()
export class PublicProofs {
  constructor(
    private readonly filings: PublicFilingStore, private readonly secrets: PublicSecrets, private readonly checker: CodeChecker,
    private readonly codes: SmsCodeStore, private readonly uow: UnitOfWork, private readonly clock: Clock,
  ) {}

  /** The case id when the proof holds; otherwise the same 404 whether or not the case exists. */
  async prove(p: PublicProof): Promise<{ caseId: string; phone: string }> {
    const phone = normalizePhone(p.phone);
    const target = await this.filings.proofTarget(p.caseNo.trim());
    const phoneOk = !!target && normalizePhone(target.complainantPhone) === phone;
    let ok = false;
    if (p.token) {
      const t = this.secrets.readToken(p.token, this.clock.now());
      ok = !!t && phoneOk && t.caseId === target!.caseId && t.phone === phone;
    } else if (p.queryCode) {
      ok = (await this.secrets.verifyQueryCode(phoneOk ? target!.queryCodeHash : null, normalizeQueryCode(p.queryCode))) && phoneOk;
    } else if (p.smsCode) {
      const { result, stored } = await this.checker.check(phone, 'track', p.smsCode);
      ok = result === 'ok' && phoneOk && (await this.uow.run((tx) => this.codes.consume(tx, stored!.id, this.clock.now())));
    }
    if (!ok) throw new PublicCaseNotFound();
    return { caseId: target!.caseId, phone };
  }

  token(caseId: string, phone: string): string {
    return this.secrets.token(caseId, phone, new Date(this.clock.now().getTime() + TOKEN_TTL_MS));
  }
}

// ---- tracking

export interface PublicCaseView {
  caseNo: string; type: string; typeText: string; status: string; statusText: string; unitName: string | null;
  steps: { name: string; at: string; text: string }[];
  documents: { id: string; kind: string; kindName: string; number: string; title: string; issuedAt: string }[];
  deadlines: { name: string; dueAt: string; legalBasis: string }[];
  canWithdraw: boolean; canSupplement: boolean;
  /** Proves this case and phone to the follow-up calls (documents, 补充材料, 撤回) for 30 minutes. */
  token: string;
}

export class TrackCase extends Query<PublicCaseView> {
  constructor(readonly proof: PublicProof) { super(); }
}

@QueryHandler(TrackCase)
export class TrackCaseHandler implements IQueryHandler<TrackCase> {
  constructor(private readonly proofs: PublicProofs, private readonly reader: PublicCaseReader) {}
  async execute({ proof }: TrackCase): Promise<PublicCaseView> {
    const { caseId, phone } = await this.proofs.prove(proof);
    const d = await this.reader.read(caseId);
    const report = d.facts.type === 'report';
    return {
      caseNo: d.caseNo, type: d.facts.type, typeText: TYPE_TEXT[d.facts.type]!, status: d.facts.status, statusText: publicStatusText(d.facts),
      // a reporter is told the decision only, not who handles it
      unitName: report ? null : d.unitName,
      steps: publicSteps(d.facts, d.events).map((s) => ({ ...s, at: toChinaIso(s.at) })),
      documents: report ? [] : d.documents
        .filter((x) => PUBLIC_DOCUMENT_KINDS.includes(x.kind as never) && !x.supersededBy)
        .map((x) => ({ id: x.id, kind: x.kind, kindName: x.kindName, number: x.number, title: x.title, issuedAt: toChinaIso(x.issuedAt) })),
      deadlines: report ? [] : d.deadlines.map((x) => ({ name: labelOf(DEADLINE_KIND_LABELS, x.kind), dueAt: toChinaIso(x.dueAt), legalBasis: x.legalBasis })),
      canWithdraw: mayWithdraw(d.facts), canSupplement: maySupplement(d.facts),
      token: this.proofs.token(caseId, phone),
    };
  }
}

export class GetPublicDocument extends Query<{ kind: string; title: string; number: string; body: string; issuerName: string; issuedAt: Date }> {
  constructor(readonly proof: PublicProof, readonly documentId: string) { super(); }
}

@QueryHandler(GetPublicDocument)
export class GetPublicDocumentHandler implements IQueryHandler<GetPublicDocument> {
  constructor(private readonly proofs: PublicProofs, private readonly reader: PublicCaseReader) {}
  async execute({ proof, documentId }: GetPublicDocument) {
    const { caseId } = await this.proofs.prove(proof);
    const d = await this.reader.read(caseId);
    const doc = d.facts.type === 'report' || !PUBLIC_DOCUMENT_KINDS.includes(d.documents.find((x) => x.id === documentId)?.kind as never)
      ? null : await this.reader.document(caseId, documentId);
    if (!doc) throw new PublicCaseNotFound();
    return doc;
  }
}

// ---- after filing: supplementary material, evidence, withdrawal

export class AddSupplement extends Command<{ ok: true }> {
  constructor(readonly proof: PublicProof, readonly text: string) { super(); }
}

@CommandHandler(AddSupplement)
export class AddSupplementHandler implements ICommandHandler<AddSupplement> {
  constructor(private readonly proofs: PublicProofs, private readonly wf: CaseWorkflow, private readonly reader: PublicCaseReader, private readonly actor: PublicActor) {}
  async execute({ proof, text }: AddSupplement): Promise<{ ok: true }> {
    const { caseId } = await this.proofs.prove(proof);
    const actor = await this.actor.get();
    await this.wf.transition(caseId, actor, (c) => {
      if (!maySupplement({ status: c.status })) throw new PublicActionRefused('案件已办结，不能再补充材料', 'text');
    }, (tx, ctx) => this.reader.addSupplement(tx, caseId, text, ctx.now, actor));
    return { ok: true };
  }
}

export class UploadPublicEvidence extends Command<AttachmentView> {
  constructor(readonly proof: PublicProof, readonly file: { name: string; bytes: Buffer }) { super(); }
}

@CommandHandler(UploadPublicEvidence)
export class UploadPublicEvidenceHandler implements ICommandHandler<UploadPublicEvidence> {
  constructor(private readonly proofs: PublicProofs, private readonly reader: PublicCaseReader, private readonly commands: CommandBus, private readonly actor: PublicActor) {}
  async execute({ proof, file }: UploadPublicEvidence): Promise<AttachmentView> {
    const { caseId } = await this.proofs.prove(proof);
    const d = await this.reader.read(caseId);
    if (!maySupplement(d.facts)) throw new PublicActionRefused('案件已办结，不能再上传证据材料', 'file');
    // the attachments port of the case files: sniffed, allow-listed, size-limited, audited like a staff upload
    return this.commands.execute(new UploadAttachment(caseId, await this.actor.get(), { name: file.name, bytes: file.bytes, sensitive: false }));
  }
}

export class WithdrawPublicCase extends Command<{ status: string; statusText: string }> {
  constructor(readonly proof: PublicProof, readonly reason: string | null) { super(); }
}

@CommandHandler(WithdrawPublicCase)
export class WithdrawPublicCaseHandler implements ICommandHandler<WithdrawPublicCase> {
  constructor(private readonly proofs: PublicProofs, private readonly wf: CaseWorkflow, private readonly actor: PublicActor) {}
  async execute({ proof, reason }: WithdrawPublicCase) {
    const { caseId } = await this.proofs.prove(proof);
    let status = '';
    await this.wf.transition(caseId, await this.actor.get(), (c, ctx) => {
      if (!mayWithdraw({ type: c.type as 'complaint', status: c.status }))
        throw new PublicActionRefused(c.type !== 'complaint' ? '只有投诉可以撤回' : '已作出受理决定或已办结，不能在线撤回；如需撤回请联系承办单位', 'caseNo');
      c.withdraw(reason, null, ctx);
      status = c.status;
    });
    return { status, statusText: status === 'withdrawn' ? '已撤回' : status };
  }
}

// ---- what the filing page needs: the category tree and the regions the bureau covers

export interface PublicReferenceView {
  categories: { code: string; name: string; kind: string; parentCode: string | null }[];
  regions: { code: string; name: string }[];
}
export class GetPublicReference extends Query<PublicReferenceView> {}

@QueryHandler(GetPublicReference)
export class GetPublicReferenceHandler implements IQueryHandler<GetPublicReference> {
  constructor(private readonly categories: CategoryStore, private readonly org: OrgDirectory) {}
  async execute(): Promise<PublicReferenceView> {
    const units = await this.org.units();
    // the county-level bureaus' regions (县/区): where a respondent may be; names without the bureau's suffix
    const regions = units.filter((u) => u.level === 'county' && u.regionCode && /^\d{6}$/.test(u.regionCode))
      .map((u) => ({ code: u.regionCode!, name: u.name.replace(/市场监督管理局$/, '') }))
      .sort((a, b) => a.code.localeCompare(b.code));
    return { categories: await this.categories.all(), regions };
  }
}

export const publicHandlers = [
  GetPublicReferenceHandler,
  IssueSmsCodeHandler, FileCaseHandler, TrackCaseHandler, GetPublicDocumentHandler, AddSupplementHandler, UploadPublicEvidenceHandler, WithdrawPublicCaseHandler,
];
export const publicServices = [PublicActor, CodeChecker, PublicProofs, PublicSecrets];
