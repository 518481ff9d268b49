import type { PeriodUnit } from './period.js';
import { DEFAULT_LADDER, type LadderRung } from './clock.js';
import { isWindow } from './window.js';

/** The window rule lives in ./window.ts (dependency-free: the console imports it too). */
export { isWindow };
import { RUNG_LABELS } from '#contracts';

export type LadderRungName = LadderRung['rung'];

import { RUNGS } from './vocabulary.js';
export { RUNGS };
export const ESCALATION_RUNGS: readonly LadderRungName[] = ['remind', 'supervise', 'notice'];

/** The unit a ladder offset counts in (rungFireAt): hours for hour clocks, working days for every other clock. */
export const offsetUnit = (unit: PeriodUnit): 'hours' | 'workingDays' => (unit === 'hours' ? 'hours' : 'workingDays');
const UNIT_ZH = { hours: '小时', workingDays: '个工作日' } as const;
/** How far from due a rung may sit: 30 working days, or 720 hours. */
export const MAX_OFFSET = { hours: 720, workingDays: 30 } as const;


export interface LadderIssue {
  /** `ladder`, or `ladder[i].rung` / `ladder[i].offset` (i: the index in the admin's input). */
  field: string;
  code:
    | 'LADDER_INVALID' | 'RUNG_UNKNOWN' | 'RUNG_DUPLICATE' | 'OFFSET_INVALID' | 'OFFSET_RANGE' | 'DUE_NOT_ZERO'
    | 'WARN_NOT_BEFORE_DUE' | 'WARN_BEFORE_START' | 'ESCALATION_NOT_AFTER_DUE' | 'ESCALATION_ORDER'
    | 'DUE_REQUIRED' | 'LEGAL_STEP' | 'WINDOW';
  message: string;
}

/** What the rules need to know of the policy being edited. */
export interface LadderContext {
  regime: string;
  unit: PeriodUnit;
  /** The period after the edit (an amount patched in the same request counts). */
  amount: number;
  /** The ladder stored now (null: the default ladder). */
  current: readonly LadderRung[] | null;
}

export type LadderResult = { ok: true; ladder: LadderRung[] | null } | { ok: false; issues: LadderIssue[] };

/**
 * An admin's ladder for a policy, checked as data (docs/deadlines.md, "Warning and escalation ladder"): `null` is
 * the default ladder; otherwise rows of {rung, offset} — known rungs, each at most once, integer offsets in the
 * clock's unit (`offsetUnit`), `warn` before due (negative, not before the clock starts), `due` at 0, escalations
 * after due (positive) in ladder order (催办 < 督办 < 通报). A legal step keeps its `due` rung (it cannot be switched
 * off, so it cannot be made a window either); a duty clock keeps `due` and a window stays a window (only a warning
 * is meaningful on it: its escalations could never fire). Returned sorted in ladder order.
 */
export function validateLadder(input: unknown, ctx: LadderContext): LadderResult {
  const issues: LadderIssue[] = [];
  const wasWindow = isWindow(ctx.current);
  if (input === null) {
    if (wasWindow)
      return { ok: false, issues: [{ field: 'ladder', code: 'WINDOW', message: '该环节是期间窗口（不计超期），不能改用默认预警督办阶梯' }] };
    return { ok: true, ladder: null };
  }
  if (!Array.isArray(input)) return { ok: false, issues: [{ field: 'ladder', code: 'LADDER_INVALID', message: '预警督办阶梯应为列表（或 null 表示使用默认阶梯）' }] };
  if (input.length > RUNGS.length)
    return { ok: false, issues: [{ field: 'ladder', code: 'LADDER_INVALID', message: `预警督办阶梯最多${RUNGS.length}档` }] };

  const unit = offsetUnit(ctx.unit);
  const max = MAX_OFFSET[unit];
  const seen = new Map<LadderRungName, number>();
  const rows: { i: number; rung: LadderRungName; offset: number }[] = [];
  input.forEach((row: unknown, i) => {
    const at = `ladder[${i}]`;
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      issues.push({ field: at, code: 'LADDER_INVALID', message: `第${i + 1}档应包含档位和时间` });
      return;
    }
    const { rung, offset, ...rest } = row as Record<string, unknown>;
    for (const k of Object.keys(rest)) issues.push({ field: `${at}.${k}`, code: 'LADDER_INVALID', message: `第${i + 1}档：不是可接受的字段` });
    let name: LadderRungName | null = null;
    if (typeof rung !== 'string' || !(RUNGS as readonly string[]).includes(rung)) {
      issues.push({ field: `${at}.rung`, code: 'RUNG_UNKNOWN', message: `第${i + 1}档：档位应为 ${RUNGS.map((r) => RUNG_LABELS[r]).join('/')} 之一` });
    } else if (seen.has(rung as LadderRungName)) {
      issues.push({ field: `${at}.rung`, code: 'RUNG_DUPLICATE', message: `第${i + 1}档：${RUNG_LABELS[rung as LadderRungName]}重复（每档最多一次）` });
    } else {
      name = rung as LadderRungName;
      seen.set(name, i);
    }
    if (typeof offset !== 'number' || !Number.isInteger(offset)) {
      issues.push({ field: `${at}.offset`, code: 'OFFSET_INVALID', message: `第${i + 1}档：时间应为整数（${UNIT_ZH[unit]}）` });
      return;
    }
    if (Math.abs(offset) > max) {
      issues.push({ field: `${at}.offset`, code: 'OFFSET_RANGE', message: `第${i + 1}档：距到期不能超过${max}${UNIT_ZH[unit]}` });
      return;
    }
    if (!name) return;
    const label = RUNG_LABELS[name];
    if (name === 'due' && offset !== 0) issues.push({ field: `${at}.offset`, code: 'DUE_NOT_ZERO', message: `第${i + 1}档：到期档的时间只能为0` });
    else if (name === 'warn' && offset >= 0)
      issues.push({ field: `${at}.offset`, code: 'WARN_NOT_BEFORE_DUE', message: `第${i + 1}档：临期预警应在到期之前（负数，如 -2 表示到期前2${UNIT_ZH[unit]}）` });
    else if (name === 'warn' && (unit === 'hours' ? -offset >= ctx.amount : -offset > ctx.amount))
      issues.push({ field: `${at}.offset`, code: 'WARN_BEFORE_START', message: `第${i + 1}档：临期预警不能早于期限起算（期间仅${ctx.amount}${unit === 'hours' ? '小时' : '日'}）` });
    else if (ESCALATION_RUNGS.includes(name) && offset <= 0)
      issues.push({ field: `${at}.offset`, code: 'ESCALATION_NOT_AFTER_DUE', message: `第${i + 1}档：${label}应在到期之后（正数，如 2 表示超期2${UNIT_ZH[unit]}）` });
    else rows.push({ i, rung: name, offset });
  });

  // Escalations in ladder order: 催办 before 督办 before 通报, strictly (two rungs at one instant have no order).
  const escalations = rows.filter((r) => ESCALATION_RUNGS.includes(r.rung)).sort((a, b) => RUNGS.indexOf(a.rung) - RUNGS.indexOf(b.rung));
  for (let k = 1; k < escalations.length; k++) {
    const prev = escalations[k - 1]!;
    const cur = escalations[k]!;
    if (cur.offset <= prev.offset)
      issues.push({
        field: `ladder[${cur.i}].offset`, code: 'ESCALATION_ORDER',
        message: `第${cur.i + 1}档：${RUNG_LABELS[cur.rung]}应晚于${RUNG_LABELS[prev.rung]}（${prev.offset}${UNIT_ZH[unit]}之后）`,
      });
  }

  const names = new Set(seen.keys());
  if (wasWindow) {
    const bad = [...names].filter((n) => n !== 'warn');
    if (bad.length)
      issues.push({ field: `ladder[${seen.get(bad[0]!)}].rung`, code: 'WINDOW', message: `该环节是期间窗口（不计超期），只能设置临期预警，不能设置${bad.map((n) => RUNG_LABELS[n]).join('、')}` });
  } else if (!names.has('due')) {
    if (ctx.regime !== 'LOCAL') issues.push({ field: 'ladder', code: 'LEGAL_STEP', message: `法定时限必须保留“${RUNG_LABELS.due}”档（超期标记不能取消）` });
    else issues.push({ field: 'ladder', code: 'DUE_REQUIRED', message: `阶梯必须包含“${RUNG_LABELS.due}”档；如不再需要此承诺时限，请停用该规则` });
  }

  if (issues.length) return { ok: false, issues };
  return { ok: true, ladder: rows.sort((a, b) => RUNGS.indexOf(a.rung) - RUNGS.indexOf(b.rung)).map(({ rung, offset }) => ({ rung, offset })) };
}

export interface LadderChange {
  added: LadderRungName[];
  removed: LadderRungName[];
  /** Rungs kept with another offset: their armed wake-ups must be re-timed. */
  moved: LadderRungName[];
}

/** What an edit changes for live clocks (null = the default ladder on both sides). */
export function ladderChange(before: readonly LadderRung[] | null, after: readonly LadderRung[] | null): LadderChange {
  const a = new Map((before ?? DEFAULT_LADDER).map((r) => [r.rung, r.offset]));
  const b = new Map((after ?? DEFAULT_LADDER).map((r) => [r.rung, r.offset]));
  return {
    added: RUNGS.filter((r) => b.has(r) && !a.has(r)),
    removed: RUNGS.filter((r) => a.has(r) && !b.has(r)),
    moved: RUNGS.filter((r) => a.has(r) && b.has(r) && a.get(r) !== b.get(r)),
  };
}

export const ladderChanged = (c: LadderChange): boolean => c.added.length + c.removed.length + c.moved.length > 0;
