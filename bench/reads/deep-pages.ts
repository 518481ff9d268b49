// Deep pages of the case list (issue 15 §1, keyset pagination), load-independent: each list's statement at an offset of
// 9,980 and 199,980 cases against the same page by keyset (after the case an offset of 199,980 + 20 ends on), as
// PrismaCaseViews sends them, on a database cloned from the bench template: wall time of each (warm: each run twice,
// the second timed) and whether the keyset page is the offset page. Offsets past the count (10,000; a search 1,000)
// are refused by the API since; the views below it do not know that, so both can be timed here.
// `node dist/bench/reads/deep-pages.js <database>`
import pg from 'pg';
import type { PrismaService } from '#platform';
import type { Prisma } from '#prisma-client';
import { PrismaCaseViews } from '../../libs/cases/src/infrastructure/prisma-case-views.js';
import type { CaseListQuery } from '../../libs/cases/src/application/ports.js';
import { dbUrl } from '../support/seeded-db.js';

const db = process.argv[2];
if (!db) throw new Error('usage: deep-pages.js <database>');
const c = new pg.Client({ connectionString: dbUrl(db) });
await c.connect();
const run = async (s: Prisma.Sql) => (await c.query(s.text, s.values as unknown[])).rows;
const views = new PrismaCaseViews({ rows: run, preparedRows: run } as unknown as PrismaService);
const county = new Set((await c.query<{ id: string }>(`SELECT id FROM units WHERE code = 'wl' OR parent_id = (SELECT id FROM units WHERE code = 'wl') AND level = 'station'`)).rows.map((r) => r.id));
const timed = async (q: CaseListQuery) => {
  await views.list(q);
  const t0 = performance.now();
  const r = await views.list(q);
  return { ms: performance.now() - t0, r };
};
const f = (ms: number) => ms.toFixed(1).padStart(8);
for (const sort of ['received', 'deadline'] as const) {
  for (const [label, extra] of [['all cases', {}], ['武陵区 and its stations', { visible: county }], ['q 2025', { q: '2025' }], ['q 餐饮', { q: '餐饮' }]] as const) {
    const q: CaseListQuery = { visible: null, byIdentity: [], sort, skip: 0, take: 20, ...extra };
    const first = await timed(q);
    const near = await timed({ ...q, skip: 9_980 });
    const before = await timed({ ...q, skip: 199_980 });
    const deep = await timed({ ...q, skip: 200_000 });
    const last = before.r.rows.at(-1);
    const keyset = last ? await timed({ ...q, after: { sort, receivedAt: last.receivedAt, caseNo: last.caseNo, nextDueAt: last.nextDueAt } }) : null;
    const same = keyset ? JSON.stringify(keyset.r.rows.map((x) => x.id)) === JSON.stringify(deep.r.rows.map((x) => x.id)) : false;
    console.log(`${sort.padEnd(9)} ${label.padEnd(24)} page 1 ${f(first.ms)} ms · offset 9,980 ${f(near.ms)} ms · offset 200,000 ${f(deep.ms)} ms · keyset 200,000 ${keyset ? f(keyset.ms) : '       —'} ms · same page: ${same}`);
  }
}
await c.end();
