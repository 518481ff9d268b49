import { Fragment } from 'react';
import { Alert, Button, Tag, Tooltip } from 'antd';
import { DEADLINE_KIND_LABELS, caseStatusLabel, labelOf, type CaseStatus, type CaseType, type NextDeadline } from '#contracts';
import { fmtTime } from '../format';
import { lightOf, useWarnLimit, type Light } from '../reference';

const STATUS_COLORS: Record<CaseStatus, string> = {
  odr: 'gold', pendingDispatch: 'magenta', dispatched: 'orange', signed: 'blue', accepted: 'geekblue', declined: 'default', closed: 'green', archived: 'default',
  transferredOut: 'purple', merged: 'default', withdrawn: 'default',
};
export function StatusTag({ status, type }: { status: CaseStatus; type?: CaseType }) {
  return <Tag color={STATUS_COLORS[status]} data-testid="status-tag">{caseStatusLabel(status, type)}</Tag>;
}

const LIGHT_TEXT: Record<Light, string> = { green: '正常', yellow: '临期', red: '超期', none: '无' };
export function LightDot({ light }: { light: Light }) {
  return <span className={`fx-light fx-light-${light}`} aria-label={LIGHT_TEXT[light]} />;
}

/** Traffic light + the nearest open deadline: 绿 正常 / 黄 临期（2个工作日内到期）/ 红 超期. */
export function NextDeadlineCell({ d }: { d: NextDeadline | null }) {
  const warn = useWarnLimit();
  const light = lightOf(d, warn);
  if (!d) return <span style={{ color: '#999' }}>—</span>;
  return (
    <Tooltip title={`${labelOf(DEADLINE_KIND_LABELS, d.kind)}期限 ${fmtTime(d.dueAt)} 届满`}>
      <span data-testid="deadline-light" data-light={light} className="fx-deadline">
        <LightDot light={light} />
        {light === 'red' ? <Tag color="red">超期</Tag> : light === 'yellow' ? <Tag color="gold">临期</Tag> : null}
        {/* One line: a long kind (决定告知（短信）) beside 超期 gives way (…, whole in the tooltip), never the date. */}
        <span className="fx-deadline-kind">{labelOf(DEADLINE_KIND_LABELS, d.kind)}</span>
        <span className="fx-deadline-due">&nbsp;·&nbsp;{d.dueAt.slice(0, 10)}</span>
      </span>
    </Tooltip>
  );
}

/** 「暂定」: the due date was counted over a year whose State Council notice is not loaded yet. */
export function ProvisionalTag({ years }: { years: number[] }) {
  const y = years.length ? `${years.join('、')}年` : '相关年份';
  return (
    <Tooltip title={`${y}国务院放假通知尚未载入：暂按《全国年节及纪念日放假办法》的法定节假日（含补假）推算，未含调休，通知载入后届满日可能变动。`}>
      <Tag color="gold" style={{ marginLeft: 4 }} data-testid="provisional-tag">暂定</Tag>
    </Tooltip>
  );
}

export function Kbd({ children }: { children: React.ReactNode }) {
  return <span className="fx-kbd">{children}</span>;
}

/**
 * What could not be loaded, why (the API's Chinese message, or 无法连接服务器), and 重试. A list whose load failed must
 * say so: shown empty, it would read as "nothing to do".
 */
export function LoadFailed({ what, error, onRetry, retrying, testId = 'load-failed' }: {
  what: string; error: string; onRetry: () => void; retrying?: boolean; testId?: string;
}) {
  return (
    <Alert type="error" showIcon style={{ marginBottom: 12 }} data-testid={testId} title={`${what}未能加载`} description={error}
      action={<Button size="small" onClick={onRetry} loading={retrying}>重试</Button>} />
  );
}

const words = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter('zh-CN', { granularity: 'word' }) : null;

/**
 * The word boundaries of a Chinese heading, where it may wrap. The dictionary splits some terms into lone
 * characters (平均|办理|时|长, 举|报|按时|核查|率): a lone character goes with the word after it (the last one with
 * the word before), so a heading never breaks inside a term (平均办理时/长).
 */
function phraseParts(text: string): string[] {
  if (!words) return [text];
  const segs = [...words.segment(text)].map((s) => s.segment);
  const closing = /^[）)、，。：；]$/;
  const out: string[] = [];
  let carry = '';
  segs.forEach((seg, i) => {
    const lone = [...seg].length === 1;
    if (lone && i < segs.length - 1 && !closing.test(seg)) { carry += seg; return; }
    if (lone && out.length && !carry) { out[out.length - 1] += seg; return; }
    out.push(carry + seg);
    carry = '';
  });
  return out;
}

/**
 * A column heading that wraps only between words (the table's th sets word-break: keep-all; a word longer than
 * the column still breaks, overflow-wrap: anywhere).
 */
export function Phrase({ text }: { text: string }) {
  const parts = phraseParts(text);
  return <>{parts.map((p, i) => <Fragment key={i}>{i > 0 && <wbr />}<span>{p}</span></Fragment>)}</>;
}

/** A figure's unit under its column heading (「（工作日）」): the heading keeps its width, the unit is still read. */
export function HeadingUnit({ unit }: { unit: string }) {
  return <div style={{ fontSize: 11, fontWeight: 400, color: '#999' }}>（{unit}）</div>;
}
