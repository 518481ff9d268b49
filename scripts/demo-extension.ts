// `npm run demo` (scripts/demo-content.ts): a request waiting on a leader's desk — 武陵区局's handler asks to extend
// the verification of a report it is verifying (举报核查 may be extended once, by up to 15 working days, with the
// leader's approval), so that leader.wl's 审批与超期 shows what a leader decides. Through the API as the handler
// would. Once per report: the report verified first that already had an extension is left alone.
import type { CaseListItem, DeadlineExplanation, Page } from '#contracts';
import { call, login } from './demo-api.js';

export interface DemoExtensionResult { caseNo: string | null; requested: boolean }

export async function requestDemoExtension(base: string, password: string): Promise<DemoExtensionResult> {
  const handler = await login(base, 'handler.wl', password);
  // its own reports only (a county's list also holds its stations')
  const reports = await call<Page<CaseListItem>>(base, handler, 'GET', '/api/v1/cases?type=report&status=signed&unit=wl&sort=deadline&pageSize=1');
  const own = reports.items[0];
  if (!own) return { caseNo: null, requested: false };
  const clocks = await call<DeadlineExplanation[]>(base, handler, 'GET', `/api/v1/cases/${own.id}/deadlines`);
  const verification = clocks.find((d) => d.kind === 'verification' && (d.state === 'running' || d.state === 'overdue'));
  if (!verification || verification.extensions.length) return { caseNo: own.caseNo, requested: false };
  await call(base, handler, 'POST', `/api/v1/cases/${own.id}/deadlines/verification/extensions`, {
    amount: 10, reason: '涉案商品已送检，检验报告预计10个工作日内出具，需待检验结论后作出是否立案的决定。',
  });
  return { caseNo: own.caseNo, requested: true };
}
