// What the demo adds through the running API once it answers — its 年度工作要点 (scripts/demo-plan.ts), the
// bureau's publications (scripts/demo-publications.ts), an ODR enterprise at work (scripts/demo-odr.ts) and an
// extension request on a leader's desk (scripts/demo-extension.ts) and a jurisdiction dispute under way
// (scripts/demo-dispute.ts) — said in one line each. Used by `npm run demo`
// (scripts/demo.mjs) and docker's one-shot `demo-plan` (scripts/demo-plan-cli.ts). A part that fails is said, the
// other still runs.
import { importDemoPlan } from './demo-plan.js';
import { enrolDemoOdr } from './demo-odr.js';
import { requestDemoExtension } from './demo-extension.js';
import { raiseDemoDispute } from './demo-dispute.js';
import { publishDemoNotices } from './demo-publications.js';

export interface DemoContent { plan: string; published: string; odr: string; extension: string; dispute: string; failed: boolean }

export async function addDemoContent(base: string, password: string, now = new Date()): Promise<DemoContent> {
  let failed = false;
  let plan: string;
  try {
    const r = await importDemoPlan(base, password, now);
    plan = r.imported ? `《${r.title}》: ${r.tasks} tasks imported, ${r.reports} progress reports` : `《${r.title}》`;
  } catch (e) {
    failed = true;
    plan = `not imported (${(e as Error).message}); import one in the console → 工作要点`;
  }
  let published: string;
  try {
    const r = await publishDemoNotices(base, password, now);
    published = `${r.period} 投诉信息公示${r.released ? ` released (${r.businesses} businesses)` : ''}${r.warning ? `, 消费警示 《${r.warning}》` : ''}${r.reports ? `, ${r.reports} analysis reports` : ''}`;
  } catch (e) {
    failed = true;
    published = `nothing published (${(e as Error).message}); the manager can in the console → 投诉信息公示 / 统计分析`;
  }
  let odr: string;
  try {
    const r = await enrolDemoOdr(base, password, now);
    odr = `${r.enterprise}${r.enrolled ? ` enrolled, ${Object.keys(r.cases).length} complaints registered to it` : ''}; its login ${r.username} / ${r.password}`;
  } catch (e) {
    failed = true;
    odr = `no enterprise enrolled (${(e as Error).message}); the manager can in the console → 在线解纷企业`;
  }
  let extension: string;
  try {
    const r = await requestDemoExtension(base, password);
    extension = r.requested ? `${r.caseNo}: 武陵区局 asks to extend its verification (leader.wl → 审批与超期)` : 'none new';
  } catch (e) {
    failed = true;
    extension = `no request made (${(e as Error).message})`;
  }
  let dispute: string;
  try {
    const r = await raiseDemoDispute(base, password);
    dispute = r.caseNo ? `${r.caseNo}: 武陵区局 disputes jurisdiction with 鼎城区局 (the case page; manager → 指定管辖)` : 'none (no complaint of 武陵区局 awaits its decision)';
  } catch (e) {
    failed = true;
    dispute = `none raised (${(e as Error).message})`;
  }
  return { plan, published, odr, extension, dispute, failed };
}
