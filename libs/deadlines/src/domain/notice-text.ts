import type { CalendarDayEntry, DayKind } from './calendar.js';
import { type LocalDate, addDays, daysBetween, isLocalDate, weekday, yearOf } from './china-time.js';

/**
 * Reads a State Council holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知, and the supplementary notices that
 * amend a year) from its text. Every sentence that states an arrangement (a date and 放假/上班/补休/调休/连休/公休/延长)
 * must be read whole — each clause with a date must be one of the known forms — or the whole text is refused with that
 * sentence. Nothing is guessed and nothing is half-applied.
 */

export interface NoticeDay {
  date: LocalDate;
  kind: DayKind;
  /** The festival the item names (元旦, 春节 …), or the notice's subject for a supplementary notice. */
  name: string;
}

/** 「延长2020年春节假期至2月2日」: the holiday runs on to `until`; where it starts depends on the calendar in force. */
export interface NoticeExtension {
  name: string;
  until: LocalDate;
  /** The sentence, for the refusal when the calendar in force has no such holiday to extend. */
  sentence: string;
}

export interface ParsedNotice {
  year: number;
  /** The notice's title (《…》), when the text carries one; else a title made from the year. */
  title: string;
  /** A yearly notice replaces the year; a supplementary one (延长、调整、纪念日调休) amends it. */
  supplementary: boolean;
  days: NoticeDay[];
  extensions: NoticeExtension[];
}

export type NoticeTextResult = { ok: true; notice: ParsedNotice } | { ok: false; sentence: string; reason: string };

/** Full-width forms, dashes and spaces to one spelling, so the patterns below stay few. */
export function normalizeNoticeText(text: string): string {
  return withoutScripts(text)
    .replace(/<br\s*\/?>|<\/(p|div|li|h\d|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[（〔]/g, '(').replace(/[）〕]/g, ')')
    .replace(/：/g, ':').replace(/，/g, ',').replace(/；/g, ';').replace(/[．.](?=\s|$)/g, '。')
    .replace(/[—–－~～]+/g, '-')
    .replace(/[ \t\u3000\u00a0]+/g, '')
    .replace(/\r/g, '');
}

/**
 * Text copied from a PDF or a narrow page breaks sentences across lines: a line that does not end a sentence (。：；)
 * runs on into the next, unless that one starts a new item (「二、」) or a blank line separates them.
 */
function joinWrappedLines(text: string): string {
  const lines = text.split('\n');
  let out = lines[0] ?? '';
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!;
    const line = lines[i]!;
    const runOn = prev !== '' && line !== '' && !/[。:;]$/.test(prev) && !/^[一二三四五六七八九十]+、/.test(line);
    out += runOn ? line : `\n${line}`;
  }
  return out;
}

/** Drops <script>/<style> blocks of saved HTML in one pass (a lazy regex would go quadratic on unclosed tags). */
function withoutScripts(text: string): string {
  const lower = text.toLowerCase();
  let out = '';
  let at = 0;
  for (;;) {
    const s1 = lower.indexOf('<script', at);
    const s2 = lower.indexOf('<style', at);
    const start = s1 < 0 ? s2 : s2 < 0 ? s1 : Math.min(s1, s2);
    if (start < 0) return out + text.slice(at);
    out += `${text.slice(at, start)} `;
    const end = lower.indexOf(lower.startsWith('<script', start) ? '</script' : '</style', start);
    if (end < 0) return out;
    const close = lower.indexOf('>', end);
    at = close < 0 ? lower.length : close + 1;
  }
}

/** A clause of a real notice is a few dozen characters; a longer one is not read (and never backtracked over). */
const MAX_CLAUSE = 200;

const CN_WEEKDAY: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const KEYWORD = /放假|上班|补休|调休|连休|公休|延长/;
// Preamble and principle sentences quote dates and 放假 without arranging any day.
const PREAMBLE = /修订|原则|放假办法|如逢|除个别特殊情形/;
const DATE = String.raw`(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:§(\d))?`;
const DATE_RE = new RegExp(DATE, 'g');
const HAS_DATE = new RegExp(DATE);

interface Ctx { year: number; month: number | null; dateYear: number | null; inNewYearItem: boolean; sentence: string }

class Unreadable extends Error {
  constructor(readonly sentence: string, readonly reason: string) { super(reason); }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** One date token, its month and year carried from the tokens before it in the same sentence. */
function resolveDate(m: RegExpExecArray, ctx: Ctx): LocalDate {
  const [, y, mo, d, wd] = m;
  if (y) ctx.dateYear = Number(y);
  if (mo) ctx.month = Number(mo);
  if (ctx.month === null) throw new Unreadable(ctx.sentence, `「${m[0].replace(/§\d/, '')}」未写明月份`);
  let year = ctx.dateYear ?? ctx.year;
  // A bare 「12月31日」 in the 元旦 item of an old notice is the December before; the weekday settles it when given.
  if (!ctx.dateYear && ctx.month === 12) {
    const prior = `${ctx.year - 1}-12-${pad(Number(d))}`;
    const own = `${ctx.year}-12-${pad(Number(d))}`;
    if (wd !== undefined) year = isLocalDate(prior) && weekday(prior) === Number(wd) && weekday(own) !== Number(wd) ? ctx.year - 1 : ctx.year;
    else if (ctx.inNewYearItem) year = ctx.year - 1;
  }
  const date = `${year}-${pad(ctx.month)}-${pad(Number(d))}`;
  if (!isLocalDate(date)) throw new Unreadable(ctx.sentence, `「${m[0].replace(/§\d/, '')}」不是有效日期`);
  if (wd !== undefined && weekday(date) !== Number(wd))
    throw new Unreadable(ctx.sentence, `${date} 不是注明的星期${'日一二三四五六'[Number(wd)]}`);
  if (!(yearOf(date) === ctx.year || (yearOf(date) === ctx.year - 1 && date.slice(5, 7) === '12')))
    throw new Unreadable(ctx.sentence, `${date} 不在${ctx.year}年（或其前一年12月）`);
  return date;
}

function datesIn(s: string, ctx: Ctx): LocalDate[] {
  return [...s.matchAll(DATE_RE)].map((m) => resolveDate(m as RegExpExecArray, ctx));
}

function span(from: LocalDate, to: LocalDate, ctx: Ctx): LocalDate[] {
  const n = daysBetween(from, to);
  if (n < 0 || n > 60) throw new Unreadable(ctx.sentence, `${from} 至 ${to} 不是有效的日期区间`);
  return Array.from({ length: n + 1 }, (_, i) => addDays(from, i));
}

// The same token without capture groups, so that each form below numbers only its own groups.
const D = String.raw`(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:§\d)?`;
const LIST = String.raw`${D}(?:、${D})*`;
const RANGE_OR_DATE = String.raw`${D}(?:(?:至|-|到)${D})?`;
// Non-date text before the dates: 「其中」「2015年…全国」「2019年劳动节假期调整为」.
const LEAD = String.raw`(?:(?!\d{1,2}日)(?!\d{1,2}月\d)[^,;:])*?`;
// A few words without digits (「国庆节」「两个公休日分别」「公休日及中秋节分别」).
const WORDS = String.raw`(?:(?!\d)[^,;:]){0,12}?`;
const FORMS: { re: RegExp; kind: 'holidayRange' | 'holidayList' | 'workday' | 'ignore' | 'extend' | 'resume' }[] = [
  { re: new RegExp(`^${LEAD}(${RANGE_OR_DATE})(?:全国|全体公民)?(?:调休)?放假(?:调休|公休)?(?:\\d+天)?$`), kind: 'holidayRange' },
  { re: new RegExp(`^${LEAD}(${LIST})(?:补休|调休|休息)$`), kind: 'holidayList' },
  // Old notices (2006–2009) explain their ranges: 「其中1月1日为法定假日」「将…两个公休日调至…」「…照常公休」. The days
  // are all inside the range just stated (and their months are often left to the reader), so they add nothing.
  { re: new RegExp(`^${LEAD}(?:${LIST})为${WORDS}法定(?:节)?假日$`), kind: 'ignore' },
  { re: new RegExp(`^${LEAD}(?:${LIST})${WORDS}调至(?:${LIST})$`), kind: 'ignore' },
  { re: new RegExp(`^${LEAD}(${LIST})(?:照常)?上班$`), kind: 'workday' },
  { re: new RegExp(`^${LEAD}(?:${LIST})(?:为公休日|照常公休|公休)$`), kind: 'ignore' },
  { re: new RegExp(`^延长(?:(\\d{4})年)?(.+?)假期至(${D})$`), kind: 'extend' },
  { re: new RegExp(`^(${D})起正常上班$`), kind: 'resume' },
];

/** Parses the notice text. Pure: the calendar in force is needed only to resolve 「延长…假期」 (see resolveNotice). */
export function parseNoticeText(raw: string): NoticeTextResult {
  const text = joinWrappedLines(normalizeNoticeText(raw ?? ''));
  if (!text.trim()) return { ok: false, sentence: '', reason: '通知文本为空' };
  const titleM = /(国务院(?:办公厅)?关于[^\n。]*?的通知)/.exec(text);
  const yearM =
    /关于(?:延长|调整)?(\d{4})年/.exec(text) ?? /现将(\d{4})年/.exec(text) ?? /(\d{4})年\d{1,2}月\d{1,2}日(?:全国)?放假/.exec(text) ?? /(\d{4})年/.exec(text);
  if (!yearM) return { ok: false, sentence: text.slice(0, 80), reason: '未能读出通知所属的年份' };
  const year = Number(yearM[1]);
  if (year < 1901 || year > 2099) return { ok: false, sentence: yearM[0], reason: `${year}年超出可推算的范围` };
  const title = titleM?.[1] ?? `国务院办公厅关于${year}年部分节假日安排的通知`;
  const supplementary = !/部分节假日安排的通知/.test(title);

  const days = new Map<LocalDate, NoticeDay>();
  const extensions: NoticeExtension[] = [];
  const put = (date: LocalDate, kind: DayKind, name: string, ctx: Ctx) => {
    const prev = days.get(date);
    if (prev && prev.kind !== kind) throw new Unreadable(ctx.sentence, `${date} 同时被写为放假和上班`);
    if (!prev) days.set(date, { date, kind, name });
  };

  // Weekday notes become a marker on their date; every other parenthesis (农历…, 除夕, 即…) is commentary.
  const marked = text.replace(/\(([^()]*)\)/g, (_, inner: string) => {
    const w = /(?:星期|周|礼拜)([日天一二三四五六])/.exec(inner);
    return w ? `§${CN_WEEKDAY[w[1]!]}` : '';
  }).replace(/[“”"‘’']/g, '')
    // 「4月4日（清明节），为法定节假日」: the note's comma does not end the clause.
    .replace(/日(§\d)?,(?=为)/g, '日$1');

  let item = '';
  try {
    for (const sentence of marked.split(/[。\n]+/)) {
      const s = sentence.trim();
      if (!s) continue;
      // 「二、春节：」, or without the colon in old notices (「三、清明节4月4日至6日放假」): the festival of the item.
      const heading = /^[一二三四五六七八九十]+、([^\d:,]{1,16}?)(?::|(?=\d))/.exec(s);
      const festival = heading && /元旦|春节|清明|劳动|五一|端午|中秋|国庆|十一/.test(heading[1]!) && !/延长|调整/.test(heading[1]!) ? heading : null;
      if (festival) item = festival[1]!;
      else if (/^[一二三四五六七八九十]+、/.test(s)) item = '';
      if (!HAS_DATE.test(s) || !KEYWORD.test(s) || PREAMBLE.test(s)) continue;
      const display = sentence.replace(/§(\d)/g, (_, d: string) => `(星期${'日一二三四五六'[Number(d)]})`);
      const name = item || (/春节/.test(title) ? '春节' : /劳动节/.test(title) ? '劳动节' : /纪念日/.test(title) ? '纪念日' : '放假');
      const ctx: Ctx = { year, month: null, dateYear: null, inNewYearItem: /元旦/.test(item), sentence: display };
      let lastRange: LocalDate[] | null = null;
      const body = festival ? s.slice(festival[0].length) : s.replace(/^[一二三四五六七八九十]+、/, '');
      for (const clause of body.split(/[,;:]/).map((c) => c.trim()).filter(Boolean)) {
        if (!HAS_DATE.test(clause)) {
          const count = /^共(\d+)天$/.exec(clause);
          if (count && lastRange && lastRange.length !== Number(count[1]))
            throw new Unreadable(display, `区间共${lastRange.length}天，与「共${count[1]}天」不符`);
          continue;
        }
        if (clause.length > MAX_CLAUSE) throw new Unreadable(display.slice(0, MAX_CLAUSE), `一句中含${clause.length}个字符且未分句，无法读取`);
        const form = FORMS.find((f) => f.re.test(clause));
        if (!form) throw new Unreadable(display, `无法识别「${clause.replace(/§\d/g, '')}」`);
        const m = form.re.exec(clause)!;
        if (form.kind === 'holidayRange') {
          const ds = datesIn(m[1]!, ctx);
          lastRange = ds.length === 2 ? span(ds[0]!, ds[1]!, ctx) : ds;
          const n = /(\d+)天$/.exec(clause);
          if (n && lastRange.length !== Number(n[1])) throw new Unreadable(display, `区间共${lastRange.length}天，与「${n[1]}天」不符`);
          for (const d of lastRange) put(d, 'holiday', name, ctx);
        } else if (form.kind === 'holidayList') {
          for (const d of datesIn(m[1]!, ctx)) put(d, 'holiday', name, ctx);
        } else if (form.kind === 'workday') {
          for (const d of datesIn(m[1]!, ctx)) put(d, 'workday', name, ctx);
        } else if (form.kind === 'extend') {
          if (m[1]) ctx.dateYear = Number(m[1]);
          const [until] = datesIn(m[3]!, ctx);
          extensions.push({ name: m[2]!, until: until!, sentence: display });
        } else if (form.kind === 'resume') {
          datesIn(m[1]!, ctx); // validated (weekday, year), nothing to store: a normal working day
        }
        // 'ignore': days already at rest (照常公休、为公休日) add nothing.
      }
    }
  } catch (e) {
    if (e instanceof Unreadable) return { ok: false, sentence: e.sentence, reason: e.reason };
    throw e;
  }
  if (!days.size && !extensions.length) return { ok: false, sentence: text.slice(0, 80), reason: '未能从文本中读出任何放假或上班日期' };
  return { ok: true, notice: { year, title, supplementary, days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)), extensions } };
}

/**
 * The days a notice sets, against the calendar in force for its year (`isHoliday`: a holiday that calendar names, not
 * a plain weekend): an extension (「延长…假期至D」) makes every day after the festival's last named holiday up to D a
 * holiday, cancelling any make-up working day there (2020: 01-31, 02-01, 02-02).
 */
export function resolveNotice(
  n: ParsedNotice, isHoliday: (d: LocalDate) => boolean,
): { ok: true; days: NoticeDay[] } | { ok: false; sentence: string; reason: string } {
  const days = new Map(n.days.map((d) => [d.date, d]));
  for (const x of n.extensions) {
    // Walk back from D to the festival's last holiday (at most 30 days: an extension, not a new holiday).
    let start: LocalDate | null = null;
    for (let i = 0, d = x.until; i <= 30; i++, d = addDays(d, -1)) {
      if ((days.get(d)?.kind ?? (isHoliday(d) ? 'holiday' : null)) === 'holiday' && d !== x.until) { start = addDays(d, 1); break; }
    }
    if (!start) return { ok: false, sentence: x.sentence, reason: `${x.until}前30天内没有可延长的${x.name}假期` };
    for (let d = start; d <= x.until; d = addDays(d, 1)) days.set(d, { date: d, kind: 'holiday', name: x.name });
  }
  return { ok: true, days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)) };
}

/** The notice's days as calendar entries. */
export function noticeEntries(days: readonly NoticeDay[]): CalendarDayEntry[] {
  return days.map((d) => ({ date: d.date, kind: d.kind, name: d.name }));
}

/**
 * The rule journaled on each deadline a calendar change moves: a notice read from its text is named as the basis
 * (「依据《国务院办公厅关于2027年部分节假日安排的通知》」), other changes by their kind.
 */
export function calendarChangeBasis(c: { year: number; version: number; action: string; detail: unknown }): string {
  const title = (c.detail as { title?: unknown } | null)?.title;
  if (c.action === 'notice' && typeof title === 'string') return `依据《${title}》（日历变更：${c.year}年第${c.version}版）`;
  return `日历变更：${c.year}年第${c.version}版（${c.action === 'import' ? '导入放假通知' : '调整单日'}）`;
}
