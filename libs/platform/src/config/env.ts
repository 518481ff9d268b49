import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

/** A whole-number setting from min to max (env values are strings: converted first); applied as the chain it stands for. */
const IntSetting = (min: number, max?: number): PropertyDecorator => (target, key) => {
  const chain = [Type(() => Number), IsInt(), Min(min), ...(max === undefined ? [] : [Max(max)])];
  for (const d of chain.reverse()) d(target, key as string);
};

/** Secrets that were once written in this repository's source: never accepted, whatever NODE_ENV says. */
const PUBLISHED_SECRETS = new Set(['fangxin-development-secret-change-me']);

/** The only place process.env is read. Validated at boot; defaults point at the local services. */
export class AppEnv {
  @IsString() DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/fangxin';
  /**
   * A streaming replica for analytics and report exports (docs/scaling.md); empty: they read the primary. Reads of
   * what a request has just written never go there.
   */
  @IsString() DATABASE_READ_URL = '';
  /** One server (`redis://…`), or a Redis Cluster by its seed nodes: `redis+cluster://h1:6379,h2:6379,h3:6379`. */
  @IsString() REDIS_URL = 'redis://127.0.0.1:6379';
  @IntSetting(0, 65535) PORT = 3000;
  /**
   * API processes sharing PORT (node:cluster, apps/api/src/main.ts): 1 = a single process (tests, the default of
   * a bare `npm run start:api`), 0 = one per CPU but one (`apiProcesses`; `npm run demo` and docker/compose.yml set 0). All shared state —
   * sign-in throttling, Idempotency-Keys, identity-search limits — lives in Redis or PostgreSQL, not in a process.
   */
  @IntSetting(0, 64) API_WORKERS = 1;
  /**
   * PostgreSQL connections of this process's pool. With API_WORKERS > 1 the API's budget is shared: each of its
   * processes gets ceil(DATABASE_POOL_MAX / processes) (at least 4), so more processes do not take more of the
   * server's max_connections. Registrations are group-committed, so a request holds a connection briefly. Within a
   * process, once the case lists run (named statements, DATABASE_PREPARED), half of it (at least one) is theirs.
   */
  @IntSetting(1, 500) DATABASE_POOL_MAX = 20;
  /**
   * 1: the case lists run as named (prepared) statements, parsed once per connection (PrismaService.preparedRows);
   * 0: unnamed, for a pooler between the API and PostgreSQL that cannot keep them (PgBouncer before 1.21 in
   * transaction mode; from 1.21 set its max_prepared_statements).
   */
  @IntSetting(0, 1) DATABASE_PREPARED = 1;
  /** The worker answers GET /health on HOST:WORKER_HEALTH_PORT (liveness for docker and the demo's supervisor); 0 = off. */
  @IntSetting(0, 65535) WORKER_HEALTH_PORT = 3001;
  /** The address the API listens on: loopback unless told otherwise (docker sets 0.0.0.0 inside the container). */
  @IsString() @MaxLength(253) @Matches(/^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|[0-9A-Fa-f:.]+)$/) HOST = '127.0.0.1';
  /**
   * Signs access tokens. No default in the source: production refuses to start without one; elsewhere an unset
   * secret is a random one for this process (the demo keeps its own in `.secrets/jwt-secret`, scripts/demo.mjs).
   */
  @IsString() @MinLength(16) JWT_SECRET = '';
  @IsString() QUEUE_PREFIX = 'fangxin';
  /**
   * Which proxies may tell the client's address in X-Forwarded-For (Fastify's trustProxy): `loopback` (default: a
   * proxy on this host), `false`, `true` (any: only behind a proxy that overwrites the header), or a
   * comma-separated list of addresses/CIDRs. Sign-in throttling counts per client address, so this matters.
   */
  @IsString() @MaxLength(500) TRUST_PROXY = 'loopback';
  /** Sign-in: wrong passwords in a row before an account is locked, and for how long (an admin may unlock earlier). */
  @IntSetting(1, 100) LOGIN_MAX_FAILURES = 5;
  @IntSetting(1, 1440) LOGIN_LOCK_MINUTES = 15;
  /** Sign-in attempts per window (LOGIN_WINDOW_S) per username and client address, and per client address. */
  @IntSetting(1, 100_000) LOGIN_LIMIT_PER_USER = 10;
  @IntSetting(1, 100_000) LOGIN_LIMIT_PER_ADDRESS = 100;
  @IntSetting(1, 86_400) LOGIN_WINDOW_S = 60;
  /** The public pages' address as the SMS links name it (tracking page, 回访 link), without a trailing slash. */
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*[^\s/])?$/) PUBLIC_BASE_URL = 'http://127.0.0.1:3000';
  /** Days a 回访 link sent by SMS stays valid (single use). */
  @IntSetting(1, 90) RATE_LINK_DAYS = 7;
  @IsIn(['development', 'production', 'test']) NODE_ENV: 'development' | 'production' | 'test' = 'development';
  @IsString() WEB_DIST = 'apps/web/dist';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /**
   * Who may read GET /metrics (the API's, and the worker's on WORKER_HEALTH_PORT): with a token, a request bearing
   * `Authorization: Bearer <METRICS_TOKEN>` from anywhere; without one (default), loopback peers only.
   */
  @IsString() @MaxLength(500) METRICS_TOKEN = '';
  /** Rung wake-ups the worker holds at once; they are fired in batches of up to DEADLINE_BATCH (one transaction each). */
  @IntSetting(1, 2000) DEADLINE_CONCURRENCY = 256;
  @IntSetting(1, 1000) DEADLINE_BATCH = 128;
  @IntSetting(50) OUTBOX_POLL_MS = 500;
  @IntSetting(1000) SWEEP_INTERVAL_MS = 30_000;
  /**
   * Rungs are put in Redis only when their instant is this close (issue 15 §1; docs/deadlines.md "Arming near rungs"):
   * creation and re-projection arm the near ones, a horizon sweep every quarter of it arms the rest as they come near.
   */
  @IntSetting(240_000, 3660 * 86_400_000) DEADLINE_HORIZON_MS = 1_200_000;
  /**
   * Deadline-first intake (docs/deadlines.md, "Deadlines first"): while the worker fires rungs later than this (ms),
   * each API process cuts the rate at which it writes registrations, down to DEADLINE_FIRST_MIN_RATE per second, and
   * lets it grow back once firing is on time. 0 turns it off.
   */
  @IntSetting(0, 60_000) DEADLINE_FIRST_LATENESS_MS = 500;
  @IntSetting(1, 100_000) DEADLINE_FIRST_MIN_RATE = 20;
  /** Office hours (China time) in which non-urgent notifications are delivered. */
  @Matches(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/) WORKING_HOURS = '08:30-17:30';
  /** The Chromium that prints PDF reports (Debian's by default; scripts/ensure-chromium.sh installs it). */
  @IsString() CHROMIUM_PATH = '/usr/bin/chromium';
  /** Identity searches (a phone or ID number as the case list's q) per user per window (O121 Art. 37, audited). */
  @IntSetting(1, 100_000) IDENTITY_SEARCH_LIMIT = 60;
  @IntSetting(1, 86_400) IDENTITY_SEARCH_WINDOW_S = 3600;
  /**
   * SMS (issue 16): `demo` delivers nothing outside and keeps every message (an admin reads them through
   * GET /api/v1/admin/messages, the demo only); `http` sends through the gateway below.
   */
  @IsIn(['demo', 'http']) SMS_CHANNEL: 'demo' | 'http' = 'demo';
  /** The gateway (SMS_CHANNEL=http): endpoint, access key id and secret (HMAC-SHA256 signature), sign name 签名. */
  @IsString() @MaxLength(2000) SMS_HTTP_URL = '';
  @IsString() @MaxLength(200) SMS_ACCESS_KEY_ID = '';
  @IsString() @MaxLength(500) SMS_ACCESS_KEY_SECRET = '';
  @IsString() @MaxLength(100) SMS_SIGN_NAME = '';
  /** The provider's template ids: `verification-code=SMS_0001,case-filed=SMS_0002` (unlisted names are sent as they are). */
  @IsString() @MaxLength(4000) SMS_TEMPLATES = '';
  /**
   * The public side (issue 16, docs/public.md): verification codes per phone and per client address in
   * PUBLIC_SMS_WINDOW_S; every other public request per client address in PUBLIC_WINDOW_S.
   */
  @IntSetting(1, 100_000) PUBLIC_SMS_PER_PHONE = 5;
  @IntSetting(1, 100_000) PUBLIC_SMS_PER_ADDRESS = 30;
  @IntSetting(1, 86_400) PUBLIC_SMS_WINDOW_S = 3600;
  @IntSetting(1, 100_000) PUBLIC_LIMIT_PER_ADDRESS = 120;
  @IntSetting(1, 86_400) PUBLIC_WINDOW_S = 60;
  /** Graphical captcha on verification-code requests: `adaptive` (after CAPTCHA_AFTER codes per address per hour) or `always`. */
  @IsIn(['adaptive', 'always']) CAPTCHA: 'adaptive' | 'always' = 'adaptive';
  @IntSetting(0, 1000) CAPTCHA_AFTER = 3;
  /** Delivery attempts per message (exponential backoff from SMS_RETRY_DELAY_MS) before it is marked failed. */
  @IntSetting(1, 50) SMS_MAX_ATTEMPTS = 6;
  @IntSetting(10, 600_000) SMS_RETRY_DELAY_MS = 2000;
}

/**
 * The API processes API_WORKERS asks for: that number, or for 0 one per CPU but one. The CPU left is for what runs
 * beside the API — PostgreSQL, the worker, Redis — which spend about as much CPU per request as the API does: on 2
 * cores, one API process served the lists at the same rate as two with half their p99, and took registrations as fast
 * (docs/benchmarks.md, "API processes: one per CPU but one"). On a machine of its own the API loses one CPU of N.
 */
export function apiProcesses(apiWorkers: number, cpus: number): number {
  return apiWorkers > 0 ? apiWorkers : Math.max(1, cpus - 1);
}

export function loadEnv(source: Record<string, string | undefined> = process.env, overrides: Partial<AppEnv> = {}): AppEnv {
  const known = Object.keys(new AppEnv());
  const picked = Object.fromEntries(Object.entries(source).filter(([k, v]) => known.includes(k) && v !== undefined && v !== ''));
  const env = plainToInstance(AppEnv, { ...picked, ...overrides });
  if (!env.JWT_SECRET) {
    if (env.NODE_ENV === 'production') throw new Error('invalid environment: JWT_SECRET must be set in production');
    env.JWT_SECRET = randomBytes(32).toString('base64url');
  }
  if (PUBLISHED_SECRETS.has(env.JWT_SECRET)) throw new Error('invalid environment: JWT_SECRET is a value published in the source; set a random one');
  if (env.SMS_CHANNEL === 'http') {
    const missing = (['SMS_HTTP_URL', 'SMS_ACCESS_KEY_ID', 'SMS_ACCESS_KEY_SECRET', 'SMS_SIGN_NAME'] as const).filter((k) => !env[k]);
    if (missing.length) throw new Error(`invalid environment: SMS_CHANNEL=http needs ${missing.join(', ')}`);
  }
  const errors = validateSync(env);
  if (errors.length) {
    throw new Error(`invalid environment: ${errors.map((e) => `${e.property} (${Object.values(e.constraints ?? {}).join(', ')})`).join('; ')}`);
  }
  return env;
}
