import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppEnv, createRedis, type RedisClient } from '#platform';
import { IdentitySearchLimited } from '../domain/case.errors.js';

/**
 * Identity searches (a phone or ID number typed as the list's q) per user, counted in Redis so every API process
 * shares the count (IDENTITY_SEARCH_LIMIT per IDENTITY_SEARCH_WINDOW_S). If Redis is unreachable, a per-process
 * in-memory limiter with the same limit takes over (the library's insurance limiter): never unlimited.
 */
@Injectable()
export class IdentitySearchLimiter implements OnModuleDestroy {
  private redis: RedisClient | undefined;
  constructor(private readonly env: AppEnv) {}

  private ready: Promise<RateLimiterRedis> | undefined;

  private get(): Promise<RateLimiterRedis> {
    // Lazy: the worker loads this module too and never searches. Connected before first use, else the first
    // search would be counted by the insurance limiter only. One connection however many first calls race.
    this.ready ??= (async () => {
      this.redis = createRedis(this.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
      this.redis.on('error', () => {}); // the insurance limiter answers meanwhile; health reports Redis
      await this.redis.connect().catch(() => {});
      const opts = { points: this.env.IDENTITY_SEARCH_LIMIT, duration: this.env.IDENTITY_SEARCH_WINDOW_S };
      return new RateLimiterRedis({
        ...opts, storeClient: this.redis, keyPrefix: `${this.env.QUEUE_PREFIX}:identity-search`, rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(opts),
      });
    })();
    return this.ready;
  }

  /** Counts one identity search by the user; throws IdentitySearchLimited (429) past the limit. */
  async consume(userId: string): Promise<void> {
    try {
      await (await this.get()).consume(userId);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw new IdentitySearchLimited(Math.ceil(e.msBeforeNext / 1000));
      throw e;
    }
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
