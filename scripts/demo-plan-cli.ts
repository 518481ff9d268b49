// docker/compose.yml's one-shot `demo-plan` (with SEED_ARGS=--demo): node dist/scripts/demo-plan-cli.js <api-origin>
// adds what `npm run demo` adds through the API (scripts/demo-content.ts); exits 1 when a part failed.
import { addDemoContent } from './demo-content.js';

const r = await addDemoContent(process.argv[2] ?? 'http://127.0.0.1:3000', process.env.DEMO_PASSWORD ?? 'demo12315');
console.log(`[demo] work plan ${r.plan}\n[demo] public ${r.published}\n[demo] ODR ${r.odr}\n[demo] approvals ${r.extension}\n[demo] dispute ${r.dispute}`);
if (r.failed) process.exit(1);
