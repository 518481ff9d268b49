import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The request id of the work in progress: set per HTTP request by the API (accepted from `X-Request-Id` when sane,
 * else generated) and per job by the worker (from the job's `meta.correlationId`). Log lines carry it (the pino
 * mixin in logging/logger.ts), outbox entries written meanwhile carry it as `correlationId`, and the relay puts it
 * into the jobs they become. Plain AsyncLocalStorage: application code reads it without Nest's DI.
 */
export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const currentRequestId = (): string | undefined => storage.getStore()?.requestId;

/** Runs fn with this request id (undefined: outside any request, e.g. a batch serving several jobs). */
export function withRequestId<T>(requestId: string | undefined, fn: () => T): T {
  return requestId ? storage.run({ requestId }, fn) : storage.exit(fn);
}

/** An incoming X-Request-Id is kept when it is a short token (letters, digits, `._:-`); anything else is replaced. */
const SANE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
export function requestIdFrom(header: unknown): string {
  const v = Array.isArray(header) ? header[0] : header;
  return typeof v === 'string' && SANE.test(v) ? v : randomUUID();
}

/** Minimal shapes of Fastify's request/reply (the platform lib does not depend on Fastify). */
interface HookRequest { id: string; raw: object }
interface HookReply { header(name: string, value: string): unknown }
type Done = (err?: Error) => void;

/**
 * Fastify hooks entering the request's context: onRequest opens it, preValidation re-enters it (the body parser's
 * stream callbacks run outside it), so guards, handlers and everything they await see the request id.
 */
export function requestContextHooks() {
  const resources = new WeakMap<object, AsyncResource>();
  return {
    onRequest(req: HookRequest, reply: HookReply, done: Done) {
      reply.header('x-request-id', req.id);
      storage.run({ requestId: req.id }, () => {
        const res = new AsyncResource('fangxin-request');
        resources.set(req.raw, res);
        res.runInAsyncScope(done, req.raw);
      });
    },
    preValidation(req: HookRequest, _reply: HookReply, done: Done) {
      const res = resources.get(req.raw);
      if (res) res.runInAsyncScope(done, req.raw);
      else done();
    },
  };
}
