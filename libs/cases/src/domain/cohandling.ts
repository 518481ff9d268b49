// Co-handling (协办) and supervision items (督办/催办), issue 4 (docs/routing.md). Pure types and rule texts; the
// transitions live on the Case aggregate (block `// ---- co-handling and supervision`).
import { DomainError } from '#kernel';
import { SUPERVISION_KIND_LABELS } from '#contracts';

/** A co-unit's part: pending until it submits, or until the lead unit releases it. */
export type CoUnitState = 'pending' | 'submitted' | 'released';
export interface CoUnit {
  unitId: string;
  addedAt: Date;
  addedBy: string;
  state: CoUnitState;
  submittedAt: Date | null;
  text: string | null;
}

import type { SupervisionKind } from './vocabulary.js';
export { SUPERVISION_KINDS, type SupervisionKind } from './vocabulary.js';
/** 督办 / 催办 by kind: the one label map of libs/contracts. */
export const SUPERVISION_KIND_TEXT: Readonly<Record<SupervisionKind, string>> = SUPERVISION_KIND_LABELS;
/** Default response time of a supervision item, in working days on the calendar in force. */
export const DEFAULT_RESPONSE_DAYS = 3;

export interface Supervision {
  id: string;
  kind: SupervisionKind;
  openedByUnitId: string;
  targetUnitId: string;
  openedAt: Date;
  openedBy: string | null;
  dueAt: Date;
  answeredAt: Date | null;
  answeredBy: string | null;
  answer: string | null;
  auto: boolean;
  overdueAt: Date | null;
  deadlineId?: string | null;
  deadlineVersion?: number | null;
}

export type SupervisionState = 'open' | 'overdue' | 'answered';
export function supervisionState(s: Pick<Supervision, 'answeredAt' | 'overdueAt'>): SupervisionState {
  return s.answeredAt ? 'answered' : s.overdueAt ? 'overdue' : 'open';
}

export const COHANDLING_RULES = {
  coUnits: '协办：主办单位牵头办理、协办单位按职责办理并反馈，由主办单位办结（本局协办规则）',
  supervise: '督办：上级单位或投诉举报办对案件办理情况督办，承办单位限期反馈（本局督办规则）',
  remind: '催办：上级单位或投诉举报办催促承办单位限期反馈（本局督办规则）',
  overdue: '督办/催办逾期未反馈（本局督办规则）',
} as const;

/** The lead unit tried to close while co-units' parts are still pending (release them explicitly first). */
export class CoHandlingPending extends DomainError {
  readonly code = 'COHANDLING_PENDING';
  constructor(readonly unitIds: string[]) {
    super('仍有协办单位未反馈办理情况，请等待反馈或先结束其协办后再办结', { unitIds });
  }
}
