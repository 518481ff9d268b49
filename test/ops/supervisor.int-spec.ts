// The demo's supervisor (scripts/supervisor.ts): a child that exits or stops answering its health check is started
// again. Fake children on loopback only; a few seconds in all.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSecret, supervise, type Supervisor } from '../../scripts/supervisor.js';

const dir = mkdtempSync(join(tmpdir(), 'fangxin-supervisor-'));
// Answers /health, logs its start; after HANG_AFTER_MS wedges its event loop; with EXIT_AFTER_MS exits with 1.
const CHILD = join(dir, 'child.mjs');
writeFileSync(CHILD, `
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
appendFileSync(process.env.STARTS, process.pid + '\\n');
createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), '127.0.0.1');
if (process.env.HANG_AFTER_MS) setTimeout(() => { for (;;) {} }, Number(process.env.HANG_AFTER_MS));
if (process.env.EXIT_AFTER_MS) setTimeout(() => process.exit(1), Number(process.env.EXIT_AFTER_MS));
`);
const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});
const startsIn = (file: string) => { try { return readFileSync(file, 'utf8').trim().split('\n').filter(Boolean); } catch { return []; } };
const until = async (ok: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};
const fast = { intervalMs: 100, timeoutMs: 200, failures: 2, startGraceMs: 2000, backoffMs: [50, 100], stableMs: 10_000, killGraceMs: 300, log: () => {} };

let sup: Supervisor | undefined;
afterEach(async () => { await sup?.stop(); sup = undefined; });

describe('demo supervisor', () => {
  it('restarts a child that stops answering its health check (wedged event loop)', async () => {
    const port = await freePort();
    const starts = join(dir, 'hang.txt');
    sup = supervise([{ name: 'api', command: process.execPath, args: [CHILD], env: { ...process.env, PORT: String(port), STARTS: starts, HANG_AFTER_MS: '600' }, healthUrl: `http://127.0.0.1:${port}/health` }], fast);
    await until(() => startsIn(starts).length >= 2);
    const [first, second] = startsIn(starts);
    expect(second).not.toBe(first);
    // the wedged one is gone (SIGTERM cannot reach a busy loop: it took SIGKILL)
    expect(() => process.kill(Number(first), 0)).toThrow();
    expect(sup.starts('api')).toBeGreaterThanOrEqual(2);
  });

  it('restarts a child that exits and leaves a healthy one alone', async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const crashing = join(dir, 'exit.txt');
    const steady = join(dir, 'steady.txt');
    sup = supervise([
      { name: 'worker', command: process.execPath, args: [CHILD], env: { ...process.env, PORT: String(p1), STARTS: crashing, EXIT_AFTER_MS: '100' } },
      { name: 'api', command: process.execPath, args: [CHILD], env: { ...process.env, PORT: String(p2), STARTS: steady }, healthUrl: `http://127.0.0.1:${p2}/health` },
    ], fast);
    await until(() => startsIn(crashing).length >= 3);
    expect(startsIn(steady)).toHaveLength(1);
    expect(sup.starts('api')).toBe(1);
    await sup.stop();
    const after = startsIn(crashing).length;
    await new Promise((r) => setTimeout(r, 400));
    expect(startsIn(crashing).length).toBe(after); // stop() means stopped: no restart after it
  });
});

describe('demo secret', () => {
  it('is random, kept readable by its owner only, and reused', () => {
    const file = join(dir, 'secrets', 'jwt-secret');
    const a = demoSecret(file);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(demoSecret(file)).toBe(a);
    expect(demoSecret(join(dir, 'other', 'jwt-secret'))).not.toBe(a);
  });
});
