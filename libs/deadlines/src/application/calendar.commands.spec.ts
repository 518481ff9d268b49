// Calendar administration on an in-memory CalendarRepository: no PostgreSQL.
import { FixedClock, InvalidInput } from '#kernel';
import type { Outbox, OutboxEntry, Tx, UnitOfWork } from '#platform';
import type { CalendarStore } from '../infrastructure/calendar.store.js';
import { InMemoryCalendarRepository } from '../infrastructure/in-memory-calendar.repository.js';
import {
  CalendarEdits, EditCalendarDay, EditCalendarDayHandler, GetCalendarYear, GetCalendarYearHandler, ImportCalendarYear, ImportCalendarYearHandler, ListCalendarYearsHandler,
} from './calendar.commands.js';

function world() {
  const repo = new InMemoryCalendarRepository();
  const outbox: OutboxEntry[] = [];
  let invalidated = 0;
  const uow = { run: <T>(fn: (tx: Tx) => Promise<T>) => fn({} as Tx) } as unknown as UnitOfWork;
  const out = { append: async (_: Tx, e: OutboxEntry[]) => { outbox.push(...e); } } as unknown as Outbox;
  const store = { invalidate: () => { invalidated++; } } as unknown as CalendarStore;
  const clock = new FixedClock(new Date('2026-11-23T02:00:00Z'));
  const edits = new CalendarEdits(uow, out, clock, store, repo);
  return { repo, outbox, uow, out, store, clock, edits, invalidated: () => invalidated };
}
const notice = JSON.stringify({ holidays: [{ date: '2027-01-01', name: '元旦' }, { date: '2027-02-16', name: '春节' }], workdays: [{ date: '2026-12-27', name: '元旦调休' }] });

describe('calendar commands (in-memory port)', () => {
  it('imports a year (its days, December make-up days, the year row), journals the change and queues calendar.changed; a re-import replaces the year', async () => {
    const w = world();
    const imp = new ImportCalendarYearHandler(w.edits, w.repo);
    const r = await imp.execute(new ImportCalendarYear(2027, 'json', notice, '国办发明电〔2026〕1号', 'admin'));
    expect(r).toMatchObject({ year: 2027, version: 1, days: 3 });
    expect([...w.repo.dayMap.keys()].sort()).toEqual(['2026-12-27', '2027-01-01', '2027-02-16']);
    expect(w.repo.yearMap.get(2027)).toMatchObject({ version: 1, source: '国办发明电〔2026〕1号' });
    expect(w.outbox).toEqual([{ topic: 'calendar.changed', payload: { changeId: r.changeId, year: 2027 } }]);
    expect(w.invalidated()).toBe(1);
    await imp.execute(new ImportCalendarYear(2027, 'json', JSON.stringify({ holidays: ['2027-10-01'], workdays: [] }), '更正', 'admin'));
    expect((await w.repo.days(2027)).map((d) => d.date)).toEqual(['2027-10-01']);
    expect(w.repo.yearMap.get(2027)).toMatchObject({ version: 2, source: '更正' });
    await expect(imp.execute(new ImportCalendarYear(2027, 'json', '{"holidays":1}', 'x', 'admin'))).rejects.toBeInstanceOf(InvalidInput);
  });

  it('edits one day and records what it was; refuses a weekday as make-up day; lists and shows years', async () => {
    const w = world();
    await new ImportCalendarYearHandler(w.edits, w.repo).execute(new ImportCalendarYear(2027, 'json', notice, 'src', 'admin'));
    const edit = new EditCalendarDayHandler(w.edits, w.repo);
    await edit.execute(new EditCalendarDay('2027-01-01', 'normal', '', 'admin'));
    expect(w.repo.journalRows.at(-1)).toMatchObject({ action: 'edit', version: 2, detail: { date: '2027-01-01', from: 'holiday', to: 'normal' } });
    await expect(edit.execute(new EditCalendarDay('2027-01-04', 'workday', '调休', 'admin'))).rejects.toBeInstanceOf(InvalidInput);
    await edit.execute(new EditCalendarDay('2027-01-09', 'workday', '调休', 'admin'));
    expect(await new ListCalendarYearsHandler(w.repo).execute()).toEqual([
      expect.objectContaining({ year: 2027, version: 3, holidays: 1, workdays: 1 }),
    ]);
    const y = await new GetCalendarYearHandler(w.repo).execute(new GetCalendarYear(2027));
    expect(y.days.map((d) => [d.date, d.kind])).toEqual([['2027-01-09', 'workday'], ['2027-02-16', 'holiday']]);
    expect(y.changes.map((c) => c.action)).toEqual(['edit', 'edit', 'import']);
  });
});
