// The case subject's re-projection on in-memory ports (CalendarChanges, CaseClockReads, Inbox, CaseWorkflow over
// InMemoryCaseRepository): a calendar change moves a live case clock, journals it, re-arms its timers and — for a
// notice read from its text — tells the assigned unit; a second run moves nothing.
import { readFileSync } from 'node:fs';
import type { Outbox, OutboxEntry, Tx, UnitOfWork } from '#platform';
import { type CalendarDayEntry, type ChineseDaysJson, WorkingCalendar, calendarEntriesFromChineseDays, yearsIn } from '#deadlines';
import { type CalendarChangeEntry, CalendarChanges, type CalendarStore } from '#deadlines-nest';
import { POLICIES, caseWorld } from '#testing';
import type { DecisionNotifier } from '../application/decision-notifier.js';
import { CaseReprojection } from './case-reprojection.js';
import { CaseWorkflow } from './case-workflow.js';
import { CaseClockReads } from './ports.js';

const entries = calendarEntriesFromChineseDays(JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson);

class Changes extends CalendarChanges {
  readonly recordedCounts = new Map<string, number>();
  constructor(private readonly rows: CalendarChangeEntry[]) { super(); }
  async find(id: string) { return this.rows.find((r) => r.id === id) ?? null; }
  async recorded(id: string, moved: number) { this.recordedCounts.set(id, moved); }
}

/** Every case of the world with a live clock (the adapter's year filter is SQL's; the spec's changes are all in range). */
class Clocks extends CaseClockReads {
  constructor(private readonly w: ReturnType<typeof caseWorld>) { super(); }
  async casesWithLiveClocks() {
    return [...this.w.cases.rows.values()].filter((p) => p.deadlines.some((d) => d.metAt === null && ['running', 'paused', 'overdue'].includes(d.state))).map((p) => p.id);
  }
}

function world(action: string) {
  const w = caseWorld();
  const c = w.aCase();
  // The change: 2026-11-25 (a Wednesday) becomes a holiday, so a working-day clock running over it ends a day later.
  const holiday: CalendarDayEntry = { date: '2026-11-25', kind: 'holiday', name: '测试假日' };
  const moved = new WorkingCalendar([...entries, holiday], yearsIn(entries), 'cal-v2');
  const outbox: OutboxEntry[] = [];
  const wf = new CaseWorkflow(
    { run: <T>(fn: (tx: Tx) => Promise<T>) => fn({} as Tx) } as unknown as UnitOfWork, w.cases,
    { append: async (_tx: Tx, e: OutboxEntry[]) => { outbox.push(...e); } } as unknown as Outbox, w.clock,
    { calendar: async () => moved, policies: async () => POLICIES } as unknown as CalendarStore, w.org.directory,
    { queue: async () => 0 } as unknown as DecisionNotifier,
  );
  const change = { id: 'change-1', year: 2026, version: 2, action, detail: { title: '关于测试放假的通知' } };
  const reprojection = new CaseReprojection(new Changes([change]), new Clocks(w), w.inbox, wf);
  return { w, c, outbox, reprojection };
}

describe('CaseReprojection (in-memory ports)', () => {
  it('moves the live clock, journals the move with the change as its basis, re-arms it, and tells the unit of a notice', async () => {
    const { w, c, outbox, reprojection } = world('notice');
    const before = c.deadlines.find((d) => d.state === 'running')!;
    expect(await reprojection.run('change-1')).toEqual({ subjects: 1, moved: 1 });
    const after = (await w.cases.get(c.id)).deadlines.find((d) => d.id === before.id)!;
    expect(after.dueAt.getTime()).toBeGreaterThan(before.dueAt.getTime());
    expect(after.version).toBe(before.version + 1);
    expect(w.cases.events.filter((e) => JSON.stringify(e).includes('关于测试放假的通知'))).toHaveLength(1);
    expect(outbox.length).toBeGreaterThan(0);
    expect(w.inbox.items).toEqual([expect.objectContaining({ unitId: 'county-a', caseId: c.id, kind: 'calendarMove', title: '期限因放假通知调整' })]);
    expect(w.inbox.items[0]!.body).toContain('关于测试放假的通知');
    // Idempotent: nothing left to move, nothing told twice.
    expect(await reprojection.run('change-1')).toEqual({ subjects: 1, moved: 0 });
    expect(w.inbox.items).toHaveLength(1);
  });

  it('an edit (not a notice) moves the clock without an inbox item; an unknown change moves nothing', async () => {
    const { w, reprojection } = world('edit');
    expect(await reprojection.run('change-1')).toEqual({ subjects: 1, moved: 1 });
    expect(w.inbox.items).toEqual([]);
    expect(await reprojection.run('no-such-change')).toEqual({ subjects: 0, moved: 0 });
  });
});
