// The public pages' calls (no login): the console's client, whose bearer token the public routes ignore.
import { get, post, upload, fetchBlob } from '../api';
import type { OdrCaseStateDto, OdrStage } from '../odr/odrApi';

export interface PublicReference {
  categories: { code: string; name: string; kind: string; parentCode: string | null }[];
  regions: { code: string; name: string }[];
}
export interface FilingResult { caseNo: string; queryCode: string; duplicate: boolean; warnings: { code: string; field?: string; message: string }[] }
export interface PublicCase {
  caseNo: string; type: string; typeText: string; status: string; statusText: string; unitName: string | null;
  steps: { name: string; at: string; text: string }[];
  documents: { id: string; kind: string; kindName: string; number: string; title: string; issuedAt: string }[];
  deadlines: { name: string; dueAt: string; legalBasis: string }[];
  canWithdraw: boolean; canSupplement: boolean; token: string;
}
export interface Proof { phone: string; queryCode?: string; smsCode?: string; token?: string }

export const publicApi = {
  reference: () => get<PublicReference>('/public/reference'),
  captcha: () => post<{ token: string; image: string }>('/public/captcha'),
  smsCode: (body: { phone: string; purpose: 'file' | 'track'; captchaToken?: string; captchaAnswer?: string }) => post<{ accepted: boolean }>('/public/sms-codes', body),
  file: (body: unknown) => post<FilingResult>('/public/cases', body),
  track: (caseNo: string, p: Proof) => get<PublicCase>(`/public/cases/${encodeURIComponent(caseNo)}`, { ...p }),
  supplement: (caseNo: string, p: Proof, text: string) => post<{ ok: true }>(`/public/cases/${encodeURIComponent(caseNo)}/supplements`, { ...p, text }),
  withdraw: (caseNo: string, p: Proof, reason?: string) => post<{ status: string; statusText: string }>(`/public/cases/${encodeURIComponent(caseNo)}/withdrawal`, { ...p, reason }),
  /** The ODR stage (issue 17) of a complaint that went to an enrolled enterprise first (404 when it did not). */
  odrState: (caseNo: string, p: Proof) => post<OdrCaseStateDto>(`/public/cases/${encodeURIComponent(caseNo)}/odr`, { ...p }),
  odrDecision: (caseNo: string, p: Proof, accept: boolean) =>
    post<{ caseId: string; caseNo: string; stage: OdrStage; status: string }>(`/public/cases/${encodeURIComponent(caseNo)}/odr-decision`, { ...p, accept }),
  evidence: (caseNo: string, p: Proof, file: File) => {
    const form = new FormData();
    form.append('file', file);
    const q = new URLSearchParams(Object.entries(p).filter(([, v]) => v) as [string, string][]).toString();
    return upload<{ id: string; name: string }>(`/public/cases/${encodeURIComponent(caseNo)}/attachments?${q}`, form);
  },
  document: (caseNo: string, p: Proof, id: string) => {
    const q = new URLSearchParams(Object.entries(p).filter(([, v]) => v) as [string, string][]).toString();
    return fetchBlob(`/public/cases/${encodeURIComponent(caseNo)}/documents/${id}/pdf?${q}`, '文书.pdf');
  },
};
