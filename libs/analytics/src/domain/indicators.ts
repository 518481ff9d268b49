import type { CounterName, Counters } from './counters.js';

/**
 * The indicators of domain.md §7, defined once. Every period indicator is a ratio (or sum) of counters, so the
 * value for a parent unit is the formula applied to the union of its subtree's items — never an average of
 * its children's rates. Formulas and denominators in words: docs/indicators.md.
 */
export type IndicatorCode =
  | 'signOnTimeRate' | 'acceptOnTimeRate' | 'closeOnTimeRate' | 'verifyOnTimeRate' | 'mediationSuccessRate'
  | 'returnRate' | 'extensionRate' | 'satisfactionRate' | 'avgHandlingDays' | 'recoveredLoss' | 'responseRate';

export interface IndicatorDef {
  code: IndicatorCode;
  name: string;
  /** rate: numerator/denominator in [0,1]; average: numerator/denominator; sum: numerator (scaled). */
  kind: 'rate' | 'average' | 'sum';
  unit: '%' | '工作日' | '元';
  numerator: readonly CounterName[];
  denominator: readonly CounterName[];
  /** Divide the numerator by this for display (cents → yuan). */
  scale?: number;
  definition: string;
}

/** A share (%) of the items counted by `denominator` that `numerator` counts. */
function rate(code: IndicatorCode, name: string, numerator: readonly CounterName[], denominator: readonly CounterName[], definition: string): IndicatorDef {
  return { code, name, kind: 'rate', unit: '%', numerator, denominator, definition };
}
/** A step's on-time rate: its items done within the time limit ÷ its items due (counters `<step>OnTime`, `<step>Due`). */
function onTimeRate(code: IndicatorCode, name: string, step: 'sign' | 'accept' | 'close' | 'verify' | 'respond', definition: string): IndicatorDef {
  return rate(code, name, [`${step}OnTime`], [`${step}Due`], definition);
}

export const INDICATORS: readonly IndicatorDef[] = [
  onTimeRate('signOnTimeRate', '按时签收率', 'sign',
    '签收时限内签收件数 ÷ 应签收件数（期内按时签收或签收期限于期内届满未签收的件）'),
  onTimeRate('acceptOnTimeRate', '按时初查率', 'accept',
    '7个工作日内作出受理/不予受理决定件数 ÷ 应作出决定件数'),
  onTimeRate('closeOnTimeRate', '按期办结率', 'close',
    '调解（咨询答复）期限内办结件数 ÷ 应办结件数'),
  onTimeRate('verifyOnTimeRate', '举报按时核查率', 'verify',
    '核查期限内作出是否立案决定的举报件数 ÷ 应核查件数'),
  onTimeRate('responseRate', '24小时回应率', 'respond',
    '网上投诉举报在24小时内得到承办单位首次回应（联系投诉人）的件数 ÷ 应回应件数（期内按时回应或回应时限于期内届满未回应的网上件）'),
  rate('mediationSuccessRate', '调解成功率', ['mediationSuccess'], ['mediationClosed'],
    '期内调解成功办结的投诉件数 ÷ 期内受理后办结的投诉件数'),
  rate('returnRate', '退单率', ['returned'], ['dispatched'],
    '期内退回件次 ÷ 期内派至本单位件次'),
  rate('extensionRate', '延期率', ['extended'], ['closeDue', 'verifyDue'],
    '应办结/应核查件中经批准延期的件数 ÷ 应办结件数与应核查件数之和'),
  rate('satisfactionRate', '满意率', ['satisfied'], ['callbacks'],
    '回访满意和非常满意件数 ÷ 期内回访件数'),
  { code: 'avgHandlingDays', name: '平均办理时长', kind: 'average', unit: '工作日', numerator: ['handlingDays'], denominator: ['finished'],
    definition: '期内办结（含不予受理）件在办结单位的工作日数之和 ÷ 期内办结件数' },
  { code: 'recoveredLoss', name: '挽回经济损失', kind: 'sum', unit: '元', numerator: ['recoveredCents'], denominator: [], scale: 100,
    definition: '期内办结件登记的挽回经济损失之和（元）' },
];

export const INDICATOR_CODES: readonly IndicatorCode[] = INDICATORS.map((i) => i.code);

export function indicatorDef(code: string): IndicatorDef | undefined {
  return INDICATORS.find((i) => i.code === code);
}

export interface IndicatorValue {
  /** null when the denominator is 0 (no items: "—", not 0% and not 100%). */
  value: number | null;
  numerator: number;
  denominator: number | null;
}

export function computeIndicator(def: IndicatorDef, c: Counters): IndicatorValue {
  const num = def.numerator.reduce((s, k) => s + c[k], 0);
  if (def.kind === 'sum') return { value: num / (def.scale ?? 1), numerator: num, denominator: null };
  const den = def.denominator.reduce((s, k) => s + c[k], 0);
  return { value: den === 0 ? null : num / den, numerator: num, denominator: den };
}

export function computeAll(c: Counters, codes: readonly IndicatorCode[] = INDICATOR_CODES): Record<string, IndicatorValue> {
  return Object.fromEntries(codes.map((code) => [code, computeIndicator(indicatorDef(code)!, c)]));
}
