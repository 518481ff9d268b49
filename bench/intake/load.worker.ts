// The load generator of bench/ (autocannon in a worker thread, so that it does not share the bench's event loop).
// POST mode: each request takes the next body, the next user's token and, like the console, a fresh Idempotency-Key.
// GET mode: each request takes the next path and the next user's token. Posts back {latencies (ms), statusCounts,
// errors, timeouts, durationMs} (and `at`, each response's time, with `timeline`).
import { randomUUID } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadJob {
  base: string;
  method: 'POST' | 'GET';
  /** POST: the path; GET: the paths, taken in turn. */
  paths: string[];
  tokens: string[];
  bodies: string[];
  amount?: number;
  durationS?: number;
  connections: number;
  idempotencyKeys?: boolean;
  /** Also post back `at`: when each response came, in ms from the start (to see whether slow ones cluster), and
   * `startedAt`, the start in ms since the epoch. */
  timeline?: boolean;
}

const job = workerData as LoadJob;
// autocannon ships no types; its API is small.
const autocannon = ((await import('autocannon' as string)) as { default: (o: object) => AutocannonInstance }).default;
interface AutocannonInstance {
  on(ev: 'response', cb: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(ev: 'done', cb: (r: { non2xx: number; errors: number; timeouts: number; duration: number }) => void): void;
}

const latencies: number[] = [];
const at: number[] = [];
const statusCounts: Record<number, number> = {};
let i = 0;
const t0 = performance.now();
const inst = autocannon({
  url: job.base,
  connections: job.connections,
  pipelining: 1,
  ...(job.amount ? { amount: job.amount } : { duration: job.durationS ?? 10 }),
  timeout: 60,
  requests: [{
    setupRequest: (req: Record<string, unknown>) => {
      const k = i++;
      const headers: Record<string, string> = { authorization: `Bearer ${job.tokens[k % job.tokens.length]}` };
      if (job.method === 'POST') {
        headers['content-type'] = 'application/json';
        if (job.idempotencyKeys !== false) headers['idempotency-key'] = randomUUID();
        return { ...req, method: 'POST', path: job.paths[0], headers, body: job.bodies[k % job.bodies.length] };
      }
      return { ...req, method: 'GET', path: job.paths[k % job.paths.length], headers };
    },
  }],
});
inst.on('response', (_c, status, _b, ms) => {
  latencies.push(ms);
  if (job.timeline) at.push(performance.now() - t0);
  statusCounts[status] = (statusCounts[status] ?? 0) + 1;
});
inst.on('done', (r) => {
  parentPort!.postMessage({ latencies, statusCounts, errors: r.errors, timeouts: r.timeouts, durationMs: performance.now() - t0, ...(job.timeline ? { at, startedAt: performance.timeOrigin + t0 } : {}) });
});
