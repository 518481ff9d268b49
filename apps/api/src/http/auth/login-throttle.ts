import { type ExecutionContext, HttpException, Injectable, Logger, type OnModuleDestroy, type Provider } from '@nestjs/common';
import {
  ThrottlerGuard, getOptionsToken, getStorageToken, normalizeIp, type ThrottlerLimitDetail, type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { AppEnv, createRedis, taggedKey, type RedisClient } from '#platform';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// Fixed window per key: INCR, expiry on the first hit; once over the limit a block key holds for blockDuration.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return {hits, left, blocked}`;

/**
 * @nestjs/throttler's storage in Redis (shared by every API instance, survives an API restart), under the app's
 * QUEUE_PREFIX so test files and deployments sharing a Redis do not count each other's attempts.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly log = new Logger('throttle');
  private readonly redis: RedisClient;
  private readonly prefix: string;
  constructor(env: AppEnv) {
    this.prefix = `${env.QUEUE_PREFIX}:throttle`;
    this.redis = createRedis(env.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 2000, retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.redis.on('error', () => {});
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    // Both keys of the script under one hash tag: one slot on a Redis Cluster.
    const k = taggedKey(this.prefix, `${throttlerName}:${key}`);
    try {
      const [hits, left, blocked] = (await this.redis.eval(INCREMENT, 2, k, `${k}:blocked`, ttl, limit, blockDuration)) as [number, number, number];
      return { totalHits: hits, timeToExpire: Math.ceil(Math.max(left, 0) / 1000), isBlocked: blocked > 0, timeToBlockExpire: Math.ceil(Math.max(blocked, 0) / 1000) };
    } catch (e) {
      // Without Redis nothing can be counted: let the attempt through; the account lockout (PostgreSQL) still holds.
      this.log.warn(`sign-in throttling unavailable: ${(e as Error).message}`);
      return { totalHits: 0, timeToExpire: 0, isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  onModuleDestroy() {
    this.redis.disconnect();
  }
}

type Req = { ip: string; body?: unknown };
const address = (req: Req) => normalizeIp(req.ip, 64);
const username = (req: Req) => {
  const u = (req.body as { username?: unknown } | undefined)?.username;
  return typeof u === 'string' ? u.trim().toLowerCase().slice(0, 100) : '';
};

/** Two windows on sign-in: per username and client address, and per client address (LOGIN_* in the environment). */
export function loginThrottlers(env: AppEnv): ThrottlerModuleOptions {
  const ttl = env.LOGIN_WINDOW_S * 1000;
  return {
    setHeaders: false,
    throttlers: [
      { name: 'login-user', ttl, limit: env.LOGIN_LIMIT_PER_USER, getTracker: (req) => `${username(req as Req)}\n${address(req as Req)}` },
      { name: 'login-address', ttl, limit: env.LOGIN_LIMIT_PER_ADDRESS, getTracker: (req) => address(req as Req) },
    ],
  };
}

/** The sign-in route's throttle: 429 with Retry-After and a Chinese message. */
@Injectable()
export class LoginThrottler extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<{ header(k: string, v: string): unknown }>().header('Retry-After', String(seconds));
    throw new HttpException({ code: 'TOO_MANY_ATTEMPTS', message: `登录尝试过于频繁，请${seconds}秒后再试` }, 429);
  }
}

export const loginThrottleProviders: Provider[] = [
  RedisThrottlerStorage,
  { provide: getStorageToken(), useExisting: RedisThrottlerStorage },
  { provide: getOptionsToken(), useFactory: loginThrottlers, inject: [AppEnv] },
  LoginThrottler,
];
