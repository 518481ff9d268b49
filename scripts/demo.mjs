// Second half of `npm run demo`: supervises the API and the worker (each restarted, with backoff, when it exits or
// stops answering its liveness check, /health/live), waits for /health/ready, prints the URL and logins.
import { supervise, demoSecret } from '../dist/scripts/supervisor.js';
import { API_NICE, niced } from '../dist/scripts/process-priority.js';
import { addDemoContent } from '../dist/scripts/demo-content.js';

const port = Number(process.env.PORT ?? 3000);
const workerPort = Number(process.env.WORKER_HEALTH_PORT ?? 3001);
// Loopback unless HOST says otherwise; health checks go to loopback when the API listens on every interface.
const host = process.env.HOST || '127.0.0.1';
const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
const url = `http://${local}:${port}`;
// No secret in the source: a random one, kept in .secrets/jwt-secret (0600, git-ignored) unless JWT_SECRET is set.
// API_WORKERS=0: one API process per CPU but one (node:cluster, apps/api/src/main.ts; on 2 CPUs a single process) unless told otherwise.
const env = { API_WORKERS: '0', ...process.env, HOST: host, JWT_SECRET: process.env.JWT_SECRET || demoSecret('.secrets/jwt-secret') };
// glibc malloc as `npm run start:api`: two arenas, blocks ≥ 64 KB mmap-ed and returned when freed (docs/benchmarks.md, Memory).
const MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '131072' };
const sup = supervise([
  // As `npm run start:api`: one process per CPU but one (API_WORKERS=0 above), each with a bounded heap (docs/benchmarks.md).
  // At a lower CPU priority than the worker (nice API_NICE, default 10): deadlines fire on time while intake saturates
  // the machine (scripts/process-priority.ts, docs/scaling.md "CPU priority").
  { name: 'api', ...niced(API_NICE, process.execPath, ['--max-semi-space-size=8', '--max-old-space-size=192', 'dist/apps/api/src/main.js']), env: { ...MALLOC_ENV, ...env }, healthUrl: `${url}/health/live` },
  // As `npm run start:worker` (docs/deadlines.md, "Worker memory"); its health port is WORKER_HEALTH_PORT.
  {
    name: 'worker', command: process.execPath, args: ['--max-semi-space-size=2', '--max-old-space-size=160', 'dist/apps/worker/src/main.js'],
    env: { ...MALLOC_ENV, ...env }, healthUrl: workerPort ? `http://${local}:${workerPort}/health/live` : undefined,
  },
]);
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void sup.stop().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

for (let i = 0; i < 120; i++) {
  try {
    const r = await fetch(`${url}/health/ready`);
    if (r.ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 500));
}
// The demo city's work plan and the bureau's publications, through the API (once: what is there is left alone).
const { plan, published, odr, extension, dispute } = await addDemoContent(url, 'demo12315');
console.log(`
  Fangxin 放心 · 12315 投诉举报处理系统 is running

  Console   ${url}/
  API docs  ${url}/docs
  Health    ${url}/health/live · ${url}/health/ready
  Metrics   ${url}/metrics (from this machine; METRICS_TOKEN for others)
  Queues    ${url}/admin/queues (admin: console → 队列监控)
  Work plan ${plan} (console → 工作要点)
  Public    ${url}/public (${published})
  ODR       ${odr} (console → 在线解纷企业)
  Approvals ${extension}
  Dispute   ${dispute}

  Demo logins (password demo12315):
    operator            12315 接线员（消保科<投诉举报办>）
    manager             市局分管领导
    admin               系统管理员
    auditor             审计员（身份信息查阅记录）
    handler.wl / leader.wl   武陵区市场监督管理局 承办人 / 负责人
    handler.dc / leader.dc   鼎城区市场监督管理局
    handler.ty / leader.ty   桃源县市场监督管理局
    handler.lx / leader.lx   澧县市场监督管理局
    handler.<unitCode> / leader.<unitCode> for every unit (GET /api/v1/units)
    odr.hwj             在线解纷企业 常德市惠万家商贸有限公司 — its own password huiwanjia12315

  A process that exits or stops answering its health check is restarted. Ctrl-C stops both.
`);
