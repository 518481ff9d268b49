// GET /cases/load: the inbox's load chart in one request — a unit's cases in hand by status with the overdue among
// them, the same cases (and so the same numbers) as the case list's totals for each status, for every viewer.
import { complaintBody } from '#testing';
import { harnessFile } from '../support/harness.js';

const h = harnessFile({}, 120_000);
const http = () => h.http();
const as = (u: string) => h.as(u);
const STATUSES = ['dispatched', 'signed', 'accepted'] as const;
type Load = { items: { status: string; total: number; overdue: number }[] };

async function load(user: string, query = '', status = 200): Promise<Load & { code?: string; fields?: { field: string }[] }> {
  return (await http().get(`/api/v1/cases/load${query}`).set('Authorization', await as(user)).expect(status)).body;
}
/** The same figures read from the case list's totals (one request per status and per overdue). */
async function fromList(user: string, unit?: string): Promise<Load> {
  const total = async (q: string) => (await http().get(`/api/v1/cases?pageSize=1&${q}${unit ? `&unit=${unit}` : ''}`).set('Authorization', await as(user)).expect(200)).body.total as number;
  const items = [];
  for (const s of STATUSES) items.push({ status: s, total: await total(`status=${s}`), overdue: await total(`status=${s}&overdue=true`) });
  return { items };
}
async function register(regionCode = '430702', address = '常德市武陵区人民路1号'): Promise<string> {
  const body = complaintBody({ receivedAt: h.clock.now().toISOString(), respondent: { ...(complaintBody().respondent as object), regionCode, address } });
  return (await http().post('/api/v1/cases').set('Authorization', await as('operator')).send(body).expect(201)).body.id;
}

let wlCases: string[] = [];
beforeAll(async () => {
  // 7 cases for 武陵区 (wl): 2 left dispatched, 2 signed, 3 accepted; 2 for 鼎城区 (dc), one of them co-handled by wl.
  for (let i = 0; i < 7; i++) wlCases.push(await register());
  const wl = await as('handler.wl');
  for (const id of wlCases.slice(2)) await http().post(`/api/v1/cases/${id}/sign`).set('Authorization', wl).send({}).expect(200);
  for (const id of wlCases.slice(4)) await http().post(`/api/v1/cases/${id}/accept`).set('Authorization', wl).send({}).expect(200);
  const dc = [await register('430703', '常德市鼎城区武陵镇建设路1号'), await register('430703', '常德市鼎城区武陵镇建设路2号')];
  const wlUnit = (await h.db.prisma.unit.findFirstOrThrow({ where: { code: 'wl' } })).id;
  await http().post(`/api/v1/cases/${dc[0]}/co-units`).set('Authorization', await as('operator')).send({ unitIds: [wlUnit] }).expect(200);
  // Overdue as the deadline engine marks it (the flag the list's overdue filter reads): one dispatched, two accepted.
  await h.db.prisma.case.updateMany({ where: { id: { in: [wlCases[0]!, wlCases[5]!, wlCases[6]!] } }, data: { overdue: true } });
}, 120_000);

describe('GET /cases/load', () => {
  it('counts each status and its overdue cases as the list does, for every viewer and unit filter', async () => {
    const wl = await load('handler.wl');
    // The statuses in order, each always present; the co-handled 鼎城 case counts for wl as it is listed for wl.
    expect(wl.items.map((i) => i.status)).toEqual([...STATUSES]);
    expect(wl.items.map((i) => i.total).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(8);
    expect(wl.items.find((i) => i.status === 'accepted')).toEqual({ status: 'accepted', total: expect.any(Number), overdue: 2 });
    for (const [user, unit] of [
      ['handler.wl', undefined], ['leader.wl', undefined], ['handler.dc', undefined], ['operator', undefined], ['manager', undefined],
      ['leader.wl', 'wl'], ['operator', 'dc'], ['handler.wl', 'dc'], ['operator', 'no-such-unit'],
    ] as const) {
      expect([user, unit, await load(user, unit ? `?unit=${unit}` : '')]).toEqual([user, unit, await fromList(user, unit)]);
    }
    // Another unit's cases: only the one wl co-handles (as the list), not an error that would say the others exist.
    expect((await load('handler.wl', '?unit=dc')).items.map((i) => i.total).reduce((a, b) => a + b, 0)).toBe(1);
    expect((await load('handler.dc', '?unit=wl')).items.every((i) => i.total === 0 && i.overdue === 0)).toBe(true);
  });

  // An enterprise account is refused here as on every route not its own (odr.e2e-spec walks the OpenAPI document).
  it('an auditor sees no case; no sign-in is refused; bad input is a 400 naming the field', async () => {
    expect((await load('auditor')).items.every((i) => i.total === 0)).toBe(true);
    await http().get('/api/v1/cases/load').expect(401);
    const tooLong = await load('handler.wl', `?unit=${'x'.repeat(101)}`, 400);
    expect(tooLong.fields?.map((f) => f.field)).toEqual(['unit']);
    const extra = await load('handler.wl', '?status=closed', 400);
    expect(extra.fields?.map((f) => f.field)).toEqual(['status']);
    const twice = await load('handler.wl', '?unit=wl&unit=dc', 400);
    expect(new Set(twice.fields?.map((f) => f.field))).toEqual(new Set(['unit']));
  });

  it('moves with the cases: a retry reads the same, a case accepted moves one from signed to accepted', async () => {
    const before = await load('handler.wl');
    expect(await load('handler.wl')).toEqual(before);
    await http().post(`/api/v1/cases/${wlCases[2]}/accept`).set('Authorization', await as('handler.wl')).send({}).expect(200);
    const after = await load('handler.wl');
    const of = (l: Load, s: string) => l.items.find((i) => i.status === s)!.total;
    expect([of(after, 'signed'), of(after, 'accepted')]).toEqual([of(before, 'signed') - 1, of(before, 'accepted') + 1]);
  });
});
