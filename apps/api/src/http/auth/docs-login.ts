import { createHash } from 'node:crypto';
import type { JwtService } from '@nestjs/jwt';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { normalizeIp } from '@nestjs/throttler';
import type { AppEnv } from '#platform';
import type { SignIn } from '#org-nest';
import type { UserStates } from './auth.js';
import type { RedisThrottlerStorage } from './login-throttle.js';

// /docs, /docs/…, and the -json/-yaml twins Swagger may serve beside it
const DOCS = /^\/docs(?:[-/?#.]|$)/;

/**
 * In production the OpenAPI pages (/docs, /docs/openapi.json) need a staff account: HTTP Basic with a username and
 * password (a browser asks for them; wrong passwords count towards the account's lockout) or a bearer token from
 * POST /api/v1/auth/login. A header that passed is remembered for a minute, so the page's assets cost one check.
 * Password attempts here count per client address like the sign-in's (LOGIN_LIMIT_PER_ADDRESS per LOGIN_WINDOW_S).
 */
export function docsLogin(jwt: JwtService, signIn: SignIn, users: UserStates, throttle: RedisThrottlerStorage, env: AppEnv) {
  const passed = new LRUCache<string, true>({ max: 1000, ttl: 60_000 });
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!DOCS.test(req.url) && !DOCS.test(req.routeOptions.url ?? '')) return;
    const header = req.headers.authorization ?? '';
    const key = createHash('sha256').update(header).digest('hex');
    if (header && passed.has(key)) return;
    try {
      const bearer = /^Bearer (.+)$/i.exec(header);
      const basic = /^Basic (.+)$/i.exec(header);
      if (bearer) {
        const claims = await jwt.verifyAsync<{ sub: string }>(bearer[1]!);
        if ((await users.get(claims.sub))?.active) return void passed.set(key, true);
      } else if (basic) {
        const ttl = env.LOGIN_WINDOW_S * 1000;
        const hits = await throttle.increment(normalizeIp(req.ip, 64), ttl, env.LOGIN_LIMIT_PER_ADDRESS, ttl, 'docs-address');
        if (hits.isBlocked) {
          const seconds = String(Math.max(1, hits.timeToBlockExpire));
          return reply.header('Retry-After', seconds).status(429).send({ code: 'TOO_MANY_ATTEMPTS', message: `登录尝试过于频繁，请${seconds}秒后再试` });
        }
        const text = Buffer.from(basic[1]!, 'base64').toString('utf8');
        const colon = text.indexOf(':');
        if (colon > 0) {
          await signIn.verify(text.slice(0, colon), text.slice(colon + 1));
          return void passed.set(key, true);
        }
      }
    } catch {
      // any failure is the same 401 below
    }
    return reply
      .header('WWW-Authenticate', 'Basic realm="Fangxin API docs", charset="UTF-8"')
      .status(401)
      .send({ code: 'UNAUTHORIZED', message: '接口文档需使用系统账号登录' });
  };
}
