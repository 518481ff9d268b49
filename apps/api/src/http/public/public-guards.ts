// Throttling and the adaptive captcha of the public routes (issue 16). Same Redis storage as the sign-in throttle.
import { randomUUID, createHash, timingSafeEqual } from 'node:crypto';
import { type ExecutionContext, HttpException, Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, normalizeIp, type ThrottlerLimitDetail, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { AppEnv, DomainError, createRedis, type RedisClient } from '#platform';
import { normalizePhone } from '#cases';
import { RedisThrottlerStorage } from '../auth/login-throttle.js';

type Req = { ip: string; body?: unknown };
const address = (req: Req) => normalizeIp(req.ip, 64);
const phoneOf = (req: Req) => {
  const p = (req.body as { phone?: unknown } | undefined)?.phone;
  return typeof p === 'string' ? normalizePhone(p).slice(0, 40) : '';
};

function tooMany(context: ExecutionContext, detail: ThrottlerLimitDetail, what: string): never {
  const seconds = Math.max(1, detail.timeToBlockExpire);
  context.switchToHttp().getResponse<{ header(k: string, v: string): unknown }>().header('Retry-After', String(seconds));
  throw new HttpException({ code: 'TOO_MANY_REQUESTS', message: `${what}过于频繁，请${seconds}秒后再试`, retryAfter: seconds }, 429);
}

/** Verification codes: per phone and per client address (PUBLIC_SMS_* in the environment). */
@Injectable()
export class SmsCodeThrottler extends ThrottlerGuard {
  // explicit tokens: ThrottlerGuard's own @Inject metadata (options, storage) would otherwise be inherited
  constructor(@Inject(AppEnv) env: AppEnv, @Inject(RedisThrottlerStorage) storage: RedisThrottlerStorage, @Inject(Reflector) reflector: Reflector) {
    const ttl = env.PUBLIC_SMS_WINDOW_S * 1000;
    const options: ThrottlerModuleOptions = {
      setHeaders: false,
      throttlers: [
        { name: 'sms-phone', ttl, limit: env.PUBLIC_SMS_PER_PHONE, getTracker: (req) => phoneOf(req as Req) || address(req as Req) },
        { name: 'sms-address', ttl, limit: env.PUBLIC_SMS_PER_ADDRESS, getTracker: (req) => address(req as Req) },
      ],
    };
    super(options, storage, reflector);
  }
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    tooMany(context, detail, '获取验证码');
  }
}

/** Every other public route: per client address (PUBLIC_LIMIT_PER_ADDRESS per PUBLIC_WINDOW_S). */
@Injectable()
export class PublicThrottler extends ThrottlerGuard {
  constructor(@Inject(AppEnv) env: AppEnv, @Inject(RedisThrottlerStorage) storage: RedisThrottlerStorage, @Inject(Reflector) reflector: Reflector) {
    super({ setHeaders: false, throttlers: [{ name: 'public-address', ttl: env.PUBLIC_WINDOW_S * 1000, limit: env.PUBLIC_LIMIT_PER_ADDRESS, getTracker: (req) => address(req as Req) }] }, storage, reflector);
  }
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    tooMany(context, detail, '请求');
  }
}

export class CaptchaRequired extends DomainError {
  readonly code = 'CAPTCHA_REQUIRED';
  readonly field = 'captchaAnswer';
  constructor() {
    super('请先完成图形验证码', { captchaRequired: true });
  }
}
export class CaptchaInvalid extends DomainError {
  readonly code = 'CAPTCHA_INVALID';
  readonly field = 'captchaAnswer';
  constructor() {
    super('图形验证码不正确或已失效，请重新获取', { captchaRequired: true });
  }
}

const CAPTCHA_TTL_MS = 5 * 60_000;
const HOUR_MS = 3600_000;

/**
 * The graphical captcha: an SVG from svg-captcha; the answer is kept hashed in Redis for 5 minutes under a random
 * token and deleted on the first try (single use). Adaptive: a client address that asked for more than CAPTCHA_AFTER
 * codes within the hour must solve one; CAPTCHA=always asks every time.
 */
@Injectable()
export class Captchas implements OnModuleDestroy {
  private readonly log = new Logger('captcha');
  private readonly redis: RedisClient;
  private readonly prefix: string;
  constructor(private readonly env: AppEnv) {
    this.prefix = `${env.QUEUE_PREFIX}:public:captcha`;
    this.redis = createRedis(env.REDIS_URL, { maxRetriesPerRequest: 1, commandTimeout: 2000, retryStrategy: (n) => Math.min(n * 200, 2000) });
    this.redis.on('error', (e) => this.log.warn(`redis: ${e.message}`));
  }

  private hash(token: string, answer: string): string {
    return createHash('sha256').update(`${token}\n${answer.trim().toLowerCase()}`).digest('base64url');
  }

  async create(): Promise<{ token: string; image: string; expiresInSeconds: number }> {
    // Loaded on the first captcha (its font is parsed at import): most API processes never draw one.
    const { default: svgCaptcha } = await import('svg-captcha');
    const c = svgCaptcha.create({ size: 4, noise: 2, ignoreChars: '0oO1iIlL', width: 120, height: 44, background: '#f5f5f5' });
    const token = randomUUID();
    await this.redis.set(`${this.prefix}:answer:${token}`, this.hash(token, c.text), 'PX', CAPTCHA_TTL_MS);
    return { token, image: `data:image/svg+xml;base64,${Buffer.from(c.data).toString('base64')}`, expiresInSeconds: CAPTCHA_TTL_MS / 1000 };
  }

  /** Counts this code request for the address and, when a captcha is due, checks (and spends) the one sent. */
  async guard(ip: string, token: string | undefined, answer: string | undefined): Promise<void> {
    const k = `${this.prefix}:asked:${normalizeIp(ip, 64)}`;
    const [[, n]] = (await this.redis.multi().incr(k).pexpire(k, HOUR_MS, 'NX').exec()) as [[unknown, number], unknown];
    const due = this.env.CAPTCHA === 'always' || n > this.env.CAPTCHA_AFTER;
    if (!due) return;
    if (!token || !answer) throw new CaptchaRequired();
    const stored = await this.redis.getdel(`${this.prefix}:answer:${token}`);
    const want = Buffer.from(this.hash(token, answer));
    if (!stored || stored.length !== want.length || !timingSafeEqual(Buffer.from(stored), want)) throw new CaptchaInvalid();
  }

  onModuleDestroy() {
    this.redis.disconnect();
  }
}
