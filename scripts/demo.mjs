// Second half of `npm run demo`: starts the API and the worker, waits for /health, prints the URL and logins.
import { spawn } from 'node:child_process';

const port = Number(process.env.PORT ?? 3000);
const url = `http://127.0.0.1:${port}`;
const procs = [
  spawn(process.execPath, ['dist/apps/api/src/main.js'], { stdio: 'inherit', env: process.env }),
  // As `npm run start:worker` (docs/deadlines.md, "Worker memory").
  spawn(process.execPath, ['--max-semi-space-size=2', '--max-old-space-size=160', 'dist/apps/worker/src/main.js'], { stdio: 'inherit', env: { MALLOC_ARENA_MAX: '2', ...process.env } }),
];
let stopping = false;
const stop = (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const p of procs) p.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
};
for (const p of procs) p.on('exit', (code) => { if (!stopping) { console.error(`[demo] a process exited (${code}); stopping`); stop(1); } });
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

for (let i = 0; i < 120; i++) {
  try {
    const r = await fetch(`${url}/health`);
    if (r.ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 500));
}
console.log(`
  Fangxin 放心 · 12315 投诉举报处理系统 is running

  Console   ${url}/
  API docs  ${url}/docs
  Health    ${url}/health

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

  Ctrl-C stops both processes.
`);
