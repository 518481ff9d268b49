// ODR (issue 17): the console's calls for enterprise online dispute resolution — the enterprise's own inbox, replies
// and settlements, the manager's enrolment, the per-enterprise figures, and the suggestion lists the intake form and
// the public filing page show. Routes and shapes: libs/contracts/src/odr.ts (the `odr` back end).
import { get, patch, post } from '../api';

// Mirrors of libs/contracts/src/odr.ts until that lands on this branch (then re-exported from #contracts).
export type OdrEnterpriseStatus = 'active' | 'suspended' | 'removed';
export interface OdrContactDto { name: string; phone: string }
export interface OdrEnterpriseDto {
  id: string; name: string; creditCode: string; creditCodeChecksumValid: boolean; stores: string[]; contacts: OdrContactDto[];
  status: OdrEnterpriseStatus; history: { status: OdrEnterpriseStatus; at: string; byUserId: string; reason: string | null }[];
  users: { id: string; username: string; displayName: string; active: boolean }[]; createdAt: string;
}
export interface CreateOdrEnterpriseRequest { name: string; creditCode: string; stores: string[]; contacts: OdrContactDto[] }
export interface UpdateOdrEnterpriseRequest { status?: OdrEnterpriseStatus; reason?: string; stores?: string[]; contacts?: OdrContactDto[] }
export interface OdrSuggestionDto { id: string; name: string; creditCode: string; stores: string[] }
export interface PublicOdrSuggestionDto { id: string; name: string; creditCodeMasked: string }
export type OdrStage = 'waiting' | 'offered' | 'settled' | 'confirmed' | 'rejected' | 'refused' | 'expired';
export interface OdrReplyDto { kind: 'offer' | 'refusal' | 'settled'; text: string; at: string }
export interface OdrCaseSummaryDto {
  caseId: string; caseNo: string; enterpriseId: string; stage: OdrStage; handedOverAt: string; dueAt: string | null;
  complainantName: string; summary: string;
}
export interface OdrCaseDetailDto extends OdrCaseSummaryDto {
  complainantPhone: string; complainantAddress: string | null; respondentName: string; description: string; request: string | null;
  amount: number | null; attachments: { id: string; fileName: string; size: number }[]; replies: OdrReplyDto[]; endedAt: string | null;
}
export interface OdrCaseStateDto {
  enterpriseId: string; enterpriseName: string; stage: OdrStage; consentAt: string; handedOverAt: string;
  dueAt: string | null; endedAt: string | null; proposal: string | null; awaitingDecision: boolean;
}
export interface OdrFiguresRowDto {
  enterpriseId: string; name: string; creditCode: string; received: number; settled: number;
  settlementRate: number | null; onTimeReplyRate: number | null; averageDays: number | null;
}
export interface OdrFiguresDto { from: string; to: string; rows: OdrFiguresRowDto[]; rules: string[] }
export const ODR_ENTERPRISE_STATUS_LABELS: Record<OdrEnterpriseStatus, string> = { active: '正常', suspended: '已暂停', removed: '已移除' };
export const ODR_STAGE_LABELS: Record<OdrStage, string> = {
  waiting: '待企业处理', offered: '企业已提出方案', settled: '企业报称已和解', confirmed: '消费者确认和解',
  rejected: '消费者不接受（转市场监管部门）', refused: '企业拒绝（转市场监管部门）', expired: '企业逾期（转市场监管部门）',
};

/** The stages where the complaint is still with the enterprise (it may answer; the complainant may decide). */
export const ODR_OPEN: readonly OdrStage[] = ['waiting', 'offered', 'settled'];
export const ODR_REPLY_LABELS: Record<OdrReplyDto['kind'], string> = { offer: '提出和解方案', refusal: '拒绝（说明理由）', settled: '已协商一致' };

export const odrApi = {
  enterprises: () => get<OdrEnterpriseDto[]>('/odr/enterprises'),
  enrol: (body: CreateOdrEnterpriseRequest) => post<OdrEnterpriseDto>('/odr/enterprises', body),
  update: (id: string, body: UpdateOdrEnterpriseRequest) => patch<OdrEnterpriseDto>(`/odr/enterprises/${id}`, body),
  createUser: (id: string, body: { username: string; displayName: string; password: string }) => post<{ id: string }>(`/odr/enterprises/${id}/users`, body),
  suggest: (q: string) => get<OdrSuggestionDto[]>('/odr/enterprises/suggest', { q }),
  publicSuggest: (q: string) => get<PublicOdrSuggestionDto[]>('/public/odr/enterprises/suggest', { q }),
  inbox: () => get<OdrCaseSummaryDto[]>('/odr/cases'),
  case: (id: string) => get<OdrCaseDetailDto>(`/odr/cases/${id}`),
  reply: (id: string, body: { kind: 'offer' | 'refusal'; text: string }) => post<unknown>(`/odr/cases/${id}/reply`, body),
  settle: (id: string, agreement: string) => post<unknown>(`/odr/cases/${id}/settle`, { agreement }),
  figures: (q: { from: string; to: string }) => get<OdrFiguresDto>('/odr/figures', q),
};

export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
