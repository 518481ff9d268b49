// Issue 15 §1: the API on several processes (node:cluster, API_WORKERS). The compiled API with API_WORKERS=2 and no
// JWT_SECRET: two request-serving processes under one primary, a token signed by one is accepted by the other (the
// primary hands every process the same secret), registrations through both land once each, a scrape of /metrics
// answers for both (or 503 while one does not answer), and SIGTERM stops all.
import { readFileSync, readdirSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { complaintBody, createTestDb, seedOrg, testClock, REDIS_URL, type TestDb } from '#testing';
import { API_JS, ensureBuilt, sleep, spawnNode, waitFor } from '../support/processes.js';

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
});
const childrenOf = (pid: number) => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((d) => {
  try {
    const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
  } catch {
    return false;
  }
}).map(Number);

let db: TestDb;
const children: ChildProcess[] = [];
beforeAll(async () => {
  ensureBuilt();
  db = await createTestDb();
  await seedOrg(db.prisma, testClock().now());
}, 300_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await db?.drop();
});

describe('API on several processes', () => {
  it('serves from API_WORKERS processes sharing one JWT secret, and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const log: string[] = [];
    const api = await spawnNode(API_JS, {
      DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: db.redisPrefix, NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1',
      API_WORKERS: '2', JWT_SECRET: '', LOG_LEVEL: 'warn', LOGIN_LIMIT_PER_ADDRESS: '10000',
    }, '2 processes', log, children);
    const base = `http://127.0.0.1:${port}`;
    await waitFor('two processes answering', async () => childrenOf(api.pid!).length === 2 && (await fetch(`${base}/health`)).ok, 120_000);
    const workers = childrenOf(api.pid!);
    expect(workers).toHaveLength(2);
    // glibc's malloc settings reach the forks although this primary was started without them (docs/benchmarks.md,
    // "Memory"): they are read once, at a process's start.
    for (const pid of workers) {
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      expect(environ).toEqual(expect.arrayContaining(['MALLOC_ARENA_MAX=2', 'MALLOC_MMAP_THRESHOLD_=65536', 'MALLOC_TRIM_THRESHOLD_=131072']));
    }

    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo12315' }) });
    expect(login.status).toBe(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    // Connections are handed out round-robin: a dozen fresh connections reach both processes; every one accepts
    // the token (a per-process random secret would refuse it on the other process).
    const receivedAt = new Date(testClock().now().getTime() - 3600_000).toISOString();
    const rs = await Promise.all(Array.from({ length: 12 }, (_, i) =>
      fetch(`${base}/api/v1/cases`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify(complaintBody({ receivedAt, description: `多进程登记 ${i}：电热水壶漏电，商家拒绝退换。` })),
      })));
    expect(rs.map((r) => r.status)).toEqual(Array(12).fill(201));
    const nos = await Promise.all(rs.map(async (r) => ((await r.json()) as { caseNo: string }).caseNo));
    expect(new Set(nos).size).toBe(12);
    expect(await db.prisma.case.count({ where: { description: { startsWith: '多进程登记 ' } } })).toBe(12);

    // /metrics answers for the whole API whichever process the scrape reaches: the 12 registrations (about 6 per
    // process) in every scrape, counters summed; the gauges read from PostgreSQL once, not once per process.
    const value = (text: string, name: string, labels: Record<string, string>) => {
      const want = Object.entries({ ...labels, app: 'api' }).map(([k, v]) => `${k}="${v}"`).sort().join(',');
      for (const m of text.matchAll(/^(\w+)\{(.*)\} (\S+)$/gm))
        if (m[1] === name && m[2]!.split(',').sort().join(',') === want) return Number(m[3]);
      return undefined;
    };
    const pending = await db.prisma.outboxMessage.count({ where: { dispatchedAt: null } });
    expect(pending).toBeGreaterThan(0); // no worker runs here: the registrations' rows wait
    for (let i = 0; i < 4; i++) {
      const r = await fetch(`${base}/metrics`, { headers: { connection: 'close' } });
      expect(r.status).toBe(200);
      const text = await r.text();
      expect(value(text, 'fangxin_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/cases', status_code: '201' })).toBe(12);
      expect(value(text, 'fangxin_outbox_pending', {})).toBe(pending);
      expect(text).toMatch(/^nodejs_version_info\{.*\} 1$/m);
    }

    // A process that does not answer (stopped here; in life, busy or restarting): the scrape another process takes
    // fails within prom-client's 5 s with 503 METRICS_UNAVAILABLE rather than show a part of the API as the whole;
    // once it answers again, scrapes are whole again.
    // Each scrape on a connection of its own (fetch's pool keeps the registrations' connections, which may all lead
    // to the stopped process): the primary hands new connections to the processes that take them.
    const scrape = (t0: number) => new Promise<{ status: number; body: string; ms: number }>((resolve, reject) => {
      const req = get(`${base}/metrics`, { agent: false, timeout: 30_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (x: string) => { body += x; }).on('end', () => resolve({ status: res.statusCode!, body, ms: Date.now() - t0 }));
      });
      req.on('timeout', () => req.destroy(new Error('no answer in 30 s'))).on('error', reject);
    });
    process.kill(workers[1]!, 'SIGSTOP');
    const t0 = Date.now();
    const scrapes = [scrape(t0), scrape(t0)];
    let first: { status: number; body: string; ms: number };
    try {
      first = await Promise.race(scrapes);
    } finally {
      process.kill(workers[1]!, 'SIGCONT');
    }
    expect(first.status).toBe(503);
    expect(JSON.parse(first.body)).toEqual({ code: 'METRICS_UNAVAILABLE', message: '监控指标暂不可用，请稍后重试' });
    expect(first.ms).toBeGreaterThanOrEqual(4_500);
    expect(first.ms).toBeLessThan(15_000);
    await Promise.all(scrapes);
    const again = await fetch(`${base}/metrics`, { headers: { connection: 'close' } });
    expect(again.status).toBe(200);
    expect(value(await again.text(), 'fangxin_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/cases', status_code: '201' })).toBe(12);

    api.kill('SIGTERM');
    await waitFor('the primary to exit', async () => api.exitCode !== null || api.signalCode !== null, 30_000);
    await sleep(500);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  }, 240_000);
});
