// Written notices and documents (文书, issue 13 §3): kinds, 文号, the issuing authority, templates and their
// placeholders. Framework-free: the application fills, numbers and stores them in the deciding transaction.
import { DomainError } from '#kernel';
import type { Regime } from '#deadlines';
import type { UnitNode } from '#org';

export type DocumentKind = 'acceptanceNotice' | 'declineNotice' | 'mediationAgreement' | 'terminationNotice' | 'reportDecisionNotice' | 'transferLetter';
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['acceptanceNotice', 'declineNotice', 'mediationAgreement', 'terminationNotice', 'reportDecisionNotice', 'transferLetter'];

/** Name (Chinese) and the type part of the 文号 of each kind: 武市监投受〔2026〕12号 = 武市监 + 投受 + 〔year〕 + seq. */
export const DOCUMENT_KIND_INFO: Readonly<Record<DocumentKind, { name: string; code: string }>> = {
  acceptanceNotice: { name: '受理告知书', code: '投受' },
  declineNotice: { name: '不予受理告知书', code: '投不受' },
  mediationAgreement: { name: '调解书', code: '投调' },
  terminationNotice: { name: '终止调解告知书', code: '投终' },
  reportDecisionNotice: { name: '举报处理结果告知书', code: '举告' },
  transferLetter: { name: '案件移送函', code: '投移' },
};

export function isDocumentKind(k: string): k is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(k);
}

export const REGULATION_NAMES: Readonly<Record<Regime, string>> = {
  O121: '《市场监督管理投诉举报处理办法》',
  O20: '《市场监督管理投诉举报处理暂行办法》',
};

/** "O121 第十六条第（一）项" → "《市场监督管理投诉举报处理办法》第十六条第（一）项": a document names the regulation. */
export function legalText(article: string): string {
  return article.replace(/^(O121|O20)\s*/, (_m, r: Regime) => REGULATION_NAMES[r]);
}

/**
 * The authority a document is issued in the name of: a station (市场监管所) acts in its county bureau's name
 * (O121 Art. 30; domain.md §2), and a department (e.g. 消保科, the intake office) in its bureau's, so their documents
 * carry that bureau's name and sequence. A bureau issues itself.
 */
export function issuingUnit(units: readonly UnitNode[], handlingUnitId: string): UnitNode {
  const u = units.find((x) => x.id === handlingUnitId);
  if (!u) throw new Error(`unknown unit ${handlingUnitId}`);
  if ((u.level === 'station' || u.level === 'department') && u.parentId) return units.find((x) => x.id === u.parentId) ?? u;
  return u;
}

/**
 * 机关代字: the first character of the place and 市监, as bureaus write it (武陵区市场监督管理局 → 武市监). A unit whose
 * name is not "<place>市场监督管理局" uses its first two characters.
 */
export function unitAbbreviation(u: Pick<UnitNode, 'name'>): string {
  const m = /^(.+?)(市场监督管理局|市场监管局)$/.exec(u.name);
  return m ? `${[...m[1]!][0]}市监` : [...u.name].slice(0, 2).join('');
}

/** 文号: 武市监投受〔2026〕12号. */
export function documentNumber(issuer: Pick<UnitNode, 'name'>, kind: DocumentKind, year: number, seq: number): string {
  return `${unitAbbreviation(issuer)}${DOCUMENT_KIND_INFO[kind].code}〔${year}〕${seq}号`;
}

/** The placeholders a template may use, with what they are filled with. */
export const PLACEHOLDERS: readonly { name: string; description: string }[] = [
  { name: '文号', description: '文书编号（签发时生成；预览中显示为“（签发时编号）”）' },
  { name: '案件编号', description: '投诉举报登记编号' },
  { name: '投诉人', description: '投诉人姓名或名称' },
  { name: '被投诉人', description: '被投诉人名称' },
  { name: '被投诉人地址', description: '被投诉人地址' },
  { name: '收到日期', description: '收到投诉的日期（如 2026年11月20日）' },
  { name: '受理日期', description: '受理的日期' },
  { name: '决定日期', description: '本文书所载决定的日期（签发日）' },
  { name: '投诉事由', description: '登记的投诉内容' },
  { name: '投诉请求', description: '投诉人的请求' },
  { name: '不予受理理由', description: '所选法定理由的条文内容' },
  { name: '终止理由', description: '所选终止调解理由的条文内容' },
  { name: '法律依据', description: '所适用的条款（含办法名称）' },
  { name: '办法名称', description: '适用的办法（2026-04-15前收到的适用暂行办法）' },
  { name: '协议内容', description: '办结时填写的调解情况' },
  { name: '挽回经济损失', description: '挽回经济损失（元）' },
  { name: '处理机关', description: '签发机关名称（市场监管所以所属县局名义）' },
  { name: '承办单位', description: '实际承办的单位' },
  { name: '其他途径', description: '不予受理时告知的其他解决途径' },
  { name: '处理决定', description: '举报：立案或不予立案' },
  { name: '移送机关', description: '移送：接收移送的机关' },
];

export interface DocumentTemplate { kind: DocumentKind; version: number; title: string; body: string }

/** Version 1 of each template: the built-in text. Admins' edits are versions 2 onwards. */
export const BUILTIN_TEMPLATES: Readonly<Record<DocumentKind, Omit<DocumentTemplate, 'kind' | 'version'>>> = {
  acceptanceNotice: {
    title: '投诉受理告知书',
    body: `{{投诉人}}：
你于{{收到日期}}提出的对{{被投诉人}}的投诉（登记编号：{{案件编号}}）收悉。经审查，该投诉符合受理条件，根据{{办法名称}}的规定，本局决定予以受理，并将依法组织调解。
调解期间，请你如实陈述事实、提供相关证据材料，按时参加调解。如有疑问，请拨打12315咨询。
特此告知。`,
  },
  declineNotice: {
    title: '投诉不予受理告知书',
    body: `{{投诉人}}：
你于{{收到日期}}提出的对{{被投诉人}}的投诉（登记编号：{{案件编号}}）收悉。经审查，该投诉属于“{{不予受理理由}}”的情形，根据{{法律依据}}的规定，本局决定不予受理。
{{其他途径}}
特此告知。`,
  },
  mediationAgreement: {
    title: '调解书',
    body: `投诉人：{{投诉人}}
被投诉人：{{被投诉人}}（地址：{{被投诉人地址}}）
登记编号：{{案件编号}}
投诉事由：{{投诉事由}}
投诉请求：{{投诉请求}}
本局于{{受理日期}}受理上述投诉，经组织调解，双方在自愿、合法的基础上达成如下协议：
{{协议内容}}
挽回经济损失：{{挽回经济损失}}元。
本调解书经双方签字（盖章）后生效，双方应当按照约定履行。

投诉人（签字）：                    被投诉人（签字、盖章）：`,
  },
  terminationNotice: {
    title: '终止调解告知书',
    body: `{{投诉人}}、{{被投诉人}}：
本局于{{受理日期}}受理的投诉（登记编号：{{案件编号}}），因“{{终止理由}}”，根据{{法律依据}}的规定，本局决定终止调解。
投诉人可以通过与经营者协商和解、请求消费者协会或者依法成立的其他调解组织调解、向仲裁机构申请仲裁、向人民法院提起诉讼等途径解决争议。
特此告知。`,
  },
  reportDecisionNotice: {
    title: '举报处理结果告知书',
    body: `{{投诉人}}：
你于{{收到日期}}对{{被投诉人}}的举报（登记编号：{{案件编号}}）收悉。经核查，根据《市场监督管理行政处罚程序规定》第十八条的规定，本局决定{{处理决定}}。
感谢你对市场监管工作的支持。本告知书仅送达举报人本人，请妥善保管。
特此告知。`,
  },
  transferLetter: {
    title: '案件移送函',
    body: `{{移送机关}}：
本局于{{收到日期}}收到对{{被投诉人}}（地址：{{被投诉人地址}}）的投诉举报（登记编号：{{案件编号}}）。经审查，该事项不属于市场监督管理部门职责，现依法移送你单位处理。
事由：{{投诉事由}}
请求：{{投诉请求}}
请依法处理。投诉举报人的身份信息另行提供，请依法保密。`,
  },
};

export function builtinTemplate(kind: DocumentKind): DocumentTemplate {
  return { kind, version: 1, ...BUILTIN_TEMPLATES[kind] };
}

export class UnknownPlaceholder extends DomainError {
  readonly code = 'UNKNOWN_PLACEHOLDER';
  readonly field = 'body';
  constructor(readonly names: string[]) { super(`模板中有未知的占位符：${names.map((n) => `{{${n}}}`).join('、')}`, { names }); }
}
export class DocumentNotFound extends DomainError {
  readonly code = 'DOCUMENT_NOT_FOUND';
  constructor(id: string) { super('文书不存在', { id }); }
}
export class UnknownDocumentKind extends DomainError {
  readonly code = 'UNKNOWN_DOCUMENT_KIND';
  readonly field = 'kind';
  constructor(kind: string) { super(`未知的文书种类：${kind}`, { kind }); }
}

const PLACEHOLDER_RE = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** Placeholders a template text uses that are not in PLACEHOLDERS (an admin's typo would print as-is). */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set(PLACEHOLDERS.map((p) => p.name));
  return [...new Set([...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!).filter((n) => !known.has(n)))];
}

/** Fills {{名称}} placeholders; a fact that is missing prints as “—”. */
export function fillTemplate(text: string, facts: Readonly<Record<string, string | null | undefined>>): string {
  return text.replace(PLACEHOLDER_RE, (_m, name: string) => {
    const v = facts[name];
    return v === null || v === undefined || v === '' ? '—' : v;
  });
}

/** 2026年11月20日 (China date parts already resolved by the caller as YYYY-MM-DD). */
export function chineseDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
