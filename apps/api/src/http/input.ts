// Input rules every route shares: characters PostgreSQL cannot store, nesting depth, "optional" vs "nullable",
// and the one supported span of dates. See docs/architecture.md (Errors).
import { type ArgumentMetadata, BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, ValidateIf, registerDecorator } from 'class-validator';
import { MAX_INPUT_DEPTH, SUPPORTED_DATES, fieldLabel } from '#contracts';
import { isLocalDate } from '#deadlines';
import type { FastifyReply, FastifyServerOptions } from 'fastify';

export interface FieldProblem { field: string; code: string; message: string }

export function badRequest(fields: FieldProblem[]): BadRequestException {
  // the fields' Chinese names (the console shows this line); `fields` keeps the paths
  return new BadRequestException({ code: 'VALIDATION_FAILED', message: `输入有误：${[...new Set(fields.map((f) => fieldLabel(f.field) || '标出的字段'))].join('、')}`, fields });
}

// NUL (PostgreSQL text refuses it) and lone surrogates (not Unicode: stored as U+FFFD or refused). In /u mode a
// well-formed surrogate pair is one code point, so \p{Cs} matches only a lone half.
const BAD_CHARS = /[\0\p{Cs}]/u;
const printable = (k: string) => k.replace(/[\0\p{Cs}]/gu, '?').slice(0, 100);

/**
 * First problem in a parsed value: a bad character in any string or key, or nesting deeper than MAX_INPUT_DEPTH.
 * Iterative, so a 1 MiB `[[[[…]]]]` costs a loop, not the stack (class-transformer recursed until it overflowed).
 */
export function rawInputProblem(root: unknown, base: string): FieldProblem | null {
  const stack: [unknown, string, number][] = [[root, base, 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    const name = path || 'body';
    if (typeof v === 'string') {
      if (BAD_CHARS.test(v)) return { field: name, code: 'INVALID_CHARACTER', message: `${name}：含有不允许的字符（空字符或不完整的 Unicode 字符）` };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      const top = /^[^.[]+/.exec(base ? path.slice(base.length + 1) : path)?.[0];
      const field = base || top || 'body';
      return { field, code: 'TOO_DEEPLY_NESTED', message: `${field}：嵌套层级过深（最多 ${MAX_INPUT_DEPTH} 层）` };
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`, depth + 1]);
      continue;
    }
    for (const [k, x] of Object.entries(v)) {
      const p = path ? `${path}.${k}` : k;
      if (BAD_CHARS.test(k)) {
        const f = path ? `${path}.${printable(k)}` : printable(k);
        return { field: f, code: 'INVALID_CHARACTER', message: `${f}：字段名含有不允许的字符` };
      }
      // class-validator's whitelist takes `toString`, `valueOf`, `constructor`… for declared properties (they are
      // found on every object), so such a key would reach a DTO as an own property shadowing the method; and Nest's
      // ValidationPipe deletes `prototype` without a word (a fuzz seed found it accepted).
      if (k in Object.prototype || k === 'prototype') return { field: p, code: 'UNKNOWN_FIELD', message: `${p}：不是可接受的字段` };
      stack.push([x, p, depth + 1]);
    }
  }
  return null;
}

/**
 * Runs before the ValidationPipe on every body, query and path parameter (after the guards, so a caller without
 * the right learns nothing): refuses what no DTO should ever see, naming the field.
 */
@Injectable()
export class RawInputPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if (meta.type === 'custom') return value;
    // A DTO body is an object: `"text"`, `[1]` or `null` would reach class-transformer as something else.
    if (meta.type === 'body' && !meta.data && value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value)))
      throw badRequest([{ field: 'body', code: 'IS_OBJECT', message: 'body：请求体应为 JSON 对象' }]);
    const problem = rawInputProblem(value, meta.data ?? '');
    if (problem) throw badRequest([problem]);
    return value;
  }
}

/** Optional, but null is refused like any other wrong type (class-validator's IsOptional lets null through). */
export function Optional(): PropertyDecorator {
  return ValidateIf((_o, v) => v !== undefined);
}
/** Optional, and null is a meaningful value (e.g. "no parent", "back to the default"). */
export function Nullable(): PropertyDecorator {
  return ValidateIf((_o, v) => v !== undefined && v !== null);
}

// ---- the supported span of dates

const SPAN_TEXT = `${SUPPORTED_DATES.from} 至 ${SUPPORTED_DATES.to}`;
/** YYYY-MM-DD with a year of the span (2000–2099); the calendar validity is checked by isLocalDate. */
const DATE_PATTERN = '^20\\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';
const FROM_INSTANT = Date.parse(`${SUPPORTED_DATES.from}T00:00:00+08:00`);
const TO_INSTANT = Date.parse(`${SUPPORTED_DATES.to}T23:59:59.999+08:00`);

/** Inside the span: a date (YYYY-MM-DD), a month (YYYY-MM) or an instant (ISO-8601, compared in China time). */
export function inSupportedSpan(v: string): boolean {
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) return v >= SUPPORTED_DATES.from.slice(0, v.length) && v <= SUPPORTED_DATES.to.slice(0, v.length);
  const t = Date.parse(v);
  return !Number.isNaN(t) && t >= FROM_INSTANT && t <= TO_INSTANT;
}

export function isSupportedDate(v: unknown): v is string {
  return typeof v === 'string' && isLocalDate(v) && inSupportedSpan(v);
}

function register(name: string, validate: (v: unknown) => boolean): PropertyDecorator {
  return (target, property) => registerDecorator({ name, target: target.constructor, propertyName: property as string, validator: { validate } });
}
/** Format checks leave other types to their own validators; the span check only judges what it can read. */
const IsLocalDateFormat = () => register('isLocalDate', (v) => typeof v === 'string' && isLocalDate(v));
/** Within the supported span, if it reads as a date, month or instant at all (format errors are others' to name). */
export const InDateSpan = (): PropertyDecorator => register('dateInSpan', (v) => typeof v !== 'string' || !/^\d{4}/.test(v) || inSupportedSpan(v));

interface DateDoc { description?: string; example?: string; required?: boolean }

/** A China calendar day YYYY-MM-DD within the supported span; documented in OpenAPI with the span. */
export function SupportedDate(doc: DateDoc = {}): PropertyDecorator {
  const api = doc.required === false ? ApiPropertyOptional : ApiProperty;
  const decorators = [
    api({ type: String, format: 'date', pattern: DATE_PATTERN, example: doc.example, description: `${doc.description ? `${doc.description}；` : ''}YYYY-MM-DD，${SPAN_TEXT}` }),
    IsLocalDateFormat(),
    InDateSpan(),
  ];
  return (target, property) => decorators.forEach((d) => d(target, property));
}

/** An ISO-8601 date-time whose instant falls within the supported span (China time). */
export function SupportedDateTime(doc: DateDoc = {}): PropertyDecorator {
  const api = doc.required === false ? ApiPropertyOptional : ApiProperty;
  const decorators = [
    api({ type: String, format: 'date-time', example: doc.example, description: `${doc.description ? `${doc.description}；` : ''}ISO-8601 时间，${SPAN_TEXT}（北京时间）` }),
    IsISO8601({ strict: true, strictSeparator: true }),
    InDateSpan(),
  ];
  return (target, property) => decorators.forEach((d) => d(target, property));
}

/** A year of the supported span (calendar years, plan years). */
export const SPAN_DOC = SPAN_TEXT;
export const YEAR_DOC = { type: 'integer', minimum: SUPPORTED_DATES.minYear, maximum: SUPPORTED_DATES.maxYear } as const;

/** A path parameter that is a date of the span: 400 naming the parameter otherwise. */
export class SupportedDatePipe implements PipeTransform<string, string> {
  constructor(private readonly field: string) {}
  transform(v: string): string {
    if (typeof v === 'string' && isLocalDate(v)) {
      if (inSupportedSpan(v)) return v;
      throw badRequest([{ field: this.field, code: 'DATE_IN_SPAN', message: `${this.field}：日期应在 ${SPAN_TEXT} 之间` }]);
    }
    throw badRequest([{ field: this.field, code: 'IS_LOCAL_DATE', message: `${this.field}：日期应为 YYYY-MM-DD` }]);
  }
}
/** OpenAPI for a date path parameter (with @ApiParam). */
export const DATE_PARAM_DOC = { type: String, format: 'date', pattern: DATE_PATTERN, description: `YYYY-MM-DD，${SPAN_TEXT}` } as const;

// ---- what Fastify answers by itself, before any route (Nest's filter never sees these): Chinese, stable codes

const FRAMEWORK: Record<string, [status: number, code: string, message: string]> = {
  FST_ERR_BAD_URL: [400, 'BAD_URL', '请求地址含有无效的编码'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'URI_TOO_LONG', '请求地址过长'],
};
const CLIENT: Record<string, [status: number, code: string, message: string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'REQUEST_TIMEOUT', '请求超时'],
  HPE_HEADER_OVERFLOW: [431, 'HEADERS_TOO_LARGE', '请求地址或请求头过长'],
};
const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 414: 'URI Too Long', 431: 'Request Header Fields Too Large' };

/** Fastify's maxParamLength (its default): a longer path segment never matches a route parameter. */
export const MAX_PARAM_LENGTH = 100;

/**
 * The answer for an API path no route matched, given by the console's catch-all route (which swallows Fastify's
 * own 414 for an over-long path parameter): the same codes as when the console is not served.
 */
export function unmatchedApiPath(url: string): [status: number, body: { code: string; message: string }] {
  const path = url.split('?')[0]!;
  if (path.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH)) {
    const [status, code, message] = FRAMEWORK.FST_ERR_MAX_PARAM_LENGTH!;
    return [status, { code, message }];
  }
  return [404, { code: 'NOT_FOUND', message: '资源不存在' }];
}

/** Fastify server options: `frameworkErrors` (bad URL encoding, over-long path parameter) and `clientErrorHandler`. */
export const fastifyErrorOptions: Pick<FastifyServerOptions, 'frameworkErrors' | 'clientErrorHandler'> = {
  frameworkErrors(err, _req, reply) {
    const [status, code, message] = FRAMEWORK[err.code ?? ''] ?? [400, 'BAD_REQUEST', '请求格式不正确'];
    void (reply as unknown as FastifyReply).code(status).send({ code, message });
  },
  clientErrorHandler(err, socket) {
    if ((err as { code?: string }).code === 'ECONNRESET' || socket.destroyed) return;
    const [status, code, message] = CLIENT[(err as { code?: string }).code ?? ''] ?? [400, 'BAD_REQUEST', '请求格式不正确'];
    const body = JSON.stringify({ code, message });
    if (socket.writable)
      socket.write(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`);
    socket.destroy(err);
  },
};
