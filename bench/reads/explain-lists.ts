// EXPLAIN (ANALYZE, BUFFERS) of every statement the case list sends for the lists of bench:reads, as PrismaCaseViews
// sends them (its raw SQL captured and explained on a plain pg connection), on a database kept by a bench
// (BENCH_KEEP_DB=1): `node dist/bench/reads/explain-lists.js <database> [label substring]`. Warm: each list runs once first.
// `… <database> --cpu[=N] [label substring]`: instead, each list N times (200) and the CPU time its PostgreSQL backend
// spent per list (/proc/<pid>/stat: PostgreSQL on this machine), the database's cost of a request apart from the load.
// `--prepared`: as named statements, as PrismaService.preparedRows runs them (parsed once, planned for each run's values).
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Prisma } from '#prisma-client';
import type { PrismaService } from '#platform';
import { PrismaCaseViews } from '../../libs/cases/src/infrastructure/prisma-case-views.js';
import type { CaseListQuery } from '../../libs/cases/src/application/ports.js';
import { dbUrl } from '../support/seeded-db.js';
import { cpuMs } from '../support/deployed.js';

const db = process.argv[2];
const cpuArg = process.argv.slice(3).find((a) => a.startsWith('--cpu'));
const cpuRuns = cpuArg ? Number(cpuArg.split('=')[1] ?? 200) : 0;
const prepared = process.argv.includes('--prepared');
const only = process.argv.slice(3).find((a) => !a.startsWith('--'));
// `--plan=<plan_cache_mode>` with --prepared: another mode than the lists' pool's (force_custom_plan), to compare.
const planMode = process.argv.slice(3).find((a) => a.startsWith('--plan='))?.split('=')[1] ?? 'force_custom_plan';
if (!db) throw new Error('usage: explain-lists.js <database kept by a bench>');
const c = new pg.Client({ connectionString: dbUrl(db), ...(prepared ? { options: `-c plan_cache_mode=${planMode}` } : {}) });
await c.connect();
let explain = false;
const out: string[] = [];
const run = async (s: Prisma.Sql) => {
  if (explain) {
    const plan = (await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${s.text}`, s.values as unknown[])).rows.map((r) => r['QUERY PLAN']);
    out.push(plan.map((l) => `    ${l}`).join('\n'));
  }
  const name = prepared ? `x${createHash('sha1').update(s.text).digest('hex').slice(0, 20)}` : undefined;
  return (await c.query({ name, text: s.text, values: s.values as unknown[] })).rows;
};
const views = new PrismaCaseViews({ rows: run, preparedRows: run } as unknown as PrismaService);
const unitOf = async (code: string) => {
  const rows = (await c.query<{ id: string }>(`SELECT id FROM units WHERE code = $1 OR parent_id = (SELECT id FROM units WHERE code = $1) AND level = 'station'`, [code])).rows;
  return new Set(rows.map((r) => r.id));
};
const OPEN = ['dispatched', 'signed', 'accepted'];
const base: CaseListQuery = { visible: null, byIdentity: [], sort: 'deadline', skip: 0, take: 20 };
const wl = await unitOf('wl');
const lists: [string, CaseListQuery][] = [
  ['待办 inbox of wl (handler: wl + its stations), page 1', { ...base, visible: wl, status: OPEN }],
  ['待办 inbox of wl, page 5', { ...base, visible: wl, status: OPEN, skip: 80 }],
  ['待分派 pool, page 1', { ...base, status: ['pendingDispatch'] }],
  ['待回访 callbacks, page 1', { ...base, type: 'complaint', status: ['closed', 'declined'] }],
  ['待回访 callbacks, page 10 (past the closed cases with an open clock)', { ...base, type: 'complaint', status: ['closed', 'declined'], skip: 180 }],
  ['案件查询 all cases newest first, page 1', { ...base, sort: 'received' }],
  ['案件查询 all cases newest first, page 200', { ...base, sort: 'received', skip: 3980 }],
  ['案件查询 unit case list of wl newest first, page 1', { ...base, sort: 'received', visible: wl }],
  // 案件查询 q (newest first): a 6-digit case-number prefix of this year and of last year, a respondent name.
  ...['202650', '202550', '好运电器', '明珠餐饮', '20'].map((q): [string, CaseListQuery] => [`案件查询 q=${q}, page 1 of 10`, { ...base, sort: 'received', q, take: 10 }]),
  ...['202550', '好运电器'].map((q): [string, CaseListQuery] => [`案件查询 q=${q} of wl (handler: wl + its stations), page 1 of 10`, { ...base, visible: wl, sort: 'received', q, take: 10 }]),
  // 案件查询 q, nearest deadline first.
  ...['202650', '202550', '好运电器'].map((q): [string, CaseListQuery] => [`案件查询 q=${q} by deadline, page 1 of 10`, { ...base, q, take: 10 }]),
];
const chosen = lists.filter(([l]) => !only || l.includes(only));
if (cpuRuns) {
  const [{ pid }] = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows;
  for (const [label, q] of chosen) {
    await views.list(q);
    const t0 = cpuMs(pid!);
    const w0 = performance.now();
    for (let i = 0; i < cpuRuns; i++) await views.list(q);
    console.log(`  ${label}: PostgreSQL CPU ${((cpuMs(pid!) - t0) / cpuRuns).toFixed(3)} ms per list, ${((performance.now() - w0) / cpuRuns).toFixed(2)} ms wall (${cpuRuns} runs)`);
  }
}
for (const [label, q] of cpuRuns ? [] : chosen) {
  explain = false;
  await views.list(q);
  explain = true;
  out.length = 0;
  const t0 = performance.now();
  const r = await views.list(q);
  console.log(`  EXPLAIN ${label}: ${r.rows.length} rows, total ${r.total}${r.capped ? '+' : ''} (${(performance.now() - t0).toFixed(1)} ms incl. EXPLAIN)\n${out.join('\n    --\n')}`);
}
await c.end();
