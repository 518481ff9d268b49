// The load generator of bench/intake, in a worker thread so that it does not share the API's event loop.
// Receives {url, token, body, amount, connections} and posts back {latencies (ms), statusCounts, durationMs}.
import { parentPort, workerData } from 'node:worker_threads';

interface Job { url: string; token: string; bodies: string[]; amount: number; connections: number }

const job = workerData as Job;
// autocannon ships no types; its API is small.
const autocannon = ((await import('autocannon' as string)) as { default: (o: object) => AutocannonInstance }).default;
interface AutocannonInstance {
  on(ev: 'response', cb: (client: unknown, status: number, bytes: number, ms: number) => void): void;
  on(ev: 'done', cb: (r: { non2xx: number; errors: number; timeouts: number; duration: number }) => void): void;
}

const latencies = new Float64Array(job.amount + job.connections * 2);
let n = 0;
const statusCounts: Record<number, number> = {};
let i = 0;
const t0 = performance.now();
const inst = autocannon({
  url: job.url,
  method: 'POST',
  connections: job.connections,
  pipelining: 1,
  amount: job.amount,
  timeout: 60,
  headers: { 'content-type': 'application/json', authorization: `Bearer ${job.token}` },
  requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: job.bodies[i++ % job.bodies.length] }) }],
});
inst.on('response', (_c, status, _b, ms) => {
  if (n < latencies.length) latencies[n++] = ms;
  statusCounts[status] = (statusCounts[status] ?? 0) + 1;
});
inst.on('done', (r) => {
  parentPort!.postMessage({
    latencies: Array.from(latencies.subarray(0, n)),
    statusCounts,
    errors: r.errors,
    timeouts: r.timeouts,
    durationMs: performance.now() - t0,
  });
});
