import { complaintBody } from '#testing';
import { harnessFile, waitFor } from '../support/harness.js';

// Issue 16 §3: every online filing (channel web) gets a first human response within 24 hours — a clock on the deadline
// engine met by 记录首次回应/联系 — and 24小时回应率 joins the indicators.
const h = harnessFile({ worker: true });
const http = () => h.http();
const login = (u: string) => h.as(u);

async function webCase(receivedAt: string): Promise<{ id: string; deadlines: { kind: string; state: string; unit: string; amount: number; dueAt: string }[] }> {
  const op = await login('operator');
  return (await http().post('/api/v1/cases').set('Authorization', op).send(complaintBody({ channel: 'web', receivedAt })).expect(201)).body;
}

describe('24-hour response of online filings', () => {
  it('arms a 24-hour clock for web filings only; the handling unit meets it by recording contact', async () => {
    const now = h.clock.now();
    const c = await webCase(new Date(now.getTime() - 3600_000).toISOString());
    const clock = c.deadlines.find((d) => d.kind === 'webResponse');
    expect(clock).toMatchObject({ amount: 24, unit: 'hours', state: 'running' });
    expect(Date.parse(clock!.dueAt) - (now.getTime() - 3600_000)).toBe(24 * 3600_000);
    const hotline = (await http().post('/api/v1/cases').set('Authorization', await login('operator')).send(complaintBody({ receivedAt: now.toISOString() })).expect(201)).body;
    expect(hotline.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('webResponse');

    // bad input names the field; another unit, the operator and an admin may not record it
    const bad = await http().post(`/api/v1/cases/${c.id}/contacts`).set('Authorization', await login('handler.wl')).send({ note: '  ' }).expect(400);
    expect(bad.body.fields[0].field).toBe('note');
    await http().post(`/api/v1/cases/${c.id}/contacts`).set('Authorization', await login('handler.dc')).send({ note: '联系' }).expect(404);
    await http().post(`/api/v1/cases/${c.id}/contacts`).set('Authorization', await login('operator')).send({ note: '联系' }).expect(403);
    await http().post(`/api/v1/cases/${c.id}/contacts`).set('Authorization', await login('admin')).send({ note: '联系' }).expect((r) => expect([403, 404]).toContain(r.status));

    const wl = await login('handler.wl');
    const met = await http().post(`/api/v1/cases/${c.id}/contacts`).set('Authorization', wl).set('Idempotency-Key', 'contact-1').send({ note: '已电话联系投诉人' }).expect(200);
    expect(met.body.deadlines.find((d: { kind: string }) => d.kind === 'webResponse').state).toBe('met');
    // a retry with the same key answers the first result; the timeline has one contact
    await http().post(`/api/v1/cases/${c.id}/contacts`).set('Authorization', wl).set('Idempotency-Key', 'contact-1').send({ note: '已电话联系投诉人' }).expect(200);
    const tl = await http().get(`/api/v1/cases/${c.id}/timeline`).set('Authorization', wl).expect(200);
    expect(tl.body.filter((e: { type: string }) => e.type === 'ComplainantContacted')).toHaveLength(1);
  });

  it('counts in 24小时回应率: on time and late responses of the period', async () => {
    const now = h.clock.now();
    const wl = await login('handler.wl');
    // filed 30 hours ago: the response is already late
    const late = await webCase(new Date(now.getTime() - 30 * 3600_000).toISOString());
    await http().post(`/api/v1/cases/${late.id}/contacts`).set('Authorization', wl).send({ note: '迟到的联系' }).expect(200);
    const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const mgr = await login('manager');
    const v = await waitFor(async () => {
      const r = await http().get(`/api/v1/indicators?from=${today.slice(0, 8)}01&to=${today}&indicator=responseRate`).set('Authorization', mgr).expect(200);
      const x = r.body.rows[0].values.responseRate;
      return x.denominator >= 2 ? x : undefined;
    });
    // the first test's on-time contact and this late one (due yesterday or today: both in this month)
    expect(v).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
    const defs = (await http().get(`/api/v1/indicators?from=${today}&to=${today}`).set('Authorization', mgr).expect(200)).body.indicators;
    expect(defs.find((d: { code: string }) => d.code === 'responseRate')).toMatchObject({ name: '24小时回应率', unit: '%' });
  });
});
