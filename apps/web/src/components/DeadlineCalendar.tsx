// The days a deadline counts, on the database's working-day calendar (asked of the API, never guessed here):
// the start day is not counted (O121 Art. 45); working-day periods skip rest days and holidays; a calendar-day
// period whose last day is a rest day runs on to the next working day (顺延).
import { useEffect, useState } from 'react';
import { Spin, Typography } from 'antd';
import type { DeadlineView } from '#contracts';
import { addDays, weekday } from '../format';
import { dueAfter } from '../reference';

type Mark = 'start' | 'counted' | 'skipped' | 'rolled' | 'due';
interface DayMarks { marks: Map<string, { mark: Mark; n?: number }> }

const MAX_QUERIES = 60;

async function computeMarks(d: DeadlineView): Promise<DayMarks> {
  const marks = new Map<string, { mark: Mark; n?: number }>();
  marks.set(d.startDate, { mark: 'start' });
  if (d.unit === 'calendarDays') {
    for (let i = 1; i <= d.amount; i++) marks.set(addDays(d.startDate, i), { mark: 'counted', n: i });
    for (let x = addDays(d.startDate, d.amount + 1); x <= d.dueDate; x = addDays(x, 1)) marks.set(x, { mark: 'rolled' });
  } else if (d.unit === 'workingDays') {
    const n = Math.min(d.amount, MAX_QUERIES);
    const days = await Promise.all(Array.from({ length: n }, (_, i) => dueAfter(d.startDate, i + 1, 'workingDays')));
    const counted = new Map(days.map((x, i) => [x, i + 1]));
    for (let x = addDays(d.startDate, 1); x <= d.dueDate; x = addDays(x, 1)) {
      const k = counted.get(x);
      marks.set(x, k ? { mark: 'counted', n: k } : d.amount > MAX_QUERIES ? { mark: 'counted' } : { mark: 'skipped' });
    }
  }
  const last = marks.get(d.dueDate);
  marks.set(d.dueDate, { mark: 'due', n: last?.n });
  return { marks };
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

export function DeadlineCalendar({ deadline }: { deadline: DeadlineView }) {
  const [data, setData] = useState<DayMarks | null>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    let alive = true;
    setData(null);
    computeMarks(deadline).then((m) => alive && setData(m), () => alive && setError(true));
    return () => {
      alive = false;
    };
  }, [deadline]);
  if (deadline.unit === 'hours') return <Typography.Text type="secondary">按小时计算的期限：自 {deadline.startDate} 收到时起连续计算 {deadline.amount} 小时。</Typography.Text>;
  if (error) return <Typography.Text type="danger">日历加载失败</Typography.Text>;
  if (!data) return <Spin size="small" />;
  return (
    <div data-testid="deadline-calendar">
      <div className="fx-calendar">
        {monthsBetween(deadline.startDate, deadline.dueDate).map((m) => <Month key={m} month={m} marks={data.marks} />)}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        <span className="fx-day fx-day-start" style={{ display: 'inline-block', height: 18 }}>起</span> 起算日（不计入）
        <span className="fx-day fx-day-counted" style={{ display: 'inline-block', height: 18, marginLeft: 12 }}>1</span> 计入的日子（序号）
        <span className="fx-day fx-day-skipped" style={{ display: 'inline-block', height: 18, marginLeft: 12 }}>休</span> 休息日/节假日（不计）
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
          const label = k?.mark === 'start' ? '起' : k?.mark === 'skipped' ? '休' : k?.mark === 'rolled' ? '延' : k?.n ? String(k.n) : '';
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
