// Child processes for fault tests: the compiled apps (kill -9 needs a real process) and private PostgreSQL / Redis
// servers on their own loopback ports (a test may restart or flush those, never the shared ones).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Redis } from 'ioredis';

export const ROOT = join(__dirname, '..', '..');
export const WORKER_JS = join(ROOT, 'dist/apps/worker/src/main.js');
export const API_JS = join(ROOT, 'dist/apps/api/src/main.js');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(what: string, fn: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      // a poll may hit a terminated connection or a server that is restarting; poll again
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The compiled apps for the child-process tests: rebuilt (tsc only) when the sources are newer than dist. */
export function ensureBuilt(): void {
  const newest = (dir: string): number => {
    if (!existsSync(dir)) return 0;
    let m = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) m = Math.max(m, newest(p));
      else if (e.name.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(e.name)) m = Math.max(m, statSync(p).mtimeMs);
    }
    return m;
  };
  const sources = Math.max(newest(join(ROOT, 'apps/worker/src')), newest(join(ROOT, 'apps/api/src')), newest(join(ROOT, 'libs')), newest(join(ROOT, 'prisma/generated')));
  const info = join(ROOT, 'dist/.tsbuildinfo.build');
  if (existsSync(WORKER_JS) && existsSync(API_JS) && existsSync(info) && statSync(info).mtimeMs >= sources) return;
  // Type errors elsewhere in the tree (other sessions' work in progress) still emit JavaScript; only a missing
  // entry point is fatal.
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore', timeout: 240_000 });
  for (const f of [WORKER_JS, API_JS]) if (!existsSync(f)) throw new Error(`build did not produce ${f}`);
}

/** Starts `node <script>` with `env`; resolves once a line of its output contains `readyText`. */
export async function spawnNode(script: string, env: Record<string, string>, readyText: string, log: string[], children: ChildProcess[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let ready!: () => void;
  const up = new Promise<void>((r) => (ready = r));
  const take = (b: Buffer) => {
    const s = b.toString();
    log.push(s);
    if (s.includes(readyText)) ready();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  child.once('exit', () => ready());
  await Promise.race([up, sleep(60_000)]);
  if (child.exitCode !== null) throw new Error(`${script} exited (${child.exitCode}): ${log.join('')}`);
  return child;
}

export function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** A free-looking loopback port in a range the shared services and other tests do not use. */
export const privatePort = (base: number) => base + Math.floor(Math.random() * 1000);

/** A private redis-server on its own port (nothing on disk): a test may FLUSHALL and restart it. */
export async function startRedis(port: number, children: ChildProcess[]): Promise<ChildProcess> {
  const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(p);
  const c = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => {});
  await waitFor('the private redis-server', async () => { await c.connect().catch(() => {}); return (await c.ping()) === 'PONG'; }, 10_000);
  c.disconnect();
  return p;
}

/**
 * A private PostgreSQL cluster (initdb into a temporary directory, run as the `postgres` OS user since the server
 * refuses root), trust auth on 127.0.0.1:`port`. `restart()` is a real server restart; `destroy()` removes it all.
 */
export async function startPostgres(port: number): Promise<{ url: (db: string) => string; restart(mode?: 'fast' | 'immediate'): Promise<void>; destroy(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'fx-pg-'));
  const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const asPostgres = (args: string[]) => {
    const r = process.getuid?.() === 0 ? spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' }) : spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr || r.stdout}`);
  };
  if (process.getuid?.() === 0) chownSync(dir, Number(pw.stdout.trim()), Number(pw.stdout.trim()));
  const data = join(dir, 'data');
  asPostgres(['initdb', '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
  const start = () => asPostgres(['pg_ctl', '-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  start();
  const url = (db: string) => `postgresql://postgres@127.0.0.1:${port}/${db}`;
  return {
    url,
    async restart(mode = 'fast') {
      asPostgres(['pg_ctl', '-D', data, '-m', mode, '-w', 'stop']);
      start();
    },
    async destroy() {
      try {
        asPostgres(['pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Copies a database (schema and rows) from one server to another with pg_dump | psql. */
export function copyDatabase(fromUrl: string, toUrl: string): void {
  const dump = spawnSync('pg_dump', ['--no-owner', '--no-privileges', fromUrl], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (dump.status !== 0) throw new Error(`pg_dump: ${dump.stderr}`);
  const load = spawnSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', toUrl], { input: dump.stdout, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (load.status !== 0) throw new Error(`psql: ${load.stderr}`);
}

export async function createDatabase(adminUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}
