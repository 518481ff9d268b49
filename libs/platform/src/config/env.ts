import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

/** The only place process.env is read. Validated at boot; defaults point at the local services. */
export class AppEnv {
  @IsString() DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/fangxin';
  @IsString() REDIS_URL = 'redis://127.0.0.1:6379';
  @Type(() => Number) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsString() @MinLength(16) JWT_SECRET = 'fangxin-development-secret-change-me';
  @IsString() QUEUE_PREFIX = 'fangxin';
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
  const errors = validateSync(env);
  if (errors.length) {
    throw new Error(`invalid environment: ${errors.map((e) => `${e.property} (${Object.values(e.constraints ?? {}).join(', ')})`).join('; ')}`);
  }
  if (env.NODE_ENV === 'production' && env.JWT_SECRET === new AppEnv().JWT_SECRET) {
    throw new Error('invalid environment: JWT_SECRET must be set in production');
  }
  return env;
}
