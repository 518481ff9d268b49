// PostgreSQL and Redis for `npm run demo` on a machine that does not run them (plain Node: it runs before
// `npm install`). For each service not answering at its URL (DATABASE_URL, REDIS_URL, defaults on loopback):
//   1. Docker, when an engine answers: a `fangxin-demo-postgres` / `fangxin-demo-redis` container on that port;
//   2. else the OS's packages: PostgreSQL's initdb/pg_ctl and redis-server when installed (apt-get installs them when
//      it can: root, or sudo without a password), as a private instance under the project's `.demo/` folder on the
//      URL's port (PostgreSQL's data is kept there for the next run; Redis keeps nothing, the worker re-arms);
//   3. else it says exactly what to install, and exits 1 — never a stack trace.
// What it started it stops again when the demo ends (stop()). Test: test/ops/demo-services.int-spec.ts.
//
//   node scripts/demo-services.mjs --ensure    starts what is missing, prints the URLs, stops it on SIGINT/SIGTERM
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/fangxin';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export class DemoServiceError extends Error {}

const say = (line) => console.log(`[demo] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP connection to host:port within ms; for Redis, also a PING answered (+PONG, or -NOAUTH: a Redis all the same). */
export function answers(host, port, { redis = false, ms = 1500 } = {}) {
  return new Promise((done) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port });
    const finish = (ok) => { socket.destroy(); done(ok); };
    socket.setTimeout(ms, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => {
      if (!redis) return finish(true);
      socket.once('data', (d) => finish(/^(\+PONG|-NOAUTH|-ERR)/.test(String(d))));
      socket.write('PING\r\n');
    });
  });
}

async function waitUntil(host, port, opts, seconds) {
  for (let i = 0; i < seconds * 4; i++) {
    if (await answers(host, port, opts)) return true;
    await sleep(250);
  }
  return false;
}

const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 600_000, ...opts });
const ok = (cmd, args, opts) => { const r = run(cmd, args, opts); return !r.error && r.status === 0; };
const onPath = (name, path = process.env.PATH ?? '') => path.split(':').filter(Boolean).map((d) => join(d, name)).find((f) => { try { accessSync(f, constants.X_OK); return statSync(f).isFile(); } catch { return false; } });

function dockerUsable(env) {
  if (env.DEMO_DOCKER === '0' || !onPath('docker', env.PATH)) return false;
  return ok('docker', ['info', '--format', '{{.ServerVersion}}'], { env, timeout: 15_000 });
}

/** PostgreSQL's server tools: on PATH, or in Debian's versioned folders (newest first). DEMO_PG_BIN_DIRS overrides. */
function pgBin(env) {
  const dirs = env.DEMO_PG_BIN_DIRS !== undefined
    ? env.DEMO_PG_BIN_DIRS.split(':').filter(Boolean)
    : [...(env.PATH ?? '').split(':'), ...(() => { try { return readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`); } catch { return []; } })()];
  return dirs.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
}

function redisBin(env) {
  if (env.DEMO_REDIS_BIN !== undefined) return env.DEMO_REDIS_BIN && existsSync(env.DEMO_REDIS_BIN) ? env.DEMO_REDIS_BIN : undefined;
  return onPath('redis-server', env.PATH);
}

/** apt-get as root, or through sudo without a password; DEMO_INSTALL=0 forbids it. */
function aptInstall(packages, env) {
  if (env.DEMO_INSTALL === '0' || !onPath('apt-get', env.PATH)) return false;
  const root = process.getuid?.() === 0;
  const sudo = !root && onPath('sudo', env.PATH) && ok('sudo', ['-n', 'true'], { env });
  if (!root && !sudo) return false;
  const apt = (args) => (root ? run('apt-get', args, { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: 'inherit' }) : run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { env, stdio: 'inherit' }));
  say(`installing ${packages.join(' ')} with apt-get …`);
  if (apt(['install', '-y', '--no-install-recommends', ...packages]).status === 0) return true;
  apt(['update']);
  return apt(['install', '-y', '--no-install-recommends', ...packages]).status === 0;
}

const HOW_TO_INSTALL = {
  postgres: [
    'PostgreSQL 15 or newer, e.g.',
    '  Debian/Ubuntu:  sudo apt-get install postgresql',
    '  macOS:          brew install postgresql@15 && brew services start postgresql@15',
    '  Docker:         docker run -d -p 127.0.0.1:5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15',
  ],
  redis: [
    'Redis 7, e.g.',
    '  Debian/Ubuntu:  sudo apt-get install redis-server',
    '  macOS:          brew install redis && brew services start redis',
    '  Docker:         docker run -d -p 127.0.0.1:6379:6379 redis:7',
  ],
};

function parse(kind, raw) {
  let u;
  try { u = new URL(raw); } catch { throw new DemoServiceError(`${kind === 'postgres' ? 'DATABASE_URL' : 'REDIS_URL'} is not a URL: ${raw}`); }
  return { url: u, host: u.hostname || '127.0.0.1', port: Number(u.port) || (kind === 'postgres' ? 5432 : 6379) };
}

/** The OS user PostgreSQL's tools run as when we are root (initdb refuses root): `postgres` when it exists. */
function pgUser(env) {
  if (process.getuid?.() !== 0) return null;
  const u = env.DEMO_PG_USER ?? 'postgres';
  try { return { name: u, uid: Number(execFileSync('id', ['-u', u], { encoding: 'utf8' }).trim()), gid: Number(execFileSync('id', ['-g', u], { encoding: 'utf8' }).trim()) }; } catch { return undefined; }
}

async function startPostgres(target, env, dir, started) {
  const { host, port, url } = target;
  const bin = pgBin(env);
  if (!bin) return false;
  const user = pgUser(env);
  if (user === undefined) throw new DemoServiceError(`PostgreSQL's initdb refuses to run as root and there is no 'postgres' user here: run the demo as another user, or create one (sudo adduser --system --group postgres)`);
  const base = resolve(dir, 'pg');
  const data = join(base, 'data');
  mkdirSync(base, { recursive: true });
  // The server's user must reach the folder: owned by it, and every parent traversable (else /tmp).
  const asUser = (cmd, args) => (user ? run('runuser', ['-u', user.name, '--', cmd, ...args], { env }) : run(cmd, args, { env }));
  if (user) {
    chownSync(base, user.uid, user.gid);
    if (existsSync(data)) chownSync(data, user.uid, user.gid);
    if (asUser('test', ['-w', base]).status !== 0) throw new DemoServiceError(`the '${user.name}' user cannot write ${base} (a parent folder is private): move the project, or start PostgreSQL yourself`);
  }
  if (!existsSync(join(data, 'PG_VERSION'))) {
    say(`creating a private PostgreSQL cluster in ${data}`);
    const r = asUser(join(bin, 'initdb'), ['-D', data, '-U', url.username || 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C']);
    if (r.status !== 0) throw new DemoServiceError(`initdb failed: ${(r.stderr || r.stdout || String(r.error)).trim().split('\n').pop()}`);
  }
  const listen = host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
  say(`starting PostgreSQL (${join(bin, 'postgres')}) on ${listen}:${port}`);
  const r = asUser(join(bin, 'pg_ctl'), ['-D', data, '-l', join(base, 'postgres.log'), '-w', '-t', '60', '-o', `-p ${port} -c listen_addresses=${listen} -k '${base}'`, 'start']);
  if (r.status !== 0) throw new DemoServiceError(`PostgreSQL did not start (see ${join(base, 'postgres.log')}): ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  started.push({ name: `PostgreSQL on port ${port}`, stop: () => asUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']) });
  return waitUntil(host, port, {}, 30);
}

async function startRedis(target, env, dir, started) {
  const { host, port } = target;
  const bin = redisBin(env);
  if (!bin) return false;
  const base = resolve(dir, 'redis');
  mkdirSync(base, { recursive: true });
  chmodSync(base, 0o700);
  const listen = host === 'localhost' ? '127.0.0.1' : host.replace(/^\[|\]$/g, '');
  say(`starting Redis (${bin}) on ${listen}:${port}`);
  const pidfile = join(base, `redis-${port}.pid`);
  const r = run(bin, ['--port', String(port), '--bind', listen, '--dir', base, '--daemonize', 'yes', '--pidfile', pidfile,
    '--logfile', join(base, `redis-${port}.log`), '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'], { env });
  if (r.status !== 0) throw new DemoServiceError(`redis-server did not start: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  const up = await waitUntil(host, port, { redis: true }, 20);
  started.push({
    name: `Redis on port ${port}`,
    stop: () => { try { process.kill(Number(readFileSync(pidfile, 'utf8').trim()), 'SIGTERM'); } catch { /* gone already */ } },
  });
  return up;
}

async function startDocker(kind, target, env, started) {
  const name = `fangxin-demo-${kind}`;
  const exists = ok('docker', ['container', 'inspect', name], { env });
  say(`${exists ? 'starting' : 'creating'} the Docker container ${name} on 127.0.0.1:${target.port}`);
  const r = exists
    ? run('docker', ['start', name], { env })
    : kind === 'postgres'
      ? run('docker', ['run', '-d', '--name', name, '-p', `127.0.0.1:${target.port}:5432`, '-e', 'POSTGRES_HOST_AUTH_METHOD=trust', '-v', 'fangxin-demo-pgdata:/var/lib/postgresql/data', 'postgres:15'], { env })
      : run('docker', ['run', '-d', '--name', name, '-p', `127.0.0.1:${target.port}:6379`, 'redis:7', 'redis-server', '--maxmemory-policy', 'noeviction'], { env });
  if (r.status !== 0) return false;
  started.push({ name: `Docker container ${name}`, stop: () => run('docker', ['stop', name], { env }) });
  return waitUntil(target.host, target.port, { redis: kind === 'redis' }, 90);
}

/**
 * Makes PostgreSQL and Redis answer at DATABASE_URL / REDIS_URL (env). Returns the env to run the demo with and a
 * stop() for what it started. Throws DemoServiceError with what to do when it cannot.
 */
export async function ensureServices(env = process.env, { dir = '.demo' } = {}) {
  const targets = {
    postgres: parse('postgres', env.DATABASE_URL || DEFAULT_DATABASE_URL),
    redis: parse('redis', env.REDIS_URL || DEFAULT_REDIS_URL),
  };
  const started = [];
  const stop = () => { for (const s of started.splice(0).reverse()) { say(`stopping ${s.name}`); try { s.stop(); } catch { /* best effort */ } } };
  const missing = [];
  try {
    let docker;
    for (const kind of ['postgres', 'redis']) {
      const t = targets[kind];
      const label = kind === 'postgres' ? 'PostgreSQL' : 'Redis';
      if (await answers(t.host, t.port, { redis: kind === 'redis' })) continue;
      say(`${label} does not answer at ${t.host}:${t.port}`);
      if (!LOOPBACK.has(t.host)) throw new DemoServiceError(`${label} at ${t.host}:${t.port} (from ${kind === 'postgres' ? 'DATABASE_URL' : 'REDIS_URL'}) does not answer, and it is not on this machine: start it there, or unset the variable to use a local one`);
      docker ??= dockerUsable(env);
      if (docker && (await startDocker(kind, t, env, started))) continue;
      const start = kind === 'postgres' ? startPostgres : startRedis;
      if (await start(t, env, dir, started)) continue;
      // not installed: install it where we can, then try again
      const installed = aptInstall(kind === 'postgres' ? ['postgresql'] : ['redis-server'], env);
      // a package's own service may have started on the default port meanwhile
      if (installed && ((await answers(t.host, t.port, { redis: kind === 'redis' })) || (await start(t, env, dir, started)))) continue;
      missing.push(kind);
    }
  } catch (e) {
    stop();
    throw e;
  }
  if (missing.length) {
    stop();
    throw new DemoServiceError([
      `cannot start ${missing.map((k) => (k === 'postgres' ? 'PostgreSQL' : 'Redis')).join(' and ')}: no Docker engine answers, and ${missing.length > 1 ? 'they are' : 'it is'} not installed (nor installable with apt-get here). Install:`,
      ...missing.flatMap((k) => HOW_TO_INSTALL[k]),
      `then run npm run demo again (or point DATABASE_URL / REDIS_URL at running ones).`,
    ].join('\n'));
  }
  const urlOf = (kind) => (kind === 'postgres' ? env.DATABASE_URL || DEFAULT_DATABASE_URL : env.REDIS_URL || DEFAULT_REDIS_URL);
  return { env: { ...env, DATABASE_URL: urlOf('postgres'), REDIS_URL: urlOf('redis') }, started: started.map((s) => s.name), stop };
}

// CLI: ensure, report, hold until a signal, then stop what was started.
if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname) && process.argv.includes('--ensure')) {
  try {
    const s = await ensureServices(process.env, { dir: process.env.DEMO_DIR || '.demo' });
    console.log(`[demo] services ready: DATABASE_URL=${s.env.DATABASE_URL} REDIS_URL=${s.env.REDIS_URL}${s.started.length ? ` (started: ${s.started.join(', ')})` : ''}`);
    const end = () => { s.stop(); process.exit(0); };
    process.on('SIGINT', end);
    process.on('SIGTERM', end);
    setInterval(() => {}, 1 << 30);
  } catch (e) {
    console.error(`[demo] ${e instanceof DemoServiceError ? e.message : `could not prepare PostgreSQL and Redis: ${e?.message ?? e}`}`);
    process.exit(1);
  }
}
