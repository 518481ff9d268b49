// `npm run demo` on a machine where PostgreSQL and Redis do not answer (scripts/demo-start.mjs, demo-services.mjs).
// The demo's checks are pointed at unused loopback ports: the shared services are never touched.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});
const listening = (port: number) => new Promise<boolean>((resolve) => {
  const s = createServer().once('error', () => resolve(true)).listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
});
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

async function unusedEnv(over: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fangxin-demo-'));
  chmodSync(dir, 0o755); // as a project folder: PostgreSQL's own user (when we are root) must reach it
  dirs.push(dir);
  const [pgPort, redisPort] = [await freePort(), await freePort()];
  return {
    pgPort, redisPort, dir,
    env: {
      ...process.env, DATABASE_URL: `postgresql://postgres@127.0.0.1:${pgPort}/fangxin`, REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      DEMO_DIR: dir, DEMO_DOCKER: '0', DEMO_INSTALL: '0', ...over,
    },
  };
}

describe('npm run demo without PostgreSQL or Redis running', () => {
  it('says exactly what to install when it can start neither — one message, no stack trace, nothing else run', async () => {
    const { env, pgPort, redisPort } = await unusedEnv({ DEMO_PG_BIN_DIRS: '', DEMO_REDIS_BIN: '' });
    const r = spawnSync(process.execPath, ['scripts/demo-start.mjs'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain(`PostgreSQL does not answer at 127.0.0.1:${pgPort}`);
    expect(out).toContain('cannot start PostgreSQL and Redis');
    expect(out).toContain('sudo apt-get install postgresql');
    expect(out).toContain('sudo apt-get install redis-server');
    expect(out).toContain('docker run -d -p 127.0.0.1:5432:5432');
    expect(out).not.toMatch(/\n\s+at .+:\d+:\d+/); // no stack frame
    expect(out).not.toContain('npm install'); // stopped before installing or building anything
    expect(await listening(pgPort)).toBe(false);
    expect(await listening(redisPort)).toBe(false);
  });

  it('does not start a local stand-in for a database on another host', async () => {
    const { env } = await unusedEnv({ DATABASE_URL: 'postgresql://postgres@db.invalid:5432/fangxin' });
    const r = spawnSync(process.execPath, ['scripts/demo-start.mjs'], { env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('PostgreSQL at db.invalid:5432 (from DATABASE_URL) does not answer, and it is not on this machine');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('starts a private PostgreSQL cluster and Redis under the project folder on the configured ports, and stops them after', async () => {
    const { env, pgPort, redisPort, dir } = await unusedEnv();
    const child = spawn(process.execPath, ['scripts/demo-services.mjs', '--ensure'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const t = setInterval(() => {
          if (out.includes('services ready')) { clearInterval(t); resolve(); }
          if (child.exitCode !== null) { clearInterval(t); reject(new Error(`demo-services exited: ${out}`)); }
        }, 100);
      });
      expect(out).toContain(`creating a private PostgreSQL cluster in ${dir}/pg/data`);
      expect(out).toContain(`(started: PostgreSQL on port ${pgPort}, Redis on port ${redisPort})`);
      const db = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${pgPort}/postgres` });
      db.on('error', () => {});
      await db.connect();
      expect((await db.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v).toMatch(/^\d+/);
      await db.end();
      const redis = new Redis(`redis://127.0.0.1:${redisPort}`, { maxRetriesPerRequest: 1 });
      expect(await redis.ping()).toBe('PONG');
      redis.disconnect();
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
    expect(out).toContain(`stopping PostgreSQL on port ${pgPort}`);
    expect(await listening(pgPort)).toBe(false);
    // redis-server exits on SIGTERM a moment later
    for (let i = 0; i < 50 && (await listening(redisPort)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await listening(redisPort)).toBe(false);
  });
});
