// Attachments and documents (文书) of a case (issue 13 §2–3): the API's response shapes.
export interface AttachmentDto {
  id: string; name: string; contentType: string; size: number; sensitive: boolean; thumbnail: boolean;
  uploadedAt: string; uploadedBy: { id: string; name: string }; unit: { id: string; name: string } | null;
}
export type DocumentKind = 'acceptanceNotice' | 'declineNotice' | 'mediationAgreement' | 'terminationNotice' | 'reportDecisionNotice' | 'transferLetter';
export interface DocumentDto {
  id: string; kind: DocumentKind; kindName: string; number: string; title: string; issuedAt: string;
  issuer: { id: string; name: string }; templateVersion: number; supersedesId: string | null; supersededBy: string | null;
}
export interface DocumentPreviewDto { kind: DocumentKind; templateVersion: number; title: string; number: null; body: string; issuerName: string }
export interface DocumentTemplateDto {
  kind: DocumentKind; kindName: string; version: number; title: string; body: string; changedAt: string | null;
  changedBy: { id: string; name: string } | null; placeholders: { name: string; description: string }[];
}
export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  acceptanceNotice: '受理告知书', declineNotice: '不予受理告知书', mediationAgreement: '调解书', terminationNotice: '终止调解告知书',
  reportDecisionNotice: '举报处理结果告知书', transferLetter: '案件移送函',
};
