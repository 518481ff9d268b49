import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import fastifyStatic from '@fastify/static';
import fastifyMultipart from '@fastify/multipart';
import helmet from 'helmet';
import { JwtService } from '@nestjs/jwt';
import { AppEnv, Clock, createLogger, PinoNestLogger, pinoLevel, requestContextHooks, requestIdFrom, SystemClock } from '#platform';
import type { DestinationStream, Level } from 'pino';
import { SignIn } from '#org-nest';
import { ApiModule } from './api.module.js';
import { UserStates } from './http/auth/auth.js';
import { docsLogin } from './http/auth/docs-login.js';
import { RedisThrottlerStorage } from './http/auth/login-throttle.js';
import { validationPipe } from './http/validation.js';
import { RawInputPipe, fastifyErrorOptions, unmatchedApiPath } from './http/input.js';
import { documentIdempotencyKey } from './http/idempotency.interceptor.js';
import { ApiMetrics } from './http/ops/metrics.service.js';
import { registerQueueBoard } from './http/ops/queue-board.js';

/** Builds the API (and serves the console's static files when built). Used by main.ts and by e2e tests. */
export async function createApi(
  env: AppEnv, clock: Clock = new SystemClock(), opts: { logger?: boolean | LogLevel[]; logDestination?: DestinationStream } = {},
): Promise<NestFastifyApplication> {
  // pino with redaction for every line (libs/platform/src/logging); `logger` picks the level as Nest's option did.
  const logger = new PinoNestLogger(createLogger(pinoLevel(opts.logger, env.LOG_LEVEL as Level), opts.logDestination));
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(env, clock),
    new FastifyAdapter({
      bodyLimit: 1024 * 1024, trustProxy: trustProxy(env.TRUST_PROXY), ...fastifyErrorOptions,
      // X-Request-Id: a sane incoming one is kept (a proxy's or a client's), else a UUID; echoed on every response.
      requestIdHeader: false, genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => requestIdFrom(req.headers['x-request-id']),
    }),
    { logger, abortOnError: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // The request id is the context of everything the request does: log lines (pino mixin), outbox rows, the jobs they
  // become, the worker's lines for those jobs (docs/operations.md).
  const ctx = requestContextHooks();
  fastify.addHook('onRequest', ctx.onRequest);
  fastify.addHook('preValidation', ctx.preValidation);
  // Latency by route template (unmatched paths share one label), and one JSON access line per request (not for
  // the probes: /health*, /metrics).
  const metrics = app.get(ApiMetrics);
  // The access line's keys are fixed and hold no secret: no key-based redaction (its wildcard paths cost ~26 µs a
  // line, bench/ops/request-hooks.bench.ts); the line is still scrubbed (phones, tokens) like every other.
  const access = logger.pino.child({}, { redact: [] });
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.http.observe({ method: req.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (!route.startsWith('/health') && route !== '/metrics')
      access.info({ requestId: req.id, method: req.method, route, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    done();
  });
  // Fastify takes a body limit per route; a controller asks for one with `@RouteConfig({ bodyLimit })`.
  fastify.addHook('onRoute', (route) => {
    const limit = (route.config as { bodyLimit?: unknown } | undefined)?.bodyLimit;
    if (typeof limit === 'number') route.bodyLimit = limit;
  });
  // Attachments (multipart): one file per request; the per-file size is checked again where the file is read.
  await app.register(fastifyMultipart as never, { limits: { files: 1, fields: 5, fieldSize: 1000, parts: 10, fileSize: 10 * 1024 * 1024 } });
  // NUL, lone surrogates and deep nesting are refused before any DTO conversion (see http/input.ts).
  app.useGlobalPipes(new RawInputPipe(), validationPipe);
  app.enableShutdownHooks();
  // Security headers on every response. The CSP allows what the console (vite bundle, antd's runtime styles, ECharts
  // canvas) and Swagger UI need from this origin, nothing from elsewhere; no upgrade-insecure-requests (plain-HTTP LANs).
  // Built once: the headers are the same on every response (@fastify/helmet built helmet's middleware, parsing the CSP,
  // on every request: ~10–25 µs of CPU each, bench/ops/request-floor.bench.ts).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'], connectSrc: ["'self'"], workerSrc: ["'self'", 'blob:'], objectSrc: ["'none'"],
        frameAncestors: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"], scriptSrcAttr: ["'none'"],
      },
    },
  });
  fastify.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, () => done()));
  if (env.NODE_ENV === 'production')
    app.getHttpAdapter().getInstance().addHook('onRequest', docsLogin(app.get(JwtService), app.get(SignIn), app.get(UserStates), app.get(RedisThrottlerStorage), env));

  const doc = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Fangxin 放心 — 12315 投诉举报处理系统 API')
      .setDescription('登记、派单、签收、受理、调解、办结、回访；期限按国务院放假安排的工作日计算（见 docs/）。错误响应统一为 {code, message, fields?}。')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  documentIdempotencyKey(doc);
  // Bull Board at /admin/queues, admins only (http/ops/queue-board.ts); before the console's static files.
  await registerQueueBoard(fastify, metrics.probe.queues, env, app.get(UserStates), app.get(JwtService));
  SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs/openapi.json' });

  const web = resolve(env.WEB_DIST);
  if (existsSync(resolve(web, 'index.html'))) {
    await fastify.register(fastifyStatic, { root: web, prefix: '/', wildcard: false, decorateReply: true });
    // Client-side routes fall back to the console's index.html; API paths keep their JSON 404s. A catch-all GET
    // route, not setNotFoundHandler: Nest sets the one not-found handler itself in app.init() (fastify allows one).
    // A bundle file that is not there (an open page asking for the build before the last deploy) is a 404, not the
    // page: the browser would refuse HTML as a script, and the console could not tell a missing chunk to reload.
    fastify.get('/*', (req, reply) => {
      if (!req.url.startsWith('/api/') && !req.url.startsWith('/docs') && !req.url.startsWith('/health') && !req.url.startsWith('/metrics') && !req.url.startsWith('/admin/queues') && !req.url.startsWith('/assets/'))
        return reply.type('text/html').sendFile('index.html');
      const [status, body] = unmatchedApiPath(req.url);
      return reply.status(status).send(body);
    });
  }
  return app;
}

/** TRUST_PROXY as Fastify's trustProxy: true/false, or addresses/CIDRs/`loopback`. */
function trustProxy(v: string): boolean | string {
  return v === 'true' || v === 'false' ? v === 'true' : v;
}
