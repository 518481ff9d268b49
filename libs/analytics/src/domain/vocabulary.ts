// Analytics' words: the periods of a 12315 analysis report (分析报告) and the kinds of hotspot. The one declaration of
// each; libs/contracts re-exports them for the API and the console, so this file imports nothing.

/** 月报 / 季报 / 年报 (O121 Art. 38). */
export type AnalysisReportPeriod = 'month' | 'quarter' | 'year';
export const ANALYSIS_REPORT_PERIODS: readonly AnalysisReportPeriod[] = ['month', 'quarter', 'year'];

/** What a hotspot (and a consumer warning drafted from it) is about. */
export type HotspotKind = 'category' | 'problemType' | 'respondent';
export const HOTSPOT_KINDS: readonly HotspotKind[] = ['category', 'problemType', 'respondent'];

/** 消费投诉信息公示 (issue 16 §5): a quarter's table is a draft until released. */
export type DisclosureStatus = 'draft' | 'released';

/** One business's row in a quarter's 消费投诉信息公示. */
export interface DisclosureBusiness {
  name: string;
  creditCode: string;
  received: number;
  accepted: number;
  /** fraction in [0,1]; null when no complaint against it was closed in the quarter */
  mediationSuccessRate: number | null;
  /** working days, one decimal; null when none finished */
  averageDays: number | null;
}
