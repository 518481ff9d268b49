// The days a deadline counts, as the API computed them on the database's working-day calendar
// (GET /cases/:id/deadlines: countedDays, pausedDays, rolledFrom — never guessed here): the start day is not counted
// (O121 Art. 45); working-day periods skip rest days and holidays; paused days add to the period; a calendar-day
// period whose last day is a rest day runs on to the next working day (顺延).
import { Typography } from 'antd';
import type { DeadlineExplanation } from '#contracts';
import { addDays, weekday } from '../format';

type Mark = 'start' | 'counted' | 'skipped' | 'paused' | 'rolled' | 'due';

function computeMarks(d: DeadlineExplanation): Map<string, { mark: Mark; n?: number }> {
  const marks = new Map<string, { mark: Mark; n?: number }>();
  const paused = new Set(d.pausedDays);
  const counted = new Set(d.countedDays);
  marks.set(d.start.date, { mark: 'start' });
  let n = 0;
  const last = d.countedDays[d.countedDays.length - 1] ?? d.start.date;
  for (let x = addDays(d.start.date, 1); x <= d.dueDate; x = addDays(x, 1)) {
    if (paused.has(x)) marks.set(x, { mark: 'paused' });
    else if (counted.has(x)) marks.set(x, { mark: 'counted', n: ++n });
    else if (x > last) marks.set(x, { mark: 'rolled' });
    else marks.set(x, { mark: 'skipped' });
  }
  const due = marks.get(d.dueDate);
  marks.set(d.dueDate, { mark: 'due', n: due?.n });
  return marks;
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let m = from.slice(0, 7);
  while (m <= to.slice(0, 7)) {
    out.push(m);
    const [y, mm] = m.split('-').map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, '0')}`;
  }
  return out;
}

export function DeadlineCalendar({ deadline }: { deadline: DeadlineExplanation }) {
  if (deadline.unit === 'hours') return <Typography.Text type="secondary">按小时计算的期限：自 {deadline.start.at.slice(0, 16).replace('T', ' ')} 起连续计算 {deadline.totalUnits} 小时。</Typography.Text>;
  const marks = computeMarks(deadline);
  return (
    <div data-testid="deadline-calendar" data-due={deadline.dueDate}>
      <div className="fx-calendar">
        {monthsBetween(deadline.start.date, deadline.dueDate).map((m) => <Month key={m} month={m} marks={marks} />)}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        <span className="fx-day fx-day-start" style={{ display: 'inline-block', height: 18 }}>起</span> 起算日（不计入）
        <span className="fx-day fx-day-counted" style={{ display: 'inline-block', height: 18, marginLeft: 12 }}>1</span> 计入的日子（序号）
        <span className="fx-day fx-day-skipped" style={{ display: 'inline-block', height: 18, marginLeft: 12 }}>休</span> 休息日/节假日（不计）
        <span className="fx-day fx-day-paused" style={{ display: 'inline-block', height: 18, marginLeft: 12 }}>停</span> 暂停计时（不计，期限顺延）
        <span className="fx-day fx-day-rolled" style={{ display: 'inline-block', height: 18, marginLeft: 12 }}>延</span> 期末遇休息日顺延
        <span className="fx-day fx-day-due" style={{ display: 'inline-block', height: 18, marginLeft: 12 }}>止</span> 届满日（24:00止）
      </Typography.Paragraph>
    </div>
  );
}

function Month({ month, marks }: { month: string; marks: Map<string, { mark: Mark; n?: number }> }) {
  const first = `${month}-01`;
  const lead = (weekday(first) + 6) % 7; // Monday first
  const days: string[] = [];
  for (let x = first; x.startsWith(month); x = addDays(x, 1)) days.push(x);
  const [y, m] = month.split('-');
  return (
    <div className="fx-month">
      <div className="fx-month-title">{y}年{Number(m)}月</div>
      <div className="fx-month-grid">
        {['一', '二', '三', '四', '五', '六', '日'].map((w) => <div key={w} className="fx-day fx-day-head">{w}</div>)}
        {Array.from({ length: lead }, (_, i) => <div key={`l${i}`} className="fx-day" />)}
        {days.map((d) => {
          const k = marks.get(d);
          const label = k?.mark === 'start' ? '起' : k?.mark === 'skipped' ? '休' : k?.mark === 'paused' ? '停' : k?.mark === 'rolled' ? '延' : k?.n ? String(k.n) : '';
          return (
            <div key={d} className={`fx-day ${k ? `fx-day-${k.mark}` : 'fx-day-out'}`} title={d} data-mark={k?.mark}>
              {Number(d.slice(8))}
              <small>{label}</small>
            </div>
          );
        })}
      </div>
    </div>
  );
}
