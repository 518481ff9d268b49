import { FixedClock } from '#platform';
import { complaintBody } from '#testing';
import { harnessFile, waitFor } from '../support/harness.js';
import { NOTICE_2027 } from '../support/notice-2027.js';
import { planDocx } from '../support/plan-docx.js';

// The bureau's "now" is fixed: Mon 2026-12-28 10:00 China time. The seed loads 2004–2026; 2027 has no notice yet.
const clock = new FixedClock(new Date('2026-12-28T10:00:00+08:00'));
const h = harnessFile({ worker: true, clock });
const http = () => h.http();

describe('a year without a notice, then its notice read from the text', () => {
  let caseId: string;

  it('counts 2027 on the provisional calendar of the law and marks the answer provisional', async () => {
    const admin = await h.as('admin');
    const r = await http().get('/api/v1/calendar/deadline?from=2026-12-31&amount=7&unit=workingDays').set('Authorization', admin).expect(200);
    expect(r.body).toMatchObject({ dueDate: '2027-01-12', provisional: true, warnings: [expect.objectContaining({ code: 'CALENDAR_NOT_LOADED', years: [2027] })] });
    // The day after 9999-12-31 never came, so this used to loop forever: now a 4xx at once.
    const end = await http().get('/api/v1/calendar/deadline?from=9999-12-31&amount=7&unit=workingDays').set('Authorization', admin);
    expect(end.status).toBeGreaterThanOrEqual(400);
    expect(end.status).toBeLessThan(500);
    const inYear = await http().get('/api/v1/calendar/deadline?from=2026-12-01&amount=5&unit=workingDays').set('Authorization', admin).expect(200);
    expect(inYear.body).toMatchObject({ dueDate: '2026-12-08', provisional: false });

    // Received Mon 12-28: acceptance 7 working days → 29, 30, 31, (2027-01-01 元旦 by law), 4, 5, 6, 7.
    const { body } = await http().post('/api/v1/cases').set('Authorization', await h.as('operator'))
      .send(complaintBody({ receivedAt: '2026-12-28T09:30:00+08:00' })).expect(201);
    caseId = body.id;
    expect(body.deadlines.find((d: { kind: string }) => d.kind === 'acceptance')).toMatchObject({ dueDate: '2027-01-07', provisional: true });
    expect(body.deadlines.find((d: { kind: string }) => d.kind === 'sign')).toMatchObject({ provisional: false });
    const ex = (await http().get(`/api/v1/cases/${caseId}/deadlines`).set('Authorization', admin).expect(200)).body;
    expect(ex.find((d: { kind: string }) => d.kind === 'acceptance')).toMatchObject({ dueDate: '2027-01-07', provisional: true, calendarGaps: [2027] });
    const health = await http().get('/health').expect(200);
    expect(health.body.warnings.map((w: { code: string }) => w.code)).toEqual(expect.arrayContaining(['NEXT_YEAR_CALENDAR_MISSING', 'LIVE_DEADLINES_IN_UNLOADED_YEAR']));
    // The admin's year view lists the law's provisional rest days of a year without a notice.
    const y = (await http().get('/api/v1/admin/calendar/years/2027').set('Authorization', admin).expect(200)).body;
    expect(y).toMatchObject({ loaded: false, days: [] });
    expect(y.provisional).toEqual(expect.arrayContaining([{ date: '2027-01-01', name: '元旦' }, { date: '2027-02-09', name: '春节补假' }]));
    expect(y.provisional).toHaveLength(19); // 13 statutory days; 02-06/07, 05-01/02 and 10-02/03 fall on a weekend: 6 days in lieu
  });

  it('refuses anyone but an admin, and text it cannot read fully, naming the sentence', async () => {
    await http().post('/api/v1/admin/calendar/notices/preview').set('Authorization', await h.as('handler.wl')).send({ text: NOTICE_2027 }).expect(403);
    await http().post('/api/v1/admin/calendar/notices').set('Authorization', await h.as('leader.wl')).send({ text: NOTICE_2027 }).expect(403);
    const admin = await h.as('admin');
    const garbled = NOTICE_2027.replace('1月9日（周六）上班', '1月9日（周六）视情况上班或休息');
    const bad = await http().post('/api/v1/admin/calendar/notices').set('Authorization', admin).send({ text: garbled }).expect(400);
    expect(bad.body.fields[0]).toMatchObject({ field: 'text', code: 'NOTICE_UNREADABLE', message: expect.stringContaining('1月9日') });
    const wrongDay = await http().post('/api/v1/admin/calendar/notices/preview').set('Authorization', admin).send({ text: NOTICE_2027.replace('（周六）上班', '（周日）上班') }).expect(400);
    expect(wrongDay.body.fields[0].message).toContain('2027-01-09');
    await http().post('/api/v1/admin/calendar/notices/preview').set('Authorization', admin).send({}).expect(400);
    const pdf = await http().post('/api/v1/admin/calendar/notices/preview').set('Authorization', admin)
      .send({ fileName: 'notice.pdf', contentBase64: Buffer.from('%PDF').toString('base64') }).expect(400);
    expect(pdf.body.fields[0].field).toBe('fileName');
    const supplement = await http().post('/api/v1/admin/calendar/notices/preview').set('Authorization', admin)
      .send({ text: '国务院办公厅关于延长2028年春节假期的通知\n一、延长2028年春节假期至2月2日（星期三）。' }).expect(400);
    expect(supplement.body.fields[0].code).toBe('NOTICE_YEAR_NOT_LOADED');
    // Nothing was written by any refusal.
    const years = (await http().get('/api/v1/admin/calendar/years').set('Authorization', admin).expect(200)).body;
    expect(years.find((y: { year: number }) => y.year === 2027)).toBeUndefined();
  });

  it('previews the days, the changes against the provisional calendar and the deadlines that would move', async () => {
    const admin = await h.as('admin');
    const html = `<html><head><meta charset="utf-8"></head><body>${NOTICE_2027.split('\n').map((l) => `<p>${l}</p>`).join('')}</body></html>`;
    const r = await http().post('/api/v1/admin/calendar/notices/preview').set('Authorization', admin)
      .send({ fileName: '2027.html', contentBase64: Buffer.from(html).toString('base64') }).expect(200);
    expect(r.body).toMatchObject({ year: 2027, title: '国务院办公厅关于2027年部分节假日安排的通知', supplementary: false });
    expect(r.body.days.filter((d: { kind: string }) => d.kind === 'workday')).toEqual([
      { date: '2027-01-09', kind: 'workday', name: '元旦' }, { date: '2027-02-20', kind: 'workday', name: '春节' },
      { date: '2027-04-25', kind: 'workday', name: '劳动节' }, { date: '2027-09-26', kind: 'workday', name: '国庆节' },
      { date: '2027-10-09', kind: 'workday', name: '国庆节' },
    ]);
    const holidays = r.body.days.filter((d: { kind: string }) => d.kind === 'holiday').map((d: { date: string }) => d.date.slice(5));
    expect(holidays).toEqual([
      '01-01', '01-02', '01-03', '01-04', '02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '02-11', '04-03', '04-04', '04-05',
      '05-01', '05-02', '05-03', '05-04', '05-05', '06-09', '09-15', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07',
    ]);
    // Against the law's calendar (statutory days and days in lieu already off): only the swaps change.
    expect(r.body.changes.map((c: { date: string; to: string }) => `${c.date} ${c.to}`)).toEqual([
      '2027-01-04 restDay', '2027-01-09 workingDay', '2027-02-11 restDay', '2027-02-20 workingDay', '2027-04-25 workingDay',
      '2027-05-05 restDay', '2027-09-26 workingDay', '2027-10-06 restDay', '2027-10-07 restDay', '2027-10-09 workingDay',
    ]);
    expect(r.body.changes.every((c: { provisional: boolean }) => c.provisional)).toBe(true);
    expect(r.body.movedDeadlines).toBeGreaterThanOrEqual(1);
    expect(r.body.moves).toEqual(expect.arrayContaining([expect.objectContaining({ caseId, kind: 'acceptance', from: '2027-01-07', to: '2027-01-08' })]));

    // The same notice saved as .docx (one paragraph per line, read with mammoth) and as UTF-8 .txt reads the same.
    for (const [fileName, content] of [['2027.docx', await planDocx(NOTICE_2027, 'typed')], ['2027.txt', Buffer.from(NOTICE_2027)]] as const) {
      const f = await http().post('/api/v1/admin/calendar/notices/preview').set('Authorization', admin)
        .send({ fileName, contentBase64: content.toString('base64') }).expect(200);
      expect(f.body.days).toEqual(r.body.days);
    }
    const gbk = await http().post('/api/v1/admin/calendar/notices/preview').set('Authorization', admin)
      .send({ fileName: '2027.txt', contentBase64: Buffer.from([0xb9, 0xfa, 0xce, 0xf1, 0xd4, 0xba]).toString('base64') }).expect(400);
    expect(gbk.body.fields[0]).toMatchObject({ field: 'contentBase64', code: 'NOT_UTF8' });
  });

  it('applies it: writes the year, moves the case deadline with the notice as its basis, tells the unit, ends the warning', async () => {
    const admin = await h.as('admin');
    const r = await http().post('/api/v1/admin/calendar/notices').set('Authorization', admin).send({ text: NOTICE_2027 }).expect(200);
    expect(r.body).toMatchObject({ year: 2027, version: 1, movedDeadlines: expect.any(Number) });
    const year = (await http().get('/api/v1/admin/calendar/years/2027').set('Authorization', admin).expect(200)).body;
    expect(year).toMatchObject({ loaded: true, provisional: [], changes: [expect.objectContaining({ action: 'notice' })] });
    expect(year.days).toHaveLength(33);

    const acc = await waitFor(async () => {
      const ex = (await http().get(`/api/v1/cases/${caseId}/deadlines`).set('Authorization', admin)).body;
      const d = ex.find((x: { kind: string }) => x.kind === 'acceptance');
      return d?.dueDate === '2027-01-08' ? d : undefined;
    });
    expect(acc.provisional).toBe(false);
    expect(acc.moves.at(-1)).toMatchObject({ type: 'DeadlineMoved', rule: expect.stringContaining('依据《国务院办公厅关于2027年部分节假日安排的通知》') });
    const inbox = await waitFor(async () => {
      const items = (await http().get('/api/v1/notifications').set('Authorization', await h.as('handler.wl'))).body.items;
      return items.find((n: { caseId: string; kind: string }) => n.caseId === caseId && n.kind === 'calendarMove');
    });
    expect(inbox.body).toContain('国务院办公厅关于2027年部分节假日安排的通知');

    const due = await http().get('/api/v1/calendar/deadline?from=2026-12-31&amount=7&unit=workingDays').set('Authorization', admin).expect(200);
    expect(due.body).toMatchObject({ dueDate: '2027-01-12', provisional: false });
    expect(due.body.warnings).toBeUndefined();
    const health = await http().get('/health').expect(200);
    expect(health.body.warnings.map((w: { code: string }) => w.code)).not.toContain('NEXT_YEAR_CALENDAR_MISSING');

    // Applying the same notice again changes nothing.
    const again = await http().post('/api/v1/admin/calendar/notices/preview').set('Authorization', admin).send({ text: NOTICE_2027 }).expect(200);
    expect(again.body).toMatchObject({ changes: [], movedDeadlines: 0 });
    // A supplementary notice amends the loaded year: the festival runs on from its last holiday (02-11) to 02-14.
    const ext = '国务院办公厅关于延长2027年春节假期的通知\n一、延长2027年春节假期至2月14日（星期日），2月15日（星期一）起正常上班。';
    const extPreview = await http().post('/api/v1/admin/calendar/notices/preview').set('Authorization', admin).send({ text: ext }).expect(200);
    expect(extPreview.body).toMatchObject({ year: 2027, supplementary: true, changes: [expect.objectContaining({ date: '2027-02-12', from: 'workingDay', to: 'restDay', provisional: false })] });
    expect(extPreview.body.days.map((d: { date: string; kind: string }) => `${d.date} ${d.kind}`)).toEqual(['2027-02-12 holiday', '2027-02-13 holiday', '2027-02-14 holiday']);
    await http().post('/api/v1/admin/calendar/notices').set('Authorization', admin).send({ text: ext }).expect(200);
    const amended = (await http().get('/api/v1/admin/calendar/years/2027').set('Authorization', admin).expect(200)).body;
    expect(amended.days).toHaveLength(36); // the yearly notice's 33 days kept, 3 added
    expect(amended.version).toBe(2);
  });
});
