import type { LoggerService, LogLevel } from '@nestjs/common';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { currentRequestId } from '../observability/request-context.js';

/** Keys whose values never reach a log, wherever they sit in the first levels of a logged object. */
const SECRET_KEYS = [
  'password', 'passwordHash', 'password_hash', 'newPassword', 'token', 'accessToken', 'refreshToken', 'secret', 'JWT_SECRET',
  'authorization', 'cookie', 'phone', 'idNumber', 'id_number', 'complainantPhone', 'reporterPhone', 'contactPhone',
  // the public side (issue 16): proofs of a case and answers to a captcha
  'queryCode', 'smsCode', 'captchaAnswer', 'captchaToken',
];
const REDACT = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.body', 'request.body', 'body', 'params',
  ...SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

// Applied to every serialized line: what a key-based redaction cannot see (messages, stacks, library error texts).
const SCRUB: [RegExp, string][] = [
  [/\$argon2(?:id|i|d)\$[\w$=,+/.-]+/g, '[REDACTED:hash]'],
  [/\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/g, '[REDACTED:jwt]'],
  [/\b(Bearer|Basic)\s+[\w+/=.-]+/gi, '$1 [REDACTED]'],
  [/([?&](?:queryCode|smsCode|token|captchaAnswer)=)[^&\s"']+/g, '$1[REDACTED]'], // public tracking URLs (issue 16)
  [/(?<![\d-])(1[3-9]\d)\d{4}(\d{4})(?![\d-])/g, '$1****$2'], // mainland mobile numbers
  [/(?<![\dA-Za-z-])(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z-])/g, '$1********$2'], // resident ID numbers
];
export const scrubLogLine = (s: string) => SCRUB.reduce((t, [re, to]) => t.replace(re, to), s);

/**
 * An error as it may be logged: name, code and the stack's frames. Prisma's messages quote the whole call (a user's
 * new password hash, a complainant's phone): only their last line, the reason, is kept.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: scrubLogLine(String(err)) };
  const e = err as Error & { code?: unknown; meta?: unknown; clientVersion?: unknown };
  const prisma = e.name.startsWith('PrismaClient');
  const message = prisma ? (e.message.trim().split('\n').filter((l) => l.trim()).pop() ?? '') : e.message;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).join('\n');
  const meta = prisma && e.meta && typeof e.meta === 'object' ? { modelName: (e.meta as { modelName?: unknown }).modelName, target: (e.meta as { target?: unknown }).target } : undefined;
  return { type: e.name, message: scrubLogLine(message), ...(e.code !== undefined ? { code: e.code } : {}), ...(meta ? { meta } : {}), stack: frames };
}

/** The one pino logger of a process: JSON lines, redaction and scrubbing on every line, the request id when there is one. */
export function createLogger(level: Level | 'silent', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: REDACT, censor: '[REDACTED]' },
      serializers: { err: safeError, error: safeError },
      hooks: { streamWrite: scrubLogLine },
      // every line written while a request (API) or a job (worker) is in progress names its request id
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    destination,
  );
}

/** Nest's Logger on top of pino (the API and the worker `useLogger` it). */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Logger) {}
  private write(level: Level, message: unknown, params: unknown[]) {
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    // Nest passes a stack string after an error's message: keep its frames only (its first line repeats the message).
    const frames = level === 'error' && typeof params[0] === 'string' ? params[0].split('\n').filter((l) => /^\s+at /.test(l)).join('\n') : '';
    const extra = frames ? { stack: frames } : {};
    if (message instanceof Error) return this.pino[level]({ context, err: message }, safeError(message).message as string);
    if (message && typeof message === 'object') {
      // pino would take an `err`'s full message as the line's text: give it the safe one.
      const err = (message as { err?: unknown }).err;
      return this.pino[level]({ context, ...extra, ...(message as object) }, err instanceof Error ? (safeError(err).message as string) : undefined);
    }
    this.pino[level]({ context, ...extra }, String(message));
  }
  log(message: unknown, ...params: unknown[]) { this.write('info', message, params); }
  error(message: unknown, ...params: unknown[]) { this.write('error', message, params); }
  warn(message: unknown, ...params: unknown[]) { this.write('warn', message, params); }
  debug(message: unknown, ...params: unknown[]) { this.write('debug', message, params); }
  verbose(message: unknown, ...params: unknown[]) { this.write('trace', message, params); }
  fatal(message: unknown, ...params: unknown[]) { this.write('fatal', message, params); }
}

/** Nest's `logger` option (false, or the levels to show) as a pino level; undefined keeps the configured one. */
export function pinoLevel(nest: boolean | LogLevel[] | undefined, configured: Level | 'silent'): Level | 'silent' {
  if (nest === false) return 'silent';
  if (!Array.isArray(nest)) return configured;
  const order: [LogLevel, Level][] = [['verbose', 'trace'], ['debug', 'debug'], ['log', 'info'], ['warn', 'warn'], ['error', 'error'], ['fatal', 'fatal']];
  return order.find(([n]) => nest.includes(n))?.[1] ?? 'silent';
}
