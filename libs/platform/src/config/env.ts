import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

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
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  /** The worker answers GET /health on HOST:WORKER_HEALTH_PORT (liveness for docker and the demo's supervisor); 0 = off. */
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) WORKER_HEALTH_PORT = 3001;
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
  @Type(() => Number) @IsInt() @Min(1) @Max(100) LOGIN_MAX_FAILURES = 5;
  @Type(() => Number) @IsInt() @Min(1) @Max(1440) LOGIN_LOCK_MINUTES = 15;
  /** Sign-in attempts per window (LOGIN_WINDOW_S) per username and client address, and per client address. */
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000) LOGIN_LIMIT_PER_USER = 10;
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000) LOGIN_LIMIT_PER_ADDRESS = 100;
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400) LOGIN_WINDOW_S = 60;
  @IsIn(['development', 'production', 'test']) NODE_ENV: 'development' | 'production' | 'test' = 'development';
  @IsString() WEB_DIST = 'apps/web/dist';
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  /** Rung wake-ups the worker holds at once; they are fired in batches of up to DEADLINE_BATCH (one transaction each). */
  @Type(() => Number) @IsInt() @Min(1) @Max(2000) DEADLINE_CONCURRENCY = 256;
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) DEADLINE_BATCH = 128;
  @Type(() => Number) @IsInt() @Min(50) OUTBOX_POLL_MS = 500;
  @Type(() => Number) @IsInt() @Min(1000) SWEEP_INTERVAL_MS = 30_000;
  /** Office hours (China time) in which non-urgent notifications are delivered. */
  @Matches(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/) WORKING_HOURS = '08:30-17:30';
  /** The Chromium that prints PDF reports (Debian's by default; scripts/ensure-chromium.sh installs it). */
  @IsString() CHROMIUM_PATH = '/usr/bin/chromium';
  /** Identity searches (a phone or ID number as the case list's q) per user per window (O121 Art. 37, audited). */
  @Type(() => Number) @IsInt() @Min(1) @Max(100_000) IDENTITY_SEARCH_LIMIT = 60;
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400) IDENTITY_SEARCH_WINDOW_S = 3600;
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
  const errors = validateSync(env);
  if (errors.length) {
    throw new Error(`invalid environment: ${errors.map((e) => `${e.property} (${Object.values(e.constraints ?? {}).join(', ')})`).join('; ')}`);
  }
  return env;
}
