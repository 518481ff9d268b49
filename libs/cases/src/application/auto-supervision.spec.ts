import { readFileSync } from 'node:fs';
import { type ChineseDaysJson, WorkingCalendar, calendarEntriesFromChineseDays, yearsIn } from '#deadlines';
import type { UnitNode } from '#org';
import { autoSupervision } from './auto-supervision.js';

const entries = calendarEntriesFromChineseDays(
  JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson,
);
const calendar = new WorkingCalendar(entries, yearsIn(entries), 'cal-v1');
const unit = (id: string, level: UnitNode['level'], parentId: string | null): UnitNode => ({ id, code: id, name: id, level, parentId, regionCode: null, isIntake: false });
const UNITS = [unit('city', 'city', null), unit('wl', 'county', 'city'), unit('wl-1', 'station', 'wl'), unit('dc', 'county', 'city'), unit('dc-1', 'station', 'dc')];
const now = new Date('2026-04-30T10:00:00+08:00');
const effect = { rung: 'supervise', audience: 'parentUnit', deadlineId: 'd-1', step: 'acceptance' } as const;

describe('autoSupervision (the supervise rung opens a 督办 item)', () => {
  it('is opened by the parent unit, answered by the assigned unit within 3 working days', () => {
    expect(autoSupervision(effect, { id: 'c-1', assignedUnitId: 'wl-1' }, 4, UNITS, calendar, now, 's-1')).toEqual({
      id: 's-1', caseId: 'c-1', openedByUnitId: 'wl', targetUnitId: 'wl-1', openedAt: now,
      // May Day holiday 05-01..05-05: 05-06, 05-07, 05-08.
      dueAt: new Date('2026-05-08T23:59:59.999+08:00'), deadlineId: 'd-1', deadlineVersion: 4,
    });
    expect(autoSupervision(effect, { id: 'c-1', assignedUnitId: 'wl' }, 1, UNITS, calendar, now)?.openedByUnitId).toBe('city');
  });

  it('an unresolved 管辖争议 is supervised by the disputing units\' common superior, not the holder\'s parent', () => {
    // 武陵区's station disputes with 鼎城区's: the city designates, so the city opens the 督办
    const dispute = { ...effect, step: 'jurisdictionDispute' };
    expect(autoSupervision(dispute, { id: 'c-1', assignedUnitId: 'wl-1', disputeSuperiorId: 'city' }, 2, UNITS, calendar, now)?.openedByUnitId).toBe('city');
    // the superior matters for that step only
    expect(autoSupervision(effect, { id: 'c-1', assignedUnitId: 'wl-1', disputeSuperiorId: 'city' }, 2, UNITS, calendar, now)?.openedByUnitId).toBe('wl');
  });

  it('opens nothing for other rungs, a pool case, or the city bureau itself', () => {
    expect(autoSupervision({ ...effect, rung: 'notice' }, { id: 'c-1', assignedUnitId: 'wl' }, 1, UNITS, calendar, now)).toBeNull();
    expect(autoSupervision(effect, { id: 'c-1', assignedUnitId: null }, 1, UNITS, calendar, now)).toBeNull();
    expect(autoSupervision(effect, { id: 'c-1', assignedUnitId: 'city' }, 1, UNITS, calendar, now)).toBeNull();
  });
});
