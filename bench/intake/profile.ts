// Profile of the intake path (issue 15 §1, "profile first"): ONE API process in this process (no worker), on a clone
// of the seeded bench database, BENCH_CASES registrations at BENCH_CONCURRENCY from the same varied bodies and users
// as bench:intake; run under `node --cpu-prof --cpu-prof-dir=<dir>` and the profile is summarized at exit:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof dist/bench/intake/profile.js && node dist/bench/support/cpuprofile-summary.js /tmp/prof/<file>
import 'reflect-metadata';
import pg from 'pg';
import { Redis } from 'ioredis';
import { loadEnv } from '#platform';
import { createApi } from '../../apps/api/src/app.js';
import { admin, seededDatabase } from '../support/seeded-db.js';
import { benchRun, fmt, load, load1, log, pct, signIn } from '../support/deployed.js';
import { flushPrefix } from '../../libs/testing/src/test-db.js';

const CASES = Number(process.env.BENCH_CASES ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const { stamp: STAMP, db: DB, prefix: PREFIX, redisUrl: REDIS_URL } = benchRun('prof');

const { url } = await seededDatabase(DB, log);
const env = loadEnv({}, { DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: PREFIX, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) + STAMP, LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', LOGIN_LIMIT_PER_ADDRESS: 100000 } as never);
const app = await createApi(env, undefined, { logDestination: { write: () => {} } as never });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
const c = new pg.Client({ connectionString: url });
await c.connect();
const users = (await c.query<{ username: string }>(`SELECT username FROM users WHERE role IN ('operator','handler') ORDER BY username LIMIT 20`)).rows.map((r) => r.username);
const tokens = await signIn(base, users);
const cats = (await c.query<{ code: string }>(`SELECT code FROM categories c WHERE NOT EXISTS (SELECT 1 FROM categories x WHERE x.parent_code = c.code)`)).rows.map((r) => r.code);
const bodies = Array.from({ length: 500 }, (_, k) => JSON.stringify({
  type: k % 7 === 0 ? 'report' : 'complaint', channel: 'hotline', receivedAt: new Date(Date.now() - 3600_000 - k * 1000).toISOString(),
  complainant: { name: `张${k}`, phone: `138${String(k).padStart(8, '0')}`, address: '湖南省常德市武陵区人民路1号' },
  respondent: { name: `常德市好运电器商行${k}`, regionCode: ['430702', '430703', '430725', '430723'][k % 4], address: '常德市建设路8号' },
  category: cats[k % cats.length], description: `画像 ${k}：购买的电热水壶使用一周后漏电，商家拒绝退换。`, amount: k,
}));
const job = { base, method: 'POST' as const, paths: ['/api/v1/cases'], tokens, bodies, connections: CONCURRENCY };
await load({ ...job, amount: 300 });
const r = await load({ ...job, amount: CASES });
const lat = r.latencies.sort((a, b) => a - b);
log(`one process, no worker: ${fmt((r.statusCounts['201'] ?? 0) / (r.durationMs / 1000), 0)} registrations/s, p50 ${fmt(pct(lat, 50))} ms, p99 ${fmt(pct(lat, 99))} ms, statuses ${JSON.stringify(r.statusCounts)} · load ${load1()}`);
await c.end();
await app.close();
const redis = new Redis(REDIS_URL);
await flushPrefix(redis, PREFIX);
redis.disconnect();
await admin(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
process.exit(0);
