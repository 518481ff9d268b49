import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChineseDaysJson } from './chinese-days-import.js';
import { calendarEntriesFromChineseDays } from './chinese-days-import.js';
import { type NoticeDay, parseNoticeText, resolveNotice } from './notice-text.js';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'notices', name), 'utf8');
const official = calendarEntriesFromChineseDays(
  JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as ChineseDaysJson,
);
const show = (ds: readonly { date: string; kind: string }[]) => ds.map((d) => `${d.date} ${d.kind}`).sort();

/**
 * The days of notice Y in the independent dataset (chinese-days, plus the 2005-12-31 correction): the year, with the
 * last days of December Y−1 that the notice names (元旦 make-up days) and without those of December Y (next notice).
 */
function expected(year: number): string[] {
  return show(official.filter((e) => e.date > `${year - 1}-12-25` && e.date <= `${year}-12-25`));
}

function parse(name: string) {
  const r = parseNoticeText(fixture(name));
  if (!r.ok) throw new Error(`${name}: ${r.reason} — ${r.sentence}`);
  return r.notice;
}

describe('parseNoticeText reads the real notices into exactly the days they state', () => {
  // Where chinese-days and the text differ, the text wins (and agrees with holiday-cn, a dataset read from the notices):
  // chinese-days leaves out a Saturday inside a stated range (2012 「6月22日至24日放假公休」), and fills the Sunday
  // between a day off and its 补休 (2014 「4月5日放假，4月7日（星期一）补休」 names 04-05 and 04-07 only).
  const RANGE_SATURDAYS: Record<string, string[]> = { 2012: ['2012-06-23 holiday'] };
  const FILLED_SUNDAYS: Record<string, string[]> = { 2014: ['2014-04-06 holiday'] };

  it.each(['2006', '2009', '2010', '2012', '2014', '2016', '2023', '2024', '2025', '2026'])('%s notice', (year) => {
    const n = parse(`${year}.txt`);
    expect(n.year).toBe(Number(year));
    expect(n.supplementary).toBe(false);
    expect(n.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
    const want = [...expected(Number(year)), ...(RANGE_SATURDAYS[year] ?? [])].filter((d) => !(FILLED_SUNDAYS[year] ?? []).includes(d));
    expect(show(n.days)).toEqual(want.sort());
  });

  it('2008 (items 一 to 五 as published): a range across the new year, 「其中：」 explanations, a make-up day of 2007', () => {
    const text = [
      '国务院办公厅关于2008年部分节假日安排的通知',
      '一、元旦：2007年12月30日—2008年1月1日放假，共3天。其中：1月1日（星期二）为法定节假日，12月30日（星期日）为公休日，12月29日（星期六）公休日调至12月31日（星期一），12月29日（星期六）上班。',
      '二、春节：2月6日—12日（即农历除夕至正月初六）放假，共7天。其中，2月6日（除夕）、2月7日（春节）、2月8日（正月初二）为法定节假日，2月9日（星期六）、2月10日（星期日）照常公休，将2月2日（星期六）、2月3日（星期日）两个公休日调至2月11日（星期一）、2月12日（星期二），2月2日（星期六）、2月3日（星期日）上班。',
      '三、清明节：4月4日—6日放假，共3天。其中：4月4日（清明节），为法定节假日，4月5日（星期六）、4月6日（星期日）照常公休。',
      '四、“五一”国际劳动节：5月1日—3日放假，共3天。其中，5月1日为法定节假日，5月3日（星期六）为公休日，5月4日（星期日）公休日调至5月2日（星期五），5月4日（星期日）上班。',
      '五、端午节：6月7日—9日放假，共3天。其中：6月7日（星期六）照常公休，6月8日（农历五月初五，端午节）为法定节假日，6月8日（星期日）公休日调至6月9日（星期一）。',
    ].join('\n');
    const r = parseNoticeText(text);
    if (!r.ok) throw new Error(`${r.reason} — ${r.sentence}`);
    expect(show(r.notice.days)).toEqual(show(official.filter((e) => e.date > '2007-12-25' && e.date <= '2008-06-30')));
    expect(r.notice.days[0]).toEqual({ date: '2007-12-29', kind: 'workday', name: '元旦' });
  });

  it('2025, day by day as the notice words it (除夕 range, make-up Sundays and Saturdays)', () => {
    const n = parse('2025.txt');
    const holidays = n.days.filter((d) => d.kind === 'holiday').map((d) => d.date.slice(5));
    expect(holidays).toEqual([
      '01-01', '01-28', '01-29', '01-30', '01-31', '02-01', '02-02', '02-03', '02-04', '04-04', '04-05', '04-06',
      '05-01', '05-02', '05-03', '05-04', '05-05', '05-31', '06-01', '06-02',
      '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07', '10-08',
    ]);
    expect(n.days.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    expect(n.days.find((d) => d.date === '2025-01-28')?.name).toBe('春节');
  });

  it('names the days of December of the year before (2012: 2011-12-31; 2006: 2005-12-31 by its weekday)', () => {
    expect(parse('2012.txt').days.filter((d) => d.date < '2012-01-01')).toEqual([{ date: '2011-12-31', kind: 'workday', name: '元旦' }]);
    expect(parse('2006.txt').days.filter((d) => d.date < '2006-01-01')).toEqual([{ date: '2005-12-31', kind: 'workday', name: '元旦' }]);
    const r = parseNoticeText('国务院办公厅关于2019年部分节假日安排的通知\n一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。2018年12月29日（星期六）上班。');
    expect(r.ok && show(r.notice.days)).toEqual(['2018-12-29 workday', '2018-12-30 holiday', '2018-12-31 holiday', '2019-01-01 holiday']);
  });

  it('2015: 补休 days, 与周末连休, and the 抗战胜利纪念日 supplement (9月3日至5日, 9月6日上班)', () => {
    const main = parse('2015.txt');
    const extra = parse('2015-victory-day.txt');
    expect(extra).toMatchObject({ year: 2015, supplementary: true });
    expect(show(extra.days)).toEqual(['2015-09-03 holiday', '2015-09-04 holiday', '2015-09-05 holiday', '2015-09-06 workday']);
    // chinese-days lists 9-03/04 only: 9-05 is the Saturday inside the stated range 「9月3日至5日」.
    expect(show([...main.days, ...extra.days])).toEqual([...expected(2015), '2015-09-05 holiday'].sort());
    expect(main.days.filter((d) => d.date >= '2015-04-05' && d.date <= '2015-06-22').map((d) => d.date)).toEqual(['2015-04-05', '2015-04-06', '2015-05-01', '2015-06-20', '2015-06-22']);
  });

  it('2019: the 劳动节 adjustment is a supplement naming exactly the days of the dataset around 5月1日', () => {
    const n = parse('2019-labour-day.txt');
    expect(n).toMatchObject({ year: 2019, supplementary: true, title: '国务院办公厅关于调整2019年劳动节假期安排的通知' });
    expect(show(n.days)).toEqual(show(official.filter((e) => e.date >= '2019-04-20' && e.date <= '2019-05-10')));
    expect(n.days.every((d) => d.name === '劳动节')).toBe(true);
  });

  it('2020: the Spring Festival extension runs on from the notice in force and cancels the make-up Saturday', () => {
    const main = parse('2020.txt');
    const ext = parse('2020-extension.txt');
    expect(ext).toMatchObject({ year: 2020, supplementary: true, days: [], extensions: [{ name: '春节', until: '2020-02-02' }] });
    const base = new Map(main.days.map((d) => [d.date, d]));
    const r = resolveNotice(ext, (d) => base.get(d)?.kind === 'holiday');
    if (!r.ok) throw new Error(r.reason);
    expect(show(r.days)).toEqual(['2020-01-31 holiday', '2020-02-01 holiday', '2020-02-02 holiday']);
    for (const d of r.days) base.set(d.date, d);
    expect(show([...base.values()])).toEqual(expected(2020));
    // Without a Spring Festival in force there is nothing to extend: refused, naming the sentence.
    const none = resolveNotice(ext, () => false);
    expect(none).toMatchObject({ ok: false, sentence: expect.stringContaining('延长2020年春节假期至2月2日') });
  });
});

describe('parseNoticeText accepts the spellings a notice comes in', () => {
  const full = fixture('2024.txt');
  const days = (t: string): NoticeDay[] => { const r = parseNoticeText(t); if (!r.ok) throw new Error(r.reason); return r.notice.days; };

  it('full-width and half-width punctuation and digits read the same', () => {
    const wide = full.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/\(/g, '（').replace(/\)/g, '）').replace(/:/g, '：').replace(/,/g, '，');
    expect(wide).not.toEqual(full);
    expect(days(wide)).toEqual(days(full));
  });

  it('sentences broken across lines (copied from a PDF) read the same', () => {
    const wrapped = fixture('2025.txt').split('\n').map((l) => l.replace(/(.{17})/g, '$1\n')).join('\n');
    expect(wrapped.split('\n').length).toBeGreaterThan(fixture('2025.txt').split('\n').length + 20);
    const r = parseNoticeText(wrapped);
    expect(r.ok && r.notice.days).toEqual(days(fixture('2025.txt')));
  });

  it('(周六) and (星期六) are the same note, and HTML as saved from the site reads like the text', () => {
    expect(days(full.replace(/星期/g, '周'))).toEqual(days(full));
    const html = `<html><body><h1>国务院办公厅关于2024年部分节假日安排的通知</h1>${full.split('\n').map((l) => `<p style="x">${l.replace(/,/g, '，&nbsp;')}</p>`).join('')}</body></html>`;
    expect(days(html)).toEqual(days(full));
  });
});

describe('parseNoticeText refuses what it cannot read fully, naming the sentence', () => {
  const t = (body: string) => `国务院办公厅关于2027年部分节假日安排的通知\n经国务院批准，现将2027年元旦、春节放假调休日期的具体安排通知如下。\n${body}`;

  it('an arrangement sentence of an unknown form', () => {
    const r = parseNoticeText(t('一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。\n二、春节：2月5日至11日视情况另行安排放假。'));
    expect(r).toMatchObject({ ok: false, sentence: expect.stringContaining('2月5日至11日视情况另行安排放假') });
  });

  it('a weekday note that does not match the date', () => {
    const r = parseNoticeText(t('一、元旦：1月1日（周五）放假。1月9日（星期日）上班。'));
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('2027-01-09 不是注明的星期日') });
  });

  it('「共N天」 that does not match the range', () => {
    const r = parseNoticeText(t('二、春节：2月5日至11日放假调休，共8天。'));
    expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('共7天') });
  });

  it('a date outside the year and its prior December, a day both off and at work, no dates at all, no year', () => {
    expect(parseNoticeText(t('一、元旦：2026年11月30日放假。'))).toMatchObject({ ok: false, reason: expect.stringContaining('不在2027年') });
    expect(parseNoticeText(t('一、春节：2月6日至7日放假调休，共2天。2月6日（星期六）上班。'))).toMatchObject({ ok: false, reason: expect.stringContaining('同时被写为放假和上班') });
    expect(parseNoticeText(t('各地区要妥善安排好值班。'))).toMatchObject({ ok: false, reason: expect.stringContaining('未能从文本中读出') });
    expect(parseNoticeText('一、元旦：1月1日放假。')).toMatchObject({ ok: false, reason: expect.stringContaining('年份') });
    expect(parseNoticeText('')).toMatchObject({ ok: false });
  });

  it('hostile input ends quickly: a 150,000-character run of dates, unclosed <script> tags', () => {
    const t0 = Date.now();
    const run = parseNoticeText(t(`一、元旦：${'1月1日、'.repeat(25_000)}放假。`));
    expect(run).toMatchObject({ ok: false, reason: expect.stringContaining('无法读取') });
    expect(parseNoticeText(`${'<script>'.repeat(20_000)}${t('一、元旦：1月1日（周五）放假。')}`)).toMatchObject({ ok: false });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('nothing of a refused text is returned (never half-applied)', () => {
    const r = parseNoticeText(t('一、元旦：1月1日（周五）放假。\n二、春节：2月5日放假，具体另行通知为准2月6日。'));
    expect(r.ok).toBe(false);
    expect('notice' in r).toBe(false);
  });
});
