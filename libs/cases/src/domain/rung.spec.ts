import { readFileSync } from 'node:fs';
import { type ChineseDaysJson, type LadderRung, type PolicySet, type TimeLimitPolicy, DEFAULT_LADDER, WorkingCalendar, calendarEntriesFromChineseDays, yearsIn } from '#deadlines';
import { type RungView, decideRung, ladderFor, rungTime } from './rung.js';

const entries = calendarEntriesFromChineseDays(
  JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson,
);
const calendar = new WorkingCalendar(entries, yearsIn(entries), 'cal-v1');
const at = (s: string) => new Date(`${s}+08:00`);

// Acceptance due Fri 2026-03-06 24:00 China time: warn (−2 working days) fires Thu 03-05 00:00, due just after
// the due instant, supervise (+2) after Tue 03-10, notice (+5) after Fri 03-13.
const view = (o: Partial<RungView> = {}): RungView => ({
  id: 'd1', caseId: 'c1', step: 'acceptance', state: 'running', version: 3, dueAt: at('2026-03-06T23:59:59.999'), dueDate: '2026-03-06',
  unit: 'workingDays', metAt: null, legalBasis: 'O121 第十五条', policyId: 'p1', ...o,
});
const L = DEFAULT_LADDER;

describe('decideRung', () => {
  it('reports an early wake-up with the rung instant, and skips a rung the ladder lacks', () => {
    expect(decideRung(view(), 'due', L, calendar, at('2026-03-06T23:59:59.999'))).toEqual({ kind: 'early', fireAt: new Date(at('2026-03-06T23:59:59.999').getTime() + 1) });
    expect(decideRung(view(), 'warn', L, calendar, at('2026-03-04T23:59:59'))).toEqual({ kind: 'early', fireAt: at('2026-03-05T00:00:00') });
    expect(decideRung(view(), 'remind', [{ rung: 'due', offset: 0 }], calendar, at('2026-04-01T00:00:00'))).toEqual({ kind: 'skip' });
  });

  it('warn: fires on a running clock before its due instant; dropped after it or on a paused/overdue clock', () => {
    const r = decideRung(view(), 'warn', L, calendar, at('2026-03-05T09:00:00'));
    expect(r).toMatchObject({
      kind: 'fire', fireAt: at('2026-03-05T00:00:00'),
      event: { type: 'DeadlineWarned', rule: 'O121 第十五条', data: { deadlineId: 'd1', kind: 'acceptance', version: 3, rung: 'warn', dueAt: '2026-03-06T15:59:59.999Z' } },
      effect: { rung: 'warn', deadlineId: 'd1', step: 'acceptance', audience: 'unitHandlers', urgent: false, title: '临期预警' },
    });
    expect(r).not.toHaveProperty('newState');
    expect(decideRung(view(), 'warn', L, calendar, at('2026-03-07T00:00:01')).kind).toBe('skip');
    expect(decideRung(view({ state: 'paused' }), 'warn', L, calendar, at('2026-03-05T09:00:00')).kind).toBe('skip');
    expect(decideRung(view({ state: 'overdue' }), 'warn', L, calendar, at('2026-03-05T09:00:00')).kind).toBe('skip');
  });

  it('due: marks a running clock overdue once past its due instant, never a finished one', () => {
    expect(decideRung(view(), 'due', L, calendar, at('2026-03-07T00:00:00'))).toMatchObject({
      kind: 'fire', newState: 'overdue', event: { type: 'DeadlineOverdue', rule: 'O121 第十五条' },
      effect: { audience: 'unitLeader', title: '超期催办' },
    });
    for (const state of ['overdue', 'met', 'paused', 'cancelled'] as const)
      expect(decideRung(view({ state }), 'due', L, calendar, at('2026-03-07T00:00:00')).kind).toBe('skip');
  });

  it('escalations fire only on an overdue, undone step, to the parent unit / the city bureau', () => {
    const late = at('2026-03-20T09:00:00');
    expect(decideRung(view({ state: 'overdue' }), 'supervise', L, calendar, late)).toMatchObject({
      kind: 'fire', event: { type: 'SupervisionOpened', rule: '上级单位督办（本局预警督办规则）' }, effect: { audience: 'parentUnit', title: '超期督办' },
    });
    expect(decideRung(view({ state: 'overdue' }), 'notice', L, calendar, late)).toMatchObject({
      kind: 'fire', event: { type: 'NoticeIssued' }, effect: { audience: 'cityBureau', title: '超期通报' },
    });
    const ladder: LadderRung[] = [{ rung: 'due', offset: 0 }, { rung: 'remind', offset: 1 }];
    expect(decideRung(view({ state: 'overdue' }), 'remind', ladder, calendar, late)).toMatchObject({ kind: 'fire', event: { type: 'ReminderSent' }, effect: { audience: 'unitLeader' } });
    expect(decideRung(view({ state: 'running' }), 'supervise', L, calendar, late).kind).toBe('skip');
    expect(decideRung(view({ state: 'overdue', metAt: late }), 'supervise', L, calendar, late).kind).toBe('skip');
    expect(decideRung(view({ state: 'overdue' }), 'notice', L, calendar, at('2026-03-12T09:00:00')).kind).toBe('early');
  });

  it('hour clocks: rungs are hour offsets from the due instant', () => {
    const d = view({ unit: 'hours', dueAt: at('2026-03-05T10:00:00'), dueDate: '2026-03-05' });
    const ladder: LadderRung[] = [{ rung: 'warn', offset: -0.5 }, { rung: 'due', offset: 0 }];
    expect(rungTime(d, 'warn', ladder, calendar)).toEqual(at('2026-03-05T09:30:00'));
    expect(decideRung(d, 'warn', ladder, calendar, at('2026-03-05T09:30:00')).kind).toBe('fire');
    expect(decideRung(d, 'due', ladder, calendar, at('2026-03-05T10:00:00.001')).kind).toBe('fire');
  });
});

describe('ladderFor', () => {
  const p = (id: string, step: string, ladder?: LadderRung[]) => ({ id, step, ladder }) as unknown as TimeLimitPolicy;
  const set: PolicySet = { regime: 'O121', steps: [p('a', 'acceptance', [{ rung: 'due', offset: 0 }]), p('s', 'sign')] };
  it('takes the policy by id, else the step in force, else the default ladder', () => {
    expect(ladderFor(set, 'a', 'whatever')).toEqual([{ rung: 'due', offset: 0 }]);
    expect(ladderFor(set, 'gone', 'acceptance')).toEqual([{ rung: 'due', offset: 0 }]);
    expect(ladderFor(set, 's', 'sign')).toBe(DEFAULT_LADDER);
    expect(ladderFor(set, 'gone', 'nothing')).toBe(DEFAULT_LADDER);
  });
});
