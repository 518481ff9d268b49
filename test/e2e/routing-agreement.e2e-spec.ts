// Issue 12 §4: one routing decision (libs/org `routeIntake`) behind registration, inquiry conversion and the
// operator's preview. For every kind of case the preview names the unit the save gives — or says "pool" exactly
// when the save leaves the case in the intake unit's dispatch pool.
import { complaintBody } from '#testing';
import { harnessFile } from '../support/harness.js';

const h = harnessFile({}, 120_000);
const http = () => h.http();

type Body = Record<string, unknown> & { respondent: Record<string, unknown> };
const body = (over: Record<string, unknown> = {}, respondent: Record<string, unknown> = {}): Body => {
  const b = complaintBody({ receivedAt: h.clock.now().toISOString(), ...over }) as Body;
  return { ...b, respondent: { ...b.respondent, ...respondent } };
};
/** What the console's intake page sends to the preview: the routing fields of the very registration it will save. */
const previewOf = (b: Body) => ({
  regionCode: b.respondent.regionCode, category: b.category, type: b.type, platform: b.respondent.platform,
  townshipCode: b.respondent.townshipCode, address: b.respondent.address,
  violationRegionCode: b.violationRegionCode, routeInquiry: b.routeInquiry,
});
const codeOf = async (id: string | null | undefined) => (id ? (await h.db.prisma.unit.findUniqueOrThrow({ where: { id } })).code : null);

describe('the routing preview says what the save does', () => {
  const scenarios: [string, Body | (() => Body), string | null][] = [
    ['a complaint goes where the respondent operates', () => body(), 'wl'],
    ['a complaint ignores a violation region', () => body({ violationRegionCode: '430703' }), 'wl'],
    ['a report goes where the violation happened', () => body({ type: 'report', violationRegionCode: '430703' }), 'dc'],
    ['a report without a violation region goes by the respondent', () => body({ type: 'report' }), 'wl'],
    ['an inquiry stays in the pool for the operator', () => body({ type: 'inquiry' }), null],
    ['an inquiry asked to be routed goes by the rules', () => body({ type: 'inquiry', routeInquiry: true }), 'wl'],
  ];
  it.each(scenarios)('%s', async (_name, make, expected) => {
    const op = await h.as('operator');
    const b = typeof make === 'function' ? make() : make;
    const preview = await http().post('/api/v1/routing/preview').set('Authorization', op).send(previewOf(b)).expect(200);
    const saved = await http().post('/api/v1/cases').set('Authorization', op).send(b).expect(201);
    expect({ preview: preview.body.unit?.code ?? null, saved: saved.body.assignedUnit?.code ?? null }).toEqual({ preview: expected, saved: expected });
    expect(preview.body.unitId === null).toBe(saved.body.status === 'pendingDispatch');
  });

  it('a complaint that is also a report: each side as its own preview says', async () => {
    const op = await h.as('operator');
    const b = body({ alsoReport: true, violationRegionCode: '430703' });
    const saved = await http().post('/api/v1/cases').set('Authorization', op).send(b).expect(201);
    const linked = await h.db.prisma.case.findUniqueOrThrow({ where: { id: saved.body.linkedCase.id } });
    for (const [type, unitId] of [['complaint', saved.body.assignedUnit?.id], ['report', linked.assignedUnitId]] as const) {
      const p = await http().post('/api/v1/routing/preview').set('Authorization', op).send(previewOf({ ...b, type })).expect(200);
      expect({ type, preview: p.body.unit?.code ?? null }).toEqual({ type, preview: await codeOf(unitId) });
    }
    expect(await codeOf(linked.assignedUnitId)).toBe('dc');
  });

  it('converting an inquiry routes the new case as the preview of that type says', async () => {
    const op = await h.as('operator');
    const inquiry = body({ type: 'inquiry', violationRegionCode: '430703' });
    const q = await http().post('/api/v1/cases').set('Authorization', op).send(inquiry).expect(201);
    expect(q.body.assignedUnit).toBeNull();
    for (const type of ['report', 'complaint'] as const) {
      const p = await http().post('/api/v1/routing/preview').set('Authorization', op).send(previewOf({ ...inquiry, type })).expect(200);
      const fresh = type === 'report' ? q.body.id : (await http().post('/api/v1/cases').set('Authorization', op).send(inquiry).expect(201)).body.id;
      const conv = await http().post(`/api/v1/cases/${fresh}/convert`).set('Authorization', op).send({ type }).expect(200);
      expect({ type, preview: p.body.unit?.code ?? null, saved: conv.body.created.assignedUnit?.code ?? null })
        .toEqual({ type, preview: type === 'report' ? 'dc' : 'wl', saved: type === 'report' ? 'dc' : 'wl' });
    }
  });

  it('refuses a malformed violation region in the preview, naming the field', async () => {
    const op = await h.as('operator');
    const r = await http().post('/api/v1/routing/preview').set('Authorization', op)
      .send({ regionCode: '430702', category: 'G01', type: 'report', violationRegionCode: 'abc' }).expect(400);
    expect(r.body.fields.map((f: { field: string }) => f.field)).toContain('violationRegionCode');
  });
});
