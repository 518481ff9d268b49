import { complaintBody } from '#testing';
import { harnessFile } from '../support/harness.js';

const h = harnessFile();
const http = () => h.http();
const login = async (username: string, password = 'demo12315') =>
  `Bearer ${(await http().post('/api/v1/auth/login').send({ username, password }).expect(200)).body.accessToken}`;

describe('administration', () => {
  it('edits time limits as versioned data: local pledges switch off, legal steps cannot; new cases use the new value', async () => {
    const admin = await login('admin');
    await http().get('/api/v1/admin/time-limits').set('Authorization', await login('manager')).expect(403);
    const all = (await http().get('/api/v1/admin/time-limits').set('Authorization', admin).expect(200)).body;
    const sign = all.find((p: { regime: string; caseType: string; step: string }) => p.regime === 'LOCAL' && p.caseType === 'complaint' && p.step === 'sign');
    const acceptance = all.find((p: { regime: string; caseType: string; step: string }) => p.regime === 'O121' && p.caseType === 'complaint' && p.step === 'acceptance');
    const refused = await http().patch(`/api/v1/admin/time-limits/${acceptance.id}`).set('Authorization', admin).send({ enabled: false }).expect(400);
    expect(refused.body.fields[0].field).toBe('enabled');
    await http().patch(`/api/v1/admin/time-limits/${sign.id}`).set('Authorization', admin).send({ amount: 0 }).expect(400);
    const patched = (await http().patch(`/api/v1/admin/time-limits/${sign.id}`).set('Authorization', admin).send({ amount: 2 }).expect(200)).body;
    expect(patched).toMatchObject({ amount: 2, version: sign.version + 1 });
    const { body } = await http().post('/api/v1/cases').set('Authorization', await login('operator')).send(complaintBody()).expect(201);
    expect(body.deadlines.find((d: { kind: string }) => d.kind === 'sign')).toMatchObject({ amount: 2 });
    await http().patch(`/api/v1/admin/time-limits/${sign.id}`).set('Authorization', admin).send({ enabled: false }).expect(200);
    const next = (await http().post('/api/v1/cases').set('Authorization', await login('operator')).send(complaintBody()).expect(201)).body;
    expect(next.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('sign');
  });

  it('keeps the unit tree in order and manages users', async () => {
    const admin = await login('admin');
    const units = (await http().get('/api/v1/admin/units').set('Authorization', admin).expect(200)).body;
    const wl = units.find((u: { code: string }) => u.code === 'wl');
    const city = units.find((u: { code: string }) => u.code === 'cd');
    const bad = await http().post('/api/v1/admin/units').set('Authorization', admin).send({ code: 'wl-new', name: '新所', level: 'station', parentId: city.id }).expect(400);
    expect(bad.body.fields[0]).toMatchObject({ field: 'parentId', code: 'LEVEL' });
    await http().post('/api/v1/admin/units').set('Authorization', admin).send({ code: 'wl', name: '重复', level: 'county', parentId: city.id }).expect(400);
    const station = (await http().post('/api/v1/admin/units').set('Authorization', admin).send({ code: 'wl-new', name: '新建市场监管所', level: 'station', parentId: wl.id, regionCode: '430702009' }).expect(201)).body;
    expect(station).toMatchObject({ code: 'wl-new', level: 'station', parentId: wl.id });
    const cyc = await http().patch(`/api/v1/admin/units/${wl.id}`).set('Authorization', admin).send({ parentId: station.id }).expect(400);
    expect(cyc.body.fields.map((f: { field: string }) => f.field)).toContain('parentId');

    const user = (await http().post('/api/v1/admin/users').set('Authorization', admin)
      .send({ username: 'zhang.wl-new', displayName: '张所长', role: 'leader', unitId: station.id, password: 'correct-horse' }).expect(201)).body;
    expect(user).toMatchObject({ username: 'zhang.wl-new', role: 'leader', unit: { code: 'wl-new' } });
    expect(JSON.stringify(user)).not.toContain('correct-horse');
    const zhang = await login('zhang.wl-new', 'correct-horse');
    await http().get('/api/v1/notifications').set('Authorization', zhang).expect(200);
    await http().post('/api/v1/admin/users').set('Authorization', admin).send({ username: 'zhang.wl-new', displayName: 'x', role: 'leader', unitId: station.id, password: 'abcdefgh' }).expect(400);
    await http().patch(`/api/v1/admin/users/${user.id}`).set('Authorization', admin).send({ active: false }).expect(200);
    await http().post('/api/v1/auth/login').send({ username: 'zhang.wl-new', password: 'correct-horse' }).expect(401);
    // A token issued before the deactivation stops working at once, not at its expiry.
    const refused = await http().get('/api/v1/notifications').set('Authorization', zhang).expect(401);
    expect(refused.body).toMatchObject({ code: 'ACCOUNT_DISABLED', message: '账号已停用，请联系管理员' });
    await http().post('/api/v1/admin/users').set('Authorization', await login('handler.wl')).send({}).expect(403);
  });
});
