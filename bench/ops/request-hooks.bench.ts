// npm run bench:ops-hooks — what the ops surface costs every request: the same Fastify route served bare and with
// the API's per-request hooks (X-Request-Id, the AsyncLocalStorage request context, the latency histogram, one JSON
// access line written to /dev/null). Measured as CPU time per request (process.cpuUsage, user + system) over
// in-process requests (fastify.inject: the whole request lifecycle without sockets), so that other load on the
// machine moves the figure little; rounds alternate between the two and the median is printed.
// Knobs: BENCH_REQUESTS (20,000 per round), BENCH_ROUNDS (5).
import { openSync } from 'node:fs';
import Fastify from 'fastify';
import { pino } from 'pino';
import { createLogger, createRegistry, currentRequestId, httpMetrics, requestContextHooks, requestIdFrom } from '#platform';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

// BENCH_PARTS: which of the hooks to add (default all): ctx,metrics,log
const PARTS = new Set((process.env.BENCH_PARTS ?? 'ctx,metrics,log').split(','));

async function server(instrumented: boolean) {
  const app = Fastify({ requestIdHeader: false, genReqId: (req) => requestIdFrom(req.headers['x-request-id']) });
  if (instrumented) {
    // as apps/api/src/app.ts: the access line through a child without key-based redaction (still scrubbed)
    const logger = createLogger('info', pino.destination({ fd: openSync('/dev/null', 'w'), sync: true })).child({}, { redact: [] });
    const http = httpMetrics(createRegistry('api'));
    const ctx = requestContextHooks();
    if (PARTS.has('ctx')) {
      app.addHook('onRequest', ctx.onRequest);
      app.addHook('preValidation', ctx.preValidation);
    }
    app.addHook('onResponse', (req, reply, done) => {
      const route = req.routeOptions.url ?? 'unmatched';
      if (PARTS.has('metrics')) http.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
      if (PARTS.has('log')) logger.info({ requestId: req.id, method: req.method, route, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
      done();
    });
  }
  app.post('/api/v1/things/:id', async (req) => ({ id: (req.params as { id: string }).id, requestId: currentRequestId() ?? null }));
  await app.ready();
  return app;
}

const payload = JSON.stringify({ a: 1, b: 'x'.repeat(200) });
async function round(app: Awaited<ReturnType<typeof server>>, n: number): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i += 32) {
    await Promise.all(Array.from({ length: Math.min(32, n - i) }, (_, j) =>
      app.inject({ method: 'POST', url: `/api/v1/things/${i + j}`, headers: { 'content-type': 'application/json', 'x-request-id': `bench-${i + j}` }, payload })));
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n; // µs per request
}

const bare = await server(false);
const inst = await server(true);
await round(bare, 5000); // warm-up (JIT)
await round(inst, 5000);
const us: Record<'bare' | 'instrumented', number[]> = { bare: [], instrumented: [] };
for (let i = 0; i < ROUNDS; i++) {
  us.bare.push(await round(bare, REQUESTS));
  us.instrumented.push(await round(inst, REQUESTS));
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const name of ['bare', 'instrumented'] as const)
  console.log(`[bench] ${name.padEnd(12)} ${med(us[name]).toFixed(1)} µs CPU per request (rounds ${us[name].map((x) => x.toFixed(1)).join(', ')})`);
console.log(`[bench] the ops hooks cost ${(med(us.instrumented) - med(us.bare)).toFixed(1)} µs CPU per request (${REQUESTS} requests × ${ROUNDS} rounds, in-process)`);
await bare.close();
await inst.close();
