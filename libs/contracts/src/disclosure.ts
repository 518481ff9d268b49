// 消费投诉信息公示 and published 消费警示 (issue 16 §5): shared by the API's views and the console's pages.
import type { DisclosureBusiness, DisclosureStatus } from '../../analytics/src/domain/vocabulary.js';
import type { OdrFiguresRowDto } from './odr.js';
/** The domain's row, as the API sends it (libs/analytics declares it once). */
export type DisclosureBusinessDto = DisclosureBusiness;
export interface DisclosurePeriodDto { period: string; label: string; status: DisclosureStatus; computedAt: string; releasedAt: string | null }
/** The ODR enterprises' figures of the quarter (issue 17 §5): the rows and rules of GET /odr/figures, frozen with the release. */
export interface DisclosureOdrDto { rows: OdrFiguresRowDto[]; rules: string[] }
export interface DisclosureDto extends DisclosurePeriodDto { rules: string[]; businesses: DisclosureBusinessDto[]; odrEnterprises: DisclosureOdrDto }
export interface PublicDisclosureDto { period: string; label: string; published: string; rules: string[]; businesses: DisclosureBusinessDto[]; odrEnterprises: DisclosureOdrDto }
export interface PublicWarningDto { id: string; unitName: string; title: string; body: string; publishedAt: string }
export const DISCLOSURE_STATUS_LABELS: Record<DisclosureStatus, string> = { draft: '待审核', released: '已发布' };
export const WARNING_STATUS_LABELS: Record<string, string> = { draft: '草稿', published: '已发布' };
