// 管辖争议 over HTTP (O121 Art. 33): the holder raises it, the units agree or their common superior designates.
import { randomUUID } from 'node:crypto';
import { complaintBody } from '#testing';
import { harnessFile } from '../support/harness.js';

const h = harnessFile();
const http = () => h.http();
const login = (username: string) => h.as(username);
const unitId = async (code: string) => (await h.db.prisma.unit.findUniqueOrThrow({ where: { code } })).id;
const now = () => h.clock.now().toISOString();
const post = async (who: string, path: string, body: object, status: number) => http().post(`/api/v1/cases/${path}`).set('Authorization', await login(who)).send(body).expect(status);
async function register(): Promise<string> {
  const { body } = await http().post('/api/v1/cases').set('Authorization', await login('operator')).send(complaintBody({ receivedAt: now() })).expect(201);
  expect(body.assignedUnit.code).toBe('wl');
  return body.id;
}
async function hops(id: string) {
  const codes = new Map((await h.db.prisma.unit.findMany()).map((u) => [u.id, u.code]));
  return (await h.db.prisma.caseHop.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } })).map((x) => `${codes.get(x.unitId!)}:${x.how}`);
}

describe('管辖争议 between two county bureaus, designated by the city', () => {
  it('the holder raises it (7 working days, the ladder of the policy); bad input, other roles and a retry are refused', async () => {
    const id = await register();
    await post('handler.wl', `${id}/sign`, {}, 200);
    const dc = await unitId('dc');
    const body = { otherUnitId: dc, reason: '被投诉人实际经营地在鼎城区' };

    const missing = await post('handler.wl', `${id}/jurisdiction-dispute`, { otherUnitId: dc }, 400);
    expect([...new Set(missing.body.fields.map((f: { field: string }) => f.field))]).toEqual(['reason']);
    const notUuid = await post('handler.wl', `${id}/jurisdiction-dispute`, { otherUnitId: 'dc', reason: 'x' }, 400);
    expect([...new Set(notUuid.body.fields.map((f: { field: string }) => f.field))]).toEqual(['otherUnitId']);
    const unknown = await post('handler.wl', `${id}/jurisdiction-dispute`, { otherUnitId: randomUUID(), reason: 'x' }, 400);
    expect(unknown.body.fields).toEqual([expect.objectContaining({ field: 'otherUnitId', code: 'UNKNOWN_UNIT' })]);
    // its own station or its own superior: a recall or a referral, not a dispute between peers
    for (const code of ['wl-dy', 'cd']) {
      const r = await post('handler.wl', `${id}/jurisdiction-dispute`, { otherUnitId: await unitId(code), reason: 'x' }, 409);
      expect(r.body).toMatchObject({ code: 'HANDOFF_REFUSED', fields: [expect.objectContaining({ field: 'otherUnitId' })] });
    }
    await post('handler.dc', `${id}/jurisdiction-dispute`, body, 404); // cannot see it
    await post('operator', `${id}/jurisdiction-dispute`, body, 403); // not the holder
    expect(await h.db.prisma.caseEvent.count({ where: { caseId: id, type: 'JurisdictionDisputed' } })).toBe(0);

    const raised = await post('handler.wl', `${id}/jurisdiction-dispute`, body, 200);
    expect(raised.body).toMatchObject({
      status: 'signed', assignedUnit: { code: 'wl' },
      jurisdictionDispute: { raisedBy: { code: 'wl' }, other: { code: 'dc' }, superior: { code: 'cd' }, reason: '被投诉人实际经营地在鼎城区' },
    });
    const clock = raised.body.deadlines.find((d: { kind: string }) => d.kind === 'jurisdictionDispute');
    expect(clock).toMatchObject({ amount: 7, unit: 'workingDays', state: 'running' });
    expect(clock.legalBasis).toContain('第三十三条');
    // the unit's list says so (its decisions wait)
    const listed = await http().get('/api/v1/cases?unit=wl&status=signed&pageSize=100').set('Authorization', await login('handler.wl')).expect(200);
    expect(listed.body.items.find((x: { id: string }) => x.id === id)).toMatchObject({ disputed: true });
    // 案件查询 仅管辖争议: this case alone, whichever plan the list takes (newest first, by deadline, with q)
    const caseNo = raised.body.caseNo as string;
    const mgr = await login('manager');
    for (const qs of ['disputed=true', 'disputed=true&sort=deadline', `disputed=true&q=${caseNo}`, `disputed=true&q=${caseNo.slice(0, 8)}&sort=deadline`, 'disputed=true&unit=wl&status=signed', 'disputed=true&q=好运电器']) {
      const r = await http().get(`/api/v1/cases?${qs}`).set('Authorization', mgr).expect(200);
      expect([qs, r.body.items.map((x: { id: string }) => x.id)]).toEqual([qs, [id]]);
    }
    const notDisputed = await http().get(`/api/v1/cases?disputed=false&q=${caseNo}`).set('Authorization', mgr).expect(200);
    expect(notDisputed.body.items).toEqual([]);
    const badFlag = await http().get('/api/v1/cases?disputed=maybe').set('Authorization', mgr).expect(400);
    expect(badFlag.body.fields.map((f: { field: string }) => f.field)).toContain('disputed');
    const again = await post('handler.wl', `${id}/jurisdiction-dispute`, body, 409);
    expect(again.body.code).toBe('JURISDICTION_DISPUTE');
    const accept = await post('handler.wl', `${id}/accept`, {}, 409);
    expect(accept.body).toMatchObject({ code: 'JURISDICTION_DISPUTE', message: expect.stringContaining('受理') });
    // warned 2 working days before, overdue at the due date, and the holder's parent told at once
    const explained = await http().get(`/api/v1/cases/${id}/deadlines`).set('Authorization', await login('handler.wl')).expect(200);
    const rungs = explained.body.find((d: { kind: string }) => d.kind === 'jurisdictionDispute').rungs.map((r: { rung: string }) => r.rung);
    expect(rungs).toEqual(['warn', 'due', 'supervise']);

    // only the common superior (or above) designates, and only one of its own units
    await post('leader.dc', `${id}/jurisdiction-dispute/designate`, { unitId: dc, note: 'x' }, 404);
    await post('leader.wl', `${id}/jurisdiction-dispute/designate`, { unitId: dc, note: 'x' }, 403);
    await post('handler.cd', `${id}/jurisdiction-dispute/designate`, { unitId: dc, note: 'x' }, 403);
    await post('manager', `${id}/jurisdiction-dispute/designate`, { unitId: await unitId('cd-xbk'), note: 'x' }, 400);
    await post('manager', `${id}/jurisdiction-dispute/designate`, { unitId: dc }, 400);
    const designated = await post('manager', `${id}/jurisdiction-dispute/designate`, { unitId: dc, note: '经营地在鼎城区，指定鼎城区局管辖' }, 200);
    expect(designated.body).toMatchObject({ status: 'dispatched', assignedUnit: { code: 'dc' }, jurisdictionDispute: null });
    expect(designated.body.deadlines.find((d: { kind: string }) => d.kind === 'jurisdictionDispute').state).toBe('met');
    const after = await http().get('/api/v1/cases?unit=dc&pageSize=100').set('Authorization', await login('handler.dc')).expect(200);
    expect(after.body.items.find((x: { id: string }) => x.id === id)).toMatchObject({ disputed: false });
    await post('manager', `${id}/jurisdiction-dispute/designate`, { unitId: dc, note: '再次' }, 409);
    const tl = (await http().get(`/api/v1/cases/${id}/timeline`).set('Authorization', await login('operator')).expect(200)).body as { type: string; rule: string | null }[];
    expect(tl.map((e) => e.type)).toEqual(expect.arrayContaining(['JurisdictionDisputed', 'JurisdictionDesignated', 'CaseTransferred']));
    expect(tl.find((e) => e.type === 'JurisdictionDesignated')!.rule).toContain('指定管辖');
    expect(await hops(id)).toEqual(['wl:dispatch', 'dc:transfer']);
    // the designated unit signs and decides as for any dispatch
    await post('handler.dc', `${id}/sign`, {}, 200);
    await post('handler.dc', `${id}/accept`, {}, 200);
  });
});

describe('管辖争议 between two stations of one county, settled by agreement', () => {
  it('kept by the holder, then (a second dispute) handed to the other station', async () => {
    const id = await register();
    const [dy, fr] = [await unitId('wl-dy'), await unitId('wl-fr')];
    await post('operator', `${id}/transfer`, { unitId: dy, reason: '属丹阳街道' }, 200);
    const raised = await post('handler.wl-dy', `${id}/jurisdiction-dispute`, { otherUnitId: fr, reason: '经营地跨两街道' }, 200);
    expect(raised.body.jurisdictionDispute).toMatchObject({ other: { code: 'wl-fr' }, superior: { code: 'wl' } });
    await post('handler.wl-dy', `${id}/jurisdiction-dispute/settle`, { unitId: await unitId('wl'), note: 'x' }, 409);
    await post('handler.wl-fr', `${id}/jurisdiction-dispute/settle`, { unitId: dy, note: 'x' }, 404);
    await post('handler.wl-dy', `${id}/jurisdiction-dispute/settle`, { unitId: dy }, 400);
    const kept = await post('handler.wl-dy', `${id}/jurisdiction-dispute/settle`, { unitId: dy, note: '协商一致由丹阳所办理' }, 200);
    expect(kept.body).toMatchObject({ assignedUnit: { code: 'wl-dy' }, jurisdictionDispute: null });
    await post('handler.wl-dy', `${id}/jurisdiction-dispute/settle`, { unitId: dy, note: '再次' }, 409);

    await post('handler.wl-dy', `${id}/jurisdiction-dispute`, { otherUnitId: fr, reason: '新查明经营地在芙蓉街道' }, 200);
    const handed = await post('handler.wl-dy', `${id}/jurisdiction-dispute/settle`, { unitId: fr, note: '协商一致由芙蓉所办理' }, 200);
    expect(handed.body).toEqual({ id, visible: false });
    const atFr = await http().get(`/api/v1/cases/${id}`).set('Authorization', await login('handler.wl-fr')).expect(200);
    expect(atFr.body).toMatchObject({ status: 'dispatched', assignedUnit: { code: 'wl-fr' }, jurisdictionDispute: null });
    expect(await hops(id)).toEqual(['wl:dispatch', 'wl-dy:transfer', 'wl-fr:transfer']);
  });
});
