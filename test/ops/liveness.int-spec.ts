// The docker healthcheck's logic (scripts/liveness-check.ts) on a fake /proc: which answers are healthy, and when
// (and whom) it kills. Loopback only.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { livenessCheck } from '../../scripts/liveness-check.js';

const dir = mkdtempSync(join(tmpdir(), 'fangxin-liveness-'));
function fakeProc(init: string): string {
  const proc = mkdtempSync(join(dir, 'proc-'));
  const add = (pid: number, ppid: number, cmd: string) => {
    mkdirSync(join(proc, String(pid)));
    writeFileSync(join(proc, String(pid), 'cmdline'), cmd.split(' ').join('\0'));
    writeFileSync(join(proc, String(pid), 'stat'), `${pid} (node) S ${ppid} ${pid} ${pid} 0`);
  };
  add(1, 0, init);
  add(7, 1, 'node dist/apps/api/src/main.js'); // the app: the init's child
  add(9, 7, 'node dist/apps/api/src/main.js'); // not the init's child: left alone
  add(12, 1, 'redis-server *:6379');
  return proc;
}
let server: Server;
let status = 200;
let port = 0;
beforeAll(async () => {
  server = createServer((_req, res) => res.writeHead(status).end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise((r) => server.close(r)));

describe('docker liveness check', () => {
  it('is healthy on 200, unhealthy on 503 without killing anything', async () => {
    const killed: number[] = [];
    const o = { counterFile: join(dir, 'c1'), proc: fakeProc('/sbin/docker-init -- node dist/apps/api/src/main.js'), kill: (p: number) => killed.push(p), limit: 2 };
    status = 200;
    await expect(livenessCheck(`http://127.0.0.1:${port}/health`, o)).resolves.toBe(0);
    status = 503;
    for (let i = 0; i < 4; i++) await expect(livenessCheck(`http://127.0.0.1:${port}/health`, o)).resolves.toBe(1);
    expect(killed).toEqual([]);
  });

  it('kills the init\'s app child after `limit` checks without an answer; an answer in between starts the count over', async () => {
    const killed: number[] = [];
    const o = { counterFile: join(dir, 'c2'), proc: fakeProc('/sbin/docker-init -- node dist/apps/api/src/main.js'), kill: (p: number) => killed.push(p), limit: 3, timeoutMs: 300 };
    const dead = 'http://127.0.0.1:1/health';
    status = 200;
    await livenessCheck(dead, o);
    await livenessCheck(dead, o);
    await livenessCheck(`http://127.0.0.1:${port}/health`, o); // answered: count starts over
    await livenessCheck(dead, o);
    await livenessCheck(dead, o);
    expect(killed).toEqual([]);
    await expect(livenessCheck(dead, o)).resolves.toBe(1);
    expect(killed).toEqual([7]);
  });

  it('never kills outside a container with docker\'s init (a developer\'s machine)', async () => {
    const killed: number[] = [];
    const o = { counterFile: join(dir, 'c3'), proc: fakeProc('/sbin/init splash'), kill: (p: number) => killed.push(p), limit: 1, timeoutMs: 300 };
    for (let i = 0; i < 3; i++) await livenessCheck('http://127.0.0.1:1/health', o);
    expect(killed).toEqual([]);
  });
});
