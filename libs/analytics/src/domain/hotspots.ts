/**
 * Hotspot arithmetic (pure): shares, month-over-month risers, trends, and the thresholds of the O121 Art. 17
 * patterns. The counting itself is SQL over cases (infrastructure/hotspot.store.ts).
 */
import type { HotspotKind } from './vocabulary.js';

export interface CountRow {
  key: string;
  name: string;
  count: number;
}
export interface RankedRow extends CountRow {
  share: number;
  previous: number;
  change: number;
  trend: 'up' | 'down' | 'flat' | 'new';
}

/** O121 Art. 17 (profit-seeking complaints): flagged to staff, never declined automatically. Local policy. */
export const ART17 = {
  /** one phone or address used by at least this many distinct complainant names */
  sharedContactMinComplainants: 3,
  /** one complainant phone with at least this many complaints against the same respondent … */
  repeatMinComplaints: 3,
  /** … within this many days */
  repeatWindowDays: 30,
} as const;

export function trendOf(current: number, previous: number): RankedRow['trend'] {
  if (previous === 0) return current > 0 ? 'new' : 'flat';
  if (current > previous) return 'up';
  if (current < previous) return 'down';
  return 'flat';
}

/** Current counts ranked, with share of the period total and the change against the previous period. */
export function rank(current: readonly CountRow[], previous: readonly CountRow[], total: number, limit = 10): RankedRow[] {
  const prev = new Map(previous.map((r) => [r.key, r.count]));
  return [...current]
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
    .slice(0, limit)
    .map((r) => {
      const p = prev.get(r.key) ?? 0;
      return { ...r, share: total ? r.count / total : 0, previous: p, change: r.count - p, trend: trendOf(r.count, p) };
    });
}

/** Keys that grew most against the previous period (absolute growth, then relative); only growing keys. */
export function risers(current: readonly CountRow[], previous: readonly CountRow[], total: number, limit = 10, minCount = 2): RankedRow[] {
  const prev = new Map(previous.map((r) => [r.key, r.count]));
  return current
    .filter((r) => r.count >= minCount && r.count > (prev.get(r.key) ?? 0))
    .map((r) => {
      const p = prev.get(r.key) ?? 0;
      return { ...r, share: total ? r.count / total : 0, previous: p, change: r.count - p, trend: trendOf(r.count, p) };
    })
    .sort((a, b) => b.change - a.change || (b.previous ? b.count / b.previous : Infinity) - (a.previous ? a.count / a.previous : Infinity) || a.key.localeCompare(b.key))
    .slice(0, limit);
}

/**
 * O121 Art. 17 patterns carry counts only: no phone, address or name reaches statistics, reports or warnings
 * (O121 Art. 37; the intake hints show the operator the cases themselves).
 */
export interface SharedContact {
  complainants: number;
  cases: number;
}
export interface RepeatComplainant {
  respondent: string;
  cases: number;
  firstAt: string;
  lastAt: string;
}

/** Drops any personal data from patterns (reports stored before the rule above carried phones and names). */
export function withoutPersonalData(p: { sharedPhones: unknown[]; sharedAddresses: unknown[]; repeatComplainants: unknown[] }): Hotspots['patterns'] {
  const num = (x: unknown, k: string) => Number((x as Record<string, unknown>)?.[k] ?? 0);
  const contact = (x: unknown): SharedContact => ({ complainants: num(x, 'complainants'), cases: num(x, 'cases') });
  return {
    sharedPhones: (p.sharedPhones ?? []).map(contact),
    sharedAddresses: (p.sharedAddresses ?? []).map(contact),
    repeatComplainants: (p.repeatComplainants ?? []).map((x) => {
      const r = x as Record<string, unknown>;
      return { respondent: String(r.respondent ?? ''), cases: num(x, 'cases'), firstAt: String(r.firstAt ?? ''), lastAt: String(r.lastAt ?? '') };
    }),
  };
}
export interface Hotspots {
  from: string;
  to: string;
  total: number;
  categories: RankedRow[];
  problemTypes: RankedRow[];
  risers: { categories: RankedRow[]; problemTypes: RankedRow[] };
  respondents: RankedRow[];
  patterns: { sharedPhones: SharedContact[]; sharedAddresses: SharedContact[]; repeatComplainants: RepeatComplainant[] };
}

export { HOTSPOT_KINDS, type HotspotKind } from './vocabulary.js';

/** The text of a consumer warning (消费警示) drafted from a hotspot; staff edit it before publishing. */
export function draftWarning(kind: HotspotKind, row: RankedRow, unitName: string, periodText: string): { title: string; body: string } {
  const what = kind === 'respondent' ? `涉及“${row.name}”的投诉` : kind === 'category' ? `“${row.name}”类投诉` : `“${row.name}”问题投诉`;
  const pct = (row.share * 100).toFixed(1);
  const trend = row.trend === 'up' || row.trend === 'new' ? `，较上期增加${row.change}件` : '';
  const title = kind === 'respondent' ? `关于${row.name}相关消费的消费警示` : `关于${row.name}消费的消费警示`;
  const body = [
    `${periodText}，${unitName}12315平台共受理${what}${row.count}件，占同期总量的${pct}%${trend}。`,
    '为此，提醒广大消费者：',
    '一、选择证照齐全、信誉良好的经营者，理性消费，不轻信夸大宣传；',
    '二、消费时索要并妥善保存发票、合同、聊天记录、付款凭证等证据；',
    '三、合法权益受到侵害时，可先与经营者协商，协商不成可拨打12315或通过全国12315平台投诉举报。',
    '（本警示由系统根据投诉热点自动起草，发布前请核实数据并修改完善。）',
  ].join('\n');
  return { title, body };
}
