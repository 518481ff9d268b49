import { type CanActivate, type ExecutionContext, HttpException, Injectable } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import { AppEnv } from '#platform';
import { RedisThrottlerStorage } from '../auth/login-throttle.js';

/**
 * Floods on the public pages (no login): PUBLIC_READ_LIMIT requests per client address per PUBLIC_READ_WINDOW_S,
 * counted in Redis (shared by every API instance); beyond it 429 with Retry-After and a Chinese message.
 */
@Injectable()
export class PublicThrottle implements CanActivate {
  constructor(private readonly storage: RedisThrottlerStorage, private readonly env: AppEnv) {}
  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<{ ip: string }>();
    const ttl = this.env.PUBLIC_READ_WINDOW_S * 1000;
    const r = await this.storage.increment(normalizeIp(req.ip, 64), ttl, this.env.PUBLIC_READ_LIMIT, ttl, 'public-read');
    if (!r.isBlocked) return true;
    const seconds = Math.max(1, r.timeToBlockExpire);
    ctx.switchToHttp().getResponse<{ header(k: string, v: string): unknown }>().header('Retry-After', String(seconds));
    throw new HttpException({ code: 'TOO_MANY_REQUESTS', message: `访问过于频繁，请${seconds}秒后再试` }, 429);
  }
}
