// Preloaded into the API by the reads bench (`node --import ./dist/bench/support/query-counter.js …`): counts the
// database round trips of this process — every `pg` Client.query, which is how Prisma's pg adapter sends each
// statement (BEGIN/COMMIT of a transaction included). On SIGWINCH (not SIGUSR2: Nest's shutdown hooks close the
// app on that one) the count so far is written to
// `<QUERY_COUNTER_DIR>/<pid>` (default /tmp/fangxin-query-counter); `queryCounts()` reads them. Active only with
// FANGXIN_QUERY_COUNTER=1 (the bench sets it for the API alone). Bench-only: the product never loads it.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import pg from 'pg';

export const queryCounterDir = () => process.env.QUERY_COUNTER_DIR ?? '/tmp/fangxin-query-counter';

if (process.env.FANGXIN_QUERY_COUNTER === '1') {
  let count = 0;
  // QUERY_COUNTER_SQL=1: also how often each statement ran (its first 100 characters), to see which ones a request makes.
  const bySql = process.env.QUERY_COUNTER_SQL === '1' ? new Map<string, number>() : null;
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    count++;
    if (bySql) {
      const a = args[0] as string | { text?: string };
      const sql = (typeof a === 'string' ? a : (a?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 100);
      bySql.set(sql, (bySql.get(sql) ?? 0) + 1);
    }
    return query.apply(this, args);
  };
  process.on('SIGWINCH', () => {
    mkdirSync(queryCounterDir(), { recursive: true });
    // Written aside then renamed: the reader never sees a half-written file.
    if (bySql) writeFileSync(`${queryCounterDir()}/${process.pid}.sql`, [...bySql].sort((a, b) => b[1] - a[1]).map(([q, n]) => `${n}\t${q}`).join('\n'));
    writeFileSync(`${queryCounterDir()}/.${process.pid}`, String(count));
    renameSync(`${queryCounterDir()}/.${process.pid}`, `${queryCounterDir()}/${process.pid}`);
  });
}

// FANGXIN_GC_LOG=<dir>: also every garbage collection of this process of 5 ms or more, one line each in <dir>/<pid>
// (wall-clock start in ms since the epoch, duration in ms, kind: 1 minor, 2 major, 4 incremental, 8 weak callbacks), so
// that the bench can tell whether its slowest requests waited on one. gcPauses() reads them.
if (process.env.FANGXIN_GC_LOG) {
  const dir = process.env.FANGXIN_GC_LOG;
  mkdirSync(dir, { recursive: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration < 5) continue;
      appendFileSync(`${dir}/${process.pid}`, `${(performance.timeOrigin + e.startTime).toFixed(1)} ${e.duration.toFixed(1)} ${((e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0)}\n`);
    }
  }).observe({ entryTypes: ['gc'] });
}

/** The garbage collections of 5 ms or more logged under FANGXIN_GC_LOG=`dir` by the given processes. */
export function gcPauses(dir: string, pids: number[]): { pid: number; at: number; ms: number; kind: number }[] {
  return pids.flatMap((pid) => {
    if (!existsSync(`${dir}/${pid}`)) return [];
    return readFileSync(`${dir}/${pid}`, 'utf8').split('\n').filter(Boolean).map((l) => {
      const [at, ms, kind] = l.split(' ').map(Number);
      return { pid, at: at!, ms: ms!, kind: kind! };
    });
  });
}

/** The round trips the given processes have made so far (asks each by SIGWINCH, then reads its file). */
export async function queryCounts(pids: number[]): Promise<number> {
  const file = (p: number) => `${queryCounterDir()}/${p}`;
  for (const p of pids) {
    rmSync(file(p), { force: true });
    process.kill(p, 'SIGWINCH');
  }
  // A loaded machine may take a while to run the handler.
  for (let i = 0; !pids.every((p) => existsSync(file(p))); i++) {
    if (i > 500) throw new Error(`no query count from ${pids.filter((p) => !existsSync(file(p))).join(', ')} in 10 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  let sum = 0;
  for (const p of pids) sum += Number(readFileSync(file(p), 'utf8'));
  return sum;
}
