import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, InvalidInput } from '#platform';
import { unavailable } from './unavailable.js';

// The one table from domain error codes to HTTP. Anything unknown is a 422; anything not a DomainError a 500.
const STATUS: Record<string, number> = {
  VALIDATION_FAILED: 400,
  UNKNOWN_GROUND: 400,
  PAUSE_NOT_ALLOWED: 400,
  EXTENSION_TOO_LATE: 409,
  EXTENSION_PENDING: 409,
  EXTENSION_CAP: 409,
  UNKNOWN_EXTENSION: 404,
  CALENDAR_INVALID: 400,
  NOT_FOUND: 404,
  DISCLOSURE_RELEASED: 409,
  RATING_NOT_FOUND: 404,
  RATING_CLOSED: 410,
  DISCLOSURE_PERIOD_OPEN: 409,
  DISCLOSURE_NOT_COMPUTED: 404,
  CASE_NOT_FOUND: 404,
  FORBIDDEN: 403,
  NOT_ASSIGNEE: 403,
  NOT_A_HANDLER: 403,
  SELF_APPROVAL: 403,
  NOT_APPROVER: 403,
  IDENTITY_SEARCH_LIMITED: 429,
  INVALID_TRANSITION: 409,
  RETURN_WINDOW_CLOSED: 409,
  HANDOFF_REFUSED: 409,
  JURISDICTION_DISPUTE: 409,
  NOT_A_SUBORDINATE_STATION: 409,
  COHANDLING_PENDING: 409,
  CONCURRENT_UPDATE: 409,
  UNAUTHORIZED: 401,
  ATTACHMENT_TYPE_NOT_ALLOWED: 415,
  ATTACHMENT_TOO_LARGE: 413,
  ATTACHMENT_COUNT_EXCEEDED: 413,
  ATTACHMENT_REQUIRED: 400,
  ATTACHMENT_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  UNKNOWN_DOCUMENT_KIND: 404,
  UNKNOWN_PLACEHOLDER: 400,
  BAD_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  SMS_CODE_INVALID: 400,
  PUBLIC_CASE_NOT_FOUND: 404,
  PUBLIC_ACTION_REFUSED: 409,
  ODR_TRANSITION: 409,
  ODR_ENTERPRISE_EXISTS: 409,
  CAPTCHA_REQUIRED: 400,
  CAPTCHA_INVALID: 400,
  TOO_MANY_REQUESTS: 429,
};
/** Seconds a client should wait before retrying (sent as Retry-After). */
const RETRY_AFTER: Record<string, number> = { IDEMPOTENCY_IN_PROGRESS: 1 };
/** A lost database or Redis is a 503 to retry, not a bug (issue 11 §6). */
const UNAVAILABLE_RETRY_AFTER_S = 2;

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 414: 'URI_TOO_LONG', 415: 'UNSUPPORTED_MEDIA_TYPE', 423: 'LOCKED', 429: 'TOO_MANY_REQUESTS',
};
const HTTP_MESSAGES: Record<number, string> = {
  400: '请求格式不正确', 401: '未登录或登录已过期', 403: '无权访问', 404: '资源不存在', 405: '不支持的请求方法',
  413: '请求内容过大', 414: '请求地址过长', 415: '不支持的内容类型', 423: '账号已锁定', 429: '请求过于频繁，请稍后再试',
};

/** Body parsing errors by the parser's own code (Nest wraps Fastify's in an HttpException with the original as cause). */
function parseError(err: unknown): [code: string, message: string] | null {
  const e = err instanceof HttpException && err.cause ? err.cause : err;
  const code = (e as { code?: string })?.code;
  if (e instanceof SyntaxError || code === 'FST_ERR_CTP_INVALID_JSON_BODY') return ['INVALID_JSON', '请求体不是有效的 JSON'];
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return ['EMPTY_JSON_BODY', '请求体为空（Content-Type 为 JSON 时须提供 JSON）'];
  return null;
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('http');

  catch(err: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (err instanceof DomainError) {
      const body: Record<string, unknown> = { code: err.code, message: err.message };
      if (err instanceof InvalidInput) body.fields = err.fields;
      else if ('field' in err && typeof err.field === 'string') body.fields = [{ field: err.field, code: err.code, message: err.message }];
      const retryAfter = typeof err.details.retryAfter === 'number' ? err.details.retryAfter : RETRY_AFTER[err.code];
      if (retryAfter) void reply.header('Retry-After', String(retryAfter));
      void reply.status(STATUS[err.code] ?? 422).send(body);
      return;
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const res = err.getResponse();
      const parsed = parseError(err);
      const body = typeof res === 'object' && res !== null && 'code' in res
        ? res
        : parsed ? { code: parsed[0], message: parsed[1] } : { code: HTTP_CODES[status] ?? `HTTP_${status}`, message: HTTP_MESSAGES[status] ?? (/[\u4e00-\u9fff]/.test(err.message) ? err.message : '请求未能完成') };
      void reply.status(status).send(body);
      return;
    }
    // Fastify's own client errors (bad JSON, body too large, wrong content type) carry a statusCode.
    const sc = (err as { statusCode?: number })?.statusCode;
    if (typeof sc === 'number' && sc >= 400 && sc < 500) {
      const [code, message] = parseError(err) ?? [HTTP_CODES[sc] ?? `HTTP_${sc}`, HTTP_MESSAGES[sc] ?? '请求无效'];
      void reply.status(sc).send({ code, message });
      return;
    }
    const down = unavailable(err);
    if (down) {
      this.log.warn(`${down}: ${(err as Error)?.message?.split('\n').filter(Boolean).pop() ?? String(err)}`);
      void reply.status(503).header('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S)).send({ code: down, message: '系统繁忙，请稍后重试' });
      return;
    }
    const errorId = randomUUID();
    // The error alone: never the request body, and the logger keeps only safe parts of it (safeError, #platform).
    this.log.error({ errorId, err });
    void reply.status(500).send({ code: 'INTERNAL_ERROR', message: '系统内部错误，请联系管理员', errorId });
  }
}
