import { DEFAULT_LADDER } from './clock.js';
import { type LadderContext, isWindow, ladderChange, ladderChanged, validateLadder } from './ladder.js';

const legal: LadderContext = { regime: 'O121', unit: 'workingDays', amount: 7, current: null };
const pledge: LadderContext = { regime: 'LOCAL', unit: 'workingDays', amount: 1, current: [{ rung: 'due', offset: 0 }] };
const window: LadderContext = { regime: 'LOCAL', unit: 'workingDays', amount: 2, current: [] };
const hours: LadderContext = { regime: 'LOCAL', unit: 'hours', amount: 24, current: [{ rung: 'due', offset: 0 }] };

const issues = (input: unknown, ctx: LadderContext = legal) => {
  const r = validateLadder(input, ctx);
  if (r.ok) throw new Error(`expected issues, got ${JSON.stringify(r.ladder)}`);
  return r.issues.map((i) => `${i.field} ${i.code}`);
};

describe('validateLadder', () => {
  it('accepts the issue’s ladder and returns it in ladder order, whatever the input order', () => {
    const r = validateLadder(
      [{ rung: 'notice', offset: 5 }, { rung: 'due', offset: 0 }, { rung: 'warn', offset: -2 }, { rung: 'remind', offset: 1 }, { rung: 'supervise', offset: 3 }],
      legal,
    );
    expect(r).toEqual({
      ok: true,
      ladder: [{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }, { rung: 'remind', offset: 1 }, { rung: 'supervise', offset: 3 }, { rung: 'notice', offset: 5 }],
    });
  });

  it('takes null as “back to the default ladder”', () => {
    expect(validateLadder(null, legal)).toEqual({ ok: true, ladder: null });
    expect(validateLadder(null, pledge)).toEqual({ ok: true, ladder: null });
  });

  it('refuses what is not a list of {rung, offset}', () => {
    expect(issues('warn')).toEqual(['ladder LADDER_INVALID']);
    expect(issues({ rung: 'due', offset: 0 })).toEqual(['ladder LADDER_INVALID']);
    expect(issues([{ rung: 'due', offset: 0 }, 3])).toEqual(['ladder[1] LADDER_INVALID']);
    expect(issues([{ rung: 'due', offset: 0, urgent: true }])).toEqual(['ladder[0].urgent LADDER_INVALID']);
    expect(issues(Array.from({ length: 6 }, () => ({ rung: 'due', offset: 0 })))).toEqual(['ladder LADDER_INVALID']);
  });

  it('names the field of an unknown or repeated rung', () => {
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'escalate', offset: 2 }])).toEqual(['ladder[1].rung RUNG_UNKNOWN']);
    expect(issues([{ rung: 'due', offset: 0 }, { offset: 2 }])).toEqual(['ladder[1].rung RUNG_UNKNOWN']);
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'notice', offset: 3 }, { rung: 'notice', offset: 5 }])).toEqual(['ladder[2].rung RUNG_DUPLICATE']);
  });

  it('wants integer offsets within 30 working days (720 hours on hour clocks)', () => {
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'supervise', offset: '2' }])).toEqual(['ladder[1].offset OFFSET_INVALID']);
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'supervise', offset: 1.5 }])).toEqual(['ladder[1].offset OFFSET_INVALID']);
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'supervise', offset: Number.NaN }])).toEqual(['ladder[1].offset OFFSET_INVALID']);
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'notice', offset: 31 }])).toEqual(['ladder[1].offset OFFSET_RANGE']);
    expect(validateLadder([{ rung: 'due', offset: 0 }, { rung: 'notice', offset: 72 }], hours).ok).toBe(true);
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'notice', offset: 721 }], hours)).toEqual(['ladder[1].offset OFFSET_RANGE']);
  });

  it('puts due at 0, warn before it and escalations after it', () => {
    expect(issues([{ rung: 'due', offset: 1 }])).toEqual(['ladder[0].offset DUE_NOT_ZERO']);
    expect(issues([{ rung: 'warn', offset: 0 }, { rung: 'due', offset: 0 }])).toEqual(['ladder[0].offset WARN_NOT_BEFORE_DUE']);
    expect(issues([{ rung: 'warn', offset: 2 }, { rung: 'due', offset: 0 }])).toEqual(['ladder[0].offset WARN_NOT_BEFORE_DUE']);
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'remind', offset: 0 }])).toEqual(['ladder[1].offset ESCALATION_NOT_AFTER_DUE']);
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'supervise', offset: -1 }])).toEqual(['ladder[1].offset ESCALATION_NOT_AFTER_DUE']);
  });

  it('keeps a warning after the clock started: −n working days at most n = the period; hours strictly inside', () => {
    expect(validateLadder([{ rung: 'warn', offset: -7 }, { rung: 'due', offset: 0 }], legal).ok).toBe(true);
    expect(issues([{ rung: 'warn', offset: -8 }, { rung: 'due', offset: 0 }])).toEqual(['ladder[0].offset WARN_BEFORE_START']);
    expect(issues([{ rung: 'warn', offset: -2 }, { rung: 'due', offset: 0 }], pledge)).toEqual(['ladder[0].offset WARN_BEFORE_START']);
    expect(validateLadder([{ rung: 'warn', offset: -23 }, { rung: 'due', offset: 0 }], hours).ok).toBe(true);
    expect(issues([{ rung: 'warn', offset: -24 }, { rung: 'due', offset: 0 }], hours)).toEqual(['ladder[0].offset WARN_BEFORE_START']);
  });

  it('wants escalations in ladder order: 催办 < 督办 < 通报, strictly', () => {
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'supervise', offset: 5 }, { rung: 'notice', offset: 2 }])).toEqual(['ladder[2].offset ESCALATION_ORDER']);
    expect(issues([{ rung: 'due', offset: 0 }, { rung: 'notice', offset: 2 }, { rung: 'remind', offset: 2 }])).toEqual(['ladder[1].offset ESCALATION_ORDER']);
    // Gaps are fine: 催办 at +1 then 通报 at +3 with no 督办.
    expect(validateLadder([{ rung: 'due', offset: 0 }, { rung: 'remind', offset: 1 }, { rung: 'notice', offset: 3 }], legal).ok).toBe(true);
  });

  it('never lets a legal step lose its due rung (that would make it a window that never goes overdue)', () => {
    expect(issues([{ rung: 'warn', offset: -2 }])).toEqual(['ladder LEGAL_STEP']);
    expect(issues([])).toEqual(['ladder LEGAL_STEP']);
  });

  it('keeps a local pledge a duty: its due rung stays (switching it off is the way out)', () => {
    expect(issues([], pledge)).toEqual(['ladder DUE_REQUIRED']);
    expect(validateLadder([{ rung: 'due', offset: 0 }, { rung: 'remind', offset: 1 }], pledge)).toEqual({ ok: true, ladder: [{ rung: 'due', offset: 0 }, { rung: 'remind', offset: 1 }] });
  });

  it('keeps a window a window: a warning at most, never a due, an escalation or the default ladder', () => {
    expect(validateLadder([], window)).toEqual({ ok: true, ladder: [] });
    expect(validateLadder([{ rung: 'warn', offset: -1 }], window)).toEqual({ ok: true, ladder: [{ rung: 'warn', offset: -1 }] });
    expect(issues([{ rung: 'warn', offset: -1 }, { rung: 'due', offset: 0 }], window)).toEqual(['ladder[1].rung WINDOW']);
    expect(issues([{ rung: 'supervise', offset: 2 }], window)).toEqual(['ladder[0].rung WINDOW']);
    expect(issues(null, window)).toEqual(['ladder WINDOW']);
  });

  it('reports every problem at once, each with a Chinese message', () => {
    const r = validateLadder([{ rung: 'warn', offset: 1 }, { rung: 'due', offset: 3 }, { rung: 'x', offset: 0 }], legal);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.field)).toEqual(['ladder[0].offset', 'ladder[1].offset', 'ladder[2].rung']);
    for (const i of r.issues) expect(i.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('isWindow', () => {
  it('is a ladder without due; null (the default ladder) is not', () => {
    expect(isWindow([])).toBe(true);
    expect(isWindow([{ rung: 'warn', offset: -1 }])).toBe(true);
    expect(isWindow(null)).toBe(false);
    expect(isWindow(DEFAULT_LADDER)).toBe(false);
  });
});

describe('ladderChange', () => {
  it('tells added, removed and moved rungs, null being the default ladder', () => {
    const c = ladderChange(null, [{ rung: 'warn', offset: -3 }, { rung: 'due', offset: 0 }, { rung: 'remind', offset: 1 }, { rung: 'supervise', offset: 2 }]);
    expect(c).toEqual({ added: ['remind'], removed: ['notice'], moved: ['warn'] });
    expect(ladderChanged(c)).toBe(true);
    expect(ladderChanged(ladderChange(null, [...DEFAULT_LADDER]))).toBe(false);
    expect(ladderChanged(ladderChange([{ rung: 'due', offset: 0 }], [{ rung: 'due', offset: 0 }]))).toBe(false);
  });
});

describe('the console’s ladder words are the engine’s', () => {
  it('are the same objects, not copies', async () => {
    const contracts = await import('#contracts');
    const { RUNGS } = await import('./ladder.js');
    expect(contracts.DEFAULT_LADDER).toBe(DEFAULT_LADDER);
    expect(contracts.RUNGS).toBe(RUNGS);
  });
  it('give every rung its own name', async () => {
    const { RUNG_LABELS, RUNGS } = await import('#contracts');
    expect(new Set(RUNGS.map((r) => RUNG_LABELS[r])).size).toBe(RUNGS.length);
  });
});
