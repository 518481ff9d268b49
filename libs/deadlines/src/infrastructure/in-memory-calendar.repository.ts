// In-memory adapter of CalendarRepository, for handler specs that run without PostgreSQL.
import { CalendarRepository, type CalendarChangeRecord, type CalendarDayEntry, type CalendarYearRecord } from '../application/ports.js';

export class InMemoryCalendarRepository extends CalendarRepository {
  dayMap = new Map<string, CalendarDayEntry>();
  yearMap = new Map<number, CalendarYearRecord>();
  journalRows: (CalendarChangeRecord & { id: string; year: number; actorId: string })[] = [];

  async replaceDays(_tx: unknown, wipeYear: number | null, days: CalendarDayEntry[]) {
    if (wipeYear !== null) for (const d of [...this.dayMap.keys()]) if (d.startsWith(`${wipeYear}-`)) this.dayMap.delete(d);
    for (const d of days) this.dayMap.set(d.date, { ...d });
  }
  async setDay(_tx: unknown, date: string, kind: 'holiday' | 'workday' | 'normal', name: string) {
    const before = this.dayMap.get(date)?.kind ?? 'normal';
    if (kind === 'normal') this.dayMap.delete(date);
    else this.dayMap.set(date, { date, kind, name });
    return before;
  }
  async markYearLoaded(_tx: unknown, year: number, source: string, at: Date, overwrite: boolean) {
    const y = this.yearMap.get(year);
    if (y && overwrite) Object.assign(y, { source, loadedAt: at });
    else if (!y) this.yearMap.set(year, { year, version: 0, source, loadedAt: at });
  }
  async journal(_tx: unknown, year: number, action: string, detail: object, actorId: string, at: Date) {
    const y = this.yearMap.get(year);
    const version = (y?.version ?? 0) + 1;
    if (y) y.version = version;
    const id = `change-${this.journalRows.length + 1}`;
    this.journalRows.push({ id, year, version, action, detail, actorId, at, recomputed: 0 });
    return { changeId: id, version };
  }
  async years() { return [...this.yearMap.values()].sort((a, b) => a.year - b.year); }
  async dayCounts() {
    const n = new Map<string, number>();
    for (const d of this.dayMap.values()) n.set(`${d.date.slice(0, 4)}|${d.kind}`, (n.get(`${d.date.slice(0, 4)}|${d.kind}`) ?? 0) + 1);
    return [...n].map(([k, c]) => ({ year: Number(k.split('|')[0]), kind: k.split('|')[1]!, n: c }));
  }
  async year(year: number) { return this.yearMap.get(year) ?? null; }
  async days(year: number) { return [...this.dayMap.values()].filter((d) => d.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date)); }
  async changes(year: number) { return this.journalRows.filter((c) => c.year === year).reverse().slice(0, 50); }
}
