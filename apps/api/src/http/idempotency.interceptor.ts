import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import { IDEMPOTENCY_TTL_HOURS, Idempotency, IdempotencyInProgress, IdempotencyKeyReused, IdempotencyKeys, InvalidInput } from '#platform';

export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Printable ASCII without spaces, as the IETF draft's examples and a UUID. */
const KEY = /^[\x21-\x7e]{1,200}$/;
/** A first request still unanswered after this is taken to have died (the API was killed) if it committed nothing. */
const LEASE_MS = 10_000;
const PURGE_EVERY_MS = 3600_000;

const COMMITS_KEY = 'idempotency:commits-key';
/**
 * On a route whose command commits its result with the key in its own statement and claims the key there too
 * (registration: the group statement): no separate claim before the command and no answer recorded after it — one
 * statement per request, not three. A key that turns out to be taken makes that statement fail whole; the request
 * is then answered as any used key. A retry is answered from the committed result (the command reads its resource
 * back) with the first status and `Idempotent-Replayed: true`.
 */
export const CommitsIdempotencyKey = () => SetMetadata(COMMITS_KEY, true);

type Start = { kind: 'replay'; status: number; body: unknown } | { kind: 'run'; committed?: unknown };

/** Key order does not change a request: the same form sent twice hashes the same. Null if it cannot be hashed. */
export function requestHash(method: string, url: string, body: unknown): string | null {
  const stable = (v: unknown, depth: number): unknown => {
    if (depth > 64) throw new RangeError('too deep');
    if (Array.isArray(v)) return v.map((x) => stable(x, depth + 1));
    if (v && typeof v === 'object' && !(v instanceof Date))
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, stable((v as Record<string, unknown>)[k], depth + 1)]));
    return v;
  };
  try {
    return createHash('sha256').update(`${method} ${url}\n${JSON.stringify(stable(body ?? null, 0))}`).digest('hex');
  } catch {
    return null; // a body this deep is refused by validation anyway
  }
}

/**
 * `Idempotency-Key` on any authenticated POST (issue 11 §6): the first request's status and body are kept per user
 * and key, and a retry with the same key gets them back (`Idempotent-Replayed: true`) instead of acting again. A
 * different request under a used key is refused (422 IDEMPOTENCY_KEY_REUSED); a retry while the first still runs
 * gets 409 IDEMPOTENCY_IN_PROGRESS with Retry-After. A command may commit its result with the key (registration
 * does, in its one statement): a retry after a lost response then finds it and answers from it. Without the header
 * nothing changes.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly log = new Logger('idempotency');
  private lastPurge = 0;

  constructor(private readonly keys: IdempotencyKeys, private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { actor?: { userId: string } }>();
    const reply = ctx.switchToHttp().getResponse<FastifyReply>();
    const header = req.headers['idempotency-key'];
    // Public routes (login) create nothing.
    if (req.method !== 'POST' || header === undefined || !req.actor) return next.handle();
    const key = Array.isArray(header) ? header[0] ?? '' : header;
    if (!KEY.test(key))
      throw new InvalidInput([{ field: IDEMPOTENCY_HEADER, code: 'IDEMPOTENCY_KEY_INVALID', message: `${IDEMPOTENCY_HEADER}：应为 1–200 个可见 ASCII 字符（建议使用 UUID）` }]);
    const hash = requestHash(req.method, req.url, req.body);
    if (!hash) return next.handle();
    const userId = req.actor.userId;
    this.purgeNowAndThen();
    const claim = { userId, key, method: req.method, path: req.url.split('?')[0]!, requestHash: hash };
    const record = (body: unknown) =>
      // The result stands even if it cannot be recorded (a retry then finds the committed resource or re-runs).
      this.keys.complete(userId, key, reply.statusCode, body).catch((e) => this.log.warn(`not recorded: ${(e as Error).message}`)).then(() => body);
    const claimed = (): Observable<unknown> => from(this.begin(claim)).pipe(
      mergeMap((start) => {
        if (start.kind === 'replay') {
          void reply.status(start.status).header('Idempotent-Replayed', 'true');
          return of(start.body);
        }
        // Answered from what the first request committed with the key: a replay, as a recorded answer is.
        if (start.committed !== undefined) void reply.header('Idempotent-Replayed', 'true');
        return new Observable<unknown>((sub) => Idempotency.run({ userId, key, committed: start.committed }, () => next.handle().subscribe(sub))).pipe(
          // A route that commits its result with the key needs no answer recorded: a retry answers from that result.
          mergeMap((body) => (commits ? of(body) : record(body))),
          catchError((err) => from(this.keys.release(userId, key).catch(() => {})).pipe(mergeMap(() => throwError(() => err)))),
        );
      }),
    );
    const commits = !!this.reflector.get<boolean>(COMMITS_KEY, ctx.getHandler());
    if (!commits) return claimed();
    // The command claims the key in its own statement; if it was taken, nothing was written: answer as a used key.
    const own = { method: claim.method, path: claim.path, requestHash: hash };
    return new Observable<unknown>((sub) => Idempotency.run({ userId, key, claim: own }, () => next.handle().subscribe(sub))).pipe(
      catchError((err) => (err instanceof IdempotencyInProgress ? claimed() : throwError(() => err))),
    );
  }

  private async begin(c: Parameters<IdempotencyKeys['claim']>[0]): Promise<Start> {
    for (let i = 0; i < 2; i++) {
      if (await this.keys.claim(c)) return { kind: 'run' };
      const row = await this.keys.find(c.userId, c.key);
      if (!row) continue; // purged between the two statements
      if (row.requestHash !== c.requestHash) throw new IdempotencyKeyReused();
      if (row.status !== null) return { kind: 'replay', status: row.status, body: row.response };
      if (row.resource !== null) return { kind: 'run', committed: row.resource };
      if (await this.keys.takeOver(c.userId, c.key, row.createdAt, LEASE_MS)) return { kind: 'run' };
      throw new IdempotencyInProgress();
    }
    throw new IdempotencyInProgress();
  }

  private purgeNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    void this.keys.purge(IDEMPOTENCY_TTL_HOURS).catch((e) => this.log.warn(`purge: ${(e as Error).message}`));
  }
}

/** The header on every authenticated POST of the OpenAPI document (the interceptor applies to all of them). */
export function documentIdempotencyKey(doc: OpenAPIObject): void {
  for (const [path, item] of Object.entries(doc.paths)) {
    const op = item.post;
    if (!op || path === '/api/v1/auth/login') continue;
    op.parameters = [
      ...(op.parameters ?? []),
      {
        name: IDEMPOTENCY_HEADER, in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 200, example: '3f1c9b2e-8d4a-4f5e-9c1a-2b7d6e0f4a91' },
        description: '每次提交生成一个新值（建议 UUID），自动重试时沿用：同一用户以同一标识重复提交，返回首次的结果（状态码与响应体相同，响应头 Idempotent-Replayed: true），不会重复登记（登记的重试按已提交的案件的当前状态作答）；' +
          '同一标识用于不同请求 → 422 IDEMPOTENCY_KEY_REUSED；首次请求仍在处理 → 409 IDEMPOTENCY_IN_PROGRESS（Retry-After）。标识保留 48 小时。',
      },
    ];
    op.responses = {
      ...op.responses,
      503: { description: '数据库或 Redis 暂不可用：{code: DATABASE_UNAVAILABLE | REDIS_UNAVAILABLE, message}，带 Retry-After，可用同一 Idempotency-Key 重试' },
    };
  }
}
