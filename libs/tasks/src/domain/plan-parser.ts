// Parser for annual work plans (年度工作要点). Plain TypeScript, no framework imports.
//
// Structure: numbered blocks are recognised by their leading marker and ranked
//   L1 `一、`   L2 `（一）`/`(一)`   L3 `1.` `1．` `1、`   L4 `（1）`/`(1)`.
// The shallowest level present is the section level when deeper levels exist and its
// blocks mostly carry no responsibility clause; the item level is the shallowest deeper
// level whose blocks carry clauses. Deeper blocks are folded into their item's text.
//
// Targets: `value` is the number as written and `unit` keeps its magnitude
// (净增市场主体5万户 -> value 5, unit 万户; 1.5亿元 -> 1.5, 亿元); `％` is written `%`.
// A bare amount (新增…200件) is a floor to reach, so it is 'gte'; 'eq' only for 左右/保持在.

export type TargetComparator = 'gte' | 'lte' | 'eq' | 'gt' | 'lt';

export interface ParsedTarget {
  text: string;
  comparator: TargetComparator;
  value: number;
  unit: string;
}

export interface ParsedClause {
  units: string[];
  note?: string;
}

export interface ParsedItem {
  section: string | null;
  sectionTitle: string | null;
  number: string;
  text: string;
  leadUnit: string | null;
  clauses: ParsedClause[];
  targets: ParsedTarget[];
}

export interface ParsedPlan {
  items: ParsedItem[];
  unitNames: string[];
}

// ---------------------------------------------------------------- markers

type Level = 1 | 2 | 3 | 4;

interface Block {
  level: Level;
  label: string;
  /** first line without its marker, then continuation lines */
  lines: string[];
  /** first line as written (marker included), used when folded into a parent item */
  rawFirst: string;
}

const CN_NUM = '一二三四五六七八九十百零〇两';
const MARKERS: { level: Level; re: RegExp }[] = [
  { level: 2, re: new RegExp(`^[（(]\\s*([${CN_NUM}]+)\\s*[）)]\\s*[、.．]?\\s*`) },
  { level: 4, re: /^[（(]\s*([0-9０-９]+)\s*[）)]\s*[、.．]?\s*/ },
  { level: 1, re: new RegExp(`^([${CN_NUM}]+)\\s*[、.．]\\s*`) },
  // `1.` but not `3.15…` / `1.5亿元…`
  { level: 3, re: /^([0-9０-９]+)\s*(?:、|[.．](?![0-9０-９]))\s*/ },
];

function toAsciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

function chineseToInt(s: string): number {
  const digits: Record<string, number> = {
    零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
  };
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch === '十') { total += (current || 1) * 10; current = 0; }
    else if (ch === '百') { total += (current || 1) * 100; current = 0; }
    else current = digits[ch] ?? 0;
  }
  return total + current;
}

function labelValue(label: string): number {
  return /^\d+$/.test(label) ? Number(label) : chineseToInt(label);
}

function detectMarker(line: string): { level: Level; label: string; rest: string } | null {
  for (const { level, re } of MARKERS) {
    const m = re.exec(line);
    if (m) return { level, label: toAsciiDigits(m[1]), rest: line.slice(m[0].length) };
  }
  return null;
}

/** Whether a line starts with a numbering marker the parser ranks (`一、` `（一）` `1.` `（1）`). */
export function startsWithItemMarker(line: string): boolean {
  return detectMarker(line.replace(/^[\s\uFEFF\u3000]+/, '')) !== null;
}

// ---------------------------------------------------------------- clauses

const LABEL_SRC = '(?:牵头|责任|配合|协办|协同|参与|主责|主办)(?:单位|部门|处室|科室)\\s*[:：]';
const OPEN_ROUND = '（(';
const CLOSE_ROUND = '）)';
const OPENERS = '（(<＜〈《【[';
const CLOSERS = '）)>＞〉》】]';
const SEPARATORS = '、，,;；。 \t\u3000';
// 如/注 alone would catch 如东县…, 注册科
const NOTE_START = /^(?:若|如涉及|如有|如需|凡|注[:：]|备注|说明|其中|按照|根据|涉及|上述|以上|排名|排第|列第|分别)/;
const NOTE_WORDS = /的为|为牵头|牵头抓总|负责|共同|职责分工/;
const UNIT_SUFFIX = /[局科处室中心所办队站委会院部组班馆社团厅司]/;
const LEAD_MARK = /^(?:牵头|牵头单位|主责|主责单位)$/;
const CO_MARK = /^(?:配合|配合单位|协办|参与)$/;

interface ClauseSpan {
  start: number;
  end: number;
  segments: { label: string; content: string }[];
}

interface RichClause extends ParsedClause {
  leadLabel: boolean;
  coLabel: boolean;
  markedLead?: string;
}

function isBlank(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/** Index of the bracket closing `open` at `start`; nested round brackets of either width are counted. */
function findClose(text: string, start: number): number {
  const open = text[start];
  const round = OPEN_ROUND.includes(open);
  const close = round ? null : CLOSERS[OPENERS.indexOf(open)];
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (round ? OPEN_ROUND.includes(ch) : ch === open) depth++;
    else if (round ? CLOSE_ROUND.includes(ch) : ch === close) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Split a clause body into labelled segments (`牵头单位：A；配合单位：B`). */
function splitSegments(body: string, firstLabel: string): { label: string; content: string }[] {
  const re = new RegExp(LABEL_SRC, 'g');
  const out: { label: string; content: string }[] = [];
  let label = firstLabel;
  let from = 0;
  let depth = 0;
  let scanned = 0;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    for (; scanned < m.index; scanned++) {
      if (OPENERS.includes(body[scanned])) depth++;
      else if (CLOSERS.includes(body[scanned])) depth--;
    }
    if (depth !== 0) continue;
    out.push({ label, content: body.slice(from, m.index) });
    label = m[0];
    from = m.index + m[0].length;
  }
  out.push({ label, content: body.slice(from) });
  return out.filter((s, i) => i > 0 || s.content.trim() !== '');
}

function findClauses(raw: string): ClauseSpan[] {
  const spans: ClauseSpan[] = [];
  const re = new RegExp(LABEL_SRC, 'g');
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    let j = m.index - 1;
    while (j >= 0 && isBlank(raw[j]) && raw[j] !== '\n') j--;
    if (j >= 0 && OPENERS.includes(raw[j]) && !'<＜〈《'.includes(raw[j])) {
      const close = findClose(raw, j);
      const end = close === -1 ? raw.length : close + 1;
      const body = raw.slice(m.index + m[0].length, close === -1 ? raw.length : close);
      spans.push({ start: j, end, segments: splitSegments(body, m[0]) });
      re.lastIndex = end;
    } else if (j < 0 || '\n。；;，,'.includes(raw[j])) {
      // unbracketed `责任单位：A、B` runs to the end of its line
      const nl = raw.indexOf('\n', m.index);
      const end = nl === -1 ? raw.length : nl;
      const body = raw.slice(m.index + m[0].length, end).replace(/[。.]\s*$/, '');
      spans.push({ start: m.index, end, segments: splitSegments(body, m[0]) });
      re.lastIndex = end;
    }
  }
  return spans;
}

/** Split on separators outside any bracket; returns tokens with their start offsets. */
function splitTopLevel(s: string): { token: string; start: number }[] {
  const out: { token: string; start: number }[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i <= s.length; i++) {
    const ch = s[i];
    if (i < s.length && OPENERS.includes(ch)) depth++;
    else if (i < s.length && CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    else if (i === s.length || (depth === 0 && SEPARATORS.includes(ch))) {
      out.push({ token: s.slice(from, i), start: from });
      from = i + 1;
    }
  }
  return out.filter((t) => t.token.trim() !== '');
}

function looksLikeNote(token: string): boolean {
  if (NOTE_START.test(token) || NOTE_WORDS.test(token)) return true;
  return token.length > 25 && !UNIT_SUFFIX.test(token.slice(-2));
}

function trimPunct(s: string): string {
  return s.replace(/^[\s、，,;；。:：]+|[\s、，,;；。:：]+$/g, '');
}

/** `甲科（牵头）` -> { at: index of the bracket, inner: '牵头' }; null when the name does not end in a bracket. */
function trailingBracket(name: string): { at: number; inner: string } | null {
  if (!CLOSE_ROUND.includes(name[name.length - 1] ?? '')) return null;
  let depth = 0;
  for (let k = name.length - 1; k > 0; k--) {
    if (CLOSE_ROUND.includes(name[k])) depth++;
    else if (OPEN_ROUND.includes(name[k]) && --depth === 0) return { at: k, inner: name.slice(k + 1, -1).trim() };
  }
  return null;
}

function parseSegment(label: string, content: string): RichClause {
  const body = content.replace(/\n/g, '');
  const units: string[] = [];
  const notes: string[] = [];
  let markedLead: string | undefined;
  for (const { token, start } of splitTopLevel(body)) {
    let name = token.trim();
    const tail = trailingBracket(name);
    if (looksLikeNote(tail ? name.slice(0, tail.at) : name)) {
      notes.push(trimPunct(body.slice(start)));
      break;
    }
    // trailing bracket: 牵头/配合 mark or a note; anything else (各区县（市）) is part of the name
    if (tail && (LEAD_MARK.test(tail.inner) || CO_MARK.test(tail.inner) || looksLikeNote(tail.inner))) {
      name = name.slice(0, tail.at).trim();
      if (LEAD_MARK.test(tail.inner)) markedLead ??= name;
      else if (!CO_MARK.test(tail.inner)) notes.push(tail.inner);
    }
    name = name.replace(/等(?:单位|部门|科室|处室)?$/, '').trim();
    if (name) units.push(name);
  }
  const clause: RichClause = { units, leadLabel: label.startsWith('牵头'), coLabel: /^(?:配合|协办|协同|参与)/.test(label) };
  if (notes.length) clause.note = notes.join('；');
  if (markedLead) clause.markedLead = markedLead;
  return clause;
}

function pickLead(clauses: RichClause[]): string | null {
  const labelled = clauses.find((c) => c.leadLabel && c.units.length);
  if (labelled) return labelled.units[0];
  const marked = clauses.find((c) => c.markedLead);
  if (marked) return marked.markedLead!;
  const main = clauses.find((c) => !c.coLabel && c.units.length);
  if (main) return main.units[0];
  return clauses.find((c) => c.units.length)?.units[0] ?? null;
}

// ---------------------------------------------------------------- targets

const UNITS = [
  '个百分点', '个工作日', '%', '％', '‰',
  '万人次', '万户', '万家', '万件', '万元', '万人', '万吨', '万个', '万条', '万亩', '亿元', '千元',
  '平方米', '公里', '千米', '人次', '条次', '批次', '小时', '分钟',
  '户', '家', '个', '件', '项', '条', '元', '人', '次', '批', '所', '座', '台', '吨', '亩', '场', '期',
  '篇', '份', '天', '倍', '名', '套', '张', '起', '宗', '例', '类', '种', '支', '部', '辆', '本', '组',
  '万', '亿',
];
const NUM_SRC = '(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)';
const UNIT_SRC = UNITS.map((u) => u.replace(/[%.]/g, '\\$&')).join('|');
const SUFFIX_SRC = '及以上|或以上|以上|及以下|或以下|以下|以内|之内|左右';
const TARGET_RE = new RegExp(`(?<![\\d.])${NUM_SRC}\\s*(${UNIT_SRC})\\s*(${SUFFIX_SRC})?`, 'g');
const PHRASE_DELIMS = '，,。；;、：:！!？?\n';
const CUES: [TargetComparator, string[]][] = [
  ['gte', ['不低于', '不少于', '不小于', '至少', '最少']],
  ['lte', ['不超过', '不高于', '不多于', '不大于', '最多', '控制在', '控制到', '降至', '降低到', '降低至',
    '下降到', '下降至', '减少到', '减少至', '压降到', '压降至', '压减到', '压减至', '压缩到', '压缩至', '缩短到', '缩短至']],
  ['gt', ['超过', '高于', '多于', '大于', '突破']],
  ['lt', ['低于', '少于', '小于', '不足']],
  ['eq', ['保持在']],
];
const CUE_RE = new RegExp(`(${CUES.flatMap(([, w]) => w).sort((a, b) => b.length - a.length).join('|')})\\s*$`);
const GOAL_VERB_RE = /(?:新增|净增|新建|建成|创建|培育|打造|引进|完成|实现|发展|增加)\s*$/;
const LEAD_WORDS_RE = /^(?:其中|同时)?(?:力争|确保|争取|力求)?/;

function suffixComparator(suffix: string | undefined): TargetComparator | null {
  if (!suffix) return null;
  if (suffix.endsWith('以上')) return 'gte';
  if (suffix === '左右') return 'eq';
  return 'lte';
}

function titleSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(/《[^》]*》/g)) spans.push([m.index!, m.index! + m[0].length]);
  return spans;
}

export function extractTargets(text: string): ParsedTarget[] {
  const scan = toAsciiDigits(text);
  const skip = titleSpans(scan);
  const targets: ParsedTarget[] = [];
  for (const m of scan.matchAll(TARGET_RE)) {
    const at = m.index!;
    if (skip.some(([a, b]) => at >= a && at < b)) continue;
    let start = at;
    while (start > 0 && !PHRASE_DELIMS.includes(scan[start - 1])) start--;
    let end = at + m[0].length;
    while (end > at && isBlank(scan[end - 1])) end--;
    const atPhraseEnd = end >= scan.length || PHRASE_DELIMS.includes(scan[end]) || /[)）"”]/.test(scan[end]);
    const before = scan.slice(start, at);
    if (!atPhraseEnd && !GOAL_VERB_RE.test(before)) continue; // e.g. 选取2个区县…: a scope, not a target
    let phraseEnd = end;
    if (!atPhraseEnd) while (phraseEnd < scan.length && !PHRASE_DELIMS.includes(scan[phraseEnd])) phraseEnd++;
    const phrase = text.slice(start, phraseEnd).trim();
    const cue = CUE_RE.exec(before)?.[1];
    const prefix = cue ? CUES.find(([, words]) => words.includes(cue))![0] : null;
    const comparator = prefix ?? suffixComparator(m[3]) ?? 'gte';
    targets.push({
      text: phrase.replace(LEAD_WORDS_RE, '') || phrase,
      comparator,
      value: Number(m[1].replace(/,/g, '')),
      unit: m[2] === '％' ? '%' : m[2],
    });
  }
  return targets;
}

// ---------------------------------------------------------------- plan

function hasClause(lines: string[]): boolean {
  return findClauses(lines.join('\n')).length > 0;
}

function tidyLine(line: string): string {
  return line.replace(/^[\s\uFEFF\u3000]+|[\s\u3000]+$/g, '');
}

function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lastAt: Partial<Record<Level, number>> = {};
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = tidyLine(rawLine);
    if (!line) continue;
    const marker = detectMarker(line);
    if (marker) {
      // numbering sanity: restart at 1 or move forward a little; otherwise it is running text
      const n = labelValue(marker.label);
      const prev = lastAt[marker.level] ?? 0;
      if (n === 1 || (n > prev && n <= prev + 5)) {
        lastAt[marker.level] = n;
        blocks.push({ level: marker.level, label: marker.label, lines: [marker.rest], rawFirst: line });
        continue;
      }
    }
    blocks.at(-1)?.lines.push(line);
  }
  return blocks;
}

function chooseLevels(blocks: Block[]): { section: Level | null; item: Level | null } {
  const levels = [...new Set(blocks.map((b) => b.level))].sort((a, b) => a - b);
  if (!levels.length) return { section: null, item: null };
  const clauseRatio = (level: Level) => {
    const of = blocks.filter((b) => b.level === level);
    return of.filter((b) => hasClause(b.lines)).length / of.length;
  };
  const top = levels[0];
  const section = levels.length > 1 && clauseRatio(top) < 0.5 ? top : null;
  const candidates = section === null ? levels : levels.slice(1);
  const item =
    candidates.find((l) => clauseRatio(l) >= 0.5) ??
    candidates.find((l) => clauseRatio(l) > 0) ??
    candidates[0];
  return { section, item };
}

function buildItem(
  section: { label: string; title: string } | null,
  number: string,
  lines: string[],
): ParsedItem {
  const raw = lines.join('\n');
  const spans = findClauses(raw);
  const clauses = spans.flatMap((s) => s.segments.map((seg) => parseSegment(seg.label, seg.content)));
  let body = '';
  let from = 0;
  for (const s of spans) {
    body += raw.slice(from, s.start);
    from = s.end;
  }
  body += raw.slice(from);
  const text = body.replace(/\n/g, '').trim();
  return {
    section: section?.label ?? null,
    sectionTitle: section?.title ?? null,
    number,
    text,
    leadUnit: pickLead(clauses),
    clauses: clauses.map(({ units, note }) => (note ? { units, note } : { units })),
    targets: extractTargets(text),
  };
}

/** Drop closing remarks after the last item's last responsibility clause. */
function dropTrailingRemarks(lines: string[]): string[] {
  let last = -1;
  for (let i = 0; i < lines.length; i++) if (hasClause([lines[i]])) last = i;
  if (last === -1) return lines;
  return lines.slice(0, last + 1);
}

export function parsePlan(text: string): ParsedPlan {
  const blocks = splitBlocks(text);
  const { section: sectionLevel, item: itemLevel } = chooseLevels(blocks);
  const pending: { section: { label: string; title: string } | null; number: string; lines: string[] }[] = [];
  let section: { label: string; title: string } | null = null;
  let current: (typeof pending)[number] | null = null;

  for (const b of blocks) {
    if (b.level === sectionLevel) {
      section = { label: b.label, title: b.lines[0].replace(/[。:：;；，,]+$/, '') };
      current = null;
    } else if (b.level === itemLevel) {
      current = { section, number: b.label, lines: [...b.lines] };
      pending.push(current);
    } else if (itemLevel !== null && b.level > itemLevel) {
      current?.lines.push(b.rawFirst, ...b.lines.slice(1));
    } else {
      current = null; // intermediate heading between section and item level
    }
  }
  const lastItem = pending.at(-1);
  if (lastItem) lastItem.lines = dropTrailingRemarks(lastItem.lines);

  const items = pending.map((p) => buildItem(p.section, p.number, p.lines));
  const unitNames = [...new Set(items.flatMap((i) => i.clauses.flatMap((c) => c.units)))];
  return { items, unitNames };
}

/** Collective names (各区县（市）市场监管局, 相关科室) stand for several units. */
export function isCollectiveUnitName(name: string): boolean {
  return /^(?:各|相关|有关|机关各|所有|全市)/.test(name.trim());
}
