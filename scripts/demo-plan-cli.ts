// docker/compose.yml's one-shot `demo-plan` (with SEED_ARGS=--demo): node dist/scripts/demo-plan-cli.js <api-origin>
// imports the demo city's 年度工作要点 through the API, as `npm run demo` does (scripts/demo.mjs).
import { importDemoPlan } from './demo-plan.js';

const origin = process.argv[2] ?? 'http://127.0.0.1:3000';
try {
  const r = await importDemoPlan(origin, process.env.DEMO_PASSWORD ?? 'demo12315');
  console.log(r.imported ? `[demo] 《${r.title}》: ${r.tasks} tasks imported, ${r.reports} progress reports` : `[demo] 《${r.title}》 already there`);
} catch (e) {
  console.error(`[demo] the demo work plan was not imported: ${(e as Error).message}`);
  process.exit(1);
}
