// docker/compose.yml's one-shot `demo-plan` (with SEED_ARGS=--demo): node dist/scripts/demo-plan-cli.js <api-origin>
// imports the demo city's 年度工作要点 and publishes the last quarter's 投诉信息公示 and a 消费警示 through the API, as
// `npm run demo` does (scripts/demo.mjs).
import { importDemoPlan } from './demo-plan.js';
import { publishDemoNotices } from './demo-publications.js';

const origin = process.argv[2] ?? 'http://127.0.0.1:3000';
try {
  const r = await importDemoPlan(origin, process.env.DEMO_PASSWORD ?? 'demo12315');
  console.log(r.imported ? `[demo] 《${r.title}》: ${r.tasks} tasks imported, ${r.reports} progress reports` : `[demo] 《${r.title}》 already there`);
  const p = await publishDemoNotices(origin, process.env.DEMO_PASSWORD ?? 'demo12315');
  console.log(`[demo] ${p.period} 投诉信息公示${p.released ? ` released (${p.businesses} businesses)` : ' already released'}${p.warning ? `, 消费警示 《${p.warning}》 published` : ''}`);
} catch (e) {
  console.error(`[demo] the demo work plan or publications failed: ${(e as Error).message}`);
  process.exit(1);
}
