import { DEFAULT_WORKING_HOURS } from '#deadlines';
import type { UnitNode } from '#org';
import { officialCalendar } from '../../../testing/src/domain-case.js';
import { rungNotification } from './notifier.js';

const unit = (id: string, name: string, level: UnitNode['level'], parentId: string | null): UnitNode => ({ id, code: id, name, level, parentId, regionCode: null, isIntake: false });
const UNITS = [unit('cd', '常德市市场监督管理局', 'city', null), unit('wl', '武陵区市场监督管理局', 'county', 'cd'), unit('wl-dy', '丹阳市场监管所', 'station', 'wl')];
const calendar = officialCalendar();
const hours = DEFAULT_WORKING_HOURS;
const now = new Date('2026-12-03T02:00:00Z');
const c = { id: 'c1', caseNo: '202600000123', assignedUnitId: 'wl', dueDate: '2026-12-02' };
const effect = (step: string, rung: 'warn' | 'supervise') => ({ rung, step, deadlineId: 'd1', audience: rung === 'warn' ? 'unitHandlers' as const : 'parentUnit' as const, urgent: false, title: 't' });

describe('rungNotification', () => {
  it('an unresolved 管辖争议 asks the parent to designate, not to urge', () => {
    const n = rungNotification(effect('jurisdictionDispute', 'supervise'), c, UNITS, calendar, now, hours, 'n1')!;
    expect(n).toMatchObject({ unitId: 'cd', role: null, caseId: 'c1' });
    expect(n.body).toBe('武陵区市场监督管理局就案件202600000123提出的管辖争议协商期满（期限2026-12-02）仍未解决，请指定管辖（《市场监督管理投诉举报处理办法》第三十三条）。');
    // a station's dispute with another county's station: told to the city (their common superior), not its county
    const st = rungNotification(effect('jurisdictionDispute', 'supervise'), { ...c, assignedUnitId: 'wl-dy', disputeSuperiorId: 'cd' }, UNITS, calendar, now, hours, 'n4')!;
    expect(st.unitId).toBe('cd');
    expect(rungNotification(effect('acceptance', 'supervise'), { ...c, assignedUnitId: 'wl-dy', disputeSuperiorId: 'cd' }, UNITS, calendar, now, hours, 'n5')!.unitId).toBe('wl');
  });
  it('other steps keep the ladder’s words', () => {
    expect(rungNotification(effect('acceptance', 'supervise'), c, UNITS, calendar, now, hours, 'n2')!.body).toContain('请督办并于3个工作日内反馈');
    const warn = rungNotification(effect('jurisdictionDispute', 'warn'), c, UNITS, calendar, now, hours, 'n3')!;
    expect(warn).toMatchObject({ unitId: 'wl', role: 'handler' });
    expect(warn.body).toBe('案件202600000123的管辖争议协商期限将于2026-12-02届满，请抓紧办理。');
  });
  it('names every step in words, the online filings\' 24-hour response and the decision SMS included', () => {
    expect(rungNotification(effect('webResponse', 'warn'), c, UNITS, calendar, now, hours, 'n6')!.body).toBe('案件202600000123的24小时回应期限将于2026-12-02届满，请抓紧办理。');
    expect(rungNotification(effect('decisionNotice', 'supervise'), c, UNITS, calendar, now, hours, 'n7')!.body).toContain('决定告知（短信）已超期');
  });
});
