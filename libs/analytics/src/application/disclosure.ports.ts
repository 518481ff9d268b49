import type { OdrFiguresRowDto } from '#contracts';
import type { DayRange, DisclosureBusiness, DisclosureCase, DisclosureStatus } from '../domain/index.js';

export interface DisclosureRecord {
  period: string;
  status: DisclosureStatus;
  businesses: DisclosureBusiness[];
  /** The ODR enterprises' figures of the quarter (issue 17 §5), computed with the draft; null if computed before they existed. */
  odrEnterprises: OdrFiguresRowDto[] | null;
  computedAt: Date;
  computedBy: string;
  releasedAt: Date | null;
  releasedBy: string | null;
}

/** The quarters of 消费投诉信息公示 and the complaints they are computed from (adapter: PrismaDisclosureStore). */
export abstract class DisclosureRepository {
  /** Complaints whose decision, closure or finish may fall in the range (the domain picks; no personal data read). */
  abstract casesFor(range: DayRange): Promise<DisclosureCase[]>;
  abstract get(period: string): Promise<DisclosureRecord | null>;
  abstract list(onlyReleased: boolean): Promise<Omit<DisclosureRecord, 'businesses' | 'odrEnterprises'>[]>;
  /** Writes (or replaces) the draft; false if the period is already released (frozen). */
  abstract saveDraft(rec: Pick<DisclosureRecord, 'period' | 'businesses' | 'odrEnterprises' | 'computedAt' | 'computedBy'>): Promise<boolean>;
  /**
   * Draft → released, frozen from then on; false if there is no draft (never computed, or released already).
   * `odrEnterprises`: the ODR figures for a draft computed before they existed (else the draft's are kept).
   */
  abstract release(period: string, by: string, at: Date, odrEnterprises?: OdrFiguresRowDto[]): Promise<boolean>;
}

export interface PublishedWarning { id: string; unitName: string; title: string; body: string; publishedAt: Date }

/** 消费警示: publication by a manager and the public list (adapter: PrismaWarningPublication). */
export abstract class WarningPublication {
  /** Marks a draft published; the warning's unit, or null if it does not exist. */
  abstract find(id: string): Promise<{ id: string; unitId: string; status: string } | null>;
  abstract publish(id: string, by: string, at: Date): Promise<void>;
  abstract published(limit: number): Promise<PublishedWarning[]>;
}
