// ODR (issue 17): the console's calls for enterprise online dispute resolution — the enterprise's own inbox, replies
// and settlements, the manager's enrolment, the per-enterprise figures, and the suggestion lists the intake form and
// the public filing page show. Routes and shapes: libs/contracts/src/odr.ts (the `odr` back end).
import { download, get, patch, post } from '../api';

import type {
  CreateOdrEnterpriseRequest, OdrCaseDetailDto, OdrCaseSummaryDto, OdrEnterpriseDto, OdrFiguresDto, OdrNoticeDto, OdrReplyDto, OdrStage,
  OdrSuggestionDto, PublicOdrSuggestionDto, UpdateOdrEnterpriseRequest,
} from '#contracts';

export type {
  CreateOdrEnterpriseRequest, OdrCaseDetailDto, OdrCaseStateDto, OdrCaseSummaryDto, OdrContactDto, OdrEnterpriseDto, OdrEnterpriseStatus,
  OdrFiguresDto, OdrFiguresRowDto, OdrReplyDto, OdrStage, OdrSuggestionDto, PublicOdrSuggestionDto, UpdateOdrEnterpriseRequest,
} from '#contracts';
export { ODR_ENTERPRISE_STATUS_LABELS, ODR_STAGE_LABELS } from '#contracts';

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
  notices: () => get<OdrNoticeDto[]>('/odr/notices'),
  evidence: (caseId: string, a: { id: string; fileName: string }) => download(`/odr/cases/${caseId}/attachments/${a.id}`, a.fileName),
};

