// `npm run demo` (scripts/demo-content.ts): a jurisdiction dispute under way (管辖争议, O121 Art. 33) — 武陵区局's
// handler says a complaint it signed for belongs to 鼎城区局 (the business operates there), so the case page shows
// the dispute and its 7 working days, and the city's manager can designate (指定管辖). Through the API as the handler
// would; once: a complaint of 武陵区局 already in dispute is left alone.
import type { CaseListItem, CaseView, Page, UnitDto } from '#contracts';
import { call, login } from './demo-api.js';

export interface DemoDisputeResult { caseNo: string | null; raised: boolean }

export async function raiseDemoDispute(base: string, password: string): Promise<DemoDisputeResult> {
  const handler = await login(base, 'handler.wl', password);
  const signed = await call<Page<CaseListItem>>(base, handler, 'GET', '/api/v1/cases?type=complaint&status=signed&unit=wl&sort=deadline&pageSize=20');
  const own = signed.items.filter((c) => c.assignedUnit?.code === 'wl');
  for (const c of own) {
    const v = await call<CaseView>(base, handler, 'GET', `/api/v1/cases/${c.id}`);
    if (v.jurisdictionDispute) return { caseNo: c.caseNo, raised: false };
  }
  const first = own[0];
  if (!first) return { caseNo: null, raised: false };
  const dc = (await call<UnitDto[]>(base, handler, 'GET', '/api/v1/units')).find((u) => u.code === 'dc');
  if (!dc) return { caseNo: null, raised: false };
  await call(base, handler, 'POST', `/api/v1/cases/${first.id}/jurisdiction-dispute`, {
    otherUnitId: dc.id, reason: '经核实，被投诉人实际经营场所位于鼎城区武陵镇，营业执照登记地亦在鼎城区，应由鼎城区局管辖。',
  });
  return { caseNo: first.caseNo, raised: true };
}
