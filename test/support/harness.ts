// Boots the API (and optionally the worker) in-process on a fresh per-file database and Redis prefix.
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
import { type AppEnv, type Clock, loadEnv } from '#platform';
import { createTestDb, seedOrg, testClock, REDIS_URL, type TestDb } from '#testing';
import { createApi } from '../../apps/api/src/app.js';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';

export interface Harness {
  db: TestDb;
  env: AppEnv;
  /** The API's and the worker's clock: the one given to boot(), else testClock() (never the machine's date). */
  clock: Clock;
  app: NestFastifyApplication;
  worker: RunningWorker | undefined;
  http(): ReturnType<typeof request>;
  /** A bearer header for a demo user (password demo12315), cached per username. */
  as(username: string): Promise<string>;
  close(): Promise<void>;
}

/** DEADLINE_HORIZON_MS for tests that check a ladder's jobs in Redis weeks ahead: every live rung is armed at once. */
export const ARM_EVERYTHING_MS = 5 * 365 * 86_400_000;

export async function boot(
  opts: {
    worker?: boolean; clock?: Clock; env?: Partial<AppEnv>; seed?: boolean; prepare?: (db: TestDb) => Promise<unknown>;
    /** Where the API's log lines go (default stdout): tests that read the logs pass a stream. */
    logDestination?: DestinationStream;
    /** The worker's log lines (JSON, LOG_LEVEL) go here; without it the worker logs nothing. */
    workerLogDestination?: DestinationStream;
  } = {},
): Promise<Harness> {
  const clock = opts.clock ?? testClock();
  const db = await createTestDb();
  if (opts.seed !== false) await seedOrg(db.prisma, clock.now());
  await opts.prepare?.(db);
  // No JWT_SECRET given: loadEnv makes a random one for this run (no secret in the source is ever accepted).
  const env = loadEnv({}, {
    DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: db.redisPrefix, NODE_ENV: 'test', SWEEP_INTERVAL_MS: 60_000, OUTBOX_POLL_MS: 100,
    // the shifted pass of scripts/test.sh prints PDFs with a Chromium kept on the real clock
    ...(process.env.CHROMIUM_PATH ? { CHROMIUM_PATH: process.env.CHROMIUM_PATH } : {}),
    // every request of a test comes from 127.0.0.1: a file that floods the sign-in (fuzzing) must not starve `as()`;
    // the per-username limit and the lockout stay as in production (test/e2e/auth-hardening sets its own)
    LOGIN_LIMIT_PER_ADDRESS: 10_000,
    ...opts.env,
  });
  // errors only: a 500 in a test must leave its cause in the output
  const app = await createApi(env, clock, { logger: ['error'], logDestination: opts.logDestination });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const worker = opts.worker
    ? await startWorker(env, clock, opts.workerLogDestination ? { logDestination: opts.workerLogDestination } : { logger: false })
    : undefined;
  const http = () => request(app.getHttpServer());
  const h: Harness = {
    db, env, clock, app, worker, http,
    as: signIn(http),
    async close() {
      await h.worker?.stop();
      await app.close();
      await db.drop();
    },
  };
  return h;
}

/**
 * One harness for this test file: booted before all its tests (with these options), closed after them. It is reached
 * through the returned handle once booted (a test file's usual `h`), like `consoleFile()` for the browser tests.
 */
export function harnessFile(opts: Parameters<typeof boot>[0] = {}, bootTimeoutMs?: number): Harness {
  let booted: Harness | undefined;
  beforeAll(async () => {
    booted = await boot(opts);
  }, bootTimeoutMs);
  afterAll(() => booted?.close());
  return new Proxy({} as Harness, {
    get(_target, key) {
      if (!booted) throw new Error('the harness of this file is not booted yet (use it inside a test or a hook)');
      const v: unknown = Reflect.get(booted, key);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(booted) : v;
    },
  });
}

/** A file's harness whose API also listens on a loopback port: for code that calls it over HTTP (the demo scripts). */
export function listeningHarnessFile(opts: Parameters<typeof boot>[0] = {}, bootTimeoutMs?: number): { h: Harness; base: () => string } {
  const h = harnessFile(opts, bootTimeoutMs);
  let url = '';
  beforeAll(async () => {
    await h.app.listen(0, '127.0.0.1');
    url = await h.app.getUrl();
  });
  return { h, base: () => url };
}

/**
 * A seeded user's `Authorization` header, signed in once per username (sign-in is throttled per username and address,
 * so tests reuse the token).
 */
export function signIn(http: () => ReturnType<typeof request>): (username: string) => Promise<string> {
  const tokens = new Map<string, string>();
  return async (username) => {
    if (!tokens.has(username)) {
      const r = await http().post('/api/v1/auth/login').send({ username, password: 'demo12315' }).expect(200);
      tokens.set(username, `Bearer ${r.body.accessToken}`);
    }
    return tokens.get(username)!;
  };
}

/** Polls until fn returns a value (never sleeps for days: timers are driven by past dates or a FixedClock). */
export async function waitFor<T>(fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
