// `npm run demo` shows an ODR enterprise at work (scripts/demo-odr.ts): enrolled by the manager with its account, four
// complaints registered against it by the operator with the caller's consent, each left at another stage — settled
// and confirmed (和解), an offer awaiting the complainant, refused (now with 武陵区局), waiting for the chain. Through
// the running API; the enterprise's own login sees what is still with it. Run again (a restarted demo), it changes
// nothing; refused by the API, it says why and enrols nothing.
import { addDemoContent } from '../../scripts/demo-content.js';
import { DEMO_ODR_ENTERPRISE, DEMO_ODR_PASSWORD, DEMO_ODR_USERNAME, enrolDemoOdr } from '../../scripts/demo-odr.js';
import { checkCreditCode } from '#cases';
import { listeningHarnessFile } from '../support/harness.js';

const { h, base } = listeningHarnessFile();

describe('the demo ODR enterprise', () => {
  it('says why when the API refuses it (a wrong password), and enrols nothing', async () => {
    const said = await addDemoContent(base(), 'wrong', h.clock.now());
    expect(said.failed).toBe(true);
    expect(said.odr).toMatch(/^no enterprise enrolled \(POST \/api\/v1\/auth\/login: 401 .*\); the manager can in the console → 在线解纷企业$/);
    expect(await h.db.prisma.odrEnterprise.count()).toBe(0);
  });

  it('is enrolled with its account; its complaints stand at four stages; a second run changes nothing', async () => {
    expect(checkCreditCode(DEMO_ODR_ENTERPRISE.creditCode)).toMatchObject({ checksumValid: true });
    const r = await enrolDemoOdr(base(), 'demo12315', h.clock.now());
    expect(r).toMatchObject({ enrolled: true, enterprise: DEMO_ODR_ENTERPRISE.name, username: DEMO_ODR_USERNAME, password: DEMO_ODR_PASSWORD });
    expect(Object.keys(r.cases).sort()).toEqual(['confirmed', 'offered', 'refused', 'waiting']);

    const list = await h.http().get('/api/v1/odr/enterprises').set('Authorization', await h.as('manager')).expect(200);
    expect(list.body).toEqual([expect.objectContaining({ name: DEMO_ODR_ENTERPRISE.name, creditCode: DEMO_ODR_ENTERPRISE.creditCode, status: 'active' })]);

    // The enterprise's own login: its four complaints at their stages.
    const shop = `Bearer ${(await h.http().post('/api/v1/auth/login').send({ username: DEMO_ODR_USERNAME, password: DEMO_ODR_PASSWORD }).expect(200)).body.accessToken}`;
    const mine = (await h.http().get('/api/v1/odr/cases').set('Authorization', shop).expect(200)).body as { caseNo: string; stage: string }[];
    expect(Object.fromEntries(mine.map((c) => [c.caseNo, c.stage]))).toEqual(Object.fromEntries(Object.entries(r.cases).map(([stage, no]) => [no, stage])));
    await h.http().get('/api/v1/cases').set('Authorization', shop).expect(403); // an enterprise sees its own pages only

    const row = (caseNo: string) => h.db.prisma.case.findUniqueOrThrow({ where: { caseNo } });
    expect(await row(r.cases.confirmed!)).toMatchObject({ status: 'closed', outcome: 'odrSettled' });
    const refused = await row(r.cases.refused!);
    expect(refused.status).not.toBe('odr');
    const unit = await h.db.prisma.unit.findUniqueOrThrow({ where: { id: refused.assignedUnitId! } });
    expect(unit.name).toBe('武陵区市场监督管理局'); // the respondent is in 武陵区
    for (const no of [r.cases.offered!, r.cases.waiting!]) expect((await row(no)).status).toBe('odr');

    // Its figures on the manager's dashboard: four received, one settled of the two that ended.
    const day = h.clock.now();
    const from = new Date(day.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(day.getTime() + 86_400_000).toISOString().slice(0, 10);
    const figures = await h.http().get(`/api/v1/odr/figures?from=${from}&to=${to}`).set('Authorization', await h.as('manager')).expect(200);
    expect(figures.body.rows).toEqual([expect.objectContaining({ name: DEMO_ODR_ENTERPRISE.name, received: 4, settled: 1, settlementRate: 0.5 })]);

    // The demo restarted: nothing enrolled or registered twice.
    const cases = await h.db.prisma.case.count();
    expect(await enrolDemoOdr(base(), 'demo12315', h.clock.now())).toEqual({ enrolled: false, enterprise: DEMO_ODR_ENTERPRISE.name, username: DEMO_ODR_USERNAME, password: DEMO_ODR_PASSWORD, cases: {} });
    expect(await h.db.prisma.odrEnterprise.count()).toBe(1);
    expect(await h.db.prisma.case.count()).toBe(cases);
  });
});
