// `npm run demo`: PostgreSQL and Redis first (started when they do not answer: scripts/demo-services.mjs), then
// install, build, migrate, seed the demo city, and run API + worker under the supervisor (scripts/demo.mjs).
// Plain Node, no dependency: it runs before `npm install`. Any failure is one line saying what to do, no stack trace.
import { spawn, spawnSync } from 'node:child_process';
import { DemoServiceError, ensureServices } from './demo-services.mjs';

const fail = (msg) => {
  console.error(`\n[demo] ${msg}`);
  process.exit(1);
};

let services;
try {
  services = await ensureServices(process.env, { dir: process.env.DEMO_DIR || '.demo' });
} catch (e) {
  fail(e instanceof DemoServiceError ? e.message : `could not prepare PostgreSQL and Redis: ${e?.message ?? e}`);
}
const { env } = services;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const steps = [
  ['install the dependencies', npm, ['install', '--no-audit', '--no-fund']],
  ['build', npm, ['run', 'build']],
  ['apply the database migrations', npm, ['run', 'db:migrate']],
  ['seed the demo city', process.execPath, ['dist/prisma/seed.js', '--demo']],
];
for (const [what, cmd, args] of steps) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    services.stop();
    fail(`could not ${what} (\`${[cmd === process.execPath ? 'node' : cmd, ...args].join(' ')}\` ${r.error ? `failed: ${r.error.message}` : `exited with ${r.status ?? r.signal}`}); see its output above`);
  }
}
// The supervisor runs until Ctrl-C; the services started above stop with it.
const child = spawn(process.execPath, ['scripts/demo.mjs'], { stdio: 'inherit', env });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => {
  services.stop();
  process.exit(code ?? 0);
});
