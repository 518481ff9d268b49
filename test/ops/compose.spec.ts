// docker/compose.yml is not run here (no Docker engine on these machines): this parses it and checks what compose
// would do with it — services, health checks on the liveness/readiness endpoints, start order, restarts — and that
// docs/docker.md names every variable it reads.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { load, YAML11_SCHEMA } from 'js-yaml';

type Service = {
  image?: string; build?: { context: string; dockerfile: string }; command?: string[]; init?: boolean; restart?: string;
  environment?: Record<string, unknown>; ports?: string[];
  healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number; start_period?: string };
  depends_on?: Record<string, { condition: string }>; cpu_shares?: number;
};
const text = readFileSync('docker/compose.yml', 'utf8');
// YAML 1.1 schema: the `<<: *app` merge keys compose relies on
const compose = load(text, { schema: YAML11_SCHEMA }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const s = compose.services;

describe('docker/compose.yml', () => {
  it('runs PostgreSQL, Redis, a one-shot migrate job, the API and the worker', () => {
    expect(Object.keys(s).sort()).toEqual(['api', 'demo-plan', 'migrate', 'postgres', 'redis', 'worker']);
    for (const name of ['api', 'worker', 'migrate', 'demo-plan']) {
      expect(s[name]!.image).toBe('fangxin:local');
      expect(s[name]!.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
    }
  });

  it('runs the multi-process API (the image\'s entry with the bounded heap of `npm run start:api`), one process per core', () => {
    expect(readFileSync('docker/Dockerfile', 'utf8')).toMatch(/^CMD \["node", "dist\/apps\/api\/src\/main\.js"\]$/m);
    expect(s.api!.command).toEqual(['node', '--max-semi-space-size=8', '--max-old-space-size=192', 'dist/apps/api/src/main.js']);
    expect(s.api!.environment).toMatchObject({ API_WORKERS: '${API_WORKERS:-0}', MALLOC_ARENA_MAX: '2', PORT: 3000, HOST: '0.0.0.0' });
    // glibc malloc as `npm run start:api` / `start:worker` (docs/benchmarks.md, Memory)
    for (const name of ['api', 'worker']) expect(s[name]!.environment).toMatchObject({ MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '131072' });
    expect(s.worker!.command).toEqual(expect.arrayContaining(['node', 'dist/apps/worker/src/main.js']));
  });

  it('gives the worker (deadlines) a higher CPU weight than the API (intake) when the host is saturated', () => {
    expect(s.api!.cpu_shares).toBe(256);
    expect(s.worker!.cpu_shares).toBe(1024);
  });

  it('health-checks the API and the worker on /health/live (kill when silent) and /health/ready (healthy when ready)', () => {
    const port = { api: String(s.api!.environment!.PORT), worker: String(s.worker!.environment!.WORKER_HEALTH_PORT) };
    for (const name of ['api', 'worker'] as const) {
      const hc = s[name]!.healthcheck!;
      expect(hc.test).toEqual(['CMD', 'node', 'dist/scripts/liveness.js', `http://127.0.0.1:${port[name]}/health/live`, `http://127.0.0.1:${port[name]}/health/ready`]);
      expect(hc).toMatchObject({ interval: expect.any(String), timeout: expect.any(String), retries: expect.any(Number), start_period: expect.any(String) });
      // SIGKILL from the healthcheck needs an init as PID 1; compose restarts what exits
      expect(s[name]!.init).toBe(true);
      expect(s[name]!.restart).toBe('unless-stopped');
    }
    // the script the check runs is built from the sources (tsconfig.build.json → dist/scripts/)
    expect(readFileSync('scripts/liveness.ts', 'utf8')).toContain('process.argv[3]');
    // the routes exist where the check looks
    expect(readFileSync('apps/worker/src/health-server.ts', 'utf8')).toMatch(/'\/health\/live'[\s\S]*'\/health\/ready'/);
    expect(readFileSync('apps/api/src/http/health/health.controller.ts', 'utf8')).toMatch(/@Read\('live'[\s\S]*@Read\('ready'/);
    expect(s.postgres!.healthcheck!.test.join(' ')).toContain('pg_isready');
    expect(s.redis!.healthcheck!.test).toEqual(['CMD', 'redis-cli', 'ping']);
  });

  it("imports the demo city's work plan through the healthy API only when the demo city is seeded (SEED_ARGS=--demo)", () => {
    const d = s['demo-plan']!;
    expect(d.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    expect(d.restart).toBe('no');
    const script = d.command!.at(-1)!;
    expect(d.command!.slice(0, 2)).toEqual(['sh', '-c']);
    // what sh runs once compose has put SEED_ARGS in: the import with --demo, nothing (exit 0) without it
    const run = (seedArgs: string) => spawnSync('sh', ['-c', script.replace('${SEED_ARGS:-}', seedArgs).replace('node dist/scripts/demo-plan-cli.js', 'echo import')], { encoding: 'utf8' });
    expect(run('--demo')).toMatchObject({ status: 0, stdout: 'import http://api:3000\n' });
    expect(run('')).toMatchObject({ status: 0, stdout: '' });
    expect(readFileSync('scripts/demo-plan-cli.ts', 'utf8')).toContain("from './demo-content.js'");
  });

  it('starts the apps after healthy PostgreSQL and Redis and a migrate job that succeeded', () => {
    const deps = { postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } };
    expect(s.api!.depends_on).toEqual(deps);
    expect(s.worker!.depends_on).toEqual(deps);
    expect(s.migrate!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(s.migrate!.restart).toBe('no');
    // every service waited on for health has a health check
    for (const svc of Object.values(s))
      for (const [dep, { condition }] of Object.entries(svc.depends_on ?? {}))
        if (condition === 'service_healthy') expect(s[dep]!.healthcheck).toBeDefined();
    for (const name of ['postgres', 'redis']) expect(s[name]!.restart).toBe('unless-stopped');
  });

  it('publishes the API only; the worker\'s ops port (health, metrics) stays on the compose network, metrics behind a token', () => {
    expect(s.api!.ports).toEqual(['${API_PORT:-3000}:3000']);
    expect(s.worker!.ports).toBeUndefined();
    expect(s.api!.environment!.METRICS_TOKEN).toBe('${METRICS_TOKEN:-}');
    expect(s.worker!.environment!.METRICS_TOKEN).toBe('${METRICS_TOKEN:-}');
    expect(s.api!.environment!.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
  });

  it('is documented: docs/docker.md names every variable compose reads', () => {
    const vars = [...new Set([...text.replace(/^\s*#.*$/gm, '').matchAll(/\$\{(\w+)/g)].map((m) => m[1]!))];
    expect(vars).toEqual(expect.arrayContaining(['JWT_SECRET', 'API_WORKERS', 'METRICS_TOKEN']));
    const doc = readFileSync('docs/docker.md', 'utf8');
    expect(vars.filter((v) => !doc.includes(`\`${v}\``))).toEqual([]);
  });
});
